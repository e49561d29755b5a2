"""Write a notebook from a percent-format script (``# %%`` code cells, ``# %% [markdown]``).

Usage: python tools/py2nb.py SCRIPT.py notebooks/NN-verb-object.ipynb

A cell header ``# %% tags=["parameters"]`` tags the cell. Markdown cells are written as
comment lines (``# text``). Cell ids are deterministic (``cell-01``, ``cell-02``, ...), so
rewriting a notebook from the same script gives the same file. The notebook is written
unexecuted; ``python -m reappraise execute NN`` executes it in place.
"""

import json
import re
import sys

import nbformat


def parse(text: str) -> list[dict]:
    cells, current = [], None
    for line in text.splitlines():
        header = re.match(r"^# %%(?:\s*\[(markdown)\])?(?:\s*tags=(\[.*\]))?\s*$", line)
        if header:
            current = {"kind": "markdown" if header.group(1) else "code",
                       "tags": json.loads(header.group(2)) if header.group(2) else [], "lines": []}
            cells.append(current)
        elif current is not None:
            current["lines"].append(line)
    return cells


def build(cells: list[dict]):
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for i, cell in enumerate(cells, start=1):
        lines = cell["lines"]
        while lines and not lines[-1].strip():
            lines.pop()
        if cell["kind"] == "markdown":
            source = "\n".join(re.sub(r"^# ?", "", l) for l in lines)
            node = nbformat.v4.new_markdown_cell(source)
        else:
            node = nbformat.v4.new_code_cell("\n".join(lines))
        node["id"] = f"cell-{i:02d}"
        if cell["tags"]:
            node.metadata["tags"] = cell["tags"]
        nb.cells.append(node)
    return nb


if __name__ == "__main__":
    script, target = sys.argv[1], sys.argv[2]
    nb = build(parse(open(script, encoding="utf-8").read()))
    nbformat.validate(nb)
    with open(target, "w", encoding="utf-8") as fh:
        nbformat.write(nb, fh)
    print(f"wrote {target} ({len(nb.cells)} cells)")
