#!/usr/bin/env bash
# Starts one of the suite's executables from its built jar: launch.sh MODULE [ARGS...].
# The per-role scripts call this; JAVA_OPTS is honoured.
set -euo pipefail
module=$1; shift
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jar="$root/$module/target/$module.jar"
if [ ! -f "$jar" ]; then
  echo "$module: error: $jar is not built" >&2
  echo "$module: hint: run 'mvn -B -DskipTests package' in $root first" >&2
  exit 5
fi
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -jar "$jar" "$@"
