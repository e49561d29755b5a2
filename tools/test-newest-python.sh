#!/usr/bin/env bash
# The unit tests and one notebook (nbval) under the newest supported Python, in .venv-newest/,
# beside the main run. Skips with a message where no such interpreter is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
NEWEST=3.13
candidates=("python$NEWEST")
command -v pyenv > /dev/null && candidates+=("$(pyenv root)"/versions/"$NEWEST"*/bin/"python$NEWEST")
for candidate in "${candidates[@]}"; do
  if "$candidate" -c 'import sys' 2> /dev/null; then PY_NEWEST=$candidate; break; fi
done
if [ -z "${PY_NEWEST:-}" ]; then
  echo "skipped: Python $NEWEST not installed here; the main run covered $(.venv/bin/python -V 2>&1)"
  exit 0
fi
VENV=.venv-newest PYTHON="$PY_NEWEST" tools/setup-env.sh
.venv-newest/bin/python -m pytest tests -q -p no:cacheprovider -m "not browser"
.venv-newest/bin/python -m pytest notebooks/01-reconstruct-response-remission.ipynb --nbval --nbval-current-env \
  --nbval-sanitize-with tests/sanitize.cfg -q -p no:cacheprovider
