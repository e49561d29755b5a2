"""Parameter schemas of the notebooks, and validation before any kernel starts.

Each notebook ``notebooks/NN-verb-object.ipynb`` has a schema beside it,
``notebooks/NN-verb-object.params.yaml``: one entry per parameter of its ``parameters``
cell, with ``type`` (int, float, str, bool), ``default``, ``help`` and optionally ``min``,
``max`` (inclusive) and ``choices``. A test checks that every schema matches its
notebook's ``parameters`` cell. Papermill alone accepts any name and any value; here an
unknown name, a wrong type, a value out of range or a number that is not finite (NaN,
infinity) is an error that names the parameter and what is allowed.

Rules between parameters go under the reserved key ``rules``: a list of entries with a
``check`` (an expression over parameter names: numbers, text, lists, ``+ - * /``,
comparisons, ``in``, ``not in``, ``and``, ``or``, ``not``) and a ``help`` sentence, e.g.::

    rules:
      - check: benchmark_low <= benchmark_high
        help: the low end of the placebo benchmark cannot exceed its high end

Every rule is checked on the values a run would use (its values over the defaults) before
any kernel starts; the defaults must satisfy every rule. The ranges and rules together
admit only values the notebook runs to its end with (tests/test_hostile_input.py runs each
notebook at the edges of its schema).
"""

from __future__ import annotations

import ast
import math
import operator
from dataclasses import dataclass
from pathlib import Path

import yaml

from reappraise import paths
from reappraise.errors import ParameterError

TYPES = {"int": int, "float": float, "str": str, "bool": bool}
_KEYS = {"type", "default", "help", "min", "max", "choices"}
#: Reserved top-level key of a schema file holding the rules between parameters.
RULES = "rules"


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
        shown = {bound: str(bound) if isinstance(bound, (int, type(None))) else f"{bound:g}" for bound in (self.min, self.max)}
        if self.min is not None and self.max is not None:
            return f"{text} from {shown[self.min]} to {shown[self.max]}"
        if self.min is not None:
            return f"{text} >= {shown[self.min]}"
        if self.max is not None:
            return f"{text} <= {shown[self.max]}"
        return text

    def check(self, value, where: str) -> tuple[object, str | None]:
        """Return (typed value, None) if ``value`` is allowed, else (None, one-line problem)."""
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:30] + "…" + repr(value)[-5:]
        problem = f"{where}: parameter {self.name!r} must be {self.allowed()}, got {shown}"
        if isinstance(value, str) and self.type != "str":
            value = _from_text(value, self.type)
        if self.type == "float" and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if value is None or not isinstance(value, TYPES[self.type]) or (self.type != "bool" and isinstance(value, bool)):
            return None, problem
        if self.type == "float" and not math.isfinite(value):
            return None, f"{where}: parameter {self.name!r} must be a finite number ({self.allowed()}), got {shown}"
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
    if not isinstance(raw, dict):
        raise ParameterError(f"{path.name}: expected a mapping of parameter names to their entries")
    schema = {}
    for name, spec in raw.items():
        if name == RULES:
            continue
        if not isinstance(spec, dict) or spec.get("type") not in TYPES or "default" not in spec or set(spec) - _KEYS:
            raise ParameterError(f"{path.name}: entry {name!r} needs type ({'/'.join(TYPES)}), default and help only")
        choices = tuple(spec["choices"]) if "choices" in spec else None
        param = Param(name, spec["type"], spec["default"], str(spec.get("help", "")), spec.get("min"), spec.get("max"), choices)
        default, problem = param.check(spec["default"], path.name)
        if problem:
            raise ParameterError(problem.replace("must be", "default must be"))
        schema[name] = Param(name, param.type, default, param.help, param.min, param.max, choices)
    return schema


# --- rules between parameters -------------------------------------------------------------------

_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
        ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
        ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.USub: operator.neg, ast.Not: operator.not_,
        ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b}


