"""reappraise: reconstruct, re-analyse and appraise published findings on MDMA-assisted therapy.

The package has four layers; imports point one way only, from the top of this list down,
and ``tests/test_layering.py`` keeps it so:

- :mod:`reappraise.pipeline`  the machinery: notebook parameters and their schemas, the
  runner (papermill), scenarios, comparisons across runs, the site, the command line and
  ``make bench``. It reads and writes files; it holds no statistics.
- :mod:`reappraise.report`    what a notebook shows and records: the figure style and figure
  files, the visible reconstruction checks that end each notebook, recorded key results.
- :mod:`reappraise.evidence`  the reported numbers: reading and validating ``data/`` (the
  ledger, the press claims) and deciding which ledger rows feed which check. Reads files,
  never writes them.
- :mod:`reappraise.stats`     pure functions of numbers: intervals, effect sizes, consistency
  checks, reconstructions, simulations, designs. No file, network or environment access and
  no global state; a seed or generator is always an argument.

Beside them, any layer may import :mod:`reappraise.errors` (every error is a ``ValueError``),
:mod:`reappraise.style` (the palette) and, outside ``stats``, :mod:`reappraise.paths` (the
only module that builds paths). A new statistic goes in ``stats``; the code that finds its
inputs in the ledger goes in ``evidence``; anything that runs notebooks or writes pages
goes in ``pipeline``.
"""

__version__ = "0.1.0"


def environment() -> str:
    """Return one line naming the supported Pythons and the versions of the main packages (notebook footers).

    The line names the range of Pythons the project supports (``requires-python``), not the
    interpreter that ran the notebook: the lock pins the same package versions on every
    supported Python and the outputs are the same, so a notebook published on 3.11 and on
    3.13 is the same file.
    """
    from importlib.metadata import PackageNotFoundError, metadata, version

    names = ["numpy", "pandas", "scipy", "statsmodels", "pingouin", "matplotlib", "seaborn", "papermill"]
    try:
        prefix = "Programming Language :: Python :: 3."
        minors = [c.removeprefix(prefix) for c in metadata("reappraise").get_all("Classifier") or [] if c.startswith(prefix)]
        pythons = ", ".join(f"3.{m}" for m in sorted(minors, key=int)) or "3"
    except PackageNotFoundError:
        pythons = "3"
    parts = [f"Python {pythons}"]
    for name in names:
        try:
            parts.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            continue
    return f"reappraise {__version__}; " + "; ".join(parts)
