"""Boundaries for the maps: ONS super-generalised local authority boundaries as TopoJSON.

ONS publishes boundaries on the Open Geography Portal as shapefiles and GeoJSON. ONSvisual's
uk-topojson repository (github.com/ONSvisual/uk-topojson) converts them into one TopoJSON file with a
layer per level (uk, ctry, rgn, cty, utla, ltla, ...), in longitude and latitude, whose features
carry `areacd`, `areanm` and, for areas created or abolished since 2014, `start` and `end` years.
That is the file read here; the layout was confirmed against a copy of it (uk-topo 2014-2025).

The real file cannot be committed, so it reaches a build only as a snapshot, like any source:
`refresh boundaries` downloads it, `refresh --from DIR` imports it. The demonstration snapshot in
data/sample holds an invented, illustrative TopoJSON in the same layout (one square per council,
grouped into regions): it is not a map of the UK and every demo page says so.

Small areas: the MSOA boundaries (December 2021, super-generalised, clipped), as the zipped shapefile
ONS publishes, in British National Grid metres. They are drawn in those metres (an identity
projection), so no conversion to longitude and latitude is needed.

The parser emits no figures; it checks the layout, so a wrong file is refused at import with a clear
message and the maps are drawn only from a file known to have the layers they need.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pandas as pd
import shapefile

from migration_profiles.sources.base import (
    OGL,
    OGL_URL,
    Caveat,
    Download,
    FileSpec,
    KnownRelease,
    Source,
    tidy_frame,
)
from migration_profiles.util.errors import LayoutError

SOURCE_ID = "boundaries"
LAYERS = ("ltla", "rgn")  # the layers the maps draw
MSOA_FIELDS = ("MSOA21CD", "MSOA21NM")
FILE_URL = "https://raw.githubusercontent.com/ONSvisual/uk-topojson/main/output/topo.json"


def read(path: Path) -> dict:
    """The TopoJSON, checked: a Topology whose ltla and rgn layers name every feature's code."""
    path = Path(path)
    try:
        topology = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LayoutError(SOURCE_ID, path.name, expected="TopoJSON (JSON text)", found=str(exc)) from None
    if not isinstance(topology, dict) or topology.get("type") != "Topology" or "arcs" not in topology:
        raise LayoutError(
            SOURCE_ID,
            path.name,
            expected='a TopoJSON object with "type": "Topology" and "arcs"',
            found=f"a JSON {type(topology).__name__} without them",
        )
    objects = topology.get("objects") or {}
    for layer in LAYERS:
        if layer not in objects:
            raise LayoutError(
                SOURCE_ID,
                path.name,
                expected=f"a layer '{layer}' in objects",
                found="layers " + ", ".join(sorted(objects)) if objects else "no layers",
            )
        for number, geometry in enumerate(objects[layer].get("geometries") or [], start=1):
            if not (geometry.get("properties") or {}).get("areacd"):
                raise LayoutError(
                    SOURCE_ID,
                    path.name,
                    expected="an 'areacd' property on every feature",
                    found=f"feature {number} of layer '{layer}' without one",
                    column="areacd",
                )
    return topology


def parse(path: Path) -> pd.DataFrame:
    read(path)
    return tidy_frame([])


