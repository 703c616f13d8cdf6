"""Figures for councils created since a source's period: the sums of the areas they replaced.

Cumberland, Westmorland and Furness, North Yorkshire and Somerset were made in April 2023 out of whole
districts, so a source's figures for earlier periods (the mid-year estimates to mid-2022, Census 2021)
have nothing under their codes. Counts of people add up: every person lives in exactly one district,
so a new council's count for such a period is the sum of its predecessors' counts in the same table,
and the indicators work out its rates and shares from those summed counts. Every source's additive
measures are summed this way, period by period, for current councils without a figure of their own,
and only when every predecessor has a value: one missing predecessor leaves the sum missing, with that
predecessor's reason, never an undercount.

A source whose every figure describes one year's boundaries (Census 2021) names it
(``Source.extra[BOUNDARY_YEAR]``), so that its pages can say in words which year's areas were summed.
"""

from __future__ import annotations

import pandas as pd

from migration_profiles.sources.base import BOUNDARY_YEAR
from migration_profiles.stages.frames import pairs_in
from migration_profiles.stages.sums import sum_members

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
    listed = _listed(names)
    created = geography.merged_year(code)
    when = f" in {created}" if created else ""
    return f"the sum of the {boundary_year(source)} figures for {listed}, the areas it replaced{when}"


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def add_successor_sums(obs: pd.DataFrame, geography, sources, additive: set[tuple[str, str]]
                       ) -> tuple[pd.DataFrame, dict[str, dict[str, tuple[str, ...]]]]:
    """Add sums of predecessors' figures for current councils, for the periods a source gives them none.

    Every additive measure of every source is summed, period by period, from the areas merged whole
    into the council: the mid-year population of North Yorkshire for mid-2020 is the sum of its seven
    districts'. Where a predecessor has no row of its own, its own predecessors stand in for it (a
    source may publish Taunton Deane and West Somerset, or the Somerset West and Taunton they became).
    Returns the observations with the sums added and {council: {source id: predecessors summed}}.
    """
    if obs.empty:
        return obs, {}
    trees = {a.area_code: geography.merged_parts(a.area_code) for a in geography.local_authorities()}
    trees = {code: parts for code, parts in trees.items() if parts}
    nodes = {node for code in trees for node in _descendants(code, geography)}
    known = {s.id for s in sources}
    pairs = pairs_in(obs["source_id"], obs["measure"], additive)
    rows = obs[pairs & obs["source_id"].isin(known) & obs["area_code"].isin(nodes)]
    if rows.empty:
        return obs, {}
    slot: dict[tuple[str, str, str], str] = {}  # (source, period end, part) -> the council it adds up to
    size: dict[tuple[str, str, str], int] = {}  # (council, source, period end) -> parts in the sum
    used: dict[tuple[str, str, str], tuple[str, ...]] = {}
    for (sid, end), present in rows.groupby(["source_id", "period_end"])["area_code"].agg(set).items():
        for code in trees:
            found, missing = _cover(code, present, geography)
            if found:
                slot.update({(sid, end, part): code for part in found})
                size[(code, sid, end)] = len(found) + len(missing)
                used[(code, sid, end)] = tuple(sorted(found + missing))
    parent = pd.Series([slot.get(k) for k in zip(rows["source_id"], rows["period_end"], rows["area_code"],
                                                  strict=True)], index=rows.index)
    rows = rows.assign(area_code=parent).dropna(subset=["area_code"])
    sums = sum_members(rows, {c: c for c in trees}, size, _GROUP, size_by=("source_id", "period_end"))
    # A council's own figure is never replaced by a sum.
    own = ["area_code", "source_id", "measure", "period_start", "period_end"]
    mine = obs[obs["area_code"].isin(trees)][own].drop_duplicates()
    sums = sums.merge(mine, on=own, how="left", indicator=True)
    sums = sums[sums["_merge"] == "left_only"].drop(columns=["_merge", "complete"])
    if sums.empty:
        return obs, {}
    summed: dict[str, dict[str, set[str]]] = {}
    slots = sums[["area_code", "source_id", "period_end"]].drop_duplicates()
    for code, sid, end in slots.itertuples(index=False):
        summed.setdefault(code, {}).setdefault(sid, set()).update(used[(code, sid, end)])
    added = sums.assign(area_name=sums["area_code"].map(geography.name)).reindex(columns=obs.columns)
    return (pd.concat([obs, added], ignore_index=True),
            {code: {sid: tuple(sorted(parts)) for sid, parts in by.items()} for code, by in summed.items()})


def _descendants(code: str, geography, depth: int = 0) -> set[str]:
    parts = set(geography.merged_parts(code))
    if depth < 5:
        for part in list(parts):
            parts |= _descendants(part, geography, depth + 1)
    return parts


def _cover(code: str, present: set[str], geography, depth: int = 0) -> tuple[list[str], list[str]]:
    """The parts of `code` that have figures (a part without any stands in by its own parts) and the parts
    that have none."""
    found: list[str] = []
    missing: list[str] = []
    for part in geography.merged_parts(code):
        if part in present:
            found.append(part)
            continue
        inner, lacking = _cover(part, present, geography, depth + 1) if depth < 5 else ([], [])
        if inner:
            found += inner
            missing += lacking
        else:
            missing.append(part)
    return found, missing


def quality_entries(summed: dict[str, dict[str, tuple[str, ...]]], geography,
                    sources_by_id: dict) -> list[dict]:
    """One data-quality log entry per council and source summed, which the council's page shows."""
    entries = []
    for code, by_source in sorted(summed.items()):
        for source_id, parts in sorted(by_source.items()):
            source = sources_by_id[source_id]
            what = source.title.split(":")[0].split(" (")[0]
            if boundary_year(source):
                note = (f"{geography.name(code)} ({code}) did not exist in {boundary_year(source)}: its "
                        f"{what} figures are {describe(code, source, geography)}.")
            else:
                created = geography.merged_year(code)
                note = (f"{geography.name(code)} ({code}) was created{f' in {created}' if created else ''}: "
                        f"for periods where the {what} figures give none under its own code, its figure is "
                        f"the sum of the figures for {_listed([geography.name(p) for p in parts])}, the "
                        f"areas it replaced.")
            entries.append({"source_id": source_id, "area_code": code, "action": "summed", "note": note,
                            "rows": len(parts)})
    return entries
