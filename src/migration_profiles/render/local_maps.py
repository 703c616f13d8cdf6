"""Maps of local partner data by MSOA, on the council's page beside the data's tables.

A partner's return may count people by MSOA (or by ward). The figures shown are those publish_local
let through: a count, or the marker [c] where disclosure control withheld it. The map shades each
MSOA by its count in up to five groups of about equal size; a withheld MSOA is never shaded as a
count: it gets its own legend entry and colour, and "[c]" is written on it, so that colour is never
the only sign. MSOAs of the council that the return does not cover are drawn as "not in this
return". A table beside the map gives every MSOA's figure and group.

Shapes come from the MSOA boundaries snapshot, read and cached by msoa_maps.shapes. Wards have no
map: no ward boundaries are held, and none are made up; the page says so and shows the table.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from migration_profiles.local.tables import NO_WARD_MAP
from migration_profiles.render import chart_table, msoa_maps
from migration_profiles.render.explore import SCRIPT_TAG
from migration_profiles.util import atomic

GROUPS = 5
WITHHELD = "[c] withheld (a small count, or one that would reveal one)"
NOT_COVERED = "Not in this return"
FOLDER = "data/local-maps"
MAPPED_LEVEL = "msoa"
NO_SHAPES = ("The MSOA figures are shown as a table only: this edition holds no MSOA boundaries to "
             "map them with.")
UNKNOWN_SHAPES = ("The MSOA figures are shown as a table only: none of their MSOA codes is in this "
                  "edition's MSOA boundaries.")


def count_groups(values: list[float]) -> tuple[list[str], callable]:
    """(labels lowest first, value -> label): up to five groups of about equal size, none empty and
    none overlapping, so that a few small areas with equal counts still get a sensible legend."""
    ordered = sorted(values)
    distinct = sorted(set(ordered))
    wanted = min(GROUPS, len(distinct))
    groups: list[list[float]] = [[]]
    for value in distinct:
        share = sum(1 for v in ordered if v == value)
        done = sum(len(g) for g in groups)
        if groups[-1] and done >= len(ordered) * len(groups) / wanted and len(groups) < wanted:
            groups.append([])
        groups[-1].extend([value] * share)
    labels = [f"{g[0]:,.0f}" if g[0] == g[-1] else f"{g[0]:,.0f} to {g[-1]:,.0f}" for g in groups]
    lowest = [g[0] for g in groups]

    def label_of(value: float) -> str:
        return labels[max(i for i, low in enumerate(lowest) if value >= low)]

    return labels, label_of


def _centre(rings: list[list[list[float]]]) -> list[float]:
    """A point to write [c] on: the middle of the shape's bounding box."""
    xs = [p[0] for ring in rings for p in ring]
    ys = [p[1] for ring in rings for p in ring]
    return [(min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2]


def collection(block: dict, council: str, shapes: dict[str, dict], council_msoas: list[str]) -> dict | None:
    """The block's MSOA figures as GeoJSON with a class for each MSOA; None when none has a shape."""
    figures = {a["code"]: a for a in block["subareas"] if a["level"] == MAPPED_LEVEL and a["code"] in shapes}
    if not figures:
        return None
    values = [a["value"] for a in figures.values() if not a["withheld"]]
    labels, label_of = count_groups(values) if values else ([], None)
    features = []
    for code in sorted(set(figures) | {c for c in council_msoas if c in shapes}):
        figure = figures.get(code)
        if figure is None:
            text, group = NOT_COVERED.lower(), NOT_COVERED
        elif figure["withheld"]:
            text, group = figure["shown"], WITHHELD
        else:
            text, group = figure["shown"], label_of(figure["value"])
        name = figure["name"] if figure and figure["name"] != code else shapes[code]["name"]
        x, y = _centre(shapes[code]["rings"])
        features.append({
            "type": "Feature",
            "properties": {"code": code, "name": name, "count_text": text, "count_class": group,
                           "withheld": bool(figure and figure["withheld"]), "x": x, "y": y},
            "geometry": {"type": "Polygon", "coordinates": shapes[code]["rings"]},
        })
    used = {f["properties"]["count_class"] for f in features}
    # The legend's title stays short enough for a phone; the caption and table name the dataset.
    layer = {"key": "count", "title": "Count", "period": block["period"],
             "classes": [*labels, WITHHELD, NOT_COVERED], "groups": len(labels),
             "withheld": WITHHELD in used}
    return {"type": "FeatureCollection", "council": council, "title": block["title"], "layers": [layer],
            "features": features}


def table_html(found: dict, caption: str) -> str:
    # On a phone each row reflows into a block whose cells name their column (site.css): the names are
    # given once, on the table (chart_table.column_names).
    names, _ = chart_table.column_names(["Code", "Count", "Group on the map"])
    rows = "".join(
        f'<tr><th scope="row">{html.escape(f["properties"]["name"])}</th>'
        f'<td>{html.escape(f["properties"]["code"])}</td>'
        f'<td class="mp-num">{html.escape(f["properties"]["count_text"])}</td>'
        f'<td>{html.escape(f["properties"]["count_class"])}</td></tr>'
        for f in found["features"]
    )
    return (
        f'<div class="mp-table-scroll" tabindex="0" role="region" aria-label="{html.escape(caption)}">'
        f'<table{names}><caption>{html.escape(caption)}</caption><thead><tr><th scope="col">Small area</th>'
        '<th scope="col">Code</th><th scope="col">Count</th><th scope="col">Group on the map</th></tr>'
        f"</thead><tbody>{rows}</tbody></table></div>"
    )


def block_html(found: dict, file: str, area_name: str) -> str:
    """The map and its table, for the area page (data-derived text escaped)."""
    layer = found["layers"][0]
    shown = sum(1 for f in found["features"] if f["properties"]["count_class"] != NOT_COVERED)
    withheld = sum(1 for f in found["features"] if f["properties"]["withheld"])
    label = (f"Map of {area_name}'s small areas (MSOAs): {found['title']}, {layer['period']}, for the "
             f"{shown} in this return; {withheld} withheld and marked [c]. The same figures are in the "
             "table below.")
    caption = f"{found['title']}, {layer['period']}, by small area (MSOA): the map as a table"
    return (
        f'<figure class="mp-map" data-base="../../" data-kind="msoa" data-file="{html.escape(file)}" '
        f'data-area="{html.escape(found["council"])}" data-layer="count">\n'
        f'<div class="mp-map-canvas" role="img" aria-label="{html.escape(label)}"></div>\n'
        "<figcaption>Counts from the partner's return, in up to five groups of about equal size. "
        "[c] marks a small area whose count is withheld by disclosure control: it has its own colour "
        "and is never shaded as a count. Small areas the return does not cover are grey."
        "</figcaption>\n</figure>\n\n"
        f'<details class="note mp-chart-data"><summary>{html.escape(caption)}</summary>\n'
        f"{table_html(found, caption)}\n</details>\n\n" + SCRIPT_TAG.format(base="../../", name="maps.js")
    )


def write(docs: Path, zip_path: Path | None, cache_dir: Path, local: dict[str, list[dict]],
          small_areas: dict[str, dict], names: dict[str, str]) -> int:
    """Fill in each MSOA block's map (data/local-maps/<dataset>-<council>.json and the page's HTML), or
    say why there is none; returns the number of maps. `small_areas` (msoa_maps.write) lists each
    council's MSOAs, so that those the return leaves out are drawn too."""
    mapped = [(c, b) for c, blocks in local.items() for b in blocks
              if any(a["level"] == MAPPED_LEVEL for a in b.get("subareas", []))]
    if not mapped:
        return 0
    shapes = msoa_maps.shapes(zip_path, cache_dir) if zip_path is not None else {}
    written = 0
    for council, b in mapped:
        ward_note = NO_WARD_MAP if any(a["level"] == "ward" for a in b["subareas"]) else ""
        known = [f["properties"]["code"] for f in small_areas.get(council, {}).get("features", [])]
        found = collection(b, council, shapes, known)
        if found is None:
            why = NO_SHAPES if zip_path is None else UNKNOWN_SHAPES
            b["map_note"] = " ".join(n for n in (why, ward_note) if n)
            continue
        file = f"{FOLDER}/{b['dataset']}-{council}.json"
        atomic.write_text(docs / file, json.dumps(found, separators=(",", ":"), ensure_ascii=False))
        page = block_html(found, file, names.get(council, council))
        b["map"] = page + (f"\n\n{ward_note}" if ward_note else "")
        written += 1
    return written
