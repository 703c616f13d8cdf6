"""An area's profile: the one model that pages, downloads and PDFs are all rendered from.

It is built only from published figures (see publish.py), so every number a reader sees has passed
the same rounding and disclosure rules, and carries its source, release and snapshot.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter

import numpy as np
import pandas as pd

from migration_profiles.render import insight
from migration_profiles.sources import get_source, police_force_areas
from migration_profiles.sources.base import Source
from migration_profiles.stages import predecessors
from migration_profiles.stages.indicators import INDICATORS, THEMES, Indicator, nino
from migration_profiles.stages.indicators.catalogue import CHARTS
from migration_profiles.stages.indicators.core import COMPONENTS_OF_CHANGE
from migration_profiles.stages.publish import format_figure, format_interval, format_number, format_range
from migration_profiles.util import status as st
from migration_profiles.util.periods import short_label
from migration_profiles.util.wording import lower_first

LA_PREFIXES = ("E06", "E07", "E08", "E09", "W06", "S12", "N09")

FIGURE_FIELDS = ["indicator_id", "period_label", "period_start", "period_end", "value", "ci_lower",
                 "ci_upper", "status", "source_id", "release", "snapshot_sha256"]
_figure_fields = itemgetter(*FIGURE_FIELDS)


@dataclass(frozen=True)
class BuildContext:
    edition: str
    built_at: str  # ISO timestamp, pinned in golden tests
    demo: bool
    snapshots: dict  # source_id -> {"release", "release_date", "retrieved_at", "sha256", "url", "files"}
    sources: dict[str, Source]
    quality_notes: dict = field(default_factory=dict)  # area_code -> [note, ...]
    standing: object = None  # rankings.Standing for this build, when computed
    # (area_code, indicator_id, period_label) -> value in the previous edition, to mark revisions
    previous_values: dict = field(default_factory=dict)
    audience: str = "public"  # internal builds carry the OFFICIAL-SENSITIVE marking
    local: dict = field(default_factory=dict)  # area_code -> [local dataset tables], from publish_local
    # The sources whose figures and snapshot facts this audience may see (publish.visible_sources);
    # None: every source (contexts made before the audience rules reached the sources page).
    published_sources: frozenset | None = None

    def shown_sources(self) -> list[Source]:
        """The sources the sources page describes: only those the audience may see."""
        return [s for sid, s in self.sources.items()
                if self.published_sources is None or sid in self.published_sources]


def _codes(column: pd.Series, sort: bool = False) -> tuple[np.ndarray, list]:
    """A column as integer codes into its distinct values (a missing value is the last code, standing
    for None), so that it is sorted, grouped and reordered as integers: Arrow-backed text reordered as
    text was most of the time taken to index the figures."""
    codes, uniques = pd.factorize(column, sort=sort, use_na_sentinel=True)
    values = [None if isinstance(v, float) else v for v in uniques.tolist()]  # NaN is never a value
    codes = np.where(codes < 0, len(values), codes)
    return codes, [*values, None]


def _in_order(column: pd.Series, order: np.ndarray) -> list:
    """The column's cells in `order`, as Python values, a missing one as None."""
    if pd.api.types.is_float_dtype(column.dtype):
        values = column.to_numpy(dtype=float)[order]
        return np.where(np.isnan(values), None, values).tolist()
    codes, values = _codes(column)
    return np.asarray(values, dtype=object)[codes[order]].tolist()


_NO_SPANS: dict = {}


