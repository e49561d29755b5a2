"""Executing notebooks: deterministic output, and a failed run never replaces a finished one."""

import nbformat
import pytest

from reappraise import paths
from reappraise.pipeline import files, runner
from reappraise.errors import ParameterError

SOURCE = '''
import matplotlib.pyplot as plt
from reappraise.report import figures, results
fig, ax = plt.subplots()
ax.plot([0, 1], [0, value])
figures.show(fig, "98-line", alt="a line")
results.record(value=value)
if fail:
    raise RuntimeError("stopped on purpose")
'''


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A throwaway notebooks/ with one small notebook that can be told to fail."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("value = 1\nfail = False", metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell(SOURCE)]
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
    nbformat.write(nb, notebooks / "98-test-runner.ipynb")
    (notebooks / "98-test-runner.params.yaml").write_text(
        "value:\n  type: int\n  default: 1\n  min: 0\n  max: 10\n  help: height\n"
        "fail:\n  type: bool\n  default: false\n  help: raise at the end\n")
    monkeypatch.setattr(paths, "NOTEBOOKS", notebooks)
    monkeypatch.setattr(paths, "BUILD", tmp_path / "build")
    monkeypatch.setattr(paths, "RUNS", tmp_path / "runs")
    return tmp_path


@pytest.mark.slow
def test_a_failed_run_leaves_the_finished_output_and_figures_untouched(project):
    out, figs = project / "runs" / "out" / "98.ipynb", project / "runs" / "out" / "figures"
    assert runner.execute("98", out, {"value": 2}, figs) == {"value": 2}
    before = out.read_bytes(), (figs / "98-line.png").read_bytes()
    with pytest.raises(runner.ExecutionFailed, match="98-test-runner failed in cell \\d+: RuntimeError: stopped on purpose"):
        runner.execute("98", out, {"value": 5, "fail": True}, figs)
    assert (out.read_bytes(), (figs / "98-line.png").read_bytes()) == before
    assert not list((project / "build").glob("run-*")), "no scratch folder is left behind"


@pytest.mark.slow
def test_executing_twice_gives_the_same_bytes_without_timings_or_paths(project):
    out = project / "runs" / "out" / "98.ipynb"
    runner.execute("98", out, {}, project / "runs" / "figs")
    first = out.read_bytes()
    runner.execute("98", out, {}, project / "runs" / "figs")
    assert out.read_bytes() == first
    text = first.decode()
    for volatile in ("start_time", "end_time", "duration", "iopub.execute_input", str(project)):
        assert volatile not in text


def test_parameters_are_refused_before_any_kernel_starts(project):
    with pytest.raises(ParameterError, match="parameter 'value' must be a whole number from 0 to 10"):
        runner.execute("98", project / "never.ipynb", {"value": 11}, project / "figs")
    assert not (project / "never.ipynb").exists()


def test_strip_volatile_keeps_parameters_and_drops_timings():
    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {"parameters": {"x": 1}, "start_time": "2026-01-01", "input_path": "/somewhere"}
    cell = nbformat.v4.new_code_cell("x")
    cell.metadata.update({"papermill": {"duration": 1.0}, "execution": {"iopub.status.idle": "t"}, "tags": ["keep"]})
    nb.cells = [cell]
    runner.strip_volatile(nb)
    assert nb.metadata == {"reappraise": {"parameters": {"x": 1}}}
    assert cell.metadata == {"tags": ["keep"]}


def test_write_if_changed_does_not_touch_a_file_with_the_same_bytes(tmp_path):
    path = tmp_path / "f.txt"
    assert files.write_if_changed(path, b"abc") is True
    mtime = path.stat().st_mtime_ns
    assert files.write_if_changed(path, b"abc") is False
    assert path.stat().st_mtime_ns == mtime
    assert files.write_if_changed(path, b"abd") is True


def test_printed_text_split_across_messages_is_saved_as_one_output():
    parts = [nbformat.v4.new_output("stream", name="stdout", text="SD = 8.31"),
             nbformat.v4.new_output("stream", name="stdout", text="\n"),
             nbformat.v4.new_output("stream", name="stderr", text="warning\n"),
             nbformat.v4.new_output("stream", name="stdout", text="after\n")]
    merged = runner.coalesce_streams(parts)
    assert [(o.name, o.text) for o in merged] == [("stdout", "SD = 8.31\n"), ("stderr", "warning\n"), ("stdout", "after\n")]
