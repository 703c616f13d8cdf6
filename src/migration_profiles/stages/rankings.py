"""Where an area stands: its rank among local authorities, and its statistical neighbours.

Both are computed once per build from published figures, for every local authority at once.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

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
            latest = getattr(index, "latest_common_period", None)  # a TableIndex finds it for whole columns
            period, values = (latest(ind.id, la_codes) if latest is not None
                              else self._latest_common_period(index, ind.id, la_codes))
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
    """What Standing reads from an indicator table (values as computed): `latest_common_period`, worked
    out over whole columns, and the `series` lookup of any other index."""

    def __init__(self, table):
        table = table[table["indicator_id"].isin(indicators_used())]
        self._ordered = table.sort_values("period_end", kind="stable")
        self._rows: dict[tuple[str, str], list[dict]] | None = None
        # Plain arrays, each indicator's rows one slice of them (in the order above): a pandas filter
        # for each indicator cost more than the figures it selected.
        columns = ("indicator_id", "area_code", "period_label", "period_end")
        ids, codes, labels, ends = (self._ordered[c].to_numpy(dtype=object) for c in columns)
        values = self._ordered["value"].to_numpy(dtype=float)
        number, found = pd.factorize(ids)
        by_indicator = np.argsort(number, kind="stable")
        bounds = np.concatenate([[0], np.cumsum(np.bincount(number, minlength=len(found)))])
        self._slices = {ind: by_indicator[bounds[n]:bounds[n + 1]] for n, ind in enumerate(found)}
        self._codes, self._labels, self._ends, self._values = codes, labels, ends, values
        self._position: tuple[list[str], np.ndarray] | None = None

    def latest_common_period(self, indicator_id: str, la_codes: list[str]) -> tuple[str, dict[str, float]]:
        """What Standing._latest_common_period gives over `series`, from the indicator's rows at once:
        a dict built from pairs keeps the last value of each key in the place of its first, which is
        what that loop does, area by area in `la_codes` order and period by period, with no row a dict."""
        rows = self._slices.get(indicator_id)
        if rows is None:
            return "", {}
        if self._position is None or self._position[0] is not la_codes:
            self._position = (la_codes, pd.Index(la_codes).get_indexer(self._codes))
        position = self._position[1][rows]
        rows = rows[(position >= 0) & ~np.isnan(self._values[rows])]
        if not len(rows):
            return "", {}
        rows = rows[np.argsort(self._position[1][rows], kind="stable")]
        labels = self._labels[rows]
        ends_by_label = dict(zip(labels.tolist(), self._ends[rows].tolist(), strict=True))
        latest = max(ends_by_label, key=lambda label: ends_by_label[label])
        chosen = rows[labels == latest]
        return latest, dict(zip(self._codes[chosen].tolist(), self._values[chosen].tolist(), strict=True))

    def series(self, area: str, indicator_id: str) -> list[dict]:
        if self._rows is None:
            self._rows = {}
            # Plain lists: iterating the columns themselves costs a pandas call per value.
            for code, ind_id, label, end, value in zip(
                    *(self._ordered[c].tolist() for c in ("area_code", "indicator_id", "period_label",
                                                          "period_end", "value")), strict=True):
                clean = None if value is None or value != value else float(value)
                self._rows.setdefault((code, ind_id), []).append(
                    {"value": clean, "period_label": label, "period_end": end})
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
