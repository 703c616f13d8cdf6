"""The context sources: declarations, parsers on hand-written fixtures, exact values, markers, and
strict layout errors that name the file, sheet, row and column.

Sources: 'aps_economic' (Nomis APS), 'core_lettings' (CORE), 'rough_sleeping', 'cla_uasc' (DfE
children looked after), 'police_crime', 'hate_crime', 'nrm' (Home Office) and 'imd' (MHCLG).
"""

from __future__ import annotations

import csv
import math
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from migration_profiles.acquire.snapshots import validate_file
from migration_profiles.sources import (
    aps_economic,
    children_looked_after,
    core_lettings,
    hate_crime,
    imd,
    nrm,
    police_crime,
    rough_sleeping,
)
from migration_profiles.sources._ods import read_ods
from migration_profiles.sources.base import TIDY_COLUMNS
from migration_profiles.stages.indicators.catalogue import CHARTS, INDICATORS, THEMES
from migration_profiles.util import status as st
from migration_profiles.util.errors import LayoutError

from .odsfile import write_ods

FIXTURES = Path(__file__).resolve().parent / "fixtures"
YORK, LEEDS, MIDDLESBROUGH, BURNLEY = "E06000014", "E08000035", "E06000002", "E07000117"
LANCASHIRE, NORTH_YORKSHIRE, ENGLAND = "E10000017", "E06000065", "E92000001"
NY_PFA, WY_PFA, CLEVELAND_PFA, LANCS_PFA = "E23000009", "E23000010", "E23000013", "E23000003"

MODULES = {
    "aps_economic": aps_economic,
    "core_lettings": core_lettings,
    "rough_sleeping": rough_sleeping,
    "cla_uasc": children_looked_after,
    "police_crime": police_crime,
    "hate_crime": hate_crime,
    "nrm": nrm,
    "imd": imd,
}


def fixture(source_id: str) -> Path:
    files = [p for p in (FIXTURES / source_id).iterdir() if p.is_file() and not p.name.endswith(".py")]
    assert len(files) == 1, files
    return files[0]


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return {sid: module.parse(fixture(sid)) for sid, module in MODULES.items()}


def one(frame: pd.DataFrame, code: str, measure: str, label: str | None = None) -> pd.Series:
    rows = frame[(frame.area_code == code) & (frame.measure == measure)]
    if label is not None:
        rows = rows[rows.period_label == label]
    assert len(rows) == 1, f"{code} {measure} {label}: {len(rows)} rows"
    return rows.iloc[0]


def layout_error(module, path: Path) -> LayoutError:
    with pytest.raises(LayoutError) as caught:
        module.parse(path)
    return caught.value


def assert_place(error: LayoutError, source_id: str, path: Path, sheet, row, column) -> None:
    assert error.source_id == source_id
    assert error.file == path.name
    assert (error.sheet, error.row, error.column) == (sheet, row, column), str(error)
    assert path.name in str(error) and "expected" in str(error)


# ------------------------------------------------------------------------------------------
# Declarations, file names and the snapshot checks


@pytest.mark.parametrize("source_id", MODULES)
def test_declarations(source_id):
    source = MODULES[source_id].SOURCE
    assert source.id == source_id
    assert source.landing_page.startswith("https://")
    assert source.licence == "Open Government Licence v3.0"
    assert date.fromisoformat(source.next_release) > date(2026, 11, 1) and not source.superseded
    assert source.downloads or source.api_query or source.discover
    assert len(source.caveats) >= 2 and source.terms
    assert all(m.counts for m in source.measures)


@pytest.mark.parametrize("source_id", MODULES)
def test_fixture_passes_the_snapshot_checks_and_gives_tidy_columns(source_id, frames):
    path = fixture(source_id)
    assert validate_file(MODULES[source_id].SOURCE, path).parse is MODULES[source_id].parse
    frame = frames[source_id]
    assert list(frame.columns) == TIDY_COLUMNS and frame.value.dtype == "float64"
    assert set(frame.measure) <= {m.id for m in MODULES[source_id].SOURCE.measures}
    assert not frame.duplicated(["area_code", "period_label", "measure"]).any()
    assert frame.loc[~frame.status.isin(st.HAS_VALUE), "value"].isna().all()


