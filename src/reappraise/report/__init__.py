"""What a notebook shows and records. May import :mod:`reappraise.evidence` and
:mod:`reappraise.stats`, never :mod:`reappraise.pipeline`.

- ``figures``  one figure style, deterministic figure files
- ``checks``   the visible reconstruction checks that end every notebook
- ``results``  recorded key results, collected by the runner for comparisons and the site
- ``sections`` notes for sections a study cannot fill (single-arm notebooks run for another study)
"""
