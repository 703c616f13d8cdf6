"""The geography source: mySociety's local authority list and the ONS code change table."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from migration_profiles.sources.base import AREA_COLUMNS, AREAS, CODE_CHANGE_COLUMNS, CODE_CHANGES
from migration_profiles.sources.geography import (
    REGIONS,
    SOURCE,
    parse_authorities,
    parse_changes,
)
from migration_profiles.util.errors import LayoutError

FIXTURES = Path(__file__).parent / "fixtures" / "geography"
AUTHORITIES = FIXTURES / "uk_local_authorities_current.csv"
CHANGES = FIXTURES / "changes.csv"


@pytest.fixture(scope="module")
def areas() -> pd.DataFrame:
    return parse_authorities(AUTHORITIES)


@pytest.fixture(scope="module")
def changes() -> pd.DataFrame:
    return parse_changes(CHANGES)


def row(frame: pd.DataFrame, code: str) -> dict:
    hit = frame[frame.area_code == code]
    assert len(hit) == 1, (code, len(hit))
    return hit.iloc[0].to_dict()


# ------------------------------------------------------------------------------ local authorities


def test_columns_and_what_is_kept(areas):
    assert list(areas.columns) == AREA_COLUMNS
    codes = set(areas.area_code)
    # councils and counties kept, City of London included
    assert {"E06000014", "E08000035", "E07000117", "E10000017", "E10000023", "E09000001"} <= codes
    # combined authority dropped; Derry (no GSS code, abolished 2015) dropped
    assert "E47000003" not in codes
    assert "" not in codes and "Derry" not in set(areas.area_name)
    # 17 rows in the fixture, less the combined authority and Derry
    assert len(areas[areas.level.isin(["local_authority", "county"])]) == 15
    assert not areas.area_code.duplicated().any()


def test_regions_nations_and_uk_are_added(areas):
    regions = areas[areas.level == "region"]
    assert dict(zip(regions.area_name, regions.area_code, strict=True)) == REGIONS
    assert (regions.country_code == "E92000001").all()
    assert (regions.region_code == regions.area_code).all()
    countries = areas[areas.level == "country"]
    assert set(countries.area_code) == {"E92000001", "W92000004", "S92000003", "N92000002", "K02000001"}
    assert (countries.country_code == countries.area_code).all()
    assert row(areas, "K02000001")["area_name"] == "United Kingdom"


def test_york(areas):
    york = row(areas, "E06000014")
    assert york == {
        "area_code": "E06000014",
        "area_name": "York",
        "level": "local_authority",
        "la_type": "UA",
        "region_code": "E12000003",
        "country_code": "E92000001",
        "county_code": "",
        "start_date": "2005-06-18",
        "end_date": "",
        "replaced_by": "",
        "former_codes": "",
    }


def test_district_gets_its_county_as_a_gss_code(areas):
    burnley = row(areas, "E07000117")
    assert burnley["county_code"] == "E10000017"
    assert burnley["region_code"] == "E12000002"
    assert burnley["la_type"] == "NMD"
    lancashire = row(areas, "E10000017")
    assert lancashire["level"] == "county" and lancashire["la_type"] == "CTY"


def test_ended_councils_point_to_successors_by_gss_code(areas):
    craven = row(areas, "E07000163")
    assert craven["end_date"] == "2023-04-01"
    assert craven["replaced_by"] == "E06000065"
    assert craven["county_code"] == "E10000023"
    county = row(areas, "E10000023")
    assert county["level"] == "county" and county["replaced_by"] == "E06000065"
    new = row(areas, "E06000065")
    assert (
        new["start_date"] == "2023-04-01" and new["end_date"] == "" and new["area_name"] == "North Yorkshire"
    )


def test_blank_region_is_taken_from_the_successor(areas):
    bournemouth = row(areas, "E06000028")
    assert bournemouth["replaced_by"] == "E06000058"
    assert bournemouth["region_code"] == "E12000009"  # South West, from BCP


def test_nations_stand_in_for_regions(areas):
    assert row(areas, "W06000015")["region_code"] == "W92000004"
    assert row(areas, "W06000015")["country_code"] == "W92000004"
    assert row(areas, "S12000049")["region_code"] == "S92000003"
    assert row(areas, "N09000003")["region_code"] == "N92000002"


def test_names_come_from_nice_name(areas):
    assert row(areas, "W06000001")["area_name"] == "Isle of Anglesey"
    assert row(areas, "E06000058")["area_name"] == "Bournemouth, Christchurch and Poole"
    assert row(areas, "E09000001")["la_type"] == "CC"


def test_former_codes_are_kept(areas):
    assert row(areas, "S12000049")["former_codes"] == "S12000046;S12000043"


def fixture_text() -> str:
    return AUTHORITIES.read_text(encoding="utf-8")


def test_unknown_register_code_names_row_and_column(tmp_path):
    path = tmp_path / AUTHORITIES.name
    path.write_text(
        fixture_text().replace("Non-metropolitan district,LAN,", "Non-metropolitan district,LNX,")
    )
    with pytest.raises(LayoutError) as caught:
        parse_authorities(path)
    error = caught.value
    assert (error.file, error.row, error.column) == (AUTHORITIES.name, 7, "county-la")
    assert "'LNX'" in error.found


def test_unknown_region_name(tmp_path):
    path = tmp_path / AUTHORITIES.name
    path.write_text(fixture_text().replace("England,North West,CTY", "England,Lancashire Region,CTY"))
    with pytest.raises(LayoutError) as caught:
        parse_authorities(path)
    assert (caught.value.row, caught.value.column) == (11, "region")


def test_missing_column(tmp_path):
    path = tmp_path / AUTHORITIES.name
    path.write_text(fixture_text().replace("replaced-by,", "successor,", 1))
    with pytest.raises(LayoutError) as caught:
        parse_authorities(path)
    assert (caught.value.row, caught.value.column) == (1, "replaced-by")


# ------------------------------------------------------------------------------------ code changes


def test_changes(changes):
    assert list(changes.columns) == CODE_CHANGE_COLUMNS
    assert len(changes) == 8
    assert changes.year.dtype == "int64"
    first = changes.iloc[0].to_dict()
    assert first == {
        "old_code": "S12000015",
        "old_name": "Fife",
        "new_code": "S12000047",
        "new_name": "Fife",
        "change_type": "new_code",
        "year": 2018,
    }
    bcp = changes[changes.old_code == "E06000028"].iloc[0]
    assert bcp.new_name == "Bournemouth, Christchurch and Poole"  # quoted comma
    hull = changes[changes.old_code == "E06000010"].iloc[0]
    assert hull.old_name == "Kingston upon Hull, City of"
    ended = changes[changes.change_type == "termination"].iloc[0]
    assert ended.old_code == "E10000023" and ended.new_code == "" and ended.year == 2023
    assert set(changes.change_type) == {"new_code", "new_geo", "merger", "termination"}


def test_change_errors_name_row_and_column(tmp_path):
    text = CHANGES.read_bytes().decode("utf-8-sig")
    path = tmp_path / "changes.csv"
    path.write_text(text.replace("Barnsley,new_code,2025", "Barnsley,renamed,2025"))
    with pytest.raises(LayoutError) as caught:
        parse_changes(path)
    assert (caught.value.file, caught.value.row, caught.value.column) == ("changes.csv", 8, "type")
    path.write_text(text.replace("Barnsley,new_code,2025", "Barnsley,new_code,April 2025"))
    with pytest.raises(LayoutError) as caught:
        parse_changes(path)
    assert (caught.value.row, caught.value.column) == (8, "start")


# ------------------------------------------------------------------------------------- declaration


def test_declaration():
    assert SOURCE.id == "geography"
    assert SOURCE.kind == "reference"
    assert "CC BY 4.0" in SOURCE.licence and "Open Government Licence" in SOURCE.licence
    assert {d.file_name for d in SOURCE.downloads} == {"uk_local_authorities_current.csv", "changes.csv"}
    urls = {d.url for d in SOURCE.downloads}
    assert any(u.startswith("https://pages.mysociety.org/") for u in urls)
    assert any(u.startswith("https://raw.githubusercontent.com/ONSvisual/uk-topojson/") for u in urls)
    assert SOURCE.file_spec_for("uk_local_authorities_current.csv").table == AREAS
    assert SOURCE.file_spec_for("mysociety_uk_local_authorities_current.csv").table == AREAS
    assert SOURCE.file_spec_for("onsvisual_la_changes_2018-2025.csv").table == CODE_CHANGES
    assert set(SOURCE.geography_levels) == {"country", "region", "county", "local_authority"}
    assert {c.id for c in SOURCE.caveats} >= {"codes-change", "names-from-nice-name"}
    assert pd.Timestamp(SOURCE.next_release)


# --------------------------------------------------------------------------------------- real files


def real_file(realdata_dir: Path, pattern: str) -> Path:
    files = sorted((realdata_dir / "lookups").glob(pattern))
    if not files:
        message = f"no {pattern} in {realdata_dir / 'lookups'}"
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return files[0]


@pytest.mark.realdata
def test_real_lookup(realdata_dir):
    path = real_file(realdata_dir, "*uk_local_authorities*.csv")
    areas = parse_authorities(path)
    assert row(areas, "E06000014")["region_code"] == "E12000003"
    # a Lancashire district
    assert row(areas, "E07000117")["county_code"] == "E10000017"
    assert row(areas, "E07000163")["replaced_by"] == "E06000065"
    current = areas[(areas.level == "local_authority") & (areas.end_date == "")]
    assert 355 <= len(current) <= 365
    # every English council and county has a region, filled in where the file leaves it blank
    english = areas[areas.area_code.str.startswith("E") & areas.level.isin(["local_authority", "county"])]
    assert (english.region_code.str.startswith("E12")).all()


@pytest.mark.realdata
def test_real_lookup_covers_every_mye_authority(realdata_dir):
    from migration_profiles.sources import mye

    areas = parse_authorities(real_file(realdata_dir, "*uk_local_authorities*.csv"))
    mye_files = sorted((realdata_dir / "mye").glob("*MYEB3*.csv"))
    if not mye_files:
        pytest.skip("no MYEB3 file")
    codes = set(mye.parse(mye_files[0]).area_code)
    assert codes - set(areas.area_code) == set()


@pytest.mark.realdata
def test_real_changes(realdata_dir):
    changes = parse_changes(real_file(realdata_dir, "*changes*.csv"))
    assert len(changes) > 50
    barnsley = changes[changes.old_code == "E08000016"].iloc[0]
    assert (barnsley.new_code, barnsley.change_type, barnsley.year) == ("E08000038", "new_code", 2025)
