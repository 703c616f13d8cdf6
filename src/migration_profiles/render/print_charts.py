"""Charts for print: each PDF chart drawn as SVG, in Python, from the rows the web chart draws.

The site draws its charts in the browser with Vega-Lite (charts.py). Drawing them for print with
vl-convert took about 50 ms a chart here, nearly all of it measuring text, and an area has 25 to 40
charts; the two kinds of chart we have take about a millisecond each to draw directly. The design
follows the web chart: the same palette, dash patterns and marker shapes (so colour never carries
meaning alone), points on lines, the 95% confidence band, labelled horizontal bars, a legend under the chart.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape, quoteattr

from migration_profiles.render.charts import DASHES, PALETTE, marker_svg

FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
PLOT_WIDTH = 480
LINE_HEIGHT = 260
BAR_STEP = 24  # height of one bar's band, as on the web
BAR_LABEL_LIMIT = 220  # longest category label, in pixels; longer ones end in an ellipsis
LABEL_SIZE = 10
TITLE_SIZE = 11
TEXT = "#1a1a1a"
AXIS = "#888888"
GRID = "#dddddd"
PAD = 5

# Advance widths of Helvetica's printable ASCII (per 1,000 em), which Liberation Sans and Arial share:
# enough to lay labels out without a text engine. Other characters count as a digit's width.
_WIDTHS = dict(zip(
    (chr(c) for c in range(32, 127)),
    (278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
     556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
     1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
     667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
     333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
     556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584), strict=True))


def text_width(text: str, size: float = LABEL_SIZE, bold: bool = False) -> float:
    """An estimate of the text's width in pixels (bold Helvetica is about 7% wider)."""
    width = sum(_WIDTHS.get(ch, 556) for ch in text) * size / 1000
    return width * 1.07 if bold else width


def _fit(text: str, limit: float) -> str:
    """The text, cut to fit `limit` pixels with an ellipsis where it is longer."""
    if text_width(text) <= limit:
        return text
    while text and text_width(text + "…") > limit:
        text = text[:-1]
    return text.rstrip() + "…"


# ------------------------------------------------------------------------------------------ scales

def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2 or 5 times a power of ten apart) covering low..high and zero."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high - low < 1e-6:  # nothing to spread (published figures have a few decimals at most)
        high = low + 1
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    error = raw / power
    # 1, 2, 5 or 10 times a power of ten, whichever is nearest the raw step on a log scale.
    factor = next((f for f, edge in ((10, 50), (5, 10), (2, 2)) if error >= math.sqrt(edge)), 1)
    step = power * factor
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    return [round(i * step, 10) for i in range(first, last + 1)]


def tick_label(value: float, ticks: list[float]) -> str:
    """'2,500', '2.5', '-10': grouped thousands, no trailing zeros, as the web chart's ',~f'."""
    step = abs(ticks[1] - ticks[0]) if len(ticks) > 1 else 1
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class _Linear:
    def __init__(self, ticks: list[float], start: float, end: float):
        self.low, self.high, self.start, self.end = ticks[0], ticks[-1], start, end

    def __call__(self, value: float) -> float:
        return self.start + (value - self.low) / (self.high - self.low) * (self.end - self.start)


# --------------------------------------------------------------------------------------------- svg

def _text(x: float, y: float, text: str, size: float = LABEL_SIZE, anchor: str = "start",
          bold: bool = False, extra: str = "") -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{TEXT}"'
            f'{weight}{extra}>{escape(text)}</text>')


def _line(x1: float, y1: float, x2: float, y2: float, colour: str = AXIS) -> str:
    return (f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
            'stroke-width="1"/>')


def _document(width: float, height: float, description: str, parts: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" font-family={quoteattr(FONT)}>'
            f'<title>{escape(description)}</title>' + "".join(parts) + "</svg>")


def _dash(order: int) -> str:
    pattern = DASHES[order % len(DASHES)]
    return "" if pattern == [1, 0] else f' stroke-dasharray="{",".join(map(str, pattern))}"'


def _shown_labels(centres: list[float], labels: list[str], gap: float = 4) -> list[int]:
    """Indexes of the x labels to draw: every other one is dropped until none overlap (Vega's
    'parity' rule), so a long quarterly series stays readable."""
    shown = list(range(len(labels)))
    def overlaps(keep):
        return any(centres[b] - text_width(labels[b]) / 2 < centres[a] + text_width(labels[a]) / 2 + gap
                   for a, b in zip(keep, keep[1:], strict=False))
    while len(shown) > 2 and overlaps(shown):
        shown = shown[::2]
    return shown


# ------------------------------------------------------------------------------------ line charts

