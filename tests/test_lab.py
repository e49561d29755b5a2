"""Specification of ``make lab``: JupyterLab works on copies in runs/lab/, never on the publication."""

from __future__ import annotations

import subprocess

import pytest

from reappraise import paths
from reappraise.errors import ReappraiseError
from reappraise.pipeline import lab


def _git_status() -> str:
    return subprocess.run(["git", "status", "--porcelain"], cwd=paths.ROOT, capture_output=True, text=True).stdout


@pytest.mark.skipif(not (paths.ROOT / ".git").exists(), reason="needs a git checkout")
def test_the_copy_step_of_make_lab_leaves_git_status_clean_and_keeps_a_readers_edits():
    before = _git_status()
    folder = paths.RUNS / "lab-test"
    try:
        copied = lab.prepare(folder)
        published = sorted(p.name for p in paths.NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
        assert sorted(p.name for p in copied) == published
        edited = folder / published[0]
        edited.write_text("a reader's edit")
        assert lab.prepare(folder) == []                       # a second start copies nothing ...
        assert edited.read_text() == "a reader's edit"         # ... and keeps the edit
        assert lab.prepare(folder, fresh=True)                 # --fresh brings the publication back
        assert edited.read_bytes() == (paths.NOTEBOOKS / published[0]).read_bytes()
        assert _git_status() == before
    finally:
        import shutil
        shutil.rmtree(folder, ignore_errors=True)


def test_the_lab_folder_must_lie_under_runs(tmp_path):
    with pytest.raises(ReappraiseError, match="must lie under runs/"):
        lab.prepare(paths.NOTEBOOKS)
    with pytest.raises(ReappraiseError, match="must lie under runs/"):
        lab.prepare(tmp_path)


def test_make_lab_copy_only_prints_one_line_and_starts_no_server(capsys):
    assert lab.main(["--copy-only"]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "runs/lab/" in err
