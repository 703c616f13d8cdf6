"""Choropleth maps of the main indicators across local authorities: the data behind them, and their classes.

The site draws each map in the browser with Vega-Lite (assets/maps.js) from two files written here:
- data/maps/boundaries.topo.json: the boundaries snapshot (sources/boundaries.py), cut to the local
  authorities and regions of the edition's geography year and to the areas that have figures, and
  data/maps/boundaries/<region>.topo.json, that region's councils only with only their arcs: all a
  region's map draws (York's page loaded 63 KB of every council's shapes for a map of 15);
- data/maps/values.json: for each mapped indicator, every council's published figure, its class and
  words for the class, and each region's name;
- data/maps/<indicator>.json: one indicator's part of values.json, which is all a map draws from, and
  data/maps/<indicator>/<region>.json, its region's councils only, all a region's map draws from (an
  area page's region map loads a few KB instead of the 290 KB of every indicator for every council).

Classes respect confidence intervals. For an indicator whose figures carry 95% intervals, a council is
"above" the reference (the UK, or England when there is no UK figure) only when its whole interval
lies above the reference figure, "below" when it lies below, and "not significantly different"
otherwise: the same non-overlap reasoning as the summaries (insight.py), so a map never shows a
difference the data cannot support. An indicator without intervals is split into five classes at
its quintiles. Colour is never the only carrier: every map has a legend, a tooltip and a table of the
same classes and figures.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from migration_profiles.render.profiles import FigureIndex
from migration_profiles.sources import boundaries
from migration_profiles.stages.indicators import INDICATORS, Indicator
from migration_profiles.stages.publish import format_figure, format_interval, format_number
from migration_profiles.util import atomic

MAP_INDICATORS = ("non_uk_born_share", "census_born_abroad_share", "ltim_inflow_rate", "nino_rate", "gp_rate",
                  "births_non_uk_mother_share")
REFERENCES = ("K02000001", "E92000001")  # the UK, else England
NO_FIGURE = "No figure"
ABOVE, SIMILAR, BELOW = "above", "similar", "below"
QUINTILES = 5


def geography_year(topology: dict, codes: set[str]) -> int:
    """The boundary year that fits the figures: the year whose councils match most of the codes that
    have figures (the latest such year on a tie). Figures keyed on 2021 codes get 2021 boundaries."""
    features = topology["objects"]["ltla"]["geometries"]
    years = sorted({y for f in features for y in (f["properties"].get("start"), f["properties"].get("end"))
                    if y})
    years = years or [0]
    candidates = range(min(years), max(years) + 1)

    def matched(year: int) -> int:
        return sum(1 for f in features if _exists(f, year) and f["properties"]["areacd"] in codes)

    return max(candidates, key=lambda year: (matched(year), year))


def _exists(feature: dict, year: int) -> bool:
    props = feature["properties"]
    return (props.get("start") or 0) <= year <= (props.get("end") or 9999)


def cut(topology: dict, codes: set[str], year: int) -> dict:
    """The topology with only the councils of `year` that have figures, the regions, and nothing else.

    Arcs are kept whole: dropping unused ones would mean renumbering every arc reference, and the
    super-generalised file is small enough to serve as it is.
    """
    objects = topology["objects"]
    ltla = [f for f in objects["ltla"]["geometries"]
            if _exists(f, year) and f["properties"]["areacd"] in codes]
    kept = {"ltla": {**objects["ltla"], "geometries": ltla}, "rgn": objects["rgn"]}
    return {**topology, "objects": kept}


def _arc_indexes(arcs, found: set[int]) -> None:
    """Every arc a geometry's (nested) arc lists name; ~i (a negative index) is arc i reversed."""
    for item in arcs:
        if isinstance(item, list):
            _arc_indexes(item, found)
        else:
            found.add(item if item >= 0 else ~item)


def _renumber(arcs, new: dict[int, int]):
    return [_renumber(item, new) if isinstance(item, list)
            else (new[item] if item >= 0 else ~new[~item]) for item in arcs]


def region_cut(topology: dict, codes: set[str]) -> dict:
    """The councils `codes` of a cut topology, alone, with only the arcs they use, renumbered.

    Each arc is coded on its own (quantized arcs are deltas within one arc), so dropping arcs is safe."""
    ltla = [g for g in topology["objects"]["ltla"]["geometries"] if g["properties"]["areacd"] in codes]
    used: set[int] = set()
    for geometry in ltla:
        _arc_indexes(geometry.get("arcs") or [], used)
    new = {old: n for n, old in enumerate(sorted(used))}
    ltla = [{**g, "arcs": _renumber(g["arcs"], new)} if "arcs" in g else g for g in ltla]
    return {**topology, "arcs": [topology["arcs"][old] for old in sorted(used)],
            "objects": {"ltla": {**topology["objects"]["ltla"], "geometries": ltla}}}


def _latest_common_period(index: FigureIndex, ind: Indicator, codes: list[str]) -> str | None:
    """The newest period for which most councils have a figure of this indicator."""
    counts: dict[str, tuple[int, str]] = {}
    for code in codes:
        for row in index.series(code, ind.id):
            if row["value"] is not None:
                n, end = counts.get(row["period_label"], (0, row["period_end"]))
                counts[row["period_label"]] = (n + 1, end)
    if not counts:
        return None
    most = max(n for n, _ in counts.values())
    fair = [(end, label) for label, (n, end) in counts.items() if n >= most / 2]
    return max(fair)[1]


