#!/usr/bin/env bash
# Release-build and run the bargaining benchmark. Extra arguments go to the benchmark
# (e.g. --quick, --samples 2000, --threads 2).
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product fulcrum-bench
.build/release/fulcrum-bench bargaining "$@"
