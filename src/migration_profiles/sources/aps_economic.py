"""Employment rate of residents aged 16 to 64 born outside the UK, from the Annual Population Survey
(APS) on Nomis.

Nomis serves the APS as dataset NM_17_5 through its API; a query for CSV with a ``select`` list
returns one row per area, period, variable and measure:

    DATE_NAME,GEOGRAPHY_NAME,GEOGRAPHY_CODE,VARIABLE_NAME,MEASURES_NAME,OBS_VALUE,OBS_STATUS_NAME
    Jan 2024-Dec 2024,York,E06000014,Employment rate - aged 16-64,Variable,78.1,Normal Value
    Jan 2024-Dec 2024,York,E06000014,Employment rate - aged 16-64,Confidence,3.2,Normal Value

Confirmed from public uses of the API: the column names (a query without ``select`` returns them
among many others, which are ignored); the measures 20599 "Variable" (the rate), 21001 "Numerator",
21002 "Denominator" and 21003 "Confidence" (the +/- half-width of the 95% interval); the variable
45 "Employment rate - aged 16-64"; 12-month periods named "Jan 2024-Dec 2024"; and the status
texts for suppressed and unreliable estimates. Nomis's own pages say the APS gives employment,
unemployment and inactivity rates for working-age non-UK-born residents by local authority.

Inferred: the exact name and code of the non-UK-born employment rate variable. The parser accepts
a variable whose name says "employment rate", "non-UK born" (or "born outside the UK") and "16-64",
and refuses any other variable, naming the row, so that a query returning something else can never
be read as this measure. Refresh looks the code up in ``NM_17_5/variable.def.sdmx.json`` (DISCOVER).
"""

from __future__ import annotations

import calendar
import re
from pathlib import Path

import pandas as pd

