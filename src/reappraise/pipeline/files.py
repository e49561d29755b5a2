"""Writing output files: atomically, and only when their bytes change.

Every file the pipeline writes (executed notebooks, results, HTML pages, figures copied
into a run) goes through :func:`write_if_changed`, so an interrupted write never leaves a
half-written file and an unchanged rebuild leaves modification times (and ``make``) alone.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically unless the file already holds those bytes; True if written."""
    path = Path(path)
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
    return True
