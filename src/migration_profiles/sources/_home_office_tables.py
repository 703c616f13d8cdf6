"""The Home Office's local authority tables (Asy_D11, Res_D01): where they are published, and reading
either layout of them (the Home Office's workbook sheet, or the long CSV a third party tidies it to)
into a Table of cells with its columns found by name.

Shared by asylum_support.py and resettlement.py (same publisher, same table conventions); what the
rows mean, and the faults they carry, is _home_office_rows.py's.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from migration_profiles.sources.base import GOVUK, Discover, excel_column, open_workbook
from migration_profiles.sources.checks import read_figure
from migration_profiles.sources.geography import COUNTRY_OF_LETTER, UK_CODE, UK_NAME
from migration_profiles.util.errors import LayoutError

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


HEADER_SEARCH_ROWS = 10  # the header row of a workbook sheet must be within this many rows
GSS = re.compile(r"^[EWSNK]\d{8}$")
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"]
QUARTER_END = {3: 31, 6: 30, 9: 30, 12: 31}
_PUBLISHED = re.compile(r"published\s*:?\s*(\d{1,2}\s+[A-Za-z]+\s+\d{4})", re.IGNORECASE)

COUNTRIES = COUNTRY_OF_LETTER
UK = (UK_CODE, UK_NAME)

LA = "la"  # a council code (GSS)
LABEL = "label"  # 'N/A - ...': a figure the Home Office gives for the UK only, not by council
UNKNOWN = "unknown"  # 'Unknown' council, code 'N/A': people whose council is not recorded


def key(value: object) -> str:
    """A header or category for comparison: lower case, letters and digits only."""
    try:
        return _key(value)
    except TypeError:  # a value that cannot be a dictionary key
        return _key_of(value)


@functools.lru_cache(maxsize=8192, typed=True)  # every row of a table repeats the same few cells
def _key(value: object) -> str:
    return _key_of(value)


def _key_of(value: object) -> str:
    return _NOT_KEY.sub("", str(value if value is not None else "").casefold())


_NOT_KEY = re.compile(r"[^0-9a-z]")


def clean(value: object) -> str:
    """Text as published, with runs of whitespace (line breaks, doubled spaces) made single."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


@functools.lru_cache(maxsize=8192)  # the same few categories on every row
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
    return d.month in QUARTER_END and d.day == QUARTER_END[d.month]


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
        day = _date_in(clean(value))
        if day is None:
            raise table.error("a quarter-end date such as '30 Sep 2024' or '2024-09-30'", show(value),
                              row=row, column=column)
    if not quarter_end_of(day):
        raise table.error("the last day of a quarter (31 Mar, 30 Jun, 30 Sep or 31 Dec)", show(value),
                          row=row, column=column)
    return day


@functools.lru_cache(maxsize=4096)  # a table gives the same few dates on thousands of rows
def _date_in(text: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%d %b %Y", "%d %B %Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


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

