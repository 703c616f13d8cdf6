"""A chart's data table as HTML: the table under each chart on an area page (part of its chart block,
put into the page by postprocess.py).

Written in Python rather than as a Jinja macro: an area page has about fifty of these tables and a few
thousand cells, and the macro's per-cell filter calls were a sixth of the time of writing the page.
Every text is escaped once per table (escape.html), however many cells repeat it.

Where a table reflows in a narrow space, each cell shows its column's name (site.css). The names are
given once per table, as CSS custom properties on the table (--mp-c1, --mp-c2, ...), not on every cell:
repeated on every cell they were a quarter of an area page's HTML.
"""

from __future__ import annotations

from migration_profiles.util import escape

# Columns whose name site.css reads from the table's custom properties (--mp-c1 to --mp-c<N>); a cell of
# a later column carries its name itself (data-label), which site.css reads too.
STYLED_COLUMNS = 12


def html(chart: dict) -> str:
    """The table of `chart` (profiles._chart_model): a header row, then a row per period or category."""
    escaped: dict[str, str] = {}

    def e(text) -> str:
        found = escaped.get(text)
        if found is None:
            found = escaped[text] = escape.html(text)
        return found

    columns = [e(col) for col in chart["columns"]]
    names = "; ".join(f"--mp-c{n}: {escape.css_string(col)}"
                      for n, col in enumerate(chart["columns"][:STYLED_COLUMNS], start=1))
    labels = ([""] * min(len(columns), STYLED_COLUMNS)
              + [f' data-label="{col}"' for col in columns[STYLED_COLUMNS:]])
    parts = [f'<table style="{escape.html(names)}"><thead><tr><th scope="col">{e(chart["row_heading"])}</th>',
             *(f'<th scope="col">{col}</th>' for col in columns), "</tr></thead><tbody>"]
    for row in chart["table"]:
        parts.append(f'<tr><th scope="row">{e(row["period"])}</th>')
        parts.extend(f"<td{label}>{e(cell)}</td>" for label, cell in zip(labels, row["cells"], strict=True))
        parts.append("</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)
