#!/usr/bin/env bash
# Fuzzes the keygen server, the OTP distributor and the dealer as real processes for longer than the test
# suite does: fuzz.sh [DURATION] [SEED]   (DURATION per server, e.g. 30s, 5m, 1h; default 30s)
# Prints the outcome counts per server and one pass/fail line; exits 0 only on pass.
# Runs ServerFuzzIT through Maven (offline), so the build must work here: mvn -B -o -DskipTests install.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
case "${1:-}" in
  -h|--help)
    echo "usage: fuzz.sh [DURATION] [SEED]"
    echo "  DURATION per server: 30s, 5m, 1h (default 30s); SEED: an integer (default: the clock)"
    echo "  Fuzzes the keygen server, the OTP distributor and the dealer as real processes (ServerFuzzIT),"
    echo "  prints the outcome counts per server and one pass/fail line; exits 0 only on pass."
    exit 0 ;;
esac
duration=${1:-30s}
seed=${2:-$(date +%s%N)}
case "$duration" in
  *h) seconds=$(( ${duration%h} * 3600 )) ;;
  *m) seconds=$(( ${duration%m} * 60 )) ;;
  *s) seconds=${duration%s} ;;
  *) seconds=$duration ;;
esac
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "fuzz: error: duration '$duration' is not a whole number of seconds, minutes (m) or hours (h)" >&2
  echo "fuzz: hint: fuzz.sh 30s, fuzz.sh 10m" >&2
  exit 2
fi
if ! [[ "$seed" =~ ^-?[0-9]+$ ]]; then
  echo "fuzz: error: seed '$seed' is not an integer" >&2
  exit 2
fi
cd "$root"
report=system-tests/target/fuzz-report.txt
rm -f "$report"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "fuzz: $seconds s per server, seed $seed (log: mvn output kept only on failure)"
set +e
mvn -B -o -q -pl system-tests -am verify -Dit.test=ServerFuzzIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfuzz.seconds="$seconds" -Dfuzz.seed="$seed" >"$log" 2>&1
rc=$?
set -e
if [ -f "$report" ]; then
  sed 's/^/fuzz: /' "$report"
fi
servers=$( [ -f "$report" ] && wc -l <"$report" || echo 0)
if [ $rc -eq 0 ] && [ "$servers" -eq 3 ]; then
  echo "fuzz: PASS: 3 servers, $seconds s each, seed $seed"
  exit 0
fi
grep -E "FAIL|AssertionError|wrong answers|no answer|expected" "$log" | head -20 >&2 || true
echo "fuzz: FAIL: see above (seed $seed reproduces the attack sequence)" >&2
exit 1
