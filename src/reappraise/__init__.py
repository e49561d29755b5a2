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
    """Return one line naming Python and the versions of the main packages (for notebook footers)."""
    import platform
    from importlib.metadata import PackageNotFoundError, version

    names = ["numpy", "pandas", "scipy", "statsmodels", "pingouin", "matplotlib", "seaborn", "papermill"]
    parts = [f"Python {platform.python_version()}"]
    for name in names:
        try:
            parts.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            continue
    return f"reappraise {__version__}; " + "; ".join(parts)
