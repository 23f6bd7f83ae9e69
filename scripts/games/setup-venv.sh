#!/usr/bin/env bash
# Creates the git-ignored .venv-gambit with the peers used for comparison and benchmarks:
# pygambit 17.0.0b2 (Gambit's Python package) as a prebuilt wheel only (never a source build)
# and nashpy. Safe to re-run.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/.venv-gambit"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --upgrade pip
"$venv/bin/pip" install --quiet --pre --only-binary=:all: "pygambit==17.0.0b2"
"$venv/bin/pip" install --quiet --only-binary=:all: nashpy
"$venv/bin/python" -c "import pygambit, nashpy; print('pygambit', pygambit.__version__, 'nashpy', nashpy.__version__)"
