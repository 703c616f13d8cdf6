"""Figures for councils created after a source's reference date: the sums of the areas they replaced.

Census 2021 describes the councils of 2021. Cumberland, Westmorland and Furness, North Yorkshire and
Somerset were made in April 2023 out of whole districts, so the census has nothing under their codes.
Census tables count people, and every person lives in exactly one district, so a new council's count
is the sum of its predecessors' counts in the same table; the indicators then work out its shares
from those summed counts, each over its own table's summed total.

A source opts in by naming the year whose boundaries its figures describe
(``Source.extra[BOUNDARY_YEAR]``). Only additive measures (counts of people) are summed, only for
current councils without figures of their own, and only when every predecessor has a value: one
missing predecessor leaves the sum missing, with that predecessor's reason, never an undercount.
"""

from __future__ import annotations

import pandas as pd

from migration_profiles.sums import sum_members

BOUNDARY_YEAR = "figures_on_boundaries_of"  # key of Source.extra: the year of the areas it publishes

_GROUP = ["source_id", "release", "file_name", "snapshot_sha256", "measure", "period_label", "period_start",
          "period_end"]


def boundary_year(source) -> int | None:
    return source.extra.get(BOUNDARY_YEAR) if source is not None else None


def predecessors_of(code: str, source, geography) -> tuple[str, ...]:
    """The areas whose figures make up `code`'s for this source; () when its figures are its own."""
    year = boundary_year(source)
    return geography.predecessors_in(code, year) if year else ()


def describe(code: str, source, geography) -> str:
    """'the sum of the 2021 figures for Allerdale, Carlisle and Copeland, the areas it replaced in 2023'."""
    names = [geography.name(p) for p in predecessors_of(code, source, geography)]
    if not names:
        return ""
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    created = geography.merged_year(code)
    when = f" in {created}" if created else ""
    return f"the sum of the {boundary_year(source)} figures for {listed}, the areas it replaced{when}"


def add_successor_sums(obs: pd.DataFrame, geography, sources, additive: set[tuple[str, str]]
                       ) -> tuple[pd.DataFrame, dict[str, dict[str, tuple[str, ...]]]]:
    """Add sums of predecessors' figures for current councils that a source cannot publish itself.

    Returns the observations with the sums added and {council: {source id: predecessors summed}}.
    """
    if obs.empty:
        return obs, {}
    current = {area.area_code for area in geography.local_authorities()}
    frames, summed = [], {}
    for source in sources:
        if not boundary_year(source):
            continue
        mine = obs[obs["source_id"] == source.id]
        mine = mine[mine["measure"].isin({m for sid, m in additive if sid == source.id})]
        own = set(mine["area_code"])
        for code in sorted(current - own):
            parts = predecessors_of(code, source, geography)
            rows = mine[mine["area_code"].isin(parts)]
            if not parts or rows.empty:
                continue
            frames.append(sum_members(rows, dict.fromkeys(parts, code), {code: len(parts)}, _GROUP)
                          .assign(area_name=geography.name(code)))
            summed.setdefault(code, {})[source.id] = parts
    if not frames:
        return obs, summed
    added = pd.concat(frames, ignore_index=True).reindex(columns=obs.columns)
    return pd.concat([obs, added], ignore_index=True), summed


def quality_entries(summed: dict[str, dict[str, tuple[str, ...]]], geography,
                    sources_by_id: dict) -> list[dict]:
    """One data-quality log entry per council and source summed, which the council's page shows."""
    entries = []
    for code, by_source in sorted(summed.items()):
        for source_id, parts in sorted(by_source.items()):
            source = sources_by_id[source_id]
            entries.append({
                "source_id": source_id,
                "area_code": code,
                "action": "summed",
                "note": f"{geography.name(code)} ({code}) did not exist in {boundary_year(source)}: its "
                        f"{source.title.split(':')[0]} figures are {describe(code, source, geography)}.",
                "rows": len(parts),
            })
    return entries
