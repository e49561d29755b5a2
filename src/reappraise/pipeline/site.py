"""Build the rendered site (``build/site/``) with Sphinx, MyST-NB and the book theme, offline.

The executed notebooks are not re-executed (MyST-NB execution is off). :func:`build` writes
a Sphinx source tree (``build/site-work/src``) and runs Sphinx on it:

- every ``notebooks/NN-*.ipynb``, copied and prepared for reading (:func:`prepare_notebook`):
  code folded, figures as numbered figures linking to their full-size PNG, tables in the
  collection's style, key results as a small table, DOIs as links, a download link for the
  original notebook, and the references at the end of the page;
- the landing page with the headline findings (from each notebook's recorded ``headline_*``
  results), the reading order, the teacher's page (``notebooks/TEACHING.md``), how to rerun
  (from the parameter schemas), the full ledger and the bibliography (``data/sources.csv``).

Nothing is fetched at build or view time (no CDN; no MathJax). Sources are written only
when their bytes change, so Sphinx rebuilds only what changed; output bytes depend only on
the inputs. The repository address shown on pages is ``[tool.reappraise] repository`` in
``pyproject.toml`` (or the ``REAPPRAISE_REPOSITORY`` environment variable); without one,
pages say how to get the code.
"""

from __future__ import annotations

import base64
import copy
import csv
import functools
import html
import io
import os
import re
import shutil
import sys
import tomllib
from pathlib import Path

import nbformat

from reappraise import __version__
from reappraise import paths
from reappraise.pipeline import params, sphinx_ext
from reappraise.pipeline.files import write_if_changed
from reappraise.report import results, tables

TEMPLATES = Path(__file__).parent / "templates"
CONF = TEMPLATES / "sphinx"
HEADLINE = ("headline_claim", "headline_reconstruction", "headline_robustness", "headline_verdict")
PAGES = ("reading-order", "teaching", "rerun", "studies", "ledger", "sources")
_CAPTION = re.compile(r"^\*Figure ([A-Za-z0-9_.-]+)\.\*\s*(.*)$", re.S)
_DOI = re.compile(r"(?<![\w/\[])doi:\s?(10\.\d{4,9}/\S+)")


# --- configuration ------------------------------------------------------------------------

def repository_url() -> str:
    """Return the configured repository address ('' when none is configured)."""
    env = os.environ.get("REAPPRAISE_REPOSITORY")
    if env is not None:
        return env.strip()
    try:
        config = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return ""
    return str(config.get("tool", {}).get("reappraise", {}).get("repository", "")).strip()


def sphinx_config() -> dict:
    """Return the Sphinx settings of the site (read by ``templates/sphinx/conf.py``)."""
    repo = repository_url()
    return {
        "project": "reappraise", "author": "reappraise contributors", "copyright": "reappraise contributors",
        "version": __version__, "release": __version__, "language": "en",
        "extensions": ["myst_nb", "reappraise.pipeline.sphinx_ext"],
        "exclude_patterns": ["_originals", "**.ipynb_checkpoints"],
        "nb_execution_mode": "off", "nb_merge_streams": True, "nb_render_markdown_format": "myst",
        "nb_code_prompt_show": "Show code", "nb_code_prompt_hide": "Hide code",
        "myst_enable_extensions": ["colon_fence", "deflist", "dollarmath"], "myst_heading_anchors": 3,
        "suppress_warnings": ["myst.header", "mystnb.unknown_mime_type", "misc.highlighting_failure"],
        "numfig": True, "numfig_secnum_depth": 1,
        "numfig_format": {"figure": "Figure %s", "table": "Table %s", "code-block": "Listing %s", "section": "Section %s"},
        "html_theme": "sphinx_book_theme", "html_title": "reappraise", "html_static_path": [str(CONF / "_static")],
        "html_css_files": ["reappraise.css"], "html_js_files": ["reappraise.js"], "html_favicon": str(CONF / "_static" / "favicon.svg"),
        "html_copy_source": False, "html_show_sourcelink": False, "html_use_index": False,
        "html_domain_indices": False, "html_last_updated_fmt": None, "html_permalinks_icon": "#",
        "html_theme_options": {
            "repository_url": repo, "use_repository_button": bool(repo), "use_download_button": True,
            "use_fullscreen_button": False, "home_page_in_toc": True, "show_toc_level": 2,
            "toc_title": "Contents", "show_navbar_depth": 1, "navigation_with_keys": False,
            "path_to_docs": "notebooks", "repository_branch": "main",
            "extra_footer": "<p>Code MIT, text and figures CC BY 4.0. Reconstructions are labelled as such and are not trial data.</p>"
                            "<p>Per-arm trial data: the Metapsy database <a href=\"https://doi.org/10.5281/zenodo.18740439\">"
                            "data-ptsd-mdmactr</a> (Sypres collaboration, Metapsy project), used under the "
                            "<a href=\"http://opendatacommons.org/licenses/by/1.0/\">Open Data Commons Attribution License 1.0</a>.</p>",
        },
        "html_context": {"default_mode": "auto"},
        # No CDN: maths becomes MathML at build time (reappraise.pipeline.sphinx_ext), no MathJax.
        "html_math_renderer": "mathml",
    }


