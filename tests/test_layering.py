"""Specification of the package's architecture: four layers, imports pointing one way.

``reappraise.pipeline`` -> ``reappraise.report`` -> ``reappraise.evidence`` -> ``reappraise.stats``
(see the map in ``reappraise/__init__.py``). Every import is read from the source, including
imports inside functions, so a lazy import cannot hide a wrong-way dependency or a circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "reappraise"
LAYERS = ("stats", "evidence", "report", "pipeline")  # lowest first
SHARED = {"reappraise", "reappraise.errors", "reappraise.style", "reappraise.paths"}
#: Standard-library modules that reach files, processes, the network or the environment.
IO_MODULES = {"os", "pathlib", "io", "shutil", "subprocess", "tempfile", "socket", "urllib", "http", "sys", "glob"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, package: str | None = None) -> list[tuple[str, int]]:
    """Every module ``path`` imports (absolute names; ``from x import y`` gives ``x.y`` when y is a module).

    ``package`` is the package the file belongs to, for relative imports (default: from its place in src/).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if package is None:
        package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.append((base, node.lineno))
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                if _is_module(candidate):
                    found.append((candidate, node.lineno))
    return found


def _is_module(name: str) -> bool:
    if not name.startswith("reappraise"):
        return False
    rel = Path(*name.split(".")[1:]) if "." in name else Path()
    return (PACKAGE / rel).with_suffix(".py").is_file() or (PACKAGE / rel / "__init__.py").is_file()


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


def test_every_module_lives_in_a_layer_or_is_one_of_the_shared_foundations():
    loose = {m for m in MODULES if _layer(m) is None} - SHARED - {"reappraise.__main__"}
    assert not loose, f"modules outside the four layers: {sorted(loose)}; move each into stats, evidence, report or pipeline"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _layer(m)))
def test_imports_point_down_the_layers_only(module):
    own = LAYERS.index(_layer(module))
    wrong = [(name, line) for name, line in _imports(MODULES[module])
             if _layer(name) and LAYERS.index(_layer(name)) > own]
    assert not wrong, f"{module} imports a higher layer: " + ", ".join(f"{n} (line {ln})" for n, ln in wrong)


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _layer(m) == "stats"))
def test_statistics_are_pure_no_file_environment_or_path_access(module):
    path = MODULES[module]
    imported = [(name, line) for name, line in _imports(path)
                if name.split(".")[0] in IO_MODULES or name == "reappraise.paths"]
    assert not imported, f"{module} imports I/O: " + ", ".join(f"{n} (line {ln})" for n, ln in imported)
    calls = [node.lineno for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"open", "print", "input"}]
    assert not calls, f"{module} calls open/print/input at lines {calls}"


def test_the_package_has_no_import_circle():
    graph = {m: {name for name, _ in _imports(p) if name in MODULES and name != m} for m, p in MODULES.items()}
    # a package's __init__ importing nothing of its children is what keeps this graph acyclic
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)):
            pytest.fail("import circle: " + " -> ".join(cycle))


def test_the_layering_check_would_catch_a_wrong_way_import(tmp_path):
    """The checker itself: a stats module importing the ledger (absolutely or relatively) is reported."""
    bad = tmp_path / "bad.py"
    bad.write_text("from reappraise.evidence import ledger\nimport os\n\ndef f():\n    from ..pipeline import runner\n")
    names = [n for n, _ in _imports(bad, package="reappraise.stats")]
    assert {"reappraise.evidence.ledger", "os", "reappraise.pipeline.runner"} <= set(names)
    assert [n for n in names if _layer(n) and LAYERS.index(_layer(n)) > LAYERS.index("stats")]
