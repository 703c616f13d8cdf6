"""Figures through boundary changes: nothing for an abolished council after it ended, whole mergers
carried to the successor, new councils summed from their predecessors, and the committed change table."""

from __future__ import annotations

import pandas as pd
import pytest

from migration_profiles.pipeline import ADDITIVE_UNITS
from migration_profiles.sources import all_sources
from migration_profiles.sources.base import AREA_COLUMNS, CODE_CHANGE_COLUMNS
from migration_profiles.sources.geography import COMMITTED_CHANGES, committed_changes, parse_changes
from migration_profiles.stages import predecessors
from migration_profiles.stages.geography import Geography

from .test_census_successors import _area

NORTH_YORKSHIRE, HARROGATE, HAMBLETON, SCARBOROUGH = "E06000065", "E07000165", "E07000164", "E07000168"
NY_COUNTY, YORK = "E10000023", "E06000014"
CUMBRIA, CUMBERLAND, WESTMORLAND = "E10000006", "E06000063", "E06000064"
ADDITIVE = {(s.id, m.id) for s in all_sources() for m in s.measures if m.unit in ADDITIVE_UNITS}


@pytest.fixture(scope="module")
def geography() -> Geography:
    areas = pd.DataFrame([
        _area(NORTH_YORKSHIRE, "North Yorkshire"), _area(YORK, "York"),
        _area(CUMBERLAND, "Cumberland"), _area(WESTMORLAND, "Westmorland and Furness"),
        _area(HARROGATE, "Harrogate", end="2023-04-01"), _area(HAMBLETON, "Hambleton", end="2023-04-01"),
        _area(SCARBOROUGH, "Scarborough", end="2023-04-01"),
        _area(NY_COUNTY, "North Yorkshire", "county", end="2023-04-01"),
        _area(CUMBRIA, "Cumbria", "county", end="2023-04-01"),
    ], columns=AREA_COLUMNS)
    changes = pd.DataFrame([
        (HARROGATE, "Harrogate", NORTH_YORKSHIRE, "North Yorkshire", "merger", 2023),
        (HAMBLETON, "Hambleton", NORTH_YORKSHIRE, "North Yorkshire", "merger", 2023),
        (SCARBOROUGH, "Scarborough", NORTH_YORKSHIRE, "North Yorkshire", "merger", 2023),
        (NY_COUNTY, "North Yorkshire", "", "", "termination", 2023),
        (CUMBRIA, "Cumbria", CUMBERLAND, "Cumberland", "merger", 2023),
        (CUMBRIA, "Cumbria", WESTMORLAND, "Westmorland and Furness", "merger", 2023),
    ], columns=CODE_CHANGE_COLUMNS)
    return Geography.from_tables(areas, changes)


def _obs(rows: list[tuple], source: str = "resettlement") -> pd.DataFrame:
    """(area_code, period_end, measure, value[, status]) -> tidy rows of one file of `source`."""
    records = []
    for code, end, measure, value, *status in rows:
        records.append({"area_code": code, "area_name": code, "period_label": f"Quarter to {end}",
                        "period_start": end[:8] + "01", "period_end": end, "measure": measure,
                        "value": value, "ci_lower": float("nan"), "ci_upper": float("nan"),
                        "status": status[0] if status else "ok", "source_id": source, "release": "r",
                        "file_name": "f", "snapshot_sha256": "s"})
    return pd.DataFrame(records)


def _value(out: pd.DataFrame, code: str, end: str, measure: str):
    [row] = out[(out.area_code == code) & (out.period_end == end) & (out.measure == measure)].itertuples()
    return row.value, row.status


