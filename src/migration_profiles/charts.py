"""Charts, defined once with Altair and compiled once into Vega-Lite templates.

Altair costs milliseconds per chart; filling a compiled template costs microseconds. So each chart
is compiled a single time per build and every area gets a copy with its own rows.
"""

from __future__ import annotations

from functools import cache

from migration_profiles.indicators.catalogue import CHARTS
from migration_profiles.indicators.registry import ChartDef

DATASET = "figures"
# Dark enough for 3:1 contrast on white (WCAG 1.4.11); series also differ by dash pattern,
# so colour never carries meaning alone.
PALETTE = ["#1d4e89", "#a34700", "#4d4d4d", "#2e6b2e"]
DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3]]


def _compile_bar(chart: ChartDef, x_title: str) -> dict:
    """Horizontal bars, one per category, each labelled with its value so colour carries nothing."""
    import altair as alt

    base = alt.Chart(alt.NamedData(DATASET))
    y = alt.Y("series:N", sort=alt.SortField("order"), title=None, axis=alt.Axis(labelLimit=220))
    x = alt.X("value:Q", title=x_title)
    bars = base.mark_bar(color=PALETTE[0]).encode(
        x=x, y=y, tooltip=[alt.Tooltip("series:N", title="Category"), alt.Tooltip("text:N", title="Value")])
    labels = base.mark_text(align="left", dx=4, color="#1a1a1a").encode(x=x, y=y, text="text:N")
    # Room on the right so the label of the longest bar is not cut off at the chart's edge.
    spec = alt.layer(bars, labels).properties(width="container", height={"step": 24},
                                              padding={"left": 5, "top": 5, "bottom": 5, "right": 56})
    compiled = spec.configure_view(stroke=None).to_dict()
    compiled.pop("datasets", None)
    return compiled


def _compile(chart: ChartDef, y_title: str) -> dict:
    # Altair is imported here, not at the top: the PDF draws its own charts and never needs it.
    import altair as alt

    if chart.kind == "bar":
        return _compile_bar(chart, y_title)
    data = alt.NamedData(DATASET)
    # One line mark with points on it: colour and dash share one legend definition, so Vega-Lite
    # draws one legend whose stroke symbols show both, and a reader who cannot tell the colours
    # apart can still match lines to labels by their dash.
    legend = alt.Legend(orient="bottom", direction="vertical", symbolType="stroke", symbolStrokeWidth=2,
                        symbolSize=400, labelLimit=0, title=None)
    series = alt.Color("series:N", sort=alt.SortField("order"), scale=alt.Scale(range=PALETTE), legend=legend)
    dash = alt.StrokeDash("series:N", sort=alt.SortField("order"), scale=alt.Scale(range=DASHES), legend=legend)
    x = alt.X("x:N", sort=alt.SortField("period_end"), title=None, axis=alt.Axis(labelAngle=0, labelOverlap=True))
    y = alt.Y("value:Q", title=y_title, axis=alt.Axis(format=",~f"))  # 2,500 and 2.5, never 2.5e+3
    tooltip = [alt.Tooltip("series:N", title="Area" if chart.with_comparators else "Measure"),
               alt.Tooltip("period_label:N", title="Period"),
               alt.Tooltip("text:N", title="Value")]
    base = alt.Chart(data)
    line = base.mark_line(strokeWidth=2, point=alt.OverlayMarkDef(filled=True, size=45)).encode(
        x=x, y=y, color=series, strokeDash=dash, tooltip=tooltip)
    layers = [line]
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
def template(chart_id: str, y_title: str) -> dict:
    """The compiled spec of a chart; never modified (fill copies its top level)."""
    chart = next(c for c in CHARTS if c.id == chart_id)
    return _compile(chart, y_title)


def warm(y_title_of) -> None:
    """Compile every chart now, for example before forking workers that would each compile them."""
    for chart in CHARTS:
        template(chart.id, y_title_of(chart))


def fill(chart_id: str, y_title: str, rows: list[dict], description: str) -> dict:
    """A chart for one area: the compiled template's top level copied, with that area's rows.

    Only top-level keys are replaced, so the nested template can be shared between areas.
    """
    spec = dict(template(chart_id, y_title))
    spec["datasets"] = {DATASET: rows}
    spec["description"] = description
    return spec

