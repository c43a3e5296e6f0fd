#!/usr/bin/env bash
# bench.sh otp --database [--distributors N]: the cost of the shared PostgreSQL state, in one run.
#
# Three set-ups on the same CPUs, each measured for GET (TOTP, no state change) and VERIFY (HOTP, one state
# change each): one distributor on its own state log (the file store), one distributor on PostgreSQL, and N
# distributors sharing that PostgreSQL (their requesters run at the same time; figures are summed). The RSA
# bound is measured with the distributors' key on the CPUs the distributors run on (they share that set, so
# the sum of their bounds is that set's bound). The key figure: VERIFY/s on PostgreSQL / VERIFY/s on the file
# store, one distributor each, which should be at least 0.8.
#
# The PostgreSQL server is a throw-away one, like the tests': initdb and pg_ctl from /usr/lib/postgresql/*/bin
# (run as the postgres user when this runs as root), on a free loopback port in the temporary directory, with
# its durability settings left at their defaults (fsync and synchronous_commit on).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
distributors=2 connections=4 duration=8 warmup=4 bits=3072 requester_bits=2048
while [ $# -gt 0 ]; do
  case "$1" in
    --database) shift ;;
    --distributors) distributors=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --bits) bits=$2; shift 2 ;;
    --requester-bits) requester_bits=$2; shift 2 ;;
    *) echo "bench: error: unknown option '$1'" >&2; exit 2 ;;
  esac
done
[ "$distributors" -ge 1 ] && [ "$distributors" -le 8 ] || { echo "bench: error: --distributors must be 1 to 8" >&2; exit 2; }
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
  echo "bench: error: PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin" >&2
  echo "bench: hint: apt-get install -y postgresql" >&2
  exit 5
fi
for jar in otp-distributor otp-requester keygen-server keygen-client common-crypto; do
  if [ ! -f "$root/$jar/target/$jar.jar" ]; then
    echo "bench: error: $root/$jar/target/$jar.jar is not built" >&2
    echo "bench: hint: run 'mvn -B -DskipTests package' in $root first" >&2
    exit 5
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/otp-db-bench.XXXXXX")
chmod 755 "$tmp"
pids=()
as_pg=()
[ "$(id -u)" -eq 0 ] && as_pg=(runuser -u postgres --)
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  [ -d "$tmp/pg" ] && "${as_pg[@]}" "$pgbin/pg_ctl" -D "$tmp/pg" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

cpus=$(nproc 2>/dev/null || echo 1)
if [ "$cpus" -ge 2 ] && command -v taskset >/dev/null; then
  half=$((cpus / 2))
  server_cpus="0-$((half - 1))" requester_cpus="$half-$((cpus - 1))"
  pin_server=(taskset -c "$server_cpus") pin_requesters=(taskset -c "$requester_cpus")
  placement="distributors and PostgreSQL on CPUs $server_cpus, requesters on CPUs $requester_cpus"
else
  pin_server=() pin_requesters=()
  placement="no pinning ($cpus CPU(s) or no taskset)"
