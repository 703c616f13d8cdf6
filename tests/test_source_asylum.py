"""The Home Office asylum support (Asy_D11) and resettlement (Res_D01) sources: declarations,
parsers for both layouts, the zero-versus-missing rule, the faults they report, layout errors,
the indicators built on them, and the real files."""

from __future__ import annotations

import csv
import math
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from migration_profiles.sources import asylum_support, resettlement
from migration_profiles.sources.base import TIDY_COLUMNS
from migration_profiles.stages.indicators import asylum as indicators
from migration_profiles.util import status as st
from migration_profiles.util.errors import LayoutError

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SUPPORT_RECENT = FIXTURES / "asylum_support" / "local_authority_support_recent.csv"
SUPPORT_OLD = FIXTURES / "asylum_support" / "local_authority_support_2017_2018.csv"
SUPPORT_XLSX = FIXTURES / "asylum_support" / "support-local-authority-datasets-fixture.xlsx"
RESETTLEMENT_CSV = FIXTURES / "resettlement" / "local_authority_resettlement_fixture.csv"
RESETTLEMENT_XLSX = FIXTURES / "resettlement" / "resettlement-local-authority-datasets-fixture.xlsx"
REAL_SUPPORT = "humaniverse_local_authority_support.csv"
REAL_RESETTLEMENT = "humaniverse_local_authority_resettlement.csv"

YORK, LEEDS, HULL, MIDDLESBROUGH = "E06000014", "E08000035", "E06000010", "E06000002"


@pytest.fixture(scope="module")
def recent() -> pd.DataFrame:
    return asylum_support.parse(SUPPORT_RECENT)


@pytest.fixture(scope="module")
def old() -> pd.DataFrame:
    return asylum_support.parse(SUPPORT_OLD)


@pytest.fixture(scope="module")
def arrivals() -> pd.DataFrame:
    return resettlement.parse(RESETTLEMENT_CSV)


def rows(frame: pd.DataFrame, code: str, measure: str, end: str) -> pd.DataFrame:
    return frame[(frame.area_code == code) & (frame.measure == measure) & (frame.period_end == end)]


def one(frame: pd.DataFrame, code: str, measure: str, end: str) -> pd.Series:
    found = rows(frame, code, measure, end)
    assert len(found) == 1, f"{code} {measure} {end}: {len(found)} rows"
    return found.iloc[0]


def value(frame: pd.DataFrame, code: str, measure: str, end: str) -> float:
    row = one(frame, code, measure, end)
    assert row.status == st.OK, f"{code} {measure} {end} is {row.status}"
    return row.value


def missing(frame: pd.DataFrame, code: str, measure: str, end: str) -> bool:
    row = one(frame, code, measure, end)
    return row.status == st.NOT_AVAILABLE and math.isnan(row.value)


def issues(frame: pd.DataFrame, fault: str) -> list[dict]:
    return [i for i in frame.attrs["quality"] if i["fault"] == fault]


# ------------------------------------------------------------------------------------------
# Declarations


@pytest.mark.parametrize("source", [asylum_support.SOURCE, resettlement.SOURCE], ids=lambda s: s.id)
def test_declaration_facts(source):
    assert source.id in ("asylum_support", "resettlement")
    assert source.publisher == "Home Office"
    assert source.landing_page.startswith("https://www.gov.uk/government/statistical-data-sets/")
    assert "Open Government Licence v3.0" == source.licence
    date.fromisoformat(source.next_release)
    assert source.downloads[0].url.startswith("https://assets.publishing.service.gov.uk/media/")
    assert source.downloads[0].url.endswith(".xlsx")
    assert {f.expect for f in source.files} == {"csv", "xlsx"}
    assert all(f.quality is not None for f in source.files)
    assert source.kind == ("stock" if source.id == "asylum_support" else "flow")
    assert "not suppressed" in source.rounding
    assert {m.unit for m in source.measures} == {"people"}


def test_file_names_are_recognised():
    support, arrivals_ = asylum_support.SOURCE, resettlement.SOURCE
    for name in (REAL_SUPPORT, "support-local-authority-datasets-sep-2024.xlsx", SUPPORT_XLSX.name):
        assert support.file_spec_for(name) is not None, name
        assert arrivals_.file_spec_for(name) is None, name
    for name in (REAL_RESETTLEMENT, "resettlement-local-authority-datasets-sep-2024.xlsx",
                 RESETTLEMENT_XLSX.name):
        assert arrivals_.file_spec_for(name) is not None, name
        assert support.file_spec_for(name) is None, name


