"""A real browser on the built site: charts draw, nothing leaves 127.0.0.1, pages work for readers.

One site is built per session from the hand-made fixtures in tests/fixtures (not data/sample), served
on 127.0.0.1 from a thread, and opened in Debian's /usr/bin/chromium through Playwright
(`playwright install` cannot download browsers here). Screenshots go to build/test-artifacts/browser/
(or $MP_TEST_ARTIFACTS) so that a person can look at what a reader sees.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from migration_profiles.acquire import snapshots
from migration_profiles.pipeline import BuildOptions, build
from migration_profiles.util.progress import Progress

from . import axe
from .conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: F401  (the browser fixture's, used by other tests)
from .helpers_http import serving
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


def scroll_through(figures: str, open_first: str = "") -> str:
    """A script that scrolls each of `figures` into view, as a reader would (charts and maps are drawn
    as they come near the screen), after opening the disclosures `open_first` names."""
    opening = (f"document.querySelectorAll('{open_first}').forEach(d => {{ d.open = true; }});"
               if open_first else "")
    return f"""async () => {{
  {opening}
  for (const figure of document.querySelectorAll('{figures}')) {{
    figure.scrollIntoView();
    await new Promise(resolve => setTimeout(resolve, 30));
  }}
  window.scrollTo(0, 0);
}}"""


def undrawn(page, canvases: str) -> int:
    """How many of `canvases` (a chart's or a map's drawing area) are not drawn yet."""
    return page.evaluate(f"""() => [...document.querySelectorAll('{canvases}')]
        .filter(c => c.dataset.drawn !== 'yes').length""")


# Open each theme's "more charts" and scroll through every chart.
SCROLL_THROUGH_CHARTS = scroll_through("figure.mp-chart", open_first="details.mp-theme-more")


def draw_all_charts(page) -> None:
    page.evaluate(SCROLL_THROUGH_CHARTS)
    page.wait_for_function(ALL_CHARTS_DRAWN, timeout=TIMEOUT_MS)


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


@pytest.fixture(scope="session")
def base_url(built_site):
    with serving(built_site) as url:
        yield url


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
    draw_all_charts(page)
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
def test_keyboard_tab_reaches_skip_link_search_finder_and_sections(york):
    focused = []
    for _ in range(12):
        york.keyboard.press("Tab")
        focused.append(york.evaluate("""() => {
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            return {tag: el.tagName, cls: el.className, id: el.id, href: el.getAttribute('href'),
                    bar: el.closest('.mp-sitebar') !== null};
        }"""))
    assert focused[0] is not None, "Tab focused nothing"
    assert focused[0]["tag"] == "A" and "md-skip" in focused[0]["cls"], f"first Tab went to {focused[0]}"
    assert any(f and f["tag"] == "INPUT" and "md-search__input" in f["cls"] for f in focused), focused
    # An area page has no side navigation (its charts take the width): the bar under the header has
    # "Find an area" and the main sections instead.
    assert any(f and f["id"] == "mp-find" for f in focused), focused
    assert any(f and f["tag"] == "A" and f["bar"] and f["href"].endswith("areas/") for f in focused), focused


@pytest.mark.browser
def test_mobile_viewport_has_no_horizontal_overflow(browser, base_url, artifacts):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        recorder = Recorder(context)
        page = recorder.new_page()
        page.goto(base_url + YORK)
        draw_all_charts(page)
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


# --- accessibility checked by axe-core (WCAG 2.2 A and AA) ---------------------------------------------

AXE_PAGES = ["", "areas/", YORK, "sources/", "methodology/"]
OPEN_EVERY_DISCLOSURE = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"
# site.js makes a table that scrolls sideways focusable when a ResizeObserver reports its width, after
# the browser's next layout: a check run straight after opening the disclosures could come before it.
SCROLLING_TABLES_MARKED = """() => [...document.querySelectorAll('.md-typeset__scrollwrap')]
  .every(w => w.scrollWidth <= w.clientWidth + 1 || w.tabIndex === 0)"""


def open_every_disclosure(page) -> None:
    """Open every disclosure, then wait until site.js has given each table that now scrolls its place
    in the tab order, as it would before a reader's next key press."""
    page.evaluate(OPEN_EVERY_DISCLOSURE)
    page.wait_for_function(SCROLLING_TABLES_MARKED, timeout=TIMEOUT_MS)


