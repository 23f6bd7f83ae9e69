#!/usr/bin/env bash
# Release-builds fulcrum-bench and runs the displacement benchmark. If the parity script has
# run Flee 3.1 on syria2013 (150 days) on this machine, its measured time is used for the
# ratios; otherwise Flee 3.1's figures measured on a 2-core machine (132.5 s wall, 120.7 s CPU)
# are (fulcrum-bench's defaults).
# Extra arguments go to `fulcrum-bench displacement` (e.g. --quick, --agent-max 100000000).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
swift build -c release --product fulcrum-bench >/dev/null
args=()
metas=$(ls runs/displacement-parity/flee-syria2013-150d-seed*.json 2>/dev/null || true)
if [ -n "$metas" ]; then
  wall=$(python3 -c "import json,sys; v=[json.load(open(p))['total_s'] for p in sys.argv[1:]]; print(min(v))" $metas)
  echo "Flee 3.1 measured here on syria2013 150 days: ${wall} s wall (best of $(echo $metas | wc -w) runs)"
  args+=(--flee-wall "$wall")
fi
.build/release/fulcrum-bench displacement "${args[@]}" "$@"
