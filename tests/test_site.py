"""The rendered site: Sphinx + MyST-NB + the book theme, built offline from the executed
notebooks, with working links, described and numbered figures, tidy tables, a findings
table with a row per notebook, a bibliography, and the same bytes on every build."""

import base64
import csv
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from reappraise import paths
from reappraise.pipeline import params, site, sphinx_ext
from reappraise.report import results


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs, self.images, self.h2 = [], [], []
        self._in_h2 = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("a", "link") and attrs.get("href"):
            self.refs.append(attrs["href"])
        if tag in ("script", "img") and attrs.get("src"):
            self.refs.append(attrs["src"])
        if tag == "img":
            self.images.append(attrs)
        if tag == "h2":
            self._in_h2 = True
            self.h2.append("")

    def handle_endtag(self, tag):
        if tag == "h2":
            self._in_h2 = False

    def handle_data(self, data):
        if self._in_h2:
            self.h2[-1] += data


def parse(path: Path) -> Page:
    parser = Page()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


NB03 = "03-compare-ptsd-phase3"


def test_there_is_a_page_per_notebook_plus_landing_reading_order_teaching_rerun_ledger_sources_and_search(built_site):
    names = {p.name for p in built_site.glob("*.html")}
    assert {f"{n}.html" for n in params.notebook_names()} <= names
    assert {"index.html", "reading-order.html", "teaching.html", "rerun.html", "ledger.html", "sources.html",
            "search.html"} <= names


def test_nothing_is_loaded_from_another_host_and_no_mathjax(built_site):
    for page in built_site.glob("*.html"):
        text = page.read_text()
        assert not re.search(r'<(script|img|link)[^>]*(src|href)="(https?:)?//', text), page.name
        assert "mathjax" not in re.sub(r'class="[^"]*"', "", text).lower(), page.name
    for css in built_site.rglob("*.css"):
        assert not re.search(r"@import\s+url\(['\"]?(https?:)?//", css.read_text()), css.name


def test_maths_is_rendered_as_mathml(built_site):
    assert "<math" in (built_site / "06-simulate-regression-to-the-mean.html").read_text()


def test_every_internal_link_and_image_resolves(built_site):
    for page in built_site.glob("*.html"):
        for ref in parse(page).refs:
            if ref.startswith(("http", "//", "mailto:", "#", "data:", "javascript:")):
                continue
            target = built_site / ref.split("#")[0].split("?")[0]
            assert target.exists(), f"{page.name} links to missing {ref}"


def test_every_image_has_alt_text(built_site):
    for page in built_site.glob("*.html"):
        for img in parse(page).images:
            assert img.get("alt", "").strip(), f"{page.name} has an image without alt text: {img.get('src')}"


def test_code_is_folded_by_default_but_kept(built_site):
    text = (built_site / "01-reconstruct-response-remission.html").read_text()
    assert "tag_hide-input" in text and "proportion_ci" in text
    assert "<details" in text and "<details open" not in text
    toggles = re.findall(r"Show code: ([^<]*)<", text)
    assert len(toggles) > 5 and len(set(toggles)) > len(toggles) // 2, "toggles name what they fold"


def test_links_between_notebooks_point_to_their_pages(built_site):
    for name in params.notebook_names():
        hrefs = parse(built_site / f"{name}.html").refs
        assert not [h for h in hrefs if h.endswith(".ipynb") and not h.startswith("_downloads/")], name


def test_every_notebook_page_offers_its_original_ipynb_for_download(built_site):
    for name in params.notebook_names():
        downloads = [h for h in parse(built_site / f"{name}.html").refs if h.startswith("_downloads/") and h.endswith(f"{name}.ipynb")]
        assert downloads, name
        assert (built_site / downloads[0]).read_bytes() == paths.notebook_path(name).read_bytes()


