"""Geography: names, hierarchy, comparators, and what happens to figures under old area codes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from migration_profiles.sources.base import AREA_COLUMNS, CODE_CHANGE_COLUMNS, TIDY_COLUMNS
from migration_profiles.sources.geography import parse_authorities, parse_changes
from migration_profiles.stages.geography import (
    AS_PUBLISHED,
    MERGED,
    RECODED,
    UNKNOWN,
    Area,
    Geography,
    Resolution,
    level_from_code,
)

FIXTURES = Path(__file__).parent / "fixtures" / "geography"


@pytest.fixture(scope="module")
def geo() -> Geography:
    return Geography.from_tables(
        parse_authorities(FIXTURES / "uk_local_authorities_current.csv"),
        parse_changes(FIXTURES / "changes.csv"),
    )


def obs_rows(rows: list[tuple[str, str, str, str, float]]) -> pd.DataFrame:
    """(area_code, area_name, period_label, measure, value) -> a tidy table."""
    records = [
        {
            "area_code": code,
            "area_name": name,
            "period_label": label,
            "period_start": "2019-07-01",
            "period_end": "2020-06-30",
            "measure": measure,
            "value": value,
            "ci_lower": float("nan"),
            "ci_upper": float("nan"),
            "status": "ok",
        }
        for code, name, label, measure, value in rows
    ]
    return pd.DataFrame(records, columns=TIDY_COLUMNS)


# ------------------------------------------------------------------------------------------ lookups


def test_area_record(geo):
    york = geo.area("E06000014")
    assert isinstance(york, Area)
    assert york.area_name == "York" and york.level == "local_authority" and york.la_type == "UA"
    assert geo.area("E99999999") is None
    assert geo.area(" E06000014 ") == york


def test_names_and_levels(geo):
    assert geo.name("E06000014") == "York"
    assert geo.name("E12000003") == "Yorkshire and The Humber"
    assert geo.name("E99999999") == "E99999999"  # unknown: the code stands in
    assert geo.level("E06000014") == "local_authority"
    assert geo.level("E10000017") == "county"
    assert geo.level("E12000002") == "region"
    assert geo.level("W92000004") == "country"
    assert geo.level("K02000001") == "country"
    assert geo.is_local_authority("E07000117")
    assert not geo.is_local_authority("E10000017")
    assert not geo.is_local_authority("E92000001")


def test_parents(geo):
    assert geo.region_of("E06000014") == "E12000003"
    assert geo.country_of("E06000014") == "E92000001"
    assert geo.region_of("W06000015") == "W92000004"
    assert geo.country_of("S12000049") == "S92000003"
    assert geo.area("E07000117").county_code == "E10000017"
    assert geo.country_of("E12000001") == "E92000001"


def test_comparators(geo):
    assert geo.comparators("E06000014") == ["E12000003", "E92000001"]
    assert geo.comparators("E07000117") == ["E12000002", "E92000001"]
    assert geo.comparators("W06000015") == ["W92000004"]
    assert geo.comparators("N09000003") == ["N92000002"]
    assert geo.comparators("E12000003") == ["E92000001"]
    assert geo.comparators("E92000001") == []


def test_local_authorities_sorted_by_name_current_only(geo):
    names = [a.area_name for a in geo.local_authorities()]
    assert names == sorted(names, key=str.casefold)
    codes = [a.area_code for a in geo.local_authorities()]
    assert "E07000163" not in codes  # Craven ended in 2023
    assert "E06000028" not in codes  # Bournemouth ended in 2019
    assert "E08000016" not in codes and "E08000038" in codes  # Barnsley under its 2025 code
    assert "E06000065" in codes and "E09000001" in codes
    assert "E10000017" not in codes  # a county is not a local authority
    assert all(a.level == "local_authority" for a in geo.local_authorities())
    everything = [a.area_code for a in geo.local_authorities(include_ended=True)]
    assert "E07000163" in everything and "E06000028" in everything


# ---------------------------------------------------------------------------------------- resolve


def test_current_code_is_as_published(geo):
    assert geo.resolve("E06000014") == Resolution("E06000014", "E06000014", AS_PUBLISHED, "")


def test_joining_a_combined_authority_is_not_a_code_change(geo):
    # York joined the York and North Yorkshire combined authority (E47000012) in 2024
    assert geo.resolve("E06000014").action == AS_PUBLISHED
    assert geo.resolve("E06000010").action == AS_PUBLISHED


def test_recode_maps_to_the_new_code(geo):
    barnsley = geo.resolve("E08000016")
    assert barnsley.code == "E08000038"
    assert barnsley.original_code == "E08000016"
    assert barnsley.action == RECODED
    assert "E08000016" in barnsley.note and "E08000038" in barnsley.note and "2025" in barnsley.note
    # the new code is known even though the list predates it, with the old area's name and parents
    assert geo.name("E08000038") == "Barnsley"
    assert geo.region_of("E08000038") == "E12000003"
    assert geo.area("E08000038").former_codes == "E08000016"
    assert geo.resolve("E08000038").action == AS_PUBLISHED


def test_recode_known_only_from_the_change_table(geo):
    fife = geo.resolve("S12000015")
    assert (fife.code, fife.action) == ("S12000047", RECODED)
    assert geo.name("S12000015") == "Fife"


def test_boundary_change_with_new_code_and_former_codes(geo):
    glasgow = geo.resolve("S12000046")
    assert (glasgow.code, glasgow.action) == ("S12000049", RECODED)
    assert "boundary" in glasgow.note
    # S12000043 is known only from the list's former-gss-codes
    older = geo.resolve("S12000043")
    assert (older.code, older.action) == ("S12000049", RECODED)


def test_merged_code_stays_and_names_its_successor(geo):
    craven = geo.resolve("E07000163")
    assert craven.code == "E07000163" and craven.original_code == "E07000163"
    assert craven.action == MERGED
    assert "North Yorkshire" in craven.note and "E06000065" in craven.note and "2023" in craven.note
    assert "former area" in craven.note
    bournemouth = geo.resolve("E06000028")
    assert bournemouth.action == MERGED
    assert "Bournemouth, Christchurch and Poole" in bournemouth.note and "2019" in bournemouth.note


def test_terminated_county_takes_its_successor_from_the_list(geo):
    county = geo.resolve("E10000023")
    assert county.action == MERGED and county.code == "E10000023"
    assert "E06000065" in county.note and "2023" in county.note


def test_unknown_code(geo):
    unknown = geo.resolve("E07999999")
    assert unknown == Resolution("E07999999", "E07999999", UNKNOWN, unknown.note)
    assert "E07999999" in unknown.note
    assert geo.resolve("N/A - Section 4").action == UNKNOWN


def changes_table(rows: list[tuple[str, str, str, str, str, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=CODE_CHANGE_COLUMNS)


def areas_table(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame([{c: r.get(c, "") for c in AREA_COLUMNS} for r in rows], columns=AREA_COLUMNS)


def test_chains_resolve_to_the_last_code():
    geo = Geography.from_tables(
        areas_table([{"area_code": "E06000903", "area_name": "Gamma", "level": "local_authority"}]),
        changes_table(
            [
                ("E06000902", "Beta", "E06000903", "Gamma", "new_code", 2022),
                ("E06000901", "Alpha", "E06000902", "Beta", "new_code", 2020),
            ]
        ),
    )
    result = geo.resolve("E06000901")
    assert (result.code, result.action) == ("E06000903", RECODED)
    assert "E06000901 became E06000902 in 2020" in result.note
    assert "E06000902 became E06000903 in 2022" in result.note


def test_recode_then_merge_is_a_merger_under_the_recoded_code():
    geo = Geography.from_tables(
        areas_table([{"area_code": "E06000909", "area_name": "Big", "level": "local_authority"}]),
        changes_table(
            [
                ("E07000901", "Small", "E07000902", "Small", "new_code", 2019),
                ("E07000902", "Small", "E06000909", "Big", "merger", 2021),
            ]
        ),
    )
    result = geo.resolve("E07000901")
    assert (result.code, result.original_code, result.action) == ("E07000902", "E07000901", MERGED)
    assert "Big" in result.note


def test_a_cycle_in_the_tables_does_not_hang():
    geo = Geography.from_tables(
        areas_table([]),
        changes_table(
            [
                ("E06000901", "A", "E06000902", "B", "new_code", 2020),
                ("E06000902", "B", "E06000901", "A", "new_code", 2021),
            ]
        ),
    )
    assert geo.resolve("E06000901").action == RECODED


def test_merger_chains_are_described():
    geo = Geography.from_tables(
        areas_table([{"area_code": "E06000066", "area_name": "Somerset", "level": "local_authority"}]),
        changes_table(
            [
                ("E07000190", "Taunton Deane", "E07000246", "Somerset West and Taunton", "merger", 2019),
                ("E07000246", "Somerset West and Taunton", "E06000066", "Somerset", "merger", 2023),
            ]
        ),
    )
    note = geo.resolve("E07000190").note
    assert "Somerset West and Taunton (E07000246) in 2019" in note
    assert "which in turn merged into Somerset (E06000066) in 2023" in note


def test_no_change_table_or_an_empty_one():
    areas = parse_authorities(FIXTURES / "uk_local_authorities_current.csv")
    for changes in (None, pd.DataFrame(), pd.DataFrame(columns=CODE_CHANGE_COLUMNS)):
        geo = Geography.from_tables(areas, changes)
        assert geo.resolve("E06000014").action == AS_PUBLISHED
        assert geo.resolve("E07000163").action == MERGED  # from the list's end date and successor
        assert geo.resolve("S12000046").code == "S12000049"  # from the list's former codes


def test_tables_must_have_the_columns():
    with pytest.raises(ValueError, match="areas table lacks"):
        Geography.from_tables(pd.DataFrame({"area_code": []}), None)


# -------------------------------------------------------------------------------------- harmonise


def test_harmonise_recodes_flags_and_drops_nothing(geo):
    obs = obs_rows(
        [
            ("E08000016", "Barnsley", "Mid-2020", "population", 250000.0),
            ("E08000016", "Barnsley", "Mid-2019", "population", 249000.0),
            ("E06000014", "York", "Mid-2020", "population", 210000.0),
            ("E07000163", "Craven", "Mid-2020", "population", 57000.0),
            ("E07999999", "Nowhere", "Mid-2020", "population", 1.0),
        ]
    )
    out, log = geo.harmonise(obs, source_id="mye")
    assert len(out) == len(obs)
    assert list(out.area_code) == ["E08000038", "E08000038", "E06000014", "E07000163", "E07999999"]
    assert list(out.original_code) == ["E08000016", "E08000016", "E06000014", "E07000163", "E07999999"]
    assert list(out.value) == list(obs.value)
    assert list(out.area_name) == list(obs.area_name)
    assert list(obs.area_code)[0] == "E08000016"  # the input is not modified
    by_code = {entry["area_code"]: entry for entry in log}
    assert set(by_code) == {"E08000016", "E07000163", "E07999999"}
    assert by_code["E08000016"]["action"] == RECODED and by_code["E08000016"]["rows"] == 2
    assert by_code["E07000163"]["action"] == MERGED and by_code["E07000163"]["rows"] == 1
    assert by_code["E07999999"]["action"] == UNKNOWN
    for entry in log:
        assert set(entry) == {"source_id", "area_code", "action", "note", "rows"}
        assert entry["source_id"] == "mye" and entry["note"]


def test_harmonise_groups_the_log_by_source_column(geo):
    obs = obs_rows(
        [
            ("E08000016", "Barnsley", "Mid-2020", "population", 1.0),
            ("E08000016", "Barnsley", "Mid-2020", "population", 2.0),
            ("E08000016", "Barnsley", "Mid-2020", "population", 3.0),
        ]
    )
    obs["source_id"] = ["mye", "lami", "lami"]
    _, log = geo.harmonise(obs)
    assert [(e["source_id"], e["rows"]) for e in log] == [("lami", 2), ("mye", 1)]


def test_harmonise_warns_when_old_and_new_codes_overlap(geo):
    obs = obs_rows(
        [
            ("E08000016", "Barnsley", "Mid-2020", "population", 250000.0),
            ("E08000038", "Barnsley", "Mid-2020", "population", 250000.0),
        ]
    )
    _, log = geo.harmonise(obs, "x")
    (entry,) = log
    assert "double counting" in entry["note"]


def test_harmonise_with_nothing_to_do(geo):
    obs = obs_rows([("E06000014", "York", "Mid-2020", "population", 1.0)])
    out, log = geo.harmonise(obs)
    assert log == [] and list(out.original_code) == ["E06000014"]


# ---------------------------------------------------------------------------------------- fallback


def test_fallback_from_observations():
    obs = obs_rows(
        [
            ("E06000014", "York", "Mid-2020", "population", 1.0),
            ("W06000015", "Cardiff", "Mid-2020", "population", 1.0),
            ("E12000003", "Yorkshire and The Humber", "Mid-2020", "population", 1.0),
            ("E92000001", "England", "Mid-2020", "population", 1.0),
            ("E10000017", "Lancashire", "Mid-2020", "population", 1.0),
            ("E11000001", "Greater Manchester", "Mid-2020", "population", 1.0),
            ("K02000001", "United Kingdom", "Mid-2020", "population", 1.0),
        ]
    )
    geo = Geography.fallback_from_observations(obs)
    assert not geo.from_lookup
    assert geo.name("E06000014") == "York"
    assert geo.level("E06000014") == "local_authority"
    assert geo.level("E12000003") == "region"
    assert geo.level("E10000017") == "county" and geo.level("E11000001") == "county"
    assert geo.level("K02000001") == "country" and geo.level("E92000001") == "country"
    assert geo.region_of("E06000014") == ""  # not knowable from the code
    assert geo.country_of("E06000014") == "E92000001"
    assert geo.comparators("E06000014") == ["E92000001"]
    assert geo.comparators("W06000015") == ["W92000004"]
    assert [a.area_code for a in geo.local_authorities()] == ["W06000015", "E06000014"]
    assert geo.resolve("E06000014").action == AS_PUBLISHED
    assert geo.resolve("E07999999").action == UNKNOWN
    out, log = geo.harmonise(obs)
    assert log == [] and len(out) == len(obs)


def test_level_from_code():
    assert level_from_code("S12000049") == "local_authority"
    assert level_from_code("N09000003") == "local_authority"
    assert level_from_code("E09000001") == "local_authority"
    assert level_from_code("K04000001") == "country"
    assert level_from_code("E47000003") == "other"


# --------------------------------------------------------------------------------------- real files


@pytest.fixture(scope="module")
def real_geo(realdata_dir) -> Geography:
    lookups = realdata_dir / "lookups"
    authorities = sorted(lookups.glob("*uk_local_authorities*.csv"))
    changes = sorted(lookups.glob("*changes*.csv"))
    if not authorities or not changes:
        pytest.skip(f"lookup files missing in {lookups}")
    return Geography.from_tables(parse_authorities(authorities[0]), parse_changes(changes[0]))


@pytest.mark.realdata
def test_real_geography(real_geo):
    assert real_geo.region_of("E06000014") == "E12000003"
    assert real_geo.comparators("E06000014") == ["E12000003", "E92000001"]
    assert real_geo.area("E07000117").county_code == "E10000017"  # Burnley, a Lancashire district
    barnsley = real_geo.resolve("E08000016")
    assert (barnsley.code, barnsley.action) == ("E08000038", RECODED)
    assert real_geo.resolve("E08000019").code == "E08000039"  # Sheffield
    assert real_geo.resolve("E07000163").action == MERGED
    assert real_geo.resolve("S12000015").code == "S12000047"


@pytest.mark.realdata
def test_real_mye_harmonises_without_unknown_codes(real_geo, realdata_dir):
    from migration_profiles.sources import mye

    files = sorted((realdata_dir / "mye").glob("*MYEB3*.csv"))
    if not files:
        pytest.skip("no MYEB3 file")
    obs = mye.parse(files[0])
    out, log = real_geo.harmonise(obs, "mye")
    assert len(out) == len(obs)
    actions = {e["area_code"]: e["action"] for e in log}
    assert UNKNOWN not in actions.values()
    assert actions["E08000016"] == RECODED and actions["E08000019"] == RECODED
    # the 2021 geography still has the districts merged in 2023
    assert actions["E07000163"] == MERGED
