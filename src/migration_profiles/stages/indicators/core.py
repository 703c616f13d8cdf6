"""Indicators, themes and charts built on the ONS mid-year estimates and migration indicators.

One source per measure: moves to and from abroad and within the UK come from the mid-year estimates,
the current series (to mid-2025). ONS's Local Area Migration Indicators (LAMI) drew those flows from an
older edition of the same estimates and ended with data for 2020, so their copies of the flows are not
shown beside them; LAMI remains the source, as history, of what no current source here gives by council.
"""

from __future__ import annotations

from migration_profiles.stages.indicators import rates
from migration_profiles.stages.indicators.registry import (
    ChartDef,
    Indicator,
    Theme,
    ratio,
    select_measure,
)

PER_1000 = rates.PER_1000
# Said wherever LAMI's figures appear: the series will not be updated.
LAMI_ENDED = ("From ONS's Local Area Migration Indicators, a series that ended with data for 2020 and will "
              "not be updated.")

THEMES = (
    Theme(
        "population",
        "Population and how it changed",
        "The resident population at mid-year and the parts its yearly change is made of: births "
        "minus deaths, moves within the UK, moves to and from abroad, and other changes.",
    ),
    Theme(
        "international",
        "Long-term international migration",
        "People moving to or from the area from abroad for a year or more, as estimated by ONS in its "
        "mid-year population estimates.",
    ),
    Theme(
        "internal",
        "Moves within the UK",
        "People moving into or out of the area from elsewhere in the UK, as estimated by ONS in its mid-year "
        "population estimates.",
    ),
    Theme(
        "population_stock",
        "Residents born abroad or without British nationality",
        "Survey estimates of how many residents were born outside the UK, and how many do not hold "
        "British nationality. They are estimates with a margin of error, shown as a shaded band. "
        + LAMI_ENDED,
    ),
    Theme(
        "registrations",
        "New arrivals registering for work and health care",
        "Adults from overseas given a National Insurance number, and people arriving from abroad "
        "who registered with a GP for the first time. Both count registrations, not arrivals. "
        + LAMI_ENDED + " DWP's current National Insurance number figures, by quarter, are in their own "
        "section.",
    ),
    Theme(
        "short_term",
        "Short-term migration",
        "People arriving from abroad for between three and twelve months, estimated by ONS. " + LAMI_ENDED,
    ),
    Theme(
        "births",
        "Births to mothers born outside the UK",
        "The share of babies born to residents of the area whose mothers were born outside the UK. "
        + LAMI_ENDED,
    ),
)