# --- notebooks -----------------------------------------------------------------------------

def notebook_title(nb) -> tuple[str, str]:
    """Return (title, abstract) of a notebook: its first '# ' heading and its '**Abstract.**' paragraph."""
    title, abstract = "", ""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for para in cell.source.split("\n\n"):
            if not title and para.startswith("# "):
                title = para.splitlines()[0][2:].strip()
            if not abstract and para.startswith("**Abstract.**"):
                abstract = " ".join(para.replace("**Abstract.**", "").split())
    return title, abstract


def _plain(markdown_text: str) -> str:
    """Strip markdown emphasis and code marks for use in attributes and link text."""
    return re.sub(r"[*_`]", "", markdown_text)


def link_dois(text: str) -> str:
    """Turn ``doi:10.xxx/yyy`` in markdown into a link to the DOI resolver (trailing punctuation kept out)."""
    def repl(m: re.Match) -> str:
        doi = m.group(1)
        tail = ""
        while doi and (doi[-1] in ".,;:" or (doi[-1] == ")" and doi.count("(") < doi.count(")"))):
            doi, tail = doi[:-1], doi[-1] + tail
        shown = doi.replace("<", "&lt;").replace(">", "&gt;").replace("*", "\\*").replace("_", "\\_")
        return f"[doi:{shown}]({sphinx_ext.doi_url(doi)}){tail}"
    return _DOI.sub(repl, text)


def _rewrite_md_links(text: str) -> str:
    text = re.sub(r"\]\((?:\.\./notebooks/|notebooks/)?TEACHING\.md(#[^)]*)?\)", r"](teaching.md\1)", text)
    text = re.sub(r"\]\((?:\.\./)?README\.md(#[^)]*)?\)", r"](index.md\1)", text)
    return re.sub(r"\]\((?:\.\./notebooks/|notebooks/)(\d\d-[a-z0-9-]+\.ipynb)", r"](\1", text)


def _site_table(text: str, long_rows: int = 15) -> str:
    """Site touches on a tidied table: source keys as links to the bibliography, long tables in a
    scroll box, and rows of the ledger pointed to the full ledger page."""
    sources = sphinx_ext.load_sources()

    def source_link(m: re.Match) -> str:
        key = html.unescape(m.group(1))
        if key not in sources:
            return m.group(0)
        return (f'<td><a href="sources.html#{sphinx_ext.anchor(key)}" title="{html.escape(key)}">'
                f"{html.escape(sources[key]['short'])}</a></td>")

    text = re.sub(r"<td>((?:doi|seed|ref|registry):[^<]+)</td>", source_link, text)
    rows = text.count("<tr")
    if "<table" in text and rows > long_rows + 1:
        text = f'<div class="rp-long" tabindex="0" role="region" aria-label="Table of {rows - 1} rows">{text}</div>'
    if re.search(r'<th[^>]*>printed</th>', text) and re.search(r'<th[^>]*>(source|id)</th>', text):
        text += ('<p class="rp-table-note">Rows of the data ledger. Every row, with its source and locator: '
                 '<a href="ledger.html">the full, searchable ledger</a>.</p>')
    return text


def _figure_markdown(name: str, alt: str, caption: str) -> str:
    alt = " ".join(alt.split()) or name
    caption = caption.strip() or name
    return (f"```{{figure}} figures/{name}.png\n:name: fig-{name}\n:alt: {alt}\n:target: figures/{name}.png\n:width: 100%\n"
            f":figclass: rp-figure\n\n{caption}\n```\n")


def _first_line(source: str) -> str:
    for line in source.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            return line if len(line) <= 48 else line[:45] + "..."
    return "setup"


