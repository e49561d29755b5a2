"""reappraise: reconstruct, re-analyse and appraise published findings on MDMA-assisted therapy.

Every statistic, simulation and figure style used by the notebooks lives in this package:

- :mod:`reappraise.paths`        where things are (the only place that builds paths)
- :mod:`reappraise.ledger`       the validated ledger of reported numbers in ``data/``
- :mod:`reappraise.proportions`  intervals and comparisons for proportions
- :mod:`reappraise.checks`       visible reconstruction checks used at the end of notebooks
- :mod:`reappraise.figures`      one figure style and deterministic figure files
- :mod:`reappraise.params`       notebook parameter schemas and their validation
- :mod:`reappraise.runner`       executing notebooks with papermill, deterministically
- :mod:`reappraise.site`         the rendered, offline HTML site
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