@pytest.mark.parametrize(
    "name, source_id",
    [
        ("NM_17_5.data.csv", "aps_economic"),
        ("prc-pfa-mar2013-onwards-tables-230426.ods", "police_crime"),
        ("rough-sleeping-snapshot-in-england-autumn-2025-tables.ods", "rough_sleeping"),
        ("File_10_-_IoD2025_Local_Authority_District_Summaries__lower-tier_.xlsx", "imd"),
        ("la_cla_on_31_march_by_characteristics.csv", "cla_uasc"),
        ("hate-crime-1213-2425-appendix-tables.ods", "hate_crime"),
        ("national-referral-mechanism-statistics-uk-quarter-4-2023-oct-to-dec-tables.ods", "nrm"),
    ],
)
def test_real_file_names_are_recognised(name, source_id):
    from migration_profiles.sources import all_sources

    matches = [s.id for s in all_sources() if s.file_spec_for(name)]
    assert matches == [source_id]


def test_theme_indicators_and_charts():
    ours = [i for i in INDICATORS if i.theme == "context"]
    assert {t.id for t in THEMES} >= {"context"}
    assert {i.source_id for i in ours} == set(MODULES)
    charted = {i for c in CHARTS if c.theme == "context" for i in c.indicator_ids}
    assert {i.id for i in ours} - charted == set()
    by_id = {i.id: i for i in ours}
    assert {by_id[i].larger_area for i in ("recorded_crime", "hate_crime_race", "nrm_referrals")} == {
        "police_force_area"
    }
    assert by_id["uasc_looked_after"].larger_area == "county"
    assert not any(i.overview for i in ours)


# ------------------------------------------------------------------------------------------
# The ODS reader


def test_ods_reader_counts_blank_and_repeated_rows(tmp_path):
    path = write_ods(tmp_path / "t.ods", {"A": [["x", None, 1.5], [], [], ["y"]], "B": [["z"]]})
    sheets = read_ods(path)
    assert list(sheets) == ["A", "B"]
    assert sheets["A"] == [(1, ["x", None, 1.5]), (4, ["y"])]
    assert read_ods(path, wanted=lambda name: name == "B") == {"A": [], "B": [(1, ["z"])]}


def test_a_file_that_is_not_ods_is_a_layout_error(tmp_path):
    path = tmp_path / "prc-pfa-broken.ods"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    error = layout_error(police_crime, path)
    assert error.file == path.name and "OpenDocument" in str(error)


# ------------------------------------------------------------------------------------------
# aps_economic


def test_aps_values_intervals_and_statuses(frames):
    frame = frames["aps_economic"]
    row = one(frame, YORK, aps_economic.NON_UK_BORN, "Jan 2024 to Dec 2024")
    assert (row.value, row.ci_lower, row.ci_upper, row.status) == (68.5, pytest.approx(59.4), 77.6, st.OK)
    assert (row.period_start, row.period_end, row.area_name) == ("2024-01-01", "2024-12-31", "York")
    assert one(frame, ENGLAND, aps_economic.ALL_RESIDENTS, "Jan 2023 to Dec 2023").value == 75.7
    suppressed = one(frame, BURNLEY, aps_economic.NON_UK_BORN, "Jan 2023 to Dec 2023")
    assert suppressed.status == st.CONFIDENTIAL and math.isnan(suppressed.value)
    unreliable = one(frame, MIDDLESBROUGH, aps_economic.NON_UK_BORN, "Jan 2024 to Dec 2024")
    assert unreliable.status == st.NOT_AVAILABLE and math.isnan(unreliable.ci_lower)
    assert len(frame) == 6 * 2 * 2


def _aps_variant(tmp_path: Path, row: int, column: str, value: str) -> Path:
    rows = list(csv.reader(fixture("aps_economic").open(encoding="utf-8")))
    rows[row - 1][rows[0].index(column)] = value
    path = tmp_path / "nm_17_5_variant.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


@pytest.mark.parametrize(
    "row, column, value",
    [
        (2, "VARIABLE_NAME", "Employment rate - white - aged 16-64"),
        (3, "MEASURES_NAME", "Percent"),
        (5, "GEOGRAPHY_CODE", "1946157089"),
        (6, "DATE_NAME", "Jan 2024-Mar 2024"),
        (9, "OBS_STATUS_NAME", "Estimate withheld for reasons unknown"),
    ],
)
def test_aps_refuses_what_it_does_not_know(tmp_path, row, column, value):
    path = _aps_variant(tmp_path, row, column, value)
    assert_place(layout_error(aps_economic, path), "aps_economic", path, None, row, column)