INDICATORS = (
    # Population and components of change (ONS mid-year estimates)
    Indicator("population", "Population", "people", "population", "mye", ("population",), (),
              "Mid-year estimate of all usual residents.", select_measure("mye", "population"),
              overview=True),
    Indicator("natural_change", "Natural change (births minus deaths)", "people", "population", "mye",
              ("natural_change",), (), "Births minus deaths in the year to mid-year.",
              select_measure("mye", "natural_change")),
    Indicator("internal_migration_net", "Net moves within the UK", "people", "population", "mye",
              ("internal_net",), (), "Moves in from the rest of the UK minus moves out.",
              select_measure("mye", "internal_net")),
    Indicator("international_migration_net_mye", "Net international migration", "people", "population",
              "mye", ("international_net",), (), "Long-term arrivals from abroad minus departures abroad.",
              select_measure("mye", "international_net")),
    Indicator("other_change", "Other changes", "people", "population", "mye", ("other_change",), (),
              "Changes not counted elsewhere, such as armed forces moving in or out.",
              select_measure("mye", "other_change")),
    # Long-term international migration and moves within the UK (ONS mid-year estimates: one source per
    # measure, the current one; LAMI's copies of these flows, from an older edition, are not shown)
    Indicator("ltim_inflow", "Long-term immigration", "people", "international", "mye", ("international_in",),
              (), "Long-term international migrants arriving in the area in the year to mid-year.",
              select_measure("mye", "international_in"), overview=True),
    Indicator("ltim_outflow", "Long-term emigration", "people", "international", "mye",
              ("international_out",), (),
              "Long-term international migrants leaving the area for abroad in the year to "
              "mid-year.",
              select_measure("mye", "international_out")),
    Indicator("ltim_net", "Net long-term international migration", "people", "international", "mye",
              ("international_net",), (), "Long-term immigration minus long-term emigration, as published.",
              select_measure("mye", "international_net"), overview=True),
    Indicator("internal_inflow", "Moves in from elsewhere in the UK", "people", "internal", "mye",
              ("internal_in",), (), "People moving into the area from the rest of the UK in the year.",
              select_measure("mye", "internal_in")),
    Indicator("internal_outflow", "Moves out to elsewhere in the UK", "people", "internal", "mye",
              ("internal_out",), (), "People moving from the area to the rest of the UK in the year.",
              select_measure("mye", "internal_out")),
    # Non-UK-born and non-British residents (APS, via LAMI)
    Indicator("non_uk_born", "Residents born outside the UK", "people", "population_stock", "lami",
              ("non_uk_born",), (), "Annual Population Survey estimate, rounded to the nearest 1,000.",
              select_measure("lami", "non_uk_born"), round_to=1000, overview=True),
    Indicator("non_uk_born_share", "Share of residents born outside the UK", "% of residents",
              "population_stock", "lami", ("non_uk_born", "aps_population_cob"), (),
              "Non-UK-born estimate divided by the survey's resident population, as a percentage; the "
              "interval is the published count interval divided the same way.",
              ratio("lami", "non_uk_born", "aps_population_cob", 100), decimals=1, percent=True,
              overview=True, comparable=True, rate_of="non_uk_born"),
    Indicator("non_british", "Residents without British nationality", "people", "population_stock", "lami",
              ("non_british",), (), "Annual Population Survey estimate, rounded to the nearest 1,000.",
              select_measure("lami", "non_british"), round_to=1000, overview=True),
    Indicator("non_british_share", "Share of residents without British nationality", "% of residents",
              "population_stock", "lami", ("non_british", "aps_population_nat"), (),
              "Non-British estimate divided by the survey's resident population, as a percentage.",
              ratio("lami", "non_british", "aps_population_nat", 100), decimals=1, percent=True,
              overview=True, comparable=True, rate_of="non_british"),
    # Registrations (DWP NINo and NHS GP, via LAMI)
    Indicator("nino_registrations", "National Insurance numbers given to overseas adults, by calendar year "
              "(to 2020)", "registrations", "registrations", "lami", ("nino_registrations",), (),
              "Registrations in the calendar year by adults from overseas living in the area, as LAMI "
              "published them (history: DWP's quarterly figures are the current series).",
              select_measure("lami", "nino_registrations")),
    Indicator("nino_rate", "NINo registrations per 1,000 residents aged 16 to 64", "per 1,000 aged 16 to 64",
              "registrations", "lami", ("nino_registrations", "population_16_64"), (),
              "Registrations in the calendar year divided by the mid-year population aged 16 to 64, "
              "times 1,000.",
              ratio("lami", "nino_registrations", "population_16_64", 1000), decimals=1,
              comparable=True, rate_of="nino_registrations"),
    Indicator("gp_registrations", "New migrant GP registrations", "registrations", "registrations", "lami",
              ("gp_registrations",), (),
              "People previously living abroad who registered with a GP in the year to mid-year.",
              select_measure("lami", "gp_registrations")),
    Indicator("gp_rate", "New migrant GP registrations per 1,000 residents", PER_1000, "registrations",
              "lami", ("gp_registrations", "gp_population"), (),
              "GP registrations divided by the mid-year population at the end of the year, times 1,000.",
              ratio("lami", "gp_registrations", "gp_population", 1000), decimals=1, overview=True,
              comparable=True, rate_of="gp_registrations"),
    # Short-term migration (LAMI)
    Indicator("stim_inflow", "Short-term arrivals from abroad", "people", "short_term", "lami",
              ("stim_inflow",), (), "Modelled estimate; shown to the nearest 10 because it is not precise "
              "to the unit.", select_measure("lami", "stim_inflow"), round_to=10),
    Indicator("stim_rate", "Short-term arrivals per 1,000 residents", PER_1000, "short_term", "lami",
              ("stim_inflow", "stim_population"), (),
              "Short-term arrivals divided by the mid-year population, times 1,000.",
              ratio("lami", "stim_inflow", "stim_population", 1000), decimals=1, overview=True,
              comparable=True, rate_of="stim_inflow"),
    # Births (ONS, NRS, NISRA via LAMI)
    Indicator("births_non_uk_mother", "Births to mothers born outside the UK", "births", "births", "lami",
              ("live_births_non_uk_mother",), (), "Live births in the calendar year, by mother's residence.",
              select_measure("lami", "live_births_non_uk_mother")),
    Indicator("births_non_uk_mother_share", "Share of births to mothers born outside the UK", "% of births",
              "births", "lami", ("live_births_non_uk_mother_pct",), (),
              "As published: births to non-UK-born mothers as a percentage of all live births.",
              select_measure("lami", "live_births_non_uk_mother_pct"), decimals=1, percent=True,
              overview=True, comparable=True, rate_of="births_non_uk_mother"),
)
_COUNTS = {ind.id: ind for ind in INDICATORS}
# Flows per 1,000 residents: the mid-year estimates' flows against the estimate at the end of the year.
INDICATORS += tuple(rates.rate(_COUNTS[i]) for i in (
    "ltim_inflow", "ltim_outflow", "ltim_net", "internal_inflow", "internal_outflow", "natural_change",
    "internal_migration_net", "international_migration_net_mye", "other_change"))
