"""The Local Area Migration Indicators workbook (2021 edition layout), and the check of its headers."""

from __future__ import annotations

import io

import numpy as np
import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from .facts import Facts, Hierarchy, SheetLayout
from .lami_figures import ApsEstimates, Lami, Spans, mid_label
from .lami_notes import FOOTNOTES, NOTES_DESCRIPTIONS
from .population import Components, Traits
from .writers import XLSX_TIME, xlsx_bytes

SNAPSHOT = ("lami", "demo-2021-09", "2021-09-17")
LAMI_PUBLISHED = "17 September 2021"
LAMI_FILE = "2021lamistables.xlsx"


def _latest_label(sheet: str, spans: Spans) -> str:
    if sheet in ("Migration Flows", "GP Registrations"):
        return mid_label(spans.flows[-1])
    if sheet == "Short-Term Migration Inflows":
        return mid_label(spans.short_term[-1]) + " (provisional)"
    if sheet == "Births to Non-UK Born Mothers":
        return f"January {spans.births[-1]} to December {spans.births[-1]}"
    return f"January {spans.aps[-1]} to December {spans.aps[-1]}"


def _notes_sheet(ws, sheets: list[str], spans: Spans) -> None:
    rows: list[tuple[int, str, str | None]] = []  # (row, column A text, internal link target)
    r = 2
    for text in (
        "Local Area Migration Indicators, UK",
        "DEMONSTRATION DATA — invented figures. This workbook copies the layout of the ONS Local Area "
        "Migration Indicators workbook (2021 edition) so that software can be built and tested against it. "
        "Every number in it was made up by scripts/make_sample_data.py. These are not official statistics: "
        "do not use or quote them.",
        "Purpose: the real workbook brings together indicators from several statistics producers to give "
        "an indication of migration at local authority level.",
        f"Latest Year Available: {spans.aps[-1]}",
        f"Timeseries: most tables run from {spans.flows[0] - 1} to {spans.flows[-1]}; births to non-UK born "
        f"mothers end in {spans.births[-1]}, and short-term migration inflows end with "
        f"{mid_label(spans.short_term[-1])}, which is provisional.",
        "Geography: 2021 administrative geography: 4 countries of the UK, 9 English regions, English "
        "counties and 374 local authorities.",
    ):
        rows.append((r, text, None))
        r += 1
    r += 1
    rows.append((r, "Contained in this workbook:", None))
    r += 2
    for sheet in sheets:
        what, where = NOTES_DESCRIPTIONS[sheet]
        rows.append((r, sheet, sheet))
        rows.append((r + 1, what, None))
        rows.append((r + 2, where, None))
        rows.append((r + 3, f"Latest data available: {_latest_label(sheet, spans)}.", None))
        r += 5
    rows.append((r, "Copyright and Reproduction:", None))
    rows.append((r + 1, f"Published on {LAMI_PUBLISHED} by the Office for National Statistics.  ", None))
    rows.append(
        (
            r + 2,
            "The date above is that of the real edition whose layout this copy follows; "
            "its figures are invented.",
            None,
        )
    )
    rows.append(
        (
            r + 3,
            "Layout © Crown copyright, re-used under the Open Government Licence v3.0: "
            "http://www.nationalarchives.gov.uk/doc/open-government-licence/",
            None,
        )
    )
    bold = Font(bold=True)
    for row, text, link in rows:
        cell = ws.cell(row=row, column=1, value=text)
        if row == 2 or text.endswith(":") or link:
            cell.font = bold
        if link:
            target = ws.cell(row=row, column=2, value=f"'{link}'!A1")
            target.hyperlink = Hyperlink(ref=target.coordinate, location=f"'{link}'!A1")
    ws.column_dimensions["A"].width = 120
    ws.column_dimensions["B"].width = 40


