"""Rough sleeping snapshot in England: people sleeping rough on a single autumn night, with their
nationality (MHCLG).

Each February MHCLG publishes the autumn snapshot as one .ods workbook, "Rough sleeping snapshot in
England: autumn YYYY - tables". Confirmed (from two independent public loaders of the file):

* sheet ``Table_1_Total``: title lines (the table's title, and a shorthand line "[x] = Not Available.
  [z] = Not Applicable. [n] = No data available as the authority was created through
  reorganisation."), then a header row

      Local Authority Code | Local Authority Name | Region Code | Region Name | 2010 | 2011 | ... | YYYY

  and one row per local authority, with rows for England (Region Name "England"), each region
  (its E12 code under Region Code) and "Rest of England"; the code and name cells of those rows hold
  [z]. Every local authority cell is a whole number. The latest file restates the whole series from
  2010 on current codes.

* the workbook also breaks the snapshot down by gender, age and nationality. **Inferred, not checked
  against a real file**: the nationality sheet's layout. This parser takes the sheet whose name
  contains "Nationality", with a title stating "autumn YYYY", a header row starting with the same
  four columns and then one column per group: "UK", "EU (non-UK)", "Non-EU" and "Not known" (a
  "Total" column is read past), and the same kinds of rows as Table 1.

Anything else is refused with the sheet, row and column.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pandas as pd

from migration_profiles.sources._ods import OdsError, read_ods
from migration_profiles.sources._tabular import Place, key, show
from migration_profiles.sources.base import (
    GOVUK,
    OGL,
    OGL_URL,
    Caveat,
    Discover,
    FileSpec,
    Measure,
    Release,
    Source,
    Term,
    observation,
    tidy_frame,
)
from migration_profiles.sources.checks import read_figure
from migration_profiles.util import status as st

SOURCE_ID = "rough_sleeping"
TOTAL_SHEET = "Table_1_Total"
ID_COLUMNS = ("Local Authority Code", "Local Authority Name", "Region Code", "Region Name")
FIRST_YEAR = 2010
TOTAL = "rough_sleeping_total"
GROUPS = {  # measure: the headings it may go by
    "rough_sleeping_uk": ("UK", "UK nationals", "United Kingdom"),
    "rough_sleeping_eu_non_uk": (
        "EU (non-UK)",
        "EU nationals (non-UK)",
        "EU non-UK",
        "EU (excluding UK)",
        "Non-UK EU",
    ),
    "rough_sleeping_non_eu": ("Non-EU", "Non-EU nationals", "Non EU"),
    "rough_sleeping_nationality_not_known": ("Not known", "Unknown", "Nationality not known"),
}
MARKERS = {"[n]": st.NOT_APPLICABLE}
_LA = re.compile(r"^E0[6-9]\d{6}$")
_REGION = re.compile(r"^E12\d{6}$")
_AUTUMN = re.compile(r"autumn (\d{4})", re.IGNORECASE)


def parse(path: Path) -> pd.DataFrame:
    path = Path(path)
    try:
        sheets = read_ods(path, wanted=lambda name: name == TOTAL_SHEET or "nationality" in name.lower())
    except OdsError as exc:
        raise Place(SOURCE_ID, path).error("an OpenDocument spreadsheet (.ods)", str(exc)) from None
    if TOTAL_SHEET not in sheets:
        raise Place(SOURCE_ID, path).error(f"a sheet '{TOTAL_SHEET}'", "sheets " + ", ".join(sheets))
    records = _read_totals(Place(SOURCE_ID, path, TOTAL_SHEET), sheets[TOTAL_SHEET])
    nationality = [name for name in sheets if "nationality" in name.lower()]
    if len(nationality) != 1:
        raise Place(SOURCE_ID, path).error(
            "one sheet whose name contains 'Nationality'", "sheets " + ", ".join(sheets)
        )
    records += _read_nationality(Place(SOURCE_ID, path, nationality[0]), sheets[nationality[0]])
    return tidy_frame(records)


def _header(place: Place, rows: list) -> int:
    for index, (_, cells) in enumerate(rows):
        if [key(c) for c in cells[:4]] == [key(c) for c in ID_COLUMNS]:
            return index
    first = next((c for _, cells in rows for c in cells[:1]), None)
    raise place.error(
        "a header row starting " + ", ".join(f"'{c}'" for c in ID_COLUMNS),
        f"none (column A starts with {show(first)})",
        column=1,
    )


def _area(place: Place, number: int, cells: list) -> tuple[str, str] | None:
    """(code, name) of a row, or None for 'Rest of England'."""
    cells = list(cells) + [None] * 4
    code, name, region_code, region_name = (str(c).strip() if c is not None else "" for c in cells[:4])
    if _LA.match(code):
        return code, name
    if _REGION.match(region_code):
        return region_code, region_name
    if key(region_name) == "england":
        return "E92000001", "England"
    if key(region_name) == "rest of england":
        return None
    raise place.error(
        "a local authority code (E06 to E09), or a row for England, a region or 'Rest of England'",
        show(cells[0]),
        number,
        1,
    )


def _data_rows(rows: list, header: int) -> list:
    out, previous = [], rows[header][0]
    for number, cells in rows[header + 1 :]:
        if number > previous + 1:
            break  # a blank row ends the table
        out.append((number, cells))
        previous = number
    return out


def _read(place: Place, number: int, cells: list, column: int) -> tuple[float | None, str]:
    raw = cells[column] if column < len(cells) else None
    return read_figure(raw, place.error, number, column + 1, whole=True, markers=MARKERS, blank=False)


def _record(code, name, year, measure, value, status) -> dict:
    period = (f"Autumn {year}", f"{year}-10-01", f"{year}-11-30")
    return observation(code, name, period, measure, value, status)


def _read_totals(place: Place, rows: list) -> list[dict]:
    header = _header(place, rows)
    number, cells = rows[header]
    years = []
    for column, heading in enumerate(cells[4:], start=4):
        expected = FIRST_YEAR + len(years)
        text = (
            str(int(heading)) if isinstance(heading, float) and heading.is_integer() else str(heading).strip()
        )
        if text != str(expected):
            raise place.error(f"the year {expected}", show(heading), number, column + 1)
        years.append(expected)
    if not years:
        raise place.error(f"year columns from {FIRST_YEAR}", "none", number, 5)
    records = []
    for row_number, row in _data_rows(rows, header):
        area = _area(place, row_number, row)
        if area is None:
            continue
        for offset, year in enumerate(years, start=4):
            value, status = _read(place, row_number, row, offset)
            records.append(_record(*area, year, TOTAL, value, status))
    return records


def _read_nationality(place: Place, rows: list) -> list[dict]:
    header = _header(place, rows)
    number, cells = rows[header]
    title = " ".join(str(c) for _, row in rows[:header] for c in row if isinstance(c, str))
    match = _AUTUMN.search(title)
    if not match:
        raise place.error(
            "a title stating the snapshot, such as 'autumn 2025'", show(title or None), number, 1
        )
    year = int(match.group(1))
    headings = [key(c) for c in cells]
    columns = {}
    for measure, aliases in GROUPS.items():
        at = next((i for i, h in enumerate(headings) if h in {key(a) for a in aliases}), None)
        if at is None:
            raise place.error(
                f"a column '{aliases[0]}'",
                "columns " + ", ".join(str(c) for c in cells if c),
                number,
                aliases[0],
            )
        columns[measure] = at
    records = []
    for row_number, row in _data_rows(rows, header):
        area = _area(place, row_number, row)
        if area is None:
            continue
        for measure, at in columns.items():
            value, status = _read(place, row_number, row, at)
            records.append(_record(*area, year, measure, value, status))
    return records


_PUBLISHED = re.compile(r"publication date:\s*(\d{1,2} [A-Za-z]+ \d{4})", re.IGNORECASE)


def release_of(path: Path) -> Release | None:
    """The date the Cover sheet states ('Publication Date: 26 February 2026'), when it states one."""
    try:
        sheets = read_ods(Path(path), wanted=lambda name: name.lower() == "cover")
    except OdsError:
        return None
    for rows in sheets.values():
        for _, cells in rows:
            for value in cells:
                match = _PUBLISHED.search(value) if isinstance(value, str) else None
                if match:
                    try:
                        day = datetime.strptime(match.group(1), "%d %B %Y").date()
                    except ValueError:
                        continue
                    return Release(name=day.isoformat(), date=day.isoformat())
    return None


# --------------------------------------------------------------------------------------------
# The declaration

LANDING_PAGE = "https://www.gov.uk/government/collections/homelessness-statistics"
# Confirmed (two public loaders that find the file the same way): the collection lists each release as
# "Rough sleeping snapshot in England: autumn YYYY" at /government/statistics/rough-sleeping-snapshot-
# in-england-autumn-YYYY, whose .ods attachment is titled "... autumn YYYY - tables"; an accessible
# copy may sit beside it (titled "... - tables (accessible)"), which the title's end excludes.
DISCOVER = Discover(
    GOVUK, LANDING_PAGE, file="*.ods", document=r"^Rough sleeping snapshot in England: autumn \d{4}$",
    title=r"- tables$",
    confirmed="collection, release titles and the '- tables' attachment from two public loaders of the file",
)

MEASURES = (
    Measure(
        TOTAL,
        "People sleeping rough on a single night in autumn",
        "people",
        "stock",
        counts="people seen or thought to be sleeping rough on one night chosen by the council between 1 "
        "October and 30 November",
    ),
    Measure(
        "rough_sleeping_uk",
        "People sleeping rough: UK nationals",
        "people",
        "stock",
        counts="people in the snapshot recorded as UK nationals",
    ),
    Measure(
        "rough_sleeping_eu_non_uk",
        "People sleeping rough: EU nationals other than UK",
        "people",
        "stock",
        counts="people in the snapshot recorded as nationals of an EU country other than the UK",
    ),
    Measure(
        "rough_sleeping_non_eu",
        "People sleeping rough: nationals of countries outside the EU",
        "people",
        "stock",
        counts="people in the snapshot recorded as nationals of a country outside the EU",
    ),
    Measure(
        "rough_sleeping_nationality_not_known",
        "People sleeping rough: nationality not known",
        "people",
        "stock",
        counts="people in the snapshot whose nationality was not known",
    ),
)

CAVEATS = (
    Caveat(
        "rough_sleeping_one_night",
        "The snapshot counts people seen, or thought to be, sleeping rough on one night. Far more people "
        "sleep rough at some point over a month or a year, and people in hostels, shelters or tents on "
        "campsites are not counted.",
    ),
    Caveat(
        "rough_sleeping_methods_differ",
        "Each council picks its own night between 1 October and 30 November and its own method: a street "
        "count, an estimate agreed with local agencies, or an estimate informed by a spotlight count. So a "
        "difference between two councils may reflect method as much as the streets; Homeless Link "
        "verifies every snapshot.",
    ),
    Caveat(
        "rough_sleeping_nationality",
        "Nationality is recorded as known to outreach workers or agencies on the night; it is often not "
        "known. EU nationals may include people with settled or pre-settled status and people with no "
        "right to stay; nationality says nothing about immigration status.",
    ),
    Caveat(
        "rough_sleeping_small_numbers",
        "In most councils the numbers are small, so they move a lot from year to year by chance; several "
        "years together say more than one.",
    ),
)

SOURCE = Source(
    id=SOURCE_ID,
    title="Rough sleeping snapshot in England",
    publisher="Ministry of Housing, Communities and Local Government (MHCLG)",
    landing_page=LANDING_PAGE,
    downloads=(),
    discover=(DISCOVER,),
    licence=OGL,
    licence_url=OGL_URL,
    cadence="annual: the autumn snapshot is published the following February",
    # Our estimate: autumn 2025 was published on 26 February 2026.
    next_release="2027-02-25",
    geography_levels=("country", "region", "local_authority"),
    measures=MEASURES,
    measures_summary=(
        "How many people were sleeping rough on a single night in autumn in each council area, and "
        "how many of them were UK, EU (non-UK) and non-EU nationals."
    ),
    kind="stock",
    coverage="Every local authority in England, its regions and England, each autumn since 2010.",
    not_covered=(
        "People in hostels, shelters, squats or campsites; the hidden homeless; immigration status; "
        "Wales, Scotland and Northern Ireland."
    ),
    lag="About three months after the snapshot.",
    rounding="Whole numbers of people as published; markers [x], [z] and [n] kept as reasons.",
    caveats=CAVEATS,
    files=(FileSpec(patterns=("*rough*sleeping*.ods",), parse=parse, release_of=release_of, expect="xlsx"),),
    terms=(
        Term(
            "Sleeping rough",
            "Sleeping, about to bed down or actually bedded down in the open air, or in "
            "places not built for habitation such as doorways, stairwells, cars, tents or "
            "makeshift shelters.",
        ),
        Term(
            "Spotlight count",
            "A street count in the specific places where people are known to sleep rough, "
            "used to inform an estimate.",
        ),
    ),
)