def test_caveats_say_what_is_left_out():
    text = " ".join(c.text for c in asylum_support.SOURCE.caveats).lower()
    for phrase in ("refused asylum seekers", "unaccompanied children", "friends or family",
                   "last day of the quarter", "not the number supported over a year", "initial accommodation",
                   "hotels", "2018", "section 98", "not available", "wrong council code"):
        assert phrase in text, phrase
    terms = {t.name for t in asylum_support.SOURCE.terms} | {t.name for t in resettlement.SOURCE.terms}
    for name in ("Section 95 support", "Section 4 support", "Section 98 support", "Dispersal accommodation",
                 "Community Sponsorship"):
        assert name in terms
    for scheme in ("VPRS", "VCRS", "UKRS", "ACRS", "ARAP", "Mandate"):
        assert any(scheme in t for t in terms), scheme


# ------------------------------------------------------------------------------------------
# Asy_D11: figures and periods


def test_tidy_columns_and_periods(recent):
    assert list(recent.columns) == TIDY_COLUMNS
    row = one(recent, LEEDS, "asylum_s95_dispersed", "2024-03-31")
    assert (row.period_label, row.period_start, row.period_end) == (
        "End of March 2024", "2024-03-31", "2024-03-31")
    assert row.area_name == "Leeds"
    assert set(recent.status) <= {st.OK, st.NOT_AVAILABLE}
    assert set(recent.measure) <= {m.id for m in asylum_support.SOURCE.measures}


def test_values_and_totals(recent):
    assert value(recent, LEEDS, "asylum_s95_dispersed", "2022-12-31") == 815
    assert value(recent, LEEDS, "asylum_s95_subsistence_only", "2022-12-31") == 58  # 'Subsistence only'
    assert value(recent, LEEDS, "asylum_s95_total", "2022-12-31") == 873
    assert value(recent, LEEDS, "asylum_s4", "2023-09-30") == 34  # hotel and dispersal added together
    assert value(recent, LEEDS, "asylum_s95_hotel", "2023-09-30") == 120
    assert value(recent, LEEDS, "asylum_s95_other", "2023-09-30") == 15  # contingency - other
    assert value(recent, LEEDS, "asylum_s95_other", "2023-06-30") == 25  # initial accommodation
    assert value(recent, LEEDS, "asylum_s95_total", "2023-09-30") == 800 + 120 + 15 + 52
    # Leeds's Section 98: its own 6 and the 13 published under Hull's code but naming Leeds.
    assert value(recent, LEEDS, "asylum_accommodated", "2022-12-31") == 815 + 39 + 6 + 13
    assert value(recent, LEEDS, "asylum_total", "2022-12-31") == 873 + 39 + 6 + 13
    assert value(recent, LEEDS, "asylum_s98", "2023-03-31") == 5  # a duplicated row added together


def test_absent_council_quarter_is_zero(recent):
    assert value(recent, LEEDS, "asylum_s4", "2023-06-30") == 0  # Leeds has no Section 4 row that quarter
    assert value(recent, YORK, "asylum_s95_dispersed", "2023-03-31") == 0
    assert value(recent, YORK, "asylum_s98", "2023-12-31") == 0


def test_nothing_is_inferred_before_a_code_first_appears(recent):
    assert rows(recent, MIDDLESBROUGH, "asylum_s95_dispersed", "2022-12-31").empty
    assert value(recent, MIDDLESBROUGH, "asylum_s95_dispersed", "2023-03-31") == 480
    assert rows(recent, "E06000001", "asylum_s95_dispersed", "2023-03-31").empty  # never in the file


def test_figures_given_for_the_uk_only_are_not_available_for_councils(recent, old):
    # Section 98 before December 2022: one 'N/A - Section 98 (pre-Dec 2022)' line for the UK.
    assert missing(recent, LEEDS, "asylum_s98", "2022-09-30")
    assert missing(recent, "E92000001", "asylum_s98", "2022-09-30")
    assert value(recent, "K02000001", "asylum_s98", "2022-09-30") == 900
    # Subsistence only from December 2023: the totals that include it are missing too...
    assert missing(recent, YORK, "asylum_s95_subsistence_only", "2023-12-31")
    assert missing(recent, YORK, "asylum_s95_total", "2023-12-31")
    assert missing(recent, YORK, "asylum_total", "2023-12-31")
    # ...but the people in accommodation are complete.
    assert value(recent, YORK, "asylum_s95_hotel", "2023-12-31") == 36
    assert value(recent, YORK, "asylum_accommodated", "2024-03-31") == 35 + 4
    assert value(recent, "K02000001", "asylum_s95_subsistence_only", "2023-12-31") == 300
    # Section 4 before 2018.
    assert missing(old, LEEDS, "asylum_s4", "2017-12-31")
    assert value(old, LEEDS, "asylum_s4", "2018-03-31") == 95
    assert value(old, "K02000001", "asylum_s4", "2017-09-30") == 3900
    assert missing(old, LEEDS, "asylum_accommodated", "2017-12-31")


