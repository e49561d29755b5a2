"""The built site in a real browser: every page loads in headless Chromium with no console
errors, no failed requests, no broken internal links or images; the landing page is
saved as a screenshot (build/screenshots/index.png)."""

import functools
import http.server
import shutil
import threading
from urllib.parse import urljoin, urlparse

import pytest

from reappraise import paths
from reappraise.pipeline import site

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.browser, pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium not installed (apt-get install chromium chromium-driver); .ci/run installs it")]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """Build the site into a temporary folder and serve it on a free localhost port."""
    root = tmp_path_factory.mktemp("site")
    site.build(root)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


def test_every_page_loads_without_errors_broken_links_or_images(served, browser):
    root, base = served
    pages = sorted(p.name for p in root.glob("*.html"))
    assert "index.html" in pages and len(pages) >= 5
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    problems = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    for name in pages:
        response = page.goto(urljoin(base, name), wait_until="load")
        assert response.status == 200, name
        broken = page.evaluate("Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src.slice(0, 60))")
        assert not broken, f"{name}: broken images {broken}"
        for href in page.evaluate("Array.from(document.querySelectorAll('a[href]')).map(a => a.href)"):
            url = urlparse(href)
            if url.netloc == urlparse(base).netloc:
                target = url.path.lstrip("/") or "index.html"
                assert (root / target).is_file(), f"{name}: broken link {href}"
    assert not problems, problems


def test_code_cells_are_folded_and_the_toggle_opens_them(served, browser):
    _, base = served
    page = browser.new_page()
    page.goto(urljoin(base, "01-reconstruct-response-remission.html"))
    assert page.evaluate("document.querySelectorAll('details.rp-code[open]').length") == 0
    page.check("#rp-show-code")
    opened = page.evaluate("document.querySelectorAll('details.rp-code[open]').length")
    assert opened == page.evaluate("document.querySelectorAll('details.rp-code').length") > 0


def test_the_landing_page_shows_the_findings_table_and_is_saved_as_a_screenshot(served, browser):
    _, base = served
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(base + "index.html")
    assert page.locator("table.rp-findings tbody tr").count() >= 1
    shot = paths.BUILD / "screenshots" / "index.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
