"""The summary table (docs/conformance.md) is generated from this test run, never typed.

This file runs last in the folder (pytest collects it after the others): it renders what the
conformance tests recorded. ``make conformance`` writes the table to docs/conformance.md;
an ordinary test run compares the committed table with a fresh rendering, when the whole
folder ran with R present, so a changed vector or a new disagreement cannot go unnoticed.
"""

import os

import pytest

from conformance_support import DOC, ROOT, complete, render


def test_the_summary_table_is_the_one_this_run_produces():
    text = render()
    build = ROOT / "build" / "conformance"
    build.mkdir(parents=True, exist_ok=True)
    (build / "conformance.md").write_text(text, encoding="utf-8")
    if os.environ.get("REAPPRAISE_WRITE_CONFORMANCE"):
        assert complete(), "make conformance needs the whole tests/conformance folder and Rscript"
        DOC.parent.mkdir(exist_ok=True)
        DOC.write_text(text, encoding="utf-8")
        return
    if not complete():
        pytest.skip("part of tests/conformance did not run (or Rscript is absent): "
                    "docs/conformance.md is compared only after a full run")
    assert DOC.is_file() and DOC.read_text(encoding="utf-8") == text, \
        "docs/conformance.md is out of date with the conformance tests: run `make conformance`"
