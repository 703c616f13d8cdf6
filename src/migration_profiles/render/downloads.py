"""Downloads beside each area page: each chart's figures as CSV and the area's figures as CSV (both
made in the browser, in the same layouts as chart_csv and area_csv), and the whole profile as an
accessible spreadsheet.

All are written from the area's profile (profiles.build_profile), so they hold exactly the figures
the page shows, after the publication rules (publish.py). Text cells pass through
spreadsheet_safe.neutralise_formula, so that no cell runs as a formula when the file is opened. The
spreadsheet is made by a stage of its own (workbooks.py), from the part of the profile it shows
(workbook_input).

The spreadsheet follows the Analysis Function's checklist for accessible spreadsheets: a cover sheet
saying what the workbook is, its sources, licences and caveats; a contents sheet; one table per
sheet, starting in cell A1 with a title, then one header row; no merged cells, no empty header
cells, no colour carrying meaning. It is written with XlsxWriter, as the Analysis Function's own
gptables package is: it does about a third of openpyxl's work per cell, which matters when every area
of a build gets a workbook. Each chart's sheet holds what the chart draws, as numbers; every figure of
the area, with the reason for each missing one, is in the JSON beside it and the CSV made from it.

SVG and PNG of a chart are made in the reader's browser from the drawn chart (assets/downloads.js),
not at build time: vl-convert takes 30 to 50 ms a chart, about ten minutes for a full build of
every area's charts, for files few readers ask for.
"""

from __future__ import annotations

import csv
import io

import xlsxwriter

from migration_profiles.render.spreadsheet_safe import csv_text, neutralise_formula

CHART_CSV_FIELDS = ["series", "period", "value", "ci_lower", "ci_upper", "figure_as_shown"]
OGL = "Open Government Licence v3.0"
MAX_SHEET_NAME = 31  # Excel's limit


def _neutralised(values) -> list:
    return [neutralise_formula(v) for v in values]


def chart_csv(chart: dict) -> str:
    """The figures one chart draws, one row per point or bar, numbers as numbers, with the intervals
    its table shows. The page makes this file in the reader's browser from the chart's table
    (assets/downloads.js, tested against this function), so the build does not write thirty per area."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CHART_CSV_FIELDS)
    shown = chart.get("with_interval", False)
    for row in chart["rows"]:
        writer.writerow(_neutralised([row["series"], row["period_label"], row["value"],
                                      row.get("ci_lower") if shown else None,
                                      row.get("ci_upper") if shown else None, row["text"]]))
    return out.getvalue()


AREA_CSV_FIELDS = ["area_code", "area_name", "indicator_id", "period_label", "period_start", "period_end",
                   "value", "ci_lower", "ci_upper", "unit", "status", "source_id", "release",
                   "snapshot_sha256"]


def area_csv(profile: dict) -> str:
    """Every figure of the area, one row each with its status, source, release and file hash; a missing
    figure is an empty value with its status. The page makes this file in the reader's browser from the
    area's JSON (assets/downloads.js, tested against this function): written by the build for every
    area, the CSVs were a quarter of the site, the same figures as the JSON beside them."""
    code, name = profile["area"]["code"], profile["area"]["name"]
    fields = AREA_CSV_FIELDS[2:]
    return csv_text(AREA_CSV_FIELDS, ([code, name, *(f[k] for k in fields)] for f in profile["figures"]))


def _sheet_name(title: str, used: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\), unique in the workbook."""
    cleaned = "".join(" " if ch in "[]:*?/\\'" else ch for ch in title).strip()[:MAX_SHEET_NAME - 3]
    name, n = cleaned, 2
    while name.lower() in used:
        name, n = f"{cleaned} {n}", n + 1
    used.add(name.lower())
    return name


class _Book:
    """An XlsxWriter workbook in memory, with the few cell styles the checklist asks for."""

    def __init__(self):
        self.out = io.BytesIO()
        # Text is only ever text: never turned into a formula, a number or a link by XlsxWriter.
        self.book = xlsxwriter.Workbook(self.out, {"in_memory": True, "strings_to_formulas": False,
                                                   "strings_to_numbers": False, "strings_to_urls": False})
        self.title = self.book.add_format({"bold": True, "font_size": 14})
        self.header = self.book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        self.wrap = self.book.add_format({"text_wrap": True, "valign": "top"})

    def table(self, name: str, title: str, header: list[str], rows: list[list], widths: list[int]) -> None:
        """One table: its title in A1, the header row under it, then the rows; nothing else on the sheet."""
        sheet = self.book.add_worksheet(name)
        sheet.write_string(0, 0, neutralise_formula(title), self.title)
        sheet.write_row(1, 0, _neutralised(header), self.header)
        for number, row in enumerate(rows, start=2):
            for column, value in enumerate(_neutralised(row)):
                if value is None:
                    continue  # a missing figure stays an empty cell; its reason is in the status column
                if isinstance(value, str):
                    sheet.write_string(number, column, value)
                else:
                    sheet.write_number(number, column, value)
        for column, width in enumerate(widths):
            sheet.set_column(column, column, width, self.wrap if width >= 40 else None)
        sheet.freeze_panes(2, 0)

    def cover(self, lines: list[str]) -> None:
        sheet = self.book.add_worksheet("Cover")
        sheet.set_column(0, 0, 110, self.wrap)
        sheet.write_string(0, 0, neutralise_formula(lines[0]), self.title)
        for number, line in enumerate(lines[1:], start=1):
            sheet.write_string(number, 0, neutralise_formula(line))

    def bytes(self) -> bytes:
        self.book.close()
        return self.out.getvalue()


