#!/usr/bin/env bash
# Create .venv from requirements.lock and install reappraise into it (editable).
# Fast path: uv (itself installed from PyPI into .tools/). Bytecode is compiled for every module
# but the packages' own test suites (a third of the files, never imported here).
# Fallback: plain pip (INSTALLER=pip, or automatically if uv cannot be installed).
set -euo pipefail
cd "$(dirname "$0")/.."
INSTALLER=${INSTALLER:-uv}
UV_VERSION=0.13.9
VENV=${VENV:-.venv}
SUPPORTED="3.11 3.12 3.13"   # keep in step with pyproject.toml (requires-python) and environment.yml

supported() {  # is "$1" a working interpreter of a supported version?
  "$1" -c 'import sys; sys.exit(f"{sys.version_info[0]}.{sys.version_info[1]}" not in "'"$SUPPORTED"'".split())' 2>/dev/null
}

if [ -z "${PYTHON:-}" ] && [ -x "$VENV"/bin/python ] && supported "$VENV"/bin/python; then
  PYTHON=$("$VENV"/bin/python -c 'import sys; print(sys._base_executable)')   # keep the existing environment's Python
elif [ -n "${PYTHON:-}" ] && [ -x "$VENV"/bin/python ] && [ "$("$VENV"/bin/python -V 2>&1)" != "$("$PYTHON" -V 2>&1)" ]; then
  echo "replacing $VENV ($("$VENV"/bin/python -V 2>&1)) with one for $PYTHON ($("$PYTHON" -V 2>&1))"
  rm -rf "$VENV"
fi
if [ -z "${PYTHON:-}" ]; then
  # No PYTHON given: the newest supported interpreter on PATH (or installed by pyenv), else python3.
  for version in $(echo "$SUPPORTED" | tr ' ' '\n' | sort -rV); do
    for candidate in "python$version" "$(command -v pyenv > /dev/null && echo "$(pyenv root)/versions/$version"*/bin/"python$version" | tr ' ' '\n' | sort -rV | head -1)"; do
      if [ -n "$candidate" ] && supported "$candidate"; then PYTHON=$candidate; break 2; fi
    done
  done
  PYTHON=${PYTHON:-python3}
  echo "using $PYTHON ($("$PYTHON" --version 2>&1)): the newest supported Python found; set PYTHON to choose another"
fi
if ! supported "$PYTHON"; then
  echo "error: reappraise supports Python $(echo $SUPPORTED | sed 's/ /, /g'); '$PYTHON' is $("$PYTHON" --version 2>&1 || echo 'not found'). Set PYTHON=python3.13 (or 3.12, 3.11)." >&2
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
  .tools/bin/uv pip sync --quiet --python "$VENV"/bin/python requirements.lock
  .tools/bin/uv pip install --quiet --python "$VENV"/bin/python --no-deps -e .
else
  echo "setting up $VENV with pip (requirements.lock)"
  [ -x "$VENV"/bin/python ] || "$PYTHON" -m venv "$VENV"
  "$VENV"/bin/python -m pip install --quiet --no-deps -r requirements.lock   # the lock is complete
  "$VENV"/bin/python -m pip install --quiet --no-deps -e .
fi
# Compiled once here, not by every process that imports it (and never where PYTHONDONTWRITEBYTECODE is set).
"$VENV"/bin/python -m compileall -q -j 0 -x '/tests?/' "$VENV"/lib > /dev/null || true
"$VENV"/bin/python -c 'import reappraise, pingouin, papermill, nbval' 
echo "environment ready: $VENV ($("$VENV"/bin/python --version))"
