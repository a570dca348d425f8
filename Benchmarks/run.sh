#!/usr/bin/env bash
# make bench: Lentera (release build) against nginx serving the same files, driven by wrk in alternation.
set -euo pipefail
exec python3 "$(dirname "$0")/bench.py" --binary "$1" "${@:2}"
