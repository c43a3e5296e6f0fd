#!/usr/bin/env bash
# Starts the share-holder; see README.md for its options.
exec "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/launch.sh" share-holder share-holder "$@"
