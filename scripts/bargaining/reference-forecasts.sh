#!/usr/bin/env bash
# Runs `fulcrum forecast` on every reference input: KTAB's SMP files and the two BDM tables
# (EU emissions, Iran 1984) under both BDM presets and SMP. Reproduces the figures in
# docs/bargaining.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product fulcrum >/dev/null
F=.build/release/fulcrum
D=scripts/bargaining/data
for f in dummyData_3Dim.csv SOE-Pol-Comp.csv dummyData-a040.csv dummyData-a080.csv; do
    echo "== SMP on $f"; "$F" forecast --ktab "$D/$f" | sed -n '2p;5,/^(wtd/p'
done
echo "== SMP on smpExample.xml, deterministic (golden case 33)"
"$F" forecast --ktab "$D/smpExample.xml" --params 0,1,0,3,1,1,1,1,0 | sed -n '2p;6,/^(wtd/p'
for t in bdm-eu-emissions.csv bdm-iran-1984.csv; do
    for p in masad2013 jmckibScholz; do
        echo "== BDM $p on $t"; "$F" forecast --table "$D/$t" --model bdm --bdm-preset "$p" | sed -n '2,3p;5,$p'
    done
    echo "== SMP on $t"; "$F" forecast --table "$D/$t" | sed -n '2p;5,/^(wtd/p'
done
