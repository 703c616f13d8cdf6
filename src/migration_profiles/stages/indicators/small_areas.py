"""Indicators of small areas (MSOAs, source 'census2021_msoa'): the shares the settlement maps shade.

They are computed for every MSOA like any indicator, so that they reach the maps through the one
publication path (publish.py). No page section or chart of their own: they are drawn on the council
page's settlement map (msoa_maps.py), never as pages of their own.
"""

from __future__ import annotations

from migration_profiles.sources import census2021_msoa as msoa
from migration_profiles.stages.indicators.registry import Indicator, ratio

SOURCE = msoa.SOURCE_ID
THEMES = ()
CHARTS = ()
_CAVEATS = ("msoa_perturbation", "msoa_lockdown")



def _share(indicator_id: str, title: str, table: str, part: str, total: str, universe: str,
           counted: str) -> Indicator:
    """part as a percentage of its own table's total (never another table's: each is perturbed apart)."""
    return Indicator(indicator_id, title, f"% of {universe}", "census", SOURCE, (part, total), _CAVEATS,
                     f"Census 2021 {table} by MSOA: {counted}, divided by the table's total ({universe}), "
                     "as a percentage.", ratio(SOURCE, part, total, 100), decimals=1, percent=True)


INDICATORS = (
    _share("msoa_outside_uk_share", "Arrived from outside the UK in the year before the census", "TS019",
           msoa.OUTSIDE_UK, msoa.MIGRANT_TOTAL, "residents aged 1 and over",
           "residents whose address a year before the census was outside the UK"),
    _share("msoa_other_language_share", "Main language not English (small areas)", "TS029",
           msoa.OTHER_LANGUAGE, msoa.ENGLISH_TOTAL, "residents aged 3 and over",
           "residents whose main language is not English (or Welsh, in Wales)"),
)
