"""New social housing lettings by nationality of the lead tenant, by local authority (MHCLG, from the
COntinuous REcording of social housing lettings, CORE).

Each year MHCLG publishes "Social housing lettings in England, April YYYY to March YYYY", built from
CORE: every new letting by a council or housing association is logged with facts about the tenant,
among them the lead tenant's nationality. Confirmed from the release and its technical notes: annual
(most recently 13 November 2025 for April 2024 to March 2025), England only, local authority level
tables, nationality grouped as UK, European Economic Area (EEA) and outside the EEA, with lettings by
councils and by private registered providers (housing associations).

**Inferred, not checked against a real file**: the local authority table's layout, which this parser
declares as an .ods workbook with a sheet whose name contains "Nationality": title lines stating the
year ("April 2024 to March 2025"), a header row

    Local authority code | Local authority name | UK national | EEA national (non-UK) |
    Non-EEA national | Not known | Total lettings

(headings compared ignoring case and spacing, with a few other wordings accepted), one row per
local authority, region and England, and the symbols [c] or [x] for suppressed or missing counts.
Any other layout is refused with the sheet, row and column.

Still unconfirmed (checked May 2026): no real copy of the local authority tables, nor public code that
reads them, could be found. The 2024/25 release text groups lead tenants as UK nationals, European
nationals and nationals of countries outside the EEA, which the headings above accept; the sheet
name, header row and markers remain as documented, not as seen.
"""

from __future__ import annotations

import re
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
    Source,
    Term,
    financial_year,
    observation,
    tidy_frame,
)
from migration_profiles.sources.checks import read_figure

SOURCE_ID = "core_lettings"
ID_COLUMNS = ("Local authority code", "Local authority name")
TOTAL = "social_lettings_total"
UK = "social_lettings_uk"
EEA = "social_lettings_eea_non_uk"
NON_EEA = "social_lettings_non_eea"
NOT_KNOWN = "social_lettings_nationality_not_known"
COLUMNS = {
    UK: ("UK national", "UK nationals", "UK"),
    EEA: ("EEA national (non-UK)", "EEA nationals (non-UK)", "EU/EEA (non-UK)", "EEA (excluding UK)"),
    NON_EEA: ("Non-EEA national", "Non-EEA nationals", "Non-EEA", "Other nationality"),
    NOT_KNOWN: ("Not known", "Refused / not known", "Nationality not known"),
    TOTAL: ("Total lettings", "Total", "All lettings"),
}
_YEAR = re.compile(r"April (\d{4}) to March (\d{4})", re.IGNORECASE)
_AREA = re.compile(r"^E(?:0[6-9]|12|92)\d{6}$")


def parse(path: Path) -> pd.DataFrame:
    path = Path(path)
    try:
        sheets = read_ods(path, wanted=lambda name: "nationality" in name.lower())
    except OdsError as exc:
        raise Place(SOURCE_ID, path).error("an OpenDocument spreadsheet (.ods)", str(exc)) from None
    names = [name for name in sheets if "nationality" in name.lower()]
    if len(names) != 1:
        raise Place(SOURCE_ID, path).error(
            "one sheet whose name contains 'Nationality'", "sheets " + ", ".join(sheets)
        )
    place = Place(SOURCE_ID, path, names[0])
    rows = sheets[names[0]]
    header = next(
        (
            i
            for i, (_, cells) in enumerate(rows)
            if [key(c) for c in cells[:2]] == [key(c) for c in ID_COLUMNS]
        ),
        None,
    )
    if header is None:
        raise place.error(
            "a header row starting 'Local authority code', 'Local authority name'", "none", column=1
        )
    number, cells = rows[header]
    title = " ".join(str(c) for _, row in rows[:header] for c in row if isinstance(c, str))
    match = _YEAR.search(" ".join(title.split()))
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        raise place.error(
            "a title stating the year, such as 'April 2024 to March 2025'", show(title or None), number, 1
        )
    first, second = int(match.group(1)), int(match.group(2))
    headings = [key(c) for c in cells]
    columns = {}
    for measure, aliases in COLUMNS.items():
        at = next((i for i, h in enumerate(headings) if h in {key(a) for a in aliases}), None)
        if at is None:
            raise place.error(
                f"a column '{aliases[0]}'",
                "columns " + ", ".join(str(c) for c in cells if c),
                number,
                aliases[0],
            )
        columns[measure] = at
    records, previous = [], number
    for row_number, row in rows[header + 1 :]:
        if row_number > previous + 1:
            break  # a blank row ends the table; notes follow
        previous = row_number
        code = str(row[0]).strip() if row and row[0] is not None else ""
        if not _AREA.match(code):
            raise place.error(
                "an English local authority, region or country code",
                show(row[0] if row else None),
                row_number,
                1,
            )
        name = str(row[1]).strip() if len(row) > 1 and row[1] is not None else code
        for measure, at in columns.items():
            raw = row[at] if at < len(row) else None
            value, status = read_figure(raw, place.error, row_number, at + 1, blank=False)
            records.append(observation(code, name, financial_year(first, second), measure, value, status))
    if not records:
        raise place.error("a row for each local authority below the header", "none", number + 1)
    return tidy_frame(records)


