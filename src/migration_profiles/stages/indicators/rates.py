"""Rates per 1,000 residents: each count set against the population of the area it was counted for.

The rules, which the methodology page repeats and tests/test_meta.py enforces:

* Every count has a rate (an indicator whose ``rate_of`` names it) or a reasoned exemption in a
  module's ``NO_RATE``.
* A count that its own table or survey also gives as a share of its total (Census 2021, the Annual
  Population Survey, the school census, births) has that share as its rate. The total is the
  population the count belongs to, counted on the same day in the same way; a mid-year estimate
  would be another source with another total, and a census share over it could pass 100%. A
  per-1,000 figure would only repeat the share times ten, so none is added.
* Otherwise the rate divides the count by the ONS mid-year population of the same area: the latest
  mid-year on or before the end of the count's period, at most MAX_POPULATION_AGE_YEARS earlier.
* A count published only for a larger area (a county, a police force area) is divided by that
  area's population: the sum of its councils' estimates, made only when every council has one
  (add_larger_area_populations).
* A rate shows no more decimal places than max_decimals allows for its count's rounding.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from migration_profiles.stages.indicators.registry import (
    INDICATOR_COLUMNS,
    Compute,
    Indicator,
    computed,
    measure_rows,
    remembered,
)
from migration_profiles.stages.sums import sum_members
from migration_profiles.util import status as st

PER_1000 = "per 1,000 residents"
POPULATION = ("mye", "population")
# A mid-year population more than this many years before a period's end is too old to divide by.
MAX_POPULATION_AGE_YEARS = 5
# The size of council against which a rate's precision is judged: a smaller district, so that the
# decimals shown mean something for most areas.
REFERENCE_POPULATION = 100_000

_OUT = [c for c in INDICATOR_COLUMNS if c != "indicator_id"]


def max_decimals(round_to: int, per: int = 1000) -> int:
    """The most decimal places a rate of a count rounded to `round_to` may show.

    One rounding step of the count moves the rate of a REFERENCE_POPULATION area by
    round_to * per / REFERENCE_POPULATION; digits finer than that step are noise. Counts exact to
    the unit allow two places, counts rounded to 5 or 10 one, counts rounded to 1,000 none.
    """
    step = round_to * per / REFERENCE_POPULATION
    return max(0, math.floor(-math.log10(step)))


def per_1000(count: Compute, population: tuple[str, str] = POPULATION,
             max_age_years: int = MAX_POPULATION_AGE_YEARS) -> Compute:
    """count / population * 1,000 for the same area, with the latest population on or before the
    end of each period (no more than max_age_years earlier).

    The rate keeps the count's source, release and snapshot, and its status: a missing count gives a
    missing rate with the count's reason; a count without a population is 'not available'; a
    provisional population makes the rate provisional. An interval on the count is divided the same
    way. Each area's series starts at its first rate, so that years before a count was published
    by council do not fill a table with 'not available'.
    """
    source_id, measure = population

    def compute(obs: pd.DataFrame) -> pd.DataFrame:
        counts = computed(count, obs)
        pop = remembered(obs, ("population by date", population), lambda: _populations(obs, population))
        if counts.empty or pop.empty:
            return pd.DataFrame(columns=_OUT)
        when = pd.to_datetime(counts["period_end"])
        matched = _match_populations(pop, counts["area_code"], when, max_age_years)
        if matched is not None:
            return _rates(counts, when, *matched)
        counts = counts.assign(when=when, order=range(len(counts)))
        merged = pd.merge_asof(
            counts.sort_values("when"), pop, on="when", by="area_code",
            direction="backward", tolerance=pd.Timedelta(days=round(365.25 * max_age_years)),
        ).sort_values("order")
        people = merged["population"].where(merged["population"] > 0)
        for column in ("value", "ci_lower", "ci_upper"):
            merged[column] = merged[column].astype(float) * 1000 / people
        no_population = merged["value"].isna() & merged["status"].isin(st.HAS_VALUE)
        merged.loc[no_population, "status"] = st.NOT_AVAILABLE
        provisional = (merged["population_status"] == st.PROVISIONAL) & (merged["status"] == st.OK)
        merged.loc[provisional, "status"] = st.PROVISIONAL
        has_rate = merged["value"].notna()
        if not has_rate.any():
            return pd.DataFrame(columns=_OUT)
        # Each row's area's first date with a rate, in one pass (NaT for an area with none, which then
        # keeps no row): the same rows as filtering by a table of first dates, at a third of the cost.
        first = merged["when"].where(has_rate).groupby(merged["area_code"]).transform("min")
        return merged[merged["when"] >= first].reindex(columns=_OUT).reset_index(drop=True)

    return compute


def _match_populations(pop: pd.DataFrame, areas: pd.Series, when: pd.Series,
                       max_age_years: int) -> tuple[np.ndarray, np.ndarray] | None:
    """Each count's population and its status (NaN where none), as merge_asof(on="when", by="area_code",
    direction="backward", tolerance=max_age_years) pairs them, found by one binary search over keys of
    (area, day) instead: the merge sorted and copied every column of the counts twice for each rate.
    None where that pairing could differ (a date that is not a whole day or is missing, or an area
    with two populations on one date, where merge_asof's choice depends on its sort): the caller then
    merges as before."""
    pop_when, count_when = pop["when"].to_numpy(), when.to_numpy()
    if pd.isna(count_when).any() or pd.isna(pop_when).any():
        return None
    pop_day, count_day = pop_when.astype("datetime64[D]"), count_when.astype("datetime64[D]")
    if (pop_day != pop_when).any() or (count_day != count_when).any():  # a time of day
        return None
    pop_days, count_days = pop_day.astype(np.int64), count_day.astype(np.int64)
    names = pd.Index(pop["area_code"].unique())
    pop_area = names.get_indexer(pop["area_code"])
    count_area = names.get_indexer(areas)
    # One sortable number per (area, day): days are offset to be positive and below SPAN.
    span, offset = 1 << 32, 1 << 31
    pop_keys = pop_area.astype(np.int64) * span + (pop_days + offset)
    order = np.argsort(pop_keys, kind="stable")
    pop_keys = pop_keys[order]
    if (np.diff(pop_keys) == 0).any():
        return None
    count_keys = count_area.astype(np.int64) * span + (count_days + offset)
    at = np.searchsorted(pop_keys, count_keys, side="right") - 1
    found = at >= 0
    at = np.where(found, at, 0)
    tolerance = round(365.25 * max_age_years)
    found &= (count_area >= 0) & (pop_area[order][at] == count_area) & (
        count_days - pop_days[order][at] <= tolerance)
    rows = order[at]
    population = np.where(found, pop["population"].to_numpy(dtype=float)[rows], np.nan)
    status = np.where(found, pop["population_status"].to_numpy(dtype=object)[rows], np.nan)
    return population, status


def _rates(counts: pd.DataFrame, when: pd.Series, population: np.ndarray, population_status: np.ndarray
           ) -> pd.DataFrame:
    """per_1000's rates from each count's population (see _match_populations), row for row as the merge
    gave them."""
    people = np.where(population > 0, population, np.nan)
    columns = {column: counts[column].astype(float).to_numpy() * 1000 / people
               for column in ("value", "ci_lower", "ci_upper")}
    value = pd.Series(columns["value"], index=counts.index)
    status = counts["status"]
    no_population = value.isna() & status.isin(st.HAS_VALUE)
    status = status.mask(no_population, st.NOT_AVAILABLE)
    provisional = (population_status == st.PROVISIONAL) & (status == st.OK).to_numpy()
    status = status.mask(provisional, st.PROVISIONAL)
    has_rate = value.notna()
    if not has_rate.any():
        return pd.DataFrame(columns=_OUT)
    first = when.where(has_rate).groupby(counts["area_code"]).transform("min")
    keep = (when >= first).to_numpy()
    out = counts.assign(**columns, status=status)
    return out[keep].reindex(columns=_OUT).reset_index(drop=True)


def _populations(obs: pd.DataFrame, population: tuple[str, str]) -> pd.DataFrame:
    """The published populations, by area and date, in date order, as per_1000 joins them to counts."""
    pop = measure_rows(obs, *population)
    pop = pop[pop["status"].isin(st.HAS_VALUE) & pop["value"].notna()]
    pop = pop.assign(when=pd.to_datetime(pop["period_end"]))[["area_code", "when", "value", "status"]]
    return pop.rename(columns={"value": "population", "status": "population_status"}).sort_values("when")


def _method(count: Indicator, population: tuple[str, str]) -> str:
    if population != POPULATION:
        return (f"{count.title} divided by the mid-year population published in the same table, for the "
                "mid-year at the end of the period, times 1,000.")
    words = (f"{count.title} divided by the ONS mid-year population estimate of the area for the latest "
             f"mid-year on or before the end of the period (no more than {MAX_POPULATION_AGE_YEARS} years "
             "earlier), times 1,000.")
    if count.larger_area:
        words += (" Where the figure is for a county or a police force area, the population is the sum of "
                  "the estimates of every council in it; no rate is given when one of them is missing.")
    return words


def rate(count: Indicator, *, decimals: int = 1, population: tuple[str, str] = POPULATION,
         title: str = "") -> Indicator:
    """The indicator for `count` per 1,000 residents, declared from the count's own declaration."""
    if decimals > max_decimals(count.round_to):
        raise ValueError(f"{count.id}: a rate of a count rounded to {count.round_to} may show at most "
                         f"{max_decimals(count.round_to)} decimal places, not {decimals}")
    measures = count.measures if population[0] != count.source_id else (*count.measures, population[1])
    return Indicator(
        f"{count.id}_rate",
        # "Section 95: in hotels, per 1,000 residents": after a colon the rate reads as a list item.
        title or f"{count.title}{', ' if ':' in count.title else ' '}per 1,000 residents",
        PER_1000,
        count.theme,
        count.source_id,
        measures,
        count.caveat_ids,
        _method(count, population),
        per_1000(count.compute, population),
        decimals=decimals,
        comparable=True,
        larger_area=count.larger_area,
        rate_of=count.id,
    )


def add_larger_area_populations(obs: pd.DataFrame, members: dict[str, list[str]],
                                population: tuple[str, str] = POPULATION) -> pd.DataFrame:
    """Add a population for each larger area (county, police force area) and mid-year: the sum of its
    councils' populations, `members` naming every council of each. Only complete sums are added: a
    larger area with a council missing gets no population, so its rates are 'not available' rather
    than too high."""
    source_id, measure = population
    pop = obs[(obs["source_id"] == source_id) & (obs["measure"] == measure)
              & obs["status"].isin(st.HAS_VALUE) & obs["value"].notna()]
    have = set(pop["area_code"])
    parent_of = {code: parent for parent, codes in members.items() if parent not in have for code in codes}
    size = {parent: len(codes) for parent, codes in members.items()}
    rows = pop[pop["area_code"].isin(parent_of)]
    if rows.empty:
        return obs
    keys = [k for k in ("period_label", "period_start", "period_end", "source_id", "release",
                        "snapshot_sha256") if k in rows.columns]
    totals = sum_members(rows, parent_of, size, keys)
    totals = totals[totals["complete"]].assign(measure=measure, area_name="")
    if totals.empty:
        return obs
    return pd.concat([obs, totals.reindex(columns=obs.columns)], ignore_index=True)
