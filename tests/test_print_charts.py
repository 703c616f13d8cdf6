"""The PDF's charts, drawn as SVG in Python: readable, faithful to their rows, colour never alone."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from migration_profiles.render import print_charts as pc
from migration_profiles.render.charts import DASHES, PALETTE

SVG = "{http://www.w3.org/2000/svg}"


def _rows(series: dict[str, list[float | None]], periods: list[str], **extra) -> list[dict]:
    rows = []
    for order, (name, values) in enumerate(series.items()):
        for i, (x, value) in enumerate(zip(periods, values, strict=True)):
            if value is not None:  # the profile leaves a missing figure out; it never becomes 0
                rows.append({"series": name, "order": order, "x": x, "period_end": f"{2000 + i}-06-30",
                             "period_label": x, "value": value, "ci_lower": None, "ci_upper": None,
                             "text": f"{value:,}", **extra})
    return rows


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and float(root.get("width")) > 0 and float(root.get("height")) > 0
    return root


def _texts(root: ET.Element) -> list[str]:
    return [t.text for t in root.iter(f"{SVG}text")]


@given(st.floats(-1e7, 1e7), st.floats(-1e7, 1e7))
def test_ticks_are_round_cover_the_data_and_zero(a, b):
    low, high = min(a, b), max(a, b)
    ticks = pc.nice_ticks(low, high)
    step = ticks[1] - ticks[0]
    slack = step * 1e-6  # a value a millionth of a step past the last tick is drawn on it
    assert ticks[0] <= min(low, 0) + slack and ticks[-1] >= max(high, 0) - slack
    assert 0 in ticks and 2 <= len(ticks) <= 12
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(math.isclose(mantissa, m, rel_tol=1e-6) for m in (1, 2, 5, 10))


def test_tick_labels_group_thousands_and_drop_trailing_zeros():
    assert pc.tick_label(2500, [0, 500]) == "2,500"
    assert pc.tick_label(2.5, [0, 0.5]) == "2.5"
    assert pc.tick_label(2.0, [0, 0.5]) == "2"
    assert pc.tick_label(-1500000, [-2000000, -1000000]) == "-1,500,000"
    assert pc.tick_label(-0.0, [0, 0.2]) == "0"


def test_a_line_chart_has_one_line_per_series_each_with_its_own_colour_and_dash():
    periods = ["2018", "2019", "2020"]
    rows = _rows({"York": [10, 12, 11], "Yorkshire": [8, None, 9], "England": [9, 9, 10]}, periods)
    root = _parse(pc.line_chart(rows, "per 1,000 residents", "A line chart."))
    lines = root.findall(f"{SVG}polyline")
    assert [line.get("stroke") for line in lines] == PALETTE[:3]
    dashes = [line.get("stroke-dasharray") for line in lines]
    assert len(set(dashes)) == 3 and dashes[1] == ",".join(map(str, DASHES[1]))
    # Yorkshire's missing 2019 is left out of its line, not drawn as zero.
    assert [len(line.get("points").split()) for line in lines] == [3, 2, 3]
    # Each series has its own marker shape (as on the web): a point per figure and one in the legend.
    assert len(rows) == 8
    assert len(root.findall(f"{SVG}circle")) == 3 + 1  # York
    assert len(root.findall(f"{SVG}rect")) == 2 + 1  # Yorkshire: its missing 2019 has no marker
    assert len(root.findall(f"{SVG}path")) == 3 + 1  # England's triangles
    texts = _texts(root)
    assert texts[-3:] == ["York", "Yorkshire", "England"]  # the legend, in the series' order
    assert {"2018", "2019", "2020", "per 1,000 residents"} <= set(texts)
    assert root.find(f"{SVG}title").text == "A line chart."


def test_points_sit_where_their_values_are():
    rows = _rows({"Population": [0, 50, 100]}, ["2018", "2019", "2020"])
    root = _parse(pc.line_chart(rows, "people"))
    points = root.findall(f"{SVG}circle")[:-1]  # the last circle is the legend's marker
    ys = [float(c.get("cy")) for c in points]
    xs = [float(c.get("cx")) for c in points]
    assert ys[0] > ys[1] > ys[2] and math.isclose(ys[0] - ys[1], ys[1] - ys[2], abs_tol=0.2)
    assert xs[0] < xs[1] < xs[2]


def test_the_band_is_drawn_only_for_the_first_series_with_at_least_two_intervals():
    rows = _rows({"York": [10, 12], "England": [9, 9]}, ["2019", "2020"])
    for row in rows:
        row["ci_lower"], row["ci_upper"] = row["value"] - 2, row["value"] + 2
    with_band = _parse(pc.line_chart(rows, "%", with_interval=True))
    [band] = with_band.findall(f"{SVG}polygon")
    assert band.get("fill") == PALETTE[0] and len(band.get("points").split()) == 4
    assert not _parse(pc.line_chart(rows, "%", with_interval=False)).findall(f"{SVG}polygon")
    rows[1]["ci_lower"] = rows[1]["ci_upper"] = None
    assert not _parse(pc.line_chart(rows, "%", with_interval=True)).findall(f"{SVG}polygon")


def test_crowded_period_labels_are_thinned_until_none_overlap():
    periods = [f"Q{q} {y}" for y in range(2015, 2025) for q in range(1, 5)]
    root = _parse(pc.line_chart(_rows({"People": list(range(len(periods)))}, periods), "people"))
    shown = [t for t in root.iter(f"{SVG}text") if t.text in periods]
    assert 2 <= len(shown) < len(periods) and shown[0].text == periods[0]
    half = {t.text: pc.text_width(t.text) / 2 for t in shown}
    spans = sorted((float(t.get("x")) - half[t.text], float(t.get("x")) + half[t.text]) for t in shown)
    assert all(left_end < right_start
               for (_, left_end), (right_start, _) in zip(spans, spans[1:], strict=False))


def test_a_bar_chart_labels_every_bar_with_its_value_and_shortens_long_names():
    long_name = "Born in countries that joined the European Union from 2004 onwards, all of them"
    rows = [{"series": "Born in the UK", "order": 0, "value": 80.5, "text": "80.5%"},
            {"series": long_name, "order": 1, "value": 3.2, "text": "3.2%"},
            {"series": "Net change", "order": 2, "value": -1.0, "text": "-1.0%"}]
    root = _parse(pc.bar_chart(rows, "% of residents", "Bars."))
    bars = root.findall(f"{SVG}rect")
    assert len(bars) == 3 and all(bar.get("fill") == PALETTE[0] for bar in bars)
    widths = [float(bar.get("width")) for bar in bars]
    assert widths[0] > widths[1] > 0 and widths[2] > 0
    assert float(bars[2].get("x")) < float(bars[0].get("x"))  # a negative value runs left of zero
    texts = _texts(root)
    assert {"80.5%", "3.2%", "-1.0%", "Born in the UK", "% of residents"} <= set(texts)
    [cut] = [t for t in texts if t.startswith("Born in countries")]
    assert cut.endswith("…") and pc.text_width(cut) <= pc.BAR_LABEL_LIMIT


def test_text_is_escaped_and_the_svg_stays_well_formed():
    rows = _rows({"Rates <&> \"quotes\"": [1, 2]}, ["2019", "2020"])
    root = _parse(pc.line_chart(rows, "A & B", "Alt with <angle> & ampersand"))
    assert 'Rates <&> "quotes"' in _texts(root)
    drawn = pc.line_chart(rows, "u", "Alt with <angle> & ampersand")
    assert re.search(r"<title>Alt with &lt;angle&gt; &amp; ampersand</title>", drawn)
