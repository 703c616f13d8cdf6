"""Home Office: asylum seekers in receipt of support, by local authority (table Asy_D11), quarterly.

Two layouts of the same table are read:

* The Home Office's workbook ``support-local-authority-datasets-<mon>-<yyyy>.xlsx``, sheet
  ``Data - Asy_D11`` (``Data_Asy_D11`` in the 2025-26 editions): one title row, then a header row
  ``Date (as at…) | Support Type | UK Region [/ Nation] | Local Authority | LAD Code |
  Accommodation Type | People`` and one row per quarter end, support type, council and
  accommodation type, with dates written like ``30 Sep 2024``; older editions end with an
  ``End of table`` row. Columns are found by name, so their order does not matter.
* The same sheet tidied to a long CSV by a third party (the ``asylum`` R package of humaniverse):
  ``Date,Year,Quarter,Support Type,UK Region,Local Authority,LAD Code,Accommodation Type,People``
  with ISO dates. This is the layout of the real file we hold.

Both list only non-zero cells: a council with nobody in a category at a quarter end has no row.
How we turn that into zeros, and where we do not, is set out in ``_fill`` and in the caveat
``zero-means-none-recorded``. Rows that are not councils (``N/A - Section 4 (pre-2018)``,
``N/A - Section 98 (pre-Dec 2022)``, ``N/A - Subsistence Only (Dec 2023 - Sep 2024)`` and
``Unknown`` rows whose code is ``N/A``) stay in the tidy table under the code as published.

Faults in the file are reported through the ``quality`` hook: rows whose council name is not the
name usually seen with their code (for example Section 98 rows at 31 December 2022 for councils
across Yorkshire and the North East published under Hull's code, which count for the council named),
spellings that differ only in capitals, duplicate rows, and the pseudo-areas. The parser records
them on ``frame.attrs["quality"]`` while it reads the rows, because the tidy table alone no
longer shows which name a row carried.

The module also holds the reader shared with ``resettlement.py`` (same publisher, same table
conventions).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from migration_profiles.util import status as st
from migration_profiles.util.errors import LayoutError
from migration_profiles.sources.base import (
    GOVUK,
    KnownRelease,
    OGL,
    OGL_URL,
    Caveat,
    Discover,
    Download,
    FileSpec,
    Measure,
    Release,
    Source,
    Term,
    excel_column,
    observation,
    open_workbook,
    tidy_frame,
)
from migration_profiles.sources.checks import read_figure

SOURCE_ID = "asylum_support"

# ============================================================================================
# Shared reader for the Home Office's local authority data sheets (also used by resettlement.py)

HEADER_SEARCH_ROWS = 10  # the header row of a workbook sheet must be within this many rows
GSS = re.compile(r"^[EWSNK]\d{8}$")
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"]
_QUARTER_END = {3: 31, 6: 30, 9: 30, 12: 31}
_PUBLISHED = re.compile(r"published\s*:?\s*(\d{1,2}\s+[A-Za-z]+\s+\d{4})", re.IGNORECASE)

COUNTRIES = {
    "E": ("E92000001", "England"),
    "W": ("W92000004", "Wales"),
    "S": ("S92000003", "Scotland"),
    "N": ("N92000002", "Northern Ireland"),
}
UK = ("K02000001", "United Kingdom")

LA = "la"  # a council code (GSS)
LABEL = "label"  # 'N/A - ...': a figure the Home Office gives for the UK only, not by council
UNKNOWN = "unknown"  # 'Unknown' council, code 'N/A': people whose council is not recorded


def key(value: object) -> str:
    """A header or category for comparison: lower case, letters and digits only."""
    return re.sub(r"[^0-9a-z]", "", str(value if value is not None else "").casefold())


def clean(value: object) -> str:
    """Text as published, with runs of whitespace (line breaks, doubled spaces) made single."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def fold(value: str) -> str:
    """A category's identity: same words whatever the capitals or spacing."""
    return " ".join(value.split()).casefold()


def show(value: object) -> str:
    text = clean(value)
    return repr(text) if text else "a blank cell"


@dataclass(frozen=True)
class Column:
    name: str  # our name for it
    heads: tuple[str, ...]  # header texts it may carry, compared with key()
    describe: str  # for error messages


@dataclass(frozen=True)
class Layout:
    """One published layout: how to find the table and which columns it must have."""

    describe: str
    required: tuple[Column, ...]
    optional: tuple[Column, ...] = ()
    ignored: tuple[Column, ...] = ()  # columns we accept but do not read


@dataclass
class Table:
    source_id: str
    file: str
    sheet: str | None  # None for a CSV file
    header_row: int
    positions: dict[str, int]  # column name -> 0-based position
    headers: list[str]
    rows: list[tuple[int, list[object]]]  # (1-based row or line number, cells)

    def where(self, column: str) -> str:
        """A column as an error message names it: its letter in a workbook, its header in a CSV."""
        position = self.positions[column]
        if self.sheet is not None:
            return excel_column(position + 1)
        return self.headers[position]

    def error(self, expected: str, found: str = "", row: int | None = None, column: str | None = None):
        where = None
        if column is not None:
            where = self.where(column) if column in self.positions else column
        return LayoutError(source_id=self.source_id, file=self.file, sheet=self.sheet, row=row,
                           column=where, expected=expected, found=found)

    def cell(self, cells: list[object], column: str) -> object:
        position = self.positions.get(column)
        if position is None or position >= len(cells):
            return None
        return cells[position]


def _match_header(table_headers: list[object], layout: Layout) -> tuple[dict[str, int], list[str]]:
    """Map column names to positions; return (positions, headers not recognised)."""
    positions: dict[str, int] = {}
    unknown: list[str] = []
    known = {h: c for c in (*layout.required, *layout.optional, *layout.ignored) for h in c.heads}
    for position, value in enumerate(table_headers):
        text = clean(value)
        if not text:
            continue
        column = known.get(key(text))
        if column is None:
            unknown.append(text)
        elif column.name not in positions:
            positions[column.name] = position
    return positions, unknown


def _check_columns(table: Table, layout: Layout, unknown: list[str]) -> None:
    missing = [c for c in layout.required if c.name not in table.positions]
    extra = "; columns not recognised: " + ", ".join(repr(u) for u in unknown) if unknown else ""
    if missing:
        first = missing[0]
        raise table.error(f"a column {first.describe} in the header row ({layout.describe})",
                          f"none{extra}", row=table.header_row)
    if unknown:
        raise table.error(f"only the columns of {layout.describe}",
                          "columns not recognised: " + ", ".join(repr(u) for u in unknown),
                          row=table.header_row)


