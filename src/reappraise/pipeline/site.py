"""Build the rendered site (``build/site/``) from the executed notebooks, offline.

Pages: a landing page with the headline findings (read from each notebook's recorded key
results ``headline_*``), one page per notebook (code folded into ``<details>``, figures
with alt text, links between notebooks rewritten to pages), the reading order, the
teacher's page (``notebooks/TEACHING.md``) and how to rerun (from the parameter schemas).
Nothing is fetched at build or view time: no CDN scripts or fonts; CSS and JS are local.
Output bytes depend only on the inputs, so rebuilding an unchanged tree changes nothing.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import jinja2
import mistune
import nbformat
from nbconvert import HTMLExporter
from pygments.formatters import HtmlFormatter

from reappraise import __version__
from reappraise import paths
from reappraise.pipeline import params
from reappraise.report import results
from reappraise.pipeline.files import write_if_changed

TEMPLATES = Path(__file__).parent / "templates"
HEADLINE = ("headline_claim", "headline_reconstruction", "headline_robustness", "headline_verdict")
_markdown = mistune.create_markdown(escape=False, plugins=["table", "strikethrough", "url"])


def _page_template() -> jinja2.Template:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES / "site"), autoescape=False,
                             keep_trailing_newline=True)
    return env.get_template("page.html.j2")


def _rewrite_links(text: str) -> str:
    """Point links at notebooks and markdown pages to their pages on the site."""
    text = re.sub(r'href="(?:\.\./notebooks/|notebooks/)?(\d\d-[a-z0-9-]+)\.ipynb(#[^"]*)?"', r'href="\1.html\2"', text)
    text = re.sub(r'href="(?:\.\./notebooks/|notebooks/)?TEACHING\.md"', 'href="teaching.html"', text)
    return text


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


def convert_notebook(nb) -> str:
    """Return the HTML body of an executed notebook (cells only, code folded)."""
    exporter = HTMLExporter(template_name="reappraise", extra_template_basedirs=[str(TEMPLATES / "nbconvert")],
                            exclude_anchor_links=False)
    body, _ = exporter.from_notebook_node(nb)
    return _rewrite_links(body)


def _findings_table(entries: list[dict]) -> str:
    rows = []
    for e in entries:
        found = e["results"]
        if not all(key in found for key in HEADLINE):
            continue
        cells = [html.escape(str(found[key])) for key in HEADLINE]
        rows.append(f'<tr><td><a href="{e["href"]}">{html.escape(_plain(e["title"]))}</a></td>'
                    + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    if not rows:
        return "<p>No notebook has recorded headline results yet.</p>"
    head = "<tr><th>Notebook</th><th>Claim as reported</th><th>Our reconstruction</th><th>How robust</th><th>Verdict</th></tr>"
    return f'<table class="rp-findings">\n<thead>{head}</thead>\n<tbody>\n' + "\n".join(rows) + "\n</tbody>\n</table>"


def _reading_order(entries: list[dict]) -> str:
    items = [f'<li><a href="{e["href"]}">{html.escape(_plain(e["title"]))}</a><br>{html.escape(_plain(e["abstract"]))}</li>'
             for e in entries]
    return "<ol>\n" + "\n".join(items) + "\n</ol>"


def _rerun_page() -> str:
    parts = [_markdown(
        "# Rerun under other assumptions\n\nEvery notebook is parameterised. Set up once with `make all`, then run a "
        "notebook with other values; results go to `runs/<name>/`, never over the published notebooks:\n\n"
        "```\npython -m reappraise list\npython -m reappraise run 01 -p ci_method clopper-pearson\n"
        "python -m reappraise scenario conservative\npython -m reappraise compare default conservative\n```\n\n"
        "(Use `.venv/bin/python` if the environment is not activated.) Each parameter is checked before any "
        "notebook runs; an unknown name or a value out of range is reported in one line.\n")]
    for name in params.notebook_names():
        rows = "".join(f"<tr><td><code>{p.name}</code></td><td>{p.type}</td><td><code>{html.escape(repr(p.default))}</code></td>"
                       f"<td>{html.escape(p.allowed())}</td><td>{html.escape(p.help)}</td></tr>"
                       for p in params.load_schema(name).values())
        parts.append(f'<h2 id="{name}"><a href="{name}.html">{name}</a></h2>\n<table><thead><tr><th>parameter</th>'
                     f"<th>type</th><th>default</th><th>allowed</th><th>meaning</th></tr></thead><tbody>{rows}</tbody></table>")
    return "\n".join(parts)


STUDY_RUNS = "studies"   # build/studies/<study>/: single-arm notebooks executed for another study


def _study_pages(out: Path) -> str:
    """Copy each study's executed pages (``build/studies/<study>/html/``) to ``out/studies/<study>/``; list them."""
    parts = [_markdown(
        "# The same questions, another trial\n\nThe single-arm notebooks (01, 02, 04, 05, 06, 07) take a `study` "
        "parameter. Below, those that can run for each other study, executed by `python -m reappraise publish-study "
        "NAME` (`make all` does it). Notebooks a study cannot feed are listed with the rows it lacks "
        "(`python -m reappraise check-study NAME`).\n")]
    root = paths.BUILD / STUDY_RUNS
    for folder in sorted(p for p in root.glob("*") if (p / "html").is_dir()):
        items = []
        for html_page in sorted((folder / "html").glob("*.html")):
            target = out / STUDY_RUNS / folder.name / html_page.name
            write_if_changed(target, html_page.read_bytes())
            items.append(f'<li><a href="{STUDY_RUNS}/{folder.name}/{html_page.name}">{html.escape(html_page.stem)}</a></li>')
        for static in sorted((folder / "html" / "static").glob("*")):
            write_if_changed(out / STUDY_RUNS / folder.name / "static" / static.name, static.read_bytes())
        checked = folder / "check-study.txt"
        lines = checked.read_text(encoding="utf-8").splitlines() if checked.is_file() else []
        cannot = "".join(f"<li>{html.escape(line)}</li>" for line in lines if ": cannot run" in line)
        parts.append(f"<h2 id=\"{folder.name}\">{html.escape(folder.name)}</h2>\n<ul>{''.join(items)}</ul>"
                     + (f"<p>Cannot run for this study:</p><ul>{cannot}</ul>" if cannot else ""))
    if len(parts) == 1:
        parts.append("<p>No other study has been executed in this build.</p>")
    return "\n".join(parts)