def test_the_landing_page_has_a_row_and_a_labelled_verdict_for_every_notebook(built_site):
    text = (built_site / "index.html").read_text()
    table = re.search(r'<table class="rp-findings">.*?</table>', text, re.S).group(0)
    rows = re.findall(r"<tr><th scope=\"row\".*?</tr>", table, re.S)
    assert len(rows) == len(params.notebook_names())
    for name, row in zip(params.notebook_names(), rows):
        assert f'href="{name}.html"' in row
        badge = re.search(r'<span class="rp-badge rp-badge-(holds|mixed|weak|lesson)">([^<]+)</span>', row)
        assert badge and badge.group(2).strip(), f"{name}: verdict badge without a text label"


def test_figures_are_numbered_captioned_and_link_to_their_full_size_png(built_site):
    text = (built_site / f"{NB03}.html").read_text()
    figures = re.findall(r'<figure[^>]*id="fig-([^"]+)">\s*<a[^>]*href="(figures/[^"]+\.png)".*?</figure>', text, re.S)
    assert figures, "notebook 03 shows figures"
    for name, href in figures:
        assert (built_site / href).read_bytes() == (paths.FIGURES / f"{name}.png").read_bytes()
    assert re.search(r'<span class="caption-number">Figure 3\.1 </span>', text)


def test_tables_have_no_raw_missing_values_index_names_or_long_decimals(built_site):
    for name in params.notebook_names():
        text = (built_site / f"{name}.html").read_text()
        assert "&lt;NA&gt;" not in text and 'border="1"' not in text, name
        assert not re.search(r"<td[^>]*>-?\d+\.\d{7,}</td>", text), f"{name}: unrounded number"


def test_key_results_are_a_small_table_without_escapes(built_site):
    text = (built_site / f"{NB03}.html").read_text()
    table = re.search(r'<table class="rp-table rp-key-results">.*?</table>', text, re.S).group(0)
    assert "<code>headline_verdict</code>" in table and "\\u2212" not in table
    assert "0.3423423423" not in table and "0.342" in table


def test_the_ledger_page_lists_every_row_and_can_be_filtered(built_site):
    with open(paths.LEDGER, newline="", encoding="utf-8") as handle:
        ids = [row["id"] for row in csv.DictReader(handle)]
    text = (built_site / "ledger.html").read_text()
    assert 'id="rp-ledger-filter"' in text
    assert all(f"<code class=\"docutils literal notranslate\"><span class=\"pre\">{i}</span></code>" in text for i in ids)


def test_the_bibliography_has_every_source_with_its_doi_as_a_link(built_site):
    text = (built_site / "sources.html").read_text()
    for key, row in sphinx_ext.load_sources().items():
        assert f'id="{sphinx_ext.anchor(key)}"' in text, key
        if row["doi"]:
            assert f'href="{sphinx_ext.doi_url(row["doi"])}"' in text, key


def test_every_notebook_page_ends_with_its_references_and_dois_are_links(built_site):
    for name in params.notebook_names():
        page = parse(built_site / f"{name}.html")
        assert page.h2[-1].strip().rstrip("#") in ("References", "Sources cited"), f"{name} ends with {page.h2[-1]!r}"
        assert any(r.startswith("https://doi.org/10.") for r in page.refs), name


def test_the_rerun_page_has_every_parameter_and_says_how_to_get_the_code(built_site):
    text = (built_site / "rerun.html").read_text()
    assert 'id="get-the-code"' in text
    for name in params.notebook_names():
        assert f'id="rerun-{name}"' in text
        for parameter in params.load_schema(name):
            assert parameter in text, (name, parameter)


def test_the_repository_address_is_configurable(monkeypatch):
    monkeypatch.setenv("REAPPRAISE_REPOSITORY", "https://example.org/reappraise")
    options = site.sphinx_config()["html_theme_options"]
    assert options["repository_url"] == "https://example.org/reappraise" and options["use_repository_button"]
    monkeypatch.setenv("REAPPRAISE_REPOSITORY", "")
    assert not site.sphinx_config()["html_theme_options"]["use_repository_button"]