@dataclass(frozen=True)
class Rule:
    """A rule between parameters: an expression that must be true, and a sentence saying why."""

    check: str
    help: str

    def names(self) -> list[str]:
        """The parameter names the rule mentions, in order of appearance."""
        return list(dict.fromkeys(n.id for n in ast.walk(ast.parse(self.check, mode="eval")) if isinstance(n, ast.Name)))

    def holds(self, values: dict) -> bool:
        """Evaluate the rule on ``values`` (every name it mentions must be there)."""
        return bool(_evaluate(ast.parse(self.check, mode="eval").body, values))


def _evaluate(node, values: dict):
    """Evaluate the small expression language of rules (no calls, no attributes, no subscripts)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float, str, bool)):
        return node.value
    if isinstance(node, ast.Name):
        return values[node.id]
    if isinstance(node, (ast.List, ast.Tuple)):
        return tuple(_evaluate(item, values) for item in node.elts)
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        return _OPS[type(node.op)](_evaluate(node.left, values), _evaluate(node.right, values))
    if isinstance(node, ast.UnaryOp) and type(node.op) in _OPS:
        return _OPS[type(node.op)](_evaluate(node.operand, values))
    if isinstance(node, ast.BoolOp):
        results = (_evaluate(v, values) for v in node.values)
        return all(results) if isinstance(node.op, ast.And) else any(results)
    if isinstance(node, ast.Compare) and all(type(op) in _OPS for op in node.ops):
        left = _evaluate(node.left, values)
        for op, right_node in zip(node.ops, node.comparators):
            right = _evaluate(right_node, values)
            if not _OPS[type(op)](left, right):
                return False
            left = right
        return True
    raise ValueError(f"not allowed in a rule: {ast.dump(node)[:60]}")


def load_rules(notebook: str) -> list[Rule]:
    """Read the rules between parameters of ``notebook``'s schema (checked against its parameters)."""
    schema = load_schema(notebook)
    path = schema_path(notebook if schema_path(notebook).is_file() else resolve_notebook(notebook))
    raw = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get(RULES) or []
    if not isinstance(raw, list):
        raise ParameterError(f"{path.name}: {RULES} must be a list of entries with check and help")
    rules = []
    for entry in raw:
        if not isinstance(entry, dict) or set(entry) != {"check", "help"} or not isinstance(entry["check"], str):
            raise ParameterError(f"{path.name}: each entry of {RULES} needs a check (an expression) and a help sentence")
        rule = Rule(entry["check"], str(entry["help"]))
        try:
            unknown = [n for n in rule.names() if n not in schema]
            if unknown:
                raise ValueError(f"unknown parameter {unknown[0]!r}")
            holds = rule.holds({n: p.default for n, p in schema.items()})
        except (SyntaxError, ValueError, TypeError, ZeroDivisionError) as exc:
            raise ParameterError(f"{path.name}: rule {rule.check!r} is not a valid check: {exc}") from None
        if not holds:
            raise ParameterError(f"{path.name}: the defaults break rule {rule.check!r}")
        rules.append(rule)
    return rules


def _broken(notebook: str, schema: dict, clean: dict, where: str) -> list[str]:
    """One line per rule of ``notebook`` that the values in ``clean`` (over the defaults) break."""
    values = {n: p.default for n, p in schema.items()} | clean
    problems = []
    for rule in load_rules(notebook):
        if not set(rule.names()) & set(clean):
            continue  # the defaults satisfy every rule
        try:
            holds = rule.holds(values)
        except (ArithmeticError, TypeError, ValueError):
            holds = False
        if not holds:
            shown = ", ".join(f"{n} = {values[n]!r}" for n in rule.names())
            problems.append(f"{where}: {shown} break the rule {rule.check}: {rule.help}")
    return problems


def validate(notebook: str, values: dict, where: str = "command line") -> dict:
    """Return ``values`` typed and checked against the schema of ``notebook``.

    Each value is checked against its entry, then every rule between parameters on the
    values over the defaults. Every problem is collected and reported at once, one line
    each, in a ParameterError.
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
    if not problems:
        problems = _broken(notebook, schema, clean, where)
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
