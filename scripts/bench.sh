#!/usr/bin/env bash
# Runs a benchmark from the built jars:
#   bench.sh crypto [--bits N] [--seconds S]
#   bench.sh group [--seconds S]   (FROST scalar multiplications/s per ciphersuite)
#   bench.sh keygen [--clients 3,10,50] [--rounds R] [--bits N]
#   bench.sh keygen --threshold [--sizes 2-of-3,3-of-5,7-of-10] [--scheme ed25519|secp256k1|p256] [--rounds R]
#   bench.sh otp [--connections N] [--duration S] [--warmup S] [--bits N] [--requester-bits N]
#   bench.sh otp --database [--distributors N] [--connections N] [--duration S]   (file store vs PostgreSQL)
#   bench.sh cli [--runs N] [--bits N]   (start-up latency of every command; see scripts/bench-cli.sh)
#   bench.sh [all]    (crypto, keygen and otp with their defaults, then one summary table)
# Build first: mvn -B -DskipTests package
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
usage() {
  echo "usage: bench.sh crypto [--bits 2048|3072|4096] [--seconds S]"
  echo "       bench.sh group [--seconds S]   (FROST scalar multiplications/s per ciphersuite)"
  echo "       bench.sh keygen [--clients 3,10,50] [--rounds R] [--bits 2048|3072|4096]"
  echo "       bench.sh keygen --threshold [--sizes 2-of-3,3-of-5,7-of-10] [--scheme ed25519|secp256k1|p256]"
  echo "       bench.sh otp [--connections N] [--duration S] [--warmup S] [--bits N] [--requester-bits N]"
  echo "       bench.sh cli [--runs N] [--bits N]   (start-up latency: --help, get, ready lines, bare JVM)"
  echo "       bench.sh [all]   (crypto, keygen and otp, then one table)"
  echo "Each prints its figures next to the bound or target measured in the same run; see docs/performance.md."
}
what=${1:-all}
[ $# -eq 0 ] || shift
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
  group)
    jar=common-crypto/target/common-crypto.jar
    if [ ! -f "$jar" ]; then
      echo "bench: error: $root/$jar is not built" >&2
      echo "bench: hint: run 'mvn -B -DskipTests package' in $root first" >&2
      exit 5
    fi
    # shellcheck disable=SC2086
    exec java ${JAVA_OPTS:-} -cp "common-crypto/target/common-crypto.jar:common-crypto/target/lib/*" \
      dev.dkg.frost.GroupBench "$@"
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
  cli)
    exec "$root/scripts/bench-cli.sh" "$@"
    ;;
  all)
    # Each benchmark in turn (its own output on stderr), then one table built from their last lines.
    out=$(mktemp -d)
    trap 'rm -rf "$out"' EXIT
    for b in crypto keygen otp; do
      echo "bench: running $b" >&2
      "$root/scripts/bench.sh" "$b" > "$out/$b" || { echo "bench: error: the $b benchmark failed" >&2; exit 1; }
      cat "$out/$b" >&2
    done
    field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
    crypto=$(grep '^crypto-bench:' "$out/crypto" | tail -1)
    echo
    printf '%-28s %20s %16s %7s\n' benchmark figure bound ratio
    printf '%-28s %20s %16s %7s\n' "RSA-$(field bits "$crypto") private op (1 thread)" \
      "$(field rsa_private_per_s "$crypto")/s" "openssl $(field openssl_per_s "$crypto")/s" \
      "$(field provider_openssl_ratio "$crypto")"
    printf '%-28s %20s %16s %7s\n' "envelope seal / open" \
      "$(field seal_per_s "$crypto")/s / $(field open_per_s "$crypto")/s" "" "-"
    grep '^keygen-bench:' "$out/keygen" | while read -r line; do
      printf '%-28s %20s %16s %7s\n' "keygen round, $(field clients "$line") clients" \
        "p50 $(field p50_ms "$line") ms" "$(field bound_ms "$line") ms" "$(field ratio "$line")"
    done
    otp=$(grep '^otp-bench:' "$out/otp" | tail -1)
    printf '%-28s %20s %16s %7s\n' "otp, $(field connections "$otp") connections" \
      "$(field exchanges_per_s "$otp")/s" "$(field bound_per_s "$otp")/s" "$(field ratio "$otp")"
    echo "ratio = bound / figure for latencies, figure / bound for rates; 1.00 means the RSA operations are all it costs;"
    echo "the RSA row's ratio is the provider in use ($(field provider "$crypto")) over openssl speed on the same CPU"
    grep -h -e '^crypto-bench:' -e '^keygen-bench:' -e '^otp-bench:' "$out/crypto" "$out/keygen" "$out/otp"
    ;;
  -h|--help|help) usage; exit 0 ;;
  *)
    echo "bench: error: unknown benchmark '$what'" >&2
    echo "bench: hint: one of: crypto, group, keygen, otp, cli, all (see 'bench.sh --help')" >&2
    exit 2
    ;;
esac
