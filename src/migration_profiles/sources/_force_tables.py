"""Reading a Home Office table with one row per police force area (hate crime, NRM referrals).

Such a table sits on one sheet of an .ods workbook: title lines, a header row whose first heading
names the force area, one row per force (with subtotal rows for England, Wales and sometimes the
English regions), a blank row, and notes. This module finds the header row, maps each row to a force
area code, and reads the columns a parser asks for; a name it does not know is an error naming the
sheet, row and column, never a silent drop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from migration_profiles.sources import police_force_areas as pfa
from migration_profiles.sources._ods import OdsError, read_ods
from migration_profiles.sources._tabular import Place, key, show
from migration_profiles.sources.checks import read_figure
from migration_profiles.util import status as st

FORCE_HEADINGS = ("police force area", "force area", "police force", "force name", "force")
COUNTRIES = {"england": ("E92000001", "England"), "wales": ("W92000004", "Wales")}
# Rows that add force areas up, or belong to no force area: read past.
AGGREGATES = (
    "England and Wales",
    "Total",
    "UK total",
    "Total UK",
    "United Kingdom",
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "Yorkshire and the Humber",
    "East Midlands",
    "East of England",
    "East",
    "London",
    "South East",
    "South West",
    "Not recorded",
    "Not known",
    "Unknown",
    "Not specified",
)
MARKERS = {"-": st.NOT_AVAILABLE, "[u]": st.NOT_AVAILABLE, "[low]": st.CONFIDENTIAL}


@dataclass
class ForceTable:
    place: Place
    header_row: int
    title: str  # the text of the rows above the header, joined
    columns: dict[str, int]  # wanted heading -> position
    rows: list[tuple[int, str, str, list[object]]]  # (row number, area code, area name, cells)


def read_sheets(path: Path, source_id: str) -> dict:
    try:
        return read_ods(path)
    except OdsError as exc:
        raise Place(source_id, path).error("an OpenDocument spreadsheet (.ods)", str(exc)) from None


def find_table(
    path: Path,
    source_id: str,
    sheets: dict,
    required: dict[str, tuple[str, ...]],
    title_pattern: re.Pattern,
    what: str,
    extra_areas: dict[str, tuple[str, str]] | None = None,
) -> ForceTable:
    """The first sheet whose header row starts with a force-area heading and has every required column.

    `required` maps a column's name to the headings it may go by (compared ignoring case and spacing).
    `title_pattern` must match the text above the header (it carries the period). `extra_areas` maps
    further row names (keys) to (code, name), such as Police Scotland.
    """
    seen = []
    for name, rows in sheets.items():
        for index, (number, cells) in enumerate(rows):
            first = key(cells[0]) if cells else ""
            if first not in FORCE_HEADINGS:
                continue
            place = Place(source_id, path, name)
            headings = [key(c) for c in cells]
            columns = {}
            for column, aliases in required.items():
                at = next((i for i, h in enumerate(headings) if h in {key(a) for a in aliases}), None)
                if at is None:
                    seen.append(f"sheet '{name}' row {number} lacks '{column}'")
                    break
                columns[column] = at
            else:
                title = " ".join(str(c) for _, row in rows[:index] for c in row if isinstance(c, str))
                if not title_pattern.search(" ".join(title.split())):
                    raise place.error(
                        f"a title above the header that states {what}",
                        show(title) if title else "no title",
                        number,
                        1,
                    )
                return ForceTable(
                    place, number, title, columns, _force_rows(place, rows[index + 1 :], extra_areas)
                )
    found = "; ".join(seen) if seen else "no header row starting with 'Police force area' on any sheet"
    raise Place(source_id, path).error(
        f"a table by police force area with columns {', '.join(required)}", found
    )


def _force_rows(place: Place, rows: list, extra_areas: dict | None) -> list:
    out = []
    extra = {key(k): v for k, v in (extra_areas or {}).items()}
    aggregates = {pfa.name_key(a) for a in AGGREGATES}
    previous = None
    for number, cells in rows:
        if previous is not None and number > previous + 1:
            break  # a blank row ends the table; notes follow
        previous = number
        name = cells[0] if cells else None
        if not isinstance(name, str) or not name.strip():
            break
        label = re.sub(r"\s*\[note \d+\]|\s*\(\d+\)$|\d+$", "", name.strip()).strip()
        code = pfa.code_for_force(label)
        if code:
            out.append((number, code, pfa.forces()[code].name, list(cells)))
        elif key(label) in COUNTRIES:
            out.append((number, *COUNTRIES[key(label)], list(cells)))
        elif key(label) in extra:
            out.append((number, *extra[key(label)], list(cells)))
        elif pfa.is_not_force_area(label) or pfa.name_key(label) in aggregates:
            continue
        else:
            raise place.error(
                "the name of a police force area, England, Wales or a total", show(name), number, 1
            )
    if not out:
        raise place.error("a row for each police force area below the header", "none")
    return out


def value(table: ForceTable, number: int, cells: list, column: str) -> tuple[float | None, str]:
    at = table.columns[column]
    raw = cells[at] if at < len(cells) else None
    return read_figure(raw, table.place.error, number, at + 1, markers=MARKERS, blank=False)