fi
load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
quiet() { "$@" > "$tmp/setup.log" 2>&1 || { cat "$tmp/setup.log" >&2; exit 1; }; }
await_line() {
  for _ in $(seq 1 600); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
echo "otp-db-bench: setting up in $tmp ($placement; load average $(load))" >&2

# PostgreSQL, owned by the postgres user when we are root.
pgport=$(free_port)
printf 'bench database password\n' > "$tmp/dbpw"
[ "${#as_pg[@]}" -gt 0 ] && chown postgres "$tmp" "$tmp/dbpw"
quiet "${as_pg[@]}" "$pgbin/initdb" -D "$tmp/pg" -U dkg_bench --pwfile="$tmp/dbpw" --auth=scram-sha-256 -E UTF8 --locale=C
quiet "${pin_server[@]}" "${as_pg[@]}" "$pgbin/pg_ctl" -D "$tmp/pg" -l "$tmp/pg.log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$pgport -c unix_socket_directories=$tmp" start
db_url="jdbc:postgresql://127.0.0.1:$pgport/postgres?user=dkg_bench"
echo "otp-db-bench: PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pgport (fsync and synchronous_commit on)" >&2

printf 'bench password\n' > "$tmp/pw"
quiet "$root/scripts/pki.sh" init-ca --dir "$tmp/pki" --password-file "$tmp/pw" --rsa-bits 2048
for i in $(seq 1 "$distributors"); do
  quiet "$root/scripts/pki.sh" issue --dir "$tmp/pki" --name "dist-$i" --role otp-distributor \
    --password-file "$tmp/pw" --rsa-bits "$bits"
done
quiet "$root/scripts/pki.sh" issue --dir "$tmp/pki" --name bench-requester --role otp-requester \
  --password-file "$tmp/pw" --rsa-bits "$requester_bits"
quiet "$root/scripts/pki.sh" issue --dir "$tmp/pki" --name bench-keygen --role keygen-server --password-file "$tmp/pw" --rsa-bits 2048
quiet "$root/scripts/pki.sh" issue --dir "$tmp/pki" --name bench-contributor --role keygen-client --password-file "$tmp/pw" --rsa-bits 2048
id_args() { echo --identity "$tmp/pki/$1.p12" --password-file "$tmp/pw" --trust "$tmp/pki/ca.pem"; }

# make_keys NAME ROUNDS ARGS...: a keygen server for ROUNDS one-contributor rounds; prints the key ids.
make_keys() {
  local name=$1 rounds=$2; shift 2
  local port; port=$(free_port)
  # shellcheck disable=SC2046
  "$root/scripts/keygen-server.sh" $(id_args bench-keygen) --data-dir "$tmp/$name" --participants 1 --rounds "$rounds" \
    --listen "127.0.0.1:$port" "$@" > "$tmp/$name.out" 2> "$tmp/$name.err" &
  local pid=$!
  await_line "$tmp/$name.out" '^ready:' "$pid" || { echo "bench: error: keygen server $name did not start" >&2; cat "$tmp/$name.err" >&2; exit 1; }
  for _ in $(seq 1 "$rounds"); do
    # shellcheck disable=SC2046
    "$root/scripts/keygen-client.sh" $(id_args bench-contributor) --server "127.0.0.1:$port" --data-dir "$tmp/contrib-$name" \
      >> "$tmp/$name.keys" 2>> "$tmp/$name.err" || { echo "bench: error: a keygen round failed" >&2; cat "$tmp/$name.err" >&2; exit 1; }
  done
  wait "$pid"
  sed -n 's/^key-id: \([0-9a-f]*\)$/\1/p' "$tmp/$name.keys"
}
recipients=()
for i in $(seq 1 "$distributors"); do recipients+=(--recipient "$tmp/pki/dist-$i.pem"); done
mapfile -t db_keys < <(make_keys keygen-db $((connections * distributors)) "${recipients[@]}" \
  --database "$db_url" --database-password-file "$tmp/dbpw")
mapfile -t file_keys < <(make_keys keygen-file "$connections" --recipient "$tmp/pki/dist-1.pem")
if [ "${#db_keys[@]}" -ne $((connections * distributors)) ] || [ "${#file_keys[@]}" -ne "$connections" ]; then
  echo "bench: error: the key-generation rounds did not make every key" >&2
  cat "$tmp"/keygen-*.err >&2 2>/dev/null || true
  exit 1
fi
echo "bench-requester * get,verify" > "$tmp/acl.conf"
echo "otp-db-bench: ${#db_keys[@]} keys in PostgreSQL (sealed to $distributors distributors), ${#file_keys[@]} in a key_store file" >&2

# shellcheck disable=SC2046
"${pin_server[@]}" java ${JAVA_OPTS:-} -cp "$root/otp-distributor/target/otp-distributor.jar:$root/otp-distributor/target/lib/*" \
  dev.dkg.otp.distributor.PrivateOperationRate $(id_args dist-1) > "$tmp/rsa.out"
private_per_s=$(sed -n 's/.* private_per_s=\([0-9.]*\).*/\1/p' "$tmp/rsa.out")

# start_distributor N ARGS...: starts dist-N on a free port and sets $port (not in a subshell: $pids must grow).
start_distributor() {
  local n=$1; shift
  port=$(free_port)
  # shellcheck disable=SC2046
  "${pin_server[@]}" "$root/scripts/otp-distributor.sh" $(id_args "dist-$n") --acl "$tmp/acl.conf" \
    --listen "127.0.0.1:$port" --max-connections $((connections + 8)) --max-sessions-per-requester $((connections + 4)) "$@" \
    > "$tmp/dist-$n.$port.out" 2> "$tmp/dist-$n.$port.err" &
  pids+=($!)
  await_line "$tmp/dist-$n.$port.out" '^ready:' "$!" || { echo "bench: error: dist-$n did not start" >&2; cat "$tmp/dist-$n.$port.err" >&2; exit 1; }
}
stop_distributors() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  pids=()
}
# bench_one PORT OPERATION KEYS...: one requester bench; prints its bench: line.
bench_one() {
  local port=$1 op=$2; shift 2
  local keys=(); for k in "$@"; do keys+=(--key "$k"); done
  # shellcheck disable=SC2046
  "${pin_requesters[@]}" "$root/scripts/otp-requester.sh" $(id_args bench-requester) --server "127.0.0.1:$port" \
    bench --operation "$op" --connections "$connections" --duration "$duration" --warmup "$warmup" "${keys[@]}" \
    2>> "$tmp/requester.err" | grep '^bench:' || echo "bench: connections=$connections exchanges_per_s=0 p50_ms=0 p99_ms=0 errors=failed"
}
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<< "$2"; }
report() { # STORE DISTRIBUTORS OP LINES...
  local store=$1 n=$2 op=$3; shift 3
  local rate=0 p50=0 p99=0 errors=0 line
  for line in "$@"; do
    rate=$(awk -v a="$rate" -v b="$(field exchanges_per_s "$line")" 'BEGIN{printf "%.1f", a+b}')
    p50=$(awk -v a="$p50" -v b="$(field p50_ms "$line")" 'BEGIN{print (b>a)?b:a}')
    p99=$(awk -v a="$p99" -v b="$(field p99_ms "$line")" 'BEGIN{print (b>a)?b:a}')
    errors=$(awk -v a="$errors" -v b="$(field errors "$line")" 'BEGIN{print (b ~ /^[0-9]+$/) ? a+b : "failed"}')
  done
  echo "otp-db-bench: store=$store distributors=$n operation=$op exchanges_per_s=$rate p50_ms=$p50 p99_ms=$p99 errors=$errors"
}