class FigureIndex:
    """Published figures looked up by (area, indicator), each list ordered by period."""

    def __init__(self, published: pd.DataFrame):
        published = published.reset_index(drop=True)
        # Each (area, indicator) is one run of rows, in the order of the periods' ends (then of the
        # table's rows): one stable sort of integer codes.
        ends, _ = _codes(published["period_end"], sort=True)  # a missing end sorts last
        areas, area_names = _codes(published["area_code"], sort=True)
        indicators, indicator_names = _codes(published["indicator_id"], sort=True)
        order = np.lexsort((ends, indicators, areas)) if len(published) else np.arange(0)
        self._columns = ["area_code", *FIGURE_FIELDS]
        # Column lists then zip: far quicker than DataFrame.to_dict("records") on Arrow-backed strings.
        # A missing number is None in a figure, not NaN: set once per column, not per cell.
        self._values = [_in_order(published[c], order) for c in self._columns]
        # Where each area's run of each indicator starts and ends, in the order its first figure comes
        # in period order (the order an area's figures are listed in its downloads).
        areas, indicators = areas[order], indicators[order]
        starts = np.flatnonzero(np.r_[True, (areas[1:] != areas[:-1]) | (indicators[1:] != indicators[:-1])])
        ends_at = np.r_[starts[1:], len(areas)].tolist()
        rank = np.empty(len(order), dtype=np.int64)
        rank[np.argsort(ends, kind="stable")] = np.arange(len(order))  # each row's place in period order
        self._spans: dict[str, dict[str, tuple[int, int]]] = {}
        for _first, start, end in sorted(zip(rank[order[starts]].tolist(), starts.tolist(), ends_at,
                                             strict=True)):
            area, indicator = area_names[areas[start]], indicator_names[indicators[start]]
            self._spans.setdefault(area, {})[indicator] = (start, end)
        # Rows are made into dicts when first asked for, per area and indicator, not all up front: a
        # page worker needs its own areas' figures and a few of its comparators' and neighbours'.
        self._rows: dict[tuple[str, str], list[dict]] = {}
        self._by_period: dict[tuple[str, str], dict[str, dict]] = {}
        self.areas = sorted(self._spans)
        # What pages work out from these figures and would otherwise work out again for every area
        # that shows them (profiles._points), by a key of their own that names the area second.
        self.derived: dict[tuple, object] = {}

    def _series(self, area: str, indicator_id: str, span: tuple[int, int]) -> list[dict]:
        key = (area, indicator_id)
        rows = self._rows.get(key)
        if rows is None:
            start, end = span
            columns, cells = self._columns, (column[start:end] for column in self._values)
            rows = self._rows[key] = [dict(zip(columns, values, strict=True))
                                      for values in zip(*cells, strict=True)]
        return rows

    def series(self, area: str, indicator_id: str) -> list[dict]:
        span = self._spans.get(area, _NO_SPANS).get(indicator_id)
        return self._series(area, indicator_id, span) if span else []

    def has(self, area: str, indicator_id: str) -> bool:
        """Whether the area has figures for the indicator, without making its rows."""
        return indicator_id in self._spans.get(area, _NO_SPANS)

    def latest(self, area: str, indicator_id: str) -> dict | None:
        rows = self.series(area, indicator_id)
        return rows[-1] if rows else None

    def at(self, area: str, indicator_id: str, period_label: str) -> dict | None:
        # Each series' figures by period, made when first asked for: a page looks up its region's and
        # country's figure for the same period hundreds of times (its comparators' cells).
        key = (area, indicator_id)
        by_period = self._by_period.get(key)
        if by_period is None:
            by_period = self._by_period[key] = {}
            for row in self.series(area, indicator_id):
                by_period.setdefault(row["period_label"], row)  # the first, as a search would find
        return by_period.get(period_label)

    def figure_rows(self, area: str) -> Iterator[tuple[str, list[dict]]]:
        """(indicator id, its rows) for each of the area's series, in for_area's order."""
        for indicator_id, span in self._spans.get(area, _NO_SPANS).items():
            yield indicator_id, self._series(area, indicator_id, span)

    def forget(self, area: str) -> None:
        """Let go of the rows made for `area` and what was worked out from them: a council's page is
        written once, and a page worker that kept every council's rows grew by a few hundred MB, each
        new page of memory a fault for the kernel to serve."""
        for indicator in self._spans.get(area, _NO_SPANS):
            self._rows.pop((area, indicator), None)
            self._by_period.pop((area, indicator), None)
        for key in [key for key in self.derived if key[1] == area]:
            del self.derived[key]

    def for_area(self, area: str) -> list[dict]:
        return [row for _, rows in self.figure_rows(area) for row in rows]


def local_authority_codes(index: FigureIndex) -> list[str]:
    return [code for code in index.areas if code.startswith(LA_PREFIXES)]


def _figure_text(row: dict | None, ind: Indicator) -> str:
    if row is None:
        return "no figure"
    return format_figure(row["value"], row["status"], ind)


