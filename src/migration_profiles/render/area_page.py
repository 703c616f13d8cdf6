"""An area's page: Markdown holding a placeholder for each generated HTML block, and the blocks by name
(postprocess.py puts them in after the site tool). Python-Markdown never reads the blocks: written as
HTML, they pass through it unparsed. Headings and the summary stay Markdown, so that the site tool
gives them their anchors.

Written in Python rather than as a Jinja template, as each chart's block (chart_block.py) and table
(chart_table.py) are: with its loops, filters and macro calls, the template took 1.9 ms a page, and this
takes 0.7 ms, on each of several hundred pages a build. The wording the page shares with the PDF stays in
_profile.md.j2 (the summary, the local blocks and the sentences named there), and the line under the
title with its downloads in _area_html.j2; both are read from there. Every text from data is escaped
with escape.html (escape.markdown in the Markdown).
"""

from __future__ import annotations

import functools

from migration_profiles.render.chart_block import chart_block
from migration_profiles.render.chart_table import column_names
from migration_profiles.render.headline import headline_figures
from migration_profiles.render.postprocess import MARKER
from migration_profiles.render.templating import environment
from migration_profiles.util.escape import html as e
from migration_profiles.util.escape import markdown as md
from migration_profiles.util.escape import yaml_str

# Themes whose charts start closed: background to migration (crime, housing, rough sleeping), not
# migration itself, and long enough to double the page.
COLLAPSED_THEMES = frozenset({"context"})


@functools.cache
def _wording():
    """The profile's wording shared with the PDF (_profile.md.j2), as a template module."""
    return environment().get_template("_profile.md.j2").module


@functools.cache
def _top():
    """The line under the title, with the area's downloads (_area_html.j2)."""
    return environment().get_template("_area_html.j2").module.top


def page_parts(profile: dict, pdf_href: str, boxes: dict[str, str],
               explore: dict | None = None) -> tuple[str, dict[str, str]]:
    """The page as Markdown with a marker for each block, and the blocks by name.

    `boxes`: every source's box (pages.source_boxes); `explore`: the page's maps and the edition's data
    package (explore.AreaBlocks), without which the page has no maps and no per-chart downloads."""
    m = _wording()
    sources = {s["id"]: s for s in profile["sources"]}
    first_theme = profile["themes"][0]["charts"] if profile["themes"] else []
    first_chart = first_theme[0] if first_theme else None
    blocks: dict[str, str] = {}

    def place(name: str, html) -> str:
        blocks[name] = str(html)
        return MARKER.format(name)

    area = profile["area"]
    parts = [_front_matter(area), f"# {md(area['name'])}\n\n\n",
             place("top", _top()(profile, pdf_href, explore)), "\n"]
    if profile["internal"]:
        parts.append(f'\n!!! danger "{m.internal_marking}"\n    This page comes from an internal build that '
                     "includes restricted local data. Do not forward or publish it.\n")
    if profile["demo"]:
        parts.append("\n" + place("demo", f'<p class="mp-demo-note"><strong>{e(m.demo_title)}.</strong> '
                                          f"{e(m.demo_text)}</p>") + "\n")
    for n, note in enumerate(profile["notes"], start=1):
        parts.append("\n" + place(f"note-{n}", f'<div class="admonition info"><p class="admonition-title">'
                                                f"{e(m.codes_note_title)}</p><p>{e(note)}</p></div>") + "\n")
    parts += ["\n", place("headline", headline_panel(profile, headline_figures(profile, sources), first_chart,
                                                     sources)),
              '\n\n## In brief { .mp-brief-title }\n\n<div class="mp-brief" markdown="1">\n\n',
              str(m.summary(profile)), "\n\n</div>\n\n", place("reference", reference(profile, m)), "\n"]
    parts.append(_maps(explore, place))
    if profile["local"]:
        parts.append(_local(profile["local"], m, place))
    for theme in profile["themes"]:
        html = theme_section(theme, first_chart, area, sources)
        if html:
            parts.append("\n" + place(f"theme-{theme['id']}", html) + "\n")
    parts += ["\n## Sources and caveats { data-search-exclude }\n\n",
              place("sources", sources_section(profile["sources"], boxes, explore)), "\n"]
    return "".join(parts), blocks


def _front_matter(area: dict) -> str:
    """The page's title and description, and what the site tool leaves off it.

    Out of the site search: hundreds of pages of the same headings made every search return hundreds of
    alike results and a search index of several megabytes for a phone to load; areas are found by name,
    code or former name with the "Find an area" box on every page. Without the navigation and the
    contents, the page's charts have its whole width: the site bar under the header keeps the way to
    other pages."""
    name = area["name"]
    description = (f"Migration profile of {name} ({area['code']}): population change, international "
                   "migration, residents born abroad and new registrations, with sources and caveats.")
    return (f"---\ntitle: {yaml_str(e(name))}\ndescription: {yaml_str(e(description))}\nsearch:\n"
            "  exclude: true\nhide:\n  - navigation\n  - toc\n---\n\n")