def prepare_notebook(nb, name: str, figures: dict[str, bytes], repo: str = "") -> nbformat.NotebookNode:
    """Return a copy of executed notebook ``nb`` prepared for the site (the original is unchanged).

    Code inputs are folded (tag ``hide-input``, each toggle naming its first line); an image
    output followed by its ``*Figure name.*`` caption becomes a numbered figure linking to
    its full-size PNG (collected into ``figures``: name -> bytes); pandas tables are tidied
    (:func:`reappraise.report.tables.tidy_html`); recorded key results become a small table;
    DOIs become links; a line after the title offers the original ``.ipynb`` and the rerun
    commands; the References section moves to the end of the page.
    """
    nb = copy.deepcopy(nb)
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = link_dois(_rewrite_md_links(cell.source))
            cells.append(cell)
            continue
        if cell.cell_type != "code":
            cells.append(cell)
            continue
        tags = list(cell.metadata.get("tags", []))
        if "hide-input" not in tags and "remove-input" not in tags:
            tags.append("hide-input")
        cell.metadata["tags"] = tags
        cell.metadata["mystnb"] = {"code_prompt_show": f"Show code: {_first_line(cell.source)}", "code_prompt_hide": "Hide code"}
        current, pieces = [], []
        outputs = list(cell.get("outputs", []))
        i = 0
        while i < len(outputs):
            out = outputs[i]
            data = out.get("data", {})
            nxt = outputs[i + 1].get("data", {}) if i + 1 < len(outputs) else {}
            caption = _CAPTION.match(nxt.get("text/markdown", "")) if "image/png" in data else None
            if caption:
                fig_name, text = caption.groups()
                alt = out.get("metadata", {}).get("image/png", {}).get("alt", "") or out.get("metadata", {}).get("alt", "")
                png = data["image/png"]
                figures[fig_name] = base64.b64decode(png if isinstance(png, str) else "".join(png))
                pieces.append(("outputs", current))
                pieces.append(("figure", _figure_markdown(fig_name, alt, link_dois(text))))
                current = []
                i += 2
                continue
            if results.MIME in data:
                out = copy.deepcopy(out)
                out["data"] = {"text/html": tables.key_results_html(data[results.MIME])}
            elif "text/html" in data:
                out = copy.deepcopy(out)
                text = data["text/html"] if isinstance(data["text/html"], str) else "".join(data["text/html"])
                out["data"] = dict(data, **{"text/html": _site_table(tables.tidy_html(text))})
            current.append(out)
            i += 1
        pieces.append(("outputs", current))
        first = True
        for kind, value in pieces:
            if kind == "figure":
                cells.append(nbformat.v4.new_markdown_cell(value))
            elif first or value:
                part = cell if first else nbformat.v4.new_code_cell("", metadata={"tags": ["remove-input"]})
                part.outputs = value
                if first:
                    part.outputs = value
                cells.append(part)
            first = False
    # the references close the page
    refs = [c for c in cells if c.cell_type == "markdown" and c.source.lstrip().startswith("## References")]
    if refs:
        cells = [c for c in cells if c is not refs[0]] + [refs[0]]
        refs[0].source = refs[0].source.rstrip() + "\n\nEvery source of the data ledger, with DOIs: [Sources](sources.md).\n"
    get = f"[the repository]({repo})" if repo else "[Get the code](rerun.md#get-the-code)"
    header = nbformat.v4.new_markdown_cell(
        f"```{{container}} rp-actions\n{{download}}`Download this notebook (.ipynb) <_originals/{name}.ipynb>` · "
        f"[Rerun it with other assumptions](rerun.md#rerun-{name}) · {get}\n```\n")
    first_md = next((i for i, c in enumerate(cells) if c.cell_type == "markdown"), -1)
    cells.insert(first_md + 1, header)
    for i, cell in enumerate(cells):
        cell["id"] = f"{name[:2]}-{i:03d}"
        if cell.cell_type == "markdown":
            cell.pop("attachments", None)
    nb.cells = cells
    nb.metadata.pop("widgets", None)
    return nb


# --- generated pages ----------------------------------------------------------------------

def collect_entries() -> list[dict]:
    """Read every executed notebook once: name, page, title, abstract and recorded results."""
    entries = []
    for name in params.notebook_names():
        nb = nbformat.read(paths.notebook_path(name), as_version=4)
        title, abstract = notebook_title(nb)
        entries.append({"name": name, "href": f"{name}.html", "nb": nb, "title": title or name,
                        "abstract": abstract, "results": results.collect(nb)})
    return entries


def verdict_badge(verdict: str) -> tuple[str, str]:
    """Return (label, tone) of a verdict's badge: its first clause and 'holds', 'mixed' or 'weak'."""
    label = verdict.split(";")[0].strip() or verdict
    low = verdict.lower()
    if any(w in low for w in ("contradict", "not reproduced", "inconsistent", "does not hold")):
        tone = "weak"
    elif any(w in low for w in ("overstat", "cannot", "not estimable", "limits", "not pinned", "worth asking", "low")):
        tone = "mixed"
    else:
        tone = "holds"
    return label, tone


