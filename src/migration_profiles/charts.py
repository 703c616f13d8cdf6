"""Charts, defined once with Altair and compiled once into Vega-Lite templates.

Altair costs milliseconds per chart. So each chart is compiled a single time, kept in the build's
cache for the next build, shipped to the site once (chart_scripts.py), and every area's page
carries only its own rows.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
from pathlib import Path

from migration_profiles import atomic
from migration_profiles.indicators.catalogue import CHARTS
from migration_profiles.indicators.registry import ChartDef

DATASET = "figures"
# Dark enough for 3:1 contrast on white (WCAG 1.4.11); series also differ by dash pattern,
# so colour never carries meaning alone.
PALETTE = ["#1d4e89", "#a34700", "#4d4d4d", "#2e6b2e"]
DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3]]


def _compile_bar(chart: ChartDef, x_title: str, validate: bool) -> dict:
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
    compiled = spec.configure_view(stroke=None).to_dict(validate=validate)
    compiled.pop("datasets", None)
    return compiled


def _compile(chart: ChartDef, y_title: str, validate: bool = False) -> dict:
    """The chart's Vega-Lite spec. Checking it against the Vega-Lite schema took most of the compile
    time, so builds skip it; tests/test_chart_scripts.py checks every chart with it."""
    # Altair is imported here, not at the top: the PDF draws its own charts and never needs it.
    import altair as alt

    if chart.kind == "bar":
        return _compile_bar(chart, y_title, validate)
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
    compiled = spec.to_dict(validate=validate)
    compiled.pop("datasets", None)
    return compiled


_TEMPLATES: dict[tuple[str, str], dict] = {}  # (chart id, y title) -> compiled spec, for this process


def template(chart_id: str, y_title: str) -> dict:
    """The compiled spec of a chart, without data: each area's rows are put beside it in the browser."""
    key = (chart_id, y_title)
    if key not in _TEMPLATES:
        chart = next(c for c in CHARTS if c.id == chart_id)
        _TEMPLATES[key] = _compile(chart, y_title)
    return _TEMPLATES[key]


def _cache_key(titles: dict[str, str]) -> str:
    """What a compiled template depends on: Altair's version, this file and the charts' definitions."""
    digest = hashlib.sha256(importlib.metadata.version("altair").encode())
    digest.update(Path(__file__).read_bytes())
    digest.update(repr([(chart, titles[chart.id]) for chart in CHARTS]).encode())
    return digest.hexdigest()[:16]


def warm(y_title_of, cache_dir: Path | None = None) -> dict[str, dict]:
    """Every chart's template by chart id, compiled now (for example before forking workers that
    would each compile them), or read from `cache_dir` where an earlier build left them: Altair
    takes a few seconds to compile them all, reading them back a few milliseconds."""
    titles = {chart.id: y_title_of(chart) for chart in CHARTS}
    cached = cache_dir / f"chart-templates-{_cache_key(titles)}.json" if cache_dir else None
    if cached and cached.exists():
        for chart_id, spec in json.loads(cached.read_text(encoding="utf-8")).items():
            _TEMPLATES.setdefault((chart_id, titles[chart_id]), spec)
    templates = {chart.id: template(chart.id, titles[chart.id]) for chart in CHARTS}
    if cached and not cached.exists():
        atomic.write_text(cached, json.dumps(templates, ensure_ascii=False))
    return templates
