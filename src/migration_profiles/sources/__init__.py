"""The registry of declared sources. Add a source by adding its module to SOURCE_MODULES."""

from __future__ import annotations

import importlib
from functools import cache

from migration_profiles.sources.base import Source
from migration_profiles.util.errors import ProfilesError

SOURCE_MODULES = (
    "migration_profiles.sources.geography",
    "migration_profiles.sources.mye",
    "migration_profiles.sources.lami",
    "migration_profiles.sources.aps_cob",
    "migration_profiles.sources.hesa",
    "migration_profiles.sources.dfe_eal",
    "migration_profiles.sources.census2021",
    "migration_profiles.sources.asylum_support",
    "migration_profiles.sources.resettlement",
    "migration_profiles.sources.dwp_nino", "migration_profiles.sources.births_parents_cob",
    *(f"migration_profiles.sources.{m}" for m in ("aps_economic", "core_lettings", "rough_sleeping",
      "children_looked_after", "police_crime", "hate_crime", "nrm", "imd", "boundaries",
      "census2021_msoa")),
)


@cache
def all_sources() -> tuple[Source, ...]:
    return tuple(importlib.import_module(name).SOURCE for name in SOURCE_MODULES)


def get_source(source_id: str) -> Source:
    for source in all_sources():
        if source.id == source_id:
            return source
    known = ", ".join(s.id for s in all_sources())
    raise ProfilesError(f"no source called '{source_id}'; known sources: {known}")
