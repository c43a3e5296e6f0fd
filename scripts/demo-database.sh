#!/usr/bin/env bash
# demo-database.sh [--dir DIR]: two OTP distributors sharing one PostgreSQL, as real processes: a code
# accepted at one is refused at the other. Starts its own throw-away PostgreSQL server (initdb/pg_ctl from
# /usr/lib/postgresql/*/bin, as the postgres user when run as root) in the demo directory, on a free loopback
# port, and stops everything it started when it ends. Build first: mvn -B -DskipTests package.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir=$2; shift 2 ;;
    *) echo "demo-database: error: unknown option '$1'" >&2; exit 2 ;;
  esac
done
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
  echo "demo-database: error: PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin" >&2
  echo "demo-database: hint: apt-get install -y postgresql" >&2
  exit 5
fi
for m in otp-distributor otp-requester keygen-server keygen-client common-crypto; do
  [ -f "$root/$m/target/$m.jar" ] || (cd "$root" && mvn -B -q -DskipTests package)
done
[ -n "$dir" ] || dir=$(mktemp -d "${TMPDIR:-/tmp}/dkg-demo-database.XXXXXX")
mkdir -p "$dir"/logs
chmod 755 "$dir"
cd "$dir"
pids=()
as_pg=()
[ "$(id -u)" -eq 0 ] && as_pg=(runuser -u postgres --)
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  [ -d "$dir/pg" ] && "${as_pg[@]}" "$pgbin/pg_ctl" -D "$dir/pg" -m fast stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
step() { echo "== $*"; }
fail() { echo "demo-database: FAILED: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
await_line() {
  for _ in $(seq 1 900); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
log() { "$@" >> logs/setup.log 2>&1 || { cat logs/setup.log >&2; fail "$1"; }; }
echo "demo-database: everything is in $dir"

step "a throw-away PostgreSQL"
pgport=$(free_port)
printf 'demo database password\n' > db-password
chmod 600 db-password
mkdir -p pg pg-socket
chmod 700 pg
[ "${#as_pg[@]}" -gt 0 ] && chown postgres db-password pg pg-socket logs
log "${as_pg[@]}" "$pgbin/initdb" -D "$dir/pg" -U dkg --pwfile="$dir/db-password" --auth=scram-sha-256 -E UTF8 --locale=C
log "${as_pg[@]}" "$pgbin/pg_ctl" -D "$dir/pg" -l "$dir/logs/postgresql.log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$pgport -c unix_socket_directories=$dir/pg-socket" start
db=(--database "jdbc:postgresql://127.0.0.1:$pgport/postgres?user=dkg" --database-password-file db-password)
echo "   PostgreSQL on 127.0.0.1:$pgport (password in db-password, never on a command line)"

step "a CA and identities: keygen server, two keygen clients, distributors dist-a and dist-b, requester dora"
printf 'demo password\n' > pw
log "$root/scripts/pki.sh" init-ca --dir pki --password-file pw --rsa-bits 2048
for spec in keygen:keygen-server alice:keygen-client bob:keygen-client dist-a:otp-distributor \
    dist-b:otp-distributor dora:otp-requester; do
  log "$root/scripts/pki.sh" issue --dir pki --name "${spec%%:*}" --role "${spec#*:}" --password-file pw --rsa-bits 2048
done
ids() { echo --identity "pki/$1.p12" --password-file pw --trust pki/ca.pem; }

step "a key-generation round with --database, sealed to both distributors"
kport=$(free_port)
# shellcheck disable=SC2046
"$root/scripts/keygen-server.sh" $(ids keygen) --clients alice,bob --rounds 1 --listen "127.0.0.1:$kport" \
  --recipient pki/dist-a.pem --recipient pki/dist-b.pem "${db[@]}" > logs/keygen-server.out 2> logs/keygen-server.err &
pids+=($!)
await_line logs/keygen-server.out '^ready:' "$!" || fail "the keygen server did not start (logs/keygen-server.err)"
for c in alice bob; do
  # shellcheck disable=SC2046
  "$root/scripts/keygen-client.sh" $(ids "$c") --server "127.0.0.1:$kport" --server-name keygen --data-dir "clients/$c" \
    > "logs/keygen-client-$c.out" 2> "logs/keygen-client-$c.err" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || fail "the round failed (logs/keygen-*.err)"; done
pids=()
key=$(sed -n 's/^key-id: \([0-9a-f]*\)$/\1/p' logs/keygen-client-alice.out)
[ -n "$key" ] || fail "no key id"
echo "   key $key is in data/keygen-server/key_store and in the database"

step "two distributors on the database, no key store"
echo "dora * get,verify" > acl.conf
declare -A port pid
for d in dist-a dist-b; do
  port[$d]=$(free_port)
  # shellcheck disable=SC2046
  "$root/scripts/otp-distributor.sh" $(ids "$d") --acl acl.conf --listen "127.0.0.1:${port[$d]}" "${db[@]}" \
    > "logs/$d.out" 2> "logs/$d.err" &
  pids+=($!)
  pid[$d]=$!
done
for d in dist-a dist-b; do
  await_line "logs/$d.out" '^ready:' "${pid[$d]}" || fail "$d did not start (logs/$d.err)"
  echo "   $(head -1 "logs/$d.out")"
done
req() { local d=$1; shift; # shellcheck disable=SC2046
  "$root/scripts/otp-requester.sh" $(ids dora) --server "127.0.0.1:${port[$d]}" --server-name "$d" "$@"; }

step "dora gets a code from dist-a and verifies it at dist-a, then at dist-b"
code=$(req dist-a get "$key" | cut -d' ' -f1)
a=$(req dist-a verify "$key" "$code") || fail "dist-a did not accept the code"
echo "   dist-a: $a"
status=0
b=$(req dist-b verify "$key" "$code") || status=$?
echo "   dist-b: $b (exit $status)"
[ "$a" = accepted ] && [ "$b" = rejected ] && [ "$status" -eq 3 ] || fail "expected accepted at dist-a, rejected at dist-b"
grep -q "verify rejected requester=dora key=$key mode=totp reason=code already used" logs/dist-b.err \
  || fail "dist-b's audit line does not say the code was already used"
echo "   dist-b's audit log: code already used"
echo "demo-database: OK: a code accepted at one distributor was refused at the other"