def test_categories_not_yet_in_the_table_have_no_rows(recent):
    # Hotels and initial accommodation are accommodation types from 31 December 2022 only.
    assert rows(recent, LEEDS, "asylum_s95_hotel", "2022-09-30").empty
    assert value(recent, LEEDS, "asylum_s95_hotel", "2022-12-31") == 0
    assert value(recent, LEEDS, "asylum_s95_total", "2022-09-30") == 820 + 60


def test_rows_under_another_councils_code_count_for_the_council_they_name(recent):
    # York's Section 98 hotel row at 31 Dec 2022 carries Hull's code but names York.
    assert value(recent, YORK, "asylum_s98", "2022-12-31") == 30
    # Hull keeps only its own 50; Leeds gets its own 6 and the 12 + 1 filed under Hull's code.
    assert value(recent, HULL, "asylum_s98", "2022-12-31") == 50
    assert value(recent, LEEDS, "asylum_s98", "2022-12-31") == 6 + 12 + 1
    # Glasgow's 45 under Aberdeen's code: Aberdeen had nobody of its own in Section 98.
    assert value(recent, "S12000033", "asylum_s98", "2022-12-31") == 0
    assert value(recent, "S12000049", "asylum_s98", "2022-12-31") == 20 + 45


def test_pseudo_areas_stay_under_their_published_codes(recent):
    assert value(recent, "N/A", "asylum_s95_dispersed", "2022-09-30") == 5
    assert one(recent, "N/A", "asylum_s95_dispersed", "2022-09-30").area_name == "Unknown"
    label = "N/A - Subsistence Only (Dec 2023 - Sep 2024)"
    assert value(recent, label, "asylum_s95_subsistence_only", "2024-03-31") == 280
    assert rows(recent, label, "asylum_s95_total", "2024-03-31").empty  # no totals inferred for notes


def test_country_and_uk_totals(recent):
    assert value(recent, "E92000001", "asylum_s95_dispersed", "2022-09-30") == 310 + 820 + 2
    assert value(recent, "S92000003", "asylum_s98", "2022-12-31") == 45 + 20
    assert value(recent, "E92000001", "asylum_s98", "2022-12-31") == 50 + 30 + 12 + 1 + 6
    # The UK adds the councils not recorded ('Unknown', code 'N/A').
    uk = value(recent, "K02000001", "asylum_s95_dispersed", "2022-09-30")
    assert uk == 310 + 820 + 2 + 70 + 900 + 260 + 5
    assert missing(recent, "E92000001", "asylum_s95_subsistence_only", "2024-03-31")


def test_a_code_replaced_by_a_new_one_stops_at_its_last_quarter(old):
    # Glasgow City: S12000046 to December 2017, S12000049 from March 2018.
    assert value(old, "S12000046", "asylum_s95_dispersed", "2017-12-31") == 3350
    assert rows(old, "S12000046", "asylum_s95_dispersed", "2018-03-31").empty
    assert rows(old, "S12000049", "asylum_s95_dispersed", "2017-12-31").empty
    assert value(old, "S12000049", "asylum_s95_dispersed", "2018-06-30") == 3420
    # A council merged away without a same-named successor keeps zeros to the end (documented).
    assert value(old, "E07000004", "asylum_s95_subsistence_only", "2018-06-30") == 0


def test_workbook_layout_gives_the_same_table(recent):
    frame = asylum_support.parse(SUPPORT_XLSX)
    pd.testing.assert_frame_equal(frame, recent)
    release = asylum_support.release_of(SUPPORT_XLSX)
    assert (release.name, release.date) == ("mar-2024", "2024-05-23")
    assert asylum_support.release_of(SUPPORT_RECENT).name == "mar-2024"
    assert asylum_support.release_of(SUPPORT_RECENT).date == ""


def _copy_workbook(tmp_path: Path, source: Path, edit) -> Path:
    target = tmp_path / source.name
    workbook = openpyxl.load_workbook(source)
    edit(workbook)
    workbook.save(target)
    return target


def test_newer_workbook_names_are_accepted(tmp_path, recent):
    def edit(workbook):
        sheet = workbook["Data - Asy_D11"]
        sheet.title = "Data_Asy_D11"
        sheet["C2"] = "UK Region / Nation"

    frame = asylum_support.parse(_copy_workbook(tmp_path, SUPPORT_XLSX, edit))
    pd.testing.assert_frame_equal(frame, recent)


# ------------------------------------------------------------------------------------------
# Asy_D11: faults reported, not fixed


def test_quality_hook_returns_what_the_parser_found(recent):
    spec = asylum_support.SOURCE.file_spec_for(SUPPORT_RECENT.name)
    found = spec.quality(recent)
    assert found == recent.attrs["quality"]
    for entry in found:
        assert {"area_code", "issue", "rows"} <= set(entry)
        assert entry["issue"].strip()