def test_rebuilding_an_unchanged_tree_writes_the_same_bytes(built_site, tmp_path):
    again = tmp_path / "again"
    site.build(again)
    for page in built_site.rglob("*"):
        if page.is_file() and page.name != ".buildinfo":  # Sphinx's cache key of its own settings
            assert (again / page.relative_to(built_site)).read_bytes() == page.read_bytes(), page.name


def test_every_page_credits_the_metapsy_data_under_its_licence(built_site):
    """ODC-BY requires attribution wherever the data are used: the footer of every page carries it."""
    for page in built_site.glob("*.html"):
        if page.name in ("search.html", "genindex.html"):
            continue
        text = page.read_text(encoding="utf-8")
        assert "10.5281/zenodo.18740439" in text and "Open Data Commons Attribution License" in text, page.name


# --- preparing one notebook for the site (no Sphinx) ------------------------------------------

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n fake").decode()


def small_notebook():
    nb = nbformat.v4.new_notebook()
    code = nbformat.v4.new_code_cell("fig = plot()\nfigures.show(fig, '99-demo', alt='A demo')")
    code.outputs = [
        nbformat.v4.new_output("display_data", {"image/png": PNG, "text/plain": "<Figure>"}, metadata={"alt": "A demo"}),
        nbformat.v4.new_output("display_data", {"text/markdown": "*Figure 99-demo.* A caption, doi:10.1000/xyz.", "text/plain": ""}),
    ]
    record = nbformat.v4.new_code_cell("results.record(x=0.123456789)")
    record.outputs = [nbformat.v4.new_output("display_data", {results.MIME: {"x": 0.123456789}, "text/plain": "Key results"})]
    nb.cells = [nbformat.v4.new_markdown_cell("# Title\n\n**Abstract.** Short."), code,
                nbformat.v4.new_markdown_cell("## References\n\n- Someone 2020. doi:10.1000/abc."),
                nbformat.v4.new_code_cell("print(reappraise.environment())"), record]
    return nb


def test_prepare_notebook_turns_a_captioned_image_into_a_numbered_figure_linking_to_its_png():
    figures = {}
    nb = site.prepare_notebook(small_notebook(), "99-demo", figures)
    sources = [c.source for c in nb.cells if c.cell_type == "markdown"]
    figure = next(s for s in sources if s.startswith("```{figure}"))
    assert "figures/99-demo.png" in figure and ":name: fig-99-demo" in figure and ":alt: A demo" in figure
    assert ":target: figures/99-demo.png" in figure and "[doi:10.1000/xyz](https://doi.org/10.1000/xyz)" in figure
    assert figures["99-demo"] == base64.b64decode(PNG)


def test_prepare_notebook_folds_code_tables_key_results_and_ends_with_references():
    original = small_notebook()
    before = nbformat.writes(original)
    nb = site.prepare_notebook(original, "99-demo", {})
    assert nbformat.writes(original) == before, "the original notebook is not changed"
    code = [c for c in nb.cells if c.cell_type == "code" and c.source]
    assert all("hide-input" in c.metadata["tags"] for c in code)
    html_out = [o["data"]["text/html"] for c in nb.cells if c.cell_type == "code" for o in c.outputs if "text/html" in o.get("data", {})]
    assert any("rp-key-results" in h and "0.123" in h for h in html_out)
    assert nb.cells[-1].source.startswith("## References") and "https://doi.org/10.1000/abc" in nb.cells[-1].source
    assert "_originals/99-demo.ipynb" in nb.cells[1].source, "a download line follows the title"


def test_dois_become_links_without_their_trailing_punctuation():
    assert site.link_dois("see doi:10.1000/a.b.") == "see [doi:10.1000/a.b](https://doi.org/10.1000/a.b)."
    assert site.link_dois("(doi:10.1000/x(1)y);") == "([doi:10.1000/x(1)y](https://doi.org/10.1000/x(1)y));"
    assert site.link_dois("[doi:10.1000/x](https://doi.org/10.1000/x)") == "[doi:10.1000/x](https://doi.org/10.1000/x)"
