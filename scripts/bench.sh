#!/usr/bin/env bash
# Runs a benchmark from the built jars:
#   bench.sh crypto [--bits N] [--seconds S]
#   bench.sh otp [--connections N] [--duration S] [--warmup S] [--bits N] [--requester-bits N]
# Build first: mvn -B -DskipTests package
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
usage() {
  echo "usage: bench.sh crypto [--bits 2048|3072|4096] [--seconds S]" >&2
  echo "       bench.sh otp [--connections N] [--duration S] [--warmup S] [--bits N] [--requester-bits N]" >&2
  exit 2
}
[ $# -ge 1 ] || usage
what=$1; shift
cd "$root"
case "$what" in
  crypto)
    jar=common-crypto/target/common-crypto.jar
    if [ ! -f "$jar" ]; then
      echo "bench: error: $root/$jar is not built" >&2
      echo "bench: hint: run 'mvn -B -DskipTests package' in $root first" >&2
      exit 5
    fi
    # shellcheck disable=SC2086
    exec java ${JAVA_OPTS:-} -cp "common-crypto/target/common-crypto.jar:common-crypto/target/lib/*" \
      dev.dkg.bench.CryptoBench "$@"
    ;;
  otp)
    exec "$root/scripts/bench-otp.sh" "$@"
    ;;
  -h|--help) usage ;;
  *)
    echo "bench: error: unknown benchmark '$what'" >&2
    echo "bench: hint: one of: crypto, otp" >&2
    exit 2
    ;;
esac
