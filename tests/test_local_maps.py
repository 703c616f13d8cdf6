"""Maps of local partner data by MSOA: built only from what disclosure control let through, withheld
areas never shaded as a count, a table beside every map, and no map made up for wards."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from migration_profiles.local import kinds, tables
from migration_profiles.local.validate import KEYS, SUBAREA
from migration_profiles.render import local_maps
from migration_profiles.stages.disclosure import MARKER, DisclosureRules, protect

YORK = "E06000014"
MSOAS = {f"E0209{n:04d}": f"York {n:03d}" for n in range(1, 7)}


def _cells(counts: dict[str, int], level: str = "msoa", council: int = 500) -> pd.DataFrame:
    blank = {k: "" for k in [*KEYS, kinds.LEVEL, kinds.AREA_NAME]}
    rows = [blank | {kinds.PERIOD: "2026", kinds.AREA: YORK, kinds.LEVEL: "local_authority",
                     "count": council}]
    rows += [blank | {kinds.PERIOD: "2026", kinds.AREA: YORK, SUBAREA: code, kinds.LEVEL: level, "count": n}
             for code, n in counts.items()]
    return pd.DataFrame(rows)


def _blocks(cells: pd.DataFrame, names: dict[str, str]) -> list[dict]:
    published = protect(cells, KEYS, DisclosureRules(threshold=10)).drop(columns=["count"])
    dataset = {"dataset": "school_census_eal-demo", "title": "Pupils with EAL", "provider": "P",
               "received": "2026-02-02", "classification": "public", "caveat": "c", "footnotes": [],
               "cells": published}
    return tables.area_blocks([dataset], names)[YORK]


@pytest.fixture
def boundaries():
    """The illustrative MSOA shapefile of the test fixtures: York's twelve squares, E02090001 onwards."""
    return Path(__file__).parent / "fixtures" / "boundaries" / "msoa21_bsc_demo.zip"


def test_count_groups_are_never_empty_or_overlapping():
    labels, label_of = local_maps.count_groups([5, 5, 5, 9])
    assert labels == ["5", "9"] and label_of(5) == "5" and label_of(9) == "9"
    labels, label_of = local_maps.count_groups(list(range(20, 120, 10)))
    assert len(labels) == 5 and len({label_of(v) for v in range(20, 120, 10)}) == 5
    assert labels[0] == "20 to 30" and labels[-1] == "100 to 110"


def test_a_withheld_msoa_is_marked_not_shaded_and_uncovered_ones_say_so(tmp_path, boundaries):
    counts = {"E02090001": 40, "E02090002": 4, "E02090003": 75, "E02090004": 60}  # 5 and 6 not sent
    blocks = _blocks(_cells(counts), MSOAS)
    docs = tmp_path / "docs"
    written = local_maps.write(docs, boundaries, tmp_path / "cache", {YORK: blocks}, {}, {YORK: "York"})
    assert written == 1
    block = blocks[0]
    found = json.loads((docs / local_maps.FOLDER / f"school_census_eal-demo-{YORK}.json").read_text())
    by_code = {f["properties"]["code"]: f["properties"] for f in found["features"]}
    assert by_code["E02090002"]["count_text"] == MARKER
    assert by_code["E02090002"]["count_class"] == local_maps.WITHHELD and by_code["E02090002"]["withheld"]
    assert by_code["E02090001"]["count_text"] == "40" and by_code["E02090001"]["count_class"] == "40"
    # Without the council's list of MSOAs (from the census small areas), the MSOAs sent are drawn.
    assert set(by_code) == {"E02090001", "E02090002", "E02090003", "E02090004"}
    layer = found["layers"][0]
    assert layer["classes"][-2:] == [local_maps.WITHHELD, local_maps.NOT_COVERED] and layer["withheld"]
    assert by_code["E02090003"]["count_text"] == "75"  # partial coverage: no second MSOA withheld
    # The page block: a figure naming its data file, a legend-worded caption and a table of every area.
    assert f'data-file="{local_maps.FOLDER}/school_census_eal-demo-{YORK}.json"' in block["map"]
    assert "[c] marks" in block["map"] and "<table style=" in block["map"] and block["map"].count("<tr>") == 5


def test_msoas_the_return_leaves_out_are_drawn_as_not_in_this_return(tmp_path, boundaries):
    blocks = _blocks(_cells({"E02090001": 40, "E02090003": 75}), MSOAS)
    census = {YORK: {"features": [{"properties": {"code": c}} for c in MSOAS]}}
    local_maps.write(tmp_path / "docs", boundaries, tmp_path / "cache", {YORK: blocks}, census, {})
    found = json.loads(next((tmp_path / "docs" / local_maps.FOLDER).glob("*.json")).read_text())
    classes = [f["properties"]["count_class"] for f in found["features"]]
    assert len(classes) == 6 and classes.count(local_maps.NOT_COVERED) == 4  # 6 known, 2 sent
    assert not found["layers"][0]["withheld"]


def test_wards_get_the_table_and_an_honest_sentence_instead_of_a_map(tmp_path, boundaries):
    blocks = _blocks(_cells({"E05000001": 40, "E05000002": 30}, level="ward"), {})
    local_maps.write(tmp_path / "docs", boundaries, tmp_path / "cache", {YORK: blocks}, {}, {})
    assert blocks[0]["map"] == "" and blocks[0]["map_note"] == tables.NO_WARD_MAP
    assert "no ward boundaries" in tables.NO_WARD_MAP
    assert not (tmp_path / "docs" / local_maps.FOLDER).exists()


def test_without_msoa_boundaries_the_page_says_why_there_is_no_map(tmp_path):
    blocks = _blocks(_cells({"E02090001": 40}), MSOAS)
    assert local_maps.write(tmp_path / "docs", None, tmp_path / "cache", {YORK: blocks}, {}, {}) == 0
    assert blocks[0]["map"] == "" and blocks[0]["map_note"] == local_maps.NO_SHAPES


def test_names_from_the_council_file_are_escaped_in_the_table(tmp_path, boundaries):
    blocks = _blocks(_cells({"E02090001": 40}), {"E02090001": "<b>York</b> & 001"})
    local_maps.write(tmp_path / "docs", boundaries, tmp_path / "cache", {YORK: blocks}, {}, {})
    assert "&lt;b&gt;York&lt;/b&gt; &amp; 001" in blocks[0]["map"] and "<b>York" not in blocks[0]["map"]
