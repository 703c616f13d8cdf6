"""Chart templates are compiled once, cached between builds and shipped once; areas carry rows only."""

from __future__ import annotations

import json

import pytest

from migration_profiles.render import chart_scripts, charts
from migration_profiles.stages.indicators.catalogue import CHARTS


def test_rows_go_column_by_column_and_a_missing_key_is_null():
    rows = [{"x": "2020", "value": 1.5, "ci_lower": 1.0}, {"x": "2021", "value": None}]
    packed = chart_scripts.columns(rows)
    assert packed["keys"] == ["x", "value", "ci_lower"]
    assert packed["values"] == [["2020", 1.5, 1.0], ["2021", None, None]]


def test_an_area_script_carries_its_web_rows_and_no_template():
    rows = [{"x": "a", "series": "York </script>", "caption": "for print only"}]
    chart = {"id": "population", "alt": "Line chart", "rows": rows}
    profile = {"themes": [{"charts": [chart]}]}
    script = chart_scripts.area_script("E06000014", profile)
    assert '"$schema"' not in script and "</script>" not in script  # text cannot end the page's script
    payload = json.loads(script.split(" = ", 2)[-1].rstrip(";\n"))  # JSON reads \u003c back as <
    # Only what the web chart reads; the page gives the chart its description.
    assert payload == {"population": {"rows": {"keys": ["series", "x"], "values": [["York </script>", "a"]]}}}


def test_templates_compiled_once_are_read_back_by_the_next_build(tmp_path, monkeypatch):
    first = charts.warm(lambda chart: "people", tmp_path)
    assert set(first) == {chart.id for chart in CHARTS}
    assert len(list(tmp_path.glob("chart-templates-*.json"))) == 1
    charts._TEMPLATES.clear()  # a new build process

    def no_altair(*args):
        raise AssertionError("compiled again although the cache holds the templates")

    monkeypatch.setattr(charts, "_compile", no_altair)
    assert charts.warm(lambda chart: "people", tmp_path) == first
    charts._TEMPLATES.clear()
    with pytest.raises(AssertionError):  # another y title is another template, so it is compiled
        charts.warm(lambda chart: "births", tmp_path)
    charts._TEMPLATES.clear()


def test_every_chart_template_is_valid_vega_lite():
    # Builds compile without checking the schema (it took most of the time); here every chart is checked.
    for chart in CHARTS:
        assert charts._compile(chart, "people", validate=True) == charts._compile(chart, "people")


def test_templates_are_vega_shipped_as_few_shapes_that_give_back_each_chart_exactly():
    titles = {chart.id: f"unit of {chart.id}" if i % 2 else "people" for i, chart in enumerate(CHARTS)}
    templates = charts.warm(titles.get)
    charts._TEMPLATES.clear()
    assert all("/schema/vega/v" in spec["$schema"] for spec in templates.values())  # Vega, not Vega-Lite
    payload = chart_scripts.shapes(templates, titles)
    # What site.js does: the shape with the placeholder put back is the chart's template.
    for chart_id, (shape, title) in payload["charts"].items():
        spec = chart_scripts._replace(payload["shapes"][shape], payload["title"], title)
        assert spec == templates[chart_id]
    assert len(payload["shapes"]) < len(CHARTS) / 5  # charts differ mostly in their axis title
    # The empty named data set the browser fills with an area's rows is in every shape.
    assert all({"name": charts.DATASET} in shape["data"] for shape in payload["shapes"])


def test_a_repeated_text_field_is_written_once_and_its_rows_give_it_back():
    rows = [{"series": "York", "x": "2020", "value": 1.0}, {"series": "York", "x": "2021", "value": 2.0},
            {"series": "England", "x": "2021", "value": None}, {"x": "2022", "value": 3.0}]
    table = chart_scripts.packed(rows)
    assert table["lookup"] == {"series": ["York", "England"], "x": ["2020", "2021", "2022"]}
    # What site.js does: an index looked up, a null left null.
    back = [{k: (table["lookup"][k][v] if k in table["lookup"] and v is not None else v)
             for k, v in zip(table["keys"], values, strict=True)} for values in table["values"]]
    assert back == [{"series": r.get("series"), "x": r["x"], "value": r["value"]} for r in rows]
