"""Where an area stands: its rank among local authorities, and its statistical neighbours.

Both are computed once per build from published figures, for every local authority at once.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import numpy as np

from migration_profiles.stages.indicators import INDICATORS

# What makes two areas alike for migration: size, and the main migration rates and shares.
NEIGHBOUR_FEATURES = ("population", "non_uk_born_share", "ltim_inflow_rate", "gp_rate", "nino_rate",
                      "births_non_uk_mother_share")
NEIGHBOURS = 5


@dataclass(frozen=True)
class Rank:
    indicator_id: str
    period_label: str
    value: float
    rank: int  # 1 is the highest value
    of: int  # local authorities with a figure for that period
    region_rank: int | None
    region_of: int | None


def _ranks(values: dict[str, float]) -> dict[str, int]:
    """Competition ranking, highest first: equal values share a rank."""
    ordered = sorted(values.values(), reverse=True)
    first = {}
    for position, value in enumerate(ordered, start=1):
        first.setdefault(value, position)
    return {code: first[value] for code, value in values.items()}


def _is_ranked(ind) -> bool:
    """The headline rates and shares of the overview and the rate of every count are ranked, for areas
    with their own figure (a county's or police force area's figure is not the council's)."""
    return ind.comparable and bool(ind.overview or ind.rate_of) and not ind.larger_area


def indicators_used() -> set[str]:
    """The indicators Standing reads: those ranked and those that find neighbours."""
    return {ind.id for ind in INDICATORS if _is_ranked(ind)} | set(NEIGHBOUR_FEATURES)


class Standing:
    """Ranks and neighbours for every local authority, from one pass over the figure index."""

    def __init__(self, index, la_codes: list[str], region_of):
        region_of = {code: region_of(code) for code in la_codes}.get  # looked up once per area, not per rank
        self._ranks: dict[str, list[Rank]] = {code: [] for code in la_codes}
        self._latest: dict[str, dict[str, float]] = {code: {} for code in la_codes}
        for ind in INDICATORS:
            ranked = _is_ranked(ind)
            if not (ranked or ind.id in NEIGHBOUR_FEATURES):
                continue
            period, values = self._latest_common_period(index, ind.id, la_codes)
            for code, value in values.items():
                self._latest[code][ind.id] = value
            if not ranked or not values:
                continue
            overall = _ranks(values)
            by_region: dict[str, dict[str, float]] = {}
            for code, value in values.items():
                by_region.setdefault(region_of(code) or "", {})[code] = value
            region_ranks = {code: (rank, len(group)) for group in by_region.values()
                            for code, rank in _ranks(group).items()}
            for code, value in values.items():
                region_rank, region_size = region_ranks[code] if region_of(code) else (None, None)
                self._ranks[code].append(Rank(ind.id, period, value, overall[code], len(values), region_rank,
                                              region_size))
        self._neighbours = self._find_neighbours(la_codes)

    @staticmethod
    def _latest_common_period(index, indicator_id: str, la_codes: list[str]) -> tuple[str, dict[str, float]]:
        """The most recent period, and every LA's value for it (LAs without one are not ranked)."""
        by_period: dict[str, dict[str, float]] = {}
        ends: dict[str, str] = {}
        for code in la_codes:
            for row in index.series(code, indicator_id):
                if row["value"] is not None:
                    by_period.setdefault(row["period_label"], {})[code] = row["value"]
                    ends[row["period_label"]] = row["period_end"]
        if not by_period:
            return "", {}
        latest = max(by_period, key=lambda label: ends[label])
        return latest, by_period[latest]

    def _find_neighbours(self, la_codes: list[str]) -> dict[str, list[tuple[str, float]]]:
        """Nearest areas on standardised features (population on a log scale), Euclidean distance."""
        columns = {}
        for feature in NEIGHBOUR_FEATURES:
            raw = {c: self._latest[c].get(feature) for c in la_codes}
            raw = {c: (math.log(v) if feature == "population" and v and v > 0 else v)
                   for c, v in raw.items() if v is not None}
            if len(raw) < 2:
                continue
            mean = sum(raw.values()) / len(raw)
            sd = math.sqrt(sum((v - mean) ** 2 for v in raw.values()) / (len(raw) - 1)) or 1.0
            columns[feature] = {c: (v - mean) / sd for c, v in raw.items()}
        # One row per area, NaN where it lacks a feature; each area's distances to all others are then
        # one array operation instead of a Python loop over every pair (380 x 380 on the UK). With
        # fewer than 8 features numpy adds the squares in column order, as the loop did, so every
        # distance is the same float.
        matrix = np.array([[col.get(code, np.nan) for col in columns.values()] for code in la_codes],
                          dtype=float)
        present = ~np.isnan(matrix)
        codes = np.array(la_codes, dtype=object)
        result = {}
        for i, code in enumerate(la_codes):
            mine = present[i]
            if mine.sum() < 3:
                result[code] = []
                continue
            others = present[:, mine].all(axis=1) & (codes != code)
            squares = (matrix[others][:, mine] - matrix[i, mine]) ** 2
            found = np.sqrt(squares.sum(axis=1)).tolist()
            distances = sorted(zip([la_codes[j] for j in np.flatnonzero(others)], found, strict=True),
                               key=lambda item: (item[1], item[0]))
            result[code] = distances[:NEIGHBOURS]
        return result

    def ranks(self, code: str) -> list[Rank]:
        return self._ranks.get(code, [])

    def neighbours(self, code: str) -> list[tuple[str, float]]:
        return self._neighbours.get(code, [])


class TableIndex:
    """The `series` lookup Standing needs, over an indicator table (values as computed)."""

    def __init__(self, table):
        self._rows: dict[tuple[str, str], list[dict]] = {}
        table = table[table["indicator_id"].isin(indicators_used())]
        ordered = table.sort_values("period_end", kind="stable")
        # Plain lists: iterating the columns themselves costs a pandas call per value.
        for code, indicator_id, label, end, value in zip(
                *(ordered[c].tolist() for c in ("area_code", "indicator_id", "period_label", "period_end",
                                                "value")), strict=True):
            clean = None if value is None or value != value else float(value)
            self._rows.setdefault((code, indicator_id), []).append(
                {"value": clean, "period_label": label, "period_end": end})

    def series(self, area: str, indicator_id: str) -> list[dict]:
        return self._rows.get((area, indicator_id), [])


def save(standing: Standing, path) -> None:
    from migration_profiles.util import atomic
    payload = {"ranks": {c: [r.__dict__ for r in ranks] for c, ranks in standing._ranks.items()},
               "neighbours": standing._neighbours}
    atomic.write_text(path, json.dumps(payload))


def load(path) -> Standing:
    payload = json.loads(path.read_text())
    standing = Standing.__new__(Standing)
    standing._ranks = {c: [Rank(**r) for r in ranks] for c, ranks in payload["ranks"].items()}
    standing._neighbours = {c: [tuple(n) for n in found] for c, found in payload["neighbours"].items()}
    return standing