@pytest.mark.browser
@pytest.mark.parametrize("width", [1366, 360])
@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_finds_no_wcag_violations_with_sections_closed_and_open(browser, base_url, path, width):
    context = browser.new_context(viewport={"width": width, "height": 768 if width > 400 else 740},
                                  is_mobile=width < 400)
    try:
        page = Recorder(context).new_page()
        page.goto(base_url + path)
        draw_all_charts(page) if page.locator("figure.mp-chart").count() else None
        closed = axe.violations(page)
        assert not closed, f"{path or 'home'} at {width}px, sections closed:\n{axe.describe(closed)}"
        open_every_disclosure(page)
        opened = axe.violations(page)
        assert not opened, f"{path or 'home'} at {width}px, sections open:\n{axe.describe(opened)}"
    finally:
        context.close()


# What a focus indicator is made of: its outline and any box shadow.
FOCUS_STYLE = ("""el => { const s = getComputedStyle(el);
  return {outline: s.outlineStyle, width: parseFloat(s.outlineWidth), colour: s.outlineColor, """
               """shadow: s.boxShadow}; }""")


def assert_focus_is_visible(page, selector: str) -> None:
    """Focus the element from the keyboard (so :focus-visible applies); its outline or shadow must change."""
    element = page.locator(selector).first
    element.scroll_into_view_if_needed()
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    unfocused = element.evaluate(FOCUS_STYLE)
    element.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert element.evaluate("el => el === document.activeElement"), f"{selector}: Tab does not return to it"
    focused = element.evaluate(FOCUS_STYLE)
    assert focused != unfocused, f"{selector}: looks the same focused and not ({focused})"
    ring = focused["outline"] not in ("none", "hidden") and focused["width"] >= 2
    assert ring or focused["shadow"] != "none", f"{selector}: no visible focus indicator ({focused})"


@pytest.mark.browser
@pytest.mark.parametrize("path, selector", [
    ("areas/", "#mp-area-filter"),           # the Areas filter box
    ("areas/", "#mp-find"),                  # "Find an area", in the bar under the header
    ("areas/", ".mp-sitebar-links a"),
    ("", "input[role=combobox]"),             # the home page's "Find an area"
    (YORK, "details.mp-chart-data > summary"),  # a chart's table, a disclosure
    (YORK, "details.mp-more > summary"),     # the reference parts
    (YORK, "details.mp-source-box > summary"),
    (YORK, ".mp-chart-downloads button"),    # a chart's CSV, made in the browser (downloads.js)
])
def test_every_control_shows_its_focus(desktop, base_url, path, selector):
    page = desktop.new_page()
    page.goto(base_url + path)
    assert_focus_is_visible(page, selector)


