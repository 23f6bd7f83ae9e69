#!/usr/bin/env bash
# Builds the libFuzzer harnesses in Fuzz/ (a separate package, so the main build
# and `swift test` never pay for sanitizers) and runs each target in turn.
#
#   scripts/fuzz/run.sh [--runs N [--segment M] | --time SECONDS] [--keep-going] [--fast] [--worker NAME] [TARGET...]
#
# TARGET is any of: scenario flee gambit ktab run solvers (default: all six). The default
# budget is --runs 10000000 per target (the issue's target). Runs at nice 19,
# one target at a time. The committed seed corpus (Fuzz/corpus/<target>) is
# read-only; new inputs go to .fuzz-work/<target>/corpus, crashes and timeouts
# to .fuzz-work/<target>/ (both git-ignored via .build-*/-style naming below).
# Prints one line per target: executions reached, seconds, exec/s and crash count.
# Exit status 1 if any target found a crash, a leak, a timeout or an OOM.
# --segment M splits --runs N into fresh libFuzzer processes of at most M
# executions each over the same corpus (a process's memory grows over millions
# of runs; see -rss_limit_mb below), stopping at the first that fails; the total
# is the sum, and each segment's log is kept as fuzz-K.log.
# --worker NAME: one more process on a target another run.sh is already fuzzing
# (one per core): it shares the corpus and artifacts, keeps its own logs
# (fuzz-NAME.log, fuzz-NAME-K.log) and counts only its own executions.
# --fast builds with -sanitize=fuzzer only (into .build-fuzz-fast): 2-3x the
# executions per second, for reaching counts; Swift's own traps (bounds,
# overflow, force-unwrap, stack overflow) still stop the run, but memory errors
# in C code (libyaml, FoundationXML) need the default AddressSanitizer build.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
budget=(-runs=10000000)
runs_total=10000000
segment=0
extra=()
targets=()
fast=0
tag=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) budget=(-runs="$2"); runs_total="$2"; shift 2 ;;
    --segment) segment="$2"; shift 2 ;;
    --time) budget=(-max_total_time="$2"); shift 2 ;;
    # Keep fuzzing past a crash (libFuzzer fork mode), to count executions on a
    # target with a known, not yet fixed crash; every crash is still saved.
    --keep-going) extra=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1); shift ;;
    --fast) fast=1; shift ;;
    --worker) tag="-$2"; shift 2 ;;
    -h|--help) sed -n 2,23p "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -eq 0 ] && targets=(scenario flee gambit ktab run solvers)
