"""``python -m reappraise``: see :mod:`reappraise.cli`."""

from .cli import main

raise SystemExit(main())
