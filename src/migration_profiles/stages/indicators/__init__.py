"""Compute every indicator for every area from the tidy observations."""

from __future__ import annotations

import pandas as pd

from migration_profiles.stages.frames import pairs_in, sorted_rows
from migration_profiles.stages.indicators.catalogue import INDICATORS, THEMES, indicator
from migration_profiles.stages.indicators.registry import INDICATOR_COLUMNS, Indicator, computed, remembering

__all__ = ["INDICATORS", "THEMES", "INDICATOR_COLUMNS", "Indicator", "compute_indicators", "indicator",
           "add_region_totals"]


def add_region_totals(obs: pd.DataFrame, region_of: dict[str, str],
                      additive: set[tuple[str, str]]) -> pd.DataFrame:
    """Sum local authorities into regions for count measures a source publishes for LAs only.

    `region_of` maps LA code to region code; `additive` holds the (source_id, measure) pairs that
    may be added up. A region total is only published when every one of its LAs has a value: one
    missing LA makes the total missing, never an undercount.
    """
    if obs.empty:
        return obs
    has_region = set(obs.loc[obs["area_code"].str.startswith("E12"), "source_id"].unique())
    pairs = pairs_in(obs["source_id"], obs["measure"], additive)
    candidates = obs[pairs & ~obs["source_id"].isin(has_region).to_numpy()]
    candidates = candidates.assign(region=candidates["area_code"].map(region_of),
                                   provisional=candidates["status"] == "provisional")
    candidates = candidates[candidates["region"].str.startswith("E12", na=False)]
    if candidates.empty:
        return obs
    group_cols = ["source_id", "release", "file_name", "snapshot_sha256", "region", "measure",
                  "period_label", "period_start", "period_end"]
    grouped = candidates.groupby(group_cols, dropna=False)
    totals = grouped["value"].sum(min_count=1).rename("value").to_frame()
    totals["complete"] = grouped["value"].count() == grouped.size()
    totals["provisional"] = grouped["provisional"].any()
    totals = totals.reset_index().rename(columns={"region": "area_code"})
    totals.loc[~totals["complete"], "value"] = float("nan")
    totals["status"] = "ok"
    totals.loc[totals["provisional"], "status"] = "provisional"
    totals.loc[~totals["complete"], "status"] = "not_available"
    totals["area_name"] = ""
    totals["ci_lower"] = float("nan")
    totals["ci_upper"] = float("nan")
    return pd.concat([obs, totals.reindex(columns=obs.columns)], ignore_index=True)


def compute_indicators(obs: pd.DataFrame, indicators: tuple[Indicator, ...] = INDICATORS) -> pd.DataFrame:
    frames = []
    with remembering(obs):  # a rate reuses its count's rows, computed for the count's own indicator
        for ind in indicators:
            rows = computed(ind.compute, obs)
            if rows.empty:
                continue
            frames.append(rows.assign(indicator_id=ind.id))
    if not frames:
        return pd.DataFrame(columns=INDICATOR_COLUMNS)
    result = pd.concat(frames, ignore_index=True)[INDICATOR_COLUMNS]
    return sorted_rows(result, ["indicator_id", "area_code", "period_end"])