def _kept(index: FigureIndex, key: tuple, make):
    """What `make()` gives, worked out once per index: a region's and a country's words are the same on
    the page of every council in them."""
    found = index.derived.get(key, key)
    if found is key:
        found = index.derived[key] = make()
    return found


def top_names(index: FigureIndex, area: str, indicator_ids: tuple[str, ...], period: str,
              n: int) -> list[str]:
    """The titles of the n indicators with the largest published value for `area` in `period`, largest
    first, ties in the order given. Withheld and missing figures are never named."""
    found = []
    for order, indicator_id in enumerate(indicator_ids):
        row = index.at(area, indicator_id, period)
        if row is not None and row["value"] is not None and row["value"] > 0:
            found.append((-row["value"], order, indicator_id))
    return [_BY_ID[indicator_id].title for _, _, indicator_id in sorted(found)[:n]]


def top_nationalities_row(index: FigureIndex, code: str, comparators: list[dict]) -> dict | None:
    """The overview row naming the most common nationalities of new NINo registrations in the latest
    year, for the area and, for the same year, its region and country (as in the paper's Figure 2)."""
    year = index.latest(code, nino.YEAR_TOTAL)
    if year is None or year["value"] is None:
        return None
    period = year["period_label"]
    names = top_names(index, code, nino.RANKED_IDS, period, nino.TOP_N)
    if not names:
        return None
    others = [_kept(index, ("top names", c["code"], period),
                    lambda c=c: top_names(index, c["code"], nino.RANKED_IDS, period, nino.TOP_N))
              for c in comparators]
    return {
        "indicator_id": "nino_top_nationalities",
        "title": "Top nationalities of new National Insurance number registrations",
        "value": ", ".join(names),
        "interval": "",
        "period": period,
        "source_id": year["source_id"],
        "comparators": [", ".join(found) or "no figure" for found in others],
    }


def _overview(index: FigureIndex, code: str, comparators: list[dict], by_id: dict, geography) -> list[dict]:
    rows = []
    for ind in INDICATORS:
        if not ind.overview:
            continue
        own, suffix = _source_area(code, ind, index, geography)
        latest = index.latest(own, ind.id)
        if latest is None:
            continue
        rows.append({
            "indicator_id": ind.id,
            "title": ind.title + suffix,
            "value": _figure_text(latest, ind),
            "interval": format_interval(latest["ci_lower"], latest["ci_upper"], ind, latest["value"]),
            "period": latest["period_label"],
            "source_id": latest["source_id"],
            "comparators": [
                _figure_text(index.at(c["code"], ind.id, latest["period_label"]), ind) for c in comparators
            ],
        })
        if ind.id == nino.YEAR_TOTAL:  # who registered, beside how many
            top = top_nationalities_row(index, code, comparators)
            rows.extend([top] if top else [])
        if ind.id == "population":  # what moved it most, beside how many live there
            driver = main_driver_row(index, code, comparators, by_id)
            rows.extend([driver] if driver else [])
    return rows


def main_driver_row(index: FigureIndex, code: str, comparators: list[dict], by_id: dict) -> dict | None:
    """The overview row naming the component of change that moved the population most in the latest
    year, for the area and, for the same year, its region and country (as in the paper's Figure 2)."""
    mine = main_driver(index, code, by_id)
    if mine is None:
        return None

    def said(driver: dict | None) -> str:
        if driver is None or driver["period"] != mine["period"]:
            return "no figure"
        change = "adding" if driver["direction"] == "added to" else "taking away"
        return f"{driver['title']}, {change} {driver['value'].lstrip('-')}"

    return {
        "indicator_id": "main_driver",
        "title": "Biggest cause of population change",
        "value": said(mine),
        "interval": "",
        "period": mine["period"],
        "source_id": mine["source_id"],
        "comparators": [said(_kept(index, ("main driver", c["code"]),
                                   lambda c=c: main_driver(index, c["code"], by_id))) for c in comparators],
    }


def main_driver(index: FigureIndex, code: str, by_id: dict) -> dict | None:
    """Which component of change moved the population most in the latest year, and by how much."""
    latest = [index.latest(code, i) for i in COMPONENTS_OF_CHANGE]
    if any(row is None or row["value"] is None for row in latest):
        return None
    periods = {row["period_label"] for row in latest}
    if len(periods) != 1:
        return None
    biggest = max(latest, key=lambda row: abs(row["value"]))
    ind = by_id[biggest["indicator_id"]]
    return {
        "indicator_id": ind.id,
        "title": ind.title,
        "period": biggest["period_label"],
        "value": format_figure(biggest["value"], biggest["status"], ind),
        "direction": "added to" if biggest["value"] > 0 else "reduced",
        "source_id": biggest["source_id"],
    }


