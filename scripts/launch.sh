#!/usr/bin/env bash
# Starts one of the suite's executables from its built jar: launch.sh MODULE ROLE [ARGS...].
# The per-role scripts call this (through symlinks too); JAVA_OPTS is honoured.
set -euo pipefail
module=$1; role=$2; shift 2
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
jar="$root/$module/target/$module.jar"
if [ ! -f "$jar" ]; then
  echo "$role: error: $role is not built ($jar is missing)" >&2
  echo "$role: hint: run 'mvn -B -DskipTests package' in $root first" >&2
  exit 5
fi
# The class-data-sharing archive made at package time, if it is there and no older than the jar; a JVM that
# cannot use it (another version, a rebuilt jar) falls back to normal loading without a word.
cds=()
archive="$root/$module/target/$module.jsa"
if [ -f "$archive" ] && [ ! "$archive" -ot "$jar" ]; then
  cds=(-XX:SharedArchiveFile="$archive" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
fi
# shellcheck disable=SC2086
exec java "${cds[@]}" ${JAVA_OPTS:-} -jar "$jar" "$@"