@pytest.mark.browser
def test_york_answers_first_and_is_at_most_twelve_screens_with_disclosures_closed(browser, base_url,
                                                                                   artifacts):
    """The headline panel and a whole chart in the first 1366 x 768 screen; the page at most 12 screens."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        page = Recorder(context).new_page()
        page.goto(base_url + YORK)
        page.wait_for_function("() => document.querySelector('figure.mp-chart .mp-chart-canvas svg')",
                               timeout=TIMEOUT_MS)
        page.screenshot(path=str(artifacts / "york-1366-first-screen.png"))
        headline = page.locator(".mp-headline").bounding_box()
        chart = page.locator("figure.mp-chart").first.bounding_box()
        assert headline is not None and headline["y"] < 768, f"the headline panel starts at {headline}"
        assert chart is not None and chart["y"] + chart["height"] <= 768, f"the first chart ends at {chart}"
        assert page.locator("details[open]").count() == 0, "a disclosure is open when the page loads"
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height <= 12 * 768, f"York's page is {height}px, {height / 768:.1f} screens"
    finally:
        context.close()


@pytest.mark.browser
def test_chart_text_is_at_least_12px_and_each_description_is_read_once(york_drawn):
    sizes = york_drawn.evaluate("""() => [...document.querySelectorAll('.mp-chart-canvas svg text')]
        .map(t => parseFloat(getComputedStyle(t).fontSize))""")
    assert sizes and min(sizes) >= 12, f"chart text as small as {min(sizes)}px"
    for figure in york_drawn.locator("figure.mp-chart").all():
        label = figure.locator(".mp-chart-canvas").get_attribute("aria-label")
        # The description is the image's name; neither the caption nor the drawing repeats it.
        assert label not in figure.locator("figcaption").inner_text()
        assert figure.locator(".mp-chart-canvas > [aria-hidden='true'] svg").count() == 1
        named = figure.evaluate("""f => [...f.querySelectorAll('[aria-label], [aria-description], title')]
            .filter(el => !el.closest('[aria-hidden="true"]')).length""")
        assert named == 1, f"{named} elements name or describe the chart to a screen reader"


@pytest.mark.browser
def test_lines_differ_by_marker_shape_as_well_as_dash(york_drawn):
    shapes = york_drawn.evaluate("""() => [...document.querySelectorAll('figure.mp-chart')].map(f =>
        new Set([...f.querySelectorAll('.mp-chart-canvas .mark-symbol path')]
            .map(p => p.getAttribute('d'))).size)""")
    legends = york_drawn.locator("ul.mp-legend").all()
    multi = [legend for legend in legends if legend.locator("li").count() > 1]
    assert multi, "no chart with more than one line"
    for legend in multi:
        # Each entry's icon is an SVG the stylesheet puts before it (charts.legend_css): the line (with
        # its dash) then the marker; markers differ in element or outline.
        icons = legend.evaluate("""l => [...l.querySelectorAll('li')].map(li => {
            const content = getComputedStyle(li, '::before').content;
            const url = content.match(/^url\\("data:image\\/svg\\+xml,(.*)"\\)$/);
            if (!url) { return null; }
            const text = decodeURIComponent(url[1]);
            const svg = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
            const marker = svg.lastElementChild;
            return [marker.tagName + (marker.getAttribute('d') || '').replace(/[-0-9. ]/g, ''),
                    svg.querySelector('line').getAttribute('stroke-dasharray')];
        })""")
        assert None not in icons, legend.inner_html()
        markers, dashes = {m for m, _ in icons}, {d for _, d in icons}
        assert len(markers) == len(icons) and len(dashes) == len(icons), icons
    assert max(shapes) >= 2, shapes


# --- finding an area -----------------------------------------------------------------------------------

@pytest.mark.browser
def test_find_an_area_from_the_home_page_by_keyboard(desktop, base_url):
    page = desktop.new_page()
    page.goto(base_url)
    field = page.get_by_label("Find an area")
    assert field.count() == 1 and field.get_attribute("role") == "combobox"
    field.focus()
    page.keyboard.type("york")
    page.get_by_role("option", name=re.compile("^York")).wait_for()
    assert field.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Enter")  # Enter opens the best match
    page.wait_for_url(re.compile(r"/areas/E06000014/$"))
    assert not desktop.errors, "\n".join(desktop.errors)


@pytest.mark.browser
def test_find_an_area_ignores_punctuation_knows_codes_and_former_names(desktop, base_url):
    page = desktop.new_page()
    page.goto(base_url + YORK)
    field = page.locator("#mp-find")
    field.fill("kingston upon hull city of")  # the name has a comma
    page.get_by_role("option", name=re.compile("^Kingston upon Hull, City of")).wait_for()
    field.fill("E06000014")
    page.get_by_role("option", name=re.compile("^York")).wait_for()
    field.fill("S12000046")  # Glasgow City's code before 2019 (a council merged into another is said
    option = page.get_by_role("option", name=re.compile("^Glasgow City S12000046"))  # so: test_area_finder)
    option.wait_for()
    assert "former code, now S12000049" in option.inner_text()
    field.press("ArrowDown")
    assert field.get_attribute("aria-activedescendant") == option.get_attribute("id")
    assert option.get_attribute("aria-selected") == "true"
    field.press("Enter")
    page.wait_for_url(re.compile(r"/areas/S12000049/$"))
    assert not desktop.errors, "\n".join(desktop.errors)


@pytest.mark.browser
def test_area_list_marks_councils_that_no_longer_exist(desktop, base_url):
    page = desktop.new_page()
    page.goto(base_url + "areas/")
    craven = page.locator(".mp-former-list li", has_text="Craven")  # its successor has no page here
    assert "abolished 2023" in craven.inner_text()
    glasgow = page.locator(".mp-former-list li", has_text="S12000046")
    assert "former code" in glasgow.inner_text()
    assert glasgow.get_by_role("link", name="Glasgow City").get_attribute("href").endswith("S12000049/")


# --- weight: Vega only where there are charts, and only when they come near the screen -------------------

@pytest.mark.browser
def test_vega_loads_only_on_pages_with_charts_and_charts_draw_as_they_scroll_into_view(desktop, base_url):
    page = desktop.new_page()
    page.goto(base_url + "methodology/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in desktop.requests if url.endswith("/vega.js")], "vega.js loaded without charts"
    page.goto(base_url + YORK)
    page.wait_for_load_state("networkidle")
    assert [url for url in desktop.requests if url.endswith("/vega.js")]
    last = page.locator("figure.mp-chart .mp-chart-canvas").last
    assert last.get_attribute("data-drawn") is None, "a chart far below the screen was drawn at once"
    page.evaluate("() => document.querySelectorAll('details.mp-theme-more').forEach(d => { d.open = true; })")
    last.scroll_into_view_if_needed()
    page.wait_for_function("el => el.dataset.drawn === 'yes'", arg=last.element_handle(), timeout=TIMEOUT_MS)
    assert not desktop.errors, "\n".join(desktop.errors)


@pytest.mark.browser
def test_charts_draw_with_the_vega_runtime_alone(york, built_site):
    # The charts are compiled to Vega at build time, so the page loads neither the Vega-Lite compiler nor
    # vega-embed: vega.js is Vega's runtime, about 490 KB where the three together were 900 KB.
    assert york.evaluate("typeof window.vega.View") == "function"
    assert york.evaluate("typeof window.vegaEmbed + typeof window.vegaLite") == "undefinedundefined"
    assert (built_site / "assets" / "vega.js").stat().st_size < 550_000
    assert york.locator("figure.mp-chart .mp-chart-canvas[data-drawn=yes] svg").count() >= 5


@pytest.mark.browser
def test_the_search_index_is_fetched_only_when_the_search_field_is_used(desktop, base_url):
    page = desktop.new_page()
    page.goto(base_url + YORK)
    page.wait_for_load_state("networkidle")
    search = [url for url in desktop.requests
              if "/search/search_index.json" in url or "/workers/search." in url]
    assert search == [], "the search index or its worker was fetched on page load"
    with page.expect_request(lambda request: request.url.endswith("/search/search_index.json")):
        page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").fill("methodology")
    # The search worker builds its index of the whole site first: on a 2-core machine busy with other
    # work this once took more than 20 s (a clean clone's CI run beside three benchmarks).
    page.locator(".md-search-result__item").first.wait_for(timeout=3 * TIMEOUT_MS)
    assert not desktop.errors, "\n".join(desktop.errors)


# --- phones and print -------------------------------------------------------------------------------------

@pytest.mark.browser
def test_on_a_phone_tables_reflow_and_bar_labels_sit_above_the_bars(browser, base_url, artifacts):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    try:
        page = Recorder(context).new_page()
        page.goto(base_url + YORK)
        draw_all_charts(page)
        open_every_disclosure(page)
        wide = page.evaluate("""() => [...document.querySelectorAll('article table')]
            .filter(t => t.scrollWidth > t.clientWidth + 1
                      || t.getBoundingClientRect().right > innerWidth + 1)
            .length""")
        assert wide == 0, f"{wide} tables need a sideways scroll at 360px"
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 361, f"page is {scroll_width}px wide at 360px"
        cell = page.locator(".mp-chart-data td").first
        assert cell.evaluate("td => getComputedStyle(td, '::before').content") not in ("none", "normal", '""')
        # Each row's header is a line of its own above the row's cells, in every reflowing table.
        inline = page.evaluate("""() => [...document.querySelectorAll(
            'article :is(.mp-chart-data, .mp-table-wrap) tbody th')]
            .filter(th => getComputedStyle(th).display !== 'block').length""")
        assert inline == 0, f"{inline} row headers are not on a line of their own at 360px"
        page.locator(".mp-chart-data").first.screenshot(path=str(artifacts / "york-phone-table.png"))
    finally:
        context.close()


# The words of Vega's SVG text elements, a title of several lines (tspans) line by line. A tick label
# Vega hides because it would overlap its neighbour (opacity 0) is not on paper, so it is left out.
SVG_TEXTS = """const svgTexts = elements => [...elements]
  .filter(t => t.getAttribute('opacity') !== '0')
  .flatMap(t => t.querySelector('tspan') ? [...t.querySelectorAll('tspan')] : [t])
  .map(t => t.textContent.trim()).filter(Boolean);