def _county_of(code: str, geography) -> tuple[str, str] | None:
    area = geography.area(code)
    county = getattr(area, "county_code", "") if area else ""
    return (county, f" (figure for {geography.name(county)}, the county)") if county else None


# Larger areas a figure may be published for instead of a council (Indicator.larger_area): each
# finds an area's parent and the words that label its figure on the area's page.
LARGER_AREAS = {"county": _county_of, "police_force_area": police_force_areas.larger_area}


def larger_area_codes(code: str, geography) -> set[str]:
    """The larger areas whose figures the page of `code` may show (to load them with the area's own)."""
    kinds = {ind.larger_area for ind in INDICATORS if ind.larger_area}
    found = (LARGER_AREAS[kind](code, geography) for kind in kinds)
    return {parent[0] for parent in found if parent}


def _source_area(code: str, ind: Indicator, index: FigureIndex, geography) -> tuple[str, str]:
    """(the area whose figures to show, a label suffix) - an area borrows a larger area's figure (its
    county's, its police force area's) for an indicator published only for larger areas, and says so."""
    # Asked for every indicator of every chart (a few hundred times a page), so it looks at whether
    # figures exist without making their rows, and words each larger area and each sum once per area
    # and source, kept on the index beside the figures they describe (the index is made, and used, with
    # one geography: profile_inputs).
    if ind.larger_area and not index.has(code, ind.id):
        parent = _kept(index, ("larger area", code, ind.larger_area),
                       lambda: LARGER_AREAS[ind.larger_area](code, geography))
        if parent and index.has(parent[0], ind.id):
            return parent
    if index.has(code, ind.id):
        summed = _kept(index, ("summed", code, ind.source_id),
                       lambda: predecessors.describe(code, get_source(ind.source_id), geography))
        if summed:  # a council created since the source's date: its figure is its predecessors' sum
            return code, f" ({summed})"
    return code, ""


class _Points:
    """A series as a line chart shows it (_points): each period's figure, x label, figure as text and
    table cell; which of them are drawn; and the last drawn one's words."""

    __slots__ = ("points", "drawn", "latest", "with_interval", "rows")

    def __init__(self, points: list[tuple[dict, str, str, str]]):
        self.points = points
        self.drawn = [point for point in points if point[0]["value"] is not None]
        last = self.drawn[-1] if self.drawn else None
        self.latest = f"{last[2]} in {last[0]['period_label']}" if last else None
        # Drawn periods with an interval: the band is drawn where there are two or more.
        self.with_interval = sum(1 for point in self.drawn if point[0]["ci_lower"] is not None)
        self.rows: dict[tuple[str, int], list[dict]] = {}  # (series, order) -> the chart's rows

    def chart_rows(self, label: str, order: int) -> list[dict]:
        """What the chart draws of this series, named `label`, as the `order`th series: kept, so that a
        region's or a country's rows are made once for all the pages that draw them."""
        key = (label, order)
        rows = self.rows.get(key)
        if rows is None:
            rows = self.rows[key] = [
                {"series": label, "order": order, "x": x, "period_label": f["period_label"],
                 "period_end": f["period_end"], "value": f["value"], "ci_lower": f["ci_lower"],
                 "ci_upper": f["ci_upper"], "text": text}
                for f, x, text, _ in self.drawn]
        return rows


def _points(index: FigureIndex, area: str, ind: Indicator, chart) -> _Points:
    """(figure, x label, figure as text, table cell) for each period of a series on a line chart.

    Kept on the index: a region's and a country's series are drawn on the pages of all their councils,
    and are worded once per build rather than once per page."""
    key = ("points", area, ind.id, chart.different_definitions, chart.with_interval)
    found = index.derived.get(key)
    if found is None:
        points = []
        for f in index.series(area, ind.id):
            # Series defined differently may count over different periods (mid-year to mid-year,
            # calendar years): they are placed by the year each period ends, and the caption says so.
            x = f["period_end"][:4] if chart.different_definitions else short_label(f["period_start"],
                                                                                    f["period_end"])
            text = _figure_text(f, ind)
            # Always as a range, never as a count's ±: the web chart reads its band from the table.
            interval = format_range(f["ci_lower"], f["ci_upper"], ind) if chart.with_interval else ""
            points.append((f, x, text, f"{text} ({interval})" if interval else text))
        found = index.derived[key] = _Points(points)
    return found


