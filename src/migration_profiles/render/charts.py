"""Charts, defined once with Altair and compiled once per build into Vega templates.

Altair costs milliseconds per chart. So each chart is compiled a single time, kept in the build's
cache for the next build, shipped to the site once (chart_scripts.py), and every area's page
carries only its own rows. The Vega-Lite that Altair writes is compiled on to Vega here, at build
time, so the site ships the Vega runtime alone: the Vega-Lite compiler and vega-embed were a third
of the script a reader's browser had to load before the first chart drew.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
from pathlib import Path
from urllib.parse import quote

from migration_profiles.stages.indicators.catalogue import CHARTS
from migration_profiles.stages.indicators.registry import ChartDef
from migration_profiles.util import atomic

DATASET = "figures"
# Dark enough for 3:1 contrast on white (WCAG 1.4.11); series also differ by dash pattern,
# so colour never carries meaning alone.
PALETTE = ["#1d4e89", "#a34700", "#4d4d4d", "#2e6b2e"]
DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3]]
# And by the shape of their markers (print_charts.py draws the same shapes).
SHAPES = ["circle", "square", "triangle-up", "diamond"]
# Each marker shape drawn in a 12-pixel box centred on (cx, cy), for legends and print.
MARKERS = {
    "circle": '<circle cx="{cx}" cy="{cy}" r="4.2" fill="{colour}"/>',
    "square": '<rect x="{x0}" y="{y0}" width="7.6" height="7.6" fill="{colour}"/>',
    "triangle-up": '<path d="M{cx} {top} L{right} {bottom} L{left} {bottom} Z" fill="{colour}"/>',
    "diamond": '<path d="M{cx} {top} L{right} {cy} L{cx} {bottom} L{left} {cy} Z" fill="{colour}"/>',
}
FONT_SIZE = 12  # no chart text smaller than this
LINE_HEIGHT = 170


def marker_svg(order: int, cx: float, cy: float) -> str:
    """The marker of the series at `order` as an SVG element centred on (cx, cy)."""
    return MARKERS[SHAPES[order % len(SHAPES)]].format(
        cx=f"{cx:.1f}", cy=f"{cy:.1f}", x0=f"{cx - 3.8:.1f}", y0=f"{cy - 3.8:.1f}", top=f"{cy - 5:.1f}",
        bottom=f"{cy + 4.5:.1f}", left=f"{cx - 5:.1f}", right=f"{cx + 5:.1f}",
        colour=PALETTE[order % len(PALETTE)])


def legend_icon(order: int) -> str:
    """A small SVG of a series' line, dash and marker, for the legend the page writes in HTML."""
    colour = PALETTE[order % len(PALETTE)]
    pattern = DASHES[order % len(DASHES)]
    dash = "" if pattern == [1, 0] else f' stroke-dasharray="{",".join(map(str, pattern))}"'
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="30" height="12" viewBox="0 0 30 12">'
            f'<line x1="1" y1="6" x2="29" y2="6" stroke="{colour}" stroke-width="2"{dash}/>'
            f'{marker_svg(order, 15, 6)}</svg>')


LEGEND_STYLES = len(PALETTE)  # colour, dash and marker all repeat after this many series


def legend_class(order: int) -> str:
    """The class of a series' entry in the HTML legend, which site.css gives its icon (legend_css)."""
    return f"mp-s{order % LEGEND_STYLES}"


def legend_css() -> str:
    """Each series' legend icon as a CSS rule, written once for the whole site: as an inline SVG in
    every entry of every legend they were 28 KB of York's page. An image in `content` is printed, as
    a background image would not be."""
    return "".join(f'.mp-legend li.{legend_class(order)}::before {{ content: url("data:image/svg+xml,'
                   f'{quote(legend_icon(order), safe=" =:/,.-")}"); }}\n' for order in range(LEGEND_STYLES))


def _style(spec):
    """Text at 12 px or more throughout: axis labels and titles, legends and value labels."""
    # aria=False: no ARIA roles or labels on each mark; the page gives the chart its one description.
    return (spec.configure(aria=False).configure_view(stroke=None)
            .configure_axis(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE)
            .configure_legend(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE)
            .configure_text(fontSize=FONT_SIZE))