def test_rows_filed_under_abolished_districts_after_they_ended_count_for_the_successor(geography):
    # Resettled refugees, July to September 2023: the file still uses Hambleton's and Scarborough's codes,
    # and gives North Yorkshire's own code a 0.
    obs = _obs([(HAMBLETON, "2023-09-30", "resettled_total", 7.0),
                (SCARBOROUGH, "2023-09-30", "resettled_total", 11.0),
                (NORTH_YORKSHIRE, "2023-09-30", "resettled_total", 0.0),
                (HARROGATE, "2023-03-31", "resettled_total", 4.0)])  # before the merger: Harrogate's own
    out, log = geography.harmonise(obs, additive={("resettlement", "resettled_total")})
    assert _value(out, NORTH_YORKSHIRE, "2023-09-30", "resettled_total") == (18.0, "ok")
    assert set(out.area_code) == {NORTH_YORKSHIRE, HARROGATE}
    assert _value(out, HARROGATE, "2023-03-31", "resettled_total") == (4.0, "ok")
    moved = {e["area_code"]: e for e in log if e["action"] == "moved to successor"}
    assert set(moved) == {HAMBLETON, SCARBOROUGH}
    assert "ended on 2023-04-01" in moved[HAMBLETON]["note"] and "North Yorkshire" in moved[HAMBLETON]["note"]
    received = [e for e in log if e["action"] == "received"]
    assert {e["area_code"] for e in received} == {NORTH_YORKSHIRE} and len(received) == 2
    assert "Scarborough (E07000168)" in " ".join(e["note"] for e in received)


def test_an_abolished_council_never_shows_a_zero_after_it_ended(geography):
    obs = _obs([(HARROGATE, "2024-09-30", "asylum_accommodated", 0.0),
                (NORTH_YORKSHIRE, "2024-09-30", "asylum_accommodated", 364.0)], source="asylum_support")
    out, _ = geography.harmonise(obs, additive={("asylum_support", "asylum_accommodated")})
    assert out[out.area_code == HARROGATE].empty
    assert _value(out, NORTH_YORKSHIRE, "2024-09-30", "asylum_accommodated") == (364.0, "ok")


def test_a_missing_part_leaves_the_successors_figure_missing(geography):
    obs = _obs([(HARROGATE, "2024-09-30", "asylum_s95_total", float("nan"), "not_available"),
                (NORTH_YORKSHIRE, "2024-09-30", "asylum_s95_total", 300.0)], source="asylum_support")
    out, _ = geography.harmonise(obs, additive={("asylum_support", "asylum_s95_total")})
    value, status = _value(out, NORTH_YORKSHIRE, "2024-09-30", "asylum_s95_total")
    assert pd.isna(value) and status == "not_available"  # never 300, an undercount


def test_rates_and_split_areas_after_abolition_leave_the_table_with_a_log_entry(geography):
    obs = _obs([(HARROGATE, "2024-09-30", "asylum_rate", 1.5),  # not a count: cannot be added
                (CUMBRIA, "2024-03-31", "cla_uasc", 20.0),  # a county split between two councils
                (NY_COUNTY, "2024-03-31", "cla_uasc", 30.0)])  # replaced by a council of another level
    out, log = geography.harmonise(obs, additive={("resettlement", "cla_uasc")})
    assert out.empty
    removed = {e["area_code"] for e in log if e["action"] == "removed after abolition"}
    assert removed == {HARROGATE, CUMBRIA, NY_COUNTY}


def test_an_unknown_code_is_flagged_and_kept(geography):
    out, log = geography.harmonise(_obs([("E07999999", "2024-09-30", "resettled_total", 3.0)]),
                                   additive=ADDITIVE)
    assert list(out.area_code) == ["E07999999"]
    assert [e["action"] for e in log] == ["unknown"]


def test_a_new_council_gets_its_predecessors_sum_for_periods_before_it_existed(geography):
    obs = _obs([(HARROGATE, "2020-06-30", "population", 160000.0),
                (HAMBLETON, "2020-06-30", "population", 91000.0),
                (SCARBOROUGH, "2020-06-30", "population", 108000.0),
                (HARROGATE, "2019-06-30", "population", 159000.0),  # the others lack 2019: no sum
                (NORTH_YORKSHIRE, "2023-06-30", "population", 620000.0)], source="mye")
    out, summed = predecessors.add_successor_sums(obs, geography, all_sources(), ADDITIVE)
    assert _value(out, NORTH_YORKSHIRE, "2020-06-30", "population") == (359000.0, "ok")
    value, status = _value(out, NORTH_YORKSHIRE, "2019-06-30", "population")
    assert pd.isna(value) and status == "not_available"
    assert _value(out, NORTH_YORKSHIRE, "2023-06-30", "population") == (620000.0, "ok")  # its own
    assert summed == {NORTH_YORKSHIRE: {"mye": (HAMBLETON, HARROGATE, SCARBOROUGH)}}
    [entry] = predecessors.quality_entries(summed, geography, {s.id: s for s in all_sources()})
    assert entry["action"] == "summed" and "Harrogate" in entry["note"] and "created in 2023" in entry["note"]


