"""Issue 11, item 7: every number every parser reads is checked. A negative count, infinity, "NaN", a
misplaced thousands separator, a value beyond any plausible figure or a repeated row is a layout error
naming where it is, and nothing is stored."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from migration_profiles.acquire.snapshots import import_files, latest_snapshot, validate_file
from migration_profiles.sources import get_source
from migration_profiles.sources.base import TIDY_COLUMNS
from migration_profiles.sources.checks import check_figures
from migration_profiles.util import status as st
from migration_profiles.util.errors import LayoutError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
LAMI = FIXTURES / "lami" / "lamistables_fixture.xlsx"
ASYLUM_CSV = FIXTURES / "asylum_support" / "local_authority_support_recent.csv"
YORK_INFLOW = ("Migration Flows", 10, 4)  # York's long-term inflow, Mid-2019 to Mid-2020: 3,001


def lami_with(tmp_path: Path, value, where=YORK_INFLOW) -> Path:
    path = tmp_path / "lamistables_damaged.xlsx"
    workbook = openpyxl.load_workbook(LAMI)
    sheet, row, column = where
    workbook[sheet].cell(row=row, column=column, value=value)
    workbook.save(path)
    return path


@pytest.mark.parametrize(
    ("value", "found"),
    [
        (-5, "-5"),
        ("1,2,3", "'1,2,3'"),  # read as 123 before
        ("1e309", "'1e309'"),  # infinity once read
        ("NaN", "'NaN'"),
        ("inf", "'inf'"),
        (5e12, "5000000000000"),  # beyond any figure a council could have
        ("12,34", "'12,34'"),
    ],
)
def test_a_lami_cell_that_is_no_possible_figure_is_a_layout_error_naming_its_place(tmp_path, value, found):
    path = lami_with(tmp_path, value)
    root = tmp_path / "snapshots"
    with pytest.raises(LayoutError) as error:
        import_files(root, get_source("lami"), [path])
    e = error.value
    assert (e.sheet, e.row, e.column) == ("Migration Flows", 10, "D"), str(e)
    assert found in str(e)
    assert latest_snapshot(root, "lami") is None  # nothing stored


def test_the_lami_fixture_itself_still_imports(tmp_path):
    assert import_files(tmp_path / "snapshots", get_source("lami"), [LAMI]).release == "2021-09-17"


def test_a_repeated_area_row_is_an_error_not_a_doubled_figure(tmp_path):
    workbook = openpyxl.load_workbook(LAMI)
    sheet = workbook["Migration Flows"]
    york = [c.value for c in sheet[10]]
    sheet.insert_rows(11)
    for column, value in enumerate(york, start=1):
        sheet.cell(row=11, column=column, value=value)
    path = tmp_path / "lamistables_twice.xlsx"
    workbook.save(path)
    with pytest.raises(LayoutError) as error:
        validate_file(get_source("lami"), path)
    assert "E06000014" in str(error.value)


@pytest.mark.parametrize(
    ("people", "found"), [("-5", "-5"), ("1,2,3", "1,2,3"), ("NaN", "NaN"), ("1e309", "1e309")]
)
def test_a_home_office_csv_with_an_impossible_count_is_refused(tmp_path, people, found):
    lines = ASYLUM_CSV.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[4] = lines[4].rsplit(",", 1)[0] + f',"{people}"\n'  # Leeds, Section 95, September 2022
    path = tmp_path / "local_authority_support_damaged.csv"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(LayoutError) as error:
        validate_file(get_source("asylum_support"), path)
    assert found in str(error.value)


@pytest.mark.parametrize(
    "text", ["1,2,3", "12,34", "NaN", "nan", "inf", "-inf", "Infinity", "1e309", "1,234,56"]
)
def test_the_shared_cell_reader_refuses_what_is_no_number(text):
    with pytest.raises(st.UnknownCell):
        st.parse_cell(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234", 1234.0),
        ("1,234,567", 1234567.0),
        ("-12.5", -12.5),
        ("7290", 7290.0),
        (" 3,001 ", 3001.0),
        ("1.5e3", 1500.0),
    ],
)
def test_the_shared_cell_reader_keeps_real_numbers(text, value):
    assert st.parse_cell(text) == (value, st.OK)


# --- the check on what every parser returns, for parsers that read cells their own way ---------------


def _frame(values: list[tuple[str, float, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "area_code": area,
                "area_name": area,
                "period_label": "2024",
                "period_start": "2024-01-01",
                "period_end": "2024-12-31",
                "measure": "non_uk_born",
                "value": value,
                "ci_lower": None,
                "ci_upper": None,
                "status": status,
            }
            for area, value, status in values
        ],
        columns=TIDY_COLUMNS,
    )


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([("E06000014", float("inf"), st.OK)], "a finite value"),
        ([("E06000014", float("nan"), st.OK)], "a number where the figure is marked as published"),
        ([("E06000014", -5.0, st.OK)], "a count of zero or more"),
        ([("E06000014", 2e12, st.OK)], "a finite value within"),
        (
            [("E06000014", 10.0, st.OK), ("E06000014", 10.0, st.OK)],
            "one row for each area, period and measure",
        ),
    ],
)
def test_every_parsers_output_is_checked_again(tmp_path, rows, expected):
    source = get_source("lami")
    with pytest.raises(LayoutError, match=expected) as error:
        check_figures(source, "any.xlsx", _frame(rows))
    assert "E06000014" in str(error.value) and "non_uk_born" in str(error.value)


def test_a_missing_figure_and_distinct_areas_pass_the_check():
    check_figures(
        get_source("lami"),
        "any.xlsx",
        _frame([("E06000014", float("nan"), st.CONFIDENTIAL), ("E08000035", 0.0, st.OK)]),
    )


def test_a_repeated_home_office_row_is_counted_once_and_logged_for_the_page(tmp_path):
    """A word-for-word copy of a Home Office row is counted once, not added to itself; the log entry carries
    a note for the area's page (tests/faults/test_acquire_repeated_rows.py has the rest of the policy)."""
    lines = ASYLUM_CSV.read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / "local_authority_support_twice.csv"
    path.write_text("".join([*lines, lines[4]]), encoding="utf-8")
    source = get_source("asylum_support")
    spec = source.file_spec_for(path.name)
    frame = spec.parse(path)
    logged = [e for e in spec.quality(frame) if e.get("fault") == "copied rows"]
    assert [(e["area_code"], e["period"], e["rows"], e["people"]) for e in logged] == [
        ("E08000035", "2022-09-30", 2, 820)]
    assert "rows 5 and 86" in logged[0]["issue"] and "counts it once" in logged[0]["note"]
    leeds = frame[(frame.area_code == "E08000035") & (frame.measure == "asylum_s95_dispersed")
                  & (frame.period_end == "2022-09-30")]
    assert leeds.value.tolist() == [820.0]
