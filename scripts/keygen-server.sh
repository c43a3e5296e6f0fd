#!/usr/bin/env bash
# Starts the keygen-server; see README.md for its options.
exec "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/launch.sh" keygen-server keygen-server "$@"
