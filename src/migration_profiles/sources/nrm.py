"""Referrals of potential victims of modern slavery to the National Referral Mechanism (NRM), by
police force area (Home Office).

The Home Office (since April 2019; the National Crime Agency before) publishes NRM statistics every
quarter with data tables. Among them is the number of potential victims referred, by the police
force area the referral is recorded against, with Police Scotland and the Police Service of
Northern Ireland beside the 43 forces of England and Wales.

Confirmed from documentation: quarterly release with data tables; referrals reported by police force
area. **Inferred, not checked against a real file**: the layout this parser declares, an .ods sheet
with a title stating the quarter ("January to March 2026"), a header row starting "Police force
area" with a "Total" column (others, such as adult and child, are read past), one row per force
with totals and "Not recorded" rows among them. Any other layout is refused with the sheet, row and
column.
"""

from __future__ import annotations

import calendar
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
    tidy_frame,
)

SOURCE_ID = "nrm"
MEASURE = "nrm_referrals"
COLUMNS = {"Total": ("Total", "Total referrals", "Total potential victims")}
_QUARTER = re.compile(
    r"(January|April|July|October) to (March|June|September|December) (\d{4})", re.IGNORECASE
)
_QUARTERS = {
    ("january", "march"): 1,
    ("april", "june"): 2,
    ("july", "september"): 3,
    ("october", "december"): 4,
}
EXTRA_AREAS = {
    "Police Scotland": ("S92000003", "Scotland"),
    "Police Service of Northern Ireland": ("N92000002", "Northern Ireland"),
    "PSNI": ("N92000002", "Northern Ireland"),
}


def parse(path: Path) -> pd.DataFrame:
    sheets = ft.read_sheets(path, SOURCE_ID)
    table = ft.find_table(
        path,
        SOURCE_ID,
        sheets,
        COLUMNS,
        _QUARTER,
        "the quarter, such as 'January to March 2026'",
        EXTRA_AREAS,
    )
    match = _QUARTER.search(" ".join(table.title.split()))
    first, last, year = match.group(1).lower(), match.group(2).lower(), int(match.group(3))
    quarter = _QUARTERS.get((first, last))
    if quarter is None:
        raise table.place.error(
            "a calendar quarter such as 'January to March 2026'", repr(match.group(0)), column=1
        )
    start_month = 3 * quarter - 2
    end_day = calendar.monthrange(year, start_month + 2)[1]
    records = []
    for number, code, name, cells in table.rows:
        value, status = ft.value(table, number, cells, "Total")
        records.append(
            {
                "area_code": code,
                "area_name": name,
                "period_label": f"{first.capitalize()} to {last.capitalize()} {year}",
                "period_start": f"{year}-{start_month:02d}-01",
                "period_end": f"{year}-{start_month + 2:02d}-{end_day:02d}",
                "measure": MEASURE,
                "value": value,
                "ci_lower": None,
                "ci_upper": None,
                "status": status,
            }
        )
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
        "Referrals are published for police force areas, not councils; the figure on a council's page is the "
        "whole force area's. The area is the one the referral is recorded against, which may be where the "
        "person was found rather than where they live or were exploited.",
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
    title="Modern slavery: National Referral Mechanism referrals by police force area",
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
            "Potential victims of modern slavery referred to the NRM",
            "referrals",
            "count",
            counts="potential victims of modern slavery referred to the National Referral Mechanism in "
            "the quarter, by the police force area the referral is recorded against",
        ),
    ),
    measures_summary="How many potential victims of modern slavery were referred to the NRM in each "
    "quarter, by police force area.",
    kind="flow",
    coverage="Referrals to the National Referral Mechanism across the UK, by quarter.",
    not_covered=(
        "Council areas; people never referred; adults in England and Wales who do not consent to a "
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
