"""Map classes and boundaries (maps.py): intervals decide above/below, quintiles otherwise; the boundary
year follows the codes the figures use."""

from __future__ import annotations

import pandas as pd

from migration_profiles.render import maps
from migration_profiles.render.profiles import FIGURE_FIELDS, FigureIndex
from migration_profiles.stages.indicators import INDICATORS

BY_ID = {ind.id: ind for ind in INDICATORS}


def _index(rows: list[dict]) -> FigureIndex:
    base = {
        "period_label": "2020",
        "period_start": "2020-01-01",
        "period_end": "2020-12-31",
        "ci_lower": None,
        "ci_upper": None,
        "status": "ok",
        "source_id": "lami",
        "release": "r",
        "snapshot_sha256": "x",
    }
    frame = pd.DataFrame([{**base, **row} for row in rows], columns=["area_code", *FIGURE_FIELDS])
    return FigureIndex(frame)


def test_interval_classes_call_an_area_above_or_below_only_when_its_whole_interval_is():
    share = "non_uk_born_share"
    index = _index(
        [
            {
                "area_code": "E92000001",
                "indicator_id": share,
                "value": 15.0,
                "ci_lower": 14.8,
                "ci_upper": 15.2,
            },
            {
                "area_code": "E06000001",
                "indicator_id": share,
                "value": 20.0,
                "ci_lower": 16.0,
                "ci_upper": 24.0,
            },
            # higher than England's figure, but its interval reaches below it: not significantly different
            {
                "area_code": "E06000002",
                "indicator_id": share,
                "value": 18.0,
                "ci_lower": 13.0,
                "ci_upper": 23.0,
            },
            {
                "area_code": "E06000003",
                "indicator_id": share,
                "value": 9.0,
                "ci_lower": 7.0,
                "ci_upper": 11.0,
            },
            {"area_code": "E06000004", "indicator_id": share, "value": None, "status": "confidential"},
        ]
    )
    names = {"E92000001": "England"}
    found = maps.indicator_map(
        index, BY_ID[share], ["E06000001", "E06000002", "E06000003", "E06000004"], names, {}
    )
    classes = {code: area["class"] for code, area in found["areas"].items()}
    assert classes["E06000001"].startswith("Above England")
    assert classes["E06000002"] == "Not significantly different from England"
    assert classes["E06000003"].startswith("Below England")
    assert classes["E06000004"] == maps.NO_FIGURE  # withheld: no class, and its reason as its text
    assert found["areas"]["E06000004"]["text"] == "withheld by the publisher to protect confidentiality"
    assert found["classes"][-1] == maps.NO_FIGURE and len(found["classes"]) == 4


def test_figures_without_intervals_fall_into_five_quintile_classes_in_order():
    rate = "gp_rate"
    codes = [f"E0600{n:04d}" for n in range(1, 11)]
    index = _index(
        [{"area_code": code, "indicator_id": rate, "value": float(n)} for n, code in enumerate(codes)]
    )
    found = maps.indicator_map(index, BY_ID[rate], codes, {}, {})
    assert len(found["classes"]) == maps.QUINTILES + 1
    order = [found["classes"].index(found["areas"][code]["class"]) for code in codes]
    assert order == sorted(order) and order[0] == 0 and order[-1] == maps.QUINTILES - 1


def _feature(code: str, **years) -> dict:
    return {"type": "Polygon", "arcs": [[0]], "properties": {"areacd": code, "areanm": code, **years}}


def test_boundary_year_is_the_one_whose_councils_match_the_figures_and_cut_keeps_only_them():
    topology = {
        "type": "Topology",
        "arcs": [[[0, 0], [1, 0], [1, 1], [0, 0]]],
        "objects": {
            "ltla": {
                "type": "GeometryCollection",
                "geometries": [
                    _feature("E07000004", end=2019),
                    _feature("E06000060", start=2020),
                    _feature("E06000014"),
                    _feature("E06000099"),
                ],
            },
            "rgn": {"type": "GeometryCollection", "geometries": [_feature("E12000003")]},
        },
    }
    codes = {"E06000060", "E06000014"}  # figures on 2020-or-later codes
    year = maps.geography_year(topology, codes)
    assert year >= 2020
    kept = [
        g["properties"]["areacd"] for g in maps.cut(topology, codes, year)["objects"]["ltla"]["geometries"]
    ]
    assert kept == ["E06000060", "E06000014"]  # not the abolished council, not the one without figures
    assert maps.geography_year(topology, {"E07000004", "E06000014"}) <= 2019


def test_map_tables_escape_names_from_files_and_mark_the_area():
    from migration_profiles.render import explore
    map_ = {"title": "Share <b>", "period": "2020", "areas": {
        "E06000001": {"name": "<script>alert(1)</script>", "text": "5.0%", "interval": "", "class": "x & y"},
        "E06000002": {"name": "York", "text": "6.0%", "interval": "5.0% to 7.0%", "class": "y"}}}
    table = explore.map_table_html(map_, ["E06000001", "E06000002"], highlight="E06000002")
    assert "<script>" not in table and "&lt;script&gt;" in table and "x &amp; y" in table
    assert '<tr class="mp-highlight"><th scope="row">York (this area)</th>' in table
    assert 'tabindex="0" role="region"' in table  # a wide table scrolls in a region the keyboard reaches


def test_a_regions_boundaries_keep_its_councils_and_only_their_arcs_renumbered():
    # Arc 0 is shared by A and B (B runs it reversed, ~0); arc 1 is C's alone; arc 2 is B's other side.
    arcs = [[[0, 0], [1, 0]], [[5, 5], [6, 5], [5, 5]], [[1, 0], [0, 1], [0, 0]]]
    topology = {"type": "Topology", "arcs": arcs, "objects": {
        "ltla": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0, 2]], "properties": {"areacd": "A"}},
            {"type": "MultiPolygon", "arcs": [[[~0, 2]]], "properties": {"areacd": "B"}},
            {"type": "Polygon", "arcs": [[1]], "properties": {"areacd": "C"}}]},
        "rgn": {"type": "GeometryCollection", "geometries": []}}}
    part = maps.region_cut(topology, {"B", "C"})
    geometries = part["objects"]["ltla"]["geometries"]
    assert [g["properties"]["areacd"] for g in geometries] == ["B", "C"]
    assert set(part["objects"]) == {"ltla"}  # a region's map draws councils only
    assert part["arcs"] == arcs  # all three used: 0 (reversed, by B), 1 (C), 2 (B)
    only_c = maps.region_cut(topology, {"C"})
    assert only_c["arcs"] == [arcs[1]]
    assert only_c["objects"]["ltla"]["geometries"][0]["arcs"] == [[0]]  # arc 1, now the first
    only_b = maps.region_cut(topology, {"B"})
    assert only_b["arcs"] == [arcs[0], arcs[2]]
    assert only_b["objects"]["ltla"]["geometries"][0]["arcs"] == [[[~0, 1]]]  # still reversed