def test_aps_missing_column_is_named(tmp_path):
    path = _aps_variant(tmp_path, 1, "OBS_STATUS_NAME", "STATUS")
    assert_place(layout_error(aps_economic, path), "aps_economic", path, None, 1, "OBS_STATUS_NAME")


# ------------------------------------------------------------------------------------------
# core_lettings


def test_core_counts_and_markers(frames):
    frame = frames["core_lettings"]
    label = "April 2023 to March 2024"
    assert one(frame, YORK, core_lettings.TOTAL, label).value == 550
    assert one(frame, YORK, core_lettings.NON_EEA, label).value == 30
    row = one(frame, BURNLEY, core_lettings.EEA, label)
    assert row.status == st.CONFIDENTIAL and math.isnan(row.value)
    assert (row.period_start, row.period_end) == ("2023-04-01", "2024-03-31")
    assert one(frame, "E12000003", core_lettings.UK, label).area_name == "Yorkshire and The Humber"
    assert len(frame) == 8 * 5


def _core_sheet(
    header: list, rows: list, title: str = "Lettings by nationality, April 2023 to March 2024"
) -> dict:
    return {"Cover": [["cover"]], "LA_Nationality": [[title], [], header, *rows]}


CORE_HEADER = [
    "Local authority code",
    "Local authority name",
    "UK national",
    "EEA national (non-UK)",
    "Non-EEA national",
    "Not known",
    "Total lettings",
]


def test_core_missing_column_names_sheet_row_and_heading(tmp_path):
    path = write_ods(
        tmp_path / "social-housing-lettings-x.ods",
        _core_sheet(CORE_HEADER[:4] + CORE_HEADER[5:], [[YORK, "York", 1, 2, 3, 6]]),
    )
    assert_place(
        layout_error(core_lettings, path), "core_lettings", path, "LA_Nationality", 3, "Non-EEA national"
    )


def test_core_refuses_a_row_without_an_area_code_and_an_unknown_marker(tmp_path):
    path = write_ods(
        tmp_path / "social-housing-lettings-x.ods",
        _core_sheet(CORE_HEADER, [[YORK, "York", 1, 2, 3, 0, 6], ["Yorkk", "York", 1, 2, 3, 0, 6]]),
    )
    assert_place(layout_error(core_lettings, path), "core_lettings", path, "LA_Nationality", 5, "A")
    path = write_ods(
        tmp_path / "social-housing-lettings-y.ods",
        _core_sheet(CORE_HEADER, [[YORK, "York", 1, "n/k?", 3, 0, 6]]),
    )
    assert_place(layout_error(core_lettings, path), "core_lettings", path, "LA_Nationality", 4, "D")


def test_core_needs_the_year_in_the_title(tmp_path):
    path = write_ods(
        tmp_path / "social-housing-lettings-x.ods",
        _core_sheet(CORE_HEADER, [[YORK, "York", 1, 2, 3, 0, 6]], title="Lettings by nationality"),
    )
    assert_place(layout_error(core_lettings, path), "core_lettings", path, "LA_Nationality", 3, "A")


# ------------------------------------------------------------------------------------------
# rough_sleeping


def test_rough_sleeping_totals_markers_and_areas(frames):
    frame = frames["rough_sleeping"]
    assert one(frame, YORK, rough_sleeping.TOTAL, "Autumn 2025").value == 12
    assert one(frame, YORK, rough_sleeping.TOTAL, "Autumn 2017").value == 29
    row = one(frame, YORK, rough_sleeping.TOTAL, "Autumn 2025")
    assert (row.period_start, row.period_end) == ("2025-10-01", "2025-11-30")
    assert one(frame, NORTH_YORKSHIRE, rough_sleeping.TOTAL, "Autumn 2010").status == st.NOT_APPLICABLE  # [n]
    assert one(frame, NORTH_YORKSHIRE, rough_sleeping.TOTAL, "Autumn 2023").value == 11
    assert one(frame, BURNLEY, rough_sleeping.TOTAL, "Autumn 2021").status == st.NOT_AVAILABLE  # [x]
    assert one(frame, "E12000003", rough_sleeping.TOTAL, "Autumn 2025").value == 220
    assert one(frame, "E12000003", rough_sleeping.TOTAL, "Autumn 2010").value == 145
    assert one(frame, ENGLAND, rough_sleeping.TOTAL, "Autumn 2025").value == 4500
    assert (
        frame[frame.measure == rough_sleeping.TOTAL].area_code.nunique() == 9
    )  # 'Rest of England' read past