def msoa_reader(path: Path) -> shapefile.Reader:
    """The MSOA shapefile inside an ONS zip, checked: British National Grid, a field MSOA21CD and MSOA21NM.

    ONS publishes the boundaries as a zip of the shapefile's parts (.shp, .shx, .dbf, .prj)."""
    path = Path(path)
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise LayoutError(SOURCE_ID, path.name, expected="a zip archive of a shapefile",
                          found=str(exc)) from None
    parts = {Path(n).suffix.lower(): n for n in archive.namelist() if not n.endswith("/")}
    missing = [s for s in (".shp", ".shx", ".dbf", ".prj") if s not in parts]
    if missing:
        raise LayoutError(SOURCE_ID, path.name, expected="a shapefile's .shp, .shx, .dbf and .prj",
                          found="no " + ", ".join(missing) + " in the zip")
    projection = archive.read(parts[".prj"]).decode("latin-1")
    if "british_national_grid" not in projection.lower() and "osgb" not in projection.lower():
        raise LayoutError(SOURCE_ID, path.name, expected="British National Grid (EPSG:27700) in the .prj",
                          found=projection[:80], column=parts[".prj"])
    reader = shapefile.Reader(shp=io.BytesIO(archive.read(parts[".shp"])),
                              shx=io.BytesIO(archive.read(parts[".shx"])),
                              dbf=io.BytesIO(archive.read(parts[".dbf"])))
    fields = [f[0].upper() for f in reader.fields[1:]]
    for wanted in MSOA_FIELDS:
        if wanted not in fields:
            raise LayoutError(SOURCE_ID, path.name, expected=f"a field {wanted} in the .dbf",
                              found="fields " + ", ".join(fields), column=wanted)
    return reader


def parse_msoa(path: Path) -> pd.DataFrame:
    msoa_reader(path)
    return tidy_frame([])


SOURCE = Source(
    id=SOURCE_ID,
    title="Local authority boundaries (super-generalised)",
    publisher="Office for National Statistics (Open Geography Portal), as TopoJSON by ONSvisual",
    landing_page="https://geoportal.statistics.gov.uk/",
    downloads=(Download(url=FILE_URL, file_name="uk-topo.topo.json"),),
    licence=f"{OGL}; contains OS data © Crown copyright and database right",
    licence_url=OGL_URL,
    cadence="yearly: each December's boundaries reach the Open Geography Portal in the following spring",
    next_release="2027-06-30",
    geography_levels=("local_authority", "region", "country"),
    measures=(),
    measures_summary="The outlines of local authorities and regions, for drawing maps. No figures.",
    kind="reference",
    coverage="The United Kingdom, lower-tier local authorities and English regions, with each area's first "
    "and last year where it was created or abolished since 2014.",
    not_covered="Small areas (those come with the census tables); coastline detail, which generalisation "
    "removes.",
    lag="Published a few months after the boundaries take effect.",
    rounding="Super-generalised (about 200 m): fit for a page-sized map, not for measuring.",
    caveats=(
        Caveat(
            "generalised",
            "The outlines are simplified so that a map of the whole country loads quickly. "
            "Small councils such as the City of London and the Isles of Scilly are hard to see; "
            "the table under every map lists them.",
        ),
        Caveat(
            "boundary_year",
            "Each map draws the councils of one year, the one that matches the area codes "
            "the figures use. A council created or abolished after that year is not on it.",
        ),
    ),
    files=(
        FileSpec(patterns=("*.topo.json", "*.topojson"), parse=parse, expect="csv"),
        # ONS's MSOA (December 2021) super-generalised clipped boundaries, England and Wales, as the
        # shapefile zip the Open Geography Portal offers, for the settlement maps (msoa_maps.py).
        FileSpec(patterns=("*msoa*.zip",), parse=parse_msoa, expect="zip"),
    ),
    # The TopoJSON states no date, and ONSvisual updates it in place under one name (three times in
    # 2025 alone), so a version is known by its bytes. This one is output/topo.json as last changed by
    # ONSvisual's commit b2fde50 of 11 June 2025 ("changed tewkesbury to north gloucestershire (2025)",
    # by an ONS author): its git blob cc9d058 is the file's, checked against a copy of the repository.
    known_releases=(
        KnownRelease("uk-2014-2025", "2025-06-11",
                     sha256=("dc7062d094f5321bc2101a1287d15b4822edadb6432181d2063953ddcd573c8c",),
                     confirmed="ONSvisual/uk-topojson, output/topo.json as of commit b2fde50, "
                               "11 June 2025"),
    ),
)