def _landing(entries: list[dict]) -> str:
    intro = _markdown(
        "# reappraise: what the MDMA-assisted therapy numbers can and cannot support\n\n"
        "Press coverage of MDMA-assisted therapy repeats a few headline numbers: 9 of 12 depressed patients "
        "responded in a Norwegian open-label trial, 8 were still well at 7 months, and in a phase-3 PTSD trial "
        "67% on MDMA vs 32% on placebo no longer met the diagnosis. Each notebook here rebuilds one finding from "
        "the reported numbers (every one traced to its source in the data ledger), shows its uncertainty, says "
        "what the design cannot show, and can be rerun under other assumptions.\n")
    figure = ""
    if (paths.FIGURES / "01-response-remission-interval.png").is_file():
        figure = ('<figure class="rp-figure"><img src="figures/01-response-remission-interval.png" '
                  'alt="Response and remission 9 of 12 with 95% intervals against the 35-40% placebo response band">'
                  "<figcaption>9 of 12 with its 95% interval, against the placebo response of antidepressant trials "
                  "(Furukawa 2016). Notebook 01.</figcaption></figure>")
    rest = _markdown(
        "## How to read and rerun\n\n- [Reading order](reading-order.html): the notebooks one question at a time.\n"
        "- [For teachers](teaching.html): lessons, exercises and discussion questions.\n"
        "- [Rerun](rerun.html): every parameter, and the commands to run a notebook or a whole scenario.\n"
        "- [Other studies](studies.html): the single-arm notebooks asked of a second trial (open-label psilocybin).\n\n"
        "## Sources and citation\n\nEvery number comes from `data/ledger.csv`, one row per reported number with its "
        "source (DOI or the press article's file name) and where the source prints it; numbers that are not public "
        "are recorded as gaps. Cite this work with the repository's `CITATION.cff`.\n")
    return intro + "<h2>Headline findings</h2>\n" + _findings_table(entries) + figure + _reading_order(entries) + rest


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