def _cover_lines(profile: dict) -> list[str]:
    area = profile["area"]
    lines = [f"Migration profile of {area['name']} ({area['code']})",
             f"Edition {profile['edition']}, built {profile['built_at'][:10]}."]
    if profile["demo"]:
        lines.append("Demonstration data: every figure in this workbook is invented. Do not quote it.")
    lines += ["Each chart on the area's web page has a sheet here with the figures it draws: one row per "
              "area or measure and period, the value as a number, its 95% confidence interval where the "
              "source gives one, and the figure as the page shows it.",
              "Missing and withheld figures are not in the chart sheets; the page's tables and the CSV and "
              "JSON downloads give every figure, with the reason where one is missing.",
              "The Contents sheet lists the sheets. The Sources sheet gives each source's publisher, "
              "release, licence and caveats.",
              "Sources:"]
    lines += [f"{s['title']}, {s['publisher']}. Release {s['release'] or 'unknown'}"
              + (f", published {s['release_date']}. " if s["release_date"]
                 else "; publication date not known. ")
              + f"Licence: {s['licence']}. {s['landing_page']}" for s in profile["sources"]]
    lines.append(f"This compilation is published under the {OGL}, unless a source above says otherwise.")
    return lines


WORKBOOK_SOURCE_KEYS = ("title", "publisher", "release", "release_date", "licence", "landing_page", "caveats")


def workbook_input(profile: dict) -> dict:
    """The part of a profile the area's workbook is made from, and nothing else: the workbook stage
    (workbooks.py) makes it again only when this has changed. The build's date, not its time, is on
    the cover, so builds on the same day with the same figures share one workbook. Each chart row is a
    list in the order of its sheet's columns (series, period, value, interval lower and upper, figure as
    shown): as named fields they were most of the file, and the pages stage writes one per area."""
    return {
        "area": {"code": profile["area"]["code"], "name": profile["area"]["name"]},
        "edition": profile["edition"],
        "built_at": profile["built_at"][:10],
        "demo": profile["demo"],
        "sources": [{k: s[k] for k in WORKBOOK_SOURCE_KEYS} for s in profile["sources"]],
        "themes": [{"title": theme["title"],
                    "charts": [{"title": chart["title"], "unit": chart["unit"],
                                "rows": [[r["series"], r["period_label"], r["value"], r.get("ci_lower"),
                                          r.get("ci_upper"), r["text"]] for r in chart["rows"]]}
                               for chart in theme["charts"]]}
                   for theme in profile["themes"]],
    }


def area_workbook(content: dict) -> bytes:
    """The area's accessible spreadsheet (XLSX) as bytes, from its workbook_input."""
    book = _Book()
    # The file's own title, which file browsers and screen readers announce.
    area = content["area"]
    book.book.set_properties({"title": f"Migration profile of {area['name']} ({area['code']})"})
    book.cover(_cover_lines(content))
    used = {"cover", "contents", "sources"}
    charts = [(theme, chart, _sheet_name(chart["title"], used))
              for theme in content["themes"] for chart in theme["charts"]]
    book.table("Contents", "Contents of this workbook", ["Sheet", "What it holds"],
               [["Sources", "Each source's release, licence and caveats"]]
               + [[name, f"{theme['title']}: {chart['title']} ({chart['unit']})"]
                  for theme, chart, name in charts],
               [32, 90])
    caveat_rows = []
    for s in content["sources"]:
        # An empty cell would leave a reader unsure whether the date was left out: say it is not known.
        base = [s["title"], s["publisher"], s["release"], s["release_date"] or "not known", s["licence"]]
        caveat_rows += [[*base, c["text"]] for c in s["caveats"]] or [[*base, ""]]
    book.table("Sources", "Sources, releases, licences and caveats",
               ["Source", "Publisher", "Release", "Published", "Licence", "Caveat"], caveat_rows,
               [40, 30, 16, 12, 30, 80])
    for _, chart, name in charts:
        header = ["Area or measure", "Period", f"Value ({chart['unit']})", "95% interval, lower",
                  "95% interval, upper", "Figure as shown"]
        book.table(name, f"{chart['title']}: the figures the chart draws", header, chart["rows"],
                   [40, 24, 14, 14, 14, 24])
    return book.bytes()