def _chart(chart, index: FigureIndex, code: str, names: dict, comparators: list[dict], by_id: dict,
           geography) -> dict | None:
    if chart.kind == "bar":
        return _bar_chart(chart, index, code, names, comparators, by_id, geography)
    if chart.with_comparators:
        ind = by_id[chart.indicator_ids[0]]
        own, suffix = _source_area(code, ind, index, geography)
        series = [(own, names[code] + suffix, ind)] + [(c["code"], c["name"], ind) for c in comparators]
    else:
        series = []
        for indicator_id in chart.indicator_ids:
            own, suffix = _source_area(code, by_id[indicator_id], index, geography)
            series.append((own, by_id[indicator_id].title + suffix, by_id[indicator_id]))
    rows, columns, periods, latest = [], [], {}, {}
    own_intervals = 0
    for order, (area, label, ind) in enumerate(series):
        found = _points(index, area, ind, chart)
        if order == 0:
            if not found.drawn:
                return None  # nothing to draw for this area
            own_intervals = found.with_interval
        columns.append(label)
        for f, x, _, cell in found.points:
            period = periods.get(f["period_label"])
            if period is None:
                period = periods[f["period_label"]] = {"period_end": f["period_end"], "x": x, "cells": {}}
            period["cells"][label] = cell
        if found.latest is not None:
            latest[label] = found.latest
        # The area's own rows are made for its page alone; its comparators' are shared (chart_rows).
        rows.extend(found.chart_rows(label, order) if area != code else
                    [{"series": label, "order": order, "x": x, "period_label": f["period_label"],
                      "period_end": f["period_end"], "value": f["value"], "ci_lower": f["ci_lower"],
                      "ci_upper": f["ci_upper"], "text": text} for f, x, text, _ in found.drawn])
    ordered = sorted(periods.items(), key=lambda item: item[1]["period_end"])
    first_ind = by_id[chart.indicator_ids[0]]
    after_break = first_after_break(first_ind, [p["period_end"] for _, p in ordered])
    # "x" and "flag" are for the web page, which draws the chart from its table (chart_table.py).
    table = [{"period": label + (SERIES_BREAK_FLAG if p["period_end"] == after_break else ""), "x": p["x"],
              "flag": p["period_end"] == after_break,
              "cells": [p["cells"].get(col, "no figure") for col in columns]}
             for label, p in ordered]
    alt_text = _describe(chart, first_ind, columns, ordered, latest)
    model = _chart_model(chart, first_ind, alt_text, rows, "Period", columns, table, by_id)
    # The band is only drawn where at least two periods of the area have an interval.
    model["interval_note"] = chart.with_interval and own_intervals >= 2
    return model


SERIES_BREAK_FLAG = " (series break: not comparable with earlier years)"


def first_after_break(ind: Indicator, period_ends: list[str]) -> str | None:
    """The end of the first period after the indicator's series break, when periods on both sides of
    it are shown; None otherwise."""
    if not ind.series_break:
        return None
    after = sorted(end for end in period_ends if end > ind.series_break)
    before = [end for end in period_ends if end <= ind.series_break]
    return after[0] if after and before else None


def _crosses_break(ind: Indicator, change, series: list[dict]) -> bool:
    ends = {row["period_label"]: row["period_end"] for row in series}
    start, end = ends.get(change.from_period, ""), ends.get(change.to_period, "")
    return bool(ind.series_break) and start <= ind.series_break < end


def _top(chart, index: FigureIndex, code: str, by_id: dict, geography) -> tuple[str, ...]:
    """The chart's categories to draw for this area: all of them, or its top_n largest, largest first
    (ties in the chart's own order)."""
    if not chart.top_n:
        return chart.indicator_ids
    ranked = []
    for order, indicator_id in enumerate(chart.indicator_ids):
        own, _ = _source_area(code, by_id[indicator_id], index, geography)
        latest = index.latest(own, indicator_id)
        if latest is not None and latest["value"] is not None and latest["value"] > 0:
            ranked.append((-latest["value"], order, indicator_id))
    return tuple(indicator_id for _, _, indicator_id in sorted(ranked)[:chart.top_n])


