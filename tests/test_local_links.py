"""A local figure's period linked to the public figure for the same period (render/local_links.py)."""

from __future__ import annotations

import pandas as pd

from migration_profiles.local.kinds import PUBLIC_MEASURES
from migration_profiles.render import local_links
from migration_profiles.render.profiles import FIGURE_FIELDS, FigureIndex
from migration_profiles.stages.indicators import INDICATORS
from migration_profiles.util.periods import month_span

YORK = "E06000014"


def _index(rows: list[tuple[str, str, str, str, float]]) -> FigureIndex:
    """(indicator, label, start, end, value) rows for York, as publish() leaves them."""
    frame = pd.DataFrame([
        dict.fromkeys(FIGURE_FIELDS) | {"area_code": YORK, "indicator_id": i, "period_label": label,
                                        "period_start": start, "period_end": end, "value": value,
                                        "status": "", "source_id": "asylum_support"}
        for i, label, start, end, value in rows])
    return FigureIndex(frame)


def test_every_public_measure_named_for_a_kind_exists():
    known = {ind.id for ind in INDICATORS}
    assert {i for ids in PUBLIC_MEASURES.values() for i in ids} <= known


def test_a_quarter_end_count_lines_up_within_the_quarter_and_a_quarter_with_itself():
    q4 = month_span("2025-Q4")
    at_end = {"period_start": "2025-12-31", "period_end": "2025-12-31"}
    assert local_links.relation(q4, at_end) == local_links.INSIDE
    quarter = {"period_start": "2025-10-01", "period_end": "2025-12-31"}
    assert local_links.relation(q4, quarter) == local_links.SAME
    assert local_links.relation(q4, {"period_start": "2025-09-30", "period_end": "2025-09-30"}) == ""
    # A financial year holds its calendar quarters; a quarter lies inside a financial year.
    fy = month_span("2024/25")
    assert local_links.relation(fy, {"period_start": "2025-01-01",
                                     "period_end": "2025-03-31"}) == local_links.INSIDE
    assert local_links.relation(q4, {"period_start": "2025-04-01",
                                     "period_end": "2026-03-31"}) == local_links.AROUND


def test_beside_picks_the_public_figure_for_the_same_period_not_simply_the_latest():
    index = _index([
        ("asylum_total", "30 Sep 2025", "2025-09-30", "2025-09-30", 310.0),
        ("asylum_total", "31 Dec 2025", "2025-12-31", "2025-12-31", 325.0),
        ("asylum_total", "31 Mar 2026", "2026-03-31", "2026-03-31", 340.0),
    ])
    indicators = {ind.id: ind for ind in INDICATORS}
    block = {"kind": "asylum_liaison", "period": "2025-Q4"}
    [found] = local_links.beside(YORK, block, index, indicators)
    assert found["period"] == "31 Dec 2025" and found["shown"] == "325"
    assert found["relation"] == local_links.INSIDE


def test_without_a_public_figure_for_the_period_the_gap_is_said():
    index = _index([("asylum_total", "30 Jun 2025", "2025-06-30", "2025-06-30", 300.0)])
    indicators = {ind.id: ind for ind in INDICATORS}
    [found] = local_links.beside(YORK, {"kind": "asylum_liaison", "period": "2026-Q1"}, index, indicators)
    assert found["period"] == "30 Jun 2025"
    assert found["relation"] == "6 months before this period (the latest public figure)"


def test_a_kind_with_no_public_measure_or_a_point_in_time_period_gets_nothing():
    index = _index([("asylum_total", "31 Dec 2025", "2025-12-31", "2025-12-31", 325.0)])
    indicators = {ind.id: ind for ind in INDICATORS}
    assert local_links.beside(YORK, {"kind": "police", "period": "2025-Q4"}, index, indicators) == []
    assert local_links.beside(YORK, {"kind": "asylum_liaison", "period": "2025-12-31"},
                              index, indicators) == []


def test_the_gap_reads_in_whole_months_either_side():
    span = month_span("2026-Q1")
    row = {"period_start": "2025-12-31", "period_end": "2025-12-31"}
    assert local_links._apart(span, row).startswith("just before")
    row = {"period_start": "2026-07-01", "period_end": "2026-09-30"}
    assert local_links._apart(span, row).startswith("3 months after")