def _compile_bar(chart: ChartDef, x_title: str, validate: bool) -> dict:
    """Horizontal bars, one per category, each labelled with its value so colour carries nothing.

    Each category's name is written above its bar rather than beside it, so on a phone the bars
    keep the chart's whole width instead of sharing it with long labels.
    """
    import altair as alt

    base = alt.Chart(alt.NamedData(DATASET))
    y = alt.Y("series:N", sort=alt.SortField("order"), title=None, axis=None,
              scale=alt.Scale(paddingInner=0, paddingOuter=0))
    x = alt.X("value:Q", title=x_title)
    bars = base.mark_bar(color=PALETTE[0], height=13, yOffset=6).encode(
        x=x, y=y, tooltip=[alt.Tooltip("series:N", title="Category"), alt.Tooltip("text:N", title="Value")])
    # A name longer than the chart is wide ends in an ellipsis rather than running off its edge.
    names = base.mark_text(align="left", baseline="bottom", dy=-1, color="#1a1a1a",
                           limit=alt.ExprRef("width + 55")).encode(
        x=alt.datum(0), y=y, text="series:N")
    labels = base.mark_text(align="left", baseline="middle", dx=4, dy=6, color="#1a1a1a").encode(
        x=x, y=y, text="text:N")
    # Room on the right so the label of the longest bar is not cut off at the chart's edge.
    spec = alt.layer(bars, names, labels).properties(width="container", height={"step": 30},
                                                     padding={"left": 5, "top": 5, "bottom": 5, "right": 64})
    compiled = _style(spec).to_dict(validate=validate)
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
    # One line mark with points on it, told apart by colour, dash and marker shape. The legend is the
    # page's own HTML (series_styles), not Vega's: Vega-Lite will not merge colour and shape into one
    # legend for lines, and HTML text wraps on a phone instead of being cut off at the chart's edge.
    series = alt.Color("series:N", sort=alt.SortField("order"), scale=alt.Scale(range=PALETTE), legend=None)
    dash = alt.StrokeDash("series:N", sort=alt.SortField("order"), scale=alt.Scale(range=DASHES), legend=None)
    shape = alt.Shape("series:N", sort=alt.SortField("order"), scale=alt.Scale(range=SHAPES), legend=None)
    # Periods in time order: the chart's table lists them so, and site.js numbers its rows (position).
    x = alt.X("x:N", sort=alt.SortField("position"), title=None,
              axis=alt.Axis(labelAngle=0, labelOverlap=True, labelSeparation=6))
    y = alt.Y("value:Q", title=y_title, axis=alt.Axis(format=",~f"))  # 2,500 and 2.5, never 2.5e+3
    tooltip = [alt.Tooltip("series:N", title="Area" if chart.with_comparators else "Measure"),
               alt.Tooltip("period_label:N", title="Period"),
               alt.Tooltip("text:N", title="Value")]
    base = alt.Chart(data)
    line = base.mark_line(strokeWidth=2, point=alt.OverlayMarkDef(filled=True, size=60)).encode(
        x=x, y=y, color=series, strokeDash=dash, shape=shape, tooltip=tooltip)
    layers = [line]
    if chart.with_interval:
        band = base.mark_area(opacity=0.18, color=PALETTE[0]).encode(
            x=x, y=alt.Y("ci_lower:Q", title=y_title), y2="ci_upper:Q"
        ).transform_filter("datum.order == 0 && isValid(datum.ci_lower)")
        layers.insert(0, band)
    spec = _style(alt.layer(*layers).properties(width="container", height=LINE_HEIGHT))
    compiled = spec.to_dict(validate=validate)
    compiled.pop("datasets", None)
    return compiled


_TEMPLATES: dict[tuple[str, str], dict] = {}  # (chart id, y title) -> compiled spec, for this process


def to_vega(spec: dict) -> dict:
    """A Vega-Lite spec compiled to Vega, by the Vega-Lite that vl-convert carries (the version Altair
    writes for). Its named dataset stays a named, empty Vega data set the browser fills in."""
    import vl_convert

    return vl_convert.vegalite_to_vega(spec)


def template(chart_id: str, y_title: str) -> dict:
    """The Vega spec of a chart, without data: each area's rows are put into it in the browser."""
    key = (chart_id, y_title)
    if key not in _TEMPLATES:
        chart = next(c for c in CHARTS if c.id == chart_id)
        _TEMPLATES[key] = to_vega(_compile(chart, y_title))
    return _TEMPLATES[key]


def _cache_key(titles: dict[str, str]) -> str:
    """What a compiled template depends on: Altair's and vl-convert's versions, this file and the
    charts' definitions."""
    digest = hashlib.sha256(importlib.metadata.version("altair").encode())
    digest.update(importlib.metadata.version("vl-convert-python").encode())
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
