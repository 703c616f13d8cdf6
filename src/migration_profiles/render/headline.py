"""The headline panel at the top of an area's page: a few figures that answer first.

Picked from the profile's overview rows (already published, rounded and worded by publish.py), so
the panel shows nothing the page does not already state, each figure with its period, its source
and the region's and country's figures for the same period.
"""

from __future__ import annotations

# Each slot takes the first of its indicators the area has a figure for: the census share where
# there is one (it counts everyone), the survey's otherwise; this year's NINo count before the rate.
SLOTS = (
    ("population",),
    ("main_driver",),
    ("ltim_inflow",),
    ("census_born_abroad_share", "non_uk_born_share"),
    ("nino_year_total", "nino_rate"),
    ("gp_rate",),
)
MAX_FIGURES = 6


def headline_figures(profile: dict, sources: dict) -> list[dict]:
    """Up to six figures for the panel, each with its comparators, period, source and latest change."""
    rows = {row["indicator_id"]: row for row in profile["overview"]}
    changes = {row["title"]: row["previous"] for row in profile.get("changes") or []}
    comparators = profile["comparators"]
    figures = []
    for slot in SLOTS:
        row = next((rows[i] for i in slot if i in rows and rows[i]["value"] != "no figure"), None)
        if row is None:
            continue
        source = sources.get(row["source_id"], {})
        figures.append({
            "title": row["title"],
            "value": row["value"],
            # A figure that is a phrase ("Net moves within the UK, taking away 620"), not a number: set
            # in the card's text size, it takes two lines rather than four.
            "phrase": len(row["value"].split()) > 2,
            "interval": row["interval"],
            "period": row["period"],
            "source": source.get("title", row["source_id"]),
            "change": _change(changes.get(row["title"], "")),
            "comparators": [{"name": c["name"], "value": v}
                            for c, v in zip(comparators, row["comparators"], strict=False)],
        })
    return figures[:MAX_FIGURES]


def _change(text: str) -> str:
    """'up 120 from 99,134 in Mid-2019' reads as the card's latest change; no earlier figure, nothing."""
    return "" if not text or text.startswith("no earlier") else text[:1].upper() + text[1:]
