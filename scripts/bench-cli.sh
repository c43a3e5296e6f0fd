#!/usr/bin/env bash
# bench.sh cli [--runs N]: what a user waits for at each command, every CLI call being a new JVM.
#   help:  each executable's --help (the worst executable's p50 is reported)
#   get:   otp-requester get, end to end (JVM start, PKCS#12 unlock, handshake, one exchange) against a running
#          otp-distributor, RSA-3072 identities
#   ready: each long-running role's JVM from launch to its ready line (the worst role's p50 is reported)
#   bare:  a JVM that only prints a line, measured in the same run: the floor under all of the above
# Every figure is printed next to its target (issue 11); the launchers used are the ones users run (scripts/),
# so the class-data-sharing archive made at package time is included when present.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
runs=7 bits=3072
usage() {
  echo "usage: bench.sh cli [--runs N] [--bits 2048|3072|4096]"
  echo "  prints cli-bench: help_p50_s=… get_p50_s=… ready_p50_s=… bare_jvm_s=… with each target"
}
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --bits) bits=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench: error: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "bench: error: --runs needs a positive whole number, not '$runs'" >&2; exit 2; }
for module in common-crypto keygen-server keygen-client otp-distributor otp-requester dealer share-holder; do
  if [ ! -f "$root/$module/target/$module.jar" ]; then
    echo "bench: error: $module is not built" >&2
    echo "bench: hint: run 'mvn -B -DskipTests package' in $root first" >&2
    exit 5
  fi
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cli-bench.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown; }
now() { date +%s%N; }
seconds() { awk -v ns="$1" 'BEGIN { printf "%.3f", ns / 1e9 }'; }
# The median of the numbers on standard input.
p50() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# Time one command $runs times (stdout and stderr discarded); prints the p50 in seconds.
time_runs() {
  for _ in $(seq 1 "$runs"); do
    local start; start=$(now)
    "$@" > /dev/null 2>&1 || { echo "bench: error: '$*' failed" >&2; "$@" >&2 || true; exit 1; }
    seconds $(( $(now) - start ))
    echo
  done | p50
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# Starts "$@" in the background with stdout in $tmp/$1.out; waits for a line matching $pattern; appends the
# seconds from launch to that line to the array times; leaves the process running (its pid in $last_pid).
pattern= last_pid= times=()
time_to_line() {
  local name=$1; shift
  : > "$tmp/$name.out"
  local start; start=$(now)
  "$@" > "$tmp/$name.out" 2> "$tmp/$name.err" &
  last_pid=$!
  pids+=("$last_pid")
  local alive=1
  for _ in $(seq 1 6000); do
    if grep -q "$pattern" "$tmp/$name.out"; then
      times+=("$(seconds $(( $(now) - start )))")
      return 0
    fi
    [ "$alive" -eq 1 ] || break
    kill -0 "$last_pid" 2>/dev/null || alive=0
    sleep 0.005
  done
  echo "bench: error: $name printed no ready line" >&2
  cat "$tmp/$name.err" >&2
  exit 1
}
stop() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

echo "cli-bench: setting up in $tmp (RSA-$bits identities, $runs runs each, load average $(load))" >&2
printf 'bench password\n' > "$tmp/pw"
quiet() { "$@" > "$tmp/setup.log" 2>&1 || { cat "$tmp/setup.log" >&2; exit 1; }; }
pki=("$root/scripts/pki.sh")
quiet "${pki[@]}" init-ca --dir "$tmp/pki" --password-file "$tmp/pw" --rsa-bits 2048
for spec in distributor:otp-distributor requester:otp-requester keygen:keygen-server contributor:keygen-client \
    dealer:dealer holder:share-holder; do
  quiet "${pki[@]}" issue --dir "$tmp/pki" --name "${spec%%:*}" --role "${spec#*:}" --password-file "$tmp/pw" \
    --rsa-bits "$bits"
done
id() { echo --identity "$tmp/pki/$1.p12" --password-file "$tmp/pw" --trust "$tmp/pki/ca.pem"; }

# bare JVM
mkdir -p "$tmp/bare"
printf 'public class Bare { public static void main(String[] a) { System.out.println("ready"); } }\n' > "$tmp/bare/Bare.java"
javac -d "$tmp/bare" "$tmp/bare/Bare.java"
# shellcheck disable=SC2086
bare=$(time_runs java ${JAVA_OPTS:-} -cp "$tmp/bare" Bare)
echo "cli-bench: bare JVM p50 ${bare} s" >&2

# --help of every executable
help_worst=0 help_worst_role=
for role in pki keygen-server keygen-client otp-distributor otp-requester dealer share-holder; do
  t=$(time_runs "$root/scripts/$role.sh" --help)
  echo "cli-bench: $role --help p50 ${t} s" >&2
  if awk -v a="$t" -v b="$help_worst" 'BEGIN { exit !(a > b) }'; then help_worst=$t help_worst_role=$role; fi
done

# ready lines (a key-generation round on the way gives the distributor a key to serve)
ready_worst=0 ready_worst_role=
note_ready() {
  echo "cli-bench: $1 ready p50 ${2} s" >&2
  if awk -v a="$2" -v b="$ready_worst" 'BEGIN { exit !(a > b) }'; then ready_worst=$2 ready_worst_role=$1; fi
}
times=()
for i in $(seq 1 "$runs"); do
  port=$(free_port)
  pattern='^ready:'
  # shellcheck disable=SC2046
  time_to_line keygen "$root/scripts/keygen-server.sh" $(id keygen) --data-dir "$tmp/keygen" \
    --participants 1 --rounds 1 --listen "127.0.0.1:$port" --recipient "$tmp/pki/distributor.pem"
  if [ "$i" -eq 1 ]; then
    # shellcheck disable=SC2046
    quiet "$root/scripts/keygen-client.sh" $(id contributor) --server "127.0.0.1:$port" --data-dir "$tmp/contributor"
    key_id=$(sed -n 's/^key-id: \([0-9a-f]*\)$/\1/p' "$tmp/setup.log")
    wait "$last_pid" || true
  fi
  stop "$last_pid"
done
note_ready keygen-server "$(printf '%s\n' "${times[@]}" | p50)"
[ -n "${key_id:-}" ] || { echo "bench: error: the key-generation round printed no key id" >&2; exit 1; }
echo "requester $key_id get,verify" > "$tmp/acl.conf"

times=()
for i in $(seq 1 "$runs"); do
  port=$(free_port)
  pattern='^ready:'
  # shellcheck disable=SC2046
  time_to_line distributor "$root/scripts/otp-distributor.sh" $(id distributor) \
    --key-store "$tmp/keygen/key_store" --acl "$tmp/acl.conf" --listen "127.0.0.1:$port" --data-dir "$tmp/otp"
  [ "$i" -eq "$runs" ] || stop "$last_pid"
done
distributor_pid=$last_pid distributor_port=$port
note_ready otp-distributor "$(printf '%s\n' "${times[@]}" | p50)"

times=()
for _ in $(seq 1 "$runs"); do
  port=$(free_port)
  pattern='listening on'
  # shellcheck disable=SC2046
  time_to_line dealer "$root/scripts/dealer.sh" $(id dealer) --listen "127.0.0.1:$port" \
    --data-dir "$tmp/dealer" status --wait 60s
  stop "$last_pid"
done
note_ready dealer "$(printf '%s\n' "${times[@]}" | p50)"

times=()
for _ in $(seq 1 "$runs"); do
  pattern='keeping shares'
  # shellcheck disable=SC2046
  time_to_line holder "$root/scripts/share-holder.sh" $(id holder) --dealer "127.0.0.1:9" \
    --dir "$tmp/holder"
  stop "$last_pid"
done
note_ready share-holder "$(printf '%s\n' "${times[@]}" | p50)"

# otp-requester get, end to end
# shellcheck disable=SC2046
get=$(time_runs "$root/scripts/otp-requester.sh" $(id requester) --server "127.0.0.1:$distributor_port" get "$key_id")
echo "cli-bench: otp-requester get p50 ${get} s" >&2
stop "$distributor_pid"

echo "load average after the run: $(load) (other work on this machine raises every figure, the bare JVM's too)"
printf '%-34s %10s %10s\n' measure p50_s target_s
printf '%-34s %10s %10s\n' "--help (worst: $help_worst_role)" "$help_worst" 0.2
printf '%-34s %10s %10s\n' "otp-requester get, end to end" "$get" 0.5
printf '%-34s %10s %10s\n' "ready line (worst: $ready_worst_role)" "$ready_worst" 0.5
printf '%-34s %10s %10s\n' "bare JVM printing a line" "$bare" -
echo "cli-bench: help_p50_s=$help_worst help_target_s=0.2 get_p50_s=$get get_target_s=0.5" \
  "ready_p50_s=$ready_worst ready_target_s=0.5 bare_jvm_s=$bare runs=$runs bits=$bits"
