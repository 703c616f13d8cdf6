"""Issue 11 item 15: the figure a year earlier is found by period, not by exact date."""

from __future__ import annotations

from migration_profiles.render import insight
from migration_profiles.stages.indicators.catalogue import indicator
from migration_profiles.util.periods import a_year_before


def _census(label, day):
    return {"period_label": label, "period_start": day, "period_end": day, "value": 20.0, "status": "ok",
            "ci_lower": None, "ci_upper": None}


def test_last_januarys_census_is_a_year_earlier_although_the_day_moved():
    series = [_census("2022/23", "2023-01-19"), {**_census("2023/24", "2024-01-18"), "value": 21.0}]
    found = insight.changes(indicator("eal_share_all"), series)
    assert [c.basis for c in found] == [insight.YEAR_EARLIER]
    assert found[0].from_period == "2022/23"


def test_a_quarter_finds_the_same_quarter_a_year_before_not_the_quarter_before():
    quarters = [{"period_label": q, "period_start": s, "period_end": e}
                for q, s, e in [("Q3 2023", "2023-07-01", "2023-09-30"),
                                ("Q2 2024", "2024-04-01", "2024-06-30"),
                                ("Q3 2024", "2024-07-01", "2024-09-30")]]
    assert a_year_before(quarters[-1], quarters[:-1])["period_label"] == "Q3 2023"


def test_nothing_is_found_two_years_back_or_for_a_period_of_another_length():
    latest = {"period_label": "2024", "period_start": "2024-01-01", "period_end": "2024-12-31"}
    assert a_year_before(latest, [{"period_label": "2022", "period_start": "2022-01-01",
                                   "period_end": "2022-12-31"}]) is None
    assert a_year_before(latest, [{"period_label": "Q4 2023", "period_start": "2023-10-01",
                                   "period_end": "2023-12-31"}]) is None