def read_csv_table(path: Path, source_id: str, layout: Layout) -> Table:
    path = Path(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LayoutError(source_id, path.name, expected="UTF-8 text",
                          found=f"a byte that is not UTF-8 at position {exc.start}") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[object]]] = []
    header: list[str] | None = None
    header_line = 0
    for cells in reader:
        if header is None:
            header, header_line = cells, reader.line_num
            continue
        if not cells or all(not c.strip() for c in cells):
            continue
        rows.append((reader.line_num, list(cells)))
    if header is None:
        raise LayoutError(source_id, path.name, expected=f"a header row ({layout.describe})",
                          found="an empty file")
    positions, unknown = _match_header(header, layout)
    table = Table(source_id, path.name, None, header_line, positions, [clean(h) for h in header], rows)
    if not positions:
        raise LayoutError(source_id, path.name, row=header_line,
                          expected=f"the header row as the first line ({layout.describe})",
                          found=show(",".join(header))[:200])
    _check_columns(table, layout, unknown)
    return table


def _sheet_key(name: str) -> str:
    return key(name)


def read_xlsx_table(path: Path, source_id: str, sheet_names: tuple[str, ...], layout: Layout) -> Table:
    path = Path(path)
    workbook = open_workbook(path)
    try:
        wanted = {_sheet_key(n) for n in sheet_names}
        sheet = next((s for s in workbook.sheetnames if _sheet_key(s) in wanted), None)
        if sheet is None:
            raise LayoutError(source_id, path.name,
                              expected="a sheet named " + " or ".join(repr(n) for n in sheet_names),
                              found="sheets " + ", ".join(repr(s) for s in workbook.sheetnames))
        all_rows = [list(r) for r in workbook[sheet].iter_rows(values_only=True)]
    finally:
        workbook.close()
    header_row = None
    for number, cells in enumerate(all_rows[:HEADER_SEARCH_ROWS], start=1):
        positions, unknown = _match_header(cells, layout)
        if len(positions) >= 3:
            header_row = number
            break
    if header_row is None:
        later = next((n for n, cells in enumerate(all_rows, start=1)
                      if len(_match_header(cells, layout)[0]) >= 3), None)
        searched = min(len(all_rows), HEADER_SEARCH_ROWS)
        found = f"it at row {later}" if later else f"none in rows 1 to {searched}"
        raise LayoutError(source_id, path.name, sheet=sheet, row=later,
                          expected=f"the header row ({layout.describe}) within the first "
                                   f"{HEADER_SEARCH_ROWS} rows", found=found)
    rows = [(n, cells) for n, cells in enumerate(all_rows, start=1) if n > header_row]
    table = Table(source_id, path.name, sheet, header_row, positions,
                  [clean(h) for h in all_rows[header_row - 1]], rows)
    _check_columns(table, layout, unknown)
    return table


def is_end_of_table(cells: list[object]) -> bool:
    return any(key(c) == "endoftable" for c in cells)


def is_blank(cells: list[object]) -> bool:
    return all(clean(c) == "" for c in cells)


def quarter_end_of(d: date) -> bool:
    return d.month in _QUARTER_END and d.day == _QUARTER_END[d.month]


def parse_count(table: Table, cells: list[object], column: str, row: int) -> int:
    """A published count: a whole number of people, 0 or more."""
    value = table.cell(cells, column)
    number, _ = read_figure(clean(value) if isinstance(value, str) else value, table.error, row, column,
                            whole=True, required=True)
    return int(number)


def parse_date_cell(table: Table, value: object, row: int, column: str) -> date:
    """A quarter-end date written '30 Sep 2024', '2024-09-30' or stored as a spreadsheet date."""
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        text = clean(value)
        day = None
        for pattern in ("%Y-%m-%d", "%d %b %Y", "%d %B %Y", "%d/%m/%Y"):
            try:
                day = datetime.strptime(text, pattern).date()
                break
            except ValueError:
                continue
        if day is None:
            raise table.error("a quarter-end date such as '30 Sep 2024' or '2024-09-30'", show(value),
                              row=row, column=column)
    if not quarter_end_of(day):
        raise table.error("the last day of a quarter (31 Mar, 30 Jun, 30 Sep or 31 Dec)", show(value),
                          row=row, column=column)
    return day


