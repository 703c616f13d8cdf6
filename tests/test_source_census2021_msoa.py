"""Census 2021 by MSOA (sources/census2021_msoa.py) in both layouts, the MSOA boundaries zip, and how small
areas are put in their council (msoa_maps.py)."""

from __future__ import annotations

import io
import zipfile

import pytest

from migration_profiles.render import msoa_maps
from migration_profiles.sources import boundaries
from migration_profiles.sources import census2021_msoa as msoa
from migration_profiles.util.errors import LayoutError

from .workspace import FIXTURES, ROOT

SAMPLE = ROOT / "data" / "sample" / "snapshots" / "census2021_msoa" / "demo-2021"
WIDE = FIXTURES / "census2021_msoa"


def _values(frame) -> dict:
    return {(r.area_code, r.measure): r.value for r in frame.itertuples()}


def test_ons_long_and_third_party_wide_layouts_give_the_same_figures():
    # The two layouts are written from the same invented counts (scripts/make_sample_msoa.py).
    long_019 = _values(msoa.parse(SAMPLE / "TS019_2021_msoa.csv"))
    wide_019 = _values(msoa.parse(WIDE / "demo_migration21_msoa21_TS019.csv"))
    assert long_019 == wide_019 and len(long_019) == 2 * 32
    long_029 = _values(msoa.parse(SAMPLE / "TS029_2021_msoa.csv"))
    wide_029 = _values(msoa.parse(WIDE / "demo_proficiency21_msoa21_TS029.csv"))
    assert long_029 == wide_029
    # 'Does not apply' (babies under 1) is not in the total; the outside-UK count is category 3 alone.
    assert long_019[("E02090001", msoa.MIGRANT_TOTAL)] == 8110 + 253 + 626 + 322
    assert long_019[("E02090001", msoa.OUTSIDE_UK)] == 322
    assert long_029[("E02090001", msoa.OTHER_LANGUAGE)] == 1818


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


LONG_HEADER = (
    "Middle layer Super Output Areas Code,Middle layer Super Output Areas,"
    "Migrant indicator (5 categories) Code,Migrant indicator (5 categories),Observation\n"
)


@pytest.mark.parametrize(
    "body, expected, row",
    [
        (
            "E06000014,York,3,Migrant from outside the UK: Address one year ago was outside the UK,5\n",
            "an MSOA code",
            2,
        ),
        ("E02090001,York 001,3,Moved from abroad,5\n", "TS019 category 3", 2),
        (
            "E02090001,York 001,3,Migrant from outside the UK: Address one year ago was outside the UK,c\n",
            "a count",
            2,
        ),
    ],
)
def test_a_bad_row_is_refused_with_file_row_and_what_was_expected(tmp_path, body, expected, row):
    path = _write(tmp_path, "TS019_msoa.csv", LONG_HEADER + body)
    with pytest.raises(LayoutError) as caught:
        msoa.parse(path)
    assert caught.value.row == row and expected in str(caught.value) and "TS019_msoa.csv" in str(caught.value)


def test_an_unknown_layout_is_refused(tmp_path):
    path = _write(tmp_path, "ts019_msoa.csv", "geography code,count\nE02090001,5\n")
    with pytest.raises(LayoutError, match="msoa21_code"):
        msoa.parse(path)


def test_small_area_files_belong_to_this_source_not_the_council_tables():
    from migration_profiles.sources import census2021

    for name in ("demographr_migration21_msoa21_TS019.csv", "TS029_2021_msoa.csv"):
        assert msoa.SOURCE.file_spec_for(name) is not None
        assert census2021.SOURCE.file_spec_for(name) is None
    assert census2021.SOURCE.file_spec_for("TS019_2021.csv") is not None


def test_boundaries_zip_is_read_in_british_national_grid(tmp_path):
    found = msoa_maps.shapes(FIXTURES / "boundaries" / "msoa21_bsc_demo.zip", tmp_path)
    assert found["E02090001"]["name"] == "York 001"
    ring = found["E02090001"]["rings"][0]
    assert ring[0] == ring[-1] and all(400_000 < x < 500_000 and 400_000 < y < 500_000 for x, y in ring)
    assert list(tmp_path.glob("msoa-*.json"))  # cached for the next build


def test_a_zip_in_another_projection_is_refused(tmp_path):
    source = zipfile.ZipFile(FIXTURES / "boundaries" / "msoa21_bsc_demo.zip")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in source.namelist():
            data = source.read(name)
            archive.writestr(name, 'GEOGCS["GCS_WGS_1984"]' if name.endswith(".prj") else data)
    path = tmp_path / "msoa_wgs84.zip"
    path.write_bytes(out.getvalue())
    with pytest.raises(LayoutError, match="British National Grid"):
        boundaries.msoa_reader(path)


def test_small_areas_join_their_council_by_name_through_renames_and_mergers():
    msoas = {
        "E1": {"name": "Bristol 001"},
        "E2": {"name": "Kingston upon Hull 004"},
        "E3": {"name": "Harrogate 002"},
        "E4": {"name": "Rhondda Cynon Taf 010"},
        "E5": {"name": "King's Lynn and West Norfolk 001"},
        "E6": {"name": "Nowhere 001"},
    }
    names = {
        "E06000023": "City of Bristol",
        "E06000010": "Kingston upon Hull, City of",
        "E07000165": "Harrogate",
        "E06000065": "North Yorkshire",
        "W06000016": "Rhondda Cynon Taff",
        "E07000146": "Kings Lynn and West Norfolk",
    }
    found = msoa_maps.councils_of(msoas, names, {"E07000165": "E06000065"})
    assert found == {
        "E06000023": ["E1"],
        "E06000010": ["E2"],
        "E06000065": ["E3"],
        "W06000016": ["E4"],
        "E07000146": ["E5"],
    }


def test_each_table_is_its_own_kind_of_file_and_a_misnamed_one_is_refused(tmp_path):
    ts019 = msoa.SOURCE.file_spec_for("TS019_2021_msoa.csv")
    ts029 = msoa.SOURCE.file_spec_for("TS029_2021_msoa.csv")
    assert ts019 is not ts029  # one file of each per release
    misnamed = tmp_path / "TS019_2021_msoa.csv"
    misnamed.write_bytes((SAMPLE / "TS029_2021_msoa.csv").read_bytes())
    with pytest.raises(LayoutError, match="TS019"):
        ts019.parse(misnamed)
