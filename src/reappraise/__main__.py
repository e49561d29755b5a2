"""``python -m reappraise``: see :mod:`reappraise.pipeline.cli`."""

from reappraise.pipeline.cli import main

raise SystemExit(main())
