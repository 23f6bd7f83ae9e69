#!/usr/bin/env bash
# Creates the git-ignored virtualenv .venv-flee/ at the package root with Flee 3.1 from PyPI
# (the peer the parity and benchmark scripts compare against). Idempotent.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/.venv-flee"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import flee" 2>/dev/null; then
  "$venv/bin/pip" install --quiet --disable-pip-version-check "flee==3.1"
fi
"$venv/bin/python" -c "import importlib.metadata as m; print('flee', m.version('flee'), 'in', '$venv')"