def test_wrong_codes_are_reported_with_area_name_quarter_and_people(recent):
    wrong = {(i["area_code"], i["name_found"]): i for i in issues(recent, "wrong code")}
    assert set(wrong) == {(HULL, "York"), (HULL, "Leeds"), ("S12000033", "Glasgow City")}
    york = wrong[(HULL, "York")]
    assert (york["period"], york["rows"], york["people"]) == ("2022-12-31", 1, 30)
    assert york["usual_name"] == "Kingston upon Hull, City of"
    assert "Section 98" in york["issue"] and "E06000014" in york["issue"]
    assert wrong[(HULL, "Leeds")]["people"] == 13 and wrong[(HULL, "Leeds")]["rows"] == 2
    assert "under this area's code E06000010" in york["note"]
    # The councils named in those rows hear about it on their own pages.
    elsewhere = {i["area_code"]: i for i in issues(recent, "figures under another code")}
    assert set(elsewhere) == {YORK, LEEDS, "S12000049"}
    assert "published under E06000010" in elsewhere[YORK]["note"]


def test_pseudo_areas_names_spellings_and_duplicates_are_reported(recent):
    pseudo = {i["area_code"] for i in issues(recent, "pseudo-area")}
    assert pseudo == {"N/A", "N/A - Section 98 (pre-Dec 2022)",
                      "N/A - Subsistence Only (Dec 2023 - Sep 2024)"}
    renamed = issues(recent, "name differs")
    assert [(i["area_code"], i["name_found"], i["usual_name"]) for i in renamed] == [
        ("E07000112", "Shepway", "Folkestone and Hythe")]
    spellings = {i["found"]: i for i in issues(recent, "spelling")}
    assert set(spellings) == {"Subsistence only", "Yorkshire And The Humber"}
    assert spellings["Subsistence only"]["usual"] == "Subsistence Only"
    duplicates = issues(recent, "duplicate rows")
    assert [(i["area_code"], i["period"], i["people"]) for i in duplicates] == [(LEEDS, "2023-03-31", 5)]


def test_misspelt_name_in_older_figures_is_reported(old):
    renamed = issues(old, "name differs")
    assert [(i["area_code"], i["name_found"]) for i in renamed] == [("E07000200", "Bamberg")]
    assert {i["area_code"] for i in issues(old, "pseudo-area")} == {
        "N/A - Section 4 (pre-2018)", "N/A - Section 98 (pre-Dec 2022)"}


# ------------------------------------------------------------------------------------------
# Asy_D11: layout errors name the file, row and column


def _rewrite_csv(tmp_path: Path, source: Path, edit, name: str | None = None) -> Path:
    with source.open(newline="", encoding="utf-8") as handle:
        lines = list(csv.reader(handle))
    lines = edit(lines)
    target = tmp_path / (name or source.name)
    with target.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(lines)
    return target


def test_renamed_column_is_a_layout_error(tmp_path):
    def edit(lines):
        lines[0][lines[0].index("People")] = "Persons supported"
        return lines

    path = _rewrite_csv(tmp_path, SUPPORT_RECENT, edit)
    with pytest.raises(LayoutError) as error:
        asylum_support.parse(path)
    message = str(error.value)
    assert path.name in message and "row 1" in message
    assert "'People'" in message and "'Persons supported'" in message


def test_unknown_support_type_is_a_layout_error(tmp_path):
    def edit(lines):
        lines[5][3] = "Section 96"
        return lines

    path = _rewrite_csv(tmp_path, SUPPORT_RECENT, edit)
    with pytest.raises(LayoutError) as error:
        asylum_support.parse(path)
    message = str(error.value)
    assert path.name in message and "row 6" in message and "column Support Type" in message
    assert "'Section 96'" in message


def test_unknown_accommodation_type_and_bad_cells_are_layout_errors(tmp_path):
    cases = {
        (8, 7, "Caravan"): "column Accommodation Type",
        (8, 8, "12a"): "a count (a whole number, 0 or more)",
        (8, 0, "2022-09-29"): "the last day of a quarter",
        (8, 1, "2021"): "column Year",
        (8, 6, ""): "a GSS council code",
    }
    for (line, column, text), expected in cases.items():
        def edit(lines, line=line, column=column, text=text):
            lines[line - 1][column] = text
            return lines

        path = _rewrite_csv(tmp_path, SUPPORT_RECENT, edit)
        with pytest.raises(LayoutError) as error:
            asylum_support.parse(path)
        assert expected in str(error.value) and f"row {line}" in str(error.value), str(error.value)