def line_chart(rows: list[dict], y_title: str, description: str = "", with_interval: bool = False) -> str:
    """Lines over periods, one per series, points on each; the first series' 95% interval shaded."""
    series = sorted({(r["order"], r["series"]) for r in rows})
    periods = sorted({(r["period_end"], r["x"]) for r in rows})
    xs = list(dict.fromkeys(x for _, x in periods))
    band = [r for r in rows if with_interval and r["order"] == 0 and r.get("ci_lower") is not None
            and r.get("ci_upper") is not None]
    values = [r["value"] for r in rows] + [r[k] for r in band for k in ("ci_lower", "ci_upper")]
    ticks = nice_ticks(min(values), max(values))
    tick_texts = [tick_label(t, ticks) for t in ticks]
    left = PAD + TITLE_SIZE + 6 + max(text_width(t) for t in tick_texts) + 6
    top = PAD + LABEL_SIZE / 2
    y = _Linear(ticks, top + LINE_HEIGHT, top)
    step = PLOT_WIDTH / len(xs)
    x_of = {x: left + (i + 0.5) * step for i, x in enumerate(xs)}
    parts = []
    for tick, label in zip(ticks, tick_texts, strict=True):
        parts.append(_line(left, y(tick), left + PLOT_WIDTH, y(tick), GRID))
        parts.append(_text(left - 6, y(tick) + 3.5, label, anchor="end"))
    parts.append(_line(left, top + LINE_HEIGHT, left + PLOT_WIDTH, top + LINE_HEIGHT))
    middle = top + LINE_HEIGHT / 2
    parts.append(_text(PAD + TITLE_SIZE, middle, y_title, TITLE_SIZE, "middle", True,
                       f' transform="rotate(-90 {PAD + TITLE_SIZE:.1f} {middle:.1f})"'))
    if len(band) >= 2:
        band.sort(key=lambda r: r["period_end"])
        upper = [f"{x_of[r['x']]:.1f},{y(r['ci_upper']):.1f}" for r in band]
        lower = [f"{x_of[r['x']]:.1f},{y(r['ci_lower']):.1f}" for r in reversed(band)]
        parts.append(f'<polygon points="{" ".join(upper + lower)}" fill="{PALETTE[0]}" fill-opacity="0.18"/>')
    for order, name in series:
        colour = PALETTE[order % len(PALETTE)]
        points = sorted((r["period_end"], x_of[r["x"]], y(r["value"])) for r in rows if r["series"] == name)
        path = " ".join(f"{px:.1f},{py:.1f}" for _, px, py in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"'
                     f'{_dash(order)}/>')
        parts.extend(marker_svg(order, px, py) for _, px, py in points)
    axis_y = top + LINE_HEIGHT
    for i in _shown_labels([x_of[x] for x in xs], xs):
        parts.append(_line(x_of[xs[i]], axis_y, x_of[xs[i]], axis_y + 5))
        parts.append(_text(x_of[xs[i]], axis_y + 16, xs[i], anchor="middle"))
    legend_top = axis_y + 30
    for row, (order, name) in enumerate(series):
        baseline = legend_top + row * 16
        colour = PALETTE[order % len(PALETTE)]
        symbol = baseline - 3.5  # the series' colour, dash and marker, level with its label
        parts.append(f'<line x1="{left:.1f}" y1="{symbol:.1f}" x2="{left + 24:.1f}" y2="{symbol:.1f}" '
                     f'stroke="{colour}" stroke-width="2"{_dash(order)}/>')
        parts.append(marker_svg(order, left + 12, symbol))
        parts.append(_text(left + 30, baseline, name))
    width = max(left + PLOT_WIDTH, left + 30 + max(text_width(n) for _, n in series)) + PAD
    height = legend_top + 16 * (len(series) - 1) + PAD + 4
    return _document(width, height, description, parts)


# ------------------------------------------------------------------------------------- bar charts

def bar_chart(rows: list[dict], x_title: str, description: str = "") -> str:
    """Horizontal bars, one per category in the chart's order, each labelled with its value."""
    rows = sorted(rows, key=lambda r: r["order"])
    labels = [_fit(r["series"], BAR_LABEL_LIMIT) for r in rows]
    ticks = nice_ticks(min(r["value"] for r in rows), max(r["value"] for r in rows))
    tick_texts = [tick_label(t, ticks) for t in ticks]
    left = PAD + max(text_width(label) for label in labels) + 8
    top = PAD
    x = _Linear(ticks, left, left + PLOT_WIDTH)
    height_plot = BAR_STEP * len(rows)
    parts = []
    for tick, text in zip(ticks, tick_texts, strict=True):
        parts.append(_line(x(tick), top, x(tick), top + height_plot, GRID))
        parts.append(_line(x(tick), top + height_plot, x(tick), top + height_plot + 5))
        parts.append(_text(x(tick), top + height_plot + 16, text, anchor="middle"))
    right_edge = left + PLOT_WIDTH
    for i, (row, label) in enumerate(zip(rows, labels, strict=True)):
        band_top = top + i * BAR_STEP
        start, end = sorted((x(0), x(row["value"])))
        parts.append(f'<rect x="{start:.1f}" y="{band_top + 1.2:.1f}" width="{end - start:.1f}" '
                     f'height="{BAR_STEP - 2.4:.1f}" fill="{PALETTE[0]}"/>')
        parts.append(_text(left - 6, band_top + BAR_STEP / 2 + 3.5, label, anchor="end"))
        parts.append(_text(end + 4, band_top + BAR_STEP / 2 + 3.5, row["text"]))
        right_edge = max(right_edge, end + 4 + text_width(row["text"]))
    parts.append(_line(left, top, left, top + height_plot))
    parts.append(_line(left, top + height_plot, left + PLOT_WIDTH, top + height_plot))
    parts.append(_text(left + PLOT_WIDTH / 2, top + height_plot + 34, x_title, TITLE_SIZE, "middle", True))
    return _document(right_edge + PAD, top + height_plot + 34 + PAD + 2, description, parts)


def svg(chart: dict) -> str:
    """The printable SVG of a chart of the profile model (profiles._chart_model)."""
    if chart["kind"] == "bar":
        return bar_chart(chart["rows"], chart["unit"], chart["alt"])
    return line_chart(chart["rows"], chart["unit"], chart["alt"], with_interval=chart["interval_note"])
