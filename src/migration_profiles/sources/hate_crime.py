"""Hate crimes recorded by the police, by monitored strand and police force area (Home Office).

The Home Office's annual "Hate crime, England and Wales" release comes with appendix tables; the
appendix's Table 2.01 (as the seed document names it) gives, for each police force area, the number
of hate crimes for each monitored strand (race, religion, sexual orientation, disability,
transgender identity) and the total number of offences. One offence can have several motivating
factors, so the strands add up to more than the total.

Confirmed from documentation: the table exists, by police force area, annual, published in October,
with these strands. **Inferred, not checked against a real file**: its exact layout, which this
parser declares as an .ods sheet with title lines stating "year ending March YYYY", a header row
starting "Police force area" with columns headed "Race" and "Total number of offences" (others are
read past), one row per force area with rows for England, Wales and totals among them, and the
symbols ':' or '[x]' where a force could not supply figures. Any other layout is refused with the
sheet, row and column, so a changed table can never slide figures into the wrong strand.

Still unconfirmed (checked May 2026): no real copy of the appendix tables, nor any public code that
reads them, could be found; the release page for the year ending March 2024 (published 10 October
2024) confirms the annual release and the strands, not the table's layout. The sheet name, header
wording and markers above remain as documented, not as seen.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from migration_profiles.sources import _force_tables as ft
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

SOURCE_ID = "hate_crime"
RACE = "hate_crime_race"
TOTAL = "hate_crime_offences"
COLUMNS = {
    "Race": ("Race",),
    "Total number of offences": ("Total number of offences", "Total offences", "Number of offences"),
}
_YEAR = re.compile(r"year ending march (\d{4})", re.IGNORECASE)


def parse(path: Path) -> pd.DataFrame:
    sheets = ft.read_sheets(path, SOURCE_ID)
    table = ft.find_table(
        path, SOURCE_ID, sheets, COLUMNS, _YEAR, "the year, such as 'year ending March 2025'"
    )
    year = int(_YEAR.search(" ".join(table.title.split())).group(1))
    records = []
    for number, code, name, cells in table.rows:
        for measure, column in ((RACE, "Race"), (TOTAL, "Total number of offences")):
            value, status = ft.value(table, number, cells, column)
            records.append(observation(code, name, financial_year(year - 1, year), measure, value, status))
    return tidy_frame(records)


LANDING_PAGE = "https://www.gov.uk/government/collections/hate-crime-statistics"
# Confirmed (public citations and code): releases are titled "Hate crime, England and Wales, year ending
# March YYYY" (/government/statistics/hate-crime-england-and-wales-year-ending-march-YYYY; an older one
# "...-2023-to-2024"), and the 2025 release's tables are .../hate-crime-england-and-wales-2024-to-2025-
# data-tables.ods. Inferred: that the collection lists every release, and earlier years' file naming.
DISCOVER = Discover(
    GOVUK, LANDING_PAGE, file="*hate-crime*tables*.ods", document=r"^Hate crime, England and Wales\b",
    confirmed="release titles and the 2024 to 2025 data tables' name from public citations and code",
)

CAVEATS = (
    Caveat(
        "hate_crime_force_area",
        "Hate crimes are published for police force areas, not councils. The figure on a council's page is "
        "the whole force area's, shared with the other councils in it.",
    ),
    Caveat(
        "hate_crime_recording",
        "These are offences the police recorded as hate crimes. Much hate crime goes unreported, and rises "
        "in recent years partly reflect better recording and more willingness to report, so a rise is not "
        "in itself evidence that more hate crime happened.",
    ),
    Caveat(
        "hate_crime_strands_overlap",
        "One offence can be motivated by hostility on more than one ground, for example race and religion, "
        "so the strands add up to more than the total number of offences. Race-motivated hate crime covers "
        "hostility towards people because of their race or perceived race, including nationality; it is "
        "not a count of offences against migrants.",
    ),
    Caveat(
        "hate_crime_missing_forces",
        "In some years a force could not supply figures for every strand; those are shown as not available, "
        "never as zero.",
    ),
)

SOURCE = Source(
    id=SOURCE_ID,
    title="Hate crime, England and Wales: offences by monitored strand and police force area",
    publisher="Home Office",
    landing_page=LANDING_PAGE,
    downloads=(),
    discover=(DISCOVER,),
    licence=OGL,
    licence_url=OGL_URL,
    cadence="annual, in October, for the year ending March",
    # Our estimate: the release comes in early or mid October.
    next_release="2027-10-07",
    geography_levels=("country", "police_force_area"),
    measures=(
        Measure(
            RACE,
            "Race hate crimes",
            "offences",
            "count",
            counts="offences recorded by the police in which hostility on grounds of race or perceived race "
            "(including nationality) was a motivating factor",
        ),
        Measure(
            TOTAL,
            "Hate crimes (all monitored strands)",
            "offences",
            "count",
            counts="offences recorded by the police with at least one monitored hate crime motivation, each "
            "offence counted once",
        ),
    ),
    measures_summary=(
        "How many offences each police force recorded as hate crimes in the year, in all and where "
        "race was a motivating factor."
    ),
    kind="flow",
    coverage="Offences recorded by the 43 territorial police forces of England and Wales, by financial year.",
    not_covered=(
        "Hate incidents that are not crimes; unreported offences; British Transport Police (read past); "
        "council areas; the nationality of victims."
    ),
    lag="About seven months: figures for the year to March appear in October.",
    rounding="Exact counts as published.",
    caveats=CAVEATS,
    files=(FileSpec(patterns=("*hate-crime*.ods", "*hate_crime*.ods"), parse=parse, expect="xlsx"),),
    terms=(
        Term(
            "Hate crime",
            "Any criminal offence which the victim or anyone else perceives to be motivated by "
            "hostility or prejudice towards a personal characteristic: race, religion, sexual "
            "orientation, disability or transgender identity.",
        ),
        Term(
            "Monitored strand",
            "One of the five characteristics for which police forces record hate crime centrally.",
        ),
    ),
)
