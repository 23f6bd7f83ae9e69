#!/usr/bin/env bash
# Loopback load test of the workbench while runs execute (see load_test.py for what it does).
#   scripts/workbench/load-test.sh                       # debug build, 20 req/s, 4 clients, 30 s
#   LOAD_CONFIG=release scripts/workbench/load-test.sh --rate 40 --duration 60
# Extra arguments go to load_test.py (--rate, --clients, --duration ≤ 60, --max-requests,
# --toy-samples, --idlib-samples, --threads). Exits non-zero on any error.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
config="${LOAD_CONFIG:-debug}"
swift build -c "$config" --product fulcrum >/dev/null
bin="$(swift build -c "$config" --show-bin-path)/fulcrum"
exec python3 "$root/scripts/workbench/load_test.py" --fulcrum "$bin" --toy "$root/docs/examples/toy-valley" "$@"