from migration_profiles.sources._tabular import Place, key, read_csv, require_columns, show
from migration_profiles.sources.base import (
    NOMIS,
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

SOURCE_ID = "aps_economic"

COLUMNS = (
    "DATE_NAME",
    "GEOGRAPHY_NAME",
    "GEOGRAPHY_CODE",
    "VARIABLE_NAME",
    "MEASURES_NAME",
    "OBS_VALUE",
    "OBS_STATUS_NAME",
)
ALL_RESIDENTS = "employment_rate_16_64"
NON_UK_BORN = "employment_rate_non_uk_born_16_64"
VARIABLE_ALL = "Employment rate - aged 16-64"

# Nomis's measure names: the rate, the +/- half-width of its 95% interval, and the two counts behind
# the rate (read past: the counts carry the same survey error and the rate is what is published).
VALUE, CONFIDENCE, NUMERATOR, DENOMINATOR = "variable", "confidence", "numerator", "denominator"

STATUSES = {
    "normal value": st.OK,
    # '!' in Nomis tables: no estimate, to protect respondents.
    "estimate and confidence interval not available since the group sample size is zero or disclosive "
    "(0-2)": st.CONFIDENTIAL,
    # '*': Nomis shows an estimate but warns it is unreliable. We do not show it (caveat below).
    "estimate and confidence interval unreliable since the group sample size is small "
    "(3-9)": st.NOT_AVAILABLE,
    "estimate is less than 500": st.NOT_AVAILABLE,
    "these figures are missing.": st.NOT_AVAILABLE,
    "these figures are missing": st.NOT_AVAILABLE,
}

_GSS = re.compile(r"^[EWSNK]\d{8}$")
_PERIOD = re.compile(r"^(?P<m1>[A-Za-z]{3}) (?P<y1>\d{4}) ?- ?(?P<m2>[A-Za-z]{3}) (?P<y2>\d{4})$")
_MONTHS = {name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name}


def _variable(name: str) -> str | None:
    text = key(name)
    if text == key(VARIABLE_ALL):
        return ALL_RESIDENTS
    born_abroad = "non-uk born" in text or "non uk born" in text or "born outside the uk" in text
    other_split = any(w in text for w in ("white", "ethnic", "male", "female", "eu ", "eea"))
    if text.startswith("employment rate") and born_abroad and "16-64" in text and not other_split:
        return NON_UK_BORN
    return None


def _period(text: str) -> tuple[str, str, str] | None:
    match = _PERIOD.match(" ".join(text.split()))
    if not match:
        return None
    m1, m2 = _MONTHS.get(match["m1"].casefold()), _MONTHS.get(match["m2"].casefold())
    y1, y2 = int(match["y1"]), int(match["y2"])
    if not m1 or not m2 or (y2 * 12 + m2) - (y1 * 12 + m1) != 11:
        return None
    last = calendar.monthrange(y2, m2)[1]
    label = f"{calendar.month_abbr[m1]} {y1} to {calendar.month_abbr[m2]} {y2}"
    return label, f"{y1}-{m1:02d}-01", f"{y2}-{m2:02d}-{last:02d}"


def parse(path: Path) -> pd.DataFrame:
    place = Place(SOURCE_ID, path)
    header, rows = read_csv(path, place)
    at = require_columns(header, COLUMNS, place)
    found: dict[tuple, dict] = {}
    for number, cells in rows:
        cells = cells + [""] * (len(header) - len(cells))
        get = {name: cells[i] for name, i in at.items()}
        measure = _variable(get["VARIABLE_NAME"])
        if measure is None:
            raise place.error(
                f"the variable '{VARIABLE_ALL}' or the employment rate of non-UK-born residents aged 16-64",
                show(get["VARIABLE_NAME"]),
                number,
                "VARIABLE_NAME",
            )
        kind = key(get["MEASURES_NAME"])
        if kind not in (VALUE, CONFIDENCE, NUMERATOR, DENOMINATOR):
            raise place.error(
                "'Variable', 'Confidence', 'Numerator' or 'Denominator'",
                show(get["MEASURES_NAME"]),
                number,
                "MEASURES_NAME",
            )
        if kind in (NUMERATOR, DENOMINATOR):
            continue
        code = get["GEOGRAPHY_CODE"]
        if not _GSS.match(code):
            raise place.error("a GSS area code such as E06000014", show(code), number, "GEOGRAPHY_CODE")
        period = _period(get["DATE_NAME"])
        if period is None:
            raise place.error(
                "a 12-month period such as 'Jan 2024-Dec 2024'", show(get["DATE_NAME"]), number, "DATE_NAME"
            )
        status = STATUSES.get(key(get["OBS_STATUS_NAME"]))
        if status is None:
            raise place.error(
                "a Nomis status such as 'Normal Value'",
                show(get["OBS_STATUS_NAME"]),
                number,
                "OBS_STATUS_NAME",
            )
        raw = get["OBS_VALUE"]
        value = None
        if status == st.OK:
            value, _ = read_figure(raw, place.error, number, "OBS_VALUE", required=True)
        slot = (code, period[0], measure)
        record = found.setdefault(slot, {"name": get["GEOGRAPHY_NAME"], "period": period, "row": number})
        if kind in record:
            raise place.error(
                f"one '{get['MEASURES_NAME']}' row per area, period and variable",
                f"a second one for {code} {period[0]}",
                number,
                "MEASURES_NAME",
            )
        record[kind] = (value, status)
    records = []
    for (code, label, measure), record in found.items():
        if VALUE not in record:
            raise place.error(
                f"a 'Variable' row beside the 'Confidence' row for {code} {label}",
                "none",
                record["row"],
                "MEASURES_NAME",
            )
        value, status = record[VALUE]
        half = record.get(CONFIDENCE, (None, st.NOT_AVAILABLE))[0]
        if status != st.OK:
            value = None
        lower = value - half if value is not None and half is not None else None
        upper = value + half if value is not None and half is not None else None
        _, start, end = record["period"]
        records.append(observation(code, record["name"], (label, start, end), measure, value, status,
                                   (lower, upper)))
    return tidy_frame(records)


# --------------------------------------------------------------------------------------------
# The declaration

LANDING_PAGE = "https://www.nomisweb.co.uk/datasets/apsnew"
# Nomis API: one CSV with every area asked for, the latest 12-month period and the four before it at
# yearly steps, for the variable 45 (all residents) and the non-UK-born employment rate. The latter's
# code could not be confirmed from public material, so refresh looks it up in the dataset's variable
# codelist by its description (the same test the parser applies to VARIABLE_NAME) and refuses to guess
# when none or several fit. Confirmed from public uses of the API: dataset NM_17_5, the codelist's
# address and JSON shape (structure.codelists.codelist[0].code[].value / .description.value), variable
# 45, measures 20599/21001/21002/21003, the select list, and the geography TYPE codes: TYPE499
# countries, TYPE480 regions, TYPE424 local authorities (districts and unitaries as of April 2023).
# A guest query may return up to 25,000 rows; this one is about 15,000 (5 periods x ~380 areas x 2
# variables x 4 measures).
VARIABLES = "https://www.nomisweb.co.uk/api/v01/dataset/NM_17_5/variable.def.sdmx.json"
NON_UK_BORN_DESCRIPTION = (
    r"^(?!.*\b(?:white|ethnic|males?|females?|eu|eea)\b)employment rate\b(?=.*16-64)"
    r"(?=.*(?:non[- ]uk[- ]born|born outside the uk))"
)
QUERY = (
    "https://www.nomisweb.co.uk/api/v01/dataset/NM_17_5.data.csv?geography=TYPE499,TYPE480,TYPE424"
    "&date=latestMINUS16,latestMINUS12,latestMINUS8,latestMINUS4,latest&variable=45,{code}"
    "&measures=20599,21001,21002,21003"
    "&select=date_name,geography_name,geography_code,variable_name,measures_name,obs_value,obs_status_name"
)
DISCOVER = Discover(
    NOMIS, VARIABLES, title=NON_UK_BORN_DESCRIPTION, address=QUERY,
    store_as="nomis_nm_17_5_aps_employment.csv",
    confirmed="dataset, codelist, variable 45, measures and geography types from public uses of the Nomis "
              "API; the non-UK-born variable's code is looked up at refresh time",
)

MEASURES = (
    Measure(
        ALL_RESIDENTS,
        "Employment rate, all residents aged 16 to 64",
        "percent",
        "rate",
        counts="residents aged 16 to 64 in work (employees, self-employed and others in work) as a "
        "percentage of all residents of that age, from the survey",
    ),
    Measure(
        NON_UK_BORN,
        "Employment rate, residents aged 16 to 64 born outside the UK",
        "percent",
        "rate",
        counts="residents aged 16 to 64 born outside the UK who are in work, as a percentage of all "
        "residents of that age born outside the UK, from the survey",
    ),
)

CAVEATS = (
    Caveat(
        "aps_economic_survey",
        "These are survey estimates, not counts. In a council area only a few hundred people born abroad "
        "may be interviewed, so the estimate comes with a wide margin of error, shown as a band (the 95% "
        "confidence interval). Two areas, or two years, whose bands overlap may not really differ.",
    ),
    Caveat(
        "aps_economic_suppressed",
        "Where too few people born outside the UK were interviewed, Nomis gives no estimate, or gives one "
        "it marks as unreliable (fewer than 10 respondents). We show neither: the page says the figure is "
        "not available.",
    ),
    Caveat(
        "aps_economic_not_students",
        "The employment rate counts everyone aged 16 to 64, including full-time students, who are mostly "
        "not in work. In places with a university, a lower rate for people born abroad can simply reflect "
        "how many of them are international students; the survey does not separate them out here.",
    ),
    Caveat(
        "aps_economic_households",
        "The survey covers people living in private households, and a few in student halls and NHS "
        "accommodation. People in most other communal establishments, such as hostels and care homes, "
        "are not covered, and the estimates are not revised when population estimates are.",
    ),
)

TERMS = (
    Term(
        "Employment rate",
        "The share of people in an age group who did any paid work in the reference week "
        "(or were temporarily away from a job), including the self-employed.",
    ),
    Term(
        "Annual Population Survey (APS)",
        "ONS's household survey that combines a year of Labour Force Survey "
        "interviews with a boost sample, so that it can give estimates for "
        "council areas.",
    ),
)

SOURCE = Source(
    id=SOURCE_ID,
    title="Annual Population Survey: employment rate by country of birth",
    publisher="Office for National Statistics (ONS), through Nomis",
    landing_page=LANDING_PAGE,
    downloads=(),
    discover=(DISCOVER,),
    licence=OGL,
    licence_url=OGL_URL,
    cadence="quarterly: each quarter adds the 12 months to the end of that quarter",
    # Our estimate: Nomis adds a quarter's APS with ONS's labour market release in the third month after
    # the quarter ends (October to September appears in mid January).
    next_release="2027-01-19",
    geography_levels=("country", "region", "local_authority"),
    measures=MEASURES,
    measures_summary=(
        "The share of residents aged 16 to 64 who are in work, for those born outside the UK and "
        "for all residents, over 12 months, with a 95% confidence interval."
    ),
    kind="stock",
    coverage="Residents of private households in each local authority, region and country of the UK, "
    "aged 16 to 64.",
    not_covered=(
        "Most people in communal establishments; a split by nationality, by EU and non-EU country of "
        "birth or by reason for migration at local authority level; students identified as such."
    ),
    lag="About three months after the end of the 12-month period.",
    rounding="Rates to one decimal place, as Nomis gives them; the interval is +/- the published half-width.",
    caveats=CAVEATS,
    files=(FileSpec(patterns=("*nm_17_5*.csv", "*aps*employment*.csv"), parse=parse),),
    terms=TERMS,
)
