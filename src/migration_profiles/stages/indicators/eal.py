"""Indicators, theme and charts built on the DfE school census: pupils with English as an additional language.

DfE publishes these figures only for local authorities responsible for schools, so every indicator
is upper tier: a district's page shows its county's figures, labelled as the county's.
"""

from __future__ import annotations

from migration_profiles.stages.indicators.registry import ChartDef, Indicator, Theme, ratio, select_measure

SOURCE = "dfe_eal"
THEME = "schools"
SHARE_UNIT = "% of pupils"
COUNT_UNIT = "pupils"

# The caveats that bear on every EAL figure; the share indicators add the one on how they are computed.
_CAVEATS = ("eal_not_migration", "eal_not_proficiency", "eal_census_day", "eal_where_the_school_is",
            "eal_upper_tier", "eal_phases", "eal_series_break")
# DfE's coverage changed between the 2016/17 and 2017/18 census (caveat eal_series_break).
SERIES_BREAK = "2017-09-01"

THEMES = (
    Theme(
        THEME,
        "Pupils with English as an additional language",
        "Pupils in state-funded schools whose first language is known or believed to be other than "
        "English, counted in the school census each January. It includes many children born in the UK "
        "and fluent bilingual pupils, so it is neither a count of migrants nor a measure of English "
        "skills. Published for councils that run schools; a district's page shows its county's figure.",
    ),
)

_PHASES = (
    ("all", "all school types", True),
    ("primary", "state-funded primary schools", False),
    ("secondary", "state-funded secondary schools", False),
)


def _share(phase: str, words: str, overview: bool) -> Indicator:
    title = ("Share of pupils with English as an additional language" if phase == "all"
             else f"Share of {phase} pupils with English as an additional language")
    return Indicator(
        f"eal_share_{phase}", title, SHARE_UNIT, THEME, SOURCE, (f"eal_pupils_{phase}", f"pupils_{phase}"),
        (*_CAVEATS, "eal_share_from_headcounts"),
        f"Pupils whose first language is other than English as a percentage of all pupils in {words} on "
        f"census day in January, computed from DfE's headcounts (it matches DfE's own percentage wherever "
        f"that is sound).",
        ratio(SOURCE, f"eal_pupils_{phase}", f"pupils_{phase}", 100),
        decimals=1, percent=True, overview=overview, comparable=True, upper_tier=True,
        rate_of=f"eal_pupils_{phase}", series_break=SERIES_BREAK,
    )


def _count(phase: str, words: str) -> Indicator:
    title = ("Pupils with English as an additional language" if phase == "all"
             else f"{phase.capitalize()} pupils with English as an additional language")
    return Indicator(
        f"eal_pupils_{phase}", title, COUNT_UNIT, THEME, SOURCE, (f"eal_pupils_{phase}",), _CAVEATS,
        f"Headcount of pupils in {words} whose first language is known or believed to be other than "
        f"English, on census day in January, as published.",
        select_measure(SOURCE, f"eal_pupils_{phase}"),
        upper_tier=True, series_break=SERIES_BREAK,
    )


INDICATORS = (
    *(_share(phase, words, overview) for phase, words, overview in _PHASES),
    *(_count(phase, words) for phase, words, _ in _PHASES),
    Indicator(
        "pupils_all", "Pupils in the school census (all school types)", COUNT_UNIT, THEME, SOURCE,
        ("pupils_all",), _CAVEATS,
        "Headcount of all pupils in state-funded nursery, primary, secondary and special schools, "
        "non-maintained special schools and pupil referral units on census day in January, as published.",
        select_measure(SOURCE, "pupils_all"),
        upper_tier=True, series_break=SERIES_BREAK,
    ),
)

NO_RATE = {
    "pupils_all": "All pupils are the total the EAL shares divide by; they are counted where the school "
                  "is, not where the pupils live, so a rate per resident would mix two populations.",
}

CHARTS = (
    ChartDef("eal_share", THEME, "Share of pupils with English as an additional language",
             ("eal_share_all",), True),
    ChartDef("eal_share_by_phase", THEME, "Share of pupils with English as an additional language, by phase",
             ("eal_share_primary", "eal_share_secondary", "eal_share_all"), False),
    ChartDef("eal_pupils_by_phase", THEME, "Pupils with English as an additional language, by phase",
             ("eal_pupils_primary", "eal_pupils_secondary", "eal_pupils_all"), False),
)
