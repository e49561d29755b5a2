"""What the browser tests share: headless Chromium, the built site served on localhost, viewports."""

import functools
import http.server
import shutil
import threading

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: Marks of every browser test: skipped, saying what to install, where Chromium is absent.
MARKS = [pytest.mark.browser, pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium not installed (apt-get install chromium chromium-driver); .ci/run installs it")]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NB03 = "03-compare-ptsd-phase3.html"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# Elements wider than the screen must sit inside a box that scrolls sideways on its own.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth, bad = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right <= width + 1) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.position === 'fixed') continue;
    if (el.closest('.bd-sidebar-primary, .bd-sidebar-secondary, dialog')) continue;  // off-canvas drawers
    let scrolled = false;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') { scrolled = true; break; }
    }
    if (!scrolled) bad.push(el.tagName.toLowerCase() + '.' + (el.className || '').toString().slice(0, 40));
  }
  return {page: document.documentElement.scrollWidth - width, bad: bad.slice(0, 5)};
}"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(built_site):
    """Serve the site built once for the session on a free localhost port."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(built_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield built_site, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


def content_pages(root):
    return sorted(p.name for p in root.glob("*.html") if p.name != "search.html")


