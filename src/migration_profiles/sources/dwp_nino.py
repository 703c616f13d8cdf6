"""DWP: National Insurance numbers allocated to adult overseas nationals, by local authority and nationality.

Two files carry the same figures; both become the same measures.

* The answer of DWP's Stat-Xplore Open Data API to the table query declared below (``API_QUERY``),
  saved unchanged as ``stat-xplore-nino-*.json``. ``fetch.refresh_source`` posts the query with the
  user's API key, read from the environment variable ``STAT_XPLORE_API_KEY`` (only from there: the key
  is personal, so it never goes into a config file, a snapshot or a log). The answer is the SuperSTAR
  "Open Data API" table layout::

      {"query": {...}, "database": {"uri": ..., "label": ...},
       "measures": [{"uri": "str:count:...", "label": ...}],
       "fields": [{"uri": ..., "label": ..., "items": [
                      {"type": "RecodeItem", "uris": ["str:value:...:E06000014"], "labels": ["York"]},
                      {"type": "Total", "labels": ["Total"]}, ...]}, ...],
       "cubes": {"str:count:...": {"values": [[[...]]], "precision": 0}}}

  ``values`` nests one array level per field, in the order of ``fields``; a field's items are in the
  order of its array. The three fields are told apart by their ids and labels (local authority,
  nationality, quarter), so their order does not matter. An area comes from the GSS code that ends
  its value id; a quarter from the ``YYYYMM`` code (the quarter's last month) that ends its value id,
  or from its label; a nationality from its label, looked up in ``data/nino_nationalities.csv``.
* A table of the same figures saved as CSV or .xlsx (DWP's summary tables, or a table downloaded from
  Stat-Xplore's web interface): a header row with the area code, the area name, a column per
  nationality and usually a ``Total`` column; the quarter either in a ``Quarter`` column or in a
  heading above the header row. **Not confirmed against a real file** (checked May 2026): no public
  copy of DWP's summary tables by local authority and nationality was found, so this layout is the
  one documented for Stat-Xplore table downloads; the JSON layout above is the API's documented one.

Nationalities become one measure each, ``nino_nat_<slug>``, declared from the committed list. A
nationality the list does not know is not dropped: its figures are added into ``nino_nat_unlisted``
and each such label is named, with its count, in the data-quality log. Likewise an area item without
a GSS code (for example registrations whose address could not be placed) is kept under the code it
was published with and named in the log. Cells that are zero are not written as rows: the tidy table
holds a total row for every area and quarter, and a nationality without a row in a quarter had none.

The files hold local authorities. We add the four countries and the UK by summing the published
local authority cells (the UK also takes in the items that are not areas); regions are added later
by the pipeline in the same way. Everything else is refused with an error naming the file, the JSON
path or the sheet, row and column.

This module holds the query and the declaration; the parsers are _dwp_nino_json.py and
_dwp_nino_table.py, and what they share (nationalities, areas, quarters, records) _dwp_nino_cells.py.
"""

from __future__ import annotations

import json

from migration_profiles.sources._dwp_nino_cells import MONTHS as MONTHS
from migration_profiles.sources._dwp_nino_cells import (
    NATIONALITIES,
    SOURCE_ID,
    TOTAL,
    UNLISTED,
    Nationality,
    quality,
)
from migration_profiles.sources._dwp_nino_cells import Quarter as Quarter
from migration_profiles.sources._dwp_nino_cells import load_nationalities as load_nationalities
from migration_profiles.sources._dwp_nino_cells import nationality_of as nationality_of
from migration_profiles.sources._dwp_nino_cells import quarter_from_text as quarter_from_text
from migration_profiles.sources._dwp_nino_json import parse_json
from migration_profiles.sources._dwp_nino_table import parse_table
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
)

# The names imported `as` themselves (MONTHS, Quarter, ...) are read from this module by the NINo indicators
# and the tests; they live in _dwp_nino_cells, with the two parsers that share them.

# --------------------------------------------------------------------------------------------
# The Stat-Xplore query.

API_URL = "https://stat-xplore.dwp.gov.uk/webapi/rest/v1/table"
API_KEY_ENV = "STAT_XPLORE_API_KEY"
API_KEY_HEADER = "APIKey"
API_FILE_NAME = "stat-xplore-nino-table.json"

DATABASE = "str:database:Ninos"
COUNT = "str:count:Ninos:V_F_NINOS"
LA_VALUESET = "str:valueset:Ninos:V_F_NINOS:UK_COA:V_C_MASTERGEOG11_LA_TO_REGION_NI"
NATIONALITY_VALUESET = "str:valueset:Ninos:V_F_NINOS:NEWNAT:C_NINO_COUNTRY"
QUARTER_FIELD = "str:field:Ninos:F_NINO_QTR:QTR_NAME"
QUARTER_VALUE = "str:value:Ninos:F_NINO_QTR:QTR_NAME:C_NINO_QTR:"

