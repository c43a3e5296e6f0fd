#!/usr/bin/env bash
# Starts the keygen-client; see README.md for its options.
exec "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/launch.sh" keygen-client keygen-client "$@"
