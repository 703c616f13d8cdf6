"""Downloads beside each area page: each chart's figures as CSV, the area's figures as CSV and the area's
accessible spreadsheet (XLSX). All three are made in the reader's browser (assets/downloads.js and
assets/workbook.js), from what the page and the area's JSON hold; the two CSVs in the layouts these
functions write, against which the browser's are tested.

The page and the JSON are written from the area's profile (profiles.build_profile), after the
publication rules (publish.py), so the downloads hold exactly the figures the page shows. Text cells
pass through spreadsheet_safe.neutralise_formula (in the browser, its copy in the scripts), so that no
cell runs as a formula when the file is opened.

None is written at build time. Thirty CSVs an area were a quarter of the site's files, and the area
CSVs the same figures as the JSON beside them. The spreadsheets, written with XlsxWriter, took about
14 processor seconds for 380 areas, as much as the rest of the pages stage. SVG and PNG of a chart
would take 30 to 50 ms a chart with vl-convert, about ten minutes for a full build.
"""

from __future__ import annotations

import csv
import io

from migration_profiles.render.spreadsheet_safe import csv_text, neutralise_formula

CHART_CSV_FIELDS = ["series", "period", "value", "ci_lower", "ci_upper", "figure_as_shown"]


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