def _findings_html(entries: list[dict]) -> str:
    head = ("<tr><th scope=\"col\">Notebook</th><th scope=\"col\">Verdict</th><th scope=\"col\">Claim as reported</th>"
            "<th scope=\"col\">Our reconstruction</th><th scope=\"col\">How robust</th></tr>")
    rows = []
    for e in entries:
        found = e["results"]
        link = f'<a href="{e["href"]}">{html.escape(e["name"][:2])}. {html.escape(_plain(e["title"]))}</a>'
        if all(key in found for key in HEADLINE):
            label, tone = verdict_badge(str(found["headline_verdict"]))
            verdict = (f'<span class="rp-badge rp-badge-{tone}">{html.escape(label)}</span> '
                       f'<span class="rp-verdict-text">{html.escape(str(found["headline_verdict"]))}</span>')
            cells = [html.escape(str(found[k])) for k in HEADLINE[:3]]
        else:
            verdict = '<span class="rp-badge rp-badge-lesson">method lesson</span>'
            cells = ["<em>no single reported claim</em>",
                     f"This lesson teaches a method rather than rebuilding one headline number. {html.escape(_plain(e['abstract']).split('. ')[0])}.",
                     "see its key results"]
        labels = ("Claim as reported", "Our reconstruction", "How robust")
        rows.append(f'<tr><th scope="row" data-label="Notebook">{link}</th><td data-label="Verdict" class="rp-verdict">{verdict}</td>'
                    + "".join(f'<td data-label="{lab}">{c}</td>' for lab, c in zip(labels, cells)) + "</tr>")
    return ('<table class="rp-findings">\n<caption>Headline findings, one row per notebook, generated from each notebook\'s '
            f"recorded results</caption>\n<thead>{head}</thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>")


def _toctree(entries: list[dict]) -> str:
    notebooks = "\n".join(e["name"] for e in entries)
    others = [study_page(study, nb) for study, nbs in study_runs().items() for nb in nbs]
    return ("```{toctree}\n:hidden:\n:numbered: 1\n:caption: Notebooks\n\n" + notebooks + "\n```\n\n"
            "```{toctree}\n:hidden:\n:caption: About\n\n" + "\n".join(PAGES) + "\n```\n"
            + ("\n```{toctree}\n:hidden:\n:caption: Other studies\n\n" + "\n".join(others) + "\n```\n" if others else ""))


def landing_page(entries: list[dict]) -> str:
    """Return the landing page (MyST): introduction, findings table, figure, how to read and rerun."""
    figure = ""
    if (paths.FIGURES / "01-response-remission-interval.png").is_file():
        figure = ("```{figure} figures/01-response-remission-interval.png\n:name: fig-landing\n"
                  ":alt: Response and remission 9 of 12 with 95% intervals against the 35-40% placebo response band\n"
                  ":target: figures/01-response-remission-interval.png\n:figclass: rp-figure\n\n"
                  "9 of 12 with its 95% interval, against the placebo response of antidepressant trials "
                  "(Furukawa 2016). From [notebook 01](01-reconstruct-response-remission.ipynb).\n```\n\n")
    reading = "\n".join(f"{i}. [{_plain(e['title'])}]({e['name']}.ipynb)" for i, e in enumerate(entries, 1))
    return (
        "# reappraise: what the MDMA-assisted therapy numbers can and cannot support\n\n"
        "Press coverage of MDMA-assisted therapy repeats a few headline numbers: 9 of 12 depressed patients "
        "responded in a Norwegian open-label trial, 8 were still well at 7 months, and in a phase-3 PTSD trial "
        "67% on MDMA vs 32% on placebo no longer met the diagnosis. Each notebook here rebuilds one finding from "
        "the reported numbers (every one traced to its source in the [data ledger](ledger.md)), shows its "
        "uncertainty, says what the design cannot show, and can be rerun under other assumptions.\n\n"
        "## Headline findings\n\n"
        "Each verdict carries a short label; the full verdict follows it. Notebooks that teach a method "
        "rather than rebuild one reported claim say so.\n\n"
        "```{raw} html\n<div class=\"rp-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Headline findings table\">\n"
        + _findings_html(entries) + "\n</div>\n```\n\n" + figure
        + "## The notebooks in reading order\n\n" + reading + "\n\n"
        "## How to read and rerun\n\n"
        "- [Reading order](reading-order.md): the notebooks one question at a time, with their abstracts.\n"
        "- [For teachers](teaching.md): lessons, exercises and discussion questions.\n"
        "- [Rerun](rerun.md): every parameter, and the commands to run a notebook or a whole scenario.\n"
        "- [Other studies](studies.md): the single-arm notebooks asking the same questions of a second trial.\n"
        "- [Ledger](ledger.md): every reported number, searchable; [Sources](sources.md): the bibliography.\n\n"
        "## Sources and citation\n\n"
        "Every number comes from `data/ledger.csv`, one row per reported number with its source (DOI or the "
        "press article's file name) and where the source prints it; numbers that are not public are recorded "
        "as gaps. Cite this work with the repository's `CITATION.cff`.\n\n" + _toctree(entries))


