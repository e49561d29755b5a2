"""The evidence: reported numbers in ``data/``, read and validated, and routed to checks.

Modules here read files under ``data/`` (through :mod:`reappraise.paths`) and never write
them. They may import :mod:`reappraise.stats`, never :mod:`reappraise.report` or
:mod:`reappraise.pipeline`.

- ``ledger``  the ledger of reported numbers and the bibliography, with its load rules
- ``definitions``  outcome definitions and which ledger count was counted under which
- ``claims``  press claims, audited against the ledger
- ``audit``   every consistency check that applies to the ledger's reported rows
- ``studies`` single-arm studies: which ledger row plays which role, and what each notebook needs
- ``concerns`` the regulators' concerns about the MDMA trials, and what public data can test
- ``trials``   the randomised trials: Metapsy's extraction and the trial table, linked to the ledger
"""
