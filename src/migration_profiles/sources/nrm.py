"""Referrals of potential victims of modern slavery to the National Referral Mechanism (NRM) made by
police forces (Home Office).

The Home Office (since April 2019; the National Crime Agency before) publishes NRM statistics every
quarter as "Modern Slavery: National Referral Mechanism and Duty to Notify statistics UK, quarter N
YYYY", with data tables in one .ods workbook named like
``national-referral-mechanism-statistics-uk-quarter-4-2023-oct-to-dec-tables.ods``.

**Confirmed** (from a public R package that loads these workbooks each quarter, humaniverse/asylum,
``data-raw/nrm_2023_q4.R`` and the CSVs it wrote): sheets are named ``Table_N``; each table has five
lines above its header row; one table gives referrals by *police first responder* (``Table_13`` in
the October to December 2023 workbook), with the headings

    Police first responder | Exploitation type | Age at exploitation | Gender | <one column per
    nationality> ... | Total

The first row of each force carries the force's name and its total over every exploitation type,
age and gender; the rows under it, with the first cell blank, break that total down; a row named
"Total" gives all police forces. Table numbers change from edition to edition, so the table is found
by its first heading, not by its number.

This parser reads, for each force, the "Total" column of its named row. **Not confirmed**: the exact
force names (matched like every police table's, by police_force_areas.code_for_force, with Police
Scotland and the Police Service of Northern Ireland as Scotland and Northern Ireland, and other
police bodies read past), and whether the title states the quarter; the quarter is taken from the
title when it names one ("October to December 2023"), else from the file name
("...-quarter-4-2023-oct-to-dec-..."). Recent workbooks (from 2025) also have a table of referrals
by "UK County" (two columns, county and total); counties are not police force areas, so it is not
read. Any other layout is refused with the sheet, row and column.
"""

from __future__ import annotations

import calendar
import re
from pathlib import Path

import pandas as pd

from migration_profiles.sources import _force_tables as ft
from migration_profiles.sources import police_force_areas as pfa
from migration_profiles.sources._tabular import Place, key, show
from migration_profiles.sources.base import (
    GOVUK,
    OGL,
    OGL_URL,
    Caveat,
    Discover,
    FileSpec,
    Measure,
    Source,
    Term,
    observation,
    tidy_frame,
)
from migration_profiles.sources.checks import read_figure

SOURCE_ID = "nrm"
MEASURE = "nrm_referrals"
FIRST_HEADING = "police first responder"
TOTAL_HEADINGS = ("total", "total referrals", "total potential victims")
_QUARTER = re.compile(
    r"(January|April|July|October) to (March|June|September|December) (\d{4})", re.IGNORECASE
)
_QUARTER_IN_NAME = re.compile(r"quarter-([1-4])-(\d{4})", re.IGNORECASE)
_FIRST_MONTHS = ("January", "April", "July", "October")
EXTRA_AREAS = {
    "Police Scotland": ("S92000003", "Scotland"),
    "Police Service of Scotland": ("S92000003", "Scotland"),
    "Police Service of Northern Ireland": ("N92000002", "Northern Ireland"),
    "PSNI": ("N92000002", "Northern Ireland"),
}
# Police bodies that are not territorial forces: their referrals belong to no council's area.
OTHER_POLICE = ("Ministry of Defence Police", "Civil Nuclear Constabulary", "Police total", "Total")


def _quarter(title: str, path: Path, place: Place, row: int) -> tuple[int, int]:
    """(year, quarter) from the table's title, else from the file name."""
    found = _QUARTER.search(" ".join(title.split()))
    if found:
        first, year = found.group(1).capitalize(), int(found.group(3))
        quarter = _FIRST_MONTHS.index(first) + 1
        if calendar.month_name[3 * quarter].lower() != found.group(2).lower():
            raise place.error(
                "a calendar quarter such as 'January to March 2026'", repr(found.group(0)), row, 1
            )
        return year, quarter
    named = _QUARTER_IN_NAME.search(path.name)
    if named:
        return int(named.group(2)), int(named.group(1))
    raise place.error(
        "the quarter in the title (such as 'October to December 2023') or in the file name (such as "
        "'...-quarter-4-2023-...')",
        show(title) if title else "no title",
        row,
        1,
    )


def _find_table(path: Path, sheets: dict) -> tuple[Place, int, list, int]:
    """(place, header index, rows, position of the Total column) of the police first responder table."""
    for name, rows in sheets.items():
        for index, (number, cells) in enumerate(rows):
            if not cells or key(cells[0]) != FIRST_HEADING:
                continue
            place = Place(SOURCE_ID, path, name)
            headings = [key(c) for c in cells]
            at = next((i for i, h in enumerate(headings) if h in TOTAL_HEADINGS), None)
            if at is None:
                raise place.error(
                    "a column 'Total'", "columns " + ", ".join(str(c) for c in cells if c), number
                )
            return place, index, rows, at
    raise Place(SOURCE_ID, path).error(
        "a table whose header row starts 'Police first responder'", "sheets " + ", ".join(sheets)
    )


