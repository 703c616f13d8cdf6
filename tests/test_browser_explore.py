"""A real browser on the compare page, the maps and the downloads (explore.py, downloads.py, maps.py).

One site is built per session from the hand-made fixtures plus the illustrative boundaries fixture,
served on 127.0.0.1, and opened in Debian's /usr/bin/chromium (see test_browser.py, whose browser and
request recorder this module reuses). Screenshots go to build/test-artifacts/browser/.
"""

from __future__ import annotations

import base64
import csv as csv_module
import io
import json
import urllib.parse

import openpyxl
import pandas as pd
import pytest

from migration_profiles.acquire import snapshots
from migration_profiles.pipeline import BuildOptions, build
from migration_profiles.render import chart_table, comparison, downloads, pages, profiles, spreadsheet_safe
from migration_profiles.util.progress import Progress

from .test_browser import (  # noqa: F401 (fixtures)
    TIMEOUT_MS,
    Recorder,
    base_url,
    open_every_disclosure,
    scroll_through,
)
from .workspace import BASIC_FIXTURES, fixture_downloads, make_project

pytestmark = [pytest.mark.slow, pytest.mark.browser]

YORK, LEEDS, HULL = "E06000014", "E08000035", "E06000010"
MAP_DRAWN = """() => {
  const maps = [...document.querySelectorAll('figure.mp-map')];
  return maps.length > 0 && maps.every(m => m.querySelectorAll('.mp-map-canvas svg path').length > 1);
}"""
SCROLL_THROUGH_MAPS = scroll_through("figure.mp-map")


