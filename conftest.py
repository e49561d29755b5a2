"""Test-wide settings: tests and nbval never write figures into the committed figures/ folder."""

import os
import tempfile

os.environ["REAPPRAISE_FIGURES"] = tempfile.mkdtemp(prefix="reappraise-test-figures-")
os.environ.setdefault("MPLBACKEND", "Agg")
