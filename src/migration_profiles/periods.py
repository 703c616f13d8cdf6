"""Short labels for periods, for chart axes where the publisher's wording is too long."""

from __future__ import annotations

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


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
