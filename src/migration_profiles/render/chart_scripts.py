"""The script that gives the web charts their specs: the compiled templates, once per site.

Every area used to carry a full copy of each template (about 60 KB a page, the same for all). Now
assets/chart-templates.js holds them once, and site.js fills each with the chart's figures, which it
reads from the chart's own table on the page (chart_table.py): the page holds its figures once. The
templates are a script, not JSON fetched at run time, so a page also works when opened from file://.

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