def parse(path: Path) -> pd.DataFrame:
    path = Path(path)
    sheets = ft.read_sheets(path, SOURCE_ID)
    place, index, rows, at = _find_table(path, sheets)
    number = rows[index][0]
    title = " ".join(str(c) for _, row in rows[:index] for c in row if isinstance(c, str))
    year, quarter = _quarter(title, path, place, number)
    start_month = 3 * quarter - 2
    end_day = calendar.monthrange(year, start_month + 2)[1]
    extra = {key(k): v for k, v in EXTRA_AREAS.items()}
    skipped = {pfa.name_key(n) for n in OTHER_POLICE}
    records, previous = [], number
    for row_number, cells in rows[index + 1 :]:
        if row_number > previous + 1:
            break  # a blank row ends the table; notes follow
        previous = row_number
        name = cells[0] if cells else None
        if not isinstance(name, str) or not name.strip():
            continue  # a breakdown of the force above by exploitation type, age or gender
        label = re.sub(r"\s*\[note \d+\]", "", name.strip()).strip()
        code = pfa.code_for_force(label)
        if code:
            area = (code, pfa.forces()[code].name)
        elif key(label) in extra:
            area = extra[key(label)]
        elif pfa.is_not_force_area(label) or pfa.name_key(label) in skipped:
            continue
        else:
            raise place.error("the name of a police force, or 'Total'", show(name), row_number, 1)
        if any(r["area_code"] == area[0] for r in records):
            raise place.error(f"each force once; {label} is repeated", show(name), row_number, 1)
        raw = cells[at] if at < len(cells) else None
        value, status = read_figure(raw, place.error, row_number, at + 1, markers=ft.MARKERS, blank=False)
        period = (f"{_FIRST_MONTHS[quarter - 1]} to {calendar.month_name[3 * quarter]} {year}",
                  f"{year}-{start_month:02d}-01", f"{year}-{start_month + 2:02d}-{end_day:02d}")
        records.append(observation(area[0], area[1], period, MEASURE, value, status))
    if not records:
        raise place.error("a row for each police force below the header", "none", number + 1, 1)
    return tidy_frame(records)


LANDING_PAGE = "https://www.gov.uk/government/collections/national-referral-mechanism-statistics"
# Confirmed (a public catalogue of Home Office releases): the quarterly releases sit at
# /government/statistics/modern-slavery-national-referral-mechanism-and-duty-to-notify-statistics-...,
# with .ods tables. Inferred, not checked: the release titles' wording beyond "Modern slavery", and the
# tables' file name (the first .ods attachment of the newest release is taken).
DISCOVER = Discover(
    GOVUK, LANDING_PAGE, file="*.ods", document=r"^Modern slavery\b.*\bstatistics\b",
    confirmed="release addresses and .ods format from a public catalogue; titles and file name inferred",
)

CAVEATS = (
    Caveat(
        "nrm_referrals_not_victims",
        "A referral means a first responder, such as a police force, a council or a charity, thought someone "
        "might be a victim of modern slavery. It is not a finding that they are: many referrals are later "
        "decided either way, and some people are referred more than once.",
    ),
    Caveat(
        "nrm_force_area",
        "These are the referrals made by the police force itself, one kind of first responder among many: "
        "councils, charities and Home Office teams make the rest, and theirs are not counted here. The "
        "figure is the whole force's, not the council's, and the force refers people where it finds them, "
        "which may not be where they live or were exploited.",
    ),
    Caveat(
        "nrm_changes",
        "How referrals are made and recorded has changed several times, notably when the Home Office took "
        "the NRM over from the National Crime Agency in 2019 and as the duty to notify and awareness grew, "
        "so trends over several years should be read with care.",
    ),
    Caveat(
        "nrm_includes_uk_nationals",
        "Potential victims include UK nationals, who in recent years have been the largest single "
        "nationality referred, mostly children exploited in county lines drug supply; the figure is not a "
        "count of migrants.",
    ),
)

SOURCE = Source(
    id=SOURCE_ID,
    title="Modern slavery: National Referral Mechanism referrals made by police forces",
    publisher="Home Office",
    landing_page=LANDING_PAGE,
    downloads=(),
    discover=(DISCOVER,),
    licence=OGL,
    licence_url=OGL_URL,
    cadence="quarterly, about five weeks after the quarter ends",
    # Our estimate: October to December figures appear in early February.
    next_release="2027-02-04",
    geography_levels=("country", "police_force_area"),
    measures=(
        Measure(
            MEASURE,
            "Potential victims of modern slavery referred to the NRM by the police force",
            "referrals",
            "count",
            counts="potential victims of modern slavery whom the police force, as first responder, referred "
            "to the National Referral Mechanism in the quarter",
        ),
    ),
    measures_summary="How many potential victims of modern slavery each police force referred to the NRM "
    "in each quarter.",
    kind="flow",
    coverage="Referrals to the National Referral Mechanism made by the police forces of the UK, by quarter.",
    not_covered=(
        "Referrals made by councils, charities and government agencies; council areas; people never "
        "referred; adults in England and Wales who do not consent to a "
        "referral (counted in the duty to notify instead); decisions on referrals."
    ),
    lag="About five weeks after the end of the quarter.",
    rounding="Exact counts as published; figures for a quarter may be revised in later releases.",
    caveats=CAVEATS,
    files=(
        FileSpec(
            patterns=("*national-referral-mechanism*.ods", "*nrm*.ods", "*modern-slavery*.ods"),
            parse=parse,
            expect="xlsx",
        ),
    ),
    terms=(
        Term(
            "National Referral Mechanism (NRM)",
            "The UK's framework for identifying potential victims of "
            "modern slavery and making sure they get support.",
        ),
        Term("Modern slavery", "Human trafficking, slavery, servitude and forced or compulsory labour."),
    ),
)
