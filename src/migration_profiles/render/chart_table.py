"""A chart's data table as HTML: the table under each chart on an area page (spliced in by postprocess.py).

Written in Python rather than as a Jinja macro: an area page has about fifty of these tables and a few
thousand cells, and the macro's per-cell filter calls were a sixth of the time of writing the page.
Every text is escaped once per table (escape.html), however many cells repeat it.
"""

from __future__ import annotations

from migration_profiles.util import escape


def html(chart: dict) -> str:
    """The table of `chart` (profiles._chart_model): a header row, then a row per period or category."""
    escaped: dict[str, str] = {}

    def e(text) -> str:
        found = escaped.get(text)
        if found is None:
            found = escaped[text] = escape.html(text)
        return found

    columns = [e(col) for col in chart["columns"]]
    parts = [f'<table><thead><tr><th scope="col">{e(chart["row_heading"])}</th>',
             *(f'<th scope="col">{col}</th>' for col in columns), "</tr></thead><tbody>"]
    for row in chart["table"]:
        parts.append(f'<tr><th scope="row">{e(row["period"])}</th>')
        # No data-label per cell: site.js names each cell's column from the header row, for the phone
        # layout, so the name is not written once per cell (83 KB of York's page).
        if len(row["cells"]) != len(columns):
            raise ValueError(f"a row of {len(row['cells'])} cells under {len(columns)} columns")
        parts.extend(f"<td>{e(cell)}</td>" for cell in row["cells"])
        parts.append("</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)
