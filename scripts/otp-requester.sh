#!/usr/bin/env bash
# Starts the otp-requester; see README.md for its options.
exec "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/launch.sh" otp-requester otp-requester "$@"
