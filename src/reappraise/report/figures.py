"""One figure style for the whole collection, and deterministic figure files.

- :func:`use_style` sets a colour-blind-safe palette (Okabe-Ito), readable font sizes and
  a white background; call it once at the top of a notebook.
- :func:`show` writes a figure to ``figures/`` (or the run's figure folder) as PNG and,
  if asked, SVG, with no timestamps or random ids, then displays the PNG in the notebook
  with its alt text and caption, so the notebook, the site and ``figures/`` show the same
  bytes.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from reappraise import paths  # noqa: E402
from reappraise.errors import ReappraiseError  # noqa: E402

#: Okabe & Ito (2008) colour-blind-safe palette.
from reappraise.style import COLORS, OKABE_ITO  # noqa: E402,F401 (re-exported)

DPI = 150
WIDTH = 7.0  # inches: fits a page column at 100% zoom


def use_style() -> None:
    """Apply the collection's matplotlib style (fonts, palette, grid, deterministic SVG)."""
    import seaborn as sns

    sns.set_theme(context="notebook", style="whitegrid", palette=list(OKABE_ITO.values()))
    plt.rcParams.update({
        "figure.figsize": (WIDTH, 4.2), "figure.dpi": 100, "savefig.dpi": DPI,
        "font.size": 11, "axes.titlesize": 13, "axes.labelsize": 11, "legend.fontsize": 10,
        "axes.titleweight": "bold", "axes.spines.top": False, "axes.spines.right": False,
        "svg.hashsalt": "reappraise", "svg.fonttype": "none", "figure.autolayout": False,
    })


def save(fig, name: str, svg: bool = False, folder: Path | None = None) -> list[Path]:
    """Write ``fig`` as ``<name>.png`` (and ``.svg``) into the figure folder; return the paths.

    Files carry no creation date or software stamp, so unchanged figures keep their bytes.
    """
    if not name or "/" in name or name.startswith("."):
        raise ReappraiseError(f"figure name must be a plain file stem like '01-response', got {name!r}")
    folder = Path(folder) if folder is not None else paths.figures_dir()
    folder.mkdir(parents=True, exist_ok=True)
    written = [folder / f"{name}.png"]
    fig.savefig(written[0], format="png", bbox_inches="tight", metadata={"Software": None})
    if svg:
        written.append(folder / f"{name}.svg")
        fig.savefig(written[1], format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    return written


def show(fig, name: str, alt: str, caption: str = "", svg: bool = False) -> None:
    """Save ``fig`` (see :func:`save`), close it, and display the PNG with alt text and caption.

    ``alt`` describes the figure for screen readers (required); ``caption`` (markdown)
    should name the sources. Returns nothing, so no file path is printed in the notebook.
    """
    from IPython.display import Image, Markdown, display

    if not alt.strip():
        raise ReappraiseError("alt must describe the figure in words (it is the image's alt text)")
    png = save(fig, name, svg=svg)[0]
    plt.close(fig)
    display(Image(data=png.read_bytes(), format="png", metadata={"alt": alt}))
    if caption:
        display(Markdown(f"*Figure {name}.* {caption}"))


def png_bytes(fig) -> bytes:
    """Return the PNG bytes of ``fig`` as :func:`save` would write them (for tests)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
    return buffer.getvalue()
