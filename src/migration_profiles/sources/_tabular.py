"""Small helpers shared by the parsers of the context sources (work, housing, children's services,
crime and deprivation): reading a CSV with row numbers, finding a header row in a sheet, reading a
cell with the publishers' markers, and raising a LayoutError that names the file, sheet, row and
column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from migration_profiles.sources.base import excel_column
from migration_profiles.util import status as st
from migration_profiles.util.errors import LayoutError


def key(text: object) -> str:
    """Header or label text for comparison: runs of whitespace collapsed, ends trimmed, case ignored."""
    return " ".join(str(text).split()).casefold() if text is not None else ""


def show(value: object) -> str:
    """A cell's content for an error message."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "a blank cell"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return repr(" ".join(value.split()) if isinstance(value, str) else value)


def listing(items: Iterable[object]) -> str:
    return ", ".join(f"'{i}'" for i in items)


class Place:
    """Where a parser is in a file, so that every error can say so."""

    def __init__(self, source_id: str, path: Path, sheet: str | None = None) -> None:
        self.source_id = source_id
        self.file = Path(path).name
        self.sheet = sheet

    def error(
        self, expected: str, found: str = "", row: int | None = None, column: int | str | None = None
    ) -> LayoutError:
        if isinstance(column, int):
            column = excel_column(column)
        return LayoutError(
            source_id=self.source_id,
            file=self.file,
            sheet=self.sheet,
            row=row,
            column=column,
            expected=expected,
            found=found,
        )


def read_csv(path: Path, place: Place) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """(header, [(row number, cells), ...]) of a UTF-8 CSV (with or without a byte order mark).

    Blank lines are skipped but counted, so row numbers are those a spreadsheet shows.
    """
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise place.error("UTF-8 text", f"a byte that is not UTF-8 at position {exc.start}") from None
    rows = [
        (number, [c.strip() for c in cells])
        for number, cells in enumerate(csv.reader(io.StringIO(text, newline="")), start=1)
        if cells and any(c.strip() for c in cells)
    ]
    if not rows:
        raise place.error("a header row", "an empty file")
    return rows[0][1], rows[1:]


def require_columns(header: list[str], wanted: Iterable[str], place: Place, row: int = 1) -> dict[str, int]:
    """Positions of the wanted columns, matched ignoring case and spacing; an error names the first
    missing one."""
    at = {key(name): i for i, name in reversed(list(enumerate(header)))}
    found = {}
    for name in wanted:
        if key(name) not in at:
            raise place.error(f"a column '{name}'", "columns " + listing(h for h in header if h), row, name)
        found[name] = at[key(name)]
    return found


def cell(raw: object, extra: dict[str, str] | None = None) -> tuple[float | None, str]:
    """(value, status) of one published cell; `extra` adds a publisher's own markers (lower case)."""
    if isinstance(raw, str) and extra and raw.strip().lower() in extra:
        return None, extra[raw.strip().lower()]
    return st.parse_cell(raw)
