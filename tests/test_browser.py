"""A real browser on the built site: charts draw, nothing leaves 127.0.0.1, pages work for readers.

One site is built per session from the hand-made fixtures in tests/fixtures (not data/sample), served
on 127.0.0.1 from a thread, and opened in Debian's /usr/bin/chromium through Playwright
(`playwright install` cannot download browsers here). Screenshots go to build/test-artifacts/browser/
(or $MP_TEST_ARTIFACTS) so that a person can look at what a reader sees.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from pathlib import Path

import pytest

from migration_profiles import snapshots
from migration_profiles.pipeline import BuildOptions, build
from migration_profiles.progress import Progress

from .workspace import ROOT as REPO
from .workspace import fixture_downloads, make_project

pytestmark = pytest.mark.slow

YORK = "areas/E06000014/"
TIMEOUT_MS = 20_000

# Material asks for ../versions.json (mike's list of editions) for its version selector. It exists only
# in a mike deployment, so a site served straight from build/site answers 404. Nothing else may fail.
EXPECTED_404 = ("/versions.json",)

ALL_CHARTS_DRAWN = """() => {
  const figures = [...document.querySelectorAll('figure.mp-chart')];
  return figures.length > 0 && figures.every(f => f.querySelector('.mp-chart-canvas svg'));
}"""


# --- the site, built once and served on 127.0.0.1 -----------------------------------------------------

@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("browser-site")
    ws = make_project(root / "project")
    incoming = fixture_downloads(root / "downloads")
    report = snapshots.import_from_dir(ws.snapshots, incoming)
    assert not report.failed, report.failed
    assert set(report.imported) == {"lami", "mye", "geography"}, report.imported
    result = build(ws, BuildOptions(), Progress(quiet=True))
    assert not result.demo and result.areas > 0
    assert (ws.site / YORK / "index.html").exists()
    return ws.site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # no line on stderr per request
        pass


@pytest.fixture(scope="session")
def base_url(built_site):
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    folder = Path(os.environ.get("MP_TEST_ARTIFACTS") or REPO / "build" / "test-artifacts") / "browser"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# --- the browser ---------------------------------------------------------------------------------------

class Recorder:
    """Every request a browser context makes, and every error its pages report."""

    def __init__(self, context):
        self.context = context
        self.requests: list[str] = []
        self.errors: list[str] = []
        context.set_default_timeout(TIMEOUT_MS)
        context.on("request", lambda request: self.requests.append(request.url))

    def new_page(self):
        page = self.context.new_page()
        page.on("console", lambda message: self._console(page, message))
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: uncaught exception: {error}"))
        return page

    def _console(self, page, message) -> None:
        if message.type != "error":
            return
        where = (message.location or {}).get("url", "")
        if "404" in message.text and any(where.endswith(path) for path in EXPECTED_404):
            return
        self.errors.append(f"{page.url}: console error: {message.text} ({where})")

    def off_site(self, base: str) -> list[str]:
        return [url for url in self.requests if not url.startswith((base, "data:", "blob:"))]


@pytest.fixture
def desktop(browser):
    """A desktop-sized browser context that records its requests and errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield Recorder(context)
    context.close()


def _open_york(recorder: Recorder, base_url: str):
    page = recorder.new_page()
    page.goto(base_url + YORK)
    page.wait_for_function(ALL_CHARTS_DRAWN, timeout=TIMEOUT_MS)
    return page


@pytest.fixture
def york(desktop, base_url):
    """York's page on a desktop, freshly loaded, with every chart drawn."""
    return _open_york(desktop, base_url)


