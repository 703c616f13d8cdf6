import math

import pandas as pd

from migration_profiles.stages import rankings
from migration_profiles.stages.rankings import Standing, TableIndex, _ranks


class FakeIndex:
    def __init__(self, data):
        self.data = data

    def series(self, area, indicator_id):
        return self.data.get((area, indicator_id), [])


def fig(value, label="2020", end="2020-12-31"):
    return {"value": value, "period_label": label, "period_end": end}


def test_competition_ranking_puts_the_highest_first_and_shares_ties():
    assert _ranks({"a": 5.0, "b": 9.0, "c": 5.0, "d": 1.0}) == {"b": 1, "a": 2, "c": 2, "d": 4}


def test_ranks_among_all_and_within_the_region_use_the_latest_common_period():
    data = {("A", "gp_rate"): [fig(1.0, "2019", "2019-06-30"), fig(10.0)],
            ("B", "gp_rate"): [fig(20.0)], ("C", "gp_rate"): [fig(5.0)],
            ("D", "gp_rate"): [fig(99.0, "2019", "2019-06-30")]}  # no figure for 2020: not ranked
    regions = {"A": "R1", "B": "R2", "C": "R1", "D": "R1"}
    standing = Standing(FakeIndex(data), ["A", "B", "C", "D"], regions.get)
    [rank] = [r for r in standing.ranks("A") if r.indicator_id == "gp_rate"]
    assert (rank.period_label, rank.rank, rank.of, rank.region_rank, rank.region_of) == ("2020", 2, 3, 1, 2)
    assert not [r for r in standing.ranks("D") if r.indicator_id == "gp_rate"]


def test_neighbours_are_the_most_alike_areas_and_never_the_area_itself():
    features = ("population", "non_uk_born_share", "gp_rate", "nino_rate")
    profiles = {"A": (100000, 10, 5, 5), "B": (105000, 11, 5, 6), "C": (900000, 40, 30, 25),
                "D": (98000, 9, 4, 5), "E": (500000, 30, 20, 20)}
    data = {(code, f): [fig(float(v))] for code, values in profiles.items()
            for f, v in zip(features, values, strict=True)}
    standing = Standing(FakeIndex(data), list(profiles), lambda code: "R")
    nearest = [code for code, _ in standing.neighbours("A")]
    assert nearest[:2] == ["D", "B"] or nearest[:2] == ["B", "D"]
    assert "A" not in nearest and nearest[-1] == "C"


def test_the_table_index_finds_the_latest_common_period_as_the_loop_over_series_does(monkeypatch):
    # Ties between periods' end dates, a label repeated with two ends, an area with two rows for one
    # period, missing values, areas outside the list: the whole-column path and the loop over
    # `series` (which any other index takes) give the same period, values and order.
    rows = [
        ("B", "x", "2019", "2019-12-31", 1.0), ("A", "x", "2019", "2019-12-31", 2.0),
        ("A", "x", "2020", "2020-12-31", 3.0), ("C", "x", "2020", "2020-12-31", math.nan),
        ("C", "x", "2020b", "2020-12-31", 4.0), ("B", "x", "2020", "2020-12-31", 5.0),
        ("B", "x", "2020", "2020-12-31", 6.0), ("Z", "x", "2021", "2021-12-31", 7.0),
        ("A", "y", "2018", "2018-06-30", 8.0), ("C", "y", "2018", "2019-06-30", 9.0),
        ("A", "y", "2017", "2019-06-30", 10.0), ("B", "z", "2018", "2018-06-30", math.nan),
    ]
    table = pd.DataFrame(rows, columns=["area_code", "indicator_id", "period_label", "period_end", "value"])
    monkeypatch.setattr(rankings, "indicators_used", lambda: {"x", "y", "z"})
    index = TableIndex(table)
    for la_codes in (["A", "B", "C"], ["C", "A"], ["B"]):
        for ind in ("x", "y", "z", "missing"):
            fast = index.latest_common_period(ind, la_codes)
            slow = Standing._latest_common_period(index, ind, la_codes)
            assert fast == slow and list(fast[1]) == list(slow[1]), (ind, la_codes)
