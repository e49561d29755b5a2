"""Parameter schemas of the notebooks, and validation before any kernel starts.

Each notebook ``notebooks/NN-verb-object.ipynb`` has a schema beside it,
``notebooks/NN-verb-object.params.yaml``: one entry per parameter of its ``parameters``
cell, with ``type`` (int, float, str, bool), ``default``, ``help`` and optionally ``min``,
``max`` (inclusive) and ``choices``. A test checks that every schema matches its
notebook's ``parameters`` cell. Papermill alone accepts any name and any value; here an
unknown name, a wrong type or a value out of range is an error that names the parameter
and what is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from reappraise import paths
from reappraise.errors import ParameterError

TYPES = {"int": int, "float": float, "str": str, "bool": bool}
_KEYS = {"type", "default", "help", "min", "max", "choices"}


@dataclass(frozen=True)
class Param:
    """One notebook parameter: name, type name, default, help text and its allowed values."""

    name: str
    type: str
    default: object
    help: str
    min: float | None = None
    max: float | None = None
    choices: tuple | None = None

    def allowed(self) -> str:
        """Describe the allowed values in words, e.g. 'a float from 0.5 to 0.999'."""
        if self.choices is not None:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        text = {"int": "a whole number", "float": "a number", "str": "text", "bool": "true or false"}[self.type]
        if self.min is not None and self.max is not None:
            return f"{text} from {self.min:g} to {self.max:g}"
        if self.min is not None:
            return f"{text} >= {self.min:g}"
        if self.max is not None:
            return f"{text} <= {self.max:g}"
        return text

    def check(self, value, where: str) -> tuple[object, str | None]:
        """Return (typed value, None) if ``value`` is allowed, else (None, one-line problem)."""
        problem = f"{where}: parameter {self.name!r} must be {self.allowed()}, got {value!r}"
        if isinstance(value, str) and self.type != "str":
            value = _from_text(value, self.type)
        if self.type == "float" and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if value is None or not isinstance(value, TYPES[self.type]) or (self.type != "bool" and isinstance(value, bool)):
            return None, problem
        if self.choices is not None and value not in self.choices:
            return None, problem
        if self.min is not None and value < self.min or self.max is not None and value > self.max:
            return None, problem
        return value, None


def _from_text(text: str, kind: str):
    """Convert command-line text to ``kind``; return None if it does not parse."""
    try:
        if kind == "int":
            return int(text)
        if kind == "float":
            return float(text)
        if kind == "bool":
            return {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}[text.lower()]
    except (ValueError, KeyError):
        return None
    return text


def schema_path(notebook: str) -> Path:
    """Return the schema file of ``notebook`` (a name like '01-reconstruct-response-remission')."""
    return paths.notebook_path(notebook).with_suffix(".params.yaml")


def notebook_names() -> list[str]:
    """Return the names of every notebook in ``notebooks/`` (those with a schema), in reading order."""
    return sorted(p.name[: -len(".params.yaml")] for p in paths.NOTEBOOKS.glob("[0-9][0-9]-*.params.yaml")
                  if paths.notebook_path(p.name[: -len(".params.yaml")]).is_file())


def resolve_notebook(name: str) -> str:
    """Return the full notebook name for ``name``: an exact name, a file name, or its 'NN' prefix."""
    names = notebook_names()
    stem = Path(name).name.removesuffix(".ipynb")
    matches = [n for n in names if n == stem or n.split("-", 1)[0] == stem]
    if len(matches) != 1:
        raise ParameterError(f"unknown notebook {name!r}; choose one of: {', '.join(names)}")
    return matches[0]


def load_schema(notebook: str) -> dict[str, Param]:
    """Read and check the schema of ``notebook`` (name or number); return {name: Param} in file order."""
    if not schema_path(notebook).is_file():
        notebook = resolve_notebook(notebook)
    path = schema_path(notebook)
    if not path.is_file():
        raise ParameterError(f"notebook {notebook!r} has no parameter schema ({path.name})")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ParameterError(f"{path.name}: not valid YAML ({exc.__class__.__name__})") from None
    schema = {}
    for name, spec in raw.items():
        if not isinstance(spec, dict) or spec.get("type") not in TYPES or "default" not in spec or set(spec) - _KEYS:
            raise ParameterError(f"{path.name}: entry {name!r} needs type ({'/'.join(TYPES)}), default and help only")
        choices = tuple(spec["choices"]) if "choices" in spec else None
        param = Param(name, spec["type"], spec["default"], str(spec.get("help", "")), spec.get("min"), spec.get("max"), choices)
        default, problem = param.check(spec["default"], path.name)
        if problem:
            raise ParameterError(problem.replace("must be", "default must be"))
        schema[name] = Param(name, param.type, default, param.help, param.min, param.max, choices)
    return schema


def validate(notebook: str, values: dict, where: str = "command line") -> dict:
    """Return ``values`` typed and checked against the schema of ``notebook``.

    Every problem is collected and reported at once, one line each, in a ParameterError.
    """
    notebook = notebook if schema_path(notebook).is_file() else resolve_notebook(notebook)
    schema = load_schema(notebook)
    problems, clean = [], {}
    for name, value in values.items():
        if name not in schema:
            problems.append(f"{where}: {notebook} has no parameter {name!r}; its parameters are: {', '.join(schema)}")
            continue
        typed, problem = schema[name].check(value, where)
        if problem:
            problems.append(problem)
        else:
            clean[name] = typed
    if problems:
        raise ParameterError("\n".join(problems))
    problems = cross_checks(notebook, {**{n: p.default for n, p in schema.items()}, **clean}, where)
    if problems:
        raise ParameterError("\n".join(problems))
    return clean


def cross_checks(notebook: str, values: dict, where: str) -> list[str]:
    """Rules over a notebook's whole set of values, once each value passed its own check.

    ``study``: the study must be known and have every ledger row the notebook requires
    (:func:`reappraise.evidence.studies.preflight`, one line per missing row).
    """
    if "study" not in values:
        return []
    from reappraise.evidence import studies

    return [f"{where}: {line}" for line in studies.preflight(notebook, values["study"])]


def check_namespace(notebook: str, namespace: dict) -> dict:
    """Validate, inside a running notebook, the parameter values now in ``namespace``.

    Catches values injected by running papermill directly; returns the values checked.
    """
    schema = load_schema(notebook)
    return validate(notebook, {name: namespace[name] for name in schema if name in namespace}, where=notebook)