def test_rough_sleeping_nationality(frames):
    frame = frames["rough_sleeping"]
    expected = {
        "rough_sleeping_uk": 9,
        "rough_sleeping_eu_non_uk": 2,
        "rough_sleeping_non_eu": 1,
        "rough_sleeping_nationality_not_known": 0,
    }
    for measure, value in expected.items():
        assert one(frame, YORK, measure, "Autumn 2025").value == value
    assert one(frame, ENGLAND, "rough_sleeping_eu_non_uk", "Autumn 2025").value == 880


IDS = ["Local Authority Code", "Local Authority Name", "Region Code", "Region Name"]


def _rough(tmp_path: Path, total: list, nationality: list | None = None) -> Path:
    nationality = nationality or [
        ["autumn 2025"],
        [*IDS, "UK", "EU (non-UK)", "Non-EU", "Not known"],
        [YORK, "York", "E12000003", "Yorkshire and The Humber", 1, 1, 1, 0],
    ]
    return write_ods(
        tmp_path / "rough-sleeping-x.ods",
        {"Table_1_Total": [["Table 1"], *total], "Table_2c_Nationality": nationality},
    )


def test_rough_sleeping_year_columns_must_run_from_2010(tmp_path):
    path = _rough(tmp_path, [[*IDS, 2010, 2012], [YORK, "York", "E12000003", "Y", 1, 2]])
    assert_place(layout_error(rough_sleeping, path), "rough_sleeping", path, "Table_1_Total", 2, "F")


def test_rough_sleeping_refuses_negative_or_fractional_counts_and_unknown_rows(tmp_path):
    path = _rough(tmp_path, [[*IDS, 2010, 2011], [YORK, "York", "E12000003", "Y", 1, -2]])
    assert_place(layout_error(rough_sleeping, path), "rough_sleeping", path, "Table_1_Total", 3, "F")
    path = _rough(tmp_path, [[*IDS, 2010, 2011], [YORK, "York", "E12000003", "Y", 1.5, 2]])
    assert_place(layout_error(rough_sleeping, path), "rough_sleeping", path, "Table_1_Total", 3, "E")
    path = _rough(tmp_path, [[*IDS, 2010, 2011], ["York", "York", "", "Yorkshire", 1, 2]])
    assert_place(layout_error(rough_sleeping, path), "rough_sleeping", path, "Table_1_Total", 3, "A")


def test_rough_sleeping_nationality_columns_and_title(tmp_path):
    total = [[*IDS, 2010], [YORK, "York", "E12000003", "Y", 1]]
    path = _rough(tmp_path, total, [["autumn 2025"], [*IDS, "UK", "EU", "Non-EU", "Not known"]])
    assert_place(
        layout_error(rough_sleeping, path), "rough_sleeping", path, "Table_2c_Nationality", 2, "EU (non-UK)"
    )
    path = _rough(tmp_path, total, [["By nationality"], [*IDS, "UK", "EU (non-UK)", "Non-EU", "Not known"]])
    assert_place(layout_error(rough_sleeping, path), "rough_sleeping", path, "Table_2c_Nationality", 2, "A")


# ------------------------------------------------------------------------------------------
# cla_uasc


def test_cla_uasc_values_markers_and_levels(frames):
    frame = frames["cla_uasc"]
    row = one(frame, YORK, "uasc_looked_after", "March 2024")
    assert (row.value, row.status, row.period_start, row.period_end) == (
        14,
        st.OK,
        "2024-03-31",
        "2024-03-31",
    )
    assert one(frame, YORK, "uasc_looked_after_pct", "March 2024").value == 5.1
    assert one(frame, YORK, "uasc_looked_after", "March 2023").status == st.CONFIDENTIAL  # c
    assert one(frame, MIDDLESBROUGH, "uasc_looked_after", "March 2024").status == st.CONFIDENTIAL  # low
    assert one(frame, LANCASHIRE, "uasc_looked_after", "March 2024").value == 118
    assert one(frame, NORTH_YORKSHIRE, "uasc_looked_after", "March 2024").value == 39
    assert one(frame, ENGLAND, "uasc_looked_after", "March 2024").area_name == "England"
    assert one(frame, "E12000003", "non_uasc_looked_after", "March 2024").value == 7900
    assert BURNLEY not in set(frame.area_code)  # districts have no figure of their own


