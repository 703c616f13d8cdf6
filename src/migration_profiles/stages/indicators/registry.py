"""Indicators: what each one shows, where it comes from, and how it is computed.

Every indicator is a pure function of the tidy observations. Pages, charts, the methodology page,
the JSON/CSV downloads and the PDF all read these definitions; none repeats them.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pandas as pd

INDICATOR_COLUMNS = [
    "area_code",
    "indicator_id",
    "period_label",
    "period_start",
    "period_end",
    "value",
    "ci_lower",
    "ci_upper",
    "status",
    "source_id",
    "release",
    "snapshot_sha256",
]

Compute = Callable[[pd.DataFrame], pd.DataFrame]


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str  # as a reader sees it in a table row or chart legend
    unit: str  # "people", "people per 1,000 residents", "% of residents", ...
    theme: str  # the page section it belongs to (a key of THEMES)
    source_id: str
    measures: tuple[str, ...]  # the source measures it reads
    caveat_ids: tuple[str, ...]  # the source's caveats that bear on it
    method: str  # one sentence for the methodology page
    compute: Compute
    # Display precision. Never more than the inputs carry: APS counts are already rounded to the
    # nearest 1,000, so a share drawn from them is shown in whole points.
    decimals: int = 0
    round_to: int = 1  # counts shown to the nearest round_to (1, 10, 1000)
    percent: bool = False
    overview: bool = False  # appears in the overview table at the top of the page
    comparable: bool = False  # a rate or share: sensible to set beside the region and country
    # Published only for upper-tier areas (for example school pupils by county): a district's page
    # shows its county's figure, labelled as the county's. Shorthand for larger_area="county".
    upper_tier: bool = False
    # Published only for areas larger than a council, named by a key of profiles.LARGER_AREAS
    # ("county", "police_force_area"): a council's page shows the larger area's figure, saying so.
    larger_area: str = ""
    # A rate: the id of the count this indicator sets against a population (per 1,000 residents, or
    # a share of the count's own total). Every count has one, or a reasoned exemption (rates.py).
    rate_of: str = ""
    # A break in the series (ISO date): the publisher changed what is counted, so a period ending
    # after it is not compared with one ending before (pages flag the first period after it).
    series_break: str = ""

    def __post_init__(self) -> None:
        if self.upper_tier and not self.larger_area:
            object.__setattr__(self, "larger_area", "county")


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    intro: str  # one or two sentences that say what the section shows and why it matters


@dataclass(frozen=True)
class ChartDef:
    id: str
    theme: str
    title: str
    indicator_ids: tuple[str, ...]
    # True: one indicator for the area beside its region and country (rates and shares).
    # False: several indicators for the area alone (counts, where comparators differ in scale).
    with_comparators: bool
    with_interval: bool = False
    # "line": each series over time. "bar": each indicator is a category, drawn for the latest
    # period (for example Census 2021 country-of-birth groups); comparators go in the table.
    kind: str = "line"
    # The series come from measures defined differently: the page says so and says why, in words
    # taken from each measure's declaration, and the chart never adds them together.
    different_definitions: bool = False
    # "bar" only: draw just the top_n categories with the largest latest value for this area (for
    # example its five most common nationalities out of two hundred); 0 draws every category.
    top_n: int = 0
    # The id of a preferred chart: this one is drawn only for areas that chart has nothing for (Census
    # 2021 country of birth grouped from TS012 stands in where TS004, with the EU split, is missing).
    fallback_for: str = ""


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=INDICATOR_COLUMNS)


# The observations split by source and by (source, measure), once per table: nearly every indicator
# starts by picking those rows, and comparing every row of the whole table each time was most of
# the indicators stage. The table is held so that its identity, not a reused id(), keys the split.
_SPLIT: dict = {"obs": None, "by_source": {}, "by_measure": {}}


def _split(obs: pd.DataFrame) -> dict:
    # By (source, measure) in one pass: splitting by source first and then each source by measure
    # copied the whole table twice. The few indicators that read a source's every row get them when
    # they first ask (source_rows).
    if _SPLIT["obs"] is not obs:
        _SPLIT.update(obs=obs, by_source={},
                      by_measure=dict(iter(obs.groupby(["source_id", "measure"], sort=False))))
    return _SPLIT


# What compute_indicators has worked out from its table so far, by key: each indicator's rows (a rate
# per 1,000 residents reuses its count's rather than computing them a second time) and parts shared
# between indicators. Held only while compute_indicators runs (`remembering`), so that nothing outlives
# the table it was made from; elsewhere `remembered` simply computes.
_MEMO: dict = {"obs": None, "values": {}}


@contextmanager
def remembering(obs: pd.DataFrame):
    _MEMO.update(obs=obs, values={})
    try:
        yield
    finally:
        _MEMO.update(obs=None, values={})


def remembered(obs: pd.DataFrame, key, make: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """make(), worked out once per key while compute_indicators runs over `obs` (do not modify it:
    it is shared)."""
    if _MEMO["obs"] is not obs:
        return make()
    values = _MEMO["values"]
    if key not in values:
        values[key] = make()
    return values[key]


def computed(compute: Compute, obs: pd.DataFrame) -> pd.DataFrame:
    """compute(obs), once per table while compute_indicators runs (do not modify it: it is shared)."""
    return remembered(obs, compute, lambda: compute(obs))


def source_rows(obs: pd.DataFrame, source_id: str) -> pd.DataFrame:
    """The observations of one source (do not modify: they are shared between indicators)."""
    by_source = _split(obs)["by_source"]
    if source_id not in by_source:
        rows = obs[obs["source_id"] == source_id]
        by_source[source_id] = rows if len(rows) else obs.iloc[0:0]
    return by_source[source_id]


def measure_rows(obs: pd.DataFrame, source_id: str, *measures: str) -> pd.DataFrame:
    """The observations of one source's measures, in the table's order (do not modify)."""
    by_measure = _split(obs)["by_measure"]
    found = [by_measure[(source_id, m)] for m in dict.fromkeys(measures) if (source_id, m) in by_measure]
    if not found:
        return obs.iloc[0:0]
    return found[0] if len(found) == 1 else pd.concat(found).sort_index()


def select_measure(source_id: str, measure: str) -> Compute:
    """The indicator is a published measure as it stands."""

    def compute(obs: pd.DataFrame) -> pd.DataFrame:
        rows = measure_rows(obs, source_id, measure)
        if rows.empty:
            return _empty()
        return rows.reindex(columns=[c for c in INDICATOR_COLUMNS if c != "indicator_id"])

    compute.as_published = True  # the source publishes this figure itself at this level
    return compute


def is_count(ind: Indicator) -> bool:
    """A number of people, events or things, as opposed to a rate, share or rank of them."""
    return not ind.percent and not ind.decimals and not ind.rate_of


def as_published(ind: Indicator) -> bool:
    """Whether the indicator's figures are the source's own, not derived here (publish.py uses it)."""
    return getattr(ind.compute, "as_published", False)


def ratio(source_id: str, numerator: str, denominator: str, per: float) -> Compute:
    """numerator / denominator * per, pairing figures for the same area and year.

    Sources publish a count for a period beside the population at that period's mid-point or end
    (NINo registrations for January to December 2020 beside the mid-2020 population aged 16 to 64),
    so pairs are matched on the calendar year in which the period ends.
    """

    def compute(obs: pd.DataFrame) -> pd.DataFrame:
        # The measure's rows as split once per table: the same rows, in the same order, as comparing the
        # source's every row with the measure's name, which cost most of this function.
        num = measure_rows(obs, source_id, numerator)
        den = measure_rows(obs, source_id, denominator)
        if num.empty or den.empty:
            return _empty()
        # Most ratios are over a denominator with one figure per area and year: each numerator row then
        # looks its figure up, which gives what the merge below gives at a fraction of its cost.
        lookup = remembered(obs, ("denominator lookup", source_id, denominator), lambda: _lookup_by_year(den))
        if lookup is not None:
            return _ratio_rows(num, lookup, per)
        num = num.copy()
        num["year"] = num["period_end"].str[:4]
        # The denominator by year is the same for every ratio over it (most are over one population).
        den = remembered(obs, ("denominator by year", source_id, denominator), lambda: _by_year(den))
        merged = num.merge(den, on=["area_code", "year"], how="left", suffixes=("", "_den"))
        population = merged["value_den"].where(merged["value_den"] > 0)
        # Multiply before dividing: count * (100 / count) can come out a hair above 100.
        for column in ("value", "ci_lower", "ci_upper"):
            merged[column] = merged[column] * per / population
        # A missing denominator makes the rate missing, with the denominator's reason; a provisional
        # one makes it provisional. (Whole columns at once: a .loc assignment a time cost as much as the
        # merge.)
        status = merged["status"]
        den_missing = merged["value"].isna() & status.isin(["ok", "provisional"])
        status = merged["status_den"].fillna("not_available").where(den_missing, status)
        den_provisional = (merged["status_den"] == "provisional") & (status == "ok")
        merged["status"] = status.mask(den_provisional, "provisional")
        return merged.reindex(columns=[c for c in INDICATOR_COLUMNS if c != "indicator_id"])

    return compute


def _year_keys(rows: pd.DataFrame) -> pd.Series:
    return rows["area_code"] + "|" + rows["period_end"].str[:4]


def _lookup_by_year(den: pd.DataFrame) -> tuple[pd.Index, np.ndarray, pd.Series] | None:
    """(area and year keys, values, statuses) of a denominator, or None where an area has two figures in
    one year (a merge then pairs a numerator row with each)."""
    keys = pd.Index(_year_keys(den))
    if not keys.is_unique:
        return None
    return keys, den["value"].to_numpy(dtype=float), den["status"]


def _ratio_rows(num: pd.DataFrame, lookup: tuple[pd.Index, np.ndarray, pd.Series],
                per: float) -> pd.DataFrame:
    """ratio()'s rows, each numerator row beside its denominator's figure found by key: the same columns,
    order, values and types as its left merge gives."""
    keys, values, statuses = lookup
    at = keys.get_indexer(_year_keys(num))
    found = at >= 0
    den_value = pd.Series(np.where(found, values[at], np.nan))
    den_status = pd.Series(np.where(found, statuses.to_numpy(dtype=object)[at], np.nan), dtype=statuses.dtype)
    merged = num.reset_index(drop=True)
    population = den_value.where(den_value > 0)
    columns = {column: merged[column] * per / population for column in ("value", "ci_lower", "ci_upper")}
    status = merged["status"]
    den_missing = columns["value"].isna() & status.isin(["ok", "provisional"])
    status = den_status.fillna("not_available").where(den_missing, status)
    den_provisional = (den_status == "provisional") & (status == "ok")
    merged = merged.assign(**columns, status=status.mask(den_provisional, "provisional"))
    return merged.reindex(columns=[c for c in INDICATOR_COLUMNS if c != "indicator_id"])


def _by_year(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.assign(year=rows["period_end"].str[:4])[["area_code", "year", "value", "status"]]


def difference(source_id: str, minuend: str, subtrahend: str) -> Compute:
    """minuend - subtrahend for the same area and period (net = in - out)."""

    def compute(obs: pd.DataFrame) -> pd.DataFrame:
        a = measure_rows(obs, source_id, minuend)
        b = measure_rows(obs, source_id, subtrahend)[["area_code", "period_label", "value", "status"]]
        if a.empty or b.empty:
            return _empty()
        merged = a.merge(b, on=["area_code", "period_label"], how="left", suffixes=("", "_b"))
        merged["value"] = merged["value"] - merged["value_b"]
        merged[["ci_lower", "ci_upper"]] = float("nan")  # an interval for a difference is not published
        b_bad = merged["value"].isna() & merged["status"].isin(["ok", "provisional"])
        merged.loc[b_bad, "status"] = merged.loc[b_bad, "status_b"].fillna("not_available")
        b_provisional = (merged["status_b"] == "provisional") & (merged["status"] == "ok")
        merged.loc[b_provisional, "status"] = "provisional"
        return merged.reindex(columns=[c for c in INDICATOR_COLUMNS if c != "indicator_id"])

    return compute
