"""Writing output files: atomically, only when their bytes change, and only where allowed.

Every file the pipeline writes (executed notebooks, results, HTML pages, figures copied
into a run) goes through :func:`write_if_changed`, so an interrupted write never leaves a
half-written file and an unchanged rebuild leaves modification times (and ``make``) alone.

Containment: ``run``, ``scenario`` and ``compare`` write only under ``runs/``. Their folder
names are names, not paths (:func:`check_name`: a strict pattern and a length limit), the
folder is resolved and checked to lie under ``runs/`` (:func:`run_folder`), and while a
command runs inside :func:`confine` every :func:`write_if_changed` checks its target again
(after resolving symbolic links), so no name, link or bug can make a rerun write into
``notebooks/``, ``figures/``, ``scenarios/``, ``data/`` or anywhere else. Only ``publish``
(``make all``) writes the publication.

Scratch folders (``build/run-<notebook>-<pid>-*``) hold a notebook while it executes; they
are removed when it ends, and :func:`clean_scratch` removes those left by a process that was
killed (SIGKILL leaves no chance to clean up).
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path

from reappraise import paths
from reappraise.errors import ParameterError

#: A run or scenario name: letters, digits, '.', '_', '-' and '=', starting with a letter or digit.
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.=-]*")
#: Longest run or scenario name (a folder name; file systems allow 255 bytes).
MAX_NAME = 100
#: Folder names under ``runs/`` that ``run --name`` may not take: the published default,
#: the JupyterLab working copy, and (checked separately) every scenario in ``scenarios/``
#: and every ``compare-*`` output folder.
RESERVED = ("default", "lab")

_ROOTS: contextvars.ContextVar[tuple[Path, ...] | None] = contextvars.ContextVar("reappraise_write_roots", default=None)


def _shown(name) -> str:
    text = repr(name)
    return text if len(text) <= 50 else text[:40] + "…" + text[-5:]


def check_name(name, what: str = "run name") -> str:
    """Return ``name`` if it is a plain folder name (see :data:`NAME`, :data:`MAX_NAME`); else raise.

    A name is never a path: no '/', no leading '.', nothing but letters, digits and ``._=-``.
    """
    if not isinstance(name, str) or not NAME.fullmatch(name) or len(name) > MAX_NAME:
        raise ParameterError(f"{what} {_shown(name)} is not allowed: use 1 to {MAX_NAME} letters, digits, '.', '_', "
                             "'-' or '=', starting with a letter or digit (a name, not a path)")
    return name


def short_name(text: str) -> str:
    """Return ``text`` made into a name: other characters become '_', and a name longer than
    :data:`MAX_NAME` keeps its start and gains a hash of the whole (still unique, still readable)."""
    name = re.sub(r"[^A-Za-z0-9_.=-]+", "_", text).lstrip("._=-") or "run"
    if len(name) > MAX_NAME:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
        name = f"{name[: MAX_NAME - 14].rstrip('._=-')}__{digest}"
    return name


def inside(path: Path, root: Path | None = None) -> Path:
    """Return ``path`` resolved if it lies under ``root`` (default ``runs/``); else raise ParameterError."""
    root = Path(root or paths.RUNS).resolve()
    resolved = Path(path).resolve()
    if resolved != root and not resolved.is_relative_to(root):
        raise ParameterError(f"refusing to write {paths.display(path)}: it lies outside {paths.display(root)}/")
    return resolved


def run_folder(name: str, what: str = "run name") -> Path:
    """Return ``runs/<name>`` for a checked ``name``, resolved and checked to lie under ``runs/``."""
    folder = inside(paths.RUNS / check_name(name, what))
    if folder == paths.RUNS.resolve():
        raise ParameterError(f"{what} {_shown(name)} is not allowed")
    return folder


@contextlib.contextmanager
def confine(*roots: Path):
    """Within the block, :func:`write_if_changed` refuses any file outside ``roots``."""
    token = _ROOTS.set(tuple(Path(r).resolve() for r in roots))
    try:
        yield
    finally:
        _ROOTS.reset(token)


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically unless the file already holds those bytes; True if written.

    Inside :func:`confine`, a ``path`` outside the allowed folders raises ParameterError.
    """
    path = Path(path)
    roots = _ROOTS.get()
    if roots is not None:
        resolved = path.resolve()
        if not any(resolved.is_relative_to(root) for root in roots):
            raise ParameterError(f"refusing to write {paths.display(path)}: it lies outside "
                                 + " and ".join(f"{paths.display(r)}/" for r in roots))
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return True


# --- scratch folders ---------------------------------------------------------------------------

_SCRATCH = re.compile(r"^run-.+-(\d+)-[a-z0-9_]+$")


def scratch_prefix(name: str) -> str:
    """Prefix of the scratch folder of notebook ``name`` executed by this process."""
    return f"run-{name}-{os.getpid()}-"


def process_alive(pid: int) -> bool:
    """True while process ``pid`` exists (one of another user counts as alive)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_scratch(build: Path | None = None, pids=None) -> list[Path]:
    """Remove scratch folders ``build/run-*`` of processes that no longer run (or of ``pids``); return them."""
    build = Path(build or paths.BUILD)
    removed = []
    for folder in sorted(build.glob("run-*")) if build.is_dir() else []:
        match = _SCRATCH.match(folder.name)
        if not match or not folder.is_dir():
            continue
        pid = int(match.group(1))
        if (pids is not None and pid in pids) or (pids is None and pid != os.getpid() and not process_alive(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed
