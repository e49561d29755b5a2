"""Sphinx extension of the reappraise site: citations by source key, maths without a CDN.

``{cite}`doi:10.1192/bjp.2025.10320``` (several keys separated by ``;``) writes the short
citation from ``data/sources.csv`` as a link to the bibliography page, and every page that
cites ends with a "Sources cited" section listing the full references, DOIs as links.
Keys are the ``source`` column of ``data/sources.csv``; an unknown key is a build warning.

Maths (``$...$``, ``$$...$$``) is converted to MathML at build time (latex2mathml), which
browsers render natively, so no MathJax is loaded from anywhere (math renderer ``mathml``).
"""

from __future__ import annotations

import csv

from docutils import nodes
from sphinx.util import logging

from reappraise import paths

logger = logging.getLogger(__name__)
BIBLIOGRAPHY = "sources"


def load_sources(path=None) -> dict[str, dict]:
    """Return the rows of ``data/sources.csv`` by key, in file order."""
    with open(path or paths.SOURCES, newline="", encoding="utf-8") as handle:
        return {row["source"]: row for row in csv.DictReader(handle)}


def anchor(key: str) -> str:
    """Return the HTML id of source ``key`` on the bibliography page (``src-doi-10-1192-...``)."""
    return "src-" + "".join(c if c.isalnum() else "-" for c in key.lower()).strip("-")


def doi_url(doi: str) -> str:
    """Return the resolver address of a DOI (characters outside URLs percent-encoded)."""
    from urllib.parse import quote

    return "https://doi.org/" + quote(doi, safe="/:;()._-")


def cite_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    sources = load_sources()
    out, messages = [], []
    for i, key in enumerate(k.strip() for k in text.split(";")):
        if key not in sources:
            msg = inliner.reporter.warning(f"cite: unknown source key {key!r} (not in data/sources.csv)", line=lineno)
            messages.append(msg)
            out.append(nodes.problematic(key, key))
            continue
        if i:
            out.append(nodes.Text("; "))
        ref = nodes.reference(key, sources[key]["short"], refuri=f"{BIBLIOGRAPHY}.html#{anchor(key)}",
                              classes=["rp-cite"])
        ref["rp_key"] = key
        out.append(ref)
    return out, messages


def reference_nodes(key: str, row: dict) -> nodes.paragraph:
    """Return the full reference of one source as a paragraph, its DOI a link."""
    para = nodes.paragraph()
    para += nodes.Text(row["citation"].strip() + " ")
    if row.get("doi"):
        para += nodes.reference(row["doi"], "doi:" + row["doi"], refuri=doi_url(row["doi"]))
    return para


def append_cited(app, doctree) -> None:
    """End a page that cites sources with the list of those sources."""
    keys = []
    for ref in doctree.findall(nodes.reference):
        key = ref.get("rp_key")
        if key and key not in keys:
            keys.append(key)
    if not keys:
        return
    sources = load_sources()
    section = nodes.section(ids=["sources-cited"], names=["sources cited"])
    section += nodes.title("Sources cited", "Sources cited")
    items = nodes.bullet_list()
    for key in keys:
        items += nodes.list_item("", reference_nodes(key, sources[key]))
    section += items
    top = next(iter(doctree.findall(nodes.section)), None)
    (top if top is not None else doctree).append(section)


def _mathml(latex: str, display: bool) -> str:
    from latex2mathml.converter import convert

    try:
        return convert(latex, display="block" if display else "inline")
    except Exception:  # noqa: BLE001 - an unsupported command shows the TeX source instead
        import html

        return f'<code class="rp-tex">{html.escape(latex)}</code>'


def _visit_inline(self, node):
    self.body.append(f'<span class="rp-math">{_mathml(node.astext(), False)}</span>')
    raise nodes.SkipNode


def _visit_block(self, node):
    self.body.append(f'<div class="rp-math rp-math-block" tabindex="0">{_mathml(node.astext(), True)}</div>')
    raise nodes.SkipNode


def setup(app):
    app.add_html_math_renderer("mathml", (_visit_inline, None), (_visit_block, None))
    app.add_role("cite", cite_role)
    app.connect("doctree-read", append_cited)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