def headline_panel(profile: dict, headline: list[dict], first_chart: dict | None, sources: dict) -> str:
    """Four to six headline figures (headline.headline_figures), each with its period, its source and the
    region's and country's figures beside it; the page's first chart sits beside them."""
    parts = ['<section class="mp-headline" aria-labelledby="key-figures">\n'
             '<h2 id="key-figures">Key figures</h2>\n<div class="mp-headline-body">\n<ul class="mp-cards">\n']
    for f in headline:
        phrase = " mp-card-phrase" if f["phrase"] else ""
        interval = f' <span class="mp-card-interval">({e(f["interval"])})</span>' if f["interval"] else ""
        parts.append(f'<li class="mp-card"><p class="mp-card-title">{e(f["title"])}</p>\n'
                     f'<p class="mp-card-value{phrase}">{e(f["value"])}{interval}</p>\n')
        if f["change"]:
            parts.append(f'<p class="mp-card-change">{e(f["change"])}</p>\n')
        if f["comparators"]:
            compared = "".join(f"<div><dt>{e(c['name'])}</dt><dd>{e(c['value'])}</dd></div>"
                               for c in f["comparators"])
            parts.append(f'<dl class="mp-card-compare">{compared}</dl>\n')
        parts.append(f'<p class="mp-card-source">{e(f["period"])} · {e(f["source"])}</p></li>\n')
    parts.append("</ul>\n")
    if first_chart:
        chart = chart_block(first_chart, profile["area"], sources, "p")
        parts.append(f'<div class="mp-headline-chart">\n{chart}\n</div>\n')
    parts.append("</div>\n</section>")
    return "".join(parts)


