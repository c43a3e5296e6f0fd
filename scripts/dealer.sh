#!/usr/bin/env bash
# Starts the dealer; see README.md for its options.
exec "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/launch.sh" dealer dealer "$@"
