"""Every theme, indicator and chart a profile can show, gathered from one module per group of sources.

To add a source's indicators, write a module beside core.py exporting THEMES, INDICATORS and
CHARTS, and add it to MODULES. Order here is the order of sections on a page.
"""

from __future__ import annotations

import importlib

from migration_profiles.stages.indicators.registry import ChartDef, Indicator, Theme
from migration_profiles.util.errors import ProfilesError

MODULES = (
    "migration_profiles.stages.indicators.core",
    "migration_profiles.stages.indicators.eal",
    "migration_profiles.stages.indicators.census",
    "migration_profiles.stages.indicators.aps",
    "migration_profiles.stages.indicators.hesa",
    "migration_profiles.stages.indicators.asylum",
    "migration_profiles.stages.indicators.nino", "migration_profiles.stages.indicators.births",
    "migration_profiles.stages.indicators.context",
    "migration_profiles.stages.indicators.small_areas",
)

_loaded = [importlib.import_module(name) for name in MODULES]
THEMES: tuple[Theme, ...] = tuple(t for m in _loaded for t in m.THEMES)
INDICATORS: tuple[Indicator, ...] = tuple(i for m in _loaded for i in m.INDICATORS)
CHARTS: tuple[ChartDef, ...] = tuple(c for m in _loaded for c in m.CHARTS)
# Counts given no rate per 1,000 residents, each with the reason a reader would be given (rates.py).
NO_RATE: dict[str, str] = {k: v for m in _loaded for k, v in getattr(m, "NO_RATE", {}).items()}



def indicator(indicator_id: str) -> Indicator:
    for ind in INDICATORS:
        if ind.id == indicator_id:
            return ind
    raise ProfilesError(f"no indicator called '{indicator_id}'")
