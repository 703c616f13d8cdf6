"""DWP NINo registrations: the parser of a table of the same figures saved as CSV or .xlsx."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from migration_profiles.sources._dwp_nino_cells import (
    GSS,
    NAMED_AREAS,
    SOURCE_ID,
    TOTAL,
    UNLISTED,
    Cells,
    Quarter,
    frame_of,
    label_key,
    nationality_of,
    pseudo_area_issue,
    quarter_from_code,
    quarter_from_text,
    quarters_in_text,
    unlisted_issue,
)
from migration_profiles.sources.base import (
    excel_column,
    open_workbook,
)
from migration_profiles.sources.checks import read_figure
from migration_profiles.util import status as st
from migration_profiles.util.errors import LayoutError

# --------------------------------------------------------------------------------------------
# A table saved as CSV or .xlsx.

_CODE_HEADERS = {"area code", "la code", "local authority code", "lad code", "ons code", "code", "gss code",
                 "local authority district code"}
_NAME_HEADERS = {"area name", "la name", "local authority", "local authority name", "area", "name",
                 "local authority district", "local authority district name"}
_TOTAL_HEADERS = {"total", "all nationalities", "all", "total all nationalities"}
_QUARTER_HEADERS = {"quarter", "period", "registration quarter", "quarter of registration", "time period"}
_ROLE_HEADERS = (("code", _CODE_HEADERS), ("name", _NAME_HEADERS), ("quarter", _QUARTER_HEADERS))
_NOTE = re.compile(r"\[\s*(?:note|x)\s*\d*\s*\]", re.IGNORECASE)
HEADER_SEARCH_ROWS = 20


def _header_key(value: object) -> str:
    return label_key(_NOTE.sub("", "" if value is None else str(value)))


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _Table:
    """Reads one sheet (or a CSV) of registrations by area and nationality."""

    def __init__(self, path: Path, sheet: str | None, rows: list[tuple[int, list[object]]]) -> None:
        self.path, self.sheet, self.rows = path, sheet, rows
        self.heading: list[object] = []

    def error(self, expected: str, found: str = "", row: int | None = None, column: int | None = None):
        """`column` is 1-based: a letter in a workbook, the column's heading (or number) in a CSV."""
        return LayoutError(SOURCE_ID, self.path.name, expected=expected, found=found, sheet=self.sheet,
                           row=row, column=None if column is None else self.name_of(column))

    def name_of(self, column: int) -> str:
        if self.sheet is not None:
            return excel_column(column)
        heading = self.heading[column - 1] if column - 1 < len(self.heading) else None
        return str(heading).strip() if not _blank(heading) else str(column)

    def header(self) -> int | None:
        for index, (_, cells) in enumerate(self.rows[:HEADER_SEARCH_ROWS]):
            if cells and _header_key(cells[0]) in _CODE_HEADERS | _QUARTER_HEADERS and any(
                    _header_key(c) in _CODE_HEADERS for c in cells[:3]):
                return index
        return None

    def read(self, cells_out: Cells, unlisted: dict, pseudo: dict) -> None:
        at = self.header()
        if at is None:
            raise self.error(f"a header row with an area code column ('Area code') within the first "
                             f"{HEADER_SEARCH_ROWS} rows", "none", column=1)
        number, header = self.rows[at]
        self.heading = list(header)
        keys = [_header_key(c) for c in header]
        while keys and not keys[-1]:
            keys.pop()
        roles: dict[str, int] = {}
        columns: dict[int, tuple[str, str]] = {}  # position (0-based) -> (measure, label)
        seen: dict[str, int] = {}
        for position, key in enumerate(keys):
            text = "" if header[position] is None else str(header[position]).strip()
            where = position + 1
            if not key:
                raise self.error("a heading over every column of the table", "a blank cell", number, where)
            for role, names in _ROLE_HEADERS:
                if key in names and role not in roles:
                    roles[role] = position
                    break
            else:
                if key in _TOTAL_HEADERS:
                    measure = TOTAL
                else:
                    nationality = nationality_of(_NOTE.sub("", text))
                    measure = nationality.measure if nationality else UNLISTED
                if measure != UNLISTED and measure in seen:
                    raise self.error(f"each nationality once; {text!r} repeats column "
                                     f"{self.name_of(seen[measure] + 1)}", repr(text), number, where)
                seen[measure] = position
                columns[position] = (measure, _NOTE.sub("", text).strip())
        for role in ("code", "name"):
            if role not in roles:
                raise self.error(f"an area {role} column", "none in the header row", number, 1)
        if not columns:
            raise self.error("a column per nationality after the area columns", "none", number,
                             len(keys) + 1)
        cells_out.has_total = cells_out.has_total or TOTAL in seen
        fixed_quarter = None if "quarter" in roles else self.title_quarter(at)

        started = ended = False
        for line, row in self.rows[at + 1:]:
            row = list(row) + [None] * (len(keys) - len(row))
            for position in range(len(keys), len(row)):
                if not _blank(row[position]):
                    raise self.error("nothing to the right of the table", repr(row[position]), line,
                                     position + 1)
            if all(_blank(c) for c in row):
                if started:
                    ended = True
                continue
            code_text = "" if row[roles["code"]] is None else str(row[roles["code"]]).strip()
            name = "" if row[roles["name"]] is None else str(row[roles["name"]]).strip()
            values = [row[p] for p in columns]
            if not GSS.match(code_text) and all(_blank(v) for v in values):
                ended = started  # a footnote under the table
                if started:
                    break
                continue
            if ended:
                raise self.error("nothing but notes after the blank row that ends the table",
                                 repr(code_text or name), line, roles["code"] + 1)
            started = True
            quarter = fixed_quarter
            if quarter is None:
                raw = row[roles["quarter"]]
                quarter = quarter_from_code(str(raw)) if raw is not None else None
                quarter = quarter or quarter_from_text("" if raw is None else raw)
                if quarter is None:
                    raise self.error("a quarter such as 'Jan-Mar 2024'", repr(raw), line,
                                     roles["quarter"] + 1)
            code = code_text if GSS.match(code_text) else None
            if code is None:
                named = NAMED_AREAS.get(label_key(name or code_text))
                code = named or code_text or name
                if not named:
                    pseudo.setdefault((code, name), []).append(line)
            if (code, name, quarter) in cells_out.values:
                raise self.error(f"each area once per quarter; {code} {quarter.label} is repeated",
                                 repr(code_text), line, roles["code"] + 1)
            for position, (measure, label) in columns.items():
                value, status = read_figure(row[position], self.error, line, position + 1)
                if status == st.BLANK:
                    status = st.NOT_AVAILABLE
                cells_out.add(code, name or code, quarter, measure, value, status)
                if measure == UNLISTED:
                    unlisted.setdefault(label, []).append(value or 0.0)
        if not started:
            raise self.error("at least one area row under the header", "none", number + 1, 1)

    def title_quarter(self, header_at: int) -> Quarter:
        found: list[tuple[int, Quarter]] = []
        for line, cells in self.rows[:header_at]:
            for cell in cells:
                if isinstance(cell, str):
                    found.extend((line, quarter) for quarter in quarters_in_text(cell))
        quarters = {q for _, q in found}
        if len(quarters) != 1:
            return_row = self.rows[header_at][0]
            raise self.error("one quarter named above the header (for example 'January to March 2024'), or a "
                             "'Quarter' column", f"{len(quarters)} quarters" if quarters else "none",
                             return_row, 1)
        return next(iter(quarters))


