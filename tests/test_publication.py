"""The publication is the default publication.

nbval only checks that a committed notebook agrees with itself: a notebook executed with
other parameter values (a run written over it, papermill run on it by hand) re-executes to
the same outputs and passes. These tests pin the publication to the defaults instead: every
committed notebook carries exactly its schema defaults, and the README and landing-page
findings tables are what those notebooks' recorded results produce, and every PNG in figures/
is the image its published notebook shows (a figure written by a run with other values, or
by code run outside the runner, fails). Poisoning a published notebook with another value
fails here.
"""

import copy
import html

import nbformat
import pytest

from reappraise import paths
from reappraise.pipeline import params, runner, site

NOTEBOOKS = params.notebook_names()


@pytest.fixture(scope="module")
def entries():
    return site.collect_entries()


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_published_notebook_carries_its_schema_defaults_and_nothing_injected(name):
    assert runner.publication_problems(name) == []


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_published_notebook_assigns_each_parameter_of_its_schema(name):
    nb = nbformat.read(paths.notebook_path(name), as_version=4)
    assert runner.parameters_of(nb) == {p.name: p.default for p in params.load_schema(name).values()}


def test_every_committed_figure_is_the_one_its_published_notebook_shows():
    shown: dict[str, bytes] = {}  # filled by the site's own reading of each figure and its caption
    for name in NOTEBOOKS:
        site.prepare_notebook(nbformat.read(paths.notebook_path(name), as_version=4), name, shown)
    committed = {p.stem: p.read_bytes() for p in paths.FIGURES.glob("*.png")}
    assert set(committed) == set(shown), "figures/ and the figures the notebooks show differ"
    different = sorted(name for name in committed if committed[name] != shown[name])
    assert not different, f"figures/ holds other images than the published notebooks show: {different}"


def poisoned(name: str, **values):
    """Notebook ``name`` as papermill leaves it after a run with ``values``: an injected cell and recorded parameters."""
    nb = copy.deepcopy(nbformat.read(paths.notebook_path(name), as_version=4))
    at = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])) + 1
    cell = nbformat.v4.new_code_cell("\n".join(f"{k} = {v!r}" for k, v in values.items()),
                                     metadata={"tags": [runner.INJECTED]})
    nb.cells.insert(at, cell)
    nb.metadata["reappraise"] = {"parameters": values}
    return nb


def test_a_notebook_poisoned_with_another_parameter_value_is_caught():
    problems = runner.publication_problems(NOTEBOOKS[0], poisoned(NOTEBOOKS[0], confidence=0.8))
    assert any("injected-parameters cell" in p for p in problems)
    assert any("confidence = 0.8, not its default 0.95" in p for p in problems)
    assert any("metadata records run parameters" in p for p in problems)


def test_a_parameters_cell_edited_to_another_value_is_caught():
    nb = nbformat.read(paths.notebook_path(NOTEBOOKS[0]), as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    cell.source = cell.source.replace("confidence = 0.95", "confidence = 0.8")
    assert runner.publication_problems(NOTEBOOKS[0], nb) == [
        f"{NOTEBOOKS[0]}: parameter confidence = 0.8, not its default 0.95"]


def test_publish_drops_an_injected_cell_before_executing():
    nb = poisoned(NOTEBOOKS[0], confidence=0.8)
    assert runner.without_injected(nb) is True
    assert runner.publication_problems(NOTEBOOKS[0], nb) == []


def test_the_readme_findings_table_is_what_the_default_results_produce(entries):
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- findings:start", 1)[1].split("-->", 1)[1].split("<!-- findings:end -->", 1)[0]
    assert block.strip() == site.findings_markdown(entries).strip()


def test_the_landing_page_table_shows_every_recorded_headline(entries):
    table = site._findings_html(entries)
    headlines = [e for e in entries if all(k in e["results"] for k in site.HEADLINE)]
    assert headlines, "at least one notebook records its headline"
    for entry in headlines:
        for key in site.HEADLINE:
            assert html.escape(str(entry["results"][key])) in table


def test_the_findings_table_of_a_poisoned_notebook_differs_from_the_readme(entries):
    """What a poisoned publication would do to the README: the table changes, so the test above fails."""
    changed = [dict(e, results=dict(e["results"])) for e in entries]
    first = next(e for e in changed if "headline_reconstruction" in e["results"])
    first["results"]["headline_reconstruction"] = first["results"]["headline_reconstruction"].replace("95%", "80%")
    assert site.findings_markdown(changed) != site.findings_markdown(entries)