def _bar_chart(chart, index: FigureIndex, code: str, names: dict, comparators: list[dict], by_id: dict,
               geography) -> dict | None:
    """Categories for the latest period: bars for the area, the comparators beside it in the table."""
    rows, table, period = [], [], ""
    columns = [names[code]] + [c["name"] for c in comparators]
    for order, indicator_id in enumerate(_top(chart, index, code, by_id, geography)):
        ind = by_id[indicator_id]
        own, suffix = _source_area(code, ind, index, geography)
        latest = index.latest(own, indicator_id)
        if latest is None:
            continue
        if suffix:
            columns[0] = names[code] + suffix
        period = latest["period_label"]
        text = _figure_text(latest, ind)
        cells = [text] + [_figure_text(index.at(c["code"], indicator_id, period), ind) for c in comparators]
        table.append({"period": ind.title, "cells": cells})
        if latest["value"] is not None:
            rows.append({"series": ind.title, "order": order, "value": latest["value"], "text": text,
                         "period_label": period})
    if not rows:
        return None
    first_ind = by_id[chart.indicator_ids[0]]
    listed = "; ".join(f"{r['series']}: {r['text']}" for r in rows)
    alt_text = (f"Bar chart of {lower_first(chart.title)} for {columns[0]}, {period}. {listed}. "
                f"The table below the chart sets these beside {', '.join(columns[1:]) or 'no comparator'}.")
    return _chart_model(chart, first_ind, alt_text, rows, "Category", columns, table, by_id)


def _chart_model(chart, first_ind: Indicator, alt_text: str, rows: list[dict], row_heading: str,
                 columns: list[str], table: list[dict], by_id: dict) -> dict:
    return {
        "id": chart.id,
        "kind": chart.kind,
        "title": chart.title,
        "unit": first_ind.unit,
        "alt": alt_text,
        "rows": rows,  # what the chart draws: filled into the web chart's spec, or drawn for print
        "row_heading": row_heading,
        "columns": columns,
        "table": table,
        "source_ids": sorted({by_id[i].source_id for i in chart.indicator_ids}),
        "interval_note": chart.with_interval,
        "with_interval": chart.with_interval,  # the table shows each figure's interval
    }


def _describe(chart, ind: Indicator, columns: list[str], ordered: list, latest: dict) -> str:
    """A text alternative that says what the chart shows and where each line ends up."""
    if not ordered:
        return f"{chart.title}: no figures."
    first, last = ordered[0][1]["x"], ordered[-1][1]["x"]
    kind = "Line chart" if len(ordered) > 1 else "Chart"
    unit = "" if ind.unit.lower() in chart.title.lower() else f" ({ind.unit})"
    span = f"from {first} to {last}" if first != last else f"for {last}"
    if chart.different_definitions:
        span += ", each period placed at the year it ends"
    ends = "; ".join(f"{col}: {latest.get(col, 'no figure')}" for col in columns)
    return (f"{kind} of {lower_first(chart.title)}{unit} for {', '.join(columns)}, {span}. "
            f"Latest figures: {ends}. The same figures are in the table below the chart.")


def _fallback_for(chart_id: str) -> str | None:
    """The chart this one stands in for, or None: a fallback is left out where that chart was drawn."""
    return CHART_BY_ID[chart_id].fallback_for or None


DEFINITIONS_LEAD = ("These measures are defined differently, so they are set side by side and never added "
                    "together")


def definitions(chart, by_id: dict, sources: dict) -> list[str]:
    """Whom each series of one chart counts, from its measure's own declaration."""
    clauses = []
    for indicator_id in chart.indicator_ids:
        ind = by_id[indicator_id]
        measure = sources[ind.source_id].measure(ind.measures[0])
        clauses.append(f"{lower_first(ind.title)} counts {measure.counts}")
    return clauses


