"""The built site in a real browser (headless Debian Chromium via Playwright): every page loads
with no console errors, failed requests, broken links or images; search finds notebook 03 for
"fragility"; every page has a contents box and nothing overflows a 390 px screen outside a
scroll box; screenshots of the landing page and notebook 03 at 1280 and 390 px are written to
build/screenshots/. The accessibility checks (axe-core) are in ``test_browser_axe.py``."""

from urllib.parse import urljoin, urlparse

from reappraise import paths
from sitebrowser import DESKTOP, MARKS, NB03, OVERFLOW, PHONE, browser, content_pages, served  # noqa: F401 (fixtures)

pytestmark = MARKS

def test_every_page_loads_without_errors_broken_links_or_images(served, browser):
    root, base = served
    pages = sorted(p.name for p in root.glob("*.html"))
    assert "index.html" in pages and len(pages) >= 10
    page = browser.new_page(viewport=DESKTOP)
    problems = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: None if r.url.endswith("favicon.svg") else problems.append(f"request failed: {r.url}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.on("request", lambda r: problems.append(f"other host: {r.url}") if urlparse(r.url).netloc not in ("", urlparse(base).netloc) and not r.url.startswith("data:") else None)
    for name in pages:
        response = page.goto(urljoin(base, name), wait_until="load")
        assert response.status == 200, name
        broken = page.evaluate("Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src.slice(0, 60))")
        assert not broken, f"{name}: broken images {broken}"
        for href in page.evaluate("Array.from(document.querySelectorAll('a[href]')).map(a => a.href)"):
            url = urlparse(href)
            if url.netloc == urlparse(base).netloc:
                target = url.path.lstrip("/") or "index.html"
                assert (root / target).exists(), f"{name}: broken link {href}"
    assert not problems, problems


def test_code_cells_are_folded_and_a_toggle_opens_one(served, browser):
    _, base = served
    page = browser.new_page(viewport=DESKTOP)
    page.goto(urljoin(base, "01-reconstruct-response-remission.html"))
    folded = page.locator("details.hide.above-input")
    assert folded.count() > 0 and page.evaluate("document.querySelectorAll('details.hide[open]').length") == 0
    folded.first.locator("summary").click()
    assert page.evaluate("document.querySelectorAll('details.hide[open]').length") == 1
    assert "ci_method" in folded.first.inner_text()


def test_search_finds_notebook_03_for_fragility(served, browser):
    _, base = served
    page = browser.new_page(viewport=DESKTOP)
    page.goto(urljoin(base, "search.html?q=fragility"))
    page.wait_for_selector("ul.search li a", timeout=20_000)
    hits = page.evaluate("Array.from(document.querySelectorAll('ul.search li a')).map(a => a.getAttribute('href'))")
    assert any(h.startswith("03-compare-ptsd-phase3.html") for h in hits), hits


def test_every_page_has_a_contents_box_and_nothing_overflows_a_phone_screen(served, browser):
    root, base = served
    page = browser.new_page(viewport=PHONE)
    for name in content_pages(root):
        page.goto(urljoin(base, name), wait_until="load")
        assert page.locator("nav.page-toc a").count() > 0, f"{name}: no contents box"
        result = page.evaluate(OVERFLOW)
        assert result["page"] <= 1 and not result["bad"], f"{name}: overflows 390 px: {result}"


def test_the_verdict_stays_visible_on_a_phone(served, browser):
    _, base = served
    page = browser.new_page(viewport=PHONE)
    page.goto(base + "index.html")
    badges = page.locator("table.rp-findings .rp-badge")
    assert badges.count() >= 1
    box = badges.first.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_phone_figures_keep_labels_legible_and_link_to_the_full_size_image(served, browser):
    _, base = served
    page = browser.new_page(viewport=PHONE)
    page.goto(urljoin(base, NB03))
    figure = page.locator("figure.rp-figure img").first
    # 150 dpi figures drawn 7 in wide: at 640 px or more, 11 pt labels are at least 9 px high
    assert figure.bounding_box()["width"] >= 640
    assert page.locator("figure.rp-figure a[href^='figures/']").count() == page.locator("figure.rp-figure").count()


def test_screenshots_of_the_landing_page_and_notebook_03_at_desktop_and_phone_width(served, browser):
    _, base = served
    folder = paths.BUILD / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    for viewport in (DESKTOP, PHONE):
        page = browser.new_page(viewport=viewport)
        for name in ("index.html", NB03):
            page.goto(urljoin(base, name), wait_until="load")
            shot = folder / f"{name.removesuffix('.html')}-{viewport['width']}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
