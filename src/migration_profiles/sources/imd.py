"""English Indices of Deprivation: local authority district summaries (File 10).

MHCLG published the English Indices of Deprivation 2025 on 30 October 2025, replacing the 2019
edition. The indices rank England's small areas (LSOAs); File 10 summarises them for each lower-tier
local authority district. Its layout, confirmed from public code that reads the 2025 file:

* an .xlsx workbook: a notes sheet, then one sheet per index, named "IMD", "Income", "Employment",
  "Education", "Health", "Crime", "Barriers", "Living", "IDACI" and "IDAOPI";
* on each, a header row in row 1 and one row per district (296 districts on 2024 boundaries):

    Local Authority District code (2024) | Local Authority District name (2024) |
    IMD - Average rank | IMD - Rank of average rank | IMD - Average score | IMD - Rank of average score |
    IMD - Proportion of LSOAs in most deprived 10% nationally |
    IMD - Rank of proportion of LSOAs in most deprived 10% nationally

  headings carry a trailing space, and each sheet's headings start with its own index ("Income - ...").
  The 2019 edition's file has the same columns on 2019 boundaries ("(2019)"), with extent and local
  concentration after them on the IMD sheet; further columns are read past.

We read three sheets (IMD, Income, Employment) and from each the rank of average score and the
proportion of neighbourhoods in England's most deprived 10%; from the IMD sheet also the average
score. Ranks must run 1 to the number of districts, each once.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from migration_profiles.sources._tabular import Place, key, show
from migration_profiles.sources.base import (
    GOVUK,
    OGL,
    OGL_URL,
    Caveat,
    Discover,
    Download,
    FileSpec,
    KnownRelease,
    Measure,
    Source,
    Term,
    open_workbook,
    tidy_frame,
)
from migration_profiles.sources.checks import read_figure

SOURCE_ID = "imd"

# Sheet, measure stem, the prefix of its headings.
SHEETS = (("IMD", "imd", "IMD"), ("Income", "income", "Income"), ("Employment", "employment", "Employment"))
# The edition a file belongs to, from the boundary year its code heading states.
EDITIONS = {
    "2024": ("English Indices of Deprivation 2025", "2025-10-30"),
    "2019": ("English Indices of Deprivation 2019", "2019-09-26"),
}
HEADINGS = (
    "Average rank",
    "Rank of average rank",
    "Average score",
    "Rank of average score",
    "Proportion of LSOAs in most deprived 10% nationally",
    "Rank of proportion of LSOAs in most deprived 10% nationally",
)
_CODE_HEADING = re.compile(r"^local authority district code \((\d{4})\)$")
_LAD = re.compile(r"^E0[6-9]\d{6}$")


def parse(path: Path) -> pd.DataFrame:
    path = Path(path)
    book = open_workbook(path)
    try:
        records = []
        edition = None
        for sheet, stem, prefix in SHEETS:
            if sheet not in book.sheetnames:
                raise Place(SOURCE_ID, path).error(
                    f"a sheet '{sheet}'", "sheets " + ", ".join(book.sheetnames)
                )
            rows = list(book[sheet].iter_rows(values_only=True))
            found, year = _read_sheet(Place(SOURCE_ID, path, sheet), rows, stem, prefix)
            if edition is not None and year != edition:
                raise Place(SOURCE_ID, path, sheet).error(
                    f"districts on {edition} boundaries like the other sheets", f"{year} boundaries", 1, 1
                )
            edition = year
            records.extend(found)
    finally:
        book.close()
    label, day = EDITIONS[edition]
    for record in records:
        record.update(period_label=label, period_start=day, period_end=day)
    return tidy_frame(records)


def _read_sheet(place: Place, rows: list[tuple], stem: str, prefix: str) -> tuple[list[dict], str]:
    if not rows:
        raise place.error("a header row in row 1", "an empty sheet", 1)
    header = [key(v) for v in rows[0]]
    match = _CODE_HEADING.match(header[0] if header else "")
    if not match or match.group(1) not in EDITIONS:
        raise place.error(
            "'Local Authority District code (2024)' (or (2019)) in column A",
            show(rows[0][0] if rows[0] else None),
            1,
            1,
        )
    year = match.group(1)
    expected = [f"local authority district name ({year})"] + [key(f"{prefix} - {h}") for h in HEADINGS]
    for offset, want in enumerate(expected, start=2):
        got = header[offset - 1] if len(header) >= offset else ""
        if got != want:
            raise place.error(
                repr(want), show(rows[0][offset - 1] if len(rows[0]) >= offset else None), 1, offset
            )
    records, ranks = [], {}
    for number, row in enumerate(rows[1:], start=2):
        row = list(row) + [None] * 8
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row[:8]):
            continue
        code = str(row[0]).strip() if row[0] is not None else ""
        if not _LAD.match(code):
            raise place.error(
                "a local authority district code (E06, E07, E08 or E09)", show(row[0]), number, 1
            )
        values = []
        for column in range(2, 8):
            value, _ = read_figure(row[column], place.error, number, column + 1, required=True)
            values.append(value)
        _, _, score, rank_score, share, _ = values
        if not 0 <= share <= 1:
            raise place.error("a proportion between 0 and 1", show(share), number, 7)
        if rank_score in ranks:
            raise place.error(
                f"each rank once; {int(rank_score)} is already {ranks[rank_score]}'s",
                show(rank_score),
                number,
                6,
            )
        ranks[rank_score] = code
        name = str(row[1]).strip()
        measures = [
            (f"{stem}_rank_of_average_score", rank_score),
            (f"{stem}_share_most_deprived_10pc", share),
        ]
        if stem == "imd":
            measures.append(("imd_average_score", score))
        for measure, value in measures:
            records.append(
                {
                    "area_code": code,
                    "area_name": name,
                    "measure": measure,
                    "value": value,
                    "ci_lower": None,
                    "ci_upper": None,
                    "status": "ok",
                }
            )
    if not records:
        raise place.error("a row for each district below the header", "none", 2)
    if sorted(ranks) != [float(n) for n in range(1, len(ranks) + 1)]:
        raise place.error(
            f"ranks of average score from 1 to {len(ranks)}, one per district",
            f"ranks {int(min(ranks))} to {int(max(ranks))}",
            column=6,
        )
    return records, year


# --------------------------------------------------------------------------------------------
# The declaration

LANDING_PAGE = "https://www.gov.uk/government/statistics/english-indices-of-deprivation-2025"
# Confirmed (public code reading the 2025 file): the publication page's attachment File 10 at this
# address. A correction would come under a new media id, so refresh looks the file up on the page.
DISCOVER = Discover(
    GOVUK, LANDING_PAGE, file="File_10*Local_Authority_District_Summaries*.xlsx",
    confirmed="page and File 10's name and address from public code that reads the 2025 file",
)
DOWNLOAD_URL = (
    "https://assets.publishing.service.gov.uk/media/68ff7e26d81972ecd2df5db1/"
    "File_10_-_IoD2025_Local_Authority_District_Summaries__lower-tier_.xlsx"
)

MEASURES = (
    Measure(
        "imd_rank_of_average_score",
        "Index of Multiple Deprivation: rank of average score",
        "rank",
        "rank",
        counts="the district's place among all English districts on the population-weighted average "
        "deprivation score of its neighbourhoods, 1 being the most deprived",
    ),
    Measure(
        "imd_average_score",
        "Index of Multiple Deprivation: average score",
        "score",
        "score",
        counts="the population-weighted average of its neighbourhoods' deprivation scores",
    ),
    Measure(
        "imd_share_most_deprived_10pc",
        "Index of Multiple Deprivation: proportion of neighbourhoods in England's most deprived 10%",
        "proportion",
        "rate",
        counts="the share of the district's neighbourhoods (LSOAs) among the most deprived tenth of all "
        "neighbourhoods in England",
    ),
    Measure(
        "income_rank_of_average_score",
        "Income deprivation: rank of average score",
        "rank",
        "rank",
        counts="the district's place among English districts on income deprivation, 1 being the most "
        "deprived",
    ),
    Measure(
        "income_share_most_deprived_10pc",
        "Income deprivation: proportion of neighbourhoods in England's most deprived 10%",
        "proportion",
        "rate",
        counts="the share of its neighbourhoods among England's most income-deprived tenth",
    ),
    Measure(
        "employment_rank_of_average_score",
        "Employment deprivation: rank of average score",
        "rank",
        "rank",
        counts="the district's place among English districts on employment deprivation, 1 being the most "
        "deprived",
    ),
    Measure(
        "employment_share_most_deprived_10pc",
        "Employment deprivation: proportion of neighbourhoods in England's most deprived 10%",
        "proportion",
        "rate",
        counts="the share of its neighbourhoods among England's most employment-deprived tenth",
    ),
)

CAVEATS = (
    Caveat(
        "imd_relative",
        "The indices rank areas against each other; they do not measure how deprived an area is in absolute "
        "terms. A district that moves up the ranking may simply have changed less than others, and the "
        "scores of different editions cannot be compared with each other.",
    ),
    Caveat(
        "imd_areas_not_people",
        "Deprivation is measured for neighbourhoods of about 1,500 people, not for people. Not everyone in "
        "a deprived neighbourhood is deprived, and many deprived people live elsewhere; a district summary "
        "hides how mixed a district is.",
    ),
    Caveat(
        "imd_not_migration",
        "The indices say nothing about migration or nationality. They are shown here as context for "
        "reading the migration figures, not as a measure of migrants' circumstances.",
    ),
    Caveat(
        "imd_data_years",
        "Most of the data behind the 2025 indices describe 2021 to 2023, and the next edition is not "
        "expected for several years, so the figures change only when a new edition appears.",
    ),
)

TERMS = (
    Term(
        "Index of Multiple Deprivation (IMD)",
        "MHCLG's combined measure of deprivation in small areas of England, built from seven domains: "
        "income, employment, education, health, crime, barriers to housing and services, and living "
        "environment.",
    ),
    Term(
        "Lower layer super output area (LSOA)",
        "A small area of about 1,500 residents used for neighbourhood statistics; England has about 33,000.",
    ),
    Term(
        "Rank of average score",
        "Districts ordered by the population-weighted average score of their "
        "neighbourhoods, 1 being the most deprived.",
    ),
)

SOURCE = Source(
    id=SOURCE_ID,
    title="English Indices of Deprivation: local authority district summaries",
    publisher="Ministry of Housing, Communities and Local Government (MHCLG)",
    landing_page=LANDING_PAGE,
    downloads=(
        Download(
            url=DOWNLOAD_URL,
            file_name="File_10_-_IoD2025_Local_Authority_District_Summaries__lower-tier_.xlsx",
        ),
    ),
    discover=(DISCOVER,),
    licence=OGL,
    licence_url=OGL_URL,
    cadence="every four to six years (2015, 2019, 2025)",
    # Our estimate only: no next edition is announced; past editions came four to six years apart.
    next_release="2029-10-31",
    geography_levels=("local_authority",),
    measures=MEASURES,
    measures_summary=(
        "Where each district stands among English districts on overall, income and employment "
        "deprivation, and the share of its neighbourhoods among England's most deprived 10%."
    ),
    kind="stock",
    coverage="Lower-tier local authority districts in England (296 on 2024 boundaries).",
    not_covered=(
        "Wales, Scotland and Northern Ireland (each has its own index, not comparable); counties and "
        "regions; change over time in absolute deprivation."
    ),
    lag="Two to four years: the 2025 indices mostly use data for 2021 to 2023.",
    rounding="Ranks are whole numbers; scores to three decimal places and proportions to four, as published.",
    caveats=CAVEATS,
    files=(
        FileSpec(patterns=("*File_10*Local_Authority_District_Summaries*.xlsx",), parse=parse, expect="xlsx"),
    ),
    terms=TERMS,
    # The workbook states no publication date; its name says which edition it is.
    known_releases=(
        # Rechecked: the 2019 statistical release's cover says "Statistical Release 26 September 2019";
        # GOV.UK's page for the 2025 one (statistics/english-indices-of-deprivation-2025/english-indices-
        # of-deprivation-2025-statistical-release) says "Published 30 October 2025".
        KnownRelease("iod2019", "2019-09-26", files=("*IoD2019*",),
                     confirmed="MHCLG's statistical release 'English indices of deprivation 2019', "
                               "26 September 2019"),
        KnownRelease("iod2025", "2025-10-30", files=("*IoD2025*",),
                     confirmed="MHCLG's statistical release 'English indices of deprivation 2025', "
                               "published 30 October 2025 (GOV.UK)"),
    ),
)
