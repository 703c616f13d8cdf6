"""Unaccompanied asylum-seeking children looked after by councils in England (DfE, children looked
after in England including adoptions).

The appendix's entry for children's services points to the Children in Need census, whose factors
at the end of assessment include "unaccompanied asylum-seeking child". That factor counts
assessments, not children, and DfE publishes it in a table whose layout we could not confirm. The
same publication family publishes, per council responsible for children's services, how many
children it looked after on 31 March were unaccompanied asylum-seeking children (UASC), in the
Explore Education Statistics (EES) file ``la_cla_on_31_march_by_characteristics.csv``. That is the
figure read here: a count of children, on one day, in a layout confirmed from DfE's own dashboard
code that reads the file.

The layout (EES's standard open data format):

    time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,
    new_la_code,old_la_code,la_name,cla_group,characteristic,number,percentage

one row per year, area, group and characteristic. Within the group "Unaccompanied asylum-seeking
children" the characteristics are "Unaccompanied asylum-seeking children" and "Non-unaccompanied
asylum-seeking children" (confirmed), with ``percentage`` the share of all looked-after children;
rows of other groups (age, placement, legal status ...) are read past. EES's symbols stand for
missing numbers: c (suppressed), low, k, u, x and z.

Inferred: the group's label (taken to be the same as the characteristic's), "Total" rows in the
group, and ``time_period`` as the 4-digit year of 31 March (a 6-digit academic year is refused).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from migration_profiles.sources._tabular import Place, key, read_csv, require_columns, show
from migration_profiles.sources.base import (
    EES,
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
from migration_profiles.util import status as st

SOURCE_ID = "cla_uasc"

COLUMNS = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "region_code",
    "region_name",
    "new_la_code",
    "la_name",
    "cla_group",
    "characteristic",
    "number",
    "percentage",
)
GROUP = "Unaccompanied asylum-seeking children"
UASC = "uasc_looked_after"
NON_UASC = "non_uasc_looked_after"
UASC_PCT = "uasc_looked_after_pct"
CHARACTERISTICS = {
    key("Unaccompanied asylum-seeking children"): (UASC, UASC_PCT),
    key("Non-unaccompanied asylum-seeking children"): (NON_UASC, None),
    key("Total"): (None, None),  # all looked-after children: read past, DfE's own total is elsewhere
}
LEVELS = {"national": "country_code", "regional": "region_code", "local authority": "new_la_code"}
# EES symbols, beside those status.parse_cell knows: 'k' and 'low' stand for figures that round to
# zero or are too small to show, 'u' for a figure too unreliable to publish.
MARKERS = {"k": st.ROUNDED_TO_ZERO, "low": st.CONFIDENTIAL, "u": st.NOT_AVAILABLE}
_GSS = re.compile(r"^E\d{8}$")


def parse(path: Path) -> pd.DataFrame:
    place = Place(SOURCE_ID, path)
    header, rows = read_csv(path, place)
    at = require_columns(header, COLUMNS, place)
    records, seen = [], {}
    for number, cells in rows:
        cells = cells + [""] * (len(header) - len(cells))
        get = {name: cells[i] for name, i in at.items()}
        if key(get["cla_group"]) != key(GROUP):
            continue
        measures = CHARACTERISTICS.get(key(get["characteristic"]))
        if measures is None:
            raise place.error(
                f"a characteristic of the group '{GROUP}': "
                "'Unaccompanied asylum-seeking children', 'Non-unaccompanied asylum-seeking "
                "children' or 'Total'",
                show(get["characteristic"]),
                number,
                "characteristic",
            )
        level = key(get["geographic_level"])
        if level not in LEVELS:
            raise place.error(
                "'National', 'Regional' or 'Local authority'",
                show(get["geographic_level"]),
                number,
                "geographic_level",
            )
        code = get[LEVELS[level]]
        if not _GSS.match(code):
            raise place.error("an English GSS code", show(code), number, LEVELS[level])
        year = get["time_period"]
        if not re.fullmatch(r"\d{4}", year):
            raise place.error("the year of 31 March, such as 2024", show(year), number, "time_period")
        name = {"national": "England", "regional": get["region_name"]}.get(level, get["la_name"])
        slot = (code, year, key(get["characteristic"]))
        if slot in seen:
            raise place.error(
                "each area, year and characteristic once",
                f"a repeat of row {seen[slot]}",
                number,
                "characteristic",
            )
        seen[slot] = number
        for measure, column in zip(measures, ("number", "percentage"), strict=True):
            if measure is None:
                continue
            value, status = read_figure(get[column], place.error, number, column, markers=MARKERS,
                                        percent=column == "percentage")
            period = (f"March {year}", f"{year}-03-31", f"{year}-03-31")
            records.append(observation(code, name, period, measure, value, status))
    if not records:
        raise place.error(f"rows of the group '{GROUP}'", "none", column="cla_group")
    return tidy_frame(records)


# --------------------------------------------------------------------------------------------
# The declaration

LANDING_PAGE = (
    "https://explore-education-statistics.service.gov.uk/find-statistics/"
    "children-looked-after-in-england-including-adoptions"
)
# Each release's files have new ids, so refresh asks EES's content API for the publication's latest
# release and takes the file named la_cla_on_31_march_by_characteristics. Confirmed (DfE's own R code):
# the content API at content.explore-education-statistics.service.gov.uk/api/releases/<id>/files.
# Inferred, not checked against a live answer: /api/publications/<slug>/releases/latest answering with
# the release's "id" and "downloadFiles" (each with "id" and "fileName"), and one file's address being
# /api/releases/<release id>/files/<file id>.
DISCOVER = Discover(
    EES,
    "https://content.explore-education-statistics.service.gov.uk/api/publications/"
    "children-looked-after-in-england-including-adoptions/releases/latest",
    file="la_cla_on_31_march_by_characteristics*.csv",
    address="https://content.explore-education-statistics.service.gov.uk/api/releases/{release}/files/{file}",
    confirmed="the content API's host and /api/releases/<id>/files from DfE's code; the latest-release "
              "answer's fields and the one-file address are inferred",
)

MEASURES = (
    Measure(
        UASC,
        "Unaccompanied asylum-seeking children looked after on 31 March",
        "children",
        "stock",
        counts="children the council looked after on 31 March who arrived in the UK without a parent "
        "or carer and applied for asylum in their own right",
    ),
    Measure(
        NON_UASC,
        "Other children looked after on 31 March",
        "children",
        "stock",
        counts="children the council looked after on 31 March who were not unaccompanied "
        "asylum-seeking children",
    ),
    Measure(
        UASC_PCT,
        "Unaccompanied asylum-seeking children as a share of all looked-after children",
        "percent",
        "rate",
        counts="unaccompanied asylum-seeking children as a percentage of all children the council "
        "looked after on 31 March, as DfE publishes it",
    ),
)

CAVEATS = (
    Caveat(
        "cla_uasc_council_responsible",
        "Children are counted by the council that looks after them, which is not always where they live: "
        "a council may place a child in foster care or supported accommodation in another area. Under the "
        "National Transfer Scheme children also move from councils with many arrivals, such as Kent, to "
        "others, so a council's count reflects the scheme as well as where children first arrived.",
    ),
    Caveat(
        "cla_uasc_upper_tier",
        "DfE publishes these figures for councils responsible for children's services: counties, unitary "
        "authorities, metropolitan districts and London boroughs. A district within a county has no figure "
        "of its own, so its page shows the county's figure, labelled as the county's.",
    ),
    Caveat(
        "cla_uasc_one_day",
        "Each figure is a count on one day, 31 March. Children who arrived and turned 18, or left care, "
        "during the year are not in it, and a child whose age is disputed may be counted differently "
        "once the dispute is settled.",
    ),
    Caveat(
        "cla_uasc_small_numbers",
        "DfE rounds or withholds small numbers to protect children's identities; a withheld figure is "
        "shown as such, never as zero. Care leavers who were unaccompanied children are counted "
        "elsewhere.",
    ),
)

TERMS = (
    Term(
        "Unaccompanied asylum-seeking child (UASC)",
        "A child under 18 who has applied for asylum in their own right and is separated from both parents "
        "and from anyone who by law or custom is responsible for them.",
    ),
    Term(
        "Looked-after child",
        "A child in the care of a council, or provided with accommodation by it for "
        "more than 24 hours, under the Children Act 1989.",
    ),
    Term(
        "National Transfer Scheme",
        "The arrangement under which councils with many unaccompanied children "
        "transfer responsibility for some of them to councils with fewer.",
    ),
)

SOURCE = Source(
    id=SOURCE_ID,
    title="Children looked after in England: unaccompanied asylum-seeking children on 31 March",
    publisher="Department for Education (DfE)",
    landing_page=LANDING_PAGE,
    downloads=(),
    discover=(DISCOVER,),
    licence=OGL,
    licence_url=OGL_URL,
    cadence="annual, in November, for the year ending 31 March",
    # Our estimate: DfE publishes in the second half of November (14 November 2024).
    next_release="2027-11-18",
    geography_levels=("country", "region", "county", "local_authority"),
    measures=MEASURES,
    measures_summary=(
        "How many of the children each council looked after on 31 March were unaccompanied "
        "asylum-seeking children, and what share of all looked-after children they were."
    ),
    kind="stock",
    coverage=(
        "Children looked after by councils in England on 31 March: England, its regions and each council "
        "responsible for children's services."
    ),
    not_covered=(
        "Children in Wales, Scotland and Northern Ireland; districts within counties; former "
        "unaccompanied children who have left care; children supported by the Home Office."
    ),
    lag="About eight months: figures for 31 March appear in November.",
    rounding="Counts as published; DfE rounds or withholds small numbers (shown with their reason). "
    "Percentages as published.",
    caveats=CAVEATS,
    files=(FileSpec(patterns=("*la_cla_on_31_march_by_characteristics*.csv",), parse=parse),),
    terms=TERMS,
)
