"""Each local figure beside the public figure for the same period.

A partner's return names its period as a year, quarter, month or financial year (util/periods.py).
The public measure that counts the same kind of people (local/kinds.PUBLIC_MEASURES) is looked up
among the area's published figures: the figure whose period lies inside the return's period (a
quarter-end count within the quarter, the January census within the year), or the same period, is
set beside it; without one, the latest public figure is shown with how far it lies from the
return's period, so that a reader sees how much more recent the local figure is.
"""

from __future__ import annotations

from datetime import date

from migration_profiles.local.kinds import PUBLIC_MEASURES
from migration_profiles.render.profiles import FigureIndex
from migration_profiles.stages.indicators import INDICATORS
from migration_profiles.stages.publish import format_figure
from migration_profiles.util.periods import month_span, within

SAME, INSIDE, AROUND = "the same period", "within the same period", "a longer period that includes it"


def _months(iso) -> int:
    day = date.fromisoformat(str(iso)[:10])
    return day.year * 12 + day.month - 1


def relation(local: tuple[int, int], row: dict) -> str:
    """How a public figure's period lines up with the return's: in words, or '' when it does not."""
    public = (_months(row["period_start"]), _months(row["period_end"]))
    if public == local:
        return SAME
    if within(public, local):
        return INSIDE
    if within(local, public):
        return AROUND
    return ""


def _apart(local: tuple[int, int], row: dict) -> str:
    """How far the latest public figure lies from the return's period, in whole months."""
    first = date(local[0] // 12, local[0] % 12 + 1, 1)
    after = date((local[1] + 1) // 12, (local[1] + 1) % 12 + 1, 1)  # the day after the period ends
    end = date.fromisoformat(str(row["period_end"])[:10])
    start = date.fromisoformat(str(row["period_start"])[:10])
    before = end < first
    months = round(((first - end).days if before else (start - after).days + 1) / 30.44)
    side = "before" if before else "after"
    if months < 1:
        return f"just {side} this period (the latest public figure)"
    return f"{months} month{'s' if months > 1 else ''} {side} this period (the latest public figure)"


def beside(code: str, block: dict, index: FigureIndex, indicators: dict) -> list[dict]:
    """The public figures to show beside one local block."""
    local = month_span(block["period"])
    found = []
    for indicator_id in PUBLIC_MEASURES.get(block.get("kind", ""), ()):
        rows = [r for r in index.series(code, indicator_id) if r["value"] is not None]
        if local is None or not rows or indicator_id not in indicators:
            continue
        lined_up = [(r, relation(local, r)) for r in rows]
        matched = [(r, how) for r, how in lined_up if how]
        row, how = matched[-1] if matched else (rows[-1], _apart(local, rows[-1]))
        ind = indicators[indicator_id]
        found.append({"title": ind.title, "source_id": row["source_id"], "period": row["period_label"],
                      "shown": format_figure(row["value"], row["status"], ind), "relation": how})
    return found


def attach(local: dict[str, list[dict]], index: FigureIndex) -> None:
    """Fill in each local block's `public` list (blocks from local/tables.area_blocks)."""
    indicators = {ind.id: ind for ind in INDICATORS}
    for code, blocks in local.items():
        for block in blocks:
            block["public"] = beside(code, block, index, indicators)