def test_workbook_header_moved_down_is_a_layout_error(tmp_path):
    def edit(workbook):
        workbook["Data - Asy_D11"].insert_rows(1, amount=12)

    path = _copy_workbook(tmp_path, SUPPORT_XLSX, edit)
    with pytest.raises(LayoutError) as error:
        asylum_support.parse(path)
    message = str(error.value)
    assert "sheet 'Data - Asy_D11'" in message and "row 14" in message and "first 10 rows" in message


def test_workbook_without_the_data_sheet_is_a_layout_error(tmp_path):
    def edit(workbook):
        workbook["Data - Asy_D11"].title = "Asy_D11"

    path = _copy_workbook(tmp_path, SUPPORT_XLSX, edit)
    with pytest.raises(LayoutError, match="a sheet named 'Data - Asy_D11' or 'Data_Asy_D11'"):
        asylum_support.parse(path)


def test_workbook_cell_errors_name_the_column_letter(tmp_path):
    def edit(workbook):
        workbook["Data - Asy_D11"]["B5"] = "Section 96"

    path = _copy_workbook(tmp_path, SUPPORT_XLSX, edit)
    with pytest.raises(LayoutError) as error:
        asylum_support.parse(path)
    assert "row 5" in str(error.value) and "column B" in str(error.value)


# ------------------------------------------------------------------------------------------
# Res_D01


def test_resettlement_values_and_periods(arrivals):
    row = one(arrivals, YORK, "resettlement_total", "2021-09-30")
    assert (row.period_label, row.period_start, row.period_end) == (
        "July to September 2021", "2021-07-01", "2021-09-30")
    assert row.value == 11
    assert value(arrivals, YORK, "resettlement_ukrs", "2021-09-30") == 6
    assert value(arrivals, YORK, "resettlement_community_sponsorship", "2021-09-30") == 5
    assert value(arrivals, YORK, "resettlement_vcrs", "2021-03-31") == 2
    assert value(arrivals, LEEDS, "resettlement_mandate", "2022-03-31") == 1


def test_resettlement_zero_rule(arrivals):
    # A quarter with no rows anywhere in the file is still a quarter of it: nobody arrived.
    assert value(arrivals, YORK, "resettlement_total", "2021-06-30") == 0
    assert value(arrivals, YORK, "resettlement_ukrs", "2021-12-31") == 0
    # A scheme appears only while it runs in the file.
    assert rows(arrivals, YORK, "resettlement_vprs", "2021-06-30").empty
    assert value(arrivals, YORK, "resettlement_vprs", "2021-03-31") == 0
    # Nothing before a council first appears, and nothing for a council that never does.
    assert rows(arrivals, YORK, "resettlement_total", "2020-09-30").empty
    assert arrivals[arrivals.area_code == MIDDLESBROUGH].empty


def test_schemes_given_only_without_a_council_are_uk_figures(arrivals):
    councils = arrivals[arrivals.area_code.str.match(r"^[EWSN]\d{8}$")]
    assert not councils.measure.isin(["resettlement_acrs", "resettlement_arap",
                                      "resettlement_afghan_not_recorded"]).any()
    assert value(arrivals, "K02000001", "resettlement_arap", "2021-09-30") == 500
    assert value(arrivals, "K02000001", "resettlement_acrs", "2022-03-31") == 2
    # Totals add only schemes given by council, so they mean the same for the UK as for a council.
    assert value(arrivals, "K02000001", "resettlement_total", "2021-09-30") == 6 + 5 + 4
    assert value(arrivals, "K02000001", "resettlement_ukrs", "2022-03-31") == 3 + 4 + 1
    assert value(arrivals, "E92000001", "resettlement_total", "2022-03-31") == 3 + 1
    assert value(arrivals, "Unknown", "resettlement_ukrs", "2022-03-31") == 1


def test_resettlement_faults_reported(arrivals):
    assert {i["area_code"] for i in issues(arrivals, "pseudo-area")} == {"Unknown"}
    renamed = issues(arrivals, "name differs")
    assert [(i["area_code"], i["name_found"]) for i in renamed] == [("E07000112", "Shepway")]
    assert one(arrivals, "E07000112", "resettlement_total", "2021-03-31").area_name == "Folkestone and Hythe"


def test_resettlement_workbook_gives_the_same_table(arrivals, tmp_path):
    pd.testing.assert_frame_equal(resettlement.parse(RESETTLEMENT_XLSX), arrivals)
    assert resettlement.release_of(RESETTLEMENT_CSV).name == "mar-2022"

    def edit(workbook):  # the 2025-26 naming, with the extra Community Sponsorship column
        sheet = workbook["Data - Res_D01"]
        sheet.title = "Data_Res_D01"
        sheet["H2"] = "Community Sponsorship"

    newer = _copy_workbook(tmp_path, RESETTLEMENT_XLSX, edit)
    pd.testing.assert_frame_equal(resettlement.parse(newer), arrivals)


