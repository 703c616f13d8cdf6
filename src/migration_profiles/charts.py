"""Charts, defined once with Altair and compiled once into Vega-Lite templates.

Altair costs milliseconds per chart; filling a compiled template costs microseconds. So each chart
is compiled a single time per build and every area gets a copy with its own rows.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from functools import cache

import altair as alt

from migration_profiles.indicators.catalogue import COMPONENTS_OF_CHANGE

DATASET = "figures"
# Dark enough for 3:1 contrast on white (WCAG 1.4.11); series also differ by dash and marker shape,
# so colour never carries meaning alone.
PALETTE = ["#1d4e89", "#a34700", "#4d4d4d", "#2e6b2e"]
DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3]]
SHAPES = ["circle", "square", "triangle-up", "diamond"]


@dataclass(frozen=True)
class ChartDef:
    id: str
    theme: str
    title: str
    indicator_ids: tuple[str, ...]
    # True: one indicator for the area beside its region and country (rates and shares).
    # False: several indicators for the area alone (counts, where comparators differ in scale).
    with_comparators: bool
    with_interval: bool = False


CHARTS = (
    ChartDef("population", "population", "Population at mid-year", ("population",), False),
    ChartDef("components", "population", "Components of population change", COMPONENTS_OF_CHANGE, False),
    ChartDef("ltim_flows", "international", "Long-term international migration",
             ("ltim_inflow", "ltim_outflow", "ltim_net"), False),
    ChartDef("ltim_rate", "international", "Long-term immigration per 1,000 residents", ("ltim_inflow_rate",),
             True),
    ChartDef("internal_flows", "internal", "Moves within the UK", ("internal_inflow", "internal_outflow",
                                                                   "internal_net"), False),
    ChartDef("non_uk_born_share", "population_stock", "Share of residents born outside the UK",
             ("non_uk_born_share",), True, with_interval=True),
    ChartDef("non_british_share", "population_stock", "Share of residents without British nationality",
             ("non_british_share",), True, with_interval=True),
    ChartDef("nino_rate", "registrations", "NINo registrations per 1,000 residents aged 16 to 64",
             ("nino_rate",), True),
    ChartDef("gp_rate", "registrations", "New migrant GP registrations per 1,000 residents", ("gp_rate",), True),
    ChartDef("stim_rate", "short_term", "Short-term arrivals per 1,000 residents", ("stim_rate",), True),
    ChartDef("births_share", "births", "Share of births to mothers born outside the UK",
             ("births_non_uk_mother_share",), True),
)


def _compile(chart: ChartDef, y_title: str) -> dict:
    data = alt.NamedData(DATASET)
    series = alt.Color("series:N", sort=alt.SortField("order"), title=None,
                       scale=alt.Scale(range=PALETTE), legend=alt.Legend(orient="bottom", direction="vertical"))
    dash = alt.StrokeDash("series:N", sort=alt.SortField("order"), scale=alt.Scale(range=DASHES), legend=None)
    shape = alt.Shape("series:N", sort=alt.SortField("order"), scale=alt.Scale(range=SHAPES), legend=None)
    x = alt.X("x:N", sort=alt.SortField("period_end"), title=None, axis=alt.Axis(labelAngle=0, labelOverlap=True))
    y = alt.Y("value:Q", title=y_title, axis=alt.Axis(format="~s" if "%" not in y_title else "~r"))
    tooltip = [alt.Tooltip("series:N", title="Area" if chart.with_comparators else "Measure"),
               alt.Tooltip("period_label:N", title="Period"),
               alt.Tooltip("text:N", title="Value")]
    base = alt.Chart(data)
    line = base.mark_line(strokeWidth=2).encode(x=x, y=y, color=series, strokeDash=dash)
    points = base.mark_point(filled=True, size=50, opacity=1).encode(x=x, y=y, color=series, shape=shape,
                                                                      tooltip=tooltip)
    layers = [line, points]
    if chart.with_interval:
        band = base.mark_area(opacity=0.18, color=PALETTE[0]).encode(
            x=x, y=alt.Y("ci_lower:Q", title=y_title), y2="ci_upper:Q"
        ).transform_filter("datum.order == 0 && isValid(datum.ci_lower)")
        layers.insert(0, band)
    spec = alt.layer(*layers).properties(width="container", height=260).configure_view(stroke=None)
    compiled = spec.to_dict()
    compiled.pop("datasets", None)
    return compiled


@cache
def template(chart_id: str, y_title: str) -> str:
    chart = next(c for c in CHARTS if c.id == chart_id)
    return json.dumps(_compile(chart, y_title))


def fill(chart: ChartDef, y_title: str, rows: list[dict], description: str) -> dict:
    """A chart for one area: a copy of the compiled template with that area's rows."""
    spec = json.loads(template(chart.id, y_title))
    spec["datasets"] = {DATASET: rows}
    spec["description"] = description
    return spec


def for_print(spec: dict, width: int = 480) -> dict:
    """A copy with a fixed width, for static rendering (PDF) where there is no container to fill."""
    printable = copy.deepcopy(spec)
    printable["width"] = width
    return printable
