"""The demonstration snapshot in data/sample: every source beyond the migration core has one, its files
pass the checks a real file passes, parse, and give York (or the larger area it is shown through) figures,
so that the demonstration site shows every section."""

from __future__ import annotations

from pathlib import Path

import pytest

from migration_profiles.acquire.snapshots import latest_snapshot, validate_file, verify
from migration_profiles.sources import get_source
from migration_profiles.util import status as st

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "snapshots"
YORK, YORK_PFA = "E06000014", "E23000009"

# source -> the area whose figures York's page shows
CONTEXT = {
    "dwp_nino": YORK,
    "births_parents_cob": YORK,
    "aps_economic": YORK,
    "core_lettings": YORK,
    "rough_sleeping": YORK,
    "cla_uasc": YORK,
    "police_crime": YORK_PFA,
    "hate_crime": YORK_PFA,
    "nrm": YORK_PFA,
    "imd": YORK,
}


@pytest.mark.parametrize("source_id, area", sorted(CONTEXT.items()))
def test_demo_snapshot_parses_and_covers_york(source_id, area):
    source = get_source(source_id)
    snapshot = latest_snapshot(SAMPLE, source_id)
    assert snapshot is not None, f"no demonstration snapshot for {source_id}"
    verify(snapshot)
    for entry in snapshot.files:
        path = snapshot.path / entry.name
        spec = validate_file(source, path)
        frame = spec.parse(path)
        mine = frame[frame["area_code"] == area]
        assert not mine.empty, f"{source_id}: no rows for {area}"
        assert mine["status"].isin(st.HAS_VALUE).any(), f"{source_id}: no figure for {area}"
        assert set(frame["measure"]) <= {m.id for m in source.measures}


@pytest.mark.parametrize("source_id", ["asylum_support", "resettlement"])
def test_home_office_demo_reaches_june_2026_in_the_current_workbook_layout(source_id):
    source = get_source(source_id)
    snapshot = latest_snapshot(SAMPLE, source_id)
    assert snapshot is not None and snapshot.release == "demo-jun-2026"
    verify(snapshot)
    [entry] = snapshot.files
    path = snapshot.path / entry.name
    assert entry.name.endswith("-jun-2026.xlsx")
    frame = validate_file(source, path).parse(path)
    assert frame["period_end"].max() == "2026-06-30"
    assert source.files[0].release_of(path).date == "2026-08-27"  # from the cover sheet
    york = frame[frame["area_code"] == YORK]
    assert york["status"].isin(st.HAS_VALUE).any()
    # From June 2023 the Home Office files the councils created that April under their own codes.
    north_yorkshire = frame[frame["area_code"] == "E06000065"]
    assert not north_yorkshire.empty and north_yorkshire["period_end"].min() >= "2023-06-30"


def test_demo_mid_year_estimates_are_the_current_workbooks_to_mid_2025():
    source = get_source("mye")
    snapshot = latest_snapshot(SAMPLE, "mye")
    verify(snapshot)
    frames = []
    for entry in snapshot.files:
        assert validate_file(source, snapshot.path / entry.name).expect == "xlsx"
        frames.append(source.file_spec_for(entry.name).parse(snapshot.path / entry.name).assign(
            source_id="mye", release=snapshot.release, file_name=entry.name, snapshot_sha256=entry.sha256))
    tidy = source.combine(frames)
    york = tidy[(tidy.area_code == YORK) & (tidy.measure == "international_in")]
    assert york.period_label.iloc[-1] == "Mid-2024 to Mid-2025" and york.value.iloc[-1] > 0
    assert york.period_label.iloc[0] == "Mid-2011 to Mid-2012"
    scotland = tidy[tidy.area_code.str.startswith("S12") & (tidy.measure == "population")]
    assert scotland.period_label.max() == "Mid-2024"  # from the UK edition, a year behind
    assert "E06000065" in set(tidy.area_code) and "E07000165" not in set(tidy.area_code)  # 2023 boundaries