def reading_order_page(entries: list[dict]) -> str:
    parts = ["# Reading order\n\nRead the notebooks in order; each answers one question and ends by checking "
             "its reconstruction against the numbers the source printed.\n"]
    for e in entries:
        parts.append(f"## {e['name'][:2]}. {_plain(e['title'])}\n\n{e['abstract']}\n\n[Read notebook {e['name'][:2]}]({e['name']}.ipynb)\n")
    return "\n".join(parts)


def teaching_page() -> str:
    teaching = paths.NOTEBOOKS / "TEACHING.md"
    if not teaching.is_file():
        return "# For teachers\n\n## Coming soon\n\nThe teacher's guide is being written.\n"
    return link_dois(_rewrite_md_links(teaching.read_text(encoding="utf-8")))


def _md_cell(text) -> str:
    return html.escape(str(text), quote=False).replace("|", "\\|").replace("\n", " ")


def rerun_page(entries: list[dict]) -> str:
    repo = repository_url()
    get = (f"The code is at [{repo}]({repo}): clone it, then run `make all` (set-up, every notebook, this site)."
           if repo else
           "This site does not name a public repository. Ask whoever gave you this site for the `reappraise` "
           "folder (a git clone or an archive), or download each notebook from its page; then run `make all` "
           "in the folder (set-up, every notebook, this site).")
    parts = [
        "# Rerun under other assumptions\n\n"
        "Every notebook is parameterised. Set up once with `make all`, then run a notebook with other values; "
        "results go to `runs/<name>/`, never over the published notebooks:\n\n"
        "```\npython -m reappraise list\npython -m reappraise run 01 -p ci_method clopper-pearson\n"
        "python -m reappraise scenario conservative\npython -m reappraise compare default conservative\n```\n\n"
        "(Use `.venv/bin/python` if the environment is not activated.) Each parameter is checked before any "
        "notebook runs; an unknown name, a value out of range, NaN or infinity, or a broken rule between "
        "parameters is reported in one line.\n\n"
        f"## Get the code\n\n{get} Each notebook page also offers its `.ipynb` for download.\n"]
    for e in entries:
        name = e["name"]
        rows = "\n".join(f"| `{p.name}` | {p.type} | `{_md_cell(repr(p.default))}` | {_md_cell(p.allowed())} | {_md_cell(p.help)} |"
                         for p in params.load_schema(name).values())
        parts.append(f"(rerun-{name})=\n## {name[:2]}. {_plain(e['title'])}\n\n[Read the notebook]({name}.ipynb) · "
                     f"{{download}}`Download {name}.ipynb <_originals/{name}.ipynb>`\n\n"
                     "| parameter | type | default | allowed | meaning |\n|---|---|---|---|---|\n" + rows + "\n")
        rules = params.load_rules(name)
        if rules:
            parts.append("Rules between parameters:\n\n" + "".join(f"- `{r.check}`: {_md_cell(r.help)}\n" for r in rules))
    return "\n".join(parts)


