"""What a notebook shows and records. May import :mod:`reappraise.evidence` and
:mod:`reappraise.stats`, never :mod:`reappraise.pipeline`.

- ``figures``  one figure style, deterministic figure files
- ``checks``   the visible reconstruction checks that end every notebook
- ``results``  recorded key results, collected by the runner for comparisons and the site
- ``tables``   one table style for every table a reader sees
- ``metaplots`` forest and funnel plots of a meta-analysis
- ``sections`` notes for sections a study cannot fill (single-arm notebooks run for another study)
"""
