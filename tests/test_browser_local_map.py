"""Local partner data on a council's page in Chromium: the MSOA map draws, a withheld area carries the
marker [c] and its own legend entry, the table beside it lists every area, ward data says why it has no
map, and axe finds no WCAG 2.2 A/AA violation with every section open."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from migration_profiles.acquire import snapshots
from migration_profiles.local import kinds, store, tables
from migration_profiles.pipeline import BuildOptions, build
from migration_profiles.util.progress import Progress

from . import axe
from .test_browser import (  # noqa: F401 (base_url: a fixture)
    SVG_TEXTS,
    TIMEOUT_MS,
    Recorder,
    base_url,
    missing_from_print,
    print_pdf,
    undrawn,
)
from .workspace import BASIC_FIXTURES, fixture_downloads, make_project

pytestmark = [pytest.mark.slow, pytest.mark.browser]

YORK = "E06000014"
MSOA_COUNTS = {"E02090001": 44, "E02090002": 3, "E02090003": 61, "E02090004": 27, "E02090005": 90}
WARD_COUNTS = {"E05099001": 35, "E05099002": 40}
LOCAL_MAP = "figure.mp-map[data-file]"


def _return(path: Path, level: str, counts: dict[str, int], total: int) -> Path:
    base = {c: "" for c in kinds.COLUMNS} | {kinds.PERIOD: "2026", kinds.AREA_NAME: "York"}
    rows = [base | {kinds.LEVEL: "local_authority", kinds.AREA: YORK, kinds.COUNT: total}]
    rows += [base | {kinds.LEVEL: level, kinds.AREA: code, kinds.COUNT: n} for code, n in counts.items()]
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(kinds.COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """Fixtures with boundaries and small areas, plus two public local returns for York: pupils by MSOA
    (five of York's twelve, one of them small) and electors by ward."""
    root = tmp_path_factory.mktemp("local-map-site")
    ws = make_project(root / "project")
    incoming = fixture_downloads(root / "downloads", (*BASIC_FIXTURES, "boundaries", "census2021_msoa"))
    assert not snapshots.import_from_dir(ws.snapshots, incoming).failed
    local = ws.data / "local"
    local.mkdir(parents=True)
    areas = ["code,name,council_code"] + [f"E0209{n:04d},York {n:03d},{YORK}" for n in range(1, 13)]
    areas += [f"{code},Ward {code[-1]},{YORK}" for code in WARD_COUNTS]
    (local / store.AREAS_FILE).write_text("\n".join(areas) + "\n", encoding="utf-8")
    councils = store.council_codes(ws)
    store.import_file(local, _return(root / "eal.csv", "msoa", MSOA_COUNTS, 600),
                      kinds.kind("school_census_eal"), "Schools", "public", councils)
    store.import_file(local, _return(root / "electors.csv", "ward", WARD_COUNTS, 900),
                      kinds.kind("electoral_register"), "Electoral services", "public", councils)
    build(ws, BuildOptions(), Progress(quiet=True))
    return ws.site


def test_the_local_map_marks_withheld_areas_and_has_a_table(browser, base_url):  # noqa: F811
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    try:
        recorder = Recorder(context)
        page = recorder.new_page()
        page.goto(base_url + f"areas/{YORK}/")
        figure = page.locator(LOCAL_MAP)
        assert figure.count() == 1  # the MSOA return is mapped; the ward return is not
        figure.scroll_into_view_if_needed()
        page.wait_for_function(f"() => document.querySelectorAll('{LOCAL_MAP} svg path').length >= 12",
                               timeout=TIMEOUT_MS)
        texts = figure.locator("svg text").all_text_contents()
        assert texts.count("[c]") == 1  # written on the one withheld area, beside its legend entry
        assert any(t.startswith("[c] withheld") for t in texts) and "Not in this return" in texts
        legend = [t for t in texts if t[:1].isdigit()]
        assert legend and not any(t == "3" or t.startswith("3 ") for t in legend)  # the 3 is never shown
        rows = page.evaluate(
            "() => [...document.querySelectorAll('details.mp-chart-data table')]"
            ".filter(t => t.caption && t.caption.textContent.startsWith('Pupils with English'))"
            ".flatMap(t => [...t.querySelectorAll('tbody tr')]).map(r => r.textContent)")
        assert len(rows) == 12 and sum("[c]" in r for r in rows) == 1
        assert sum("not in this return" in r for r in rows) == 7
        assert tables.NO_WARD_MAP in page.locator("article").inner_text()
        assert not recorder.errors, "\n".join(recorder.errors)
    finally:
        context.close()


def test_axe_passes_on_the_page_with_the_local_map_and_every_section_open(browser, base_url):  # noqa: F811
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    try:
        page = Recorder(context).new_page()
        page.goto(base_url + f"areas/{YORK}/")
        page.locator(LOCAL_MAP).scroll_into_view_if_needed()
        page.wait_for_function(f"() => document.querySelector('{LOCAL_MAP} svg path')", timeout=TIMEOUT_MS)
        page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
        # The page's other maps (region, census small areas) are checked by their own tests; this one
        # is about what local data adds, so they are taken out before axe looks.
        page.evaluate("() => document.querySelectorAll('figure.mp-map:not([data-file])')"
                      ".forEach(f => f.remove())")
        found = axe.violations(page)
        assert not found, axe.describe(found)
    finally:
        context.close()


def test_the_area_json_carries_the_mapped_figures_as_shown_but_no_page_html(built_site):
    payload = json.loads((built_site / "data" / "areas" / f"{YORK}.json").read_text(encoding="utf-8"))
    [mapped] = [b for b in payload["local"] if b["kind"] == "school_census_eal"]
    assert "map" not in mapped and "<figure" not in json.dumps(payload)
    shown = {a["code"]: a["shown"] for a in mapped["subareas"]}
    assert shown == {"E02090001": "44", "E02090002": "[c]", "E02090003": "61", "E02090004": "27",
                     "E02090005": "90"}  # partial coverage: only the small count is withheld


PRINTED_MAPS = "() => {" + SVG_TEXTS + """return [...document.querySelectorAll('figure.mp-map')]
  .filter(f => !f.closest('.mp-theme-more, .mp-screen-only'))
  .map(f => ({chart: f.dataset.layer || f.dataset.indicator,
              texts: svgTexts(f.querySelectorAll('.mp-map-canvas svg .role-legend text'))})); }"""


def test_maps_not_yet_drawn_are_drawn_for_printing(browser, base_url, tmp_path):  # noqa: F811
    """Ctrl+P straight after opening the page: the maps, drawn as they come near the screen, are below
    the first screen, and each must be on paper (its legend's words in the PDF), not an empty box."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        page = Recorder(context).new_page()
        page.goto(base_url + f"areas/{YORK}/")
        page.wait_for_load_state("load")
        assert undrawn(page, "figure.mp-map .mp-map-canvas") > 0, (
            "every map was drawn before printing: this test would prove nothing")
        _, text = print_pdf(page, tmp_path / "york-maps.pdf")
        maps = page.evaluate(PRINTED_MAPS)
    finally:
        context.close()
    assert len(maps) >= 2, maps
    assert missing_from_print(maps, text) == [], "maps blank on paper"
