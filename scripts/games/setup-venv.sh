#!/usr/bin/env bash
# Creates the git-ignored .venv-gambit with the peers used for comparison and benchmarks:
# pygambit 16.7.0 (Gambit's Python package) and nashpy. Safe to re-run.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/.venv-gambit"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --upgrade pip
"$venv/bin/pip" install --quiet "pygambit==16.7.0" nashpy
"$venv/bin/python" -c "import pygambit, nashpy; print('pygambit', pygambit.__version__, 'nashpy', nashpy.__version__)"
