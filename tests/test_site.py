"""The rendered site: built offline from the executed notebooks, with working links and described images."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reappraise.pipeline import params, site


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs, self.images = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("a", "link") and attrs.get("href"):
            self.refs.append(attrs["href"])
        if tag in ("script", "img") and attrs.get("src"):
            self.refs.append(attrs["src"])
        if tag == "img":
            self.images.append(attrs)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    site.build(out)
    return out


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_there_is_a_page_per_notebook_plus_landing_reading_order_teaching_and_rerun(built):
    names = {p.name for p in built.glob("*.html")}
    assert {f"{n}.html" for n in params.notebook_names()} <= names
    assert {"index.html", "reading-order.html", "teaching.html", "rerun.html"} <= names


def test_nothing_is_fetched_from_another_host(built):
    for page in built.glob("*.html"):
        for ref in parse(page).refs:
            if ref.startswith(("http://", "https://", "//")):
                assert not page.read_text().count(f'src="{ref}"'), f"{page.name} loads {ref}"
        assert "@import url(http" not in page.read_text()


def test_every_internal_link_and_image_resolves(built):
    for page in built.glob("*.html"):
        for ref in parse(page).refs:
            if ref.startswith(("http", "//", "mailto:", "#", "data:")):
                continue
            target = built / ref.split("#")[0]
            assert target.is_file(), f"{page.name} links to missing {ref}"


def test_every_image_has_alt_text(built):
    for page in built.glob("*.html"):
        for img in parse(page).images:
            assert img.get("alt", "").strip(), f"{page.name} has an image without alt text"


def test_code_is_folded_by_default_but_kept(built):
    text = (built / "01-reconstruct-response-remission.html").read_text()
    assert "<details class=\"rp-code\">" in text and "<details class=\"rp-code\" open" not in text
    assert "proportion_ci" in text


def test_links_between_notebooks_point_to_their_pages(built):
    text = (built / "01-reconstruct-response-remission.html").read_text()
    assert not re.search(r'href="[^"]*\.ipynb"', text)


def test_rebuilding_an_unchanged_tree_writes_the_same_bytes(built, tmp_path):
    again = tmp_path / "again"
    site.build(again)
    for page in built.rglob("*"):
        if page.is_file():
            assert (again / page.relative_to(built)).read_bytes() == page.read_bytes(), page.name


def test_every_page_credits_the_metapsy_data_under_its_licence(built):
    """ODC-BY requires attribution wherever the data are used: the footer of every page carries it."""
    for page in built.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "10.5281/zenodo.18740439" in text and "Open Data Commons Attribution License" in text, page.name
