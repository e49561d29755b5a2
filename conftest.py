"""Test-wide settings: tests and nbval never write figures into the committed figures/ folder."""

import atexit
import os
import shutil
import tempfile

_FIGURES = tempfile.mkdtemp(prefix="reappraise-test-figures-")
atexit.register(shutil.rmtree, _FIGURES, ignore_errors=True)
os.environ["REAPPRAISE_FIGURES"] = _FIGURES
os.environ.setdefault("MPLBACKEND", "Agg")