def _data_sheet(
    ws,
    layout: SheetLayout,
    header: list[list[object]],
    merges: list[str],
    values: dict[str, list[object]],
    footnotes: list[list[object]],
    pct_every: int = 0,
    blank_quirk: dict[int, list[int]] | None = None,
) -> None:
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(header, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                cell = ws.cell(row=r, column=c, value=value)
                cell.font = bold
                cell.alignment = wrap
    for rng_ in merges:
        ws.merge_cells(rng_)
    r = len(header) + 1
    blanks_seen = 0
    width = len(header[-1])
    for entry in layout.rows:
        if entry is None:
            for c in (blank_quirk or {}).get(blanks_seen, []):
                ws.cell(row=r, column=c)  # becomes an empty string: see writers.normalise_xlsx
            blanks_seen += 1
            r += 1
            continue
        code, name = entry
        ws.cell(row=r, column=1, value=code)
        ws.cell(row=r, column=2, value=name)
        for c, value in enumerate(values[code], start=3):
            if value is None:
                continue
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, int | float):
                cell.number_format = "#,##0.0" if pct_every and (c - 2) % pct_every == 0 else "#,##0"
        r += 1
    r += 1  # one blank row before the footnotes
    for note in footnotes:
        for c, value in enumerate(note, start=1):
            if value is not None:
                cell = ws.cell(row=r, column=c, value=value)
                if value == "Link to Notes tab":
                    cell.hyperlink = Hyperlink(ref=cell.coordinate, location="'Notes'!A1")
        r += 1
    ws.column_dimensions["A"].width = 14.7
    ws.column_dimensions["B"].width = 45.4
    for c in range(3, width + 1):
        ws.column_dimensions[get_column_letter(c)].width = 14.5


def make(
    facts: Facts,
    hierarchy: Hierarchy,
    comps: Components,
    traits: Traits,
    spans: Spans,
    rng: np.random.Generator,
) -> tuple[dict[str, bytes], ApsEstimates]:
    """The workbook, and its unrounded APS estimates for the NRS council table to agree with."""
    lami = Lami(facts, hierarchy, comps, traits, spans, rng)
    aps_years, resident, nonuk, nonbrit = lami._aps_base()
    tables = {
        "Migration Flows": lami.migration_flows(),
        "Short-Term Migration Inflows": lami.short_term(),
        "Non-UK Born Population": lami.aps("Non-UK Born Population", nonuk, resident, aps_years),
        "Non-British Population": lami.aps("Non-British Population", nonbrit, resident, aps_years),
        "NINo Registrations": lami.nino(),
        "GP Registrations": lami.gp(),
        "Births to Non-UK Born Mothers": lami.births(),
    }
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "Notes"
    _notes_sheet(notes, list(tables), spans)
    empty_strings: dict[str, list[str]] = {}
    for sheet, (header, merges, values) in tables.items():
        ws = wb.create_sheet(sheet)
        quirk = None
        pct = 0
        if sheet == "Births to Non-UK Born Mothers":
            pct = 3
            if 2017 in spans.births:  # two empty strings in the first separator row
                c = 3 + 3 * spans.births.index(2017)
                quirk = {0: [c, c + 1]}
                first_blank = len(header) + 1 + facts.lami_sheets[sheet].rows.index(None)
                part = f"xl/worksheets/sheet{len(wb.worksheets)}.xml"
                empty_strings[part] = [f"{get_column_letter(col)}{first_blank}" for col in (c, c + 1)]
        if sheet == "Migration Flows":
            footnotes = FOOTNOTES[sheet] + [[]] * 50 + [[" "]]  # a stray space far below the notes
        else:
            footnotes = FOOTNOTES[sheet]
        _data_sheet(ws, facts.lami_sheets[sheet], header, merges, values, footnotes, pct, quirk)
    wb.properties.creator = "make_sample_data.py"
    wb.properties.title = "Local area migration indicators, UK (demonstration data, invented figures)"
    wb.properties.created = XLSX_TIME
    wb.properties.modified = XLSX_TIME
    files = {LAMI_FILE: xlsx_bytes(wb, empty_strings)}
    return files, ApsEstimates(aps_years, resident, nonuk)


def check_lami_headers(facts: Facts, workbook: bytes) -> list[str]:
    """Compare the generated header rows and area columns with the real workbook's."""
    problems = []
    wb = openpyxl.load_workbook(io.BytesIO(workbook), read_only=True)
    try:
        for sheet, real_header in facts.lami_headers.items():
            ws = wb[sheet]
            ours = [list(row) for row in ws.iter_rows(min_row=1, max_row=len(real_header), values_only=True)]
            for r, (mine, real) in enumerate(zip(ours, real_header, strict=True), start=1):
                width = max(len(mine), len(real))
                mine = (mine + [None] * width)[:width]
                real = (list(real) + [None] * width)[:width]
                if mine != real:
                    problems.append(f"{sheet} header row {r} differs")
            body = [
                (row[0], row[1]) if row[0] else None
                for row in ws.iter_rows(min_row=len(real_header) + 1, max_col=2, values_only=True)
            ]
            expected = facts.lami_sheets[sheet].rows
            if body[: len(expected)] != expected:
                problems.append(f"{sheet}: area rows differ")
    finally:
        wb.close()
    return problems
