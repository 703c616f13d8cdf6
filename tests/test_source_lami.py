"""The ONS Local Area Migration Indicators source: declaration, parser, layout errors, real file."""

from __future__ import annotations

import importlib.util
import math
import os
import re
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from migration_profiles.sources import lami
from migration_profiles.sources.base import TIDY_COLUMNS, Release
from migration_profiles.util import status as st
from migration_profiles.util.errors import LayoutError

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE = FIXTURES / "lami" / "lamistables_fixture.xlsx"
REAL_NAME = "owenwntr_2021lamistables.xlsx"

MEASURE_IDS = {
    "mid_year_population",
    "ltim_inflow",
    "ltim_outflow",
    "internal_inflow",
    "internal_outflow",
    "stim_population",
    "stim_inflow",
    "aps_population_cob",
    "non_uk_born",
    "aps_population_nat",
    "non_british",
    "population_16_64",
    "nino_registrations",
    "gp_population",
    "gp_registrations",
    "live_births",
    "live_births_non_uk_mother",
    "live_births_non_uk_mother_pct",
}
FIXTURE_AREAS = {"E92000001", "E12000003", "E10000023", "E06000014", "E08000035", "S12000036"}
LA_PREFIXES = ("E06", "E07", "E08", "E09", "W06", "S12", "N09")
# One measure read from each data sheet.
MEASURE_PER_SHEET = {
    "Migration Flows": "ltim_inflow",
    "Short-Term Migration Inflows": "stim_inflow",
    "Non-UK Born Population": "non_uk_born",
    "Non-British Population": "non_british",
    "NINo Registrations": "nino_registrations",
    "GP Registrations": "gp_registrations",
    "Births to Non-UK Born Mothers": "live_births",
}


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return lami.parse(FIXTURE)


def one(frame: pd.DataFrame, code: str, measure: str, period_label: str) -> pd.Series:
    rows = frame[
        (frame.area_code == code) & (frame.measure == measure) & (frame.period_label == period_label)
    ]
    assert len(rows) == 1, f"{code} {measure} {period_label}: {len(rows)} rows"
    return rows.iloc[0]


# ------------------------------------------------------------------------------------------
# Declaration


def test_declaration_facts():
    source = lami.SOURCE
    assert source.id == "lami"
    assert "ONS" in source.publisher
    assert source.landing_page.endswith("/datasets/localareamigrationindicatorsunitedkingdom")
    assert source.licence == "Open Government Licence v3.0"
    assert source.licence_url.startswith("https://www.nationalarchives.gov.uk/doc/open-government-licence")
    assert source.superseded is True
    assert source.next_release == ""
    assert source.kind == "stock and flow"
    assert set(source.geography_levels) == {"country", "region", "county", "local_authority"}
    assert [d.file_name for d in source.downloads] == ["2021lamistables.xlsx"]
    assert source.downloads[0].url.startswith("https://www.ons.gov.uk/")
    for text in (source.coverage, source.not_covered, source.lag, source.rounding, source.cadence):
        assert text.strip()


def test_declared_measures_are_exactly_the_agreed_ids():
    ids = [m.id for m in lami.SOURCE.measures]
    assert len(ids) == len(set(ids))
    assert set(ids) == MEASURE_IDS
    for measure in lami.SOURCE.measures:
        assert measure.title and measure.unit and measure.kind in {"stock", "flow", "count", "rate"}


def test_caveats_and_terms():
    caveats = lami.SOURCE.caveats
    assert 5 <= len(caveats) <= 10
    assert len({c.id for c in caveats}) == len(caveats)
    assert all(len(c.text) > 80 for c in caveats)
    # The discontinuation is stated in a caveat, not only in the flags.
    assert any("last" in c.text and "2021" in c.text for c in caveats)
    names = {t.name for t in lami.SOURCE.terms}
    assert names == {
        "Long-term international migrant",
        "Short-term international migrant",
        "NINo registration",
        "Flag 4 GP registration",
        "Non-UK-born",
        "Non-British",
        "Confidence interval",
    }


