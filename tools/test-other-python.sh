#!/usr/bin/env bash
# The unit tests and one notebook (nbval) under a second supported Python, beside the main run:
# the oldest supported one if .venv has the newest, else the newest. Its environment is
# .venv-other/. Skips with a message where that interpreter is not installed.
set -euo pipefail
cd "$(dirname "$0")/.."
MAIN=$(.venv/bin/python -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
if [ "$MAIN" = 3.13 ]; then OTHER=3.11; else OTHER=3.13; fi
candidates=("python$OTHER")
command -v pyenv > /dev/null && candidates+=("$(pyenv root)"/versions/"$OTHER"*/bin/"python$OTHER")
for candidate in "${candidates[@]}"; do
  if "$candidate" -c 'import sys' 2> /dev/null; then PY_OTHER=$candidate; break; fi
done
if [ -z "${PY_OTHER:-}" ]; then
  echo "skipped: Python $OTHER is not installed here; the main run covered Python $MAIN"
  exit 0
fi
echo "second Python: $OTHER (the main run used $MAIN)"
VENV=.venv-other PYTHON="$PY_OTHER" tools/setup-env.sh
.venv-other/bin/python -m pytest tests -q -p no:cacheprovider -m "not browser" -n "$(nproc)" --dist loadfile
.venv-other/bin/python -m pytest notebooks/01-reconstruct-response-remission.ipynb --nbval --nbval-current-env \
  --nbval-sanitize-with tests/sanitize.cfg -q -p no:cacheprovider