def definitions_note(chart, by_id: dict, sources: dict) -> str:
    """Why series of one chart differ, in one sentence (the PDF's caption and the chart's text)."""
    return DEFINITIONS_LEAD + ": " + "; ".join(definitions(chart, by_id, sources)) + "."


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n:,}{suffix}"


def _short_change(change, ind: Indicator, revised_from: float | None) -> str:
    """A change in a table cell: direction, size and what it is measured from."""
    if change is None:
        return "no earlier figure"
    old = format_number(change.old, ind)
    if change.direction == insight.UNCHANGED:
        text = f"no change from {old}"
    elif change.direction == insight.NO_SIGNIFICANT_CHANGE:
        text = f"no significant change from {old}"
    else:
        size = format_number(abs(change.difference), ind).rstrip("%")
        unit = " points" if ind.percent else ""
        text = f"{'up' if change.difference > 0 else 'down'} {size}{unit} from {old}"
        if change.tested:
            text += " (significant)"
    text += f" in {change.from_period}"
    if revised_from is not None and revised_from != change.old:
        text += f", revised from {format_number(revised_from, ind)}"
    if change.provisional:
        text += "; provisional"
    return text


def _change_rows(index: FigureIndex, code: str, by_id: dict, context: BuildContext) -> list[dict]:
    rows = []
    for ind in INDICATORS:
        if not ind.overview:
            continue
        found = {c.basis: c for c in insight.changes(ind, index.series(code, ind.id))}
        if not found:
            continue
        latest = index.latest(code, ind.id)
        year = found.get(insight.YEAR_EARLIER)
        previous = found.get(insight.PREVIOUS_PERIOD) or year  # annual series: the same comparison
        cells = []
        for change in (previous, year):
            revised = context.previous_values.get((code, ind.id, change.from_period)) if change else None
            if change is not None and _crosses_break(ind, change, index.series(code, ind.id)):
                cells.append(f"not comparable: the series breaks between {change.from_period} and "
                             f"{change.to_period}")
                continue
            cells.append(_short_change(change, ind, revised))
        if previous is year and year is not None:
            cells[1] = "the same comparison: figures are yearly"
        latest_text = _figure_text(latest, ind)
        was = context.previous_values.get((code, ind.id, latest["period_label"]))
        if was is not None and latest["value"] is not None and was != latest["value"]:
            latest_text += f" (revised from {format_number(was, ind)})"
        rows.append({"title": ind.title, "latest": latest_text, "period": latest["period_label"],
                     "previous": cells[0], "year_earlier": cells[1]})
    return rows


def _net_explanation(index: FigureIndex, code: str, by_id: dict) -> str:
    ids = ("ltim_net", "ltim_inflow", "ltim_outflow")
    found = [insight.changes(by_id[i], index.series(code, i)) for i in ids]
    if not all(found):
        return ""
    net, inflow, outflow = (c[0] for c in found)
    if len({(c.from_period, c.to_period) for c in (net, inflow, outflow)}) != 1:
        return ""
    return insight.explain_net(net, inflow, outflow, by_id["ltim_inflow"], by_id["ltim_outflow"],
                               by_id["ltim_net"])


def _standing(code: str, geography, context: BuildContext, by_id: dict,
              index: FigureIndex) -> tuple[list, list]:
    if context.standing is None:
        return [], []
    region = geography.region_of(code)
    region_name = geography.name(region) if region else ""
    ranks = []
    for rank in context.standing.ranks(code):
        ind = by_id[rank.indicator_id]
        within = (f"{_ordinal(rank.region_rank)} of {rank.region_of} in {region_name}"
                  if rank.region_rank and region and region[:3] == "E12" else "")
        ranks.append({"title": ind.title, "value": format_figure(rank.value, "ok", ind),
                      "period": rank.period_label,
                      "rank": f"{_ordinal(rank.rank)} of {rank.of}", "within_region": within})
    neighbours = []
    for other, _ in context.standing.neighbours(code):
        cells = []
        for indicator_id in ("non_uk_born_share", "ltim_inflow_rate", "gp_rate", "nino_rate"):
            row = index.latest(other, indicator_id)
            cells.append(_figure_text(row, by_id[indicator_id]) if indicator_id in by_id else "")
        neighbours.append({"code": other, "name": geography.name(other), "cells": cells})
    return ranks, neighbours