@pytest.mark.parametrize(
    "name, matches",
    [
        ("2021lamistables.xlsx", True),
        ("2019LAMISTABLES.xlsx", True),
        ("local-area-migration-indicators-uk.xlsx", True),
        ("2021lamistables.csv", False),
        ("mye3.xlsx", False),
    ],
)
def test_file_spec_names(name, matches):
    spec = lami.SOURCE.files[0]
    assert spec.expect == "xlsx"
    assert spec.matches(name) is matches
    assert (lami.SOURCE.file_spec_for(name) is spec) is matches


def test_release_of_reads_the_notes_sheet():
    assert lami.SOURCE.files[0].release_of(FIXTURE) == Release(name="2021-09-17", date="2021-09-17")


def test_release_of_is_none_when_the_file_does_not_say(tmp_path):
    def edit(wb):
        for row in wb["Notes"].iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("Published on"):
                    cell.value = "Published by the Office for National Statistics."

    assert lami.release_of(broken_copy(tmp_path, edit)) is None


# ------------------------------------------------------------------------------------------
# Parsing the fixture


def test_fixture_is_what_the_script_writes(tmp_path, frame):
    """The committed workbook must match its generator, so that nobody edits one and not the other."""
    spec = importlib.util.spec_from_file_location("make_lami_fixture", FIXTURES / "make_lami_fixture.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path = tmp_path / "lamistables_regenerated.xlsx"
    module.build().save(path)
    pd.testing.assert_frame_equal(lami.parse(path), frame)


def test_tidy_columns_and_types(frame):
    assert list(frame.columns) == TIDY_COLUMNS
    for column in ("value", "ci_lower", "ci_upper"):
        assert frame[column].dtype == "float64"
    assert set(frame.measure) == MEASURE_IDS
    assert not frame.duplicated(["area_code", "measure", "period_label"]).any()


def test_footnotes_and_separators_are_not_read_as_data(frame):
    # Six areas, two periods, eighteen measures: nothing more, nothing less.
    assert len(frame) == 6 * 2 * 18
    for measure, rows in frame.groupby("measure"):
        assert set(rows.area_code) == FIXTURE_AREAS, measure
        assert len(rows) == 12, measure
    assert frame.area_code.str.fullmatch(r"[EWSNK]\d{8}").all()


def test_area_names(frame):
    names = dict(zip(frame.area_code, frame.area_name, strict=False))
    assert names["E06000014"] == "York"
    assert names["E10000023"] == "North Yorkshire"
    assert names["S12000036"] == "City of Edinburgh"


def test_migration_flows_with_merged_period_headings(frame):
    row = one(frame, "E06000014", "ltim_inflow", "Mid-2019 to Mid-2020")
    assert (row.value, row.status) == (3111.0, st.OK)
    assert (row.period_start, row.period_end) == ("2019-07-01", "2020-06-30")
    assert math.isnan(row.ci_lower) and math.isnan(row.ci_upper)
    assert one(frame, "E06000014", "ltim_outflow", "Mid-2019 to Mid-2020").value == 1212
    assert one(frame, "E06000014", "internal_inflow", "Mid-2019 to Mid-2020").value == 14913
    assert one(frame, "E06000014", "internal_outflow", "Mid-2019 to Mid-2020").value == 16214
    assert one(frame, "E08000035", "ltim_inflow", "Mid-2018 to Mid-2019").value == 9001
    assert one(frame, "E08000035", "ltim_inflow", "Mid-2018 to Mid-2019").period_start == "2018-07-01"


@pytest.mark.parametrize(
    "measure, label, value",
    [
        ("mid_year_population", "Mid-2020", 211200),
        ("mid_year_population", "Mid-2019", 210100),
        ("stim_population", "Mid-2017", 208200),
        ("population_16_64", "Mid-2020", 139403),
        ("gp_population", "Mid-2019", 210100),
    ],
)
def test_mid_year_populations_are_points_in_time(frame, measure, label, value):
    row = one(frame, "E06000014", measure, label)
    year = label[-4:]
    assert row.value == value
    assert row.period_start == row.period_end == f"{year}-06-30"
    assert row.status == st.OK


def test_calendar_year_periods(frame):
    row = one(frame, "E06000014", "nino_registrations", "Jan 2020 to Dec 2020")
    assert (row.value, row.period_start, row.period_end) == (611.0, "2020-01-01", "2020-12-31")
    row = one(frame, "E06000014", "live_births", "Jan 2018 to Dec 2018")
    assert (row.value, row.period_start, row.period_end) == (1801.0, "2018-01-01", "2018-12-31")


def test_aps_estimates_with_confidence_intervals(frame):
    row = one(frame, "E06000014", "non_british", "Jan 2020 to Dec 2020")
    assert (row.value, row.ci_lower, row.ci_upper, row.status) == (15000.0, 10000.0, 20000.0, st.OK)
    assert (row.period_start, row.period_end) == ("2020-01-01", "2020-12-31")
    row = one(frame, "E06000014", "non_uk_born", "Jan 2020 to Dec 2020")
    assert (row.value, row.ci_lower, row.ci_upper) == (21000.0, 16000.0, 26000.0)
    population = one(frame, "E06000014", "aps_population_cob", "Jan 2020 to Dec 2020")
    assert population.value == 208000 and math.isnan(population.ci_lower)


def test_period_heading_in_the_second_column_of_a_block(frame):
    # In the Non-British sheet the first period label sits over the estimate, not the first column.
    row = one(frame, "E06000014", "non_british", "Jan 2019 to Dec 2019")
    assert (row.value, row.ci_lower, row.ci_upper) == (13000.0, 9000.0, 17000.0)
    assert one(frame, "E06000014", "aps_population_nat", "Jan 2019 to Dec 2019").value == 207000


def test_a_suppressed_interval_leaves_the_estimate_without_bounds(frame):
    row = one(frame, "E06000014", "non_uk_born", "Jan 2019 to Dec 2019")
    assert (row.value, row.status) == (19000.0, st.OK)
    assert math.isnan(row.ci_lower) and math.isnan(row.ci_upper)


@pytest.mark.parametrize(
    "code, measure, label, expected",
    [
        ("E10000023", "non_uk_born", "Jan 2019 to Dec 2019", st.ROUNDED_TO_ZERO),  # '0~'
        ("E10000023", "non_british", "Jan 2020 to Dec 2020", st.ROUNDED_TO_ZERO),
        ("E08000035", "non_uk_born", "Jan 2020 to Dec 2020", st.CONFIDENTIAL),  # 'c'
        ("E08000035", "non_british", "Jan 2019 to Dec 2019", st.CONFIDENTIAL),
        ("S12000036", "non_british", "Jan 2019 to Dec 2019", st.NO_CONTACT),  # '.'
        ("S12000036", "gp_registrations", "Mid-2018 to Mid-2019", st.NOT_AVAILABLE),  # ':'
        ("S12000036", "gp_registrations", "Mid-2019 to Mid-2020", st.NOT_AVAILABLE),  # padded ':'
        ("S12000036", "stim_inflow", "Mid-2015 to Mid-2016", st.NOT_AVAILABLE),
        ("E10000023", "internal_inflow", "Mid-2018 to Mid-2019", st.NOT_AVAILABLE),
        ("E10000023", "live_births_non_uk_mother_pct", "Jan 2018 to Dec 2018", st.NOT_AVAILABLE),
    ],
)
def test_markers_stay_missing_with_their_reason(frame, code, measure, label, expected):
    row = one(frame, code, measure, label)
    assert row.status == expected
    assert math.isnan(row.value)
    assert math.isnan(row.ci_lower) and math.isnan(row.ci_upper)


def test_no_marker_becomes_zero(frame):
    assert not (frame.value == 0).any()
    missing = frame[~frame.status.isin(st.HAS_VALUE)]
    assert len(missing) == 14
    assert missing.value.isna().all()
    assert frame[frame.status.isin(st.HAS_VALUE)].value.notna().all()


def test_the_p_heading_marks_its_column_provisional(frame):
    row = one(frame, "E06000014", "stim_inflow", "Mid-2016 to Mid-2017")
    assert (row.value, row.status) == (812.5, st.PROVISIONAL)
    assert one(frame, "E06000014", "stim_inflow", "Mid-2015 to Mid-2016").status == st.OK
    # Only that column: the population beside it is not provisional, nor is a marker in it.
    assert one(frame, "E06000014", "stim_population", "Mid-2017").status == st.OK
    assert one(frame, "S12000036", "stim_inflow", "Mid-2016 to Mid-2017").status == st.NOT_AVAILABLE
    provisional = frame[frame.status == st.PROVISIONAL]
    assert set(provisional.measure) == {"stim_inflow"}
    assert set(provisional.period_label) == {"Mid-2016 to Mid-2017"}
    assert len(provisional) == 5


def test_period_heading_with_trailing_space(frame):
    row = one(frame, "E06000014", "stim_inflow", "Mid-2015 to Mid-2016")
    assert (row.period_start, row.period_end) == ("2015-07-01", "2016-06-30")


def test_fractional_values_are_kept(frame):
    assert one(frame, "E06000014", "stim_inflow", "Mid-2015 to Mid-2016").value == pytest.approx(
        950.123456789
    )
    pct = one(frame, "E06000014", "live_births_non_uk_mother_pct", "Jan 2018 to Dec 2018")
    assert pct.value == pytest.approx(15.657967795669072)
    assert one(frame, "E06000014", "live_births_non_uk_mother_pct", "Jan 2019 to Dec 2019").value == 15.7


# ------------------------------------------------------------------------------------------
# Layout errors, on broken copies of the fixture


def _set(ws, ref: str, value) -> None:
    ws[ref] = value


def broken_copy(tmp_path: Path, edit: Callable[[openpyxl.Workbook], None], source: Path = FIXTURE) -> Path:
    workbook = openpyxl.load_workbook(source)
    edit(workbook)
    path = tmp_path / "lamistables_broken.xlsx"
    workbook.save(path)
    return path


def layout_error(path: Path) -> LayoutError:
    with pytest.raises(LayoutError) as caught:
        lami.parse(path)
    error = caught.value
    assert error.source_id == "lami"
    assert error.file == path.name
    return error


def assert_names_place(error: LayoutError, path: Path, sheet: str, row: int | None, column: str | None):
    message = str(error)
    assert f"file '{path.name}'" in message
    assert f"sheet '{sheet}'" in message
    assert error.sheet == sheet
    if row is not None:
        assert error.row == row and f"row {row}," in message
    if column is not None:
        assert error.column == column and f"column {column}:" in message


def test_renamed_measure_heading(tmp_path):
    path = broken_copy(
        tmp_path, lambda wb: _set(wb["Migration Flows"], "I2", "Long-Term Migration (all routes)")
    )
    error = layout_error(path)
    assert_names_place(error, path, "Migration Flows", 2, "I")
    assert "'Long-Term International Migration'" in str(error)
    assert "'Long-Term Migration (all routes)'" in str(error)


@pytest.mark.parametrize(
    "sheet, ref, text, row, column",
    [
        ("GP Registrations", "D2", "New Migrant GP Registrations (all)", 2, "D"),
        ("Non-UK Born Population", "H3", "CI", 3, "H"),
        ("Births to Non-UK Born Mothers", "E3", "Share of births to non-UK born mothers", 3, "E"),
        ("NINo Registrations", "E2", "Mid-2020 Population Estimate", 2, "E"),  # lost '(16 to 64)'
        ("Migration Flows", "E3", None, 3, "E"),  # the 'Outflow' heading gone
    ],
)
def test_other_renamed_headings(tmp_path, sheet, ref, text, row, column):
    path = broken_copy(tmp_path, lambda wb: _set(wb[sheet], ref, text))
    assert_names_place(layout_error(path), path, sheet, row, column)


def test_headings_tolerate_whitespace_and_line_breaks(tmp_path, frame):
    def edit(wb):
        wb["NINo Registrations"]["D2"] = "  Migrant NINo\nRegistrations "
        wb["Migration Flows"]["F2"] = "Internal Migration\n(within UK)"
        wb["Non-British Population"]["E3"] = "CI+/-"

    pd.testing.assert_frame_equal(lami.parse(broken_copy(tmp_path, edit)), frame)


def test_header_row_moved_below_row_10(tmp_path):
    path = broken_copy(tmp_path, lambda wb: wb["GP Registrations"].insert_rows(1, amount=9))
    error = layout_error(path)
    assert_names_place(error, path, "GP Registrations", 11, "A")
    assert "first 10 rows" in str(error)


def test_header_row_missing(tmp_path):
    path = broken_copy(tmp_path, lambda wb: _set(wb["GP Registrations"], "A2", "Code"))
    error = layout_error(path)
    assert_names_place(error, path, "GP Registrations", None, "A")
    assert "'Area Code'" in str(error)


def test_missing_sheet(tmp_path):
    def edit(wb):
        del wb["NINo Registrations"]

    path = broken_copy(tmp_path, edit)
    error = layout_error(path)
    assert_names_place(error, path, "NINo Registrations", None, None)
    assert "a sheet called 'NINo Registrations'" in str(error)


def test_unknown_text_in_a_data_cell(tmp_path):
    path = broken_copy(tmp_path, lambda wb: _set(wb["GP Registrations"], "D9", "see note 4"))
    error = layout_error(path)
    assert_names_place(error, path, "GP Registrations", 9, "D")
    assert "'see note 4'" in str(error)


def test_area_code_with_a_blank_name(tmp_path):
    path = broken_copy(tmp_path, lambda wb: _set(wb["Migration Flows"], "B10", None))
    error = layout_error(path)
    assert_names_place(error, path, "Migration Flows", 10, "B")
    assert "E06000014" in str(error)


def test_period_heading_that_cannot_be_read(tmp_path):
    path = broken_copy(tmp_path, lambda wb: _set(wb["Migration Flows"], "H1", "2019/20"))
    error = layout_error(path)
    assert_names_place(error, path, "Migration Flows", 1, "H")
    assert "'2019/20'" in str(error)


def test_period_of_the_wrong_kind(tmp_path):
    path = broken_copy(tmp_path, lambda wb: _set(wb["NINo Registrations"], "C1", "Mid-2018 to Mid-2019"))
    assert_names_place(layout_error(path), path, "NINo Registrations", 1, "C")


def test_periods_disagreeing_within_a_block(tmp_path):
    path = broken_copy(
        tmp_path, lambda wb: _set(wb["Short-Term Migration Inflows"], "D1", "Mid-2014 to Mid-2015")
    )
    assert_names_place(layout_error(path), path, "Short-Term Migration Inflows", 1, "D")


def test_population_year_must_match_the_period(tmp_path):
    path = broken_copy(tmp_path, lambda wb: _set(wb["Migration Flows"], "C2", "Mid-2018 Population Estimate"))
    error = layout_error(path)
    assert_names_place(error, path, "Migration Flows", 2, "C")
    assert "Mid-2019" in str(error)


def test_missing_period_heading(tmp_path):
    path = broken_copy(tmp_path, lambda wb: _set(wb["Migration Flows"], "H1", None))
    assert_names_place(layout_error(path), path, "Migration Flows", 1, "H")


def test_value_in_a_column_with_no_heading(tmp_path):
    path = broken_copy(tmp_path, lambda wb: _set(wb["NINo Registrations"], "G3", 12))
    assert_names_place(layout_error(path), path, "NINo Registrations", 3, "G")


@pytest.mark.parametrize("ref, column", [("G2", "G"), ("J2", "J"), ("K1", "K")])
def test_heading_to_the_right_of_the_last_block(tmp_path, ref, column):
    path = broken_copy(tmp_path, lambda wb: _set(wb["GP Registrations"], ref, "Rate per 1,000"))
    error = layout_error(path)
    assert_names_place(error, path, "GP Registrations", int(ref[1:]), column)
    assert "'Rate per 1,000'" in str(error)


def test_area_codes_below_the_footnotes(tmp_path):
    def edit(wb):
        ws = wb["GP Registrations"]
        ws.append(["E06000001", "Hartlepool", 93000, 300, 94000, 250])

    path = broken_copy(tmp_path, edit)
    error = layout_error(path)
    assert error.sheet == "GP Registrations" and error.column == "A"
    assert "below the end of the table" in str(error)


def test_same_area_twice(tmp_path):
    path = broken_copy(tmp_path, lambda wb: _set(wb["GP Registrations"], "A10", "E06000014"))
    assert_names_place(layout_error(path), path, "GP Registrations", 10, "A")


def test_text_between_header_and_first_area(tmp_path):
    def edit(wb):
        wb["NINo Registrations"].insert_rows(3)
        wb["NINo Registrations"]["A3"] = "Countries"

    path = broken_copy(tmp_path, edit)
    assert_names_place(layout_error(path), path, "NINo Registrations", 3, "A")


# ------------------------------------------------------------------------------------------
# The real published workbook (../shared/realdata), opt-in


@pytest.fixture(scope="module")
def real_file(realdata_dir: Path) -> Path:
    path = realdata_dir / "lami" / REAL_NAME
    if not path.exists():
        message = f"the real LAMI workbook is not at {path}"
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def real(real_file: Path) -> tuple[pd.DataFrame, float]:
    started = time.perf_counter()
    frame = lami.parse(real_file)
    return frame, time.perf_counter() - started


@pytest.mark.realdata
def test_real_york_long_term_inflow(real):
    frame, _ = real
    row = one(frame, "E06000014", "ltim_inflow", "Mid-2019 to Mid-2020")
    assert (row.value, row.status) == (3246.0, st.OK)
    assert (row.period_start, row.period_end) == ("2019-07-01", "2020-06-30")


@pytest.mark.realdata
def test_real_york_non_british(real):
    frame, _ = real
    row = one(frame, "E06000014", "non_british", "Jan 2020 to Dec 2020")
    assert (row.value, row.ci_lower, row.ci_upper) == (16000.0, 10000.0, 22000.0)


@pytest.mark.realdata
@pytest.mark.parametrize("sheet, measure", sorted(MEASURE_PER_SHEET.items()))
def test_real_local_authorities_in_every_sheet(real, sheet, measure):
    frame, _ = real
    codes = set(frame[frame.measure == measure].area_code)
    local = {code for code in codes if code.startswith(LA_PREFIXES)}
    assert len(local) >= 370, f"{sheet}: {len(local)} local authorities"
    assert 410 <= len(codes) <= 425, sheet


@pytest.mark.realdata
def test_real_file_as_a_whole(real, real_file):
    frame, seconds = real
    assert set(frame.measure) == MEASURE_IDS
    assert set(frame.status) <= set(st.STATUS_TEXT)
    assert frame[frame.status.isin(st.HAS_VALUE)].value.notna().all()
    assert frame[~frame.status.isin(st.HAS_VALUE)].value.isna().all()
    provisional = frame[frame.status == st.PROVISIONAL]
    assert set(provisional.measure) == {"stim_inflow"}
    assert set(provisional.period_label) == {"Mid-2016 to Mid-2017"}
    assert all(
        re.fullmatch(r"(Mid-\d{4}( to Mid-\d{4})?|Jan \d{4} to Dec \d{4})", p) for p in frame.period_label
    )
    assert lami.release_of(real_file) == Release(name="2021-09-17", date="2021-09-17")
    assert seconds < 20, f"parsing took {seconds:.1f}s"


@pytest.mark.realdata
def test_real_file_with_a_renamed_heading_is_refused(tmp_path, real_file):
    path = broken_copy(
        tmp_path, lambda wb: _set(wb["GP Registrations"], "D2", "New GP Registrations"), source=real_file
    )
    error = layout_error(path)
    assert_names_place(error, path, "GP Registrations", 2, "D")
    assert "'New GP Registrations'" in str(error)
