"""Notebook parameters: every schema matches its notebook, and bad values are refused before any kernel starts."""

import ast
import json

import pytest

from reappraise import paths
from reappraise.pipeline import params
from reappraise.errors import ParameterError

NOTEBOOKS = params.notebook_names()


def parameters_cell_defaults(name):
    """Return {name: value} assigned in the notebook's cell tagged 'parameters'."""
    nb = json.loads(paths.notebook_path(name).read_text())
    cells = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1, f"{name} must have exactly one cell tagged 'parameters'"
    tree = ast.parse("".join(cells[0]["source"]))
    return {node.targets[0].id: ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)}


def test_every_notebook_file_has_a_schema():
    on_disk = sorted(p.stem for p in paths.NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    assert on_disk == NOTEBOOKS


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_the_schema_names_exactly_the_parameters_cell_and_its_defaults(name):
    schema = params.load_schema(name)
    defaults = parameters_cell_defaults(name)
    assert list(defaults) == list(schema), "same names, same order"
    for key, value in defaults.items():
        assert value == schema[key].default, f"{name}: default of {key}"
        assert schema[key].help, f"{name}: {key} needs a help text"


def test_notebooks_can_be_named_by_number_or_file_name():
    assert params.resolve_notebook("01") == "01-reconstruct-response-remission"
    assert params.resolve_notebook("notebooks/01-reconstruct-response-remission.ipynb") == "01-reconstruct-response-remission"


def test_an_unknown_notebook_is_named_with_the_choices():
    with pytest.raises(ParameterError, match="unknown notebook '99'; choose one of: 01-"):
        params.resolve_notebook("99")


def test_command_line_text_is_converted_to_the_declared_types():
    got = params.validate("01", {"confidence": "0.9", "ci_method": "jeffreys"})
    assert got == {"confidence": 0.9, "ci_method": "jeffreys"}


@pytest.mark.parametrize("values, message", [
    ({"confidance": "0.9"}, "has no parameter 'confidance'; its parameters are: ci_method"),
    ({"confidence": "high"}, "parameter 'confidence' must be a number from 0.5 to 0.999, got 'high'"),
    ({"confidence": "1.5"}, "parameter 'confidence' must be a number from 0.5 to 0.999"),
    ({"ci_method": "wald"}, "parameter 'ci_method' must be one of 'wilson', 'clopper-pearson'"),
    ({"confidence": True}, "parameter 'confidence' must be a number"),
])
def test_a_bad_value_is_one_line_naming_the_parameter_and_what_is_allowed(values, message):
    with pytest.raises(ParameterError) as info:
        params.validate("01", values)
    assert message in str(info.value)
    assert len(str(info.value).splitlines()) == 1


def test_every_problem_is_reported_at_once():
    with pytest.raises(ParameterError) as info:
        params.validate("01", {"confidence": "2", "ci_method": "wald", "nope": 1})
    assert len(str(info.value).splitlines()) == 3


def test_integers_are_accepted_where_a_float_is_declared():
    assert params.validate("01", {"benchmark_low": 0.3})["benchmark_low"] == 0.3
    assert params.Param("x", "float", 1.0, "", 0, 2).check(1, "test") == (1.0, None)


def test_a_malformed_schema_is_reported_with_its_file(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "NOTEBOOKS", tmp_path)
    (tmp_path / "77-test-it.ipynb").write_text("{}")
    (tmp_path / "77-test-it.params.yaml").write_text("x: [unclosed\n")
    with pytest.raises(ParameterError, match="77-test-it.params.yaml: not valid YAML"):
        params.load_schema("77-test-it")
    (tmp_path / "77-test-it.params.yaml").write_text("x:\n  type: complex\n  default: 1\n")
    with pytest.raises(ParameterError, match="entry 'x' needs type"):
        params.load_schema("77-test-it")
    (tmp_path / "77-test-it.params.yaml").write_text("x:\n  type: int\n  default: 5\n  max: 3\n  help: h\n")
    with pytest.raises(ParameterError, match="default must be"):
        params.load_schema("77-test-it")
