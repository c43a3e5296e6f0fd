#!/usr/bin/env bash
# bench.sh otp: one otp-distributor and N concurrent otp-requesters on persistent connections, measured
# against the bound that the distributor's RSA private-key operations set (see docs/performance.md).
#
# Everything lives in a temporary directory: a throw-away CA and identities (scripts/pki.sh), a key store
# holding one key from a real key-generation round (scripts/keygen-server.sh --rounds 1 with one
# scripts/keygen-client.sh), an ACL. On a machine with 2 or more CPUs the distributor is pinned to the first
# half and the requesters to the rest (taskset), so the load generator does not eat the distributor's
# CPU; the RSA rate is measured on the distributor's CPUs, with its key size, in the same run: with the
# crypto provider in use and with `openssl speed`, before and after the exchange window; the bound is the
# fastest of the four figures, so a ratio above 1.00 means the bound was measured wrong and says so.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# --database / --distributors N: the shared-PostgreSQL comparison, a script of its own.
for arg in "$@"; do
  case "$arg" in --database|--distributors) exec "$root/scripts/bench-otp-database.sh" "$@" ;; esac
done
connections=32 duration=10 warmup=8 bits=3072 requester_bits=2048 rsa_warmup=8 rsa_seconds=5
while [ $# -gt 0 ]; do
  case "$1" in
    --connections) connections=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --bits) bits=$2; shift 2 ;;
    --requester-bits) requester_bits=$2; shift 2 ;;
    --rsa-warmup) rsa_warmup=$2; shift 2 ;;
    --rsa-seconds) rsa_seconds=$2; shift 2 ;;
    *) echo "bench: error: unknown option '$1'" >&2; exit 2 ;;
  esac
done
for jar in common-crypto/target/common-crypto.jar otp-distributor/target/otp-distributor.jar \
    otp-requester/target/otp-requester.jar keygen-server/target/keygen-server.jar keygen-client/target/keygen-client.jar; do
  if [ ! -f "$root/$jar" ]; then
    echo "bench: error: $root/$jar is not built" >&2
    echo "bench: hint: run 'mvn -B -DskipTests package' in $root first" >&2
    exit 5
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/otp-bench.XXXXXX")
distributor_pid= keygen_pid=
cleanup() {
  for pid in "$distributor_pid" "$keygen_pid"; do
    if [ -n "$pid" ]; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$tmp"
}
trap cleanup EXIT

cpus=$(nproc 2>/dev/null || echo 1)
if [ "$cpus" -ge 2 ] && command -v taskset >/dev/null; then
  half=$((cpus / 2))
  distributor_cpus="0-$((half - 1))"
  requester_cpus="$half-$((cpus - 1))"
  pin_distributor=(taskset -c "$distributor_cpus")
  pin_requesters=(taskset -c "$requester_cpus")
  placement="distributor on CPUs $distributor_cpus, requesters on CPUs $requester_cpus"
else
  pin_distributor=() pin_requesters=()
  placement="no pinning ($cpus CPU(s) or no taskset): requesters share the distributor's CPUs, so the ratio is understated"
fi

load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown; }
echo "otp-bench: setting up in $tmp ($placement; load average $(load))" >&2
printf 'bench password\n' > "$tmp/pw"
quiet() { "$@" > "$tmp/setup.log" 2>&1 || { cat "$tmp/setup.log" >&2; exit 1; }; }
quiet "$root/scripts/pki.sh" init-ca --dir "$tmp/pki" --password-file "$tmp/pw" --rsa-bits 2048
quiet "$root/scripts/pki.sh" issue --dir "$tmp/pki" --name bench-distributor --role otp-distributor \
  --password-file "$tmp/pw" --rsa-bits "$bits"
quiet "$root/scripts/pki.sh" issue --dir "$tmp/pki" --name bench-requester --role otp-requester \
  --password-file "$tmp/pw" --rsa-bits "$requester_bits"