def draw_all_maps(page) -> None:
    page.evaluate(SCROLL_THROUGH_MAPS)
    page.wait_for_function(MAP_DRAWN, timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """This module's site (test_browser's base_url serves it): the basic fixtures, boundaries, small areas."""
    root = tmp_path_factory.mktemp("explore-site")
    ws = make_project(root / "project")
    incoming = fixture_downloads(root / "downloads", (*BASIC_FIXTURES, "boundaries", "census2021_msoa"))
    report = snapshots.import_from_dir(ws.snapshots, incoming)
    assert set(report.imported) == {"lami", "mye", "geography", "boundaries", "census2021_msoa"}, (
        report.imported
    )
    build(ws, BuildOptions(), Progress(quiet=True))
    return ws.site


@pytest.fixture
def explore_url(base_url):  # noqa: F811
    return base_url


@pytest.fixture
def recorder(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    yield Recorder(context)
    context.close()


def _chosen(page) -> list[str]:
    query = urllib.parse.urlparse(page.url).query
    return urllib.parse.parse_qs(query).get("areas", [""])[0].split(",")


def _wait_for_tables(page, areas: int) -> None:
    page.wait_for_function(
        f"() => document.querySelectorAll('#mp-compare-result table thead th').length > 0 && "
        f"document.querySelector('#mp-compare-result table thead tr').children.length === {areas + 3}",
        timeout=TIMEOUT_MS,
    )


def test_compare_keeps_its_choice_in_the_address_and_works_from_the_keyboard(
    recorder,
    explore_url,
    artifacts,  # noqa: F811
):
    page = recorder.new_page()
    page.goto(explore_url + f"compare/?areas={YORK},{LEEDS}")
    _wait_for_tables(page, 2)
    headings = page.locator("#mp-compare-result table").first.locator("thead th").all_inner_texts()
    assert headings[:4] == ["Measure", "Period", "York", "Leeds"] and headings[-1] == "Against York"
    # Add a third area with the keyboard only: focus the field, type a name without its punctuation, Enter.
    page.focus("#mp-compare-input")
    page.keyboard.type("kingston upon hull city of")  # the list says "Kingston upon Hull, City of"
    page.keyboard.press("Enter")
    _wait_for_tables(page, 3)
    assert _chosen(page) == [YORK, LEEDS, HULL]
    assert "Added Kingston upon Hull, City of" in page.locator("#mp-compare-status").inner_text()
    page.screenshot(path=str(artifacts / "compare-desktop.png"), full_page=True)
    # The address alone restores the comparison: a shared link shows the same three areas.
    shared = recorder.new_page()
    shared.goto(page.url)
    _wait_for_tables(shared, 3)
    assert shared.locator("#mp-compare-chosen li").count() == 3
    # Removing an area updates the address too.
    shared.get_by_role("button", name="Remove Leeds").click()
    _wait_for_tables(shared, 2)
    assert _chosen(shared) == [YORK, HULL]
    scrollers = shared.locator(".mp-compare-scroll")
    assert scrollers.count() > 0 and scrollers.first.get_attribute("tabindex") == "0"  # reachable by keyboard
    assert recorder.off_site(explore_url) == []
    assert not recorder.errors, "\n".join(recorder.errors)


def test_compare_words_differences_by_the_same_rule_as_the_python_side(recorder, explore_url):
    page = recorder.new_page()
    page.goto(explore_url + f"compare/?areas={YORK},{LEEDS}")
    _wait_for_tables(page, 2)
    cases = [
        ({"value": 20, "ci_lower": 18, "ci_upper": 22}, {"value": 17, "ci_lower": 15, "ci_upper": 19}),
        ({"value": 25, "ci_lower": 23, "ci_upper": 27}, {"value": 17, "ci_lower": 15, "ci_upper": 19}),
        ({"value": 5, "ci_lower": None, "ci_upper": None}, {"value": 7, "ci_lower": 6, "ci_upper": 8}),
        ({"value": 5, "ci_lower": 4, "ci_upper": 6}, {"value": 5, "ci_lower": 1, "ci_upper": 9}),
        (
            {"value": None, "ci_lower": None, "ci_upper": None},
            {"value": 7, "ci_lower": None, "ci_upper": None},
        ),
        ({"value": 7, "ci_lower": 6, "ci_upper": 8}, {"value": 3, "ci_lower": 2, "ci_upper": 6}),  # touching
    ]
    keys = page.evaluate("cases => cases.map(c => window.mpCompare.difference(c[0], c[1]))", cases)
    words = comparison.RULE["words"]
    assert [words[k] if k else None for k in keys] == [comparison.difference(a, b) for a, b in cases]
    # And the page's own rows use those words.
    differences = page.locator("#mp-compare-result td.mp-difference").all_inner_texts()
    assert differences and all(
        any(w in text for w in words.values()) or text.startswith("no comparison") for text in differences
    )


def test_maps_draw_shapes_with_a_legend_and_a_table(recorder, explore_url, artifacts):  # noqa: F811
    page = recorder.new_page()
    page.goto(explore_url + "maps/")
    draw_all_maps(page)
    page.screenshot(path=str(artifacts / "maps-desktop.png"), full_page=True)
    figures = page.locator("figure.mp-map")
    for i in range(figures.count()):
        figure = figures.nth(i)
        assert figure.locator(".mp-map-canvas").get_attribute("role") == "img"
        assert "Map of" in figure.locator(".mp-map-canvas").get_attribute("aria-label")
        assert figure.locator("g[class*='legend'] text").count() >= 2, f"map {i + 1} has no legend"
    tables = page.locator("details table")
    assert tables.count() == figures.count()
    assert "York" in tables.first.text_content()  # closed by default: not rendered, but there
    assert recorder.off_site(explore_url) == []
    assert not recorder.errors, "\n".join(recorder.errors)


def test_area_page_maps_its_region_with_the_area_outlined(recorder, explore_url, artifacts):  # noqa: F811
    page = recorder.new_page()
    page.goto(explore_url + f"areas/{YORK}/")
    draw_all_maps(page)
    figure = page.locator("figure.mp-map:not([data-kind=msoa])")
    assert figure.count() == 1 and figure.get_attribute("data-highlight") == YORK
    # It reads its region's part of the indicator's figures, a few KB, not every council's.
    region, indicator = figure.get_attribute("data-region"), figure.get_attribute("data-indicator")
    assert region and [u for u in recorder.requests if u.endswith(f"/data/maps/{indicator}/{region}.json")]
    outlined = figure.locator("path[stroke='#000000'], path[stroke='#000']")
    assert outlined.count() >= 1
    figure.screenshot(path=str(artifacts / "york-region-map.png"))
    table = page.locator("tr.mp-highlight")
    assert "York (this area)" in table.text_content()
    links = page.locator(".mp-compare-links a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert any(f"areas={YORK}&region=E12000003" in h for h in hrefs)


def test_downloads_open_and_match_the_page(recorder, explore_url):
    page = recorder.new_page()
    page.goto(explore_url + f"areas/{YORK}/")
    page.wait_for_function(
        "() => document.querySelectorAll('.mp-chart-downloads[data-images=yes]').length > 0",
        timeout=TIMEOUT_MS,
    )
    holder = page.locator(".mp-chart-downloads").first
    chart_id = holder.get_attribute("data-chart")
    assert holder.locator("a[href]").count() == 0  # no file of the build: the browser makes it
    with page.expect_download() as download:
        holder.get_by_role("button", name="CSV").click()
    assert download.value.suggested_filename == f"{YORK}-{chart_id}.csv"
    csv = pd.read_csv(download.value.path())
    # Every figure in the CSV is the one the chart's table shows, in the same row and column.
    heads, rows = page.evaluate(
        """id => {
          const table = document.querySelector('#chart-' + id + ' ~ details table');  // closed: textContent
          const text = cells => [...cells].map(c => c.textContent.trim());
          return [text(table.querySelectorAll('thead th')),
                  [...table.querySelectorAll('tbody tr')].map(tr => text(tr.children))];
        }""",
        chart_id,
    )
    cells = {(head, row[0]): cell for row in rows for head, cell in zip(heads[1:], row[1:], strict=True)}
    assert len(csv) > 0
    for _, row in csv.iterrows():
        shown = cells.get((row["series"], row["period"]))
        assert shown is not None and shown.startswith(row["figure_as_shown"]), (row.to_dict(), shown)
    # The workbook holds the same figures, as numbers.
    book = _area_workbook(page)
    assert book.sheetnames[:3] == ["Cover", "Contents", "Sources"]
    first_chart = book[book.sheetnames[3]]
    values = [row[2] for row in first_chart.iter_rows(min_row=3, values_only=True)]
    assert values == csv["value"].tolist()
    # SVG and PNG are made in the browser from the drawn chart.
    with page.expect_download() as svg:
        holder.get_by_role("button", name="SVG").click()
    assert svg.value.suggested_filename == f"{YORK}-{chart_id}.svg"
    assert "<svg" in open(svg.value.path(), encoding="utf-8").read(500)
    with page.expect_download() as png:
        holder.get_by_role("button", name="PNG").click()
    assert open(png.value.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    # The edition's zip is linked from the page and served.
    zip_href = page.locator(".mp-downloads a", has_text="zip").get_attribute("href")
    assert page.request.get(urllib.parse.urljoin(page.url, zip_href)).body()[:2] == b"PK"


def _made_up_charts() -> list[dict]:
    """A line chart with a band, a series break, a missing figure and names a spreadsheet would run as
    formulas, and a bar chart: their models as profiles.py makes them, rows in the order it writes them."""
    evil = '=HYPERLINK("http://example.invalid","x"), said "he"'
    flag = profiles.SERIES_BREAK_FLAG
    line_rows = [
        {"series": "York", "order": 0, "x": "2019", "period_label": "Mid-2019", "value": 12.5,
         "ci_lower": 10.0, "ci_upper": 15.0, "text": "12.5%"},
        {"series": "York", "order": 0, "x": "2020", "period_label": "-2020", "value": 1234.5,
         "ci_lower": 1000.0, "ci_upper": 1500.0, "text": "1,234.5% (provisional)"},
        {"series": evil, "order": 1, "x": "2020", "period_label": "-2020", "value": -3.25, "ci_lower": None,
         "ci_upper": None, "text": "-3.25%"},
    ]
    line = {"id": "made_up", "kind": "line", "with_interval": True, "row_heading": "Period",
            "columns": ["York", evil], "rows": line_rows,
            "table": [{"period": "Mid-2019", "x": "2019", "cells": ["12.5% (10.0% to 15.0%)", "no figure"]},
                      {"period": "-2020" + flag, "x": "2020", "flag": True,
                       "cells": ["1,234.5% (provisional) (1,000.0% to 1,500.0%)", "-3.25%"]}]}
    bar_rows = [{"series": evil, "order": 0, "value": 40.0, "text": "40", "period_label": "2021"},
                {"series": "India", "order": 2, "value": 7.0, "text": "7", "period_label": "2021"}]
    bar = {"id": "made_up_bars", "kind": "bar", "row_heading": "Category", "columns": ["York", "England"],
           "rows": bar_rows,
           "table": [{"period": evil, "cells": ["40", "35"]},
                     {"period": "Poland", "cells": ["withheld: too small to publish safely", "3"]},
                     {"period": "India", "cells": ["7", "no figure"]}]}
    return [line, bar]


def test_a_chart_csv_made_in_the_browser_from_its_table_is_the_file_python_would_write(recorder, explore_url):
    """The chart's table is the page's one copy of its figures: what site.js reads back from the HTML
    chart_table.py writes is what the chart drew, so the CSV made from it is downloads.chart_csv's file,
    with the same header, cells, quoting and formula guard."""
    page = recorder.new_page()
    page.goto(explore_url + f"areas/{YORK}/")
    for chart in _made_up_charts():
        made = page.evaluate(
            """([id, table]) => {
              const block = document.createElement('div');
              block.className = 'mp-chart-block';
              block.innerHTML = `<figure class="mp-chart" id="chart-${id}" data-chart="${id}"></figure>`
                + `<details class="mp-chart-data"><summary>Table</summary>${table}</details>`;
              document.body.appendChild(block);
              return window.mpChartCsv(block.querySelector('figure'));
            }""",
            [chart["id"], chart_table.html(chart)],
        )
        assert made.splitlines()[0] == ",".join(downloads.CHART_CSV_FIELDS)
        ours = list(csv_module.reader(io.StringIO(made)))
        python = list(csv_module.reader(io.StringIO(downloads.chart_csv(chart))))
        assert ours[0] == python[0] and len(ours) == len(python) == len(chart["rows"]) + 1, (ours, python)
        for mine, theirs in zip(ours[1:], python[1:], strict=True):
            assert mine[:2] == theirs[:2]
            assert mine[5] == theirs[5]  # the figure as shown, quoted and guarded alike
            for i in (2, 3, 4):  # numbers as numbers (Python writes 15.0 where a browser writes 15)
                assert (float(mine[i]) if mine[i] else None) == (float(theirs[i]) if theirs[i] else None)
    evil = _made_up_charts()[0]["columns"][1]
    assert ours[1][0] == "'" + evil  # the bar chart's first category: guarded as a formula
    assert not recorder.errors, "\n".join(recorder.errors)


def test_the_area_csv_is_made_in_the_browser_from_its_json(recorder, explore_url):
    """The CSV button at the top of York's page gives every figure of its published JSON."""
    page = recorder.new_page()
    page.goto(explore_url + f"areas/{YORK}/")
    holder = page.locator(f".mp-area-files[data-area={YORK}]")
    holder.get_by_role("button", name="CSV").wait_for(timeout=TIMEOUT_MS)  # shown once the script runs
    with page.expect_download() as download:
        holder.get_by_role("button", name="CSV").click()
    assert download.value.suggested_filename == f"{YORK}.csv"
    made = pd.read_csv(download.value.path(), dtype={"period_label": str})
    assert list(made.columns) == downloads.AREA_CSV_FIELDS
    data = page.request.get(urllib.parse.urljoin(page.url, f"../../data/areas/{YORK}.json")).json()
    figures = pages.area_figures(data)
    assert len(made) == len(figures) > 20 and set(made["area_name"]) == {"York"}
    for (_, row), figure in zip(made.iterrows(), figures, strict=True):
        assert (row["indicator_id"], row["period_label"], row["status"], row["source_id"]) == (
            figure["indicator_id"], figure["period_label"], figure["status"], figure["source_id"])
        assert (None if pd.isna(row["value"]) else row["value"]) == figure["value"]  # missing stays missing


def test_an_area_csv_made_in_the_browser_is_the_file_python_would_write(recorder, explore_url):
    """The same header, cells, quoting and formula guard as downloads.area_csv, from the area's JSON."""
    page = recorder.new_page()
    page.goto(explore_url + f"areas/{YORK}/")
    evil = '=HYPERLINK("http://example.invalid","x"), said "he"'

    def figure(period, value, status="ok", text="", ci=(None, None), unit="people", indicator="ltim_inflow"):
        return {"indicator_id": indicator, "period_label": period, "period_start": "2020-07-01",
                "period_end": "2021-06-30", "value": value, "ci_lower": ci[0], "ci_upper": ci[1],
                "unit": unit,
                "status": status, "status_text": text, "source_id": "mye", "release": "-2021",
                "snapshot_sha256": "a" * 64}

    profile = {"area": {"code": "TEST", "name": evil}, "edition": "e", "built_at": "t", "demo": False,
               "sources": [], "local": [],
               "figures": [figure("Mid-2020 to Mid-2021", 12.5, ci=(10.0, 15.0)),
                           figure("+2021\nlines", None, "suppressed", "withheld"),
                           figure("Mid-2021 to Mid-2022", -3.0, unit="@unit, \"quoted\"", indicator="x")]}
    made = page.evaluate("data => window.mpAreaCsv(data)", json.loads(pages.area_json(profile)))
    ours = list(csv_module.reader(io.StringIO(made)))
    python = list(csv_module.reader(io.StringIO(downloads.area_csv(profile))))
    assert ours[0] == python[0] == downloads.AREA_CSV_FIELDS and len(ours) == len(python) == 4
    numbers = {downloads.AREA_CSV_FIELDS.index(k) for k in ("value", "ci_lower", "ci_upper")}
    for mine, theirs in zip(ours[1:], python[1:], strict=True):
        assert [c for i, c in enumerate(mine) if i not in numbers] == [
            c for i, c in enumerate(theirs) if i not in numbers]  # text quoted and guarded alike
        for i in numbers:  # numbers as numbers
            assert (float(mine[i]) if mine[i] else None) == (float(theirs[i]) if theirs[i] else None)
    assert ours[1][1] == "'" + evil and ours[2][3] == "'+2021\nlines" and ours[3][9] == "'@unit, \"quoted\""
    assert ours[2][6] == "" and ours[2][10] == "suppressed"  # a withheld figure stays empty, with its status


def _area_workbook(page) -> openpyxl.Workbook:
    """The spreadsheet the button at the top of the area's page makes, opened as a spreadsheet would."""
    holder = page.locator(".mp-area-files")
    button = holder.get_by_role("button", name="spreadsheet (XLSX)")
    button.wait_for(timeout=TIMEOUT_MS)  # shown once the script runs
    with page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename == f"{holder.get_attribute('data-area')}.xlsx"
    with open(download.value.path(), "rb") as file:  # a download's path has no .xlsx, which openpyxl wants
        return openpyxl.load_workbook(io.BytesIO(file.read()))


def test_the_area_spreadsheet_meets_the_accessible_spreadsheet_checklist(recorder, explore_url):
    """York's spreadsheet, made in the browser: a cover sheet, a contents sheet, the sources with their
    caveats' words, and a sheet for each chart of the page holding what the chart draws, as numbers;
    one table per sheet with its title in A1, no merged cells, the file's own title."""
    page = recorder.new_page()
    page.goto(explore_url + f"areas/{YORK}/")
    book = _area_workbook(page)
    assert book.properties.title == "Migration profile of York (E06000014)"
    assert book.sheetnames[:3] == ["Cover", "Contents", "Sources"]
    cover = [row[0] for row in book["Cover"].iter_rows(values_only=True)]
    assert cover[0] == "Migration profile of York (E06000014)" and book["Cover"]["A1"].font.bold
    assert any("Open Government Licence" in line for line in cover)
    assert not any("invented" in line for line in cover)  # real (fixture) data, not the demonstration's
    contents = list(book["Contents"].iter_rows(min_row=3, values_only=True))
    assert [row[0] for row in contents] == book.sheetnames[2:]  # every sheet listed, in order
    assert len({n.lower() for n in book.sheetnames}) == len(book.sheetnames)
    for sheet in book.worksheets:
        assert not sheet.merged_cells.ranges, sheet.title
        assert len(sheet.title) <= 31
        if sheet.title == "Cover":
            continue
        assert sheet["A1"].value and sheet["A1"].font.bold, sheet.title  # the table's title in A1
        assert all(c.value for c in sheet[2]), f"{sheet.title}: an empty header cell"
        assert sheet.freeze_panes == "A3", sheet.title  # the title and header stay in view
    # A sheet per chart, each with the rows the chart draws from its table.
    charts = page.evaluate("""() => [...document.querySelectorAll('figure.mp-chart[data-chart]')].map(f => {
        const rows = window.mpChartRows(f);
        return {title: f.closest('.mp-chart-block').querySelector('.mp-chart-title').textContent,
                values: rows.map(r => r.value), texts: rows.map(r => r.text)};
      })""")
    assert len(charts) == len(book.sheetnames) - 3 > 5
    for chart, name in zip(charts, book.sheetnames[3:], strict=True):
        sheet = book[name]
        assert sheet["A1"].value == f"{chart['title']}: the figures the chart draws"
        rows = list(sheet.iter_rows(min_row=3, values_only=True))
        assert [row[2] for row in rows] == chart["values"], name
        shown = [spreadsheet_safe.neutralise_formula(text) for text in chart["texts"]]
        assert [row[5] for row in rows] == shown, name
        assert all(isinstance(row[2], int | float) for row in rows)  # numbers as numbers
    # Each source's caveats, in the words of the site's sources.json.
    data = page.request.get(urllib.parse.urljoin(page.url, f"../../data/areas/{YORK}.json")).json()
    cited = page.request.get(urllib.parse.urljoin(page.url, "../../data/sources.json")).json()["sources"]
    caveats = [row[5] for row in book["Sources"].iter_rows(min_row=3, values_only=True)]
    for source in data["sources"]:
        for caveat in cited[source["id"]]["caveats"]:
            assert spreadsheet_safe.neutralise_formula(caveat["text"]) in caveats
    assert recorder.off_site(explore_url) == []  # the writer is served by the site
    assert not recorder.errors, "\n".join(recorder.errors)


def test_a_spreadsheet_made_in_the_browser_opens_names_as_text_and_says_what_is_not_known(
        recorder, explore_url):
    """Made from a made-up area whose name, chart series and caveat start like formulas, with a source
    whose publication date is not known: text is guarded, numbers stay numbers, a missing bound stays
    empty, and the date is said to be not known rather than left empty."""
    page = recorder.new_page()
    page.goto(explore_url + f"areas/{YORK}/")
    _area_workbook(page)  # loads the writer and the layout
    evil = _made_up_charts()[0]["columns"][1]
    data = {"area": {"code": "TEST", "name": evil}, "edition": "2026-01", "built_at": "2026-01-02T03:04:05",
            "demo": True, "caveats_at": "../sources.json",
            "sources": [{"id": "lami", "title": "Local Area Migration Indicators", "publisher": "ONS",
                         "release": "2021-09", "release_date": "2021-09-17", "licence": "OGL",
                         "landing_page": "https://example.invalid/lami", "caveats": ["minus"]},
                        {"id": "mye", "title": "Mid-year estimates", "publisher": "ONS",
                         "release": "mid-2020-geog21", "release_date": "", "licence": "OGL",
                         "landing_page": "https://example.invalid/mye", "caveats": []}]}
    minus = "-2 means two fewer; =1 is not a formula"
    cited = {"sources": {"lami": {"caveats": [{"id": "minus", "text": minus}]}, "mye": {"caveats": []}}}
    blocks = "".join(
        f'<div class="mp-chart-block"><h3 class="mp-chart-title">{title}</h3>'
        f'<figure class="mp-chart" data-chart="{chart["id"]}"></figure>'
        f'<details class="mp-chart-data"><summary>Table</summary>{chart_table.html(chart)}</details></div>'
        for chart, title in zip(_made_up_charts(), ["=Made up line", "Made up bars"], strict=True))
    made = page.evaluate(
        """async ([data, cited, blocks]) => {
          const doc = document.implementation.createHTMLDocument('made up');
          doc.body.innerHTML = `<section><h2>A theme</h2>${blocks}</section>`;
          window.mpChartTemplates.charts.made_up = [0, '%'];  // each chart's shape and unit
          window.mpChartTemplates.charts.made_up_bars = [0, 'people'];
          const blob = await window.mpAreaWorkbookBlob(data, cited, doc);
          const bytes = new Uint8Array(await blob.arrayBuffer());
          let text = '';
          bytes.forEach(b => { text += String.fromCharCode(b); });
          return btoa(text);
        }""",
        [data, cited, blocks],
    )
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(made)))
    assert book.properties.title == f"Migration profile of {evil} (TEST)"
    cover = [row[0] for row in book["Cover"].iter_rows(values_only=True)]
    assert cover[0] == f"Migration profile of {evil} (TEST)"
    assert any("invented" in line for line in cover)  # demonstration data say so
    assert cover[-2].endswith("Release mid-2020-geog21; publication date not known. Licence: OGL. "
                              "https://example.invalid/mye")
    assert any("Release 2021-09, published 2021-09-17." in line for line in cover)
    sources = {row[0]: row for row in book["Sources"].iter_rows(min_row=3, values_only=True)}
    assert sources["Mid-year estimates"][2:4] == ("mid-2020-geog21", "not known")
    assert sources["Local Area Migration Indicators"][5] == "'" + minus
    assert book.sheetnames[3:] == ["=Made up line", "Made up bars"]  # a sheet name never runs
    line, bars = book["=Made up line"], book["Made up bars"]
    assert line["A1"].value == "'=Made up line: the figures the chart draws"
    assert [c.value for c in line[3]] == ["York", "Mid-2019", 12.5, 10, 15, "12.5%"]
    assert [line[f"{c}3"].data_type for c in "ABCDEF"] == ["s", "s", "n", "n", "n", "s"]
    assert line["A5"].value == "'" + evil and line["D5"].value is None  # a missing bound stays empty
    assert line["C5"].value == -3.25 and bars["A3"].value == "'" + evil and bars["C3"].value == 40
    texts = [v for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row
             if isinstance(v, str)]
    assert not [text for text in texts if text.startswith(("=", "+", "@", "-"))]
    assert not recorder.errors, "\n".join(recorder.errors)


def test_area_page_maps_its_small_areas_for_both_census_tables(recorder, explore_url, artifacts):  # noqa: F811
    page = recorder.new_page()
    page.goto(explore_url + f"areas/{YORK}/")
    draw_all_maps(page)
    small = page.locator("figure.mp-map[data-kind=msoa]")
    assert [small.nth(i).get_attribute("data-layer") for i in range(small.count())] == ["outside", "language"]
    for i in range(small.count()):
        shapes = small.nth(i).locator(".mp-map-canvas svg path")
        assert shapes.count() >= 12, "York's twelve small areas are not all drawn"
    small.first.screenshot(path=str(artifacts / "york-small-areas.png"))
    tables = page.evaluate(
        "() => [...document.querySelectorAll('details table')]"
        ".filter(t => t.textContent.includes('York 001'))"
        ".map(t => t.querySelectorAll('tbody tr').length)"
    )
    assert tables == [12, 12]  # a table of every small area under each map
    assert page.locator("a[href*='msoa'], .md-nav a[href*='E0209']").count() == 0  # no page per small area
    assert not recorder.errors, "\n".join(recorder.errors)


def test_a_map_loads_its_own_files_only_when_it_comes_near_the_screen(browser, explore_url):  # noqa: F811
    context = browser.new_context(viewport={"width": 1366, "height": 500})
    try:
        recorder = Recorder(context)
        page = recorder.new_page()
        page.goto(explore_url + "maps/")
        page.wait_for_load_state("networkidle")
        figure = page.locator("figure.mp-map").last
        assert figure.evaluate("f => f.getBoundingClientRect().top") > 800, "the last map is not far down"
        assert figure.locator(".mp-map-canvas").get_attribute("data-drawn") is None
        indicator = figure.get_attribute("data-indicator")
        assert not [u for u in recorder.requests if u.endswith(f"/data/maps/{indicator}.json")]
        figure.scroll_into_view_if_needed()
        page.wait_for_function("f => f.querySelector('.mp-map-canvas svg path')", arg=figure.element_handle(),
                               timeout=TIMEOUT_MS)
        assert [u for u in recorder.requests if u.endswith(f"/data/maps/{indicator}.json")]
        # Each map reads its indicator's own file, never the file of every indicator.
        assert not [u for u in recorder.requests if u.endswith("/data/maps/values.json")]
        assert not recorder.errors, "\n".join(recorder.errors)
    finally:
        context.close()


# --- accessibility of the compare page, the maps and an area page that has maps -------------------------

EXPLORE_PAGES = [f"compare/?areas={YORK},{LEEDS}", "maps/", "maps/E12000003/", f"areas/{YORK}/"]


def _open(browser, url: str, width: int):
    """A page at a desktop's or a phone's width, its comparison or maps drawn; returns (context, page)."""
    context = browser.new_context(viewport={"width": width, "height": 768 if width > 400 else 800},
                                  is_mobile=width < 400)
    page = Recorder(context).new_page()
    page.goto(url)
    if "compare/" in url:
        _wait_for_tables(page, 2)
    elif page.locator("figure.mp-map").count():
        draw_all_maps(page)
    return context, page


@pytest.mark.parametrize("width", [1366, 360])
@pytest.mark.parametrize("path", EXPLORE_PAGES)
def test_axe_finds_no_wcag_violations_on_compare_and_map_pages(browser, explore_url, path, width):
    from . import axe

    context, page = _open(browser, explore_url + path, width)
    try:
        closed = axe.violations(page)
        assert not closed, f"{path} at {width}px, sections closed:\n{axe.describe(closed)}"
        open_every_disclosure(page)
        opened = axe.violations(page)
        assert not opened, f"{path} at {width}px, sections open:\n{axe.describe(opened)}"
    finally:
        context.close()


@pytest.mark.parametrize("path", EXPLORE_PAGES)
def test_on_a_phone_map_and_compare_tables_reflow_and_scrolling_regions_can_be_focused(browser, explore_url,
                                                                                      path, artifacts):  # noqa: F811
    context, page = _open(browser, explore_url + path, 360)
    try:
        open_every_disclosure(page)
        page.wait_for_timeout(200)
        wide = page.evaluate("""() => [...document.querySelectorAll('article table')]
            .filter(t => t.scrollWidth > t.clientWidth + 1 || t.getBoundingClientRect().right > innerWidth + 1
                      || t.parentElement.scrollWidth > t.parentElement.clientWidth + 1)
            .map(t => t.querySelector('caption, th')?.textContent)""")
        assert wide == [], f"tables that need a sideways scroll at 360px on {path}: {wide}"
        # What each reflowed cell shows of its column's name: its data-label, or for a chart's table the
        # name given once on the table (chart_table.py).
        cells = page.evaluate("""() => [...document.querySelectorAll('article table td')]
            .filter(td => ['none', 'normal', '""'].includes("""
                              """getComputedStyle(td, '::before').content)).length""")
        assert cells == 0, f"{cells} cells on {path} would reflow without naming their column"
        # Anything that still scrolls can be reached and is named.
        unreachable = page.evaluate("""() => [...document.querySelectorAll('article *')].filter(el => {
              const s = getComputedStyle(el);
              const scrolls = /(auto|scroll)/.test(s.overflowX + s.overflowY)
                && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);
              return scrolls && !(el.tabIndex >= 0 && el.getAttribute('aria-label'));
            }).map(el => el.className)""")
        assert unreachable == [], f"scrolling boxes a keyboard cannot reach on {path}: {unreachable}"
        if path.startswith("compare/"):
            page.screenshot(path=str(artifacts / "compare-phone.png"))
    finally:
        context.close()


def test_compare_picker_and_map_tables_show_their_focus(recorder, explore_url):
    from .test_browser import assert_focus_is_visible

    page = recorder.new_page()
    page.goto(explore_url + f"compare/?areas={YORK},{LEEDS}")
    _wait_for_tables(page, 2)
    assert_focus_is_visible(page, "#mp-compare-input")
    assert_focus_is_visible(page, "#mp-compare-chosen button")
    page.goto(explore_url + f"areas/{YORK}/")
    draw_all_maps(page)
    assert_focus_is_visible(page, "figure.mp-map ~ details > summary")
    open_every_disclosure(page)
    assert_focus_is_visible(page, ".mp-table-scroll[tabindex='0']")