def _cla_variant(tmp_path: Path, edit) -> tuple[Path, int]:
    rows = list(csv.reader(fixture("cla_uasc").open(encoding="utf-8")))
    number = edit(rows)
    path = tmp_path / "la_cla_on_31_march_by_characteristics_variant.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path, number


def test_cla_uasc_refuses_an_unknown_characteristic_a_school_year_and_a_bad_number(tmp_path):
    def characteristic(rows):
        rows[2][rows[0].index("characteristic")] = "Unaccompanied children"
        return 3

    path, row = _cla_variant(tmp_path, characteristic)
    assert_place(layout_error(children_looked_after, path), "cla_uasc", path, None, row, "characteristic")

    def school_year(rows):
        rows[2][rows[0].index("time_period")] = "202324"
        return 3

    path, row = _cla_variant(tmp_path, school_year)
    assert_place(layout_error(children_looked_after, path), "cla_uasc", path, None, row, "time_period")

    def number(rows):
        rows[2][rows[0].index("number")] = "about 70"
        return 3

    path, row = _cla_variant(tmp_path, number)
    assert_place(layout_error(children_looked_after, path), "cla_uasc", path, None, row, "number")


def test_cla_uasc_missing_column(tmp_path):
    def drop(rows):
        rows[0][rows[0].index("cla_group")] = "group"
        return 1

    path, _ = _cla_variant(tmp_path, drop)
    assert_place(layout_error(children_looked_after, path), "cla_uasc", path, None, 1, "cla_group")


# ------------------------------------------------------------------------------------------
# police_crime


def test_police_crime_adds_up_four_quarters_per_force(frames):
    frame = frames["police_crime"]
    expected = {
        (NY_PFA, 2023): 9100,
        (NY_PFA, 2024): 9497,
        (WY_PFA, 2023): 60100,
        (WY_PFA, 2024): 60497,
        (CLEVELAND_PFA, 2024): 15497,
        (LANCS_PFA, 2024): 30497,
    }
    for (code, first), value in expected.items():
        row = one(frame, code, "recorded_crime", f"April {first} to March {first + 1}")
        assert (row.value, row.status, row.period_start, row.period_end) == (
            value,
            st.OK,
            f"{first}-04-01",
            f"{first + 1}-03-31",
        )
    assert one(frame, NY_PFA, "recorded_crime", "April 2024 to March 2025").area_name == "North Yorkshire"
    # 2025/26 has two quarters only; Action Fraud and British Transport Police belong to no force area.
    assert set(frame.period_label) == {"April 2023 to March 2024", "April 2024 to March 2025"}
    assert set(frame.area_code) == {NY_PFA, WY_PFA, CLEVELAND_PFA, LANCS_PFA}


PRC_HEADER = [
    "Financial Year",
    "Financial Quarter",
    "Force Name",
    "Offence Description",
    "Offence Group",
    "Offence Subgroup",
    "Offence Code",
    "Number of Offences",
]


def test_police_crime_refuses_an_unknown_force_and_a_missing_column(tmp_path):
    row = ["2024/25", 1, "North Yorkshire", "Shoplifting", "Theft offences", "Shoplifting", "46", 10]
    path = write_ods(
        tmp_path / "prc-pfa-x.ods", {"2024_25": [PRC_HEADER, row, [*row[:2], "Narnia", *row[3:]]]}
    )
    assert_place(layout_error(police_crime, path), "police_crime", path, "2024_25", 3, "Force Name")
    path = write_ods(
        tmp_path / "prc-pfa-y.ods", {"2024_25": [PRC_HEADER[:6] + PRC_HEADER[7:], row[:6] + row[7:]]}
    )
    assert_place(layout_error(police_crime, path), "police_crime", path, "2024_25", 1, "Offence Code")
    path = write_ods(tmp_path / "prc-pfa-z.ods", {"2024_25": [PRC_HEADER, [*row[:7], "lots"]]})
    assert_place(layout_error(police_crime, path), "police_crime", path, "2024_25", 2, "Number of Offences")
    path = write_ods(tmp_path / "prc-pfa-w.ods", {"2024_25": [PRC_HEADER, ["2023/24", *row[1:]]]})
    assert_place(layout_error(police_crime, path), "police_crime", path, "2024_25", 2, "Financial Year")