quiet "$root/scripts/pki.sh" issue --dir "$tmp/pki" --name bench-keygen --role keygen-server \
  --password-file "$tmp/pw" --rsa-bits 2048
quiet "$root/scripts/pki.sh" issue --dir "$tmp/pki" --name bench-contributor --role keygen-client \
  --password-file "$tmp/pw" --rsa-bits 2048
distributor_identity=(--identity "$tmp/pki/bench-distributor.p12" --password-file "$tmp/pw" --trust "$tmp/pki/ca.pem")
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo "$1"
}
# Wait up to 30 s for a line matching $2 in file $1 while process $3 lives.
await_line() {
  for _ in $(seq 1 300); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# The key: one real round, sealed to the distributor's certificate, the server stopping after it.
keygen_port=$(free_port 17101)
"$root/scripts/keygen-server.sh" --identity "$tmp/pki/bench-keygen.p12" --password-file "$tmp/pw" --trust "$tmp/pki/ca.pem" \
  --data-dir "$tmp/keygen" --participants 1 --rounds 1 --listen "127.0.0.1:$keygen_port" \
  --recipient "$tmp/pki/bench-distributor.pem" > "$tmp/keygen.out" 2> "$tmp/keygen.err" &
keygen_pid=$!
await_line "$tmp/keygen.out" '^ready:' "$keygen_pid" \
  || { echo "bench: error: the keygen server did not start" >&2; cat "$tmp/keygen.err" >&2; exit 1; }
quiet "$root/scripts/keygen-client.sh" --identity "$tmp/pki/bench-contributor.p12" --password-file "$tmp/pw" \
  --trust "$tmp/pki/ca.pem" --server "127.0.0.1:$keygen_port" --data-dir "$tmp/contributor"
wait "$keygen_pid" || { echo "bench: error: the keygen server failed" >&2; cat "$tmp/keygen.err" >&2; exit 1; }
keygen_pid=
key_id=$(sed -n 's/^key-id: \([0-9a-f]*\)$/\1/p' "$tmp/setup.log")
[ -n "$key_id" ] || { echo "bench: error: the key-generation round printed no key id" >&2; cat "$tmp/setup.log" >&2; exit 1; }
echo "bench-requester $key_id get,verify" > "$tmp/acl.conf"
echo "otp-bench: key $key_id from a key-generation round, sealed to the distributor" >&2

# RSA private operations with the distributor's key on its CPUs: provider and openssl, one line of fields.
measure_rsa() {
  # shellcheck disable=SC2086
  "${pin_distributor[@]}" java ${JAVA_OPTS:-} -cp "$root/otp-distributor/target/otp-distributor.jar:$root/otp-distributor/target/lib/*" \
    dev.dkg.otp.distributor.PrivateOperationRate "${distributor_identity[@]}" --warmup "$rsa_warmup" --seconds "$rsa_seconds" \
    > "$tmp/rsa-$1.out"
  grep '^rsa-private:' "$tmp/rsa-$1.out" \
    || { echo "bench: error: no RSA figure from PrivateOperationRate" >&2; cat "$tmp/rsa-$1.out" >&2; exit 1; }
}
echo "otp-bench: measuring RSA-$bits private operations with the distributor's key on its CPUs (before)" >&2
rsa_before=$(measure_rsa before)

port=$(free_port 17102)
"${pin_distributor[@]}" "$root/scripts/otp-distributor.sh" "${distributor_identity[@]}" --key-store "$tmp/keygen/key_store" \
  --acl "$tmp/acl.conf" --listen "127.0.0.1:$port" --data-dir "$tmp/data" --max-connections $((connections + 8)) \
  --max-sessions-per-requester "$connections" \
  > "$tmp/distributor.out" 2> "$tmp/distributor.err" &
distributor_pid=$!
await_line "$tmp/distributor.out" '^ready:' "$distributor_pid" \
  || { echo "bench: error: the distributor did not start within 30 s" >&2; cat "$tmp/distributor.err" >&2; exit 1; }
echo "otp-bench: $(head -1 "$tmp/distributor.out")" >&2

status=0
"${pin_requesters[@]}" "$root/scripts/otp-requester.sh" --identity "$tmp/pki/bench-requester.p12" --password-file "$tmp/pw" \
  --trust "$tmp/pki/ca.pem" --server "127.0.0.1:$port" bench --connections "$connections" --duration "$duration" \
  --warmup "$warmup" --key "$key_id" > "$tmp/bench.out" 2> "$tmp/bench.err" || status=$?
cat "$tmp/bench.out"
kill "$distributor_pid" 2>/dev/null || true
wait "$distributor_pid" 2>/dev/null || true
distributor_pid=
echo "otp-bench: measuring RSA-$bits private operations with the distributor's key on its CPUs (after)" >&2
rsa_after=$(measure_rsa after)
echo "load average after the run: $(load) (other work on this machine lowers both figures unevenly)"
line=$(grep '^bench:' "$tmp/bench.out" || true)
if [ -z "$line" ]; then
  echo "bench: error: the requester bench printed no result (exit $status)" >&2
  cat "$tmp/bench.err" >&2
  exit 1
fi
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<< "$line"; }
rate=$(field exchanges_per_s) p50=$(field p50_ms) p99=$(field p99_ms) errors=$(field errors)