def test_resettlement_layout_errors(tmp_path):
    def scheme(lines):
        lines[3][6] = "Homes for Ukraine"
        return lines

    path = _rewrite_csv(tmp_path, RESETTLEMENT_CSV, scheme)
    with pytest.raises(LayoutError) as error:
        resettlement.parse(path)
    assert "row 4" in str(error.value) and "column Resettlement Scheme" in str(error.value)

    def quarter(workbook):
        workbook["Data - Res_D01"]["B4"] = "2020 Quarter 4"

    path = _copy_workbook(tmp_path, RESETTLEMENT_XLSX, quarter)
    with pytest.raises(LayoutError) as error:
        resettlement.parse(path)
    assert "row 4" in str(error.value) and "column B" in str(error.value) and "2024 Q3" in str(error.value)


# ------------------------------------------------------------------------------------------
# Indicators


def _observations(frame: pd.DataFrame, source_id: str) -> pd.DataFrame:
    return frame.assign(source_id=source_id, release="test", file_name="f", snapshot_sha256="0" * 64)


def test_scheme_groups_add_up(arrivals):
    obs = _observations(arrivals, "resettlement")
    by_id = {i.id: i for i in indicators.INDICATORS}
    groups = by_id["resettlement_global_schemes"].compute(obs)
    york = groups[(groups.area_code == YORK) & (groups.period_end == "2021-09-30")]
    assert york.value.tolist() == [11] and york.status.tolist() == [st.OK]
    syria = by_id["resettlement_syria_schemes"].compute(obs)
    assert syria[(syria.area_code == YORK) & (syria.period_end == "2021-03-31")].value.tolist() == [2]
    assert syria[(syria.area_code == YORK) & (syria.period_end == "2021-06-30")].empty
    afghan = by_id["resettlement_afghan_schemes"].compute(obs)
    assert set(afghan.area_code) == {"K02000001", "Unknown"}


def test_sum_of_keeps_a_missing_part_missing(recent):
    obs = _observations(recent, "asylum_support")
    summed = indicators.sum_of("asylum_support", ("asylum_s95_hotel", "asylum_s95_subsistence_only"))(obs)
    cell = summed[(summed.area_code == YORK) & (summed.period_end == "2023-12-31")].iloc[0]
    assert cell.status == st.NOT_AVAILABLE and math.isnan(cell.value)


def test_rate_pairs_the_latest_mid_year_population_within_five_years(recent):
    population = pd.DataFrame({
        "area_code": [YORK, YORK, LEEDS],
        "area_name": ["York", "York", "Leeds"],
        "period_label": ["Mid-2019", "Mid-2023", "Mid-2018"],
        "period_start": ["2019-06-30", "2023-06-30", "2018-06-30"],
        "period_end": ["2019-06-30", "2023-06-30", "2018-06-30"],
        "measure": "population",
        "value": [200000.0, 210000.0, 800000.0],
        "ci_lower": float("nan"), "ci_upper": float("nan"), "status": st.OK,
    })
    obs = pd.concat([_observations(recent, "asylum_support"), _observations(population, "mye")],
                    ignore_index=True)
    rate = indicators.per_1000_residents("asylum_support", "asylum_accommodated")(obs)
    york = rate[rate.area_code == YORK].set_index("period_end")
    assert york.loc["2023-03-31", "value"] == pytest.approx((0 + 0 + 0 + 0 + 40) * 1000 / 200000)
    assert york.loc["2024-03-31", "value"] == pytest.approx((35 + 4) * 1000 / 210000)
    # York's Section 98 row at 31 Dec 2022 (30 people, published under Hull's code) counts for York.
    assert york.loc["2022-12-31", "value"] == pytest.approx((3 + 30) * 1000 / 200000)
    leeds = rate[rate.area_code == LEEDS].set_index("period_end")
    assert leeds.loc["2023-06-30", "value"] == pytest.approx((805 + 25) * 1000 / 800000)
    # Mid-2018 is more than five years before 30 September 2023: no rate rather than a stale one.
    assert leeds.loc["2023-09-30", "status"] == st.NOT_AVAILABLE
    assert math.isnan(leeds.loc["2023-09-30", "value"])
    assert rate[rate.area_code == HULL].empty  # no population at all, so no rate ever


def test_charts_refer_to_this_modules_indicators():
    ids = {i.id for i in indicators.INDICATORS}
    for chart in indicators.CHARTS:
        assert set(chart.indicator_ids) <= ids
        assert len(chart.indicator_ids) <= 4  # the palette has four distinguishable series
    # Rates are set beside the region and country; counts, whose comparators differ in scale, are not.
    with_comparators = {c.id for c in indicators.CHARTS if c.with_comparators}
    assert with_comparators == {"asylum_accommodated_rate", "resettlement_rate"}
    # A council's resettlement chart is drawn only when its first series, the total, has figures.
    schemes = next(c for c in indicators.CHARTS if c.id == "resettlement_schemes")
    assert schemes.indicator_ids[0] == "resettlement_total"