def check_year_quarter(table: Table, cells: list[object], row: int, day: date) -> None:
    """The tidied CSV repeats the date as Year and Quarter (1-4): they must agree with it."""
    for column, wanted in (("year", day.year), ("quarter", (day.month - 1) // 3 + 1)):
        if column not in table.positions:
            continue
        value = clean(table.cell(cells, column))
        if value != str(wanted):
            raise table.error(f"{wanted}, to agree with the date {day.isoformat()}", show(value), row=row,
                              column=column)


def month_label(day: date) -> str:
    return f"{_MONTH_NAMES[day.month - 1]} {day.year}"


def release_name(last: date) -> str:
    """The Home Office names each edition after the last quarter it covers: 'sep-2024'."""
    return f"{_MONTHS[last.month - 1].lower()}-{last.year}"


def published_date(path: Path) -> str:
    """The 'Published: 21 August 2026' line of a workbook's cover sheet, when it has one."""
    if Path(path).suffix.lower() != ".xlsx":
        return ""
    workbook = open_workbook(path)
    try:
        for name in workbook.sheetnames:
            if "cover" not in name.casefold():
                continue
            for row in workbook[name].iter_rows(max_row=40, values_only=True):
                for value in row:
                    match = _PUBLISHED.search(clean(value))
                    if match:
                        try:
                            return datetime.strptime(match.group(1), "%d %B %Y").date().isoformat()
                        except ValueError:
                            continue
    finally:
        workbook.close()
    return ""


# --------------------------------------------------------------------------------------------
# Rows, areas and faults


@dataclass(frozen=True)
class Row:
    line: int
    quarter: date  # quarter end
    code: str  # as published
    name: str  # as published (whitespace tidied)
    kind: str  # LA, LABEL or UNKNOWN
    measure: str
    group: str  # what the row is about, for grouping faults (a support type or a scheme)
    detail: str  # the category within it, folded (an accommodation type; the scheme again)
    people: int


def area_kind(table: Table, code: str, name: str, row: int, column: str) -> str:
    if GSS.match(code):
        return LA
    if code.casefold().startswith("n/a - ") or name.casefold().startswith("n/a - "):
        return LABEL
    if code.casefold() in ("n/a", "unknown") or name.casefold() == "unknown":
        return UNKNOWN
    raise table.error("a GSS council code such as 'E06000014', 'N/A' or a Home Office note "
                      "starting 'N/A - '", show(code), row=row, column=column)


_WHAT = {"Accommodation Type": "accommodation type", "UK Region": "region", "Support Type": "support type",
         "Resettlement Scheme": "scheme"}


class Spellings:
    """Categories whose spelling varies only in capitals or spacing: grouped, then reported."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str], Counter] = defaultdict(Counter)
        self._where: dict[tuple[str, str, str], list] = defaultdict(list)

    def add(self, column: str, text: str, quarter: date) -> str:
        identity = fold(text)
        self._seen[(column, identity)][text] += 1
        self._where[(column, identity, text)].append(quarter)
        return identity

    def issues(self) -> list[dict]:
        out = []
        for (column, identity), spellings in sorted(self._seen.items()):
            if len(spellings) < 2:
                continue
            usual = max(spellings, key=lambda s: (spellings[s], s))
            for text, count in sorted(spellings.items()):
                if text == usual:
                    continue
                quarters = sorted(set(self._where[(column, identity, text)]))
                out.append({
                    "area_code": "",
                    "fault": "spelling",
                    "issue": f"'{text}' in the {column} column differs only in capitals or spacing from "
                             f"'{usual}' (used {spellings[usual]} times); {count} rows, "
                             f"{_quarter_span(quarters)}. Treated as the same {_WHAT.get(column, 'value')}.",
                    "rows": count,
                    "found": text,
                    "usual": usual,
                })
        return out


def _quarter_span(quarters: list[date]) -> str:
    if not quarters:
        return ""
    if len(quarters) == 1:
        return f"quarter ending {quarters[0].isoformat()}"
    return f"{len(quarters)} quarters from {quarters[0].isoformat()} to {quarters[-1].isoformat()}"


def _usual(counter: Counter) -> str:
    return max(counter, key=lambda v: (counter[v], v))


@dataclass
class Faults:
    """What the rows say about codes and names: the usual name of each code and the misplaced rows."""

    usual_name: dict[str, str]  # code -> the name most often published with it
    usual_code: dict[str, str]  # folded name -> the code it is most often published under
    misplaced: list[Row]  # rows under a code whose usual name belongs to another council
    renamed: list[Row]  # rows whose name differs from the code's usual one, no other council's name
    replaced: dict[str, date]  # code -> last quarter it is used, where a later code took its name
    issues: list[dict] = field(default_factory=list)


def analyse_codes(rows: list[Row], source_label: str) -> Faults:
    names: dict[str, Counter] = defaultdict(Counter)
    codes: dict[str, Counter] = defaultdict(Counter)
    latest: dict[tuple[str, str], date] = {}
    for r in rows:
        if r.kind == LA:
            names[r.code][r.name] += 1
            latest[(r.code, r.name)] = max(latest.get((r.code, r.name), r.quarter), r.quarter)
    # The name most often published with the code; on a tie, the one used most recently.
    usual_name = {code: max(counter, key=lambda n, c=code, k=counter: (k[n], latest[(c, n)], n))
                  for code, counter in names.items()}
    for r in rows:
        # A name's own code is judged only from rows where name and code agree.
        if r.kind == LA and fold(r.name) == fold(usual_name[r.code]):
            codes[fold(r.name)][r.code] += 1
    usual_code = {name: _usual(counter) for name, counter in codes.items()}

    misplaced, renamed = [], []
    for r in rows:
        if r.kind != LA or fold(r.name) == fold(usual_name[r.code]):
            continue
        other = usual_code.get(fold(r.name))
        (misplaced if other and other != r.code else renamed).append(r)

    # A code whose usual name later appears under a different code (Glasgow City S12000046, then
    # S12000049 from 2018): the earlier code stops at its last quarter.
    first: dict[str, date] = {}
    last: dict[str, date] = {}
    for r in rows:
        if r.kind == LA:
            first[r.code] = min(first.get(r.code, r.quarter), r.quarter)
            last[r.code] = max(last.get(r.code, r.quarter), r.quarter)
    by_name: dict[str, list[str]] = defaultdict(list)
    for code, name in usual_name.items():
        by_name[fold(name)].append(code)
    replaced = {}
    for same in by_name.values():
        for code in same:
            if any(first[other] > last[code] for other in same if other != code):
                replaced[code] = last[code]

    faults = Faults(usual_name, usual_code, misplaced, renamed, replaced)
    faults.issues = _code_issues(faults, source_label)
    return faults


def council_sums(rows: list[Row], faults: Faults) -> dict[tuple[str, date, str], int]:
    """Published figures summed per code, quarter and measure (repeated rows as settle_repeats left them).

    A row published under one council's code but naming another council (Section 98 rows for councils
    across Yorkshire under Hull's code at 31 December 2022) counts for the council it names: the name
    is what the Home Office meant, the code a slip. Each such row is reported (``_code_issues``).
    """
    misplaced = {id(r) for r in faults.misplaced}
    sums: dict[tuple[str, date, str], int] = defaultdict(int)
    for r in rows:
        code = faults.usual_code[fold(r.name)] if id(r) in misplaced else r.code
        sums[(code, r.quarter, r.measure)] += r.people
    return sums


def _code_issues(faults: Faults, source_label: str) -> list[dict]:
    issues: list[dict] = []
    grouped: dict[tuple, list[Row]] = defaultdict(list)
    for r in faults.misplaced:
        grouped[(r.code, r.quarter, r.group, r.name)].append(r)
    per_code: dict[tuple, list[Row]] = defaultdict(list)
    for (code, quarter, group, _name), rows in grouped.items():
        per_code[(code, quarter, group)].extend(rows)
    notes = {}
    for (code, quarter, group), rows in per_code.items():
        councils = sorted({r.name for r in rows})
        count = sum(r.people for r in rows)
        notes[(code, quarter, group)] = (
            f"At {_long(quarter)}, {len(rows)} {source_label} rows for {group} naming "
            f"{len(councils)} other council{'s' if len(councils) != 1 else ''} ({people(count)}) were "
            f"published under this area's code {code}. They are counted for the councils they name, not "
            f"in this area's {group} figure for that date; see the data-quality log.")
    for (code, quarter, group, name), rows in sorted(grouped.items(),
                                                      key=lambda i: (i[0][0], i[0][1], i[0][3])):
        count = sum(r.people for r in rows)
        own = faults.usual_code[fold(name)]
        lines = ", ".join(str(r.line) for r in rows)
        issues.append({
            "area_code": code,
            "fault": "wrong code",
            "issue": f"{len(rows)} row(s) for {group} at {quarter.isoformat()} name '{name}' (usually "
                     f"{own}) but carry the code {code}, whose usual name in this file is "
                     f"'{faults.usual_name[code]}': {people(count)}. Counted for {own}, the council the "
                     f"row names (rows {lines}).",
            "rows": len(rows),
            "people": count,
            "period": quarter.isoformat(),
            "name_found": name,
            "usual_name": faults.usual_name[code],
            "note": notes[(code, quarter, group)],
        })
        issues.append({
            "area_code": own,
            "fault": "figures under another code",
            "issue": f"{group} figures naming '{name}' at {quarter.isoformat()} ({people(count)}, "
                     f"{len(rows)} row(s)) were published under {code} ('{faults.usual_name[code]}'), "
                     f"not under {own}; they are counted here, for the council they name.",
            "rows": len(rows),
            "people": count,
            "period": quarter.isoformat(),
            "name_found": name,
            "note": f"At {_long(quarter)}, {source_label} rows for {group} naming {name} "
                    f"({people(count)}) were published under {code} ({faults.usual_name[code]}), "
                    f"not under this area's code. They are counted in this area's {group} figure for "
                    f"that date, as the rows name it; see the data-quality log.",
        })
    renamed: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in faults.renamed:
        renamed[(r.code, r.name)].append(r)
    for (code, name), rows in sorted(renamed.items()):
        quarters = sorted({r.quarter for r in rows})
        issues.append({
            "area_code": code,
            "fault": "name differs",
            "issue": f"'{name}' is published with {code} in {len(rows)} row(s) ({_quarter_span(quarters)}); "
                     f"the usual name for this code in the file is '{faults.usual_name[code]}'. A former "
                     f"name or a misspelling: the figures are kept under {code}.",
            "rows": len(rows),
            "people": sum(r.people for r in rows),
            "name_found": name,
            "usual_name": faults.usual_name[code],
        })
    return issues


def people(n: int) -> str:
    return f"{n:,} {'person' if n == 1 else 'people'}"


def _long(day: date) -> str:
    return f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


def settle_repeats(table: Table, rows: list[Row], describe: Callable[[Row], str], source_label: str,
                   accepted: str) -> tuple[list[Row], list[dict]]:
    """Rows that repeat a council, quarter and category, treated as the source's declaration says
    (`Source.repeated_rows`, given as `accepted`): "" refuses them. Otherwise a word-for-word copy of a row
    is counted once, and rows that differ in their count are added together (the real Asy_D11 has two
    such pairs); each case is an entry of the data-quality log with a note for the area's page."""
    seen: dict[tuple, list[Row]] = defaultdict(list)
    for r in rows:
        seen[(r.code, r.name, r.quarter, describe(r))].append(r)
    copies: set[int] = set()
    out = []
    for (code, name, quarter, what), same in sorted(seen.items(), key=lambda i: (i[0][0], i[0][2], i[0][3])):
        if len(same) < 2:
            continue
        lines = " and ".join(str(r.line) for r in same)
        if not accepted:
            raise table.error(f"one row for each council, date and category ({source_label} repeats none)",
                              f"rows {lines} for '{name}', {what}, at {quarter.isoformat()}",
                              row=same[1].line)
        counted: dict[int, Row] = {}
        for r in same:
            if r.people in counted:
                copies.add(id(r))  # the same row again: counted once
            else:
                counted[r.people] = r
        total = sum(counted)  # the people the rows count, each copy once
        entry = {"area_code": code, "rows": len(same), "period": quarter.isoformat(), "people": total}
        if len(counted) < len(same):
            out.append({**entry, "fault": "copied rows",
                        "issue": f"{len(same)} rows for '{name}', {what}, at {quarter.isoformat()} include "
                                 f"word-for-word copies (people: {', '.join(str(r.people) for r in same)}; "
                                 f"rows {lines}). Each copy is counted once.",
                        "note": f"The Home Office's {source_label} table repeats a row for this area word "
                                f"for word ({what}, {_long(quarter)}; rows {lines}). The figure for that "
                                f"date counts it once, not twice; see the data-quality log."})
        if len(counted) > 1:
            out.append({**entry, "fault": "duplicate rows",
                        "issue": f"{len(same)} rows for '{name}', {what}, at {quarter.isoformat()} (people: "
                                 f"{', '.join(str(r.people) for r in same)}; rows {lines}). Rows with "
                                 f"different counts are added together: {people(total)}.",
                        "note": f"The Home Office's {source_label} table gives this area "
                                f"{len(counted)} rows with different counts for {what} at "
                                f"{_long(quarter)} ({' and '.join(people(n) for n in counted)}; rows "
                                f"{lines}). The figure for that date is their sum, {people(total)}; see the "
                                f"data-quality log."})
    return [r for r in rows if id(r) not in copies], out


def all_quarters(rows: list[Row]) -> list[date]:
    """Every quarter end from the first to the last in the file, including quarters with no rows at
    all (no resettlement arrivals anywhere from April to September 2020, for example)."""
    first, last = min(r.quarter for r in rows), max(r.quarter for r in rows)
    out, year, month = [], first.year, first.month
    while date(year, month, _QUARTER_END[month]) <= last:
        out.append(date(year, month, _QUARTER_END[month]))
        year, month = (year + 1, 3) if month == 12 else (year, month + 3)
    return out


def coverage(rows: list[Row]) -> tuple[set[str], set[tuple[date, str]]]:
    """What the file gives by council: (measures with any council row, (quarter, measure) pairs given
    for the UK only).

    A measure never given under a council code (Afghan resettlement in the 2024 edition, all under
    'Unknown') is not a council figure at all. A quarter's category given only by a 'N/A - ...' note,
    or only under 'Unknown', is not available by council that quarter, not 0.
    """
    by_council = {r.measure for r in rows if r.kind == LA}
    seen: dict[tuple[date, str], set[str]] = defaultdict(set)
    for r in rows:
        seen[(r.quarter, r.measure)].add(r.kind)
    national = {k for k, kinds in seen.items() if LABEL in kinds or LA not in kinds}
    return by_council, national


def code_spans(rows: list[Row], last_quarter: date,
               replaced: dict[str, date]) -> dict[str, tuple[date, date]]:
    """The quarters in which a council's absence from the file means zero.

    From the first quarter its code appears to the last quarter in the file; to its own last
    quarter instead when the file moved the council to a new code (see Faults.replaced). Before a
    code first appears we infer nothing: a new code and a council with nobody counted look alike.
    """
    first: dict[str, date] = {}
    for r in rows:
        if r.kind == LA:
            first[r.code] = min(first.get(r.code, r.quarter), r.quarter)
    return {code: (start, replaced.get(code, last_quarter)) for code, start in first.items()}


def record(code: str, name: str, label: str, start: str, end: str, measure: str,
           value: float | None, status: str = st.OK) -> dict:
    return observation(code, name, (label, start, end), measure, None if value is None else float(value),
                       status if value is not None else st.NOT_AVAILABLE)


def pseudo_issues(rows: list[Row], what: Callable[[Row], str]) -> list[dict]:
    grouped: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in rows:
        if r.kind != LA:
            grouped[(r.code, r.name)].append(r)
    out = []
    for (code, name), same in sorted(grouped.items()):
        quarters = sorted({r.quarter for r in same})
        count = sum(r.people for r in same)
        if same[0].kind == LABEL:
            covers = ", ".join(sorted({what(r) for r in same}))
            issue = (f"'{name}' (code '{code}') is not an area: the Home Office's figure for the UK as a "
                     f"whole where it gives no breakdown by council ({covers}; "
                     f"{_quarter_span(quarters)}; {people(count)} in all). Kept under this code; council "
                     f"figures it covers are shown as not available, and it counts in the UK total only.")
        else:
            issue = (f"'{name}' (code '{code}'): people whose council is not recorded "
                     f"({', '.join(sorted({what(r) for r in same}))}; {_quarter_span(quarters)}; "
                     f"{people(count)} in all). Kept under this code; they count in the UK total only.")
        out.append({"area_code": code, "fault": "pseudo-area", "issue": issue, "rows": len(same),
                    "people": count})
    return out


def quality_from_attrs(frame: pd.DataFrame) -> list[dict]:
    """The FileSpec quality hook: the faults the parser noted while reading the rows."""
    return list(frame.attrs.get("quality", []))


# ============================================================================================
# Asy_D11

SUPPORT_TYPES = {"section 95": "Section 95", "section 4": "Section 4", "section 98": "Section 98"}

# Accommodation type (folded) -> the Section 95 measure it counts in.
S95_GROUPS = {
    "dispersal accommodation": "asylum_s95_dispersed",
    "subsistence only": "asylum_s95_subsistence_only",
    "contingency accommodation - hotel": "asylum_s95_hotel",
    "contingency accommodation - other": "asylum_s95_other",
    "initial accommodation": "asylum_s95_other",
    "other accommodation": "asylum_s95_other",
}
S95_PARTS = ("asylum_s95_dispersed", "asylum_s95_hotel", "asylum_s95_other", "asylum_s95_subsistence_only")
ACCOMMODATED_PARTS = ("asylum_s95_dispersed", "asylum_s95_hotel", "asylum_s95_other", "asylum_s4",
                      "asylum_s98")
BASE_MEASURES = (*S95_PARTS, "asylum_s4", "asylum_s98")
# Parts of a total whose classification had not started yet count as nobody, not as missing.
TOTALS = {
    "asylum_s95_total": S95_PARTS,
    "asylum_accommodated": ACCOMMODATED_PARTS,
    "asylum_total": (*S95_PARTS, "asylum_s4", "asylum_s98"),
}

_C = Column
_DATE_CSV = _C("date", ("date",), "'Date' (the quarter end, YYYY-MM-DD)")
_DATE_XLSX = _C("date", ("dateasat", "date"), "'Date (as at…)'")
_YEAR = _C("year", ("year",), "'Year'")
_QUARTER = _C("quarter", ("quarter",), "'Quarter'")
_SUPPORT = _C("support", ("supporttype",), "'Support Type'")
_REGION = _C("region", ("ukregion", "ukregionnation", "region"), "'UK Region'")
_LA_NAME = _C("la_name", ("localauthority",), "'Local Authority'")
_LA_CODE = _C("la_code", ("ladcode",), "'LAD Code'")
_ACCOMMODATION = _C("accommodation", ("accommodationtype",), "'Accommodation Type'")
_PEOPLE = _C("people", ("people",), "'People' (number of people)")

CSV_LAYOUT = Layout(
    "Date, Year, Quarter, Support Type, UK Region, Local Authority, LAD Code, Accommodation Type, People",
    (_DATE_CSV, _YEAR, _QUARTER, _SUPPORT, _REGION, _LA_NAME, _LA_CODE, _ACCOMMODATION, _PEOPLE),
)
XLSX_LAYOUT = Layout(
    "Date (as at…), Support Type, UK Region, Local Authority, LAD Code, Accommodation Type, People",
    (_DATE_XLSX, _SUPPORT, _REGION, _LA_NAME, _LA_CODE, _ACCOMMODATION, _PEOPLE),
)
SHEETS = ("Data - Asy_D11", "Data_Asy_D11")


def _point(day: date) -> tuple[str, str, str]:
    return f"End of {month_label(day)}", day.isoformat(), day.isoformat()


def _read_table(path: Path) -> Table:
    if Path(path).suffix.lower() == ".xlsx":
        return read_xlsx_table(path, SOURCE_ID, SHEETS, XLSX_LAYOUT)
    return read_csv_table(path, SOURCE_ID, CSV_LAYOUT)


def _read_rows(path: Path) -> tuple[list[Row], Spellings]:
    table = _read_table(path)
    spellings = Spellings()
    rows: list[Row] = []
    for line, cells in table.rows:
        if is_end_of_table(cells):
            break
        if is_blank(cells):
            continue
        day = parse_date_cell(table, table.cell(cells, "date"), line, "date")
        check_year_quarter(table, cells, line, day)
        support_text = clean(table.cell(cells, "support"))
        support = SUPPORT_TYPES.get(fold(support_text))
        if support is None:
            raise table.error("a support type 'Section 95', 'Section 4' or 'Section 98'", show(support_text),
                              row=line, column="support")
        spellings.add("Support Type", support_text, day)
        accommodation = clean(table.cell(cells, "accommodation"))
        identity = fold(accommodation)
        if support == "Section 95":
            measure = S95_GROUPS.get(identity)
            if measure is None:
                raise table.error("a Section 95 accommodation type (" + ", ".join(
                    f"'{a.title()}'" for a in S95_GROUPS) + ")", show(accommodation), row=line,
                    column="accommodation")
        else:
            # Sections 4 and 98 are counted whatever the accommodation; the type must still be one we
            # know, or a Home Office 'N/A - ...' note.
            if identity not in S95_GROUPS and not identity.startswith("n/a"):
                raise table.error("an accommodation type such as 'Dispersal Accommodation' or "
                                  "'Contingency Accommodation - Hotel'", show(accommodation), row=line,
                                  column="accommodation")
            measure = "asylum_s4" if support == "Section 4" else "asylum_s98"
        spellings.add("Accommodation Type", accommodation, day)
        region = clean(table.cell(cells, "region"))
        if region and not region.casefold().startswith("n/a"):
            spellings.add("UK Region", region, day)
        code = clean(table.cell(cells, "la_code"))
        name = clean(table.cell(cells, "la_name"))
        kind = area_kind(table, code, name, line, "la_code")
        count = parse_count(table, cells, "people", line)
        rows.append(Row(line, day, code, name, kind, measure, support, identity, count))
    if not rows:
        raise table.error("at least one row of figures below the header", "none", row=table.header_row + 1)
    rows, repeats = settle_repeats(table, rows, lambda r: f"{r.group}, {r.detail}", "Asy_D11",
                                   SOURCE.repeated_rows)
    return rows, spellings, repeats


def _describe_category(r: Row) -> str:
    if r.group == "Section 95":
        return f"Section 95, {r.detail}"
    return r.group


def _starts(rows: list[Row]) -> dict[str, date]:
    """The first quarter each measure's categories appear in the file, for any council or note.

    Hotels and initial accommodation became accommodation types of the local figures only in the
    redesigned table (from 31 December 2022); before that they are not 0, they are not a category.
    """
    starts: dict[str, date] = {}
    by_type: dict[str, date] = {}
    for r in rows:
        starts[r.measure] = min(starts.get(r.measure, r.quarter), r.quarter)
        by_type[r.detail] = min(by_type.get(r.detail, r.quarter), r.quarter)
    for identity, measure in S95_GROUPS.items():
        if identity in by_type:
            starts[measure] = min(starts.get(measure, by_type[identity]), by_type[identity])
    return starts


def parse(path: Path) -> pd.DataFrame:
    """Read Asy_D11 (workbook sheet or tidied CSV) into the tidy long table."""
    path = Path(path)
    rows, spellings, repeats = _read_rows(path)
    quarters = all_quarters(rows)
    starts = _starts(rows)
    by_council, national_only = coverage(rows)
    faults = analyse_codes(rows, "Asy_D11")

    sums = council_sums(rows, faults)

    spans = code_spans(rows, quarters[-1], faults.replaced)
    records: list[dict] = []
    values: dict[tuple[str, date], dict[str, float | None]] = {}
    for code, (first, last) in sorted(spans.items()):
        name = faults.usual_name[code]
        for q in quarters:
            if q < first or q > last:
                continue
            cell: dict[str, float | None] = {}
            for measure in BASE_MEASURES:
                if q < starts.get(measure, date.max) or measure not in by_council:
                    continue  # not yet a category of the table, or never one given by council
                if (code, q, measure) in sums:
                    cell[measure] = float(sums[(code, q, measure)])
                elif (q, measure) in national_only:
                    cell[measure] = None  # given for the UK only (a 'N/A - ...' note): not 0 for a council
                else:
                    cell[measure] = 0.0
            values[(code, q)] = cell
            records.extend(_records(code, name, q, cell))

    # Rows that are not councils: as published, no zeros inferred, no totals.
    for r_code, r_name in sorted({(r.code, r.name) for r in rows if r.kind != LA}):
        for q in quarters:
            cell = {m: float(sums[(r_code, q, m)]) for m in BASE_MEASURES if (r_code, q, m) in sums}
            for measure, value in cell.items():
                label, start, end = _point(q)
                records.append(record(r_code, r_name, label, start, end, measure, value))

    records.extend(_country_totals(rows, quarters, starts, by_council, national_only, sums))

    frame = tidy_frame(records)
    issues = pseudo_issues(rows, _describe_category)
    issues += faults.issues
    issues += repeats
    issues += spellings.issues()
    frame.attrs["quality"] = issues
    return frame


def _records(code: str, name: str, q: date, cell: dict[str, float | None]) -> list[dict]:
    label, start, end = _point(q)
    out = [record(code, name, label, start, end, m, v) for m, v in cell.items()]
    for total, parts in TOTALS.items():
        present = [cell[p] for p in parts if p in cell]
        if not present:
            continue
        value = None if any(v is None for v in present) else sum(present)
        out.append(record(code, name, label, start, end, total, value))
    return out


def _country_totals(rows: list[Row], quarters: list[date], starts: dict[str, date], by_council: set[str],
                    national_only: set, sums: dict) -> list[dict]:
    """Our sums of the councils of each nation, and of every row for the UK.

    A nation's figure is missing where the Home Office gave the category for the UK only. Rows
    published under the wrong council code stay within the same nation, so nations' sums hold;
    the UK sum also takes in the 'N/A' notes and councils not recorded.
    """
    by_country: dict[tuple[str, date, str], int] = defaultdict(int)
    by_uk: dict[tuple[date, str], int] = defaultdict(int)
    for (code, q, measure), people in sums.items():
        by_uk[(q, measure)] += people
        if GSS.match(code) and code[0] in COUNTRIES:
            by_country[(code[0], q, measure)] += people
    out = []
    for letter, (country_code, country_name) in COUNTRIES.items():
        if not any(r.kind == LA and r.code[0] == letter for r in rows):
            continue
        for q in quarters:
            cell = {}
            for measure in BASE_MEASURES:
                if q < starts.get(measure, date.max) or measure not in by_council:
                    continue
                cell[measure] = (None if (q, measure) in national_only
                                 else float(by_country.get((letter, q, measure), 0)))
            out.extend(_records(country_code, country_name, q, cell))
    for q in quarters:
        cell = {m: float(by_uk.get((q, m), 0)) for m in BASE_MEASURES if q >= starts.get(m, date.max)}
        out.extend(_records(UK[0], UK[1], q, cell))
    return out


def release_of(path: Path) -> Release | None:
    """Named after the last quarter the file covers ('sep-2024'), as the Home Office names editions.

    A workbook's cover sheet may state its publication date; the tidied CSV does not.
    """
    rows, _, _ = _read_rows(Path(path))
    last = max(r.quarter for r in rows)
    return Release(name=release_name(last), date=published_date(Path(path)))


# ============================================================================================
# The declaration

LANDING_PAGE = "https://www.gov.uk/government/statistical-data-sets/immigration-system-statistics-data-tables"
# Since the 2025-26 editions both local authority workbooks sit on their own standing data set page,
# which GOV.UK's Content API lists with its attachments; refresh takes the newest file from there.
REGIONAL_PAGE = ("https://www.gov.uk/government/statistical-data-sets/"
                 "immigration-system-statistics-regional-and-local-authority-data")
DISCOVERY_CONFIRMED = ("page from public code that fetches the 2025-26 local authority workbooks (it names "
                       "this data set page for Asy_D11 and Res_D01); file names as in the download addresses "
                       "declared here; not tried against the live site")


def discover_on_regional_page(file: str) -> Discover:
    """The newest Home Office local authority workbook whose name fits `file`, from the data set page."""
    return Discover(GOVUK, REGIONAL_PAGE, file=file, confirmed=DISCOVERY_CONFIRMED)


# The workbook of the June 2026 edition (published August 2026), as linked from the landing page.
# The Home Office changes the media id and the '-jun-2026' part every quarter; until December 2023
# the same files were listed on .../statistical-data-sets/asylum-and-resettlement-datasets and were
# named 'section-95-support-local-authority-datasets-<mon>-<yyyy>.xlsx' before 2023.
DOWNLOAD_URL = ("https://assets.publishing.service.gov.uk/media/6a85c5e654bcee010d514574/"
                "support-local-authority-datasets-jun-2026.xlsx")

MEASURES = (
    Measure("asylum_s95_dispersed", "Section 95 support: people in dispersal accommodation", "people",
            "stock",
            counts="people waiting for an asylum decision whom the Home Office houses in longer-term "
                   "dispersal accommodation in the area, on the last day of the quarter"),
    Measure("asylum_s95_hotel", "Section 95 support: people in hotels (contingency accommodation)", "people",
            "stock"),
    Measure("asylum_s95_other", "Section 95 support: people in initial or other accommodation", "people",
            "stock"),
    Measure("asylum_s95_subsistence_only", "Section 95 support: subsistence only (no Home Office housing)",
            "people", "stock"),
    Measure("asylum_s95_total", "Section 95 support: all people", "people", "stock",
            counts="people waiting for an asylum decision who receive Home Office housing or a cash "
                   "allowance under section 95, on the last day of the quarter"),
    Measure("asylum_s4", "Section 4 support: refused asylum seekers supported", "people", "stock"),
    Measure("asylum_s98", "Section 98 support: emergency support", "people", "stock"),
    Measure("asylum_accommodated", "People in asylum accommodation (Sections 95, 4 and 98)", "people",
            "stock",
            counts="people the Home Office houses in the area under any of the three kinds of asylum "
                   "support, on the last day of the quarter; people on subsistence only are not included"),
    Measure("asylum_total", "People receiving asylum support (Sections 95, 4 and 98)", "people", "stock"),
)

CAVEATS = (
    Caveat(
        "snapshot-not-annual",
        "Each figure counts the people receiving support on the last day of the quarter. It is not the "
        "number supported over a year: people arrive, are moved, get a decision or leave support between "
        "two quarter ends, and that movement is not visible. Someone who waits years for a decision is "
        "counted at every quarter end; someone decided quickly may never be counted.",
    ),
    Caveat(
        "who-is-left-out",
        "Only people the Home Office supports are counted, so these are not all the asylum seekers in an "
        "area. Left out: people who support themselves or live with friends or family without any Home "
        "Office help; refused asylum seekers who get no support; unaccompanied children, who are looked "
        "after by the council rather than the Home Office; and refugees, whose support ends soon after "
        "they are granted protection. A council that takes no dispersed asylum seekers can still have "
        "residents in all of these groups.",
    ),
    Caveat(
        "initial-and-hotel-accommodation",
        "Where people in initial accommodation and hotels are counted changed. Until 30 September 2022 "
        "the council figures cover only dispersal accommodation and subsistence-only support: everyone in "
        "initial accommodation or hotels, waiting to be dispersed, was given as one figure for the UK "
        "(the 'N/A - Section 98' line). From 31 December 2022 hotels, other contingency sites and initial "
        "accommodation are counted in the council where they are, at first mostly under Section 98 and "
        "from 30 June 2023 mostly under Section 95. A jump in an area's figures at these dates can be a "
        "change in recording rather than in people.",
    ),
    Caveat(
        "local-breakdown-gaps",
        "Some figures exist only for the UK as a whole, and we show them as not available for councils "
        "rather than as 0: Section 4 support before 31 March 2018, Section 98 support before 31 December "
        "2022, and subsistence-only support from 31 December 2023 to 30 September 2024. Totals that "
        "include one of these (all Section 95 support, all support) are not available for those quarters; "
        "the count of people in asylum accommodation is complete from 31 December 2022.",
    ),
    Caveat(
        "casework-system-2018",
        "The Home Office moved asylum support to a new casework system in March 2018, and figures from "
        "then on are not directly comparable with earlier ones. The file also records the figures from "
        "31 March 2018 on later council boundaries (for example Buckinghamshire, Dorset and the two "
        "Northamptonshire councils as they became in 2019-21), and from 30 June 2023 on the councils "
        "created that April, such as North Yorkshire and Cumberland.",
    ),
    Caveat(
        "zero-means-none-recorded",
        "The Home Office lists a council only when it has at least one person in a category, so a "
        "missing row means nobody. We show 0 for such quarters from the first quarter the council's code "
        "appears in the file up to the latest quarter, or up to its last quarter when the file later uses "
        "a new code for the same council. Before a code first appears we show no figure, because the file "
        "cannot tell a council with nobody supported from a code not yet in use; a council that never "
        "appears has no figures at all. Where a category was given only for the UK, the figure is shown as "
        "not available, not 0. A council abolished in a reorganisation has no figure dated after it ended: "
        "rows the file still gives under its code are counted for the council that took it over.",
    ),
    Caveat(
        "faults-kept-as-published",
        "Some rows carry the wrong council code. At 31 December 2022 Section 98 rows for about twenty "
        "councils in Yorkshire and the Humber and the North East were published under Hull's code, and "
        "rows for five Scottish councils under Aberdeen's; a few more sit under Belfast's and Glasgow's. "
        "Each row also names its council, and we count it for the council it names, not the code it "
        "carries; every such row is listed in the data-quality log, and the pages of the councils "
        "concerned carry a note.",
    ),
    Caveat(
        "small-numbers",
        "The Home Office publishes these counts unrounded and does not suppress small numbers. In a small "
        "area a count of a few people can point to particular families; quote small figures with care, "
        "and do not combine them with other local information in a way that could identify anyone.",
    ),
    Caveat(
        "totals-are-our-sums",
        "Figures for England, Wales, Scotland, Northern Ireland and the English regions are our own sums of "
        "the council figures. The UK figure also includes people the Home Office could not place in a "
        "council and figures it gave only for the UK, so it matches the national total.",
    ),
)

TERMS = (
    Term("Section 95 support",
         "Housing and a weekly allowance, or the allowance alone, that the Home Office gives under "
         "section 95 of the Immigration and Asylum Act 1999 to people who have claimed asylum and would "
         "otherwise be destitute, until their claim and any appeal are decided. Families with children "
         "under 18 keep it after a final refusal while they remain in the UK."),
    Term("Section 4 support",
         "Basic accommodation and a payment card for people whose asylum claim has been finally refused, who "
         "are destitute and meet a condition such as taking steps to leave the UK or being unable to travel "
         "(section 4(2) of the 1999 Act)."),
    Term("Section 98 support",
         "Emergency support, normally a bed in initial accommodation or a hotel, for a destitute asylum "
         "seeker while the Home Office decides whether they qualify for Section 95 support."),
    Term("Dispersal accommodation",
         "Longer-term housing, mostly shared houses and flats, that the Home Office's contractors provide "
         "in council areas taking part in asylum dispersal once someone qualifies for Section 95 support. "
         "People have no choice of where they are sent."),
    Term("Initial accommodation",
         "Hostel-style accommodation where newly arrived asylum seekers stay for a few weeks while their "
         "application for support is assessed, before they are dispersed."),
    Term("Contingency accommodation",
         "Hotels and other temporary sites the Home Office uses when initial and dispersal accommodation are "
         "full. People may stay in them for many months."),
    Term("Subsistence-only support",
         "The Section 95 cash allowance without Home Office housing, for asylum seekers who live with "
         "friends or family or otherwise have somewhere to stay."),
)

SOURCE = Source(
    id=SOURCE_ID,
    title="Asylum seekers in receipt of support, by local authority (Home Office, Asy_D11)",
    publisher="Home Office",
    landing_page=LANDING_PAGE,
    downloads=(Download(url=DOWNLOAD_URL, file_name="support-local-authority-datasets-jun-2026.xlsx"),),
    discover=(discover_on_regional_page("support-local-authority-datasets-*.xlsx"),),
    licence=OGL,
    licence_url=OGL_URL,
    cadence="quarterly, in the Home Office's immigration system statistics, late in February, May, August "
            "and November",
    # Our estimate, not an announced date: the release for the year ending September 2026, due on a
    # Thursday late in November 2026 like its predecessors. Check the research and statistics calendar.
    next_release="2026-11-26",
    geography_levels=("country", "region", "local_authority"),
    measures=MEASURES,
    measures_summary=(
        "How many asylum seekers the Home Office supports in each council area on the last day of each "
        "quarter, by type of support (Sections 95, 4 and 98) and type of accommodation: dispersal housing, "
        "initial accommodation, hotels and other contingency sites, or a cash allowance only."
    ),
    kind="stock",
    coverage=(
        "People receiving Home Office asylum support at each quarter end from 31 March 2014, in every UK "
        "council area where there was at least one: Section 95 support throughout, Section 4 by council from "
        "31 March 2018 and Section 98 by council from 31 December 2022. Dependants are counted as well as "
        "main applicants."
    ),
    not_covered=(
        "Asylum seekers without Home Office support (living with friends or family, or self-funding), "
        "refused asylum seekers who get no support, unaccompanied children looked after by councils, and "
        "refugees after their support ends. Before 31 December 2022, people in initial accommodation and "
        "hotels are not given by council. No breakdown by nationality, age or sex at council level; no "
        "count of how many people were supported during a year."
    ),
    lag="about two months: figures for a quarter end appear in the release late in the second month after "
        "it (30 September figures in late November)",
    rounding="as published: whole numbers, not rounded, and small numbers are not suppressed by the Home "
             "Office; our own publication rules still apply to what we show",
    caveats=CAVEATS,
    files=(
        FileSpec(patterns=("*support-local-authority-datasets*.xlsx",
                           "*support*local*authority*datasets*.xlsx"),
                 parse=parse, release_of=release_of, expect="xlsx", quality=quality_from_attrs),
        FileSpec(patterns=("*local_authority_support*.csv", "*local-authority-support*.csv"),
                 parse=parse, release_of=release_of, expect="csv", quality=quality_from_attrs),
    ),
    # The tidied CSV states no publication date (a workbook's cover sheet does). The Home Office
    # published the edition to September 2024 on 28 November 2024.
    known_releases=(
        KnownRelease("sep-2024", "2024-11-28",
                     confirmed="Home Office, 'Immigration system statistics, year ending September 2024', "
                               "28 November 2024"),
    ),
    terms=TERMS,
    repeated_rows=(
        "Expected: the table gives a few councils two rows for the same date, support type and accommodation "
        "type with different counts (two pairs in the edition to September 2024, both Section 98). Such rows "
        "are added together, a word-for-word copy of a row is counted once, and each case is said on the "
        "area's page and in the data-quality log."
    ),
)