def collect_entries() -> list[dict]:
    """Read every executed notebook once: name, page, title, abstract and recorded results."""
    entries = []
    for name in params.notebook_names():
        nb = nbformat.read(paths.notebook_path(name), as_version=4)
        title, abstract = notebook_title(nb)
        entries.append({"name": name, "href": f"{name}.html", "nb": nb, "title": title or name,
                        "abstract": abstract, "results": results.collect(nb)})
    return entries


def _write_static(out: Path) -> None:
    static = {"style.css": (TEMPLATES / "site" / "style.css").read_bytes(),
              "site.js": (TEMPLATES / "site" / "site.js").read_bytes(),
              "pygments.css": HtmlFormatter(style="default").get_style_defs(".highlight").encode("utf-8")}
    for name, data in static.items():
        write_if_changed(out / "static" / name, data)


def write_page(nb, page: Path) -> bool:
    """Write one executed notebook as a standalone page (with its static files beside it)."""
    page = Path(page)
    title, abstract = notebook_title(nb)
    used = nb.metadata.get("reappraise", {}).get("parameters", {})
    executed_with = "executed with " + (", ".join(f"{k} = {v!r}" for k, v in sorted(used.items())) or "its default parameters")
    text = _page_template().render(title=_plain(title or page.stem), description=_plain(abstract), notebook=page.stem,
                                   body=convert_notebook(nb), prev=None, next=None, version=__version__,
                                   site_nav=False, executed_with=html.escape(executed_with, quote=False))
    _write_static(page.parent)
    return write_if_changed(page, text.encode("utf-8"))


def build(out: Path = paths.SITE, entries: list[dict] | None = None) -> list[Path]:
    """Build the site into ``out`` from ``entries`` (default: every notebook); return the pages."""
    out = Path(out)
    page = _page_template()
    entries = collect_entries() if entries is None else entries
    common = {"version": __version__}
    pages = {}
    for i, e in enumerate(entries):
        prev = {"href": entries[i - 1]["href"], "title": _plain(entries[i - 1]["title"])} if i else None
        nxt = {"href": entries[i + 1]["href"], "title": _plain(entries[i + 1]["title"])} if i + 1 < len(entries) else None
        pages[e["href"]] = page.render(title=_plain(e["title"]), description=_plain(e["abstract"]), notebook=e["name"],
                                       body=convert_notebook(e["nb"]), prev=prev, next=nxt, **common)
    pages["index.html"] = page.render(title="Findings", description="Headline findings, reconstructed", notebook=None,
                                      body=_landing(entries), prev=None, next=None, **common)
    pages["reading-order.html"] = page.render(title="Reading order", description="The notebooks in order", notebook=None,
                                              body="<h1>Reading order</h1>\n" + _reading_order(entries), prev=None, next=None, **common)
    teaching = paths.NOTEBOOKS / "TEACHING.md"
    body = _rewrite_links(_markdown(teaching.read_text(encoding="utf-8"))) if teaching.is_file() else "<h1>For teachers</h1><p>Coming soon.</p>"
    pages["teaching.html"] = page.render(title="For teachers", description="Lessons and exercises", notebook=None,
                                         body=body, prev=None, next=None, **common)
    pages["rerun.html"] = page.render(title="Rerun", description="Parameters and commands", notebook=None,
                                      body=_rerun_page(), prev=None, next=None, **common)
    pages["studies.html"] = page.render(title="Other studies", description="The single-arm notebooks for other trials",
                                        notebook=None, body=_study_pages(out), prev=None, next=None, **common)
    written = []
    for name, text in pages.items():
        write_if_changed(out / name, text.encode("utf-8"))
        written.append(out / name)
    _write_static(out)
    for figure in sorted(paths.FIGURES.glob("*.png")):
        write_if_changed(out / "figures" / figure.name, figure.read_bytes())
    return written
