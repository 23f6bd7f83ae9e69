#!/usr/bin/env bash
# The real-size hostile inputs that unit tests only exercise with lowered limits:
# a 1 GiB file, a million locations (scenario and Flee instance), a YAML alias
# bomb, a KTAB file of 1 GiB, and absurd run sizes. Each must exit non-zero with
# a clear message, quickly and in little memory. Prints, per case: exit status,
# wall seconds, peak RSS, and the first line of the error.
#
#   scripts/fuzz/hostile-big.sh [path/to/fulcrum]   (default: .build/debug/fulcrum)
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${1:-$root/.build/debug/fulcrum}"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
toy="$root/docs/examples/toy-valley"; flee="$root/Tests/HardeningTests/Fixtures/flee-valley"
fail=0

case_() {  # name, then the command
  local name="$1"; shift
  local start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$tmp/rss" "$@" > "$tmp/out" 2> "$tmp/err"
  local rc=$?
  local secs=$(echo "$(date +%s.%N) - $start" | bc)
  # The line about the limit if there is one (a scenario lists every diagnostic).
  local msg=$( (grep -hE "limit|more than|longer than|refused|regular file" "$tmp/out" "$tmp/err"; grep -hE "error|Error" "$tmp/out" "$tmp/err") | head -1 | cut -c1-150)
  printf '%-28s exit %-3s %6.2f s %7s MB  %s\n' "$name" "$rc" "$secs" "$(( $(tail -1 "$tmp/rss") / 1024 ))" "$msg"
  if [ "$rc" -eq 0 ] || [ "$rc" -gt 64 ]; then fail=1; fi
}

cp -r "$toy" "$tmp/gig"; truncate -s 1G "$tmp/gig/scenario.yaml"
case_ "1 GiB scenario.yaml" "$bin" validate "$tmp/gig"

cp -r "$toy" "$tmp/gigcsv"; truncate -s 1G "$tmp/gigcsv/locations.csv"
case_ "1 GiB locations.csv" "$bin" run "$tmp/gigcsv" --samples 2

cp -r "$toy" "$tmp/million"
python3 -c "
import sys
with open('$tmp/million/locations.csv','a') as f:
    for i in range(1_000_000): f.write(f'P{i},R,Valleyland,35.0,36.0,town,,10\n')"
case_ "1M locations (scenario)" "$bin" run "$tmp/million" --samples 2

cp -r "$flee" "$tmp/fleemillion"
python3 -c "
with open('$tmp/fleemillion/locations.csv','a') as f:
    for i in range(1_000_000): f.write(f'P{i},R,Valleyland,35.0,36.0,town,,10\n')"
case_ "1M locations (displace)" "$bin" displace "$tmp/fleemillion" --out "$tmp/fleeout"

cp -r "$toy" "$tmp/bomb"
python3 -c "
lines=['a0: &a0 [lol,lol,lol,lol,lol,lol,lol,lol,lol]']
for i in range(1,10): lines.append(f'a{i}: &a{i} [' + ','.join([f'*a{i-1}']*9) + ']')
lines.append('metadata: {*a9: 1, *a8: 2}')
open('$tmp/bomb/scenario.yaml','w').write('\n'.join(lines)+'\n')"
case_ "YAML alias bomb" "$bin" validate "$tmp/bomb"

truncate -s 1G "$tmp/big.csv"
case_ "1 GiB KTAB csv" "$bin" forecast --ktab "$tmp/big.csv"
case_ "--samples 10^12" "$bin" run "$root/Tests/CrisisTests/Fixtures/two-branch" --samples 1000000000000
case_ "--horizon 10^11" "$bin" run "$root/Tests/CrisisTests/Fixtures/two-branch" --horizon 100000000000
case_ "displace --days 10^7" "$bin" displace "$flee" --days 10000000
[ -e "$tmp/fleeout" ] && { echo "FAIL: displace wrote output"; fail=1; }
exit $fail
