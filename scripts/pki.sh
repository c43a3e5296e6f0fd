#!/usr/bin/env bash
# Starts the pki tool (the suite's own certificate authority); see README.md.
exec "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/launch.sh" common-crypto pki "$@"
