#!/usr/bin/env bash
# End-to-end workbench check in headless Chromium: serve, move a slider, run, find the
# changed figure, compare; screenshots in screenshots/workbench/ (git-ignored).
#   scripts/report/e2e-workbench.sh            # the toy valley (fast; what CI runs)
#   E2E_SCENARIO=built-in scripts/report/e2e-workbench.sh   # the Idlib scenario (minutes)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
if ! command -v chromium >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
config="${E2E_CONFIG:-debug}"
swift build -c "$config" --product fulcrum >/dev/null
bin="$(swift build -c "$config" --show-bin-path)/fulcrum"
shots="${E2E_SHOTS:-$root/screenshots/workbench}"
rm -rf "$shots"; mkdir -p "$shots"
input="displacement.spawn_rules.conflict_driven_spawning.displaced_per_conflict_day"
if [ "${E2E_SCENARIO:-toy}" = "built-in" ]; then
    scenario=built-in
    figure="$(printf 'schedules.%s.displaced.median' "${E2E_SCHEDULE:-full_air}")"
    samples="${E2E_SAMPLES:-10}"
else
    scenario="$root/docs/examples/toy-valley"
    figure="schedules.assault_with_air.displaced.median"
    samples="${E2E_SAMPLES:-8}"
fi
python3 scripts/report/e2e_workbench.py "$bin" "$scenario" "$input" "$figure" "$shots" "$samples"
