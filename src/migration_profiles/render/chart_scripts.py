"""The scripts that give the web charts their specs: the compiled templates once per site, and
for each area only its rows and descriptions.

Every area used to carry a full copy of each template (about 60 KB a page, the same for all). Now
assets/chart-templates.js holds them once, each area's assets/charts/<code>.js holds its rows
column by column (each key written once per chart, not once per row), and site.js puts template and
rows together in the browser. Both are scripts, not JSON fetched at run time, so a page also works
when opened from file://.

The templates are Vega (charts.py compiles them), about three times the size of the Vega-Lite they
come from, but most charts differ only in their axis title: so the file holds each distinct shape
once, with a placeholder where the title goes, and each chart names its shape and its title.
"""

from __future__ import annotations

from pathlib import Path

from migration_profiles.render import charts
from migration_profiles.util import atomic, escape

TEMPLATES_FILE = "chart-templates.js"  # in docs/assets/; site.js loads it on pages with charts


script_json = escape.script_json  # the one escape for JSON inside a script


TITLE = "mp:axis-title"  # stands for a chart's axis title in its shape; no unit is called this


def _replace(value, old: str, new: str):
    """`value` with every string equal to `old` (a whole string, never part of one) made `new`."""
    if isinstance(value, dict):
        return {k: _replace(v, old, new) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace(v, old, new) for v in value]
    return new if value == old else value


def shapes(templates: dict[str, dict], titles: dict[str, str]) -> dict:
    """The templates as distinct shapes and, for each chart, [its shape's index, its title].

    site.js puts the title back where TITLE stands, so each chart's spec is exactly its template."""
    found: dict[str, int] = {}
    shape_list: list[dict] = []
    entries = {}
    for chart_id, spec in templates.items():
        shape = _replace(spec, titles[chart_id], TITLE)
        key = escape.script_json(shape)
        if key not in found:
            found[key] = len(shape_list)
            shape_list.append(shape)
        entries[chart_id] = [found[key], titles[chart_id]]
    return {"dataset": charts.DATASET, "title": TITLE, "shapes": shape_list, "charts": entries}


def write_templates(assets: Path, templates: dict[str, dict], titles: dict[str, str]) -> None:
    payload = shapes(templates, titles)
    atomic.write_text(assets / TEMPLATES_FILE, f"window.mpChartTemplates = {script_json(payload)};\n")


def columns(rows: list[dict]) -> dict:
    """Rows as one list of keys and one list of values per row; a key a row lacks is null."""
    keys = list(dict.fromkeys(key for row in rows for key in row))
    return {"keys": keys, "values": [[row.get(key) for key in keys] for row in rows]}


def packed(rows: list[dict]) -> dict:
    """`columns`, with each text field that repeats (a series' name, a period) written once: its
    values become indexes into `lookup[key]`. York's rows went from 127 KB to about a third of that."""
    table = columns(rows)
    lookup = {}
    for i, key in enumerate(table["keys"]):
        values = [row[i] for row in table["values"]]
        distinct = list(dict.fromkeys(v for v in values if v is not None))
        if distinct and all(isinstance(v, str) for v in distinct) and len(distinct) < len(values):
            lookup[key] = distinct
            index = {v: n for n, v in enumerate(distinct)}
            for row in table["values"]:
                row[i] = None if row[i] is None else index[row[i]]
    if lookup:
        table["lookup"] = lookup
    return table


# The fields of a chart row that the web chart reads; the rest (kept for print) stays out of the page.
WEB_ROW_FIELDS = ("series", "order", "x", "period_label", "period_end", "value", "ci_lower", "ci_upper",
                  "text")


def area_script(code: str, profile: dict) -> str:
    """The area's chart rows as a script the page loads when a chart comes near the screen: kept out
    of the Markdown, which MkDocs would otherwise scan line by line. The page gives each chart its
    one description, so the spec carries none."""
    specs = {chart["id"]: {"rows": packed([{k: row[k] for k in WEB_ROW_FIELDS if row.get(k) is not None}
                                           for row in chart["rows"]])}
             for theme in profile["themes"] for chart in theme["charts"]}
    return (f"window.mpChartSpecs = window.mpChartSpecs || {{}};\n"
            f"window.mpChartSpecs[{script_json(code)}] = {script_json(specs)};\n")
