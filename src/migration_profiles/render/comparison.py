"""How two areas' figures for the same indicator and period are worded: the summaries' rule, across areas.

insight.py says a survey estimate rose or fell only when the two 95% confidence intervals do not
overlap. Comparing two areas, the same rule says one is higher or lower only when their intervals do
not overlap; otherwise "no significant difference". Figures without intervals (counts, registers,
the census) are set side by side as they are: higher, lower or the same.

The compare page does this in the reader's browser (assets/compare.js). RULE is the rule as data for
that script, written into the site with the indicators' display settings, and tests run both
implementations over the same cases, so the page and this module cannot drift apart.
"""

from __future__ import annotations

from migration_profiles.render.insight import intervals_overlap
from migration_profiles.stages.indicators import INDICATORS, THEMES

HIGHER = "higher"
LOWER = "lower"
SAME = "the same"
NOT_SIGNIFICANT = "no significant difference"

RULE = {
    "words": {"higher": HIGHER, "lower": LOWER, "same": SAME, "not_significant": NOT_SIGNIFICANT},
    "explanation": ("Where both figures have a 95% confidence interval, one area is called higher or lower "
                    "only when the two intervals do not overlap, the same rule the summaries use for changes "
                    "over time; otherwise there is no significant difference. Figures without intervals are "
                    "compared as published."),
}


def _interval(row: dict) -> tuple[float, float] | None:
    if row.get("ci_lower") is None or row.get("ci_upper") is None:
        return None
    return row["ci_lower"], row["ci_upper"]


def difference(row: dict, other: dict) -> str | None:
    """How `row` stands against `other` (same indicator and period); None when either has no value."""
    if row.get("value") is None or other.get("value") is None:
        return None
    if row["value"] == other["value"]:
        return SAME
    mine, theirs = _interval(row), _interval(other)
    if mine is not None and theirs is not None and intervals_overlap(mine, theirs):
        return NOT_SIGNIFICANT
    return HIGHER if row["value"] > other["value"] else LOWER


def indicator_settings() -> dict:
    """What the compare page needs to show each indicator as the area pages do, in page order."""
    titles = {theme.id: theme.title for theme in THEMES}
    order = {theme.id: n for n, theme in enumerate(THEMES)}
    ordered = sorted(INDICATORS, key=lambda ind: order.get(ind.theme, len(order)))
    return {
        "rule": RULE,
        "indicators": [{"id": ind.id, "title": ind.title, "unit": ind.unit, "decimals": ind.decimals,
                        "percent": ind.percent, "theme": ind.theme, "theme_title": titles.get(ind.theme, ""),
                        "comparable": ind.comparable}
                       for ind in ordered],
    }
