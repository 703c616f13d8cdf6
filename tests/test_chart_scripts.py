"""Chart templates are compiled once, cached between builds and shipped once; each chart's figures are
read from its table on the page (chart_table.py, site.js)."""

from __future__ import annotations

import pytest

from migration_profiles.render import chart_scripts, charts
from migration_profiles.stages.indicators.catalogue import CHARTS


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
