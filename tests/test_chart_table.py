"""A chart's data table names its columns once, on the table, and text from data cannot break out."""

from __future__ import annotations

import html
import re

from migration_profiles.render import chart_table, profiles
from migration_profiles.util import escape

HOSTILE = 'York"; } body { display: none } x { --a: "\\'


def _chart(columns: list[str]) -> dict:
    return {"kind": "line", "columns": columns, "row_heading": "Period", "rows": [],
            "table": [{"period": "2020", "x": "2020", "cells": [f"{n}" for n in range(len(columns))]}]}


def test_each_column_is_named_once_on_the_table_not_on_every_cell():
    table = chart_table.html(_chart(["York", "England"]))
    style = html.unescape(re.search(r'<table style="([^"]*)">', table).group(1))
    assert style == '--mp-c1: "York"; --mp-c2: "England"'
    assert "data-label" not in table and "<td>0<td>1</tbody>" in table


def test_a_column_name_from_data_stays_inside_its_css_string_and_attribute():
    table = chart_table.html(_chart([HOSTILE]))
    attribute = re.search(r'<table style="([^"]*)">', table).group(1)
    assert '"' not in attribute and "<" not in attribute  # the attribute cannot end early
    style = html.unescape(attribute)
    # One CSS string: every quote inside it escaped, the backslash doubled, nothing after it.
    assert re.fullmatch(r'--mp-c1: "(?:[^"\\]|\\.)*"', style), style
    assert f"<th scope=\"col\">{escape.html(HOSTILE)}</th>" in table  # the header: HTML text


def test_columns_beyond_those_the_stylesheet_reads_carry_their_name_on_each_cell():
    columns = [f"Series {n}" for n in range(chart_table.STYLED_COLUMNS + 2)]
    table = chart_table.html(_chart(columns))
    assert f"--mp-c{chart_table.STYLED_COLUMNS}:" in table
    assert f"--mp-c{chart_table.STYLED_COLUMNS + 1}:" not in table
    labelled = re.findall(r'<td data-label="([^"]+)">', table)
    assert labelled == columns[chart_table.STYLED_COLUMNS:]


def test_a_line_chart_table_carries_what_the_chart_needs_and_a_reader_does_not_see():
    """The web chart is drawn from its table (site.js): each row has its axis label, and a series
    break's note is apart from the period's name."""
    chart = _chart(["York"])
    chart["table"] = [{"period": "Jan 2019 to Dec 2019", "x": "2019", "cells": ["12.5% (10.0% to 15.0%)"]},
                      {"period": "Mid-2021" + profiles.SERIES_BREAK_FLAG, "x": HOSTILE, "flag": True,
                       "cells": ["no figure"]}]
    table = chart_table.html(chart)
    assert ('<tr data-x="2019"><th scope="row">Jan 2019 to Dec 2019'
            '<td>12.5% (10.0% to 15.0%)<tr') in table
    assert (f'<tr data-x="{escape.html(HOSTILE)}"><th scope="row">Mid-2021<span class="mp-break">'
            f'{escape.html(profiles.SERIES_BREAK_FLAG)}</span><td>') in table


def test_a_bar_chart_table_names_its_period_once():
    chart = {**_chart(["York", "England"]), "kind": "bar",
             "rows": [{"series": "India", "order": 0, "value": 4.0, "text": "4.0%", "period_label": "2021"}]}
    chart["table"] = [{"period": "India", "cells": ["4.0%", "3.1%"]}]
    table = chart_table.html(chart)
    assert 'data-period="2021"><thead>' in table and "<tr><th scope=\"row\">India<td>" in table


def test_a_map_table_names_its_columns_on_the_table_too():
    from migration_profiles.render import explore

    map_ = {"title": "Share", "period": "2020", "areas": {
        "E06000014": {"name": "York", "text": "15.3%", "interval": "12.2% to 18.4%", "class": "Above"}}}
    table = explore.map_table_html(map_, ["E06000014"], highlight="E06000014")
    style = html.unescape(re.search(r'<table style="([^"]*)">', table).group(1))
    assert style == '--mp-c1: "Code"; --mp-c2: "Share, 2020"; --mp-c3: "95% interval"; --mp-c4: "Class"'
    assert "data-label" not in table and "<td>E06000014</td>" in table