def _table(columns: list[str], head: list[str], rows: list[list[str]]) -> str:
    """A reference table: `head` (escaped) over `rows` of escaped cells, each row's first cell its header;
    its data `columns` named for a narrow screen (chart_table.column_names)."""
    names, _ = column_names(columns)
    body = "".join(f"<tr><th>{row[0]}</th>" + "".join(f"<td>{cell}</td>" for cell in row[1:]) + "</tr>"
                   for row in rows)
    return (f'<table{names}><thead><tr>{"".join(f"<th>{h}</th>" for h in head)}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


def overview_table(profile: dict) -> str:
    """Each headline figure beside the same figure, for the same period, of each comparator."""
    comparators = [c["name"] for c in profile["comparators"]]
    name = profile["area"]["name"]
    rows = [[e(row["title"]), e(row["value"]) + (f" ({e(row['interval'])})" if row["interval"] else ""),
             e(row["period"]), *(e(value) for value in row["comparators"])] for row in profile["overview"]]
    head = ["Measure", e(name), "Period", *(e(c) for c in comparators)]
    return _table([name, "Period", *comparators], head, rows)


CHANGES_COLUMNS = ["Latest", "Period", "Against the previous period", "Against a year earlier"]
RANKS_COLUMNS = ["Value", "Period", "Among all local authorities", "Within the region"]


def reference(profile: dict, m) -> str:
    """The reference parts, each closed: the overview table, the changes, the ranks and similar areas."""
    parts = ['<div class="mp-reference">\n<details class="mp-more"><summary>All headline figures beside the '
             f'region and country</summary>\n<div class="mp-table-wrap">{overview_table(profile)}</div>\n'
             f'<p class="mp-note">{e(m.interval_note)}</p>\n</details>\n']
    if profile.get("changes"):
        rows = [[e(r["title"]), e(r["latest"]), e(r["period"]), e(r["previous"]), e(r["year_earlier"])]
                for r in profile["changes"]]
        net = f"<p>{e(profile['net_explanation'])}</p>" if profile["net_explanation"] else ""
        parts.append(_closed("How the figures have changed", m.changes_intro,
                             _table(CHANGES_COLUMNS, ["Measure", *CHANGES_COLUMNS], rows), net))
    if profile.get("ranks"):
        rows = [[e(r["title"]), e(r["value"]), e(r["period"]), e(r["rank"]), e(r["within_region"] or "—")]
                for r in profile["ranks"]]
        parts.append(_closed(f"How {e(profile['area']['name'])} ranks among local authorities", m.ranks_intro,
                             _table(RANKS_COLUMNS, ["Measure", *RANKS_COLUMNS], rows)))
    if profile.get("neighbours"):
        parts.append(_closed("Similar areas", m.neighbours_intro, neighbours_table(profile)))
    parts.append("</div>")
    return "".join(parts)


def _closed(summary: str, intro: str, table: str, after: str = "") -> str:
    """One reference part: a closed disclosure (shown on screen only) with its introduction and table."""
    return (f'<details class="mp-more mp-screen-only"><summary>{summary}</summary>\n<p>{e(intro)}</p>\n'
            f'<div class="mp-table-wrap">{table}</div>\n{after}</details>\n')


def neighbours_table(profile: dict) -> str:
    """The areas most like this one, each linked to its page, with the figures they were matched on."""
    columns = profile["neighbour_columns"]
    names, cells = column_names(columns)
    head = "".join(f"<th>{e(col)}</th>" for col in columns)
    body = "".join(f'<tr><th><a href="../{n["code"]}/">{e(n["name"])}</a></th>'
                   + "".join(f"<td{label}>{e(cell)}</td>"
                             for label, cell in zip(cells, n["cells"], strict=False))
                   + "</tr>" for n in profile["neighbours"])
    return f"<table{names}><thead><tr><th>Area</th>{head}</tr></thead><tbody>{body}</tbody></table>"


def _maps(explore: dict | None, place) -> str:
    """The region's map and the two settlement maps, in one row of three on a wide screen (site.css), each
    section in its own column: the maps are compared at a glance, and the page is a map's height shorter.
    One under the other on a narrower screen. The settlement maps are Markdown, with a heading per
    layer: their tables are blocks, put in after the site tool."""
    region_map = explore["region_map"] if explore else ""
    small_maps = explore["msoa_map"] if explore else ""
    if not (region_map or small_maps):
        return ""
    row = " mp-maps-row" if region_map and small_maps else ""
    parts = [f'\n<div class="mp-maps{row}" markdown="1">\n']
    if region_map:
        parts.append('<div class="mp-maps-region" markdown="1">\n\n## On the map of its region '
                     "{ data-search-exclude }\n\n" + place("map-of-region", region_map) + "\n\n</div>\n")
    if small_maps:
        parts.append('<div class="mp-maps-small" markdown="1">\n\n## Where recent arrivals and other '
                     'languages are, by small area { data-search-exclude }\n\n'
                     f'<div class="mp-map-pair" markdown="1">\n\n{small_maps}\n\n</div>\n\n</div>\n')
    parts.append("\n</div>\n")
    return "".join(parts)


def _local(local: list[dict], m, place) -> str:
    """Local partner data: a block per return, its heading and tables beside its map on a wide screen
    (site.css), as a theme's heading sits beside its charts; one under the other on a narrower one."""
    parts = [f"\n## {m.local_title} {{ data-search-exclude }}\n\n{m.local_intro}\n"]
    for n, block in enumerate(local, start=1):
        with_map = bool(block.get("map"))
        tables = (f'<details class="mp-more mp-screen-only"><summary>Show the tables: {e(block["title"])}'
                  f"</summary>\n{m.local_block_html(block)}\n</details>\n")
        side = " mp-local-with-map" if with_map else ""
        parts.append(f'\n<div class="mp-local-block{side}" markdown="1">\n'
                     f'<div class="mp-local-head" markdown="1">\n\n### {md(block["title"])}\n\n'
                     + place(f"local-{n}", tables) + "\n")
        if not with_map and block["has_subareas"]:
            parts.append(f"\n{block.get('map_note') or m.local_no_map}\n")
        parts.append("\n</div>\n")
        if with_map:
            parts.append('<div class="mp-local-map" markdown="1">\n\n' + place(f"local-map-{n}", block["map"])
                         + "\n\n</div>\n")
        parts.append("\n</div>\n")
    return "".join(parts)


def theme_section(theme: dict, first_chart: dict | None, area: dict, sources: dict) -> str:
    """A theme's charts, but for the page's first chart (in the headline panel); "" when that was its only
    one. Its heading and introduction take the first cell of its grid of charts, and its first two charts
    the rest of that row on a wide screen: every theme then costs one row of the page. Its other charts
    wait in a closed disclosure (drawn when opened), so the whole page stays a dozen screens long. A
    collapsed theme keeps all its charts in the disclosure."""
    first_id = first_chart["id"] if first_chart else ""
    shown = [chart for chart in theme["charts"] if chart["id"] != first_id]
    if not shown:
        return ""
    lead = [] if theme["id"] in COLLAPSED_THEMES else shown[:2]
    rest = shown[len(lead):]
    title = e(theme["title"])
    parts = [f'<section class="mp-theme" aria-labelledby="{theme["id"]}">\n<div class="mp-chart-grid">\n'
             f'<div class="mp-theme-head"><h2 id="{theme["id"]}">{title}</h2>\n'
             f'<p class="mp-theme-intro">{e(theme["intro"])}</p></div>\n']
    parts += [chart_block(chart, area, sources) + "\n" for chart in lead]
    parts.append("</div>\n")
    if rest:
        charts = f"chart{'s' if len(rest) > 1 else ''}"
        summary = f"Show {len(rest)} more {charts}" if lead else f"Show the {len(rest)} {charts}"
        parts.append(f'<details class="mp-more mp-theme-more"><summary>{summary} on '
                     f'{e(theme["title"].lower())}</summary>\n<div class="mp-chart-grid">\n')
        parts += [chart_block(chart, area, sources) + "\n" for chart in rest]
        parts.append("</div>\n</details>\n")
    parts.append("</section>\n")
    return "".join(parts)


def sources_section(cited: list[dict], boxes: dict[str, str], explore: dict | None) -> str:
    """Each cited source's box, in two columns of closed boxes on a wide screen: half the length of one
    long list (site.css)."""
    listed = "".join(boxes[s["id"]] + "\n" for s in cited)
    script = '\n<script src="../../assets/downloads.js" defer></script>\n' if explore else ""
    return ("<p>Each source's release, licence and what to bear in mind when reading its figures.</p>\n"
            f'<div class="mp-source-list">\n{listed}</div>\n{script}')
