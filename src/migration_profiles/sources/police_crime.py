"""Police recorded crime by police force area (Home Office open data tables).

The Home Office publishes every offence the 43 territorial forces of England and Wales recorded,
quarter by quarter, in "Police recorded crime open data Police Force Area tables"
(``prc-pfa-mar2013-onwards-tables-<ddmmyy>.ods``). Its layout, confirmed from public code that reads
the 2023 and 2026 files:

* an OpenDocument workbook with one sheet per financial year, named "2024_25" (older files
  "2019-20"), besides cover and notes sheets;
* on each, one header row and then one row per force, quarter and offence:

    Financial Year | Financial Quarter | Force Name | Offence Description | Offence Group |
    Offence Subgroup | Offence Code | Number of Offences

  (older files call the last column "Offence Count"). Force names are the forces' areas
  ("North Yorkshire", "London, City of"); rows for Action Fraud, CIFAS, UK Finance and British
  Transport Police record offences that belong to no force area.

We add a force's offences over the four quarters of a financial year. A year with a quarter
missing for a force (the current year, part way through) gives no figure for that force: half a
year is not a year's crime. Counts may be negative in a quarter (offences re-classified or
cancelled after the quarter closed) and are added as they are.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from migration_profiles.sources import police_force_areas as pfa
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
    Source,
    Term,
    financial_year,
    observation,
    tidy_frame,
)
from migration_profiles.sources.checks import read_figure

SOURCE_ID = "police_crime"
MEASURE = "recorded_crime"

COLUMNS = (
    "Financial Year",
    "Financial Quarter",
    "Force Name",
    "Offence Description",
    "Offence Group",
    "Offence Subgroup",
    "Offence Code",
)
COUNT_COLUMNS = ("Number of Offences", "Offence Count")
_YEAR_SHEET = re.compile(r"^(\d{4})[_-](\d{2})$")


def year_sheet(name: str) -> tuple[int, int] | None:
    """(first year, second year) of a sheet named like '2024_25' or '2019-20'; None for other sheets."""
    match = _YEAR_SHEET.match(name.strip())
    if not match:
        return None
    first = int(match.group(1))
    if (first + 1) % 100 != int(match.group(2)):
        return None
    return first, first + 1


def parse(path: Path) -> pd.DataFrame:
    path = Path(path)
    try:
        sheets = read_ods(path, wanted=lambda name: year_sheet(name) is not None)
    except OdsError as exc:
        raise Place(SOURCE_ID, path).error("an OpenDocument spreadsheet (.ods)", str(exc)) from None
    years = [name for name in sheets if year_sheet(name)]
    if not years:
        raise Place(SOURCE_ID, path).error(
            "a sheet per financial year, named like '2024_25'", "sheets " + ", ".join(sheets)
        )
    records = []
    for name in years:
        records.extend(_read_year(Place(SOURCE_ID, path, name), sheets[name], year_sheet(name)))
    return tidy_frame(records)


def _read_year(place: Place, rows: list, years: tuple[int, int]) -> list[dict]:
    if not rows:
        raise place.error("a header row", "an empty sheet", 1)
    header_row, header = rows[0]
    names = [key(h) for h in header]
    at = {}
    for column in COLUMNS:
        if key(column) not in names:
            raise place.error(
                f"a column '{column}'",
                "columns " + ", ".join(str(h) for h in header if h),
                header_row,
                column,
            )
        at[column] = names.index(key(column))
    count = next((c for c in COUNT_COLUMNS if key(c) in names), None)
    if count is None:
        raise place.error(
            "a column 'Number of Offences'",
            "columns " + ", ".join(str(h) for h in header if h),
            header_row,
            "Number of Offences",
        )
    at[count] = names.index(key(count))
    first, second = years
    label = f"{first}/{str(second)[2:]}"
    totals: dict[str, float] = {}
    quarters: dict[str, set[int]] = {}
    for number, cells in rows[1:]:
        cells = list(cells) + [None] * len(header)
        get = {column: cells[i] for column, i in at.items()}
        if key(get["Financial Year"]) not in (key(label), key(f"{first}-{str(second)[2:]}")):
            raise place.error(
                f"the sheet's financial year '{label}'", show(get["Financial Year"]), number, "Financial Year"
            )
        quarter = get["Financial Quarter"]
        if quarter not in (1.0, 2.0, 3.0, 4.0) and str(quarter).strip() not in ("1", "2", "3", "4"):
            raise place.error("a quarter from 1 to 4", show(quarter), number, "Financial Quarter")
        force = get["Force Name"]
        code = pfa.code_for_force(force)
        if code is None:
            if pfa.is_not_force_area(force):
                continue
            raise place.error(
                "the name of a territorial police force area (or Action Fraud, CIFAS, UK Finance, "
                "British Transport Police)",
                show(force),
                number,
                "Force Name",
            )
        # a negative count is a published adjustment (count=False); "1,2,3", "NaN" or infinity is no number
        value, _ = read_figure(get[count], place.error, number, count, count=False, required=True)
        totals[code] = totals.get(code, 0.0) + value
        quarters.setdefault(code, set()).add(int(float(quarter)))
    records = []
    for code, total in sorted(totals.items()):
        if quarters[code] != {1, 2, 3, 4}:
            continue  # part of a year: no figure for the year
        name = pfa.forces()[code].name
        records.append(observation(code, name, financial_year(first, second), MEASURE, total, "ok"))
    return records


# --------------------------------------------------------------------------------------------
# The declaration

LANDING_PAGE = "https://www.gov.uk/government/statistics/police-recorded-crime-open-data-tables"
# The file's name carries the date it was last updated (prc-pfa-mar2013-onwards-tables-<ddmmyy>.ods)
# and its address changes with every update: refresh takes the current link from the landing page.
# Confirmed (public code downloading successive updates, e.g. .../media/679a2aa1a39e422368d10e21/
# prc-pfa-mar2013-onwards-tables-300125.ods): the page is one publication whose attachments include the
# police force area tables under that name, with the update's date at the end.
DISCOVER = Discover(
    GOVUK, LANDING_PAGE, file="prc-pfa-mar2013-onwards-tables*.ods",
    confirmed="page and file naming from public code that downloads successive updates",
)

CAVEATS = (
    Caveat(
        "police_crime_force_area",
        "Crime is published for police force areas, not councils. The figure shown on a council's page is "
        "the whole force area's, which usually covers several councils; the council's own share is not "
        "published here.",
    ),
    Caveat(
        "police_crime_recording",
        "These are crimes the police recorded, not all crimes committed. Many crimes are never reported, "
        "and changes in how forces record crime, which inspections have prompted several times, can move "
        "the figures as much as changes in crime itself.",
    ),
    Caveat(
        "police_crime_no_migration",
        "The figures say nothing about the nationality or country of birth of victims or offenders. They "
        "are context for the area, not a measure of anything to do with migration.",
    ),
    Caveat(
        "police_crime_fraud",
        "Fraud and computer misuse reported to Action Fraud, CIFAS and UK Finance is recorded nationally, "
        "not by any force, and is not in these figures; nor are offences recorded by British Transport "
        "Police. A year's figure is only shown when all four quarters are published.",
    ),
)

SOURCE = Source(
    id=SOURCE_ID,
    title="Police recorded crime by police force area",
    publisher="Home Office",
    landing_page=LANDING_PAGE,
    downloads=(),
    discover=(DISCOVER,),
    licence=OGL,
    licence_url=OGL_URL,
    cadence="quarterly, with ONS's Crime in England and Wales release",
    # Our estimate: ONS's quarterly crime release comes at the end of January, April, July and October.
    next_release="2027-01-28",
    geography_levels=("police_force_area",),
    measures=(
        Measure(
            MEASURE,
            "Police recorded crime",
            "offences",
            "count",
            counts="offences a territorial police force recorded in the financial year, of every "
            "kind except fraud and computer misuse recorded nationally",
        ),
    ),
    measures_summary="How many crimes each police force in England and Wales recorded in each financial "
    "year.",
    kind="flow",
    coverage="Offences recorded by the 43 territorial police forces of England and Wales, from April 2012.",
    not_covered=(
        "Crimes not reported or not recorded; fraud and computer misuse recorded nationally; British "
        "Transport Police; council areas (only force areas); anything about victims or offenders."
    ),
    lag="About four months after the end of each quarter.",
    rounding="Exact counts of offences as recorded, summed over four quarters.",
    caveats=CAVEATS,
    # .ods is a zip archive, like .xlsx: the snapshot check for "xlsx" tests exactly that.
    files=(FileSpec(patterns=("prc-pfa-*.ods", "*prc*pfa*tables*.ods"), parse=parse, expect="xlsx"),),
    terms=(
        Term(
            "Police force area",
            "The area one of the 43 territorial police forces of England and Wales "
            "covers; each is made up of whole council areas.",
        ),
        Term(
            "Police recorded crime",
            "Offences the police record under the Home Office Counting Rules, "
            "whether or not anyone is charged.",
        ),
    ),
)