@pytest.fixture(scope="module")
def york_drawn(browser, base_url):
    """York's page loaded once for the checks that only read it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield _open_york(Recorder(context), base_url)
    context.close()


# --- York's page ---------------------------------------------------------------------------------------

@pytest.mark.browser
def test_every_chart_draws_an_svg_without_errors_or_outside_requests(desktop, york, base_url, artifacts):
    york.screenshot(path=str(artifacts / "york-desktop.png"))
    york.screenshot(path=str(artifacts / "york-desktop-full.png"), full_page=True)
    figures = york.locator("figure.mp-chart")
    assert figures.count() >= 5
    for i in range(figures.count()):
        figure = figures.nth(i)
        canvas = figure.locator(".mp-chart-canvas")
        assert canvas.locator("svg").count() == 1, f"chart {i + 1} drew no SVG"
        assert canvas.evaluate("el => el.getBoundingClientRect().width") > 200, f"chart {i + 1} collapsed"
        assert canvas.get_attribute("data-drawn") == "yes"
        figure.screenshot(path=str(artifacts / f"york-desktop-{figure.get_attribute('id')}.png"))
    york.wait_for_load_state("networkidle")
    assert desktop.requests, "no requests were recorded"
    assert desktop.off_site(base_url) == []
    assert not desktop.errors, "\n".join(desktop.errors)


@pytest.mark.browser
def test_york_page_has_one_h1(york_drawn):
    assert york_drawn.locator("h1").count() == 1
    heading = york_drawn.locator("h1").inner_text()
    assert heading.replace("¶", "").strip() == "York"  # ¶: the heading's permalink


@pytest.mark.browser
def test_drawn_charts_keep_role_img_and_their_description(york_drawn):
    canvases = york_drawn.locator("figure.mp-chart .mp-chart-canvas")
    assert canvases.count() > 0
    for i in range(canvases.count()):
        canvas = canvases.nth(i)
        # Vega gives the element it draws into role=graphics-document, which lets a screen reader walk
        # every axis tick and point; the canvas must keep role=img and its single description.
        assert canvas.get_attribute("role") == "img", f"chart {i + 1}: role={canvas.get_attribute('role')}"
        assert (canvas.get_attribute("aria-label") or "").strip(), f"chart {i + 1} has no aria-label"


@pytest.mark.browser
def test_every_chart_is_followed_by_its_data_table(york_drawn):
    # Before the next chart or heading there is a <details> holding the chart's figures as a table.
    missing = york_drawn.evaluate("""() => {
        const figures = [...document.querySelectorAll('figure.mp-chart')];
        return figures.filter(figure => {
          for (let el = figure.nextElementSibling; el; el = el.nextElementSibling) {
            if (el.tagName === 'DETAILS') return el.querySelector('table') === null;
            if (el.matches('figure.mp-chart, h1, h2, h3')) return true;
          }
          return true;
        }).map(figure => figure.id);
      }""")
    assert missing == [], f"charts with no data table after them: {missing}"


LEFTOVERS = re.compile(r"\['|'\]|\{\{|\{%|\bNone\b|\bnan\b|\bNaN\b|\bundefined\b")


@pytest.mark.browser
def test_york_page_text_has_no_template_or_python_leftovers(york_drawn):
    """What a reader sees holds no Python list or None, no NaN, no unrendered template tag."""
    text = york_drawn.locator("article").inner_text()
    matches = list(LEFTOVERS.finditer(text))
    examples = [text[max(m.start() - 60, 0):m.end() + 60].replace("\n", " ") for m in matches[:3]]
    assert not matches, f"{sorted({m.group(0) for m in matches})} in the page text, e.g. {examples}"


@pytest.mark.browser
def test_no_empty_banner_across_the_top(york_drawn):
    # An announcement block that renders only whitespace still makes Material draw an empty dark bar.
    empty = york_drawn.evaluate("""() => [...document.querySelectorAll('.md-banner')]
        .filter(b => b.offsetParent !== null && b.innerText.trim() === '').length""")
    assert empty == 0, f"{empty} empty banner(s) shown above the header"


@pytest.mark.browser
def test_keyboard_tab_reaches_skip_link_search_and_navigation(york):
    focused = []
    for _ in range(10):
        york.keyboard.press("Tab")
        focused.append(york.evaluate("""() => {
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            return {tag: el.tagName, cls: el.className, href: el.getAttribute('href')};
        }"""))
    assert focused[0] is not None, "Tab focused nothing"
    assert focused[0]["tag"] == "A" and "md-skip" in focused[0]["cls"], f"first Tab went to {focused[0]}"
    assert any(f and f["tag"] == "INPUT" and "md-search__input" in f["cls"] for f in focused), focused
    assert any(f and f["tag"] == "A" and "md-nav__link" in f["cls"] for f in focused), focused


@pytest.mark.browser
def test_mobile_viewport_has_no_horizontal_overflow(browser, base_url, artifacts):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        recorder = Recorder(context)
        page = recorder.new_page()
        page.goto(base_url + YORK)
        page.wait_for_function(ALL_CHARTS_DRAWN, timeout=TIMEOUT_MS)
        page.screenshot(path=str(artifacts / "york-mobile.png"))
        page.locator("figure.mp-chart").first.scroll_into_view_if_needed()
        page.wait_for_timeout(400)  # let Material's header finish swapping the site title for the page's
        page.screenshot(path=str(artifacts / "york-mobile-chart.png"))
        scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll_width <= inner_width + 1, f"page is {scroll_width}px wide in a {inner_width}px viewport"
        widest = page.evaluate("""() => Math.max(...[...document.querySelectorAll('.mp-chart-canvas svg')]
            .map(svg => svg.getBoundingClientRect().right))""")
        assert widest <= inner_width + 1, f"a chart reaches {widest}px in a {inner_width}px viewport"
        page.wait_for_load_state("networkidle")
        assert recorder.off_site(base_url) == []
        assert not recorder.errors, "\n".join(recorder.errors)
    finally:
        context.close()


# --- the Areas index -----------------------------------------------------------------------------------

@pytest.mark.browser
def test_areas_filter_narrows_the_list(desktop, base_url, artifacts):
    page = desktop.new_page()
    page.goto(base_url + "areas/")
    york = page.get_by_role("link", name="York", exact=True)
    leeds = page.get_by_role("link", name="Leeds", exact=True)
    assert york.is_visible() and leeds.is_visible()
    page.locator("#mp-area-filter").fill("York")
    york.wait_for(state="visible")
    leeds.wait_for(state="hidden")
    assert "1 of" in page.locator("#mp-area-count").inner_text()
    page.screenshot(path=str(artifacts / "areas-filtered.png"))
    page.locator("#mp-area-filter").fill("")
    leeds.wait_for(state="visible")
    page.wait_for_load_state("networkidle")
    assert desktop.off_site(base_url) == []
    assert not desktop.errors, "\n".join(desktop.errors)


def _top_level_pages(site: Path) -> list[str]:
    """Every page in the navigation's first level: folders of the site root holding an index.html."""
    skip = {"assets", "search", "data"}
    return [""] + sorted(f"{p.parent.name}/" for p in site.glob("*/index.html") if p.parent.name not in skip)


