"""A chart's data table as HTML: the table under each chart on an area page (part of its chart block,
put into the page by postprocess.py).

Written in Python rather than as a Jinja macro: an area page has about fifty of these tables and a few
thousand cells, and the macro's per-cell filter calls were a sixth of the time of writing the page.
Every text is escaped once per table (escape.html), however many cells repeat it.

Where a table reflows in a narrow space, each cell shows its column's name (site.css). The names are
given once per table, as CSS custom properties on the table (--mp-c1, --mp-c2, ...), not on every cell:
repeated on every cell they were a quarter of an area page's HTML.

The table is also the page's one copy of the chart's figures: the web chart and its CSV are read from
it (site.js, mpChartRows), not from a second copy in a script. So what the table shows is what the
chart draws: a cell's figure as text, a line chart's interval after it as "(lower to upper)". Only
what a reader does not see is added: a line chart's axis labels (data-x, one line per row) and a bar
chart's period (data-period), each once on its table. A series break's note is in a span of its own, so the
period's name can be read without it.
"""

from __future__ import annotations

from migration_profiles.render.profiles import SERIES_BREAK_FLAG
from migration_profiles.util import escape

# Columns whose name a reflowing table's cells read from its custom properties (--mp-c1 to --mp-c<N>,
# reflow_css); a cell of a later column carries its name itself (data-label), which site.css reads.
STYLED_COLUMNS = 12
REFLOWING = ":is(.mp-chart-data, .mp-table-wrap, .mp-table-scroll)"  # the tables named by column_names
REFLOW_WIDTH = "36em"  # as site.css's container query for the rest of the reflow


def reflow_css() -> str:
    """What each of the first STYLED_COLUMNS data cells of a reflowing table shows before its figure:
    its column's name, from the table's custom property (a row header comes first, so data column n is
    the row's child n + 1). Written with the constant it serves, not by hand in site.css."""
    rule = "  {tables} td:nth-child({child})::before {{ content: var(--mp-c{n}, attr(data-label)); }}\n"
    rules = "".join(rule.format(tables=REFLOWING, child=n + 1, n=n) for n in range(1, STYLED_COLUMNS + 1))
    return f"@container (max-width: {REFLOW_WIDTH}) {{\n{rules}}}\n"


def column_names(columns: list[str]) -> tuple[str, list[str]]:
    """How a table that reflows names its data columns (site.css), for every such table of the site: the
    first STYLED_COLUMNS as custom properties, in the table's style attribute (' style="..."'), and a
    later one on each of its cells (' data-label="..."' in the list, by column; '' for the others)."""
    names = "; ".join(f"--mp-c{n}: {escape.css_string(col)}"
                      for n, col in enumerate(columns[:STYLED_COLUMNS], start=1))
    labels = ([""] * min(len(columns), STYLED_COLUMNS)
              + [f' data-label="{escape.html(col)}"' for col in columns[STYLED_COLUMNS:]])
    return (f' style="{escape.html(names)}"' if names else ""), labels


def table_names(columns: list[str]) -> dict:
    """column_names for a template: {"table": the table's attribute, "cells": each column's cells' one}."""
    table, cells = column_names(columns)
    return {"table": table, "cells": cells}


def html(chart: dict) -> str:
    """The table of `chart` (profiles._chart_model): a header row, then a row per period or category."""
    escaped: dict[str, str] = {}

    def e(text) -> str:
        found = escaped.get(text)
        if found is None:
            found = escaped[text] = escape.html(text)
        return found

    columns = [e(col) for col in chart["columns"]]
    names, labels = column_names(chart["columns"])
    line = chart["kind"] == "line"
    if line:  # each row's axis label, one per line in the rows' order: one attribute, not one a row
        period = ' data-x="{}"'.format("&#10;".join(e(str(row["x"])) for row in chart["table"]))
    else:
        period = f' data-period="{e(chart["rows"][0]["period_label"])}"' if chart["rows"] else ""
    # No scope attributes: in a table with one header row and one header column, each th's "auto" scope
    # already makes it its column's or its row's header (HTML's table model; WCAG technique H51), and
    # the attributes were a twentieth of an area page.
    parts = [f'<table{names}{period}><thead><tr>',
             f'<th>{e(chart["row_heading"])}</th>',
             *(f'<th>{col}</th>' for col in columns), "</tr></thead><tbody>"]
    for row in chart["table"]:
        label = row["period"]
        if row.get("flag"):
            label, flag = label[:-len(SERIES_BREAK_FLAG)], SERIES_BREAK_FLAG
            label = f'{e(label)}<span class="mp-break">{e(flag)}</span>'
        else:
            label = e(label)
        # A body row's end tags are left out, as HTML allows (a cell ends at the next cell or row, a row
        # at the next row or the table's end): a fifth of the tables' bytes on an area page.
        parts.append(f"<tr><th>{label}")
        parts.extend(f"<td{label}>{e(cell)}" for label, cell in zip(labels, row["cells"], strict=True))
    parts.append("</tbody></table>")
    return "".join(parts)
