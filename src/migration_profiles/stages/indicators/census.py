"""Indicators, theme and charts built on the Census 2021 tables (source 'census2021').

Every share divides a count by the total of the same table, never by another table's or by a
population estimate: ONS perturbs each table's cells separately, so the totals of two tables for one
area differ by a few people, and a share over a foreign total could exceed 100%.
"""

from __future__ import annotations

from migration_profiles.sources.census2021_tables import (
    ARRIVAL,
    COB,
    COB_EU,
    ENGLISH,
    MIGRANT,
    PASSPORTS,
    Table,
)
from migration_profiles.stages.indicators.registry import ChartDef, Indicator, Theme, ratio, select_measure
from migration_profiles.util.wording import lower_first

SOURCE = "census2021"
THEME = "census"

# Caveats that bear on every census figure, and those of each table.
_ALL = ("census2021_lockdown", "census2021_perturbation", "census2021_snapshot")
_CAVEATS = {
    COB.id: _ALL + ("census2021_groups_and_sums",),
    PASSPORTS.id: _ALL + ("census2021_passports_proxy", "census2021_groups_and_sums"),
    ARRIVAL.id: _ALL + ("census2021_year_of_arrival", "census2021_groups_and_sums"),
    ENGLISH.id: _ALL + ("census2021_english_self_assessed", "census2021_groups_and_sums"),
    MIGRANT.id: _ALL + ("census2021_migrant_indicator", "census2021_groups_and_sums"),
    COB_EU.id: _ALL + ("census2021_groups_and_sums",),
}
_OF = {
    COB.id: "% of residents",
    PASSPORTS.id: "% of residents",
    ARRIVAL.id: "% of residents",
    ENGLISH.id: "% of residents aged 3 and over",
    MIGRANT.id: "% of residents aged 1 and over",
    COB_EU.id: "% of residents",
}

THEMES = (
    Theme(
        THEME,
        "Census 2021 baseline",
        "Who lived in the area on Census Day, 21 March 2021: where residents were born, which passports "
        "they held, when those born abroad arrived, how well those whose main language is not English "
        "speak it, and who had moved in from elsewhere in the UK or from abroad in the year before. A "
        "detailed but fixed snapshot, taken during a lockdown, against which later estimates can be read.",
    ),
)


def _title(table: Table, measure: str) -> str:
    titles = dict(table.groups) | {m: t for m, t, _ in table.derived}
    return titles[measure]


def share(table: Table, measure: str, title: str | None = None, *, overview: bool = False,
          indicator_id: str | None = None, rate_of: str = "") -> Indicator:
    """measure as a percentage of its own table's total, for the area and its comparators. It is the
    rate of the count of the same measure (rate_of): see rates.py for why no per-1,000 figure is added."""
    return Indicator(
        indicator_id or f"{measure}_share",
        title or _title(table, measure),
        _OF[table.id],
        THEME,
        SOURCE,
        (measure, table.total),
        _CAVEATS[table.id],
        f"Census 2021 {table.id} ({table.title}): {lower_first(_title(table, measure))}, divided by the "
        f"total of the same table ({table.universe}), as a percentage.",
        ratio(SOURCE, measure, table.total, 100),
        decimals=1,
        percent=True,
        overview=overview,
        comparable=True,
        rate_of=rate_of,
    )


def count(table: Table, measure: str, title: str, indicator_id: str) -> Indicator:
    return Indicator(
        indicator_id,
        title,
        "people",
        THEME,
        SOURCE,
        (measure,),
        _CAVEATS[table.id],
        f"Census 2021 {table.id} ({table.title}): {lower_first(_title(table, measure))}, as published "
        "(our sum of the table's categories); perturbed, so the last digit is not exact.",
        select_measure(SOURCE, measure),
    )


