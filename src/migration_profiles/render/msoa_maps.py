"""Settlement maps: a council's small areas (MSOAs), shaded by two Census 2021 shares.

Where residents who had arrived from outside the UK in the year before the census lived, and where
residents whose main language is not English live: the settlement maps the seed paper draws and the
toolkit asks for. They appear inside their council's page only; small areas never get pages.

- Shapes: the MSOA boundaries snapshot (sources/boundaries.py), read once per file and cached under
  build/cache/msoa/ by the file's sha256, rounded to 10 metres (super-generalised shapes carry no
  finer detail). They stay in British National Grid metres and are drawn with an identity projection.
- Which council an MSOA lies in: its name starts with the council's ("York 001"), matched ignoring
  case and punctuation, and ignoring ONS's ", City of" and ", County of". ONS's MSOA-to-district
  lookup would be the proper join; names are what the boundary file itself carries.
- Figures: the published indicators msoa_outside_uk_share and msoa_other_language_share (through
  publish.py like every figure). Census figures have no intervals, so each council's MSOAs are split
  into five groups of about equal size; the table beside each map gives every MSOA's figure.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from migration_profiles.render import chart_table, postprocess
from migration_profiles.render.maps import NO_FIGURE, quintiles
from migration_profiles.render.profiles import FigureIndex
from migration_profiles.sources import boundaries
from migration_profiles.stages.indicators import INDICATORS
from migration_profiles.stages.publish import format_figure
from migration_profiles.stages.runner import hash_file
from migration_profiles.util import atomic

MAPPED = (("msoa_outside_uk_share", "outside"), ("msoa_other_language_share", "language"))
GRID = 10  # metres
_NUMBER = re.compile(r"\s+\d{3}[A-Za-z]?$")
# Words that differ between ONS's district names and the council list's: "Bristol, City of" and "City
# of Bristol", "Vale of Glamorgan" and "The Vale of Glamorgan", "Dorset" and "Dorset Council".
_AFFIXES = re.compile(r"^(the|city of|county of) | (city|county) of$| council$")


def _normal(name: str) -> str:
    name = name.lower().replace("&", " and ").replace("'", "").replace("\u2019", "")
    name = " ".join(re.sub(r"[^a-z0-9]+", " ", name).split())
    return _AFFIXES.sub("", name).strip()


def shapes(zip_path: Path, cache_dir: Path) -> dict[str, dict]:
    """MSOA code -> {"name", "rings"}: rings of [easting, northing] rounded to GRID metres; cached."""
    cached = cache_dir / f"msoa-{hash_file(zip_path)[:16]}.json"
    if cached.exists():
        return json.loads(cached.read_text(encoding="utf-8"))
    reader = boundaries.msoa_reader(zip_path)
    fields = [f[0].upper() for f in reader.fields[1:]]
    code_at, name_at = fields.index("MSOA21CD"), fields.index("MSOA21NM")
    found = {}
    for record, shape in zip(reader.iterRecords(), reader.iterShapes(), strict=True):
        bounds = [*shape.parts, len(shape.points)]
        rings = []
        for start, end in zip(bounds, bounds[1:], strict=False):
            ring = []
            for x, y in shape.points[start:end]:
                point = [round(x / GRID) * GRID, round(y / GRID) * GRID]
                if not ring or point != ring[-1]:
                    ring.append(point)
            if len(ring) >= 4:
                rings.append(ring)
        found[record[code_at]] = {"name": record[name_at], "rings": rings}
    atomic.write_text(cached, json.dumps(found, separators=(",", ":")))
    return found


def councils_of(
    msoas: dict[str, dict],
    names: dict[str, str],
    successor: dict[str, str] | None = None,
) -> dict[str, list[str]]:
    """Council code -> its MSOA codes, by the council name each MSOA's name starts with.

    `names` may include councils that have since been abolished (2021's districts name the MSOAs);
    `successor` maps each to the council that took it over. A name that matches no council exactly
    matches the one council whose name it begins ("Rhondda Cynon Taf", "Rhondda Cynon Taff")."""
    successor = successor or {}
    by_name = {_normal(name): successor.get(code, code) for code, name in names.items()}
    found: dict[str, list[str]] = {}
    for code, msoa in msoas.items():
        wanted = _normal(_NUMBER.sub("", msoa["name"]))
        council = by_name.get(wanted)
        if council is None:
            near = {c for n, c in by_name.items() if n.startswith(wanted) or wanted.startswith(n + " ")}
            council = near.pop() if len(near) == 1 else None
        if council:
            found.setdefault(council, []).append(code)
    return found


def council_map(council: str, codes: list[str], msoas: dict[str, dict], index: FigureIndex) -> dict | None:
    """The council's MSOAs as GeoJSON, each with its figures and classes; None without figures."""
    by_id = {ind.id: ind for ind in INDICATORS}
    layers, properties = [], {code: {"code": code, "name": msoas[code]["name"]} for code in codes}
    for indicator_id, key in MAPPED:
        ind = by_id[indicator_id]
        rows = {code: index.latest(code, indicator_id) for code in codes}
        values = [r["value"] for r in rows.values() if r and r["value"] is not None]
        if not values:
            continue
        labels, label_of = quintiles(values, ind)
        for code, row in rows.items():
            has = row is not None and row["value"] is not None
            properties[code][f"{key}_text"] = (
                format_figure(row["value"], row["status"], ind) if row else "no figure"
            )
            properties[code][f"{key}_class"] = label_of(row["value"]) if has else NO_FIGURE
        period = next(r["period_label"] for r in rows.values() if r)
        layers.append(
            {
                "key": key,
                "id": indicator_id,
                "title": ind.title,
                "period": period,
                "classes": [*labels, NO_FIGURE],
            }
        )
    if not layers:
        return None
    features = [
        {
            "type": "Feature",
            "properties": properties[code],
            "geometry": {"type": "Polygon", "coordinates": msoas[code]["rings"]},
        }
        for code in sorted(codes)
    ]
    return {"type": "FeatureCollection", "council": council, "layers": layers, "features": features}


def table_html(collection: dict, layer: dict) -> str:
    key = layer["key"]
    # On a phone each row reflows into a block whose cells name their column (site.css): the names are
    # given once, on the table (chart_table.column_names).
    names, _ = chart_table.column_names(["Code", f'{layer["title"]}, {layer["period"]}', "Group"])
    rows = "".join(
        f'<tr><th scope="row">{html.escape(f["properties"]["name"])}</th>'
        f'<td>{html.escape(f["properties"]["code"])}</td>'
        f'<td class="mp-num">{html.escape(f["properties"].get(key + "_text", "no figure"))}</td>'
        f"<td>{html.escape(f['properties'].get(key + '_class', NO_FIGURE))}</td></tr>"
        for f in collection["features"]
    )
    return (
        '<div class="mp-table-scroll" tabindex="0" role="region" aria-label="'
        f'{html.escape(layer["title"])}: the map as a table"><table{names}><thead><tr>'
        '<th scope="col">Small area</th><th scope="col">Code</th>'
        f'<th scope="col">{html.escape(layer["title"])}, {html.escape(layer["period"])}'
        '</th><th scope="col">Group</th></tr></thead><tbody>' + rows + "</tbody></table></div>"
    )


def block(collection: dict, area_name: str) -> tuple[str, dict[str, str]]:
    """The area page's settlement section (Markdown with HTML) and its tables, by marker id."""
    council = collection["council"]
    parts, tables = [], {}
    for layer in collection["layers"]:
        table_id = f"msoa-{layer['key']}"
        label = (
            f"Map of the {len(collection['features'])} small areas of {area_name}, shaded by "
            f"{layer['title'].lower()}, {layer['period']}. The same figures are in the table below."
        )
        parts.append(
            f"### {layer['title']}\n\n"
            f'<figure class="mp-map" data-base="../../" data-kind="msoa" data-area="{council}" '
            f'data-layer="{layer["key"]}">\n<div class="mp-map-canvas" role="img" '
            f'aria-label="{html.escape(label)}"></div>\n<figcaption>Small areas (MSOAs, about 5,000 to '
            f"15,000 residents each) split into five groups of about equal size within "
            f"{html.escape(area_name)}. Census figures have no confidence intervals; ONS "
            f"adjusts small counts slightly, so treat each figure as approximate.</figcaption>\n</figure>\n\n"
            f'<details class="note mp-chart-data"><summary>{html.escape(layer["title"])} by small area: '
            "the map as "
            f"a table</summary>\n{postprocess.MARKER.format(table_id)}\n</details>\n"
        )
        tables[table_id] = table_html(collection, layer)
    return "\n".join(parts), tables


def write(
    docs: Path, zip_path: Path | None, cache_dir: Path, index: FigureIndex, geography, councils: list[str]
) -> dict[str, dict]:
    """data/msoa/<council>.json for every council with mapped small areas; returns them by council."""
    if zip_path is None:
        return {}
    msoas = shapes(zip_path, cache_dir)
    every = geography.local_authorities(include_ended=True)
    names = {a.area_code: a.area_name for a in every} | {code: geography.name(code) for code in councils}
    successor = {code: geography.resolve(code).code for code in names}
    written = {}
    wanted = set(councils)
    for council, codes in councils_of(msoas, names, successor).items():
        if council not in wanted:
            continue
        collection = council_map(council, codes, msoas, index)
        if collection is None:
            continue
        atomic.write_text(
            docs / "data" / "msoa" / f"{council}.json",
            json.dumps(collection, separators=(",", ":"), ensure_ascii=False),
        )
        written[council] = {
            "layers": collection["layers"],
            "features": [{"properties": f["properties"]} for f in collection["features"]],
            "council": council,
        }
    return written
