"""Indicators of small areas (MSOAs, source 'census2021_msoa'): the shares the settlement maps shade.

They are computed for every MSOA like any indicator, so that they reach the maps through the one
publication path (publish.py). No page section or chart of their own: they are drawn on the council
page's settlement map (msoa_maps.py), never as pages of their own.
"""

from __future__ import annotations

from migration_profiles.indicators.registry import Indicator, ratio
from migration_profiles.sources import census2021_msoa as msoa

SOURCE = msoa.SOURCE_ID
THEMES = ()
CHARTS = ()
_CAVEATS = ("msoa_perturbation", "msoa_lockdown")

INDICATORS = (
    Indicator(
        "msoa_outside_uk_share",
        "Arrived from outside the UK in the year before the census",
        "% of residents aged 1 and over",
        "census",
        SOURCE,
        (msoa.OUTSIDE_UK, msoa.MIGRANT_TOTAL),
        _CAVEATS,
        "Census 2021 TS019 by MSOA: residents whose address a year before the census was outside the UK, "
        "divided by the table's total (residents aged 1 and over), as a percentage.",
        ratio(SOURCE, msoa.OUTSIDE_UK, msoa.MIGRANT_TOTAL, 100),
        decimals=1,
        percent=True,
    ),
    Indicator(
        "msoa_other_language_share",
        "Main language not English (small areas)",
        "% of residents aged 3 and over",
        "census",
        SOURCE,
        (msoa.OTHER_LANGUAGE, msoa.ENGLISH_TOTAL),
        _CAVEATS,
        "Census 2021 TS029 by MSOA: residents whose main language is not English (or Welsh, in Wales), "
        "divided by the table's total (residents aged 3 and over), as a percentage.",
        ratio(SOURCE, msoa.OTHER_LANGUAGE, msoa.ENGLISH_TOTAL, 100),
        decimals=1,
        percent=True,
    ),
)
