"""York as `make site` builds it from the demonstration data, in a real browser: the longest York a new
user sees (every source, maps, a partner's return, 52 charts), so the length and print targets of the
area page are held here rather than on the small fixture site of test_browser.py.

One preview of York is built per session from data/sample (as `make site` does when no real snapshots
are imported, for York alone), served on 127.0.0.1, opened in Debian's /usr/bin/chromium. Screenshots
go to build/test-artifacts/browser/.
"""

from __future__ import annotations

import pytest

from migration_profiles.pipeline import BuildOptions, build
from migration_profiles.util.progress import Progress

from . import axe
from .helpers_http import serving
from .test_browser import (
    PRINTED_CHARTS,
    TIMEOUT_MS,
    Recorder,
    missing_from_print,
    open_every_disclosure,
    print_pdf,
    scroll_through,
    undrawn,
)
from .workspace import make_project

pytestmark = [pytest.mark.slow, pytest.mark.browser]

YORK = "areas/E06000014/"
SCREEN = {"width": 1366, "height": 768}  # the desktop screen of the length target (issue 12, item 1)
PHONE = {"width": 360, "height": 740}
# Every chart and map scrolled into view, as a reader scrolling down the page would: each is drawn
# then, and a drawn map is taller than the space kept for it.
SCROLL_THROUGH_FIGURES = scroll_through("figure.mp-chart, figure.mp-map")
ALL_FIGURES_DRAWN = """() => [...document.querySelectorAll('.mp-chart-canvas, .mp-map-canvas')]
  .filter(c => !c.closest('details:not([open])')).every(c => c.querySelector('svg'))"""


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory):
    """The demonstration York, as `make site` builds it."""
    ws = make_project(tmp_path_factory.mktemp("demo-site") / "project", with_sample=True)
    report = build(ws, BuildOptions(areas=["E06000014"]), Progress(quiet=True))
    assert report.demo
    # The first build of a project is its site, even of a few areas (later ones are previews beside it).
    assert (ws.site / YORK / "index.html").exists()
    return ws.site


@pytest.fixture(scope="session")
def base_url(demo_site):
    with serving(demo_site) as url:
        yield url


def _open(browser, base_url, viewport, **options):
    context = browser.new_context(viewport=viewport, **options)
    page = Recorder(context).new_page()
    page.goto(base_url + YORK)
    page.wait_for_load_state("load")
    return context, page


def _scroll_and_measure(page) -> int:
    page.evaluate(SCROLL_THROUGH_FIGURES)
    # 25 charts and 4 maps drawn one after another on a 2-core machine shared with other work.
    page.wait_for_function(ALL_FIGURES_DRAWN, timeout=3 * TIMEOUT_MS)
    return page.evaluate("document.documentElement.scrollHeight")


def test_demo_york_answers_first_and_is_at_most_twelve_screens_at_1366(browser, base_url, artifacts):
    """The headline panel and a whole chart in the first 1366 x 768 screen; the page, with every chart and
    map drawn and every disclosure closed, at most 12 of those screens."""
    context, page = _open(browser, base_url, SCREEN)
    try:
        # The first chart sits in the first screen, beside the key figures: it is drawn without a scroll.
        page.wait_for_function("() => document.querySelector('figure.mp-chart .mp-chart-canvas svg')",
                               timeout=TIMEOUT_MS)
        page.screenshot(path=str(artifacts / "demo-york-1366-first-screen.png"))
        headline = page.locator(".mp-headline").bounding_box()
        chart = page.locator("figure.mp-chart").first.bounding_box()
        assert headline is not None and headline["y"] < SCREEN["height"], f"the headline starts at {headline}"
        assert chart is not None and chart["y"] + chart["height"] <= SCREEN["height"], (
            f"the first chart ends at {chart}")
        assert page.locator("details[open]").count() == 0, "a disclosure is open when the page loads"
        height = _scroll_and_measure(page)
        page.screenshot(path=str(artifacts / "demo-york-1366-full.png"), full_page=True)
        assert page.locator("details[open]").count() == 0
    finally:
        context.close()
    screens = height / SCREEN["height"]
    print(f"demo York at 1366px: {height}px, {screens:.1f} screens")
    assert height <= 12 * SCREEN["height"], f"York's page is {height}px, {screens:.1f} screens"


def test_demo_york_on_a_phone_fits_its_width(browser, base_url, artifacts):
    """No length target on a phone (one column is long by nature); it must not scroll sideways."""
    context, page = _open(browser, base_url, PHONE, is_mobile=True, has_touch=True)
    try:
        height = _scroll_and_measure(page)
        page.screenshot(path=str(artifacts / "demo-york-360-first-screen.png"))
        width = page.evaluate("document.documentElement.scrollWidth")
        # A legend's text running past its map's edge is cut off there (the drawing clips, the page does not).
        cut = page.evaluate("""() => [...document.querySelectorAll('.mp-map-canvas svg')].flatMap(svg => {
            const edge = svg.getBoundingClientRect().right;
            return [...svg.querySelectorAll('.role-legend text')]
                .filter(t => t.getBoundingClientRect().right > edge + 1).map(t => t.textContent); })""")
        maps = page.locator(".mp-map-canvas svg").count()
    finally:
        context.close()
    print(f"demo York at 360px: {height}px, {height / PHONE['height']:.1f} screens")
    assert width <= PHONE["width"] + 1, f"the page is {width}px wide at {PHONE['width']}px"
    assert maps >= 3, f"only {maps} maps drawn"
    assert cut == [], f"legend text cut off at the map's edge: {cut}"


@pytest.mark.parametrize("viewport", [SCREEN, PHONE], ids=["1366", "360"])
def test_axe_finds_no_wcag_violations_on_demo_york(browser, base_url, viewport):
    """The demonstration York holds what the fixture York lacks (maps in a row, a partner's map, a
    chart's definitions in a disclosure): closed and open, no WCAG 2.2 A or AA violation."""
    phone = viewport is PHONE
    context, page = _open(browser, base_url, viewport, is_mobile=phone, has_touch=phone)
    try:
        _scroll_and_measure(page)
        closed = axe.violations(page)
        assert not closed, f"demo York at {viewport['width']}px, closed:\n{axe.describe(closed)}"
        open_every_disclosure(page)
        opened = axe.violations(page)
        assert not opened, f"demo York at {viewport['width']}px, open:\n{axe.describe(opened)}"
    finally:
        context.close()


def test_demo_york_prints_every_chart_drawn_in_at_most_twenty_pages(browser, base_url, artifacts):
    """Ctrl+P on a freshly opened York: every chart, those in closed "Show N more charts" boxes too, is
    on paper drawn, within 20 A4 pages."""
    context = browser.new_context(viewport=SCREEN)
    try:
        page = Recorder(context).new_page()
        page.goto(base_url + YORK)
        page.wait_for_load_state("load")
        closed = page.locator("details.mp-theme-more:not([open]) figure.mp-chart").count()
        assert closed >= 10 and undrawn(page, "figure.mp-chart .mp-chart-canvas") >= closed
        pages, text = print_pdf(page, artifacts / "demo-york-print.pdf")
        charts = page.evaluate(PRINTED_CHARTS)
    finally:
        context.close()
    print(f"demo York prints on {pages} pages")
    assert 1 <= pages <= 20, f"York prints on {pages} pages"
    assert [c["chart"] for c in charts if c["table"]] == [], "charts printed as tables though Vega could draw"
    assert missing_from_print(charts, text) == [], "charts blank on paper"