results=()
# 1. One distributor on its own state log.
start_distributor 1 --key-store "$tmp/keygen-file/key_store" --data-dir "$tmp/state-file"
results+=("$(report file 1 get "$(bench_one "$port" get "${file_keys[0]}")")")
results+=("$(report file 1 verify "$(bench_one "$port" verify "${file_keys[@]}")")")
stop_distributors
# 2. One distributor on PostgreSQL.
start_distributor 1 --database "$db_url" --database-password-file "$tmp/dbpw"
results+=("$(report postgresql 1 get "$(bench_one "$port" get "${db_keys[0]}")")")
results+=("$(report postgresql 1 verify "$(bench_one "$port" verify "${db_keys[@]:0:$connections}")")")
stop_distributors
# 3. N distributors on PostgreSQL, their requesters at the same time, each on its own keys.
if [ "$distributors" -gt 1 ]; then
  ports=()
  for i in $(seq 1 "$distributors"); do
    start_distributor "$i" --database "$db_url" --database-password-file "$tmp/dbpw"
    ports+=("$port")
  done
  for op in get verify; do
    benches=()
    for i in $(seq 0 $((distributors - 1))); do
      bench_one "${ports[$i]}" "$op" "${db_keys[@]:$((i * connections)):$connections}" > "$tmp/agg.$op.$i" &
      benches+=($!)
    done
    for b in "${benches[@]}"; do wait "$b" || true; done
    lines=(); for i in $(seq 0 $((distributors - 1))); do lines+=("$(cat "$tmp/agg.$op.$i")"); done
    results+=("$(report postgresql "$distributors" "$op" "${lines[@]}")")
  done
  stop_distributors
fi

printf '%s\n' "${results[@]}"
echo "load average after the run: $(load) (other work on this machine lowers the figures unevenly)"
file_verify=$(field exchanges_per_s "${results[1]}")
pg_verify=$(field exchanges_per_s "${results[3]}")
awk -v priv="$private_per_s" -v bits="$bits" -v fv="$file_verify" -v pv="$pg_verify" -v placement="$placement" \
    -v n="$distributors" -v c="$connections" 'BEGIN {
  bound = priv / 2
  printf "RSA-%d private operations on the distributors'"'"' CPUs: %.1f/s; each exchange costs 2, so the bound is %.1f exchanges/s\n", bits, priv, bound
  printf "for one distributor and for all %d together (%s: they share those CPUs, so the sum of their bounds is one bound)\n", n, placement
  printf "a VERIFY figure counts verify exchanges only; each is preceded by a get --hotp, so the distributor does two exchanges per verification (bound %.1f/s)\n", bound / 2
  ratio = fv > 0 ? pv / fv : 0
  printf "otp-db-bench: connections=%d verify_file_per_s=%.1f verify_postgresql_per_s=%.1f ratio=%.2f bound_per_s=%.1f %s\n", c, fv, pv, ratio, bound,
    ratio >= 0.8 ? "(>= 0.8: the database costs less than 20%)" : "(below 0.8)"
}'
