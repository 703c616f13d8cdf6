"""One chart's block on an area page: its title, the drawing's place (with the chart's one description),
its legend and caption, and a closed disclosure where its table goes (chart_table.py, put in by
pages.py).

Written in Python rather than as a Jinja macro, as the table is: an area page has about fifty charts,
and calling the macro for each was a third of the time of writing the page's Markdown. Every text from
data is escaped with escape.html.
"""

from __future__ import annotations

from migration_profiles.render.charts import legend_class
from migration_profiles.render.postprocess import MARKER
from migration_profiles.util.escape import html as e


def chart_source(chart: dict, sources: dict) -> str:
    """Where a chart's figures come from, in short: the full release, date and snapshot are in the
    source's box at the foot of the page."""
    return " ".join(f'<span class="mp-source">Source: <a href="#source-{sid}">{e(sources[sid]["title"])}'
                    "</a>.</span>" for sid in chart["source_ids"])


def chart_block(chart: dict, area: dict, sources: dict, heading: str = "h3") -> str:
    """The block of `chart` (profiles._chart_model) on the page of `area` (the profile's "area");
    `sources`: the page's citations by source id. The table's marker is left for pages.py to fill."""
    chart_id, kind, title = chart["id"], chart["kind"], e(chart["title"])
    style = f' style="min-height: {30 * len(chart["rows"]) + 50}px"' if kind == "bar" else ""
    parts = [f'<div class="mp-chart-block">\n<{heading} class="mp-chart-title" id="{chart_id}-title">{title}'
             f'</{heading}>\n<figure class="mp-chart" id="chart-{chart_id}" '
             f'data-chart="{chart_id}">\n<div class="mp-chart-canvas mp-chart-{kind}" role="img" '
             f'aria-label="{e(chart["alt"])}"{style}></div>\n']
    if kind == "line":
        items = "".join(f'<li class="{legend_class(n)}">{e(name)}</li>'
                        for n, name in enumerate(chart["columns"]))
        parts.append(f'<ul class="mp-legend" aria-hidden="true">{items}</ul>\n')
    parts.append("<figcaption>")
    if chart["interval_note"]:
        parts.append(f"The shaded band is the 95% confidence interval for {e(area['name'])}. ")
    definitions = chart.get("definitions")
    if definitions:
        parts.append(f"{e(chart['definitions_lead'])}. ")
    parts.append(chart_source(chart, sources))
    # Whom each series counts: a paragraph that made its row of charts half as tall again, so closed;
    # printed open.
    if definitions:
        items = "".join(f"<li>{e(d[:1].upper() + d[1:])}.</li>" for d in definitions)
        parts.append('<details class="mp-more mp-definitions"><summary>How each of these measures counts '
                     f"people</summary><ul>{items}</ul></details>")
    parts.append('</figcaption>\n</figure>\n\n<details class="mp-chart-data"><summary>Show the figures as a '
                 f'table<span class="mp-sr-only">: {title}</span></summary>\n{MARKER.format(chart_id)}\n'
                 "</details>\n</div>")
    return "".join(parts)