# ------------------------------------------------------------------------------------------
# The real files


def real_file(realdata_dir: Path, name: str) -> Path:
    path = realdata_dir / "homeoffice_asylum" / name
    if not path.exists():
        pytest.skip(f"{path} not found")
    return path


@pytest.fixture(scope="module")
def real_support(realdata_dir) -> pd.DataFrame:
    return asylum_support.parse(real_file(realdata_dir, REAL_SUPPORT))


@pytest.fixture(scope="module")
def real_arrivals(realdata_dir) -> pd.DataFrame:
    return resettlement.parse(real_file(realdata_dir, REAL_RESETTLEMENT))


@pytest.mark.realdata
def test_real_release(realdata_dir):
    for source, name in ((asylum_support, REAL_SUPPORT), (resettlement, REAL_RESETTLEMENT)):
        path = real_file(realdata_dir, name)
        assert source.SOURCE.file_spec_for(path.name) is not None
        assert source.release_of(path).name == "sep-2024"


@pytest.mark.realdata
def test_real_york_section_95_by_quarter_to_september_2024(real_support):
    quarters = [f"{y}-{md}" for y in range(2020, 2025) for md in ("03-31", "06-30", "09-30", "12-31")]
    quarters = [q for q in quarters if "2020-09-30" <= q <= "2024-09-30"]
    for measure in ("asylum_s95_dispersed", "asylum_s95_hotel", "asylum_s95_total", "asylum_accommodated"):
        york = real_support[(real_support.area_code == YORK) & (real_support.measure == measure)]
        ends = set(york.period_end)
        wanted = [q for q in quarters if measure != "asylum_s95_hotel" or q >= "2022-12-31"]
        if measure == "asylum_accommodated":
            wanted = [q for q in quarters if q >= "2018-03-31"]
        assert set(wanted) <= ends, measure
    assert value(real_support, YORK, "asylum_s95_hotel", "2024-09-30") == 354
    assert value(real_support, YORK, "asylum_s98", "2024-09-30") == 56
    assert value(real_support, YORK, "asylum_accommodated", "2024-09-30") == 410
    assert value(real_support, YORK, "asylum_s95_total", "2023-09-30") == 415
    # Subsistence only was given for the UK only from December 2023, so the total is not available.
    assert missing(real_support, YORK, "asylum_s95_total", "2024-09-30")
    assert value(real_support, LEEDS, "asylum_s95_dispersed", "2024-09-30") == 1190
    assert value(real_support, MIDDLESBROUGH, "asylum_s95_dispersed", "2024-09-30") == 613


@pytest.mark.realdata
def test_real_hull_december_2022_fault_is_reported(real_support):
    hull = [i for i in issues(real_support, "wrong code") if i["area_code"] == HULL]
    assert len({i["name_found"] for i in hull}) == 21
    assert {i["period"] for i in hull} == {"2022-12-31"}
    york = next(i for i in hull if i["name_found"] == "York")
    assert (york["rows"], york["people"]) == (1, 317)
    aberdeen = {i["name_found"] for i in issues(real_support, "wrong code") if i["area_code"] == "S12000033"}
    assert aberdeen == {"Falkirk", "Glasgow City", "Inverclyde", "Perth and Kinross", "South Lanarkshire"}
    # Each row counts for the council it names: Hull keeps only its own Section 98 rows that quarter.
    named_elsewhere = sum(i["people"] for i in hull)
    assert value(real_support, HULL, "asylum_s98", "2022-12-31") == 4077 - named_elsewhere
    assert value(real_support, YORK, "asylum_s98", "2022-12-31") >= 317
    assert any(i["area_code"] == YORK for i in issues(real_support, "figures under another code"))


@pytest.mark.realdata
def test_real_pseudo_areas_and_spellings_are_reported(real_support, real_arrivals):
    assert {i["area_code"] for i in issues(real_support, "pseudo-area")} == {
        "N/A", "N/A - Section 4 (pre-2018)", "N/A - Section 98 (pre-Dec 2022)",
        "N/A - Subsistence Only (Dec 2023 - Sep 2024)"}
    assert {i["found"] for i in issues(real_support, "spelling")} == {
        "Subsistence only", "Yorkshire And The Humber", "East Of England"}
    assert {(i["area_code"], i["name_found"]) for i in issues(real_support, "name differs")} == {
        ("E07000112", "Shepway"), ("E07000200", "Bamberg"), ("N09000011", "North Down and Ards")}
    assert len(issues(real_support, "duplicate rows")) == 2
    assert {i["area_code"] for i in issues(real_arrivals, "pseudo-area")} == {"Unknown"}