def ledger_page() -> str:
    """Return the full ledger as one searchable table (MyST), each source linked to the bibliography."""
    with open(paths.LEDGER, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    sources = sphinx_ext.load_sources()
    columns = ["id", "study", "outcome", "statistic", "timepoint", "arm", "printed", "numerator", "denominator",
               "source", "locator", "status", "note"]
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        cells = []
        for col in columns:
            value = row.get(col, "")
            if col == "source" and value in sources:
                cells.append(f"[{_md_cell(sources[value]['short'])}](sources.md#{sphinx_ext.anchor(value)})")
            elif col == "id":
                cells.append(f"`{value}`")
            else:
                cells.append(_md_cell(value))
        lines.append("| " + " | ".join(cells) + " |")
    gaps = sum(r.get("status") == "gap" for r in rows)
    return ("# The ledger of reported numbers\n\n"
            f"Every number the notebooks use: {len(rows)} rows, {gaps} of them gaps (numbers that are not public). "
            "One row per reported number, with its source and where the source prints it. Type in the box to filter "
            "the rows; the site search finds them too. The data dictionary is `data/README.md`.\n\n"
            "## All rows\n\n"
            "```{raw} html\n<p class=\"rp-filter\"><label for=\"rp-ledger-filter\">Filter rows</label> "
            "<input id=\"rp-ledger-filter\" type=\"search\" placeholder=\"e.g. mapp1 or week 18\" "
            "data-target=\"rp-ledger\"> <span id=\"rp-ledger-count\" aria-live=\"polite\"></span></p>\n```\n\n"
            ":::{container} rp-scroll rp-ledger\n" + "\n".join(lines) + "\n:::\n")


def sources_page() -> str:
    """Return the bibliography (MyST) generated from ``data/sources.csv``, grouped by kind, DOIs as links."""
    sources = sphinx_ext.load_sources()
    with open(paths.LEDGER, newline="", encoding="utf-8") as handle:
        used: dict[str, int] = {}
        for row in csv.DictReader(handle):
            used[row["source"]] = used.get(row["source"], 0) + 1
    kinds = {"primary": "Primary sources", "protocol": "Protocols", "registry": "Registries and sponsor summaries",
             "dataset": "Data sets", "benchmark": "Benchmarks", "news": "News and statements",
             "seed": "Press coverage audited in notebook 09 (secondary sources)"}
    order = list(kinds) + sorted({r["kind"] for r in sources.values()} - set(kinds))
    parts = ["# Sources\n\nThe bibliography of the data ledger, generated from `data/sources.csv`. A notebook cites a "
             "source by its key, written ``{cite}`key` `` in markdown; each entry shows its key and how many ledger rows "
             "rest on it.\n"]
    for kind in order:
        group = [(k, r) for k, r in sources.items() if r["kind"] == kind]
        if not group:
            continue
        parts.append(f"## {kinds.get(kind, kind.capitalize())}\n")
        items = []
        for key, row in group:
            doi = f" [doi:{row['doi']}]({sphinx_ext.doi_url(row['doi'])})" if row.get("doi") else ""
            note = f" *{_md_cell(row['note'])}*" if row.get("note") else ""
            items.append(f"- ({sphinx_ext.anchor(key)})=\n  **{_md_cell(row['short'])}.** {_md_cell(row['citation'])}{doi}"
                         f"{note} Key `{key}`; {used.get(key, 0)} ledger rows.")
        parts.append("\n".join(items) + "\n")
    return "\n".join(parts)


# --- README findings block ----------------------------------------------------------------

def findings_markdown(entries: list[dict], link_prefix: str = "notebooks/") -> str:
    """Return the headline findings as a markdown table (one row per notebook that records them)."""
    rows = ["| finding | claim as reported | our reconstruction | how robust | verdict |", "|---|---|---|---|---|"]
    for e in entries:
        found = e["results"]
        if all(key in found for key in HEADLINE):
            cells = [str(found[key]).replace("|", "/") for key in HEADLINE]
            rows.append(f"| [{e['name'][:2]}]({link_prefix}{e['name']}.ipynb) | " + " | ".join(cells) + " |")
    return "\n".join(rows) if len(rows) > 2 else "_No notebook has recorded headline results yet._"


def update_readme(entries: list[dict], readme: Path | None = None) -> bool:
    """Refresh the generated findings block of README.md from the notebooks' recorded results."""
    readme = Path(readme or paths.ROOT / "README.md")
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(r"(<!-- findings:start[^>]*-->\n).*?(<!-- findings:end -->)", re.S)
    if not pattern.search(text):
        return False
    new = pattern.sub(lambda m: m.group(1) + findings_markdown(entries) + "\n" + m.group(2), text)
    return write_if_changed(readme, new.encode("utf-8"))


# --- build ---------------------------------------------------------------------------------

STUDY_RUNS = paths.BUILD / "studies"   # build/studies/<study>/: single-arm notebooks run for another study


def study_runs() -> dict[str, list[Path]]:
    """{study: executed notebooks} under ``build/studies/`` (written by ``publish-study``), sorted."""
    return {folder.name: sorted(folder.glob("[0-9][0-9]-*.ipynb"))
            for folder in sorted(STUDY_RUNS.glob("*")) if folder.is_dir() and any(folder.glob("[0-9][0-9]-*.ipynb"))}


def study_page(study: str, notebook: Path) -> str:
    """The page name of ``notebook`` executed for ``study``: ``study-<study>-<notebook>``."""
    return f"study-{study}-{notebook.stem}"


def _study_page(study: str, notebook: Path, repo: str, figures: dict[str, bytes]) -> tuple[str, nbformat.NotebookNode]:
    """Prepare one notebook executed for ``study`` as page ``study-<study>-<notebook>``, its figures renamed."""
    page = study_page(study, notebook)
    own: dict[str, bytes] = {}
    nb = prepare_notebook(nbformat.read(notebook, as_version=4), page, own, repo)
    from reappraise.evidence import studies

    label = studies.load().get(study).label
    first = next(c for c in nb.cells if c.cell_type == "markdown" and c.source.startswith("# "))
    head, _, rest = first.source.partition("\n")
    first.source = f"{head} (asked of the {label[0].lower() + label[1:]}, `{study}`)\n{rest}"
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = cell.source.replace(f"rerun.md#rerun-{page}", f"rerun.md#rerun-{notebook.stem}")
            for fig_name in own:
                cell.source = (cell.source.replace(f"figures/{fig_name}.png", f"figures/{study}-{fig_name}.png")
                               .replace(f":name: fig-{fig_name}", f":name: fig-{study}-{fig_name}"))
    figures.update({f"{study}-{fig_name}": data for fig_name, data in own.items()})
    return page, nb


def studies_page(runs: dict[str, list[Path]], titles: dict[str, str]) -> str:
    """Return the page (MyST) listing the single-arm notebooks executed for other studies, with what cannot run."""
    parts = ["# Other studies\n\nThe single-arm notebooks (01, 02, 04, 05, 06, 07) take a `study` parameter and ask "
             "the same questions of another small open-label trial. Below, the notebooks that can run for each study, "
             "executed by `python -m reappraise publish-study NAME` (`make all` does it), and those it cannot feed, "
             "with the rows it lacks (`python -m reappraise check-study NAME`). The published notebooks are the "
             "Norwegian trial (`kvam2025`).\n"]
    for study, notebooks in runs.items():
        items = [f"- [{nb.stem}]({study_page(study, nb)}.ipynb)" for nb in notebooks]
        checked = STUDY_RUNS / study / "check-study.txt"
        cannot = [line for line in (checked.read_text(encoding="utf-8").splitlines() if checked.is_file() else [])
                  if ": cannot run" in line]
        parts.append(f"## {study}\n\n" + "\n".join(items) + "\n"
                     + ("\nCannot run for this study:\n\n" + "\n".join(f"- `{_md_cell(line)}`" for line in cannot) + "\n"
                        if cannot else ""))
    if not runs:
        parts.append("## No study executed yet\n\nNo other study has been executed in this build "
                     "(`python -m reappraise publish-study carhart2016`).\n")
    parts.append("## Appraise your own trial\n\n`python -m reappraise new-study NAME` writes the ledger, definition and "
                 "role rows a new study needs as gaps to fill (never into `data/`); `python -m reappraise check-study "
                 "NAME` then says which notebooks it can feed and what is missing, one line each.\n")
    return "\n".join(parts)


def write_sources(src: Path, entries: list[dict]) -> dict[str, bytes]:
    """Write the Sphinx source tree into ``src``; return the figures (name -> PNG bytes) it uses."""
    src = Path(src)
    repo = repository_url()
    figures: dict[str, bytes] = {}
    keep = set()
    for e in entries:
        nb = prepare_notebook(e["nb"], e["name"], figures, repo)
        write_if_changed(src / f"{e['name']}.ipynb", (nbformat.writes(nb) + "\n").encode("utf-8"))
        write_if_changed(src / "_originals" / f"{e['name']}.ipynb", paths.notebook_path(e["name"]).read_bytes())
        keep |= {f"{e['name']}.ipynb", f"_originals/{e['name']}.ipynb"}
    runs, titles = study_runs(), {}
    for study, notebooks in runs.items():
        for notebook in notebooks:
            page, nb = _study_page(study, notebook, repo, figures)
            titles[page] = _plain(notebook_title(nb)[0] or notebook.stem)
            write_if_changed(src / f"{page}.ipynb", (nbformat.writes(nb) + "\n").encode("utf-8"))
            write_if_changed(src / "_originals" / f"{page}.ipynb", notebook.read_bytes())
            keep |= {f"{page}.ipynb", f"_originals/{page}.ipynb"}
    pages = {"index": landing_page(entries), "reading-order": reading_order_page(entries), "teaching": teaching_page(),
             "rerun": rerun_page(entries), "studies": studies_page(runs, titles), "ledger": ledger_page(),
             "sources": sources_page()}
    for name, text in pages.items():
        write_if_changed(src / f"{name}.md", text.encode("utf-8"))
        keep.add(f"{name}.md")
    landing = paths.FIGURES / "01-response-remission-interval.png"
    if landing.is_file():
        figures.setdefault(landing.stem, landing.read_bytes())
    for fig_name, data in figures.items():
        write_if_changed(src / "figures" / f"{fig_name}.png", data)
        keep.add(f"figures/{fig_name}.png")
    for stale in sorted(src.rglob("*")):  # notebooks or figures that no longer exist
        if stale.is_file() and stale.relative_to(src).as_posix() not in keep:
            stale.unlink()
    return figures


def build(out: Path = paths.SITE, entries: list[dict] | None = None, work: Path | None = None) -> list[Path]:
    """Build the site into ``out`` from ``entries`` (default: every notebook); return its HTML pages.

    ``work`` (default: ``<out>-work`` beside ``out``) holds the Sphinx sources and doctrees,
    kept between builds so that Sphinx rewrites only what changed.
    """
    from sphinx.application import Sphinx
    from sphinx.util.console import nocolor

    nocolor()

    out = Path(out)
    work = Path(work) if work is not None else out.parent / f"{out.name}-work"
    entries = collect_entries() if entries is None else entries
    figures = write_sources(work / "src", entries)
    warnings = io.StringIO()
    app = Sphinx(str(work / "src"), str(CONF), str(out), str(work / "doctrees"), "html",
                 status=None, warning=warnings, freshenv=False, keep_going=True)
    app.build()
    for line in warnings.getvalue().splitlines():
        print(f"site: {line}", file=sys.stderr)
    for fig_name, data in figures.items():
        write_if_changed(out / "figures" / f"{fig_name}.png", data)
    for page in out.glob("*.html"):  # cache-busting stamps depend on build order: drop them
        text = page.read_text(encoding="utf-8")
        stripped = re.sub(r'((?:href|src)="_static/[^"?]+)\?v=[0-9a-f]+"', r'\1"', text)
        if stripped != text:
            page.write_text(stripped, encoding="utf-8")
    if app.statuscode:
        raise RuntimeError(f"sphinx failed with status {app.statuscode}")
    return sorted(out.glob("*.html"))


@functools.cache
def page_exporter():
    """nbconvert's ``lab`` HTML exporter for run pages, code folded away, ready to render.

    Made once per process (a scenario's worker writes several pages), its template compiled
    through Jinja's bytecode cache in build/jinja/ (compiling it took a third of a page).
    """
    from jinja2 import FileSystemBytecodeCache
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, embed_images=True)
    exporter.mathjax_url = ""
    compiled = paths.BUILD / "jinja"
    compiled.mkdir(parents=True, exist_ok=True)
    exporter.environment.bytecode_cache = FileSystemBytecodeCache(str(compiled))
    exporter.template  # noqa: B018 - loads and compiles the template now
    return exporter


