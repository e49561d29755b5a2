"""Test-wide settings: tests and nbval never write figures into the committed figures/ folder."""

import atexit
import os
import shutil
import tempfile

_FIGURES = tempfile.mkdtemp(prefix="reappraise-test-figures-")
atexit.register(shutil.rmtree, _FIGURES, ignore_errors=True)
os.environ["REAPPRAISE_FIGURES"] = _FIGURES
os.environ.setdefault("MPLBACKEND", "Agg")

# --- how `make test` shares the work between its workers (pytest-xdist, --dist loadfile) ---------------

def pytest_xdist_make_scheduler(config, log):
    """Hand out work a file at a time, but tests/conformance/ as one unit: its last test compares
    docs/conformance.md with what the whole folder recorded in the same process."""
    from xdist.scheduler import LoadFileScheduling

    class Scheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return "tests/conformance" if path.startswith("tests/conformance/") else path

    return Scheduling(config, log) if config.getvalue("dist") == "loadfile" else None
