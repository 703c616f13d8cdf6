"""Indicators, theme and charts built on ONS births by the mother's country of birth ('births_parents_cob').

Every share divides a group's births by all live births of the same area and year in the same table,
so the groups of one area can be set side by side and beside the region and the country.
"""

from __future__ import annotations

from migration_profiles.sources.births_parents_cob import (
    AFRICA,
    AMERICAS,
    ASIA,
    EU,
    NON_UK,
    OCEANIA,
    REST_OF_EUROPE,
    TOTAL,
    UK,
)
from migration_profiles.stages.indicators.registry import ChartDef, Indicator, Theme, ratio, select_measure

SOURCE = "births_parents_cob"
THEME = "births_cob"
_CAVEATS = ("births_cob_not_ethnicity", "births_cob_registration", "births_cob_small_numbers")
_GROUP_CAVEATS = _CAVEATS + ("births_cob_groups",)

THEMES = (
    Theme(
        THEME,
        "Births by where the mother was born",
        "Babies born to mothers living in the area, by the world region where the mother was born, as "
        "recorded when the birth was registered. Where mothers were born is not their ethnicity or a sign of "
        "recent arrival; England and Wales only.",
    ),
)

# The groups the bar chart draws, in the order ONS lists them: (measure, indicator id, title, place).
GROUPS = (
    (UK, "births_mother_uk_share", "Mother born in the UK", "the UK"),
    (EU, "births_mother_eu_share", "Mother born in the EU", "the EU"),
    (REST_OF_EUROPE, "births_mother_rest_of_europe_share", "Mother born in the rest of Europe",
     "Europe outside the EU"),
    (ASIA, "births_mother_asia_middle_east_share", "Mother born in the Middle East or Asia",
     "the Middle East or Asia"),
    (AFRICA, "births_mother_africa_share", "Mother born in Africa", "Africa"),
    (AMERICAS, "births_mother_americas_share", "Mother born in the Americas or the Caribbean",
     "the Americas or the Caribbean"),
    (OCEANIA, "births_mother_oceania_share", "Mother born in Antarctica or Oceania", "Antarctica or Oceania"),
)


def share(measure: str, indicator_id: str, title: str, place: str) -> Indicator:
    return Indicator(indicator_id, title, "% of live births", THEME, SOURCE, (measure, TOTAL),
                     _CAVEATS if measure == UK else _GROUP_CAVEATS,
                     f"Live births in the calendar year to mothers living in the area who were born in "
                     f"{place}, divided by all live births to mothers living in the area, as a percentage.",
                     ratio(SOURCE, measure, TOTAL, 100), decimals=1, percent=True, comparable=True)


GROUP_SHARES = tuple(share(*group) for group in GROUPS)
_TABLE = "(parents' country of birth table)"

INDICATORS = (
    Indicator("births_cob_total", f"Live births {_TABLE}", "births", THEME, SOURCE, (TOTAL,), _CAVEATS,
              "Live births in the calendar year to mothers living in the area, as published.",
              select_measure(SOURCE, TOTAL)),
    Indicator("births_cob_non_uk_mother", f"Live births to mothers born outside the UK {_TABLE}", "births",
              THEME, SOURCE, (NON_UK,), _CAVEATS,
              "Live births in the calendar year to mothers living in the area who were born outside the UK, "
              "as published.", select_measure(SOURCE, NON_UK)),
    Indicator("births_cob_non_uk_mother_share", f"Share of births to mothers born outside the UK {_TABLE}",
              "% of live births", THEME, SOURCE, (NON_UK, TOTAL), _CAVEATS,
              "Live births to mothers born outside the UK divided by all live births, as a percentage.",
              ratio(SOURCE, NON_UK, TOTAL, 100), decimals=1, percent=True, comparable=True,
              rate_of="births_cob_non_uk_mother"),
    *GROUP_SHARES,
)
NO_RATE = {
    "births_cob_total": "All live births are the total the shares of births divide by; births per "
                        "resident (the birth rate) says nothing about where mothers were born.",
}

CHARTS = (
    ChartDef("births_mother_region", THEME, "Births by the mother's region of birth, latest year",
             tuple(i.id for i in GROUP_SHARES), False, kind="bar"),
    ChartDef("births_cob_non_uk_share", THEME, "Share of births to mothers born outside the UK",
             ("births_cob_non_uk_mother_share",), True),
)
