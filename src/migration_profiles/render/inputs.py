"""What pages and PDFs are rendered from: the published figures of a build and the facts around them.

Both the pages stage (pipeline.py) and the PDF export (pdf.py) load them here, so neither has to
import the other.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd

from migration_profiles.local import store as local_store
from migration_profiles.local import tables as local_tables
from migration_profiles.local.validate import KEYS as LOCAL_KEYS
from migration_profiles.render import editions, local_links
from migration_profiles.render.profiles import BuildContext, FigureIndex, larger_area_codes
from migration_profiles.sources import all_sources
from migration_profiles.stages import rankings
from migration_profiles.stages.geography import Geography
from migration_profiles.stages.publish import (
    LocalPublication,
    PublicationRules,
    publish,
    publish_local,
    publish_log,
    visible_sources,
)
from migration_profiles.stages.tidy import load_tidy
from migration_profiles.util.paths import Workspace


def built_at() -> str:
    """Now, or SOURCE_DATE_EPOCH when set, so that a build can be reproduced byte for byte."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.isoformat(timespec="seconds")


def load_geography(tidy_result) -> Geography:
    if not tidy_result.areas.empty:
        return Geography.from_tables(tidy_result.areas, tidy_result.code_changes)
    return Geography.fallback_from_observations(tidy_result.observations)


def _quality_notes(log: list[dict], geography: Geography) -> dict[str, list[str]]:
    """Notes for area pages, under each area's current code (a recoded area's page has moved)."""
    notes: dict[str, set[str]] = {}
    for entry in log:
        if entry.get("note"):
            notes.setdefault(geography.resolve(entry["area_code"]).code, set()).add(entry["note"])
    return {code: sorted(n) for code, n in notes.items()}


@dataclass
class ProfileInputs:
    """Everything build_profile reads: the published figures and the facts around them."""

    tidy: object  # tidy.TidyResult
    geography: Geography
    sources: dict
    figures: pd.DataFrame
    index: FigureIndex
    context: BuildContext
    log: list[dict]
    local: LocalPublication


def profile_inputs(ws: Workspace, rules: PublicationRules, edition: str, demo: bool,
                   areas: list[str] | tuple[str, ...] | None = None, when: str | None = None,
                   tidy_result=None) -> ProfileInputs:
    """Load the figures that pages and PDFs are rendered from, published by the one path (publish).

    With `areas`, only the rows those areas' profiles draw on are published and indexed (the
    areas, their region and country, and a district's county): the same figures, loaded faster.
    """
    if tidy_result is None:
        tidy_result, _ = load_tidy(ws.tidy, observations=False)
    geography = load_geography(tidy_result)
    sources = {s.id: s for s in all_sources()}
    if areas:
        wanted = set(areas)
        for code in areas:
            wanted.update(geography.comparators(code))
            wanted.update(larger_area_codes(code, geography))  # its county, its police force area
        # Only their rows are read (publish numbers the rows afresh); it saves little, about 0.02 s
        # for one area (pyarrow still decodes the area column whole).
        table = pd.read_parquet(ws.indicators / "indicators.parquet",
                                filters=[("area_code", "in", sorted(wanted))])
    else:
        table = pd.read_parquet(ws.indicators / "indicators.parquet")
    figures = publish(table, sources, rules)
    # The log, the area notes made from it and the snapshot facts pass the same audience rules.
    log = publish_log(json.loads((ws.indicators / "quality_log.json").read_text()), sources, rules)
    visible = visible_sources(sources, rules)
    snapshots = {sid: facts for sid, facts in tidy_result.snapshots.items() if sid in visible}
    local_root = local_store.local_root(ws)
    local = publish_local(local_store.held(local_root), LOCAL_KEYS, rules)
    context = BuildContext(edition=edition, built_at=when or built_at(), demo=demo,
                           snapshots=snapshots, sources=sources, published_sources=frozenset(visible),
                           quality_notes=_quality_notes(log, geography),
                           standing=rankings.load(ws.indicators / "standing.json"),
                           previous_values=editions.previous_values(ws.root, edition, demo),
                           audience=rules.audience,
                           local=local_tables.area_blocks(local.datasets,
                                                          local_store.subarea_names(local_root)))
    index = FigureIndex(figures)
    local_links.attach(context.local, index)  # each local figure beside the public one for its period
    return ProfileInputs(tidy_result, geography, sources, figures, index, context, log, local)

