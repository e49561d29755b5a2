#!/usr/bin/env bash
# Create .venv from requirements.lock and install reappraise into it (editable).
# Fast path: uv with --compile-bytecode (uv itself is installed from PyPI into .tools/).
# Fallback: plain pip (INSTALLER=pip, or automatically if uv cannot be installed).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
INSTALLER=${INSTALLER:-uv}
UV_VERSION=0.13.9

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  echo "error: reappraise needs Python 3.11; '$PYTHON' is $("$PYTHON" --version 2>&1). Set PYTHON=python3.11." >&2
  exit 1
fi

if [ "$INSTALLER" = uv ]; then
  if [ ! -x .tools/bin/uv ]; then
    "$PYTHON" -m venv .tools && .tools/bin/pip install --quiet "uv==$UV_VERSION" || INSTALLER=pip
  fi
fi

if [ "$INSTALLER" = uv ]; then
  echo "setting up .venv with uv $UV_VERSION (requirements.lock)"
  [ -x .venv/bin/python ] || .tools/bin/uv venv --quiet --python "$PYTHON" .venv
  .tools/bin/uv pip sync --quiet --python .venv/bin/python --compile-bytecode requirements.lock
  .tools/bin/uv pip install --quiet --python .venv/bin/python --compile-bytecode --no-deps -e .
else
  echo "setting up .venv with pip (requirements.lock)"
  [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
  .venv/bin/python -m pip install --quiet -r requirements.lock
  .venv/bin/python -m pip install --quiet --no-deps -e .
  .venv/bin/python -m compileall -q -j 0 .venv/lib > /dev/null || true
fi
.venv/bin/python -c 'import reappraise, pingouin, papermill, nbval' 
echo "environment ready: .venv ($(.venv/bin/python --version))"