@pytest.mark.realdata
def test_real_resettlement(real_arrivals):
    assert real_arrivals[real_arrivals.area_code == MIDDLESBROUGH].empty
    assert value(real_arrivals, YORK, "resettlement_total", "2021-09-30") == 11
    assert value(real_arrivals, YORK, "resettlement_total", "2020-06-30") == 0  # no arrivals anywhere
    councils = real_arrivals[real_arrivals.area_code.str.match(r"^[EWSN]\d{8}$")]
    assert not councils.measure.isin(["resettlement_acrs", "resettlement_arap"]).any()
    uk = real_arrivals[real_arrivals.area_code == "K02000001"].groupby("measure").value.sum()
    assert uk["resettlement_vprs"] == 20319


@pytest.mark.realdata
def test_real_glasgow_code_change_resolves_through_the_geography(realdata_dir, real_support):
    from migration_profiles.sources import geography
    from migration_profiles.stages.geography import Geography

    lookups = realdata_dir / "lookups"
    areas = geography.parse_authorities(next(lookups.glob("*uk_local_authorities*.csv")))
    changes = geography.parse_changes(next(lookups.glob("*changes*.csv")))
    frame = real_support.assign(source_id="asylum_support")
    harmonised, log = Geography.from_tables(areas, changes).harmonise(frame)
    glasgow = harmonised[(harmonised.area_code == "S12000049")
                         & (harmonised.measure == "asylum_s95_dispersed")]
    assert glasgow.period_end.is_unique  # no quarter under both codes
    assert set(glasgow[glasgow.original_code == "S12000046"].period_end) == {
        f"{y}-{md}" for y in range(2014, 2018) for md in ("03-31", "06-30", "09-30", "12-31")}
    entry = next(e for e in log if e["area_code"] == "S12000046")
    assert entry["action"] == "recoded" and "double counting" not in entry["note"]


@pytest.mark.realdata
@pytest.mark.parametrize("name", [REAL_SUPPORT, REAL_RESETTLEMENT])
def test_broken_copies_of_the_real_files_give_clear_errors(realdata_dir, tmp_path, name):
    path = real_file(realdata_dir, name)
    parse = asylum_support.parse if name == REAL_SUPPORT else resettlement.parse
    text = path.read_text(encoding="utf-8-sig")
    header, rest = text.split("\n", 1)

    renamed = tmp_path / "renamed" / name
    renamed.parent.mkdir()
    renamed.write_text(header.replace("Local Authority", "Council") + "\n" + rest, encoding="utf-8")
    with pytest.raises(LayoutError) as error:
        parse(renamed)
    assert name in str(error.value) and "row 1" in str(error.value)
    assert "'Local Authority'" in str(error.value) and "'Council'" in str(error.value)

    moved = tmp_path / "moved" / name
    moved.parent.mkdir()
    moved.write_text("Asylum data (tidied)\n\n" + text, encoding="utf-8")
    with pytest.raises(LayoutError) as error:
        parse(moved)
    assert name in str(error.value) and "row 1" in str(error.value) and "header row" in str(error.value)


# ------------------------------------------------------------------------------------------
# The 2025-26 workbook layouts, written by hand (make_xlsx_fixtures.py)

SUPPORT_2026 = FIXTURES / "asylum_support" / "support-local-authority-datasets-2025-26-fixture.xlsx"
RESETTLEMENT_2026 = FIXTURES / "resettlement" / "resettlement-local-authority-datasets-2025-26-fixture.xlsx"


def test_the_2025_26_asylum_workbook_gives_the_same_table_and_its_publication_date(recent):
    # Cover_sheet, Contents, a summary sheet named 'Asy_D11' and the data in 'Data_Asy_D11'.
    assert openpyxl.load_workbook(SUPPORT_2026, read_only=True).sheetnames == [
        "Cover_sheet", "Contents", "Asy_D11", "Data_Asy_D11"]
    pd.testing.assert_frame_equal(asylum_support.parse(SUPPORT_2026), recent)
    release = asylum_support.release_of(SUPPORT_2026)
    assert (release.name, release.date) == ("mar-2024", "2026-08-27")


def test_the_2025_26_resettlement_workbook_gives_the_same_table(arrivals):
    pd.testing.assert_frame_equal(resettlement.parse(RESETTLEMENT_2026), arrivals)
    assert resettlement.release_of(RESETTLEMENT_2026).date == "2026-08-27"


def test_a_2025_26_workbook_without_the_data_sheet_names_the_sheets_it_found(tmp_path):
    def drop(workbook):
        del workbook["Data_Asy_D11"]

    with pytest.raises(LayoutError) as error:
        asylum_support.parse(_copy_workbook(tmp_path, SUPPORT_2026, drop))
    assert "'Data_Asy_D11'" in str(error.value) and "'Asy_D11'" in str(error.value)