# The groups each chart draws, in the order a reader meets them.
COB_SHARES = tuple(share(COB, m) for m, _ in COB.groups)
# TS004's groups, with the EU split by accession; where TS004 is missing the TS012 chart stands in.
# The EU8 and EU2 counts below have these shares as their rates.
_EU_COUNTS = {"census_cobeu_eu8": "census_born_eu8", "census_cobeu_eu2": "census_born_eu2"}
COB_EU_SHARES = tuple(share(COB_EU, m, rate_of=_EU_COUNTS.get(m, "")) for m, _ in COB_EU.groups)
PASSPORT_SHARES = tuple(share(PASSPORTS, m) for m, _ in PASSPORTS.groups)
# Year of arrival: the bands only; the UK-born share is in the country of birth chart.
ARRIVAL_SHARES = tuple(share(ARRIVAL, m) for m, _ in ARRIVAL.groups if m != "census_arrival_born_uk")
ENGLISH_SHARES = tuple(share(ENGLISH, m) for m, _ in ENGLISH.groups)
MIGRANT_SHARES = tuple(share(MIGRANT, m) for m, _ in MIGRANT.groups)

INDICATORS = (
    share(COB, "census_cob_non_uk", "Born outside the UK (Census 2021)", overview=True,
          indicator_id="census_born_abroad_share", rate_of="census_born_abroad"),
    share(PASSPORTS, "census_passport_non_uk", "Holding only non-UK passports (Census 2021)", overview=True,
          indicator_id="census_non_uk_passport_share", rate_of="census_non_uk_passport"),
    share(ARRIVAL, "census_arrival_2011_2021", "Born abroad and arrived in 2011 or later (Census 2021)",
          indicator_id="census_arrived_since_2011_share"),
    share(ENGLISH, "census_english_other_main", "Main language not English (Census 2021)",
          indicator_id="census_other_main_language_share"),
    share(ENGLISH, "census_english_poor", "Cannot speak English well or at all (Census 2021)",
          indicator_id="census_poor_english_share", rate_of="census_poor_english"),
    share(MIGRANT, "census_migrant_outside_uk", "Moved from outside the UK in the year before the census",
          indicator_id="census_moved_from_abroad_share", rate_of="census_moved_from_abroad"),
    count(COB, "census_cob_non_uk", "Residents born outside the UK (Census 2021)", "census_born_abroad"),
    count(PASSPORTS, "census_passport_non_uk", "Residents holding only non-UK passports (Census 2021)",
          "census_non_uk_passport"),
    count(ENGLISH, "census_english_poor", "Residents who cannot speak English well or at all (Census 2021)",
          "census_poor_english"),
    count(MIGRANT, "census_migrant_outside_uk", "Residents who moved from outside the UK in the year before "
          "the census", "census_moved_from_abroad"),
    count(COB_EU, "census_cobeu_eu8", "Residents born in the EU8 countries (Census 2021)", "census_born_eu8"),
    count(COB_EU, "census_cobeu_eu2", "Residents born in Romania or Bulgaria (EU2, Census 2021)",
          "census_born_eu2"),
    *COB_SHARES,
    *COB_EU_SHARES,
    *PASSPORT_SHARES,
    *ARRIVAL_SHARES,
    *ENGLISH_SHARES,
    *MIGRANT_SHARES,
)

# Bars for the area alone: its region and country are set beside it in the table under each chart.
CHARTS = (
    ChartDef("census_country_of_birth_eu", THEME, "Country of birth (% of residents, Census 2021)",
             tuple(i.id for i in COB_EU_SHARES), False, kind="bar"),
    ChartDef("census_country_of_birth", THEME, "Country of birth (% of residents, Census 2021)",
             tuple(i.id for i in COB_SHARES), False, kind="bar", fallback_for="census_country_of_birth_eu"),
    ChartDef("census_passports", THEME, "Passports held (% of residents, Census 2021)",
             tuple(i.id for i in PASSPORT_SHARES), False, kind="bar"),
    ChartDef("census_year_of_arrival", THEME,
             "Residents born abroad, by year of arrival in the UK (% of all residents, Census 2021)",
             tuple(i.id for i in ARRIVAL_SHARES), False, kind="bar"),
    ChartDef("census_english", THEME, "Proficiency in English (% of residents aged 3 and over, Census 2021)",
             tuple(i.id for i in ENGLISH_SHARES), False, kind="bar"),
    ChartDef("census_migrant_indicator", THEME,
             "Address a year before the census (% of residents aged 1 and over, Census 2021)",
             tuple(i.id for i in MIGRANT_SHARES), False, kind="bar"),
)
