#!/usr/bin/env bash
# Runs a benchmark from the built jars:
#   bench.sh crypto [--bits N] [--seconds S]
#   bench.sh keygen [--clients 3,10,50] [--rounds R] [--bits N]
#   bench.sh otp [--connections N] [--duration S] [--warmup S] [--bits N] [--requester-bits N]
#   bench.sh all      (each of the above with its defaults, then one summary table)
# Build first: mvn -B -DskipTests package
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
usage() {
  echo "usage: bench.sh crypto [--bits 2048|3072|4096] [--seconds S]" >&2
  echo "       bench.sh keygen [--clients 3,10,50] [--rounds R] [--bits 2048|3072|4096]" >&2
  echo "       bench.sh otp [--connections N] [--duration S] [--warmup S] [--bits N] [--requester-bits N]" >&2
  echo "       bench.sh all" >&2
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
  keygen)
    for jar in keygen-server/target/keygen-server.jar keygen-client/target/keygen-client.jar; do
      if [ ! -f "$jar" ]; then
        echo "bench: error: $root/$jar is not built" >&2
        echo "bench: hint: run 'mvn -B -DskipTests package' in $root first" >&2
        exit 5
      fi
    done
    # In-process clients: the client jar joins the server's class path for the benchmark only.
    # shellcheck disable=SC2086
    exec java ${JAVA_OPTS:-} \
      -cp "keygen-server/target/keygen-server.jar:keygen-server/target/lib/*:keygen-client/target/keygen-client.jar" \
      dev.dkg.keygen.server.KeygenBench "$@"
    ;;
  otp)
    exec "$root/scripts/bench-otp.sh" "$@"
    ;;
  -h|--help) usage ;;
  *)
    echo "bench: error: unknown benchmark '$what'" >&2
    echo "bench: hint: one of: crypto, keygen, otp, all" >&2
    exit 2
    ;;
esac
