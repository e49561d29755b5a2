"""The machinery that runs notebooks and publishes them. May import every other layer.

- ``params``     notebook parameter schemas, validated before any kernel starts
- ``runner``     executing notebooks with papermill, deterministically
- ``files``      atomic writes that leave unchanged files alone
- ``scenarios``  named parameter sets run across notebooks
- ``compare``    key results side by side across scenarios
- ``sweep``      any library function over a grid of assumptions, with progress and joblib
- ``site``       the offline HTML site (Sphinx, MyST-NB, the book theme; ``sphinx_ext`` adds citations and maths)
- ``lab``        JupyterLab on a working copy of the notebooks (``make lab``)
- ``cli``        ``python -m reappraise``
- ``studies_cli`` ``new-study``, ``check-study``, ``study`` and ``compare-studies`` (single-arm studies)
- ``timing``     ``make bench``
"""