def _csv_rows(path: Path) -> list[tuple[int, list[object]]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="strict") if not raw.startswith(b"PK") else ""
    reader = csv.reader(io.StringIO(text, newline=""))
    return [(reader.line_num, list(cells)) for cells in reader]


def parse_table(path: Path) -> pd.DataFrame:
    """Read a table of registrations by area and nationality saved as CSV or .xlsx."""
    path = Path(path)
    cells = Cells({}, has_total=False, issues=[])
    unlisted: dict[str, list[float]] = {}
    pseudo: dict[tuple[str, str], list[int]] = {}
    if path.suffix.lower() == ".csv":
        _Table(path, None, _csv_rows(path)).read(cells, unlisted, pseudo)
    else:
        workbook = open_workbook(path)
        try:
            read = 0
            for sheet in workbook.worksheets:
                rows = [(n, list(r)) for n, r in enumerate(sheet.iter_rows(values_only=True), start=1)]
                table = _Table(path, sheet.title, rows)
                if table.header() is None:
                    continue  # a cover, contents or notes sheet
                table.read(cells, unlisted, pseudo)
                read += 1
            if not read:
                raise LayoutError(SOURCE_ID, path.name, expected="a sheet with an 'Area code' header row",
                                  found="sheets " + ", ".join(repr(s) for s in workbook.sheetnames))
        finally:
            workbook.close()
    for label, counts in sorted(unlisted.items()):
        cells.issues.append(unlisted_issue(label, "a column of the table", len(counts), sum(counts)))
    for (code, name), lines in sorted(pseudo.items()):
        total = sum((v[TOTAL][0] or 0.0) for (c, _, _), v in cells.values.items() if c == code and TOTAL in v)
        cells.issues.append(pseudo_area_issue(code, name or code, f"row(s) {', '.join(map(str, lines))}",
                                               len(lines), total))
    return frame_of(cells)
