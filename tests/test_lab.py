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


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_a_jupyterlab_session_runs_and_saves_a_notebook_without_touching_the_publication(tmp_path):
    """Start `make lab`'s server, open notebook 01 as JupyterLab does, run every cell, save it."""
    import json
    import os
    import sys
    import time

    import requests
    from jupyter_client import BlockingKernelClient

    root = tmp_path / "project"  # a project root whose notebooks and data are the real ones
    root.mkdir()
    for name in ("data", "notebooks", "src", "pyproject.toml"):
        (root / name).symlink_to(paths.ROOT / name)
    published = {p: p.read_bytes() for p in [*paths.NOTEBOOKS.glob("*.ipynb"), *paths.FIGURES.glob("*.png")]}
    port, token, runtime = _free_port(), "lab-test", tmp_path / "runtime"
    env = {**os.environ, "REAPPRAISE_ROOT": str(root), "JUPYTER_RUNTIME_DIR": str(runtime)}
    server = subprocess.Popen([sys.executable, "-m", "reappraise.pipeline.lab", "--no-browser", f"--port={port}",
                               f"--IdentityProvider.token={token}"],
                              env=env, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    api, auth = f"http://127.0.0.1:{port}/api", {"Authorization": f"token {token}"}
    try:
        for _ in range(300):
            try:
                if requests.get(f"{api}/status", headers=auth, timeout=1).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.2)
        name = "01-reconstruct-response-remission.ipynb"
        session = requests.post(f"{api}/sessions", headers=auth, timeout=60, json={
            "path": name, "type": "notebook", "name": name, "kernel": {"name": "python3"}}).json()
        client = BlockingKernelClient()
        client.load_connection_file(runtime / f"kernel-{session['kernel']['id']}.json")
        client.start_channels()
        client.wait_for_ready(timeout=60)  # a request sent before iopub is subscribed loses its output
        model = requests.get(f"{api}/contents/{name}", headers=auth, timeout=30).json()
        for cell in model["content"]["cells"]:
            if cell["cell_type"] == "code":
                reply = client.execute_interactive(cell["source"], timeout=120, output_hook=lambda msg: None)
                assert reply["content"]["status"] == "ok", cell["source"][:80]
        client.stop_channels()
        model["content"]["cells"][0]["source"] = "# a reader's note\n" + model["content"]["cells"][0]["source"]
        saved = requests.put(f"{api}/contents/{name}", headers=auth, timeout=30,
                             data=json.dumps({"type": "notebook", "format": "json", "content": model["content"]}))
        assert saved.ok, saved.text
        requests.delete(f"{api}/sessions/{session['id']}", headers=auth, timeout=30)
    finally:
        server.terminate()
        server.wait(timeout=30)
    lab_folder = root / "runs" / "lab"
    assert (lab_folder / name).read_text().count("a reader's note") == 1
    assert any((lab_folder / "figures").glob("*.png")), "the session's figures go to runs/lab/figures/"
    assert {p: p.read_bytes() for p in published} == published, "the publication is untouched"
    assert not (root / "figures").exists() and not (root / "runs" / "default").exists()