def write_page(nb, page: Path) -> bool:
    """Write one executed notebook (a run under other parameters) as a standalone HTML page.

    Uses nbconvert's stock ``lab`` template with the code folded away, and a banner saying
    which parameters it ran with. Images are embedded; nothing is fetched from a CDN.
    """
    page = Path(page)
    title, _ = notebook_title(nb)
    used = nb.metadata.get("reappraise", {}).get("parameters", {})
    executed_with = "executed with " + (", ".join(f"{k} = {v!r}" for k, v in sorted(used.items())) or "its default parameters")
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if results.MIME in data:
                out["data"] = {"text/html": tables.key_results_html(data[results.MIME])}
            elif "text/html" in data:
                text = data["text/html"] if isinstance(data["text/html"], str) else "".join(data["text/html"])
                data["text/html"] = tables.tidy_html(text)
    banner = nbformat.v4.new_markdown_cell(f"*A run with other parameters, not the published analysis: {executed_with}.*")
    banner["id"] = "run-banner"  # a fixed id (nbformat draws a random one), so a rerun writes the same page
    nb.cells.insert(0, banner)
    body, _ = page_exporter().from_notebook_node(nb, resources={"metadata": {"name": _plain(title or page.stem)}})
    body = re.sub(r'<script[^>]*src="(https?://[^"]*)?"[^>]*>\s*</script>', "", body)  # no CDN, no MathJax
    return write_if_changed(page, body.encode("utf-8"))


def clean(out: Path = paths.SITE) -> None:
    """Remove the built site and its Sphinx work folder."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(Path(out).parent / f"{Path(out).name}-work", ignore_errors=True)