# Each chart by its id, and each theme's charts in order: the same for every profile.
CHART_BY_ID = {chart.id: chart for chart in CHARTS}
_THEME_CHARTS = {theme.id: [chart for chart in CHARTS if chart.theme == theme.id] for theme in THEMES}
_BY_ID = {ind.id: ind for ind in INDICATORS}


def build_profile(code: str, index: FigureIndex, geography, context: BuildContext) -> dict:
    by_id = _BY_ID
    comparators = [{"code": c, "name": geography.name(c) or c}
                   for c in geography.comparators(code) if c != code]
    names = {code: geography.name(code) or code, **{c["code"]: c["name"] for c in comparators}}
    area = geography.area(code)
    themes = []
    for theme in THEMES:
        theme_charts = [c for c in (_chart(ch, index, code, names, comparators, by_id, geography)
                                    for ch in _THEME_CHARTS[theme.id]) if c]
        drawn = {model["id"] for model in theme_charts}
        theme_charts = [model for model in theme_charts if _fallback_for(model["id"]) not in drawn]
        for model in theme_charts:
            chart = CHART_BY_ID[model["id"]]
            model["definitions_note"] = (definitions_note(chart, by_id, context.sources)
                                         if chart.different_definitions else "")
            # The web page says the lead at once and keeps each definition in a disclosure under it.
            model["definitions"] = (definitions(chart, by_id, context.sources)
                                    if chart.different_definitions else [])
            model["definitions_lead"] = DEFINITIONS_LEAD
        if theme_charts:
            themes.append({"id": theme.id, "title": theme.title, "intro": theme.intro,
                           "charts": theme_charts})
    used = sorted({sid for t in themes for c in t["charts"] for sid in c["source_ids"]})
    figures = [_figure(row, by_id[indicator].unit)
               for indicator, rows in index.figure_rows(code) for row in rows]
    driver = main_driver(index, code, by_id)
    summary_inputs = insight.SummaryInputs(
        area_name=names[code], comparators=comparators, series=index.series, code=code, indicators=by_id,
        source_names={sid: s.title for sid, s in context.sources.items()},
        previous_values=context.previous_values)
    ranks, neighbours = _standing(code, geography, context, by_id, index)
    return {
        "area": {
            "code": code,
            "name": names[code],
            "level": getattr(area, "level", "local_authority"),
            "la_type": getattr(area, "la_type", ""),
            "region": comparators[0] if len(comparators) > 1 else None,
            "country": comparators[-1] if comparators else None,
        },
        "comparators": comparators,
        "edition": context.edition,
        "built_at": context.built_at,
        "demo": context.demo,
        "driver": driver,
        "summary": insight.summary(summary_inputs, driver),
        "changes": _change_rows(index, code, by_id, context),
        "net_explanation": _net_explanation(index, code, by_id),
        "ranks": ranks,
        "neighbours": neighbours,
        "neighbour_columns": [by_id[i].title for i in ("non_uk_born_share", "ltim_inflow_rate", "gp_rate",
                                                         "nino_rate") if i in by_id],
        "overview": _overview(index, code, comparators, by_id, geography),
        "themes": themes,
        "sources": [citation(context, sid) for sid in used],
        "notes": context.quality_notes.get(code, []),
        "figures": figures,
        "local": context.local.get(code, []),
        "internal": context.audience != "public",
    }


def _figure(row: dict, unit: str) -> dict:
    """One of the profile's figures: its row of the index (FIGURE_FIELDS) without the area, the profile's
    own, then its indicator's unit and its status's wording. Copied from the row, which the page's charts
    have made for most figures already: each made again from the index's columns took twice as long."""
    figure = row.copy()
    del figure["area_code"]
    figure["unit"] = unit
    figure["status_text"] = st.STATUS_TEXT.get(figure["status"], "")
    return figure


def citation(context: BuildContext, source_id: str) -> dict:
    source = context.sources[source_id]
    snap = context.snapshots.get(source_id, {})
    return {
        "id": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "landing_page": source.landing_page,
        "licence": source.licence,
        "release": snap.get("release", ""),
        "release_date": snap.get("release_date", ""),
        "retrieved_at": snap.get("retrieved_at", ""),
        "sha256": snap.get("sha256", ""),
        "caveats": [{"id": c.id, "text": c.text} for c in source.caveats],
    }
