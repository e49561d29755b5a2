"""JupyterLab on a working copy of the notebooks, so running cells never edits the publication.

``make lab`` (``python -m reappraise.pipeline.lab``) copies every published notebook into
``runs/lab/`` — only those not already there, so a reader's edits survive the next start —
and starts JupyterLab in that folder with figures redirected to ``runs/lab/figures/``.
``runs/`` is ignored by git: ``notebooks/``, ``figures/`` and ``data/`` are never written.
``--fresh`` replaces the copies with the published notebooks; ``--copy-only`` stops before
starting the server. Any other option goes to JupyterLab (``make lab LAB_ARGS="--no-browser
--port 8890"``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from reappraise import paths
from reappraise.errors import ReappraiseError

LAB = paths.RUNS / "lab"


def prepare(folder: Path = LAB, fresh: bool = False) -> list[Path]:
    """Copy the published notebooks into ``folder``; return the copies made (existing ones kept unless ``fresh``)."""
    folder = Path(folder)
    if not folder.resolve().is_relative_to(paths.RUNS.resolve()):
        raise ReappraiseError(f"the lab folder must lie under {paths.display(paths.RUNS)}/, got {paths.display(folder)}")
    folder.mkdir(parents=True, exist_ok=True)
    copied = []
    for notebook in sorted(paths.NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")):
        target = folder / notebook.name
        if fresh or not target.exists():
            shutil.copyfile(notebook, target)
            copied.append(target)
    return copied


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make lab", description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="replace the working copies with the published notebooks")
    parser.add_argument("--copy-only", action="store_true", help="copy the notebooks, do not start JupyterLab")
    args, jupyter_options = parser.parse_known_args(argv)
    try:
        copied = prepare(LAB, fresh=args.fresh)
    except (ReappraiseError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"lab: {len(copied)} notebook(s) copied into {paths.display(LAB)}/ "
          f"(existing copies kept; --fresh replaces them); the published notebooks are not touched", file=sys.stderr)
    if args.copy_only:
        return 0
    env = {**os.environ, "REAPPRAISE_FIGURES": str(LAB / "figures"), "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    jupyter = Path(sys.executable).with_name("jupyter")
    as_root = ["--allow-root"] if os.geteuid() == 0 else []  # containers often run as root; JupyterLab refuses it otherwise
    os.execve(jupyter, [str(jupyter), "lab", f"--notebook-dir={LAB}", *as_root, *jupyter_options], env)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