@pytest.mark.browser
def test_every_top_level_page_loads_cleanly(desktop, base_url, built_site):
    page = desktop.new_page()
    paths = _top_level_pages(built_site)
    assert {"areas/", "sources/", "accessibility/"} <= set(paths)
    for path in paths:
        response = page.goto(base_url + path)
        assert response is not None and response.status == 200, path
        assert page.locator("h1").count() == 1, path
    page.wait_for_load_state("networkidle")
    assert desktop.off_site(base_url) == []
    assert not desktop.errors, "\n".join(desktop.errors)


# --- no third-party references anywhere in the built files ----------------------------------------------

EMBED = re.compile(
    r"""<(script|link|img|iframe|source|video|audio|embed|object|track)\b[^>]*?\s"""
    r"""(src|href|srcset|data|poster)\s*=\s*["']?\s*((?:https?:)?//[^"'\s>]+)""",
    re.IGNORECASE)
CSS_REMOTE = re.compile(r"""@import\s+(?:url\(\s*)?["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//""",
                        re.IGNORECASE)
REMOTE_HOSTS = ("fonts.googleapis", "fonts.gstatic", "cdn.jsdelivr", "unpkg.com", "cdnjs.cloudflare")
REMOTE_URL = re.compile(r"https?://(?:" + "|".join(map(re.escape, REMOTE_HOSTS)) + r""")[^"'`\s)]*""")
# Material's JavaScript bundle can itself load two scripts from unpkg.com, each only on a condition this
# site never meets. Any other reference to a CDN or font host fails the test.
MATERIAL_CONDITIONAL = {
    "https://unpkg.com/resize-observer-polyfill": "only in a browser without ResizeObserver",
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js": "only on a page with a Mermaid diagram (none may)",
}


def test_built_files_make_no_third_party_references(built_site):
    """Links to publishers' pages (<a href>) are fine; anything a browser would fetch must be on-site."""
    problems = []
    files = [p for p in built_site.rglob("*") if p.suffix in (".html", ".css", ".js") and p.is_file()]
    assert any(p.suffix == ".js" for p in files) and any(p.suffix == ".css" for p in files)
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        where = path.relative_to(built_site)
        problems += [f"{where}: {m.group(0)[:160]}" for m in EMBED.finditer(text)]
        if path.suffix in (".html", ".css"):
            problems += [f"{where}: {m.group(0)}" for m in CSS_REMOTE.finditer(text)]
        for url in REMOTE_URL.findall(text):
            if not (where.parts[:2] == ("assets", "javascripts") and url in MATERIAL_CONDITIONAL):
                problems.append(f"{where}: refers to {url}")
        if path.suffix == ".html" and re.search(r"""class=["'][^"']*\bmermaid\b""", text):
            problems.append(f"{where}: has a Mermaid diagram, which Material would load from unpkg.com")
    assert problems == []