LANDING_PAGE = "https://www.gov.uk/government/collections/rents-lettings-and-tenancies"
# The collection lists each year's release; the newest one's local authority tables are taken.
# Confirmed (public citations of the releases): the releases' pages are
# /government/statistics/social-housing-lettings-in-england-april-YYYY-to-march-YYYY, titled "Social
# housing lettings in England ...". Inferred, not checked: that the collection lists them, and the
# attachment's title ("... local authority ...") and .ods format.
DISCOVER = Discover(
    GOVUK, LANDING_PAGE, file="*.ods", document=r"^Social housing lettings in England\b",
    title=r"local authority",
    confirmed="release page addresses and titles from public citations; the attachment's title and format "
              "are inferred",
)

MEASURES = (
    Measure(
        TOTAL,
        "New social housing lettings",
        "lettings",
        "flow",
        counts="new lettings of social housing by councils and housing associations in the year",
    ),
    Measure(
        UK,
        "New social lettings to UK nationals",
        "lettings",
        "flow",
        counts="new social lettings whose lead tenant is a UK national",
    ),
    Measure(
        EEA,
        "New social lettings to EEA nationals (other than UK)",
        "lettings",
        "flow",
        counts="new social lettings whose lead tenant is a national of a European Economic Area country "
        "other than the UK",
    ),
    Measure(
        NON_EEA,
        "New social lettings to nationals of countries outside the EEA",
        "lettings",
        "flow",
        counts="new social lettings whose lead tenant is a national of a country outside the EEA",
    ),
    Measure(
        NOT_KNOWN,
        "New social lettings: lead tenant's nationality not known",
        "lettings",
        "flow",
        counts="new social lettings where the lead tenant's nationality was refused or not recorded",
    ),
)

CAVEATS = (
    Caveat(
        "core_lead_tenant",
        "Nationality is recorded for the lead tenant only, not for everyone in the household, and it is "
        "nationality, not country of birth: a lead tenant who was born abroad and has become British is "
        "counted as a UK national.",
    ),
    Caveat(
        "core_eligibility",
        "People subject to immigration control, such as most people here on work, study or family visas, are "
        "generally not eligible for social housing. Eligibility usually comes with settled status, refugee "
        "status or British citizenship, and some EU nationals qualify through work, so a letting to a non-UK "
        "national is mostly a letting to someone with a lasting right to live in the UK.",
    ),
    Caveat(
        "core_new_lettings_only",
        "These are new lettings in the year, not everyone living in social housing, and they include "
        "tenants moving from one social home to another. Councils and housing associations record lettings "
        "where the home is, not where the tenant came from.",
    ),
    Caveat(
        "core_completeness",
        "Not every letting is logged, and the nationality question can be refused. The share shown is "
        "worked out over lettings where the lead tenant's nationality is known.",
    ),
)

SOURCE = Source(
    id=SOURCE_ID,
    title="Social housing lettings in England: new lettings by nationality of the lead tenant",
    publisher="Ministry of Housing, Communities and Local Government (MHCLG)",
    landing_page=LANDING_PAGE,
    downloads=(),
    discover=(DISCOVER,),
    licence=OGL,
    licence_url=OGL_URL,
    cadence="annual, in November or December, for the year April to March",
    # Our estimate: the last two releases came on 5 December 2024 and 13 November 2025.
    next_release="2026-12-03",
    geography_levels=("country", "region", "local_authority"),
    measures=MEASURES,
    measures_summary=(
        "How many new social housing lettings there were in the year, and how many went to lead "
        "tenants who were UK, EEA (other than UK) and other nationals."
    ),
    kind="flow",
    coverage="New lettings of social rent and affordable rent homes by councils and housing associations "
    "in England.",
    not_covered=(
        "Existing tenants; the nationality of household members other than the lead tenant; "
        "country of birth or immigration status; Wales, Scotland and Northern Ireland."
    ),
    lag="About eight months after the end of the year.",
    rounding="Counts as published; small counts may be suppressed ([c]).",
    caveats=CAVEATS,
    files=(
        FileSpec(
            patterns=("*social*housing*lettings*.ods", "*core*lettings*.ods"), parse=parse, expect="xlsx"
        ),
    ),
    terms=(
        Term(
            "CORE",
            "The COntinuous REcording system through which councils and housing associations log "
            "every new social housing letting and sale.",
        ),
        Term(
            "Lead tenant",
            "The tenant named first on the tenancy, whose characteristics CORE records for the household.",
        ),
        Term("European Economic Area (EEA)", "The EU countries plus Iceland, Liechtenstein and Norway."),
    ),
)