def _quintile_edges(values: list[float]) -> list[float]:
    ordered = sorted(values)
    return [ordered[min(len(ordered) - 1, (len(ordered) * k) // QUINTILES)] for k in range(1, QUINTILES)]


def quintiles(values: list[float], ind: Indicator):
    """(class labels lowest first, a function from a value to its label): five groups of about equal size."""
    edges = _quintile_edges(values)
    bounds = [min(values), *edges, max(values)]
    labels = [f"{format_number(bounds[k], ind)} to {format_number(bounds[k + 1], ind)}"
              for k in range(QUINTILES)]

    def label_of(value: float) -> str:
        return labels[min(sum(1 for edge in edges if value >= edge), QUINTILES - 1)]

    return labels, label_of


def _interval_class(row: dict, reference: float) -> str:
    if row["ci_lower"] is None or row["ci_upper"] is None:
        return ""
    if row["ci_lower"] > reference:
        return ABOVE
    if row["ci_upper"] < reference:
        return BELOW
    return SIMILAR


def indicator_map(index: FigureIndex, ind: Indicator, codes: list[str], names: dict[str, str],
                  regions: dict[str, str]) -> dict | None:
    """One indicator's map data: each council's figure and class, the class labels in legend order."""
    period = _latest_common_period(index, ind, codes)
    if period is None:
        return None
    rows = {code: index.at(code, ind.id, period) for code in codes}
    valued = {code: row for code, row in rows.items() if row is not None and row["value"] is not None}
    with_ci = [r for r in valued.values() if r["ci_lower"] is not None and r["ci_upper"] is not None]
    at_period = ((code, index.at(code, ind.id, period)) for code in REFERENCES)
    reference = next(((code, row) for code, row in at_period if row and row["value"] is not None), None)
    if with_ci and reference and len(with_ci) >= len(valued) / 2:
        ref_name = names.get(reference[0], reference[0])
        ref_text = format_number(reference[1]["value"], ind)
        labels = {ABOVE: f"Above {ref_name} ({ref_text}): interval wholly above",
                  SIMILAR: f"Not significantly different from {ref_name}",
                  BELOW: f"Below {ref_name} ({ref_text}): interval wholly below"}
        classes = [labels[ABOVE], labels[SIMILAR], labels[BELOW]]
        method = (f"Each council is compared with {ref_name} ({ref_text}) using its 95% confidence interval: "
                  f"above or below only when the whole interval is.")

        def class_of(row: dict) -> str:
            found = _interval_class(row, reference[1]["value"])
            return labels[found] if found else NO_FIGURE
    else:
        classes, label_of = quintiles([r["value"] for r in valued.values()], ind)
        method = "Councils are split into five groups of about equal size (quintiles) by their figure."

        def class_of(row: dict) -> str:
            return label_of(row["value"])
    areas = {}
    for code, row in rows.items():
        has = row is not None and row["value"] is not None
        areas[code] = {
            "name": names.get(code, code), "region": regions.get(code, ""),
            "value": row["value"] if has else None,
            "text": format_figure(row["value"], row["status"], ind) if row is not None else "no figure",
            "interval": format_interval(row["ci_lower"], row["ci_upper"], ind) if has else "",
            "class": class_of(row) if has else NO_FIGURE,
        }
    return {"id": ind.id, "title": ind.title, "unit": ind.unit, "period": period, "method": method,
            "classes": [*classes, NO_FIGURE], "areas": areas}


def map_data(index: FigureIndex, geography, codes: list[str]) -> dict:
    """values.json: every mapped indicator that has figures, and the regions' names."""
    names = {code: geography.name(code) for code in codes}
    regions = {code: geography.region_of(code) or "" for code in codes}
    names.update({ref: geography.name(ref) for ref in REFERENCES})
    by_id = {ind.id: ind for ind in INDICATORS}
    found = [indicator_map(index, by_id[i], codes, names, regions) for i in MAP_INDICATORS if i in by_id]
    region_codes = sorted({r for r in regions.values() if r})
    return {"indicators": [m for m in found if m],
            "regions": {r: geography.name(r) for r in region_codes}}


def write(docs: Path, topology_path: Path | None, index: FigureIndex, geography,
          codes: list[str]) -> dict | None:
    """Write the map files; None (and nothing written) when there is no boundaries snapshot."""
    if topology_path is None:
        return None
    topology = boundaries.read(topology_path)
    wanted = set(codes)
    year = geography_year(topology, wanted)
    data = map_data(index, geography, codes)
    data["year"] = year
    folder = docs / "data" / "maps"
    cut_topology = cut(topology, wanted, year)
    atomic.write_text(folder / "boundaries.topo.json", json.dumps(cut_topology, separators=(",", ":")))
    by_region: dict[str, set[str]] = {}
    for code in codes:
        region = geography.region_of(code)
        if region and re.fullmatch(r"[A-Z0-9]+", region):  # a file name, and what maps.js accepts
            by_region.setdefault(region, set()).add(code)
    for region, members in by_region.items():
        atomic.write_text(folder / "boundaries" / f"{region}.topo.json",
                          json.dumps(region_cut(cut_topology, members), separators=(",", ":")))
    atomic.write_text(folder / "values.json", json.dumps(data, separators=(",", ":"), ensure_ascii=False))
    for mapped in data["indicators"]:
        atomic.write_text(folder / f"{mapped['id']}.json",
                          json.dumps(mapped, separators=(",", ":"), ensure_ascii=False))
        for region in {a["region"] for a in mapped["areas"].values() if a["region"]}:
            part = {**mapped, "areas": {c: a for c, a in mapped["areas"].items() if a["region"] == region}}
            atomic.write_text(folder / mapped["id"] / f"{region}.json",
                              json.dumps(part, separators=(",", ":"), ensure_ascii=False))
    return data