def test_police_crime_older_count_heading_and_sheet_names(tmp_path):
    header = [*PRC_HEADER[:7], "Offence Count"]
    rows = [
        [*["2019/20"], q, "Devon and Cornwall", "Shoplifting", "Theft", "Shoplifting", "46", 25]
        for q in (1, 2, 3, 4)
    ]
    path = write_ods(tmp_path / "prc-pfa-old.ods", {"Contents": [["x"]], "2019-20": [header, *rows]})
    frame = police_crime.parse(path)
    assert one(frame, "E23000035", "recorded_crime").value == 100


# ------------------------------------------------------------------------------------------
# hate_crime and nrm


def test_hate_crime_by_force_area(frames):
    frame = frames["hate_crime"]
    label = "April 2024 to March 2025"
    assert one(frame, NY_PFA, hate_crime.RACE, label).value == 410
    assert one(frame, NY_PFA, hate_crime.TOTAL, label).value == 590
    assert one(frame, LANCS_PFA, hate_crime.RACE, label).value == 1850
    assert one(frame, ENGLAND, hate_crime.RACE, label).value == 90000
    gwent = one(frame, "W15000002", hate_crime.RACE, label)
    assert gwent.status == st.NOT_AVAILABLE and math.isnan(gwent.value)
    # Regions, British Transport Police and England and Wales are read past.
    assert set(frame.area_code) == {
        CLEVELAND_PFA,
        LANCS_PFA,
        NY_PFA,
        WY_PFA,
        ENGLAND,
        "W92000004",
        "W15000002",
    }


HATE_HEADER = ["Police force area", "Race", "Religion", "Total number of offences"]


def test_hate_crime_refuses_unknown_rows_and_needs_the_year(tmp_path):
    title = ["Table 2.01: hate crimes by police force area, year ending March 2025"]
    path = write_ods(
        tmp_path / "hate-crime-x.ods",
        {"T": [title, HATE_HEADER, ["Cleveland", 1, 2, 3], ["Atlantis", 1, 2, 3]]},
    )
    assert_place(layout_error(hate_crime, path), "hate_crime", path, "T", 4, "A")
    path = write_ods(
        tmp_path / "hate-crime-y.ods", {"T": [["Table 2.01"], HATE_HEADER, ["Cleveland", 1, 2, 3]]}
    )
    assert_place(layout_error(hate_crime, path), "hate_crime", path, "T", 2, "A")
    path = write_ods(tmp_path / "hate-crime-z.ods", {"T": [title, HATE_HEADER, ["Cleveland", "many", 2, 3]]})
    assert_place(layout_error(hate_crime, path), "hate_crime", path, "T", 3, "B")
    path = write_ods(tmp_path / "hate-crime-w.ods", {"T": [title, HATE_HEADER[:3], ["Cleveland", 1, 2]]})
    error = layout_error(hate_crime, path)
    assert error.file == path.name and "Total number of offences" in str(error)


def test_nrm_by_police_first_responder_with_scotland_and_northern_ireland(frames):
    frame = frames["nrm"]
    row = one(frame, NY_PFA, "nrm_referrals")
    assert (row.value, row.period_label, row.period_start, row.period_end) == (
        21,
        "July to September 2026",
        "2026-07-01",
        "2026-09-30",
    )
    assert one(frame, "S92000003", "nrm_referrals").value == 135
    assert one(frame, "N92000002", "nrm_referrals").area_name == "Northern Ireland"
    # Only each force's named row is read: its breakdown rows, 'Total' and British Transport Police
    # are read past.
    assert len(frame) == 6


NRM_HEADER = ["Police first responder", "Exploitation type", "Age at exploitation", "Gender", "UK", "Total"]


