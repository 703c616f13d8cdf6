"""Write an invented, illustrative boundaries file for demonstration and test builds.

The real ONS boundaries cannot be committed. This makes a TopoJSON in the layout the boundaries
source reads (sources/boundaries.py: layers `ltla` and `rgn`, `areacd`/`areanm` properties, `start`
and `end` years where an area began or ended), from a local authority list in mySociety's layout:
every current council is one square, the councils of each region (or nation) sit together in a block,
and the blocks are set out roughly north to south. It is a tile map, not a map of the UK.

    python scripts/make_sample_boundaries.py GEOGRAPHY_CSV OUT.topo.json
"""

from __future__ import annotations

import csv
import json
import math
import sys
from pathlib import Path

TILE = 0.3  # degrees of longitude per square; latitude steps are smaller, so squares look square
# Blocks of councils, row by row from the north; each name is the list's `region` column.
LAYOUT = (
    ("Scotland",),
    ("Northern Ireland", "North East", "North West"),
    ("Yorkshire and The Humber", "Wales", "West Midlands"),
    ("East Midlands", "East of England", "London"),
    ("South West", "South East"),
)
REGION_CODES = {
    "North East": "E12000001", "North West": "E12000002", "Yorkshire and The Humber": "E12000003",
    "East Midlands": "E12000004", "West Midlands": "E12000005", "East of England": "E12000006",
    "London": "E12000007", "South East": "E12000008", "South West": "E12000009",
    "Wales": "W92000004", "Scotland": "S92000003", "Northern Ireland": "N92000002",
}
STARTED = {"E06000058": 2019, "E06000059": 2019, "E06000060": 2020, "E06000061": 2021, "E06000062": 2021}
ABOLISHED = {"E07000004": ("Aylesbury Vale", "E12000008", 2019)}  # an ended council, as the real file has


def councils(path: Path) -> dict[str, list[tuple[str, str]]]:
    by_region: dict[str, list[tuple[str, str]]] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["end-date"] or row["local-authority-type"] in ("CTY", "COMB", "SRA"):
                continue
            by_region.setdefault(row["region"], []).append((row["gss-code"], row["nice-name"]))
    return by_region


def square(x: float, y: float, lat_step: float) -> list[list[float]]:
    west, north = -8.0 + x * TILE, 60.5 - y * lat_step
    east, south = west + TILE * 0.92, north - lat_step * 0.92
    corners = ((west, north), (east, north), (east, south), (west, south), (west, north))
    return [[round(lon, 4), round(lat, 4)] for lon, lat in corners]


def topology(by_region: dict[str, list[tuple[str, str]]]) -> dict:
    arcs, ltla, rgn = [], [], []
    lat_step = TILE * 0.6
    y = 0
    for row in LAYOUT:
        x, tallest = 0, 0
        for region in row:
            members = sorted(by_region.get(region, []))
            if region == "South East":
                members += [(code, name) for code, (name, _, _) in ABOLISHED.items()]
            if not members:
                continue
            cols = math.ceil(math.sqrt(len(members)))
            rows = math.ceil(len(members) / cols)
            for n, (code, name) in enumerate(members):
                arcs.append(square(x + n % cols, y + n // cols, lat_step))
                props = {"areacd": code, "areanm": name}
                if code in STARTED:
                    props["start"] = STARTED[code]
                if code in ABOLISHED:
                    props["end"] = ABOLISHED[code][2] - 1
                ltla.append({"type": "Polygon", "arcs": [[len(arcs) - 1]], "properties": props})
            outline = square(x, y, lat_step)
            outline[1][0] = outline[2][0] = round(-8.0 + (x + cols) * TILE - TILE * 0.08, 4)
            outline[2][1] = outline[3][1] = round(60.5 - (y + rows) * lat_step + lat_step * 0.08, 4)
            arcs.append(outline)
            rgn.append({"type": "Polygon", "arcs": [[len(arcs) - 1]],
                        "properties": {"areacd": REGION_CODES.get(region, region), "areanm": region}})
            x += cols + 1
            tallest = max(tallest, rows)
        y += tallest + 1
    return {"type": "Topology", "arcs": arcs,
            "objects": {"ltla": {"type": "GeometryCollection", "geometries": ltla},
                        "rgn": {"type": "GeometryCollection", "geometries": rgn}}}


def main(argv: list[str]) -> None:
    source, out = Path(argv[1]), Path(argv[2])
    out.write_text(json.dumps(topology(councils(source)), separators=(",", ":")) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv)
