"""axe-core on the built site in headless Chromium: no serious or critical accessibility
violation on any content page at desktop width, nor on the landing page and notebook 03 at
phone width. One test per page, so that a report names the page (the pages are known before the
site is built, and a test checks that the list covers every page built); in a file of its own,
the slowest of the suite, so that a second test worker can run the other browser tests beside it.
"""

import functools
from urllib.parse import urljoin

import pytest

from sitebrowser import DESKTOP, MARKS, NB03, PHONE, browser, content_pages, served  # noqa: F401 (fixtures)

pytestmark = MARKS


def expected_pages() -> list[str]:
    """The site's content pages, known before it is built: landing, fixed pages, notebooks, study pages."""
    from reappraise.pipeline import params, site

    names = ["index.html", *(f"{p}.html" for p in site.PAGES), *(f"{name}.html" for name in params.notebook_names())]
    names += [f"{site.study_page(study, nb)}.html" for study, runs in site.study_runs().items() for nb in runs]
    return sorted(names)


AXE_CASES = [(name, DESKTOP) for name in expected_pages()] + [("index.html", PHONE), (NB03, PHONE)]


def test_the_accessibility_checks_cover_every_content_page_of_the_built_site(served):
    root, _ = served
    assert content_pages(root) == expected_pages()


@pytest.fixture(scope="module")
def tabs(browser):
    """One tab per viewport, reused page after page (opening a tab per page costs more than axe on it)."""
    opened = {}
    yield lambda viewport: opened.setdefault(viewport["width"], browser.new_page(viewport=viewport))
    for tab in opened.values():
        tab.close()


@pytest.mark.parametrize("name, viewport", AXE_CASES, ids=[f"{n}@{v['width']}" for n, v in AXE_CASES])
def test_axe_finds_no_serious_or_critical_violations(served, tabs, name, viewport):
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    _, base = served
    page = tabs(viewport)
    page.goto(urljoin(base, name), wait_until="load")
    violations = _axe(axe_module).run(page).response["violations"]
    bad = [f"{v['id']} ({v['impact']}): {len(v['nodes'])} nodes" for v in violations if v["impact"] in ("serious", "critical")]
    assert not bad, f"{name} at {viewport['width']} px: {bad}"


@functools.cache
def _axe(axe_module):
    return axe_module.Axe()