NO_RATE = {
    "population": "The population is what every rate divides by; per 1,000 residents it would always be "
                  "1,000.",
}

# Components that make up a year's population change, in the order a reader expects them.
COMPONENTS_OF_CHANGE = ("natural_change", "internal_migration_net", "international_migration_net_mye",
                        "other_change")

CHARTS = (
    ChartDef("population", "population", "Population at mid-year", ("population",), False),
    ChartDef("components", "population", "Components of population change", COMPONENTS_OF_CHANGE, False),
    ChartDef("component_rates", "population", "Components of population change per 1,000 residents",
             tuple(f"{i}_rate" for i in COMPONENTS_OF_CHANGE), False),
    ChartDef("ltim_flows", "international", "Long-term international migration",
             ("ltim_inflow", "ltim_outflow", "ltim_net"), False),
    ChartDef("three_measures", "international", "Three measures of immigration",
             ("ltim_inflow", "gp_registrations", "nino_registrations"), False, different_definitions=True),
    ChartDef("ltim_rate", "international", "Long-term immigration per 1,000 residents", ("ltim_inflow_rate",),
             True),
    ChartDef("ltim_flow_rates", "international",
             "Long-term immigration, emigration and net migration per 1,000 residents",
             ("ltim_inflow_rate", "ltim_outflow_rate", "ltim_net_rate"), False),
    ChartDef("internal_flows", "internal", "Moves within the UK", ("internal_inflow", "internal_outflow",
                                                                   "internal_migration_net"), False),
    ChartDef("internal_flow_rates", "internal", "Moves within the UK per 1,000 residents",
             ("internal_inflow_rate", "internal_outflow_rate", "internal_migration_net_rate"), False),
    ChartDef("non_uk_born_share", "population_stock", "Share of residents born outside the UK",
             ("non_uk_born_share",), True, with_interval=True),
    ChartDef("non_british_share", "population_stock", "Share of residents without British nationality",
             ("non_british_share",), True, with_interval=True),
    ChartDef("nino_rate", "registrations", "NINo registrations per 1,000 residents aged 16 to 64",
             ("nino_rate",), True),
    ChartDef("gp_rate", "registrations", "New migrant GP registrations per 1,000 residents",
             ("gp_rate",), True),
    ChartDef("stim_rate", "short_term", "Short-term arrivals per 1,000 residents", ("stim_rate",), True),
    ChartDef("births_share", "births", "Share of births to mothers born outside the UK",
             ("births_non_uk_mother_share",), True),
)
