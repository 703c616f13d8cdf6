"""The boundaries source: a TopoJSON with the layers the maps draw is accepted; anything else is refused
at import with the file and what was expected (sources/boundaries.py)."""

from __future__ import annotations

import json

import pytest

from migration_profiles.acquire import snapshots
from migration_profiles.sources import boundaries
from migration_profiles.util.errors import LayoutError

from .workspace import FIXTURES, make_project


def test_fixture_has_the_layers_and_codes_the_maps_need():
    topology = boundaries.read(FIXTURES / "boundaries" / "demo-tiles.topo.json")
    codes = {g["properties"]["areacd"] for g in topology["objects"]["ltla"]["geometries"]}
    assert "E06000014" in codes  # York, in the fixture geography
    assert boundaries.parse(FIXTURES / "boundaries" / "demo-tiles.topo.json").empty  # no figures


@pytest.mark.parametrize(
    "content, expected",
    [
        ("not json", "TopoJSON (JSON text)"),
        (json.dumps({"type": "FeatureCollection", "features": []}), '"type": "Topology"'),
        (
            json.dumps({"type": "Topology", "arcs": [], "objects": {"rgn": {"geometries": []}}}),
            "a layer 'ltla'",
        ),
        (
            json.dumps(
                {
                    "type": "Topology",
                    "arcs": [],
                    "objects": {
                        "ltla": {
                            "geometries": [
                                {"type": "Polygon", "arcs": [[0]], "properties": {"areanm": "York"}}
                            ]
                        },
                        "rgn": {"geometries": []},
                    },
                }
            ),
            "an 'areacd' property",
        ),
    ],
)
def test_a_wrong_file_is_refused_naming_the_file_and_what_was_expected(tmp_path, content, expected):
    path = tmp_path / "uk.topo.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LayoutError) as caught:
        boundaries.parse(path)
    assert "boundaries" in str(caught.value) and "uk.topo.json" in str(caught.value)
    assert expected in str(caught.value)


def test_refresh_from_a_folder_imports_the_boundaries_as_a_snapshot(tmp_path):
    ws = make_project(tmp_path / "project")
    incoming = tmp_path / "downloads"
    incoming.mkdir()
    (incoming / "uk-topo.topo.json").write_bytes(
        (FIXTURES / "boundaries" / "demo-tiles.topo.json").read_bytes()
    )
    report = snapshots.import_from_dir(ws.snapshots, incoming)
    assert report.imported == ["boundaries"] or set(report.imported) == {"boundaries"}
    assert list(ws.snapshots.glob("boundaries/*/uk-topo.topo.json"))
