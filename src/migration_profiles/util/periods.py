"""Short labels for periods, for chart axes where the publisher's wording is too long."""

from __future__ import annotations

import functools
import re
from datetime import date

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# An area page labels a few thousand points from a few dozen distinct periods: each label is made once.
@functools.cache
def short_label(period_start: str, period_end: str) -> str:
    """A label short enough for a chart axis that still tells periods of one series apart.

    Mid-year to mid-year -> '2019/20'; a calendar year, or a mid-year point -> '2020'; a quarter
    -> 'Jul-Sep 2024'; any other point in time (a quarter-end snapshot) -> 'Sep 2024'.
    """
    start_year, end_year = period_start[:4], period_end[:4]
    start_month, end_month = int(period_start[5:7]), int(period_end[5:7])
    if period_start == period_end:
        return end_year if period_end[5:] == "06-30" else f"{MONTHS[end_month - 1]} {end_year}"
    if start_year == end_year and (start_month, end_month) != (1, 12):
        return f"{MONTHS[start_month - 1]}-{MONTHS[end_month - 1]} {end_year}"
    if start_year == end_year:
        return end_year
    return f"{start_year}/{end_year[2:]}"


# How far a period's dates may move from one year to the next and still be "the same period": the
# school census day moves each January (18 January 2024, 16 January 2025), a quarter-end does not.
SAME_PERIOD_DAYS = 45


def a_year_before(latest: dict, rows: list[dict]) -> dict | None:
    """The row for the same period a year before `latest` (rows carry ISO period_start/period_end):
    found by period, not by exact date, so a census day that moves still finds last year's census."""
    end, length = _days(latest["period_end"]), _days(latest["period_end"]) - _days(latest["period_start"])
    target = end - 365
    best = None
    for row in rows:
        gap = abs(_days(row["period_end"]) - target)
        row_length = _days(row["period_end"]) - _days(row["period_start"])
        same_length = abs(row_length - length) <= SAME_PERIOD_DAYS
        if gap <= SAME_PERIOD_DAYS and same_length and (best is None or gap < best[0]):
            best = (gap, row)
    return best[1] if best else None


@functools.cache  # a page compares the same few dozen dates over and over (a_year_before)
def _days(iso: str) -> int:
    return date.fromisoformat(str(iso)[:10]).toordinal()


def phrase(label: str) -> str:
    """A publisher's period label as it reads in a sentence.

    'Mid-2019 to Mid-2020' -> 'the year to mid-2020'; 'Jan 2020 to Dec 2020' -> '2020';
    'Mid-2020' -> 'mid-2020'; anything else is returned as it is.
    """
    words = label.split()
    if len(words) == 3 and words[0].startswith("Mid-") and words[2].startswith("Mid-"):
        return f"the year to {words[2].lower()}"
    if len(words) == 5 and words[0] == "Jan" and words[3] == "Dec" and words[1] == words[4]:
        return words[1]
    if len(words) == 1 and words[0].startswith("Mid-"):
        return words[0].lower()
    return label


# ---------------------------------------------------------------- periods of local partner data

# A local return names its period as 2025 (calendar year), 2025-Q3 (calendar quarter: Q1 is January to
# March), 2025-09 (month) or 2024/25 (financial year, April to March); local/validate.py accepts these
# and dates (2025-09-30), which are points in time and contain no other period.
_YEAR, _QUARTER, _MONTH, _FINANCIAL = (re.compile(p) for p in (
    r"^(\d{4})$", r"^(\d{4})-Q([1-4])$", r"^(\d{4})-(\d{2})$", r"^(\d{4})/(\d{2})$"))


def month_span(label: str) -> tuple[int, int] | None:
    """The months a local period covers, as (first, last) counted as year * 12 + month - 1, inclusive;
    None for a point in time or a label that is none of the forms above."""
    label = str(label).strip()
    if m := _YEAR.match(label):
        year = int(m[1])
        return year * 12, year * 12 + 11
    if m := _QUARTER.match(label):
        first = int(m[1]) * 12 + (int(m[2]) - 1) * 3
        return first, first + 2
    if (m := _MONTH.match(label)) and 1 <= int(m[2]) <= 12:
        month = int(m[1]) * 12 + int(m[2]) - 1
        return month, month
    if (m := _FINANCIAL.match(label)) and (int(m[1]) + 1) % 100 == int(m[2]):
        first = int(m[1]) * 12 + 3  # April
        return first, first + 11
    return None


def within(inner: tuple[int, int], outer: tuple[int, int]) -> bool:
    """Whether one month span lies inside another (and is not the same span)."""
    return outer[0] <= inner[0] and inner[1] <= outer[1] and inner != outer


def local_phrase(label: str) -> str:
    """A local period label in words: '2025-Q4' -> 'Oct-Dec 2025', '2024/25' -> 'Apr 2024 to Mar 2025
    (financial year 2024/25)', '2025-09' -> 'Sep 2025'; a year or date is returned as it is."""
    span = month_span(label)
    if span is None or _YEAR.match(str(label).strip()):
        return label
    (y0, m0), (y1, m1) = divmod(span[0], 12), divmod(span[1], 12)
    if span[0] == span[1]:
        return f"{MONTHS[m0]} {y0}"
    if y0 == y1:
        return f"{MONTHS[m0]}-{MONTHS[m1]} {y0}"
    return f"{MONTHS[m0]} {y0} to {MONTHS[m1]} {y1} (financial year {label})"