def test_nrm_takes_the_quarter_from_the_title_or_else_the_file_name(tmp_path):
    rows = [
        ["Table 13: referrals by police first responder"],
        NRM_HEADER,
        ["Cleveland Police", None, None, None, 3, 4],
    ]
    path = write_ods(
        tmp_path / "national-referral-mechanism-statistics-uk-quarter-4-2023-oct-to-dec-tables.ods",
        {"Table_13": rows},
    )
    row = one(nrm.parse(path), CLEVELAND_PFA, "nrm_referrals")
    assert (row.value, row.period_label, row.period_end) == (4, "October to December 2023", "2023-12-31")
    path = write_ods(tmp_path / "nrm-x.ods", {"T": [["Referrals, February to April 2026"], *rows[1:]]})
    assert_place(layout_error(nrm, path), "nrm", path, "T", 2, "A")


def test_nrm_refuses_an_unknown_force_a_repeat_and_a_missing_total(tmp_path):
    title = ["Table 13: referrals, January to March 2026"]
    path = write_ods(
        tmp_path / "nrm-a.ods",
        {
            "T": [
                title,
                NRM_HEADER,
                ["Cleveland Police", None, None, None, 1, 1],
                ["Atlantis Police", None, None, None, 1, 1],
            ]
        },
    )
    assert_place(layout_error(nrm, path), "nrm", path, "T", 4, "A")
    path = write_ods(
        tmp_path / "nrm-b.ods",
        {
            "T": [
                title,
                NRM_HEADER,
                ["Cleveland Police", None, None, None, 1, 1],
                ["Cleveland Police", None, None, None, 1, 1],
            ]
        },
    )
    assert_place(layout_error(nrm, path), "nrm", path, "T", 4, "A")
    path = write_ods(
        tmp_path / "nrm-c.ods", {"T": [title, NRM_HEADER, ["Cleveland Police", None, None, None, 1, "lots"]]}
    )
    assert_place(layout_error(nrm, path), "nrm", path, "T", 3, "F")
    path = write_ods(
        tmp_path / "nrm-d.ods", {"T": [title, NRM_HEADER[:5], ["Cleveland Police", None, None, None, 1]]}
    )
    error = layout_error(nrm, path)
    assert error.row == 2 and "Total" in str(error)


# ------------------------------------------------------------------------------------------
# imd


def test_imd_ranks_scores_and_shares(frames):
    frame = frames["imd"]
    label = "English Indices of Deprivation 2025"
    assert set(frame.period_label) == {label}
    row = one(frame, MIDDLESBROUGH, "imd_rank_of_average_score")
    assert (row.value, row.period_start, row.area_name) == (2, "2025-10-30", "Middlesbrough")
    assert one(frame, MIDDLESBROUGH, "imd_average_score").value == 40.037
    assert one(frame, MIDDLESBROUGH, "imd_share_most_deprived_10pc").value == 0.5
    assert one(frame, YORK, "imd_rank_of_average_score").value == 5
    assert one(frame, BURNLEY, "employment_rank_of_average_score").value == 3
    assert one(frame, LEEDS, "income_share_most_deprived_10pc").value == 0.2102
    assert len(frame) == 6 * 7  # six districts: IMD three measures, income and employment two each


def _imd_variant(tmp_path: Path, edit) -> Path:
    book = openpyxl.load_workbook(fixture("imd"))
    edit(book)
    path = tmp_path / "File_10_variant_Local_Authority_District_Summaries.xlsx"
    book.save(path)
    return path


def test_imd_refuses_a_changed_heading_a_repeated_rank_and_a_bad_code(tmp_path):
    path = _imd_variant(tmp_path, lambda b: b["Income"].cell(1, 6, "Income - Rank of average rank"))
    assert_place(layout_error(imd, path), "imd", path, "Income", 1, "F")
    path = _imd_variant(tmp_path, lambda b: b["IMD"].cell(4, 6, 1))  # York given Blackpool's rank
    assert_place(layout_error(imd, path), "imd", path, "IMD", 4, "F")
    path = _imd_variant(tmp_path, lambda b: b["Employment"].cell(4, 1, "E10000017"))
    assert_place(layout_error(imd, path), "imd", path, "Employment", 4, "A")
    path = _imd_variant(tmp_path, lambda b: b.remove(b["Employment"]))
    assert "Employment" in str(layout_error(imd, path))