if [ "$segment" != 0 ] && { [ "${budget[0]}" != "-runs=$runs_total" ] || [ ${#extra[@]} -gt 0 ]; }; then
  echo "--segment goes with --runs, not --time or --keep-going"; exit 2
fi

build="$root/.build-fuzz"; sanitizers=fuzzer,address
[ "$fast" = 1 ] && { build="$root/.build-fuzz-fast"; sanitizers=fuzzer; }
( cd "$root/Fuzz" && nice -n 19 swift build -c release --build-path "$build" \
    -Xswiftc -sanitize=$sanitizers -Xswiftc -parse-as-library 2>&1 | grep -E "error|Compiling Fuzz|Build" || true )

work="$root/.build-fuzz/work"
status=0
for t in "${targets[@]}"; do
  max_len=65536
  case "$t" in
    scenario) exe=FuzzScenario ;; flee) exe=FuzzFleeCSV ;; ktab) exe=FuzzKTAB ;;
    # Game files at most 4 KB: a number is at most 1,000 characters, so 4 KB holds every
    # construct the readers know; longer inputs mostly add exact arithmetic on long numbers,
    # quadratic in their length (a tenth of the rate by 9 KB), which the reader's budget
    # bounds and ExactArithmeticBudgetTests tests at full size.
    gambit) exe=FuzzGambit; max_len=4096 ;;
    # The run target's bytes are choices rewriting the toy scenario: a few hundred reach
    # every number of it and the structural choices after them.
    run) exe=FuzzRun; max_len=1024 ;;
    # The solvers start from the reader's seeds plus their own (hostile trees): one directory more.
    solvers) exe=FuzzGameSolvers; max_len=4096 ;;
    *) echo "unknown target $t (scenario, flee, gambit, ktab, run, solvers)"; exit 2 ;;
  esac
  seeds=("$root/Fuzz/corpus/$t")
  [ "$t" = solvers ] && seeds+=("$root/Fuzz/corpus/gambit")
  mkdir -p "$work/$t/corpus" "$work/$t/artifacts"
  start=$(date +%s)
  # -timeout: one input taking over 10 s is a finding (unbounded behaviour);
  # -malloc_limit_mb: so is one allocation over 2 GB; -rss_limit_mb (FUZZ_RSS_MB,
  # default 2048) caps the whole process, whose memory grows over millions of
  # runs (libFuzzer's corpus and tables, the allocator's caches, FoundationXML's
  # leak below), so long runs may raise it. Leak detection is off: the
  # harnesses keep process-wide caches (Foundation, the tmpfs folder).
  done_runs=0; k=0; rc=0; note=""
  while :; do
    left=$((runs_total - done_runs))
    [ "$segment" != 0 ] && [ "$left" -le 0 ] && break
    k=$((k + 1))
    seg_budget=("${budget[@]}"); log="$work/$t/fuzz$tag.log"
    if [ "$segment" != 0 ]; then
      seg_budget=(-runs=$(( left < segment ? left : segment ))); log="$work/$t/fuzz$tag-$k.log"
    fi
    set +e
    # LeakSanitizer's exit-time report is off too: FoundationXML leaks ~70 bytes
    # per failed XML parse (its structured-error callback), which would fail every
    # KTAB run at exit without being a crash. malloc_context_size=0: ASan records
    # no stack per allocation (a quarter of the scenario target's time); a report
    # still shows where the bad access happened, and re-running the artifact with
    # ASAN_OPTIONS=malloc_context_size=30 adds where the memory was allocated.
    # -reload=0: one process per corpus, so no periodic re-read of the folder.
    ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:malloc_context_size=0}" nice -n 19 "$build/release/$exe" "${seg_budget[@]}" ${extra[@]+"${extra[@]}"} -timeout=10 -rss_limit_mb="${FUZZ_RSS_MB:-2048}" -malloc_limit_mb=2048 -detect_leaks=0 -reload=0 \
        -max_len=$max_len -print_final_stats=1 -artifact_prefix="$work/$t/artifacts/" \
        "$work/$t/corpus" "${seeds[@]}" > "$log" 2>&1
    rc=$?
    set -e
    n=$(grep -oE "stat::number_of_executed_units: *[0-9]+" "$log" | grep -oE "[0-9]+$" | tail -1 || true)
    # A process stopped by a finding, or fork mode, prints no final stats: take
    # the last progress line's count.
    [ -z "$n" ] && { n=$(grep -oE "^#[0-9]+" "$log" | tail -1 | tr -d '#'); note=" (last progress line)"; }
    done_runs=$((done_runs + ${n:-0}))
    [ "$segment" != 0 ] && echo "  $t segment $k: ${n:-0} executions, exit $rc (log $log)"
    [ "$rc" -ne 0 ] || [ "$segment" = 0 ] && break
  done
  secs=$(( $(date +%s) - start ))
  crashes=$(ls "$work/$t/artifacts" 2>/dev/null | wc -l)
  rate=$(( done_runs / (secs > 0 ? secs : 1) ))
  echo "$t: $done_runs executions$note in ${secs}s ($rate exec/s), exit $rc, $crashes artifact(s) in $work/$t/artifacts (log $log)"
  [ "$rc" -ne 0 ] && status=1
done
exit $status