def test_ended_areas_are_not_current(geography):
    assert geography.has_ended(HARROGATE) and geography.has_ended(NY_COUNTY)
    assert not geography.has_ended(NORTH_YORKSHIRE) and not geography.has_ended(YORK)
    assert geography.abolished_on(HARROGATE) == "2023-04-01"
    assert geography.successor_on(HARROGATE, "2023-03-31") == HARROGATE
    assert geography.successor_on(HARROGATE, "2023-04-01") == NORTH_YORKSHIRE
    assert geography.successor_on(CUMBRIA, "2024-01-01") == ""


def test_an_end_date_of_31_march_means_the_area_ended_on_1_april():
    areas = pd.DataFrame([_area(HARROGATE, "Harrogate", end="2023-03-31"), _area(NORTH_YORKSHIRE, "NY")],
                         columns=AREA_COLUMNS)
    changes = pd.DataFrame([(HARROGATE, "Harrogate", NORTH_YORKSHIRE, "NY", "merger", 2023)],
                           columns=CODE_CHANGE_COLUMNS)
    geography = Geography.from_tables(areas, changes)
    assert geography.abolished_on(HARROGATE) == "2023-04-01"
    assert geography.successor_on(HARROGATE, "2023-03-31") == HARROGATE


def test_the_committed_change_table_recodes_barnsley_and_sheffield():
    changes = committed_changes()
    recodes = dict(zip(changes.old_code, changes.new_code, strict=True))
    assert recodes["E08000016"] == "E08000038" and recodes["E08000019"] == "E08000039"
    assert COMMITTED_CHANGES.name == "code_changes.csv"


def test_a_reorganisation_added_to_a_change_table_applies_without_code_changes(tmp_path):
    # A future reorganisation (codes invented for the test): districts merged into a new council in 2027.
    table = tmp_path / "code_changes.csv"
    table.write_text("oldcd,oldnm,newcd,newnm,type,start\n"
                     "E07000207,Elmbridge,E06000901,West Surrey,merger,2027\n"
                     "E07000213,Spelthorne,E06000901,West Surrey,merger,2027\n", encoding="utf-8")
    areas = pd.DataFrame([_area("E07000207", "Elmbridge"), _area("E07000213", "Spelthorne")],
                         columns=AREA_COLUMNS)
    obs = _obs([("E07000207", "2026-12-31", "resettled_total", 2.0),
                ("E07000207", "2027-06-30", "resettled_total", 3.0),
                ("E07000213", "2027-06-30", "resettled_total", 4.0)])
    additive = {("resettlement", "resettled_total")}
    # Announced, not yet happened: the districts are current councils and keep their figures.
    before = Geography.from_tables(areas, parse_changes(table), today="2026-12-07")
    assert not before.has_ended("E07000207")
    assert {a.area_code for a in before.local_authorities()} >= {"E07000207", "E07000213"}
    out, log = before.harmonise(obs, additive=additive)
    assert list(out.area_code) == ["E07000207"] * 2 + ["E07000213"] and log == []
    # Once the day has come, rows filed under the old codes for later dates count for the new council.
    after = Geography.from_tables(areas, parse_changes(table), today="2027-04-01")
    assert after.has_ended("E07000207") and after.abolished_on("E07000207") == "2027-04-01"
    out, _ = after.harmonise(obs, additive=additive)
    assert _value(out, "E07000207", "2026-12-31", "resettled_total") == (2.0, "ok")
    assert _value(out, "E06000901", "2027-06-30", "resettled_total") == (7.0, "ok")
