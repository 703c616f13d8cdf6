"""Short labels for periods, for chart axes where the publisher's wording is too long."""

from __future__ import annotations


def short_label(period_start: str, period_end: str) -> str:
    """'2019-07-01'..'2020-06-30' -> '2019/20'; a calendar year or a point in time -> '2020'."""
    start_year, end_year = period_start[:4], period_end[:4]
    if period_start == period_end or start_year == end_year:
        return end_year
    return f"{start_year}/{end_year[2:]}"
