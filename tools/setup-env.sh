#!/usr/bin/env bash
# Create .venv from requirements.lock and install reappraise into it (editable).
# Fast path: uv with --compile-bytecode (uv itself is installed from PyPI into .tools/).
# Fallback: plain pip (INSTALLER=pip, or automatically if uv cannot be installed).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
INSTALLER=${INSTALLER:-uv}
UV_VERSION=0.13.9
VENV=${VENV:-.venv}

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
  echo "setting up $VENV with uv $UV_VERSION (requirements.lock)"
  [ -x "$VENV"/bin/python ] || .tools/bin/uv venv --quiet --python "$PYTHON" "$VENV"
  .tools/bin/uv pip sync --quiet --python "$VENV"/bin/python --compile-bytecode requirements.lock
  .tools/bin/uv pip install --quiet --python "$VENV"/bin/python --compile-bytecode --no-deps -e .
else
  echo "setting up $VENV with pip (requirements.lock)"
  [ -x "$VENV"/bin/python ] || "$PYTHON" -m venv "$VENV"
  "$VENV"/bin/python -m pip install --quiet -r requirements.lock
  "$VENV"/bin/python -m pip install --quiet --no-deps -e .
  "$VENV"/bin/python -m compileall -q -j 0 "$VENV"/lib > /dev/null || true
fi
"$VENV"/bin/python -c 'import reappraise, pingouin, papermill, nbval' 
echo "environment ready: $VENV ($("$VENV"/bin/python --version))"