# The newest quarter the query asks for (year, last month). Stat-Xplore refuses a table of more than
# about a million cells, and local authorities x nationalities x every quarter since 2002 is several
# million, so the query names the latest QUARTERS_ASKED quarters: enough for a year and the year
# before it. Move this on when DWP publishes a new quarter (the release watcher's next_release).
LATEST_QUARTER = (2026, 6)
QUARTERS_ASKED = 8


def quarters_back(latest: tuple[int, int], count: int) -> list[tuple[int, int]]:
    """The `count` quarters ending with `latest`, oldest first, as (year, last month)."""
    year, month = latest
    if month not in (3, 6, 9, 12):
        raise ValueError(f"a quarter ends in March, June, September or December, not month {month}")
    out = []
    for _ in range(count):
        out.append((year, month))
        month -= 3
        if month == 0:
            year, month = year - 1, 12
    return out[::-1]


def table_query(latest: tuple[int, int] = LATEST_QUARTER, count: int = QUARTERS_ASKED) -> str:
    """The body of the POST to the /table endpoint: registrations by LA, nationality and quarter."""
    quarters = [[f"{QUARTER_VALUE}{y}{m:02d}"] for y, m in quarters_back(latest, count)]
    query = {
        "database": DATABASE,
        "measures": [COUNT],
        "recodes": {QUARTER_FIELD: {"map": quarters, "total": False}},
        "dimensions": [[LA_VALUESET], [NATIONALITY_VALUESET], [QUARTER_FIELD]],
    }
    return json.dumps(query, indent=2)


API_QUERY = table_query()


# --------------------------------------------------------------------------------------------
# The declaration.


def _nationality_measure(nat: Nationality) -> Measure:
    return Measure(nat.measure, f"NINo registrations by nationals of {nat.label}", "registrations", "flow",
                   counts=f"adults from overseas who gave their nationality as {nat.label} when they were "
                          "given a National Insurance number")


MEASURES = (
    Measure(TOTAL, "National Insurance numbers given to adults from overseas", "registrations", "flow",
            counts="adults from overseas given a National Insurance number to work or claim benefits, short "
                   "or long stays alike, dated when the number was registered rather than when they arrived"),
    *(_nationality_measure(n) for n in NATIONALITIES),
    Measure(UNLISTED, "NINo registrations by nationals of countries not in our list", "registrations", "flow",
            counts="adults from overseas whose recorded nationality is not one of those we list by name"),
)

CAVEATS = (
    Caveat(
        "nino_registrations_not_arrivals",
        "These are National Insurance numbers handed out, not people arriving. Someone who came years ago "
        "and only now needs a number is counted now; someone who registered and then left the country stays "
        "in the count. The figures show the flow of newcomers into work and benefits, not how many live "
        "here.",
    ),
    Caveat(
        "nino_adults_who_work_or_claim",
        "Only adults who need a number, mostly to work or to claim benefits or a student loan, apply for "
        "one. Children are not counted, and many students, partners and retired people never apply, so "
        "places with large universities can see many arrivals but few registrations.",
    ),
    Caveat(
        "nino_short_and_long_stays",
        "A number is given whatever the length of stay, so seasonal and other short-term workers count the "
        "same as people who settle. The figures are therefore not comparable with ONS estimates of long-term "
        "migration, which count only people staying a year or more.",
    ),
    Caveat(
        "nino_dated_at_registration",
        "Each registration is dated when the number was recorded on HMRC's system, after the application has "
        "been dealt with: usually weeks, sometimes many months or years after the person arrived. Processing "
        "delays and catch-ups move registrations from one quarter to another.",
    ),
    Caveat(
        "nino_nationality_as_recorded",
        "Nationality is the one the person gave when the number was allocated, and it is not updated if they "
        "later take another citizenship. It is not country of birth and says nothing about ethnicity.",
    ),
    Caveat(
        "nino_address_at_registration",
        "The area is the address given at registration, DWP's best estimate of where the person lived then. "
        "They may since have moved elsewhere in the UK or left; registrations that could not be placed are "
        "counted in the UK total only.",
    ),
    Caveat(
        "nino_random_adjustment",
        "DWP does not round these counts but protects them by adding small random changes, so a cell may be "
        "off by a few registrations and the parts need not add up exactly to the totals. Very small figures "
        "for one nationality in one area are not reliable. Our country and UK figures, and any total the "
        "file did not publish, are our sums of the published local figures.",
    ),
    Caveat(
        "nino_2020_pause",
        "From mid-March 2020 most allocations stopped because evidence-of-identity interviews could not be "
        "held face to face; a postal route for people whose identity another department had already checked "
        "resumed in June 2020. EU nationals were hit hardest. Registrations in 2020 and early 2021 were "
        "unusually low and were followed by a backlog being cleared, so those quarters say little about "
        "migration itself.",
    ),
    Caveat(
        "nino_nationalities_we_list",
        "Each nationality is shown under the name in our list. A nationality DWP names that our list does "
        "not know is counted as 'other nationalities not in our list' and named in the data-quality log, so "
        "no registration is lost.",
    ),
)