rsa_field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<< "$2"; }
awk -v bits="$bits" -v rate="$rate" -v p50="$p50" -v p99="$p99" -v errors="$errors" -v n="$connections" \
    -v placement="$placement" -v provider="$(rsa_field provider "$rsa_before")" \
    -v pb="$(rsa_field provider_per_s "$rsa_before")" -v pa="$(rsa_field provider_per_s "$rsa_after")" \
    -v ob="$(rsa_field openssl_per_s "$rsa_before")" -v oa="$(rsa_field openssl_per_s "$rsa_after")" 'BEGIN {
  prov = pb > pa ? pb : pa
  have_ssl = ob != "unavailable" && oa != "unavailable"
  ssl = have_ssl ? (ob + 0 > oa + 0 ? ob : oa) : 0
  priv = ssl > prov ? ssl : prov
  bound = priv / 2
  printf "RSA-%d private operations/s with the distributor'"'"'s key on its CPUs, one thread per CPU, before / after the exchanges:\n", bits
  printf "  %s (in use, OAEP unwrap and PSS sign alternately): %.1f / %.1f\n", provider, pb, pa
  if (have_ssl) printf "  OpenSSL (openssl speed rsa%d, sign): %.1f / %.1f; provider/OpenSSL %.2f\n", bits, ob, oa, prov / ssl
  else printf "  OpenSSL: unavailable (no openssl on PATH); the bound uses the provider alone\n"
  printf "each exchange costs the distributor 2 private operations: unwrapping the request'"'"'s content key (RSA-OAEP)\n"
  printf "and signing the response (RSA-PSS); verifying and wrapping are public operations, the handshake is not timed\n"
  printf "bound = fastest %.1f / 2 = %.1f exchanges/s; %s\n", priv, bound, placement
  if (rate / bound > 1.0)
    printf "otp-bench: warning: ratio %.2f is above 1.00: the bound is wrong (the RSA rate was measured slower than the exchanges ran; rerun on an idle machine)\n", rate / bound
  printf "otp-bench: connections=%d exchanges_per_s=%.1f bound_per_s=%.1f ratio=%.2f p50_ms=%s p99_ms=%s errors=%s provider=%s provider_per_s=%.1f openssl_per_s=%s provider_openssl_ratio=%s bound_ok=%s\n",
    n, rate, bound, rate / bound, p50, p99, errors, provider, prov, have_ssl ? sprintf("%.1f", ssl) : "unavailable",
    have_ssl ? sprintf("%.2f", prov / ssl) : "unavailable", (rate / bound > 1.0) ? "no" : "yes"
}'
exit "$status"
