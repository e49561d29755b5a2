"""Where things are. Notebooks and library code get every path from here.

``ROOT`` is the project root (the folder with ``pyproject.toml``). Output folders can be
redirected with environment variables, which is how ``python -m reappraise run`` sends an
alternative run's figures to ``runs/<name>/`` instead of ``figures/``:

- ``REAPPRAISE_FIGURES`` overrides :data:`FIGURES` (via :func:`figures_dir`).
"""

from __future__ import annotations

import os
from pathlib import Path


def _find_root() -> Path:
    """Return the project root: the nearest parent of this file holding ``pyproject.toml``."""
    env = os.environ.get("REAPPRAISE_ROOT")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").is_file() and (parent / "data").is_dir():
            return parent
    return Path.cwd().resolve()


ROOT = _find_root()
DATA = ROOT / "data"
LEDGER = DATA / "ledger.csv"
SOURCES = DATA / "sources.csv"
CLAIMS = DATA / "claims.csv"
CONCERNS = DATA / "concerns.csv"
DEFINITIONS = DATA / "definitions.csv"
DEFINITION_LINKS = DATA / "definition_links.csv"
NOTEBOOKS = ROOT / "notebooks"
FIGURES = ROOT / "figures"
SCENARIOS = ROOT / "scenarios"
RUNS = ROOT / "runs"
BUILD = ROOT / "build"
SITE = BUILD / "site"
METAPSY = DATA / "metapsy-ptsd-mdmactr.csv"
TRIALS = DATA / "trials.csv"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
STUDIES = DATA / "studies.csv"            # single-arm studies (see reappraise.evidence.studies)
STUDY_ROLES = DATA / "study_roles.csv"    # which ledger row plays which role for a study


def figures_dir() -> Path:
    """Return the folder figures are written to (``figures/`` unless redirected), created."""
    path = Path(os.environ.get("REAPPRAISE_FIGURES", FIGURES))
    path.mkdir(parents=True, exist_ok=True)
    return path


def notebook_path(name: str) -> Path:
    """Return the path of notebook ``name`` (with or without ``.ipynb``) in ``notebooks/``."""
    stem = name[:-6] if name.endswith(".ipynb") else name
    return NOTEBOOKS / f"{stem}.ipynb"


def display(path: Path) -> str:
    """Return ``path`` relative to the project root when it is inside it (for messages)."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