TERMS = (
    Term(
        "NINo allocation",
        "The issue of a National Insurance number, the reference that links a person to their National "
        "Insurance contributions, tax and benefits. Adults from abroad apply to DWP for one when they need "
        "it, usually to work or to claim a benefit; it is not a permission to work or to stay.",
    ),
    Term(
        "Adult overseas national",
        "In these statistics, a person aged 16 or over who is not a UK national and was given a National "
        "Insurance number as an adult, typically after arriving from abroad.",
    ),
    Term(
        "Stat-Xplore",
        "DWP's online tool for its statistics. Its Open Data API answers a table query with a JSON document; "
        "using it needs a free account and the personal API key that comes with it.",
    ),
)

LANDING_PAGE = ("https://www.gov.uk/government/collections/"
                "national-insurance-number-allocations-to-adult-overseas-nationals-entering-the-uk")

# Without a Stat-Xplore key, refresh takes DWP's published summary tables from the newest quarterly
# release in the collection. Confirmed: the collection's address (DWP's own links to it). Inferred, not
# checked: the releases' titles ("National Insurance number allocations to adult overseas nationals
# ...") and a spreadsheet attachment titled "... summary tables ..." in .xlsx; it is stored under a name
# the table parser recognises.
SUMMARY_TABLES = Discover(
    GOVUK, LANDING_PAGE, file="*.xlsx", document=r"^National Insurance number allocations to adult overseas",
    title=r"summary tables", store_as="nino-allocations-summary-tables.xlsx",
    confirmed="the collection's address; release titles, the attachment's title and format are inferred",
)

SOURCE = Source(
    id=SOURCE_ID,
    title="National Insurance numbers allocated to adult overseas nationals",
    publisher="Department for Work and Pensions (DWP)",
    landing_page=LANDING_PAGE,
    # The figures are fetched through the Stat-Xplore API (API_QUERY) when STAT_XPLORE_API_KEY is set;
    # otherwise the summary tables are found in the newest quarterly release (SUMMARY_TABLES).
    downloads=(),
    discover=(SUMMARY_TABLES,),
    licence=OGL,
    licence_url=OGL_URL,
    cadence="quarterly; each release adds the figures for another quarter of the year",
    next_release="2027-02-25",
    geography_levels=("country", "local_authority"),
    measures=MEASURES,
    measures_summary=(
        "How many adults from overseas were given a National Insurance number in each quarter, by the local "
        "authority of their address at registration and by the nationality they gave."
    ),
    kind="flow",
    coverage=(
        "The UK by local authority, all adult overseas nationals given a number, whatever their reason or "
        "intended length of stay, by registration quarter. The Stat-Xplore query asks for the latest "
        f"{QUARTERS_ASKED} quarters."
    ),
    not_covered=(
        "Children; adults who never need a number (many students, dependants and retired people); people who "
        "already had a number from an earlier stay; departures. No breakdown by age or sex here. Stat-Xplore "
        "also holds earlier quarters back to 2002, which this query does not ask for."
    ),
    lag="usually two to three months after the end of the quarter",
    rounding=(
        "Counts are unrounded but DWP protects them with small random adjustments, so parts may not add up "
        "to totals exactly. Country and UK figures are our sums of the local authority figures."
    ),
    caveats=CAVEATS,
    files=(
        # JSON is text: the "csv" check (text, not an HTML error page) is the one that applies.
        FileSpec(patterns=("stat-xplore-nino*.json", "*nino*stat*xplore*.json"), parse=parse_json,
                 expect="csv", quality=quality),
        FileSpec(patterns=("*nino*allocation*.csv", "*national*insurance*number*allocation*.csv"),
                 parse=parse_table, expect="csv", quality=quality),
        FileSpec(patterns=("*nino*allocation*.xlsx", "*national*insurance*number*allocation*.xlsx"),
                 parse=parse_table, expect="xlsx", quality=quality),
    ),
    terms=TERMS,
    api_query=API_QUERY,
    api_key_env=API_KEY_ENV,
    extra={"api_url": API_URL, "api_key_header": API_KEY_HEADER, "api_file_name": API_FILE_NAME},
)