"""
# Every chart on the page (a printed page shows them all, those of the closed "Show N more charts" boxes
# too), each with the text its drawing holds: axis titles and tick labels, or, where the chart printed
# as its table, the table's row headings. Read after printing: a chart drawn only after the PDF was
# made still names text that the PDF lacks.
PRINTED_CHARTS = "() => {" + SVG_TEXTS + """return [...document.querySelectorAll('figure.mp-chart')]
  .map(f => {
    const block = f.closest('.mp-chart-block');
    const table = block.classList.contains('mp-print-table');
    const texts = table
      ? [...block.querySelectorAll('.mp-chart-data tbody th')].map(th => th.textContent)
      : svgTexts(f.querySelectorAll('.mp-chart-canvas svg .role-axis text'));
    return {chart: f.dataset.chart, drawn: f.querySelector('.mp-chart-canvas').dataset.drawn || '',
            closed_box: f.closest('details.mp-theme-more:not([open])') !== null,
            table: table, texts: texts.map(t => t.trim()).filter(Boolean)};
  }); }"""


def print_pdf(page, pdf: Path) -> tuple[int, str]:
    """Print the page as Ctrl+P does (page.pdf sends beforeprint and uses print media): pages, text."""
    import subprocess

    page.pdf(path=str(pdf), format="A4", print_background=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1)), text


def missing_from_print(charts: list[dict], text: str) -> list[str]:
    """The printed charts whose drawing (or table) is not in the PDF's text. Words are counted, not
    lines (pdftotext splits a turned axis title into words and joins tick labels on a line): the PDF must
    hold each word as many times as all the charts together, so a word in the prose cannot stand in."""
    from collections import Counter

    needed = Counter(word for chart in charts for t in chart["texts"] for word in t.split())
    found = Counter(word for token in text.split() for word in _split_joined(token, set(needed)))
    short = {word for word, n in needed.items() if found[word] < n}
    return [c["chart"] for c in charts
            if not c["texts"] or short & {word for t in c["texts"] for word in t.split()}]


def _split_joined(token: str, words: set[str]) -> list[str]:
    """`token` as the words of `words` that pdftotext ran together ("180200": an axis's last tick label,
    which Vega moves inward to keep inside the chart, set close to the one before), or as itself."""
    if token in words:
        return [token]
    ways: dict[int, list[str]] = {0: []}  # how the first i characters split into words
    for i in range(len(token)):
        if i in ways:
            for j in range(i + 1, len(token) + 1):
                if token[i:j] in words and j not in ways:
                    ways[j] = ways[i] + [token[i:j]]
    return ways.get(len(token)) or [token]


@pytest.mark.browser
def test_york_printed_at_once_shows_every_chart_without_navigation_in_few_pages(browser, base_url, artifacts):
    """A reader opens York and presses Ctrl+P without scrolling: the charts below the first screen are
    not drawn yet (they are drawn as they come near it), and each must still be on paper."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        page = Recorder(context).new_page()
        page.goto(base_url + YORK)
        page.wait_for_load_state("load")
        assert undrawn(page, "figure.mp-chart .mp-chart-canvas") > 0, (
            "every chart was drawn before printing: this test would prove nothing")
        pages, text = print_pdf(page, artifacts / "york-print.pdf")
        charts = page.evaluate(PRINTED_CHARTS)
        page.emulate_media(media="print")
        hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.mp-sitebar', '.md-footer']
            .map(s => document.querySelector(s)).filter(Boolean)
            .every(el => getComputedStyle(el).display === 'none')""")
    finally:
        context.close()
    assert hidden, "navigation is printed"
    assert 1 <= pages <= 20, f"York prints on {pages} pages"
    assert len(charts) >= 3, charts
    assert any(c["closed_box"] for c in charts), "no chart in a closed box: the check below proves less"
    assert [c["chart"] for c in charts if c["table"]] == [], "charts printed as tables though Vega could draw"
    assert missing_from_print(charts, text) == [], "charts blank on paper"


@pytest.mark.browser
def test_a_chart_in_a_closed_more_charts_box_is_drawn_on_paper_and_the_box_closed_again(browser, base_url,
                                                                                       artifacts):
    """The charts a reader has not opened ("Show N more charts") print too, drawn, not as blank boxes."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        page = Recorder(context).new_page()
        page.goto(base_url + YORK)
        page.wait_for_load_state("load")
        box = page.locator("details.mp-theme-more").last
        canvas = box.locator("figure.mp-chart .mp-chart-canvas").first
        assert box.evaluate("d => !d.open") and canvas.get_attribute("data-drawn") is None
        _, text = print_pdf(page, artifacts / "york-print-closed-box.pdf")
        chart = canvas.evaluate("c => c.closest('figure').dataset.chart")
        [printed] = [c for c in page.evaluate(PRINTED_CHARTS) if c["chart"] == chart]
        # Closed again as the reader left it, its chart drawn (an SVG that is not a blank box).
        assert box.evaluate("d => !d.open"), "the box stayed open after printing"
        width = canvas.evaluate("c => c.querySelector('svg').getBoundingClientRect().width")
    finally:
        context.close()
    assert printed["drawn"] in ("print", "yes") and not printed["table"], printed
    assert width > 100, f"the chart was drawn {width}px wide"
    assert missing_from_print([printed], text) == [], f"{chart} is blank on paper"


@pytest.mark.browser
def test_a_chart_that_cannot_be_drawn_prints_as_its_table(browser, base_url, artifacts):
    """When Vega cannot be had (here refused; from file:// the synchronous load is refused too), the
    printed page shows the chart's figures as a table rather than an empty box."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        page = Recorder(context).new_page()
        page.route("**/assets/vega.js", lambda route: route.abort())
        page.goto(base_url + YORK)
        page.wait_for_load_state("load")
        _, text = print_pdf(page, artifacts / "york-print-tables.pdf")
        charts = page.evaluate(PRINTED_CHARTS)
    finally:
        context.close()
    assert charts and all(c["table"] for c in charts), charts
    assert missing_from_print(charts, text) == [], "charts printed neither drawn nor as tables"
