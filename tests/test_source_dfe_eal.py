"""The DfE school census EAL source: declaration, parser, strict layout errors, real file, pages."""

from __future__ import annotations

import gzip
import math
import re
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from migration_profiles.acquire.snapshots import validate_file
from migration_profiles.render.postprocess import page_text
from migration_profiles.sources import all_sources, dfe_eal
from migration_profiles.sources.base import TIDY_COLUMNS
from migration_profiles.stages.indicators.catalogue import CHARTS, INDICATORS, THEMES
from migration_profiles.util import status as st
from migration_profiles.util.errors import LayoutError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "dfe_eal"
DATA = FIXTURES / "spc_pupils_ethnicity_and_language_fixture.data.csv.gz"
META = FIXTURES / "spc_pupils_ethnicity_and_language_fixture.meta.csv"
REAL_DATA = "ees_spc_pupils_ethnicity_and_language.data.csv.gz"
REAL_META = "ees_spc_pupils_ethnicity_and_language.meta.csv"

MEASURE_IDS = {f"{stem}_{phase}" for stem in ("eal_pupils", "pupils", "eal_share")
               for phase in ("all", "primary", "secondary")}
YORK, MIDDLESBROUGH, LEEDS = "E06000014", "E06000002", "E08000035"
LANCASHIRE, NORTH_YORKSHIRE = "E10000017", "E10000023"
Y2021 = "January 2021 (school year 2020/21)"
Y2022 = "January 2022 (school year 2021/22)"


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return dfe_eal.parse(DATA)


def one(frame: pd.DataFrame, code: str, measure: str, label: str) -> pd.Series:
    rows = frame[(frame.area_code == code) & (frame.measure == measure) & (frame.period_label == label)]
    assert len(rows) == 1, f"{code} {measure} {label}: {len(rows)} rows"
    return rows.iloc[0]


def fixture_lines() -> list[str]:
    return gzip.decompress(DATA.read_bytes()).decode("utf-8").splitlines()


def write_variant(tmp_path: Path, lines: list[str], name: str = DATA.name, bom: bool = False) -> Path:
    path = tmp_path / name
    text = ("\ufeff" if bom else "") + "\n".join(lines) + "\n"
    if name.endswith(".gz"):
        path.write_bytes(gzip.compress(text.encode("utf-8")))
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def edit_row(tmp_path: Path, match: Callable[[list[str]], bool], column: str, value: str) -> tuple[Path, int]:
    """A copy of the fixture with one cell changed in the first row `match` accepts; returns its row."""
    lines = fixture_lines()
    header = lines[0].split(",")
    at = header.index(column)
    for number, line in enumerate(lines[1:], start=2):
        cells = line.split(",")
        if match(dict(zip(header, cells, strict=True))):
            cells[at] = value
            lines[number - 1] = ",".join(cells)
            return write_variant(tmp_path, lines), number
    raise AssertionError("no fixture row matched")


def york_eal(year: str = "202122", phase: str = "State-funded secondary") -> Callable[[dict], bool]:
    return lambda r: (r["new_la_code"] == YORK and r["time_period"] == year
                      and r["phase_type_grouping"] == phase and r["ethnicity"] == "Total"
                      and r["language"] == dfe_eal.EAL)


def layout_error(path: Path) -> LayoutError:
    with pytest.raises(LayoutError) as caught:
        dfe_eal.parse(path)
    return caught.value


def assert_names_place(error: LayoutError, path: Path, row: int | None, column: str | None) -> None:
    assert error.source_id == "dfe_eal"
    assert error.file == path.name
    assert (error.row, error.column) == (row, column), str(error)
    assert path.name in str(error) and "expected" in str(error)


# ------------------------------------------------------------------------------------------
# Declaration


def test_declaration_facts():
    source = dfe_eal.SOURCE
    assert source.id == "dfe_eal" and source in all_sources()
    assert "Department for Education" in source.publisher
    assert source.landing_page.startswith("https://explore-education-statistics.service.gov.uk/find-statistics/")
    assert "school-pupils-and-their-characteristics" in source.landing_page
    assert source.licence == "Open Government Licence v3.0"
    assert "June" in source.cadence
    assert date.fromisoformat(source.next_release) > date(2026, 6, 30)
    assert source.kind == "stock" and not source.superseded
    assert source.downloads[0].url.startswith("https://explore-education-statistics.service.gov.uk/data-catalogue/")
    assert "independent" in source.not_covered.lower()
    assert {m.id for m in source.measures} == MEASURE_IDS
    assert all(m.counts for m in source.measures)


def test_caveats_say_what_eal_is_not():
    text = " ".join(c.text for c in dfe_eal.SOURCE.caveats).lower()
    for needle in ("does not measure migration", "born in the uk", "how well", "january", "county",
                   "where their school is", "independent schools"):
        assert needle in text, needle
    assert {t.name.split(" (")[0] for t in dfe_eal.SOURCE.terms} >= {
        "English as an additional language", "School census", "Phase"}


@pytest.mark.parametrize("name, kind", [
    ("ees_spc_pupils_ethnicity_and_language.data.csv.gz", "data"),
    ("spc_pupils_ethnicity_and_language.csv", "data"),
    ("spc_pupils_ethnicity_and_language_.csv", "data"),
    ("SPC_Pupils_Ethnicity_And_Language.CSV", "data"),
    ("ees_spc_pupils_ethnicity_and_language.meta.csv", "meta"),
    ("spc_pupils_ethnicity_and_language_.meta.csv", "meta"),
    ("spc_pupils_fsm.csv", None),
    ("MYEB3_summary_components_of_change_series_UK_(2020_geog21).csv", None),
])
def test_file_names(name, kind):
    spec = dfe_eal.SOURCE.file_spec_for(name)
    expected = {"data": dfe_eal.parse, "meta": dfe_eal.parse_meta, None: None}[kind]
    assert (spec.parse if spec else None) is expected


@pytest.mark.parametrize("year, day", [(2016, "2016-01-21"), (2019, "2019-01-17"), (2021, "2021-01-21"),
                                       (2022, "2022-01-20"), (2024, "2024-01-18")])
def test_census_day_is_the_third_thursday_of_january(year, day):
    assert dfe_eal.census_day(year).isoformat() == day


def test_period_labels():
    assert dfe_eal.period_of("201516") == ("January 2016 (school year 2015/16)", "2016-01-21", "2016-01-21")
    assert dfe_eal.period_of("199900") == ("January 2000 (school year 1999/00)", "2000-01-20", "2000-01-20")
    for bad in ("2015/16", "201517", "2015", "20151"):
        with pytest.raises(ValueError):
            dfe_eal.period_of(bad)


def test_fixture_files_pass_the_snapshot_checks():
    assert validate_file(dfe_eal.SOURCE, DATA).parse is dfe_eal.parse
    assert validate_file(dfe_eal.SOURCE, META).parse is dfe_eal.parse_meta
    assert META.read_bytes().startswith(b"\xef\xbb\xbf")


# ------------------------------------------------------------------------------------------
# The fixture


def test_columns_types_measures_and_statuses(frame):
    assert list(frame.columns) == TIDY_COLUMNS
    assert frame.value.dtype == "float64"
    assert set(frame.measure) == MEASURE_IDS
    assert set(frame.status) == {st.OK}
    assert frame.ci_lower.isna().all() and frame.ci_upper.isna().all()
    # 9 areas, 2 years, 9 measures: nothing twice, nothing missing.
    assert len(frame) == 9 * 2 * 9
    assert not frame.duplicated(["area_code", "period_label", "measure"]).any()


@pytest.mark.parametrize("label, measure, value", [
    (Y2022, "eal_pupils_all", 2074), (Y2022, "pupils_all", 25115), (Y2022, "eal_share_all", 8.25801314),
    (Y2022, "eal_pupils_primary", 1321), (Y2022, "pupils_primary", 13810),
    (Y2022, "eal_share_primary", 9.565532223),
    (Y2022, "eal_pupils_secondary", 702), (Y2022, "pupils_secondary", 10555),
    (Y2022, "eal_share_secondary", 6.650876362),
    (Y2021, "eal_pupils_all", 1940), (Y2021, "pupils_all", 24850), (Y2021, "eal_share_all", 7.806841046),
    (Y2021, "eal_share_primary", 9.124087591), (Y2021, "eal_share_secondary", 6.153846154),
])
def test_exact_values_for_york(frame, label, measure, value):
    row = one(frame, YORK, measure, label)
    assert row.value == value
    assert row.status == st.OK
    assert row.area_name == "York"


def test_periods_are_census_days(frame):
    assert set(frame.period_label) == {Y2021, Y2022}
    row = one(frame, YORK, "eal_share_all", Y2022)
    assert (row.period_start, row.period_end) == ("2022-01-20", "2022-01-20")
    row = one(frame, YORK, "eal_share_all", Y2021)
    assert (row.period_start, row.period_end) == ("2021-01-21", "2021-01-21")


def test_national_regional_and_upper_tier_rows(frame):
    names = dict(frame[["area_code", "area_name"]].drop_duplicates().itertuples(index=False))
    assert names == {
        "E92000001": "England", "E12000001": "North East", "E12000002": "North West",
        "E12000003": "Yorkshire and The Humber", YORK: "York", MIDDLESBROUGH: "Middlesbrough", LEEDS: "Leeds",
        LANCASHIRE: "Lancashire", NORTH_YORKSHIRE: "North Yorkshire",
    }
    assert one(frame, "E92000001", "pupils_all", Y2022).value == 8000000
    assert one(frame, "E12000003", "eal_pupils_all", Y2021).value == 111650
    assert one(frame, LANCASHIRE, "eal_pupils_all", Y2022).value == 22167
    assert one(frame, LANCASHIRE, "eal_share_all", Y2022).value == 12.315


def test_published_share_is_eal_over_all_pupils(frame):
    wide = frame.pivot_table(index=["area_code", "period_label"], columns="measure", values="value")
    for phase in ("all", "primary", "secondary"):
        computed = 100 * wide[f"eal_pupils_{phase}"] / wide[f"pupils_{phase}"]
        assert (computed - wide[f"eal_share_{phase}"]).abs().max() < 1e-6


def test_other_school_types_ethnic_groups_and_language_groups_are_not_read(frame):
    # York's "all school types" total is the published Total row, not a sum of the ethnic-group rows.
    assert one(frame, YORK, "pupils_all", Y2022).value == 25115
    # Middlesbrough has no pupil referral unit rows in 2021/22; its totals still read.
    assert one(frame, MIDDLESBROUGH, "pupils_all", Y2022).value == 26838


def test_the_meta_file_is_checked_and_gives_no_figures():
    result = dfe_eal.parse_meta(META)
    assert list(result.columns) == TIDY_COLUMNS and result.empty


def test_no_quality_issues_in_the_fixture(frame):
    assert dfe_eal.quality(frame) == []


def test_a_plain_csv_with_a_byte_order_mark_reads_the_same(tmp_path, frame):
    path = write_variant(tmp_path, fixture_lines(), "spc_pupils_ethnicity_and_language.csv", bom=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    pd.testing.assert_frame_equal(dfe_eal.parse(path), frame)


def test_blank_lines_are_skipped_and_row_numbers_still_count_them(tmp_path):
    lines = fixture_lines()
    lines.insert(1, "")
    lines.append("")
    path = write_variant(tmp_path, lines)
    assert len(dfe_eal.parse(path)) == 162
    lines[3] = lines[3].replace("Academic year", "Financial year")
    error = layout_error(write_variant(tmp_path, lines))
    assert (error.row, error.column) == (4, "time_identifier")


def test_extra_columns_are_ignored(tmp_path, frame):
    lines = [line + (",extra" if n else ",note") for n, line in enumerate(fixture_lines())]
    pd.testing.assert_frame_equal(dfe_eal.parse(write_variant(tmp_path, lines)), frame)


# ------------------------------------------------------------------------------------------
# Markers of newer EES files


@pytest.mark.parametrize("marker, expected", [
    ("c", st.CONFIDENTIAL), ("x", st.NOT_AVAILABLE), ("z", st.NOT_APPLICABLE), ("low", st.CONFIDENTIAL),
    (":", st.NOT_AVAILABLE),
])
def test_markers_stay_missing_with_their_reason(tmp_path, marker, expected):
    path, _ = edit_row(tmp_path, york_eal(), "headcount", marker)
    result = dfe_eal.parse(path)
    row = one(result, YORK, "eal_pupils_secondary", Y2022)
    assert row.status == expected and math.isnan(row.value)
    assert one(result, YORK, "eal_share_secondary", Y2022).status == st.OK  # the other cell is untouched


def test_a_suppressed_share(tmp_path):
    path, _ = edit_row(tmp_path, york_eal("202021", "Total"), "percent_of_pupils", "c")
    row = one(dfe_eal.parse(path), YORK, "eal_share_all", Y2021)
    assert row.status == st.CONFIDENTIAL and math.isnan(row.value)


# ------------------------------------------------------------------------------------------
# Strict layout errors


def test_renamed_column(tmp_path):
    lines = fixture_lines()
    lines[0] = lines[0].replace("percent_of_pupils", "pupil_percent")
    path = write_variant(tmp_path, lines)
    error = layout_error(path)
    assert_names_place(error, path, 1, "percent_of_pupils")
    assert "'pupil_percent'" in str(error)


def test_missing_column(tmp_path):
    lines = [",".join(c for i, c in enumerate(line.split(",")) if i != 9) for line in fixture_lines()]
    path = write_variant(tmp_path, lines)
    assert_names_place(layout_error(path), path, 1, "new_la_code")


@pytest.mark.parametrize("column, value", [
    ("phase_type_grouping", "State-funded middle school"),
    ("language", "Believed to be Welsh"),
    ("geographic_level", "Galaxy"),
    ("time_period", "2021-22"),
    ("time_identifier", "Calendar year"),
])
def test_unknown_values_in_any_row(tmp_path, column, value):
    # Even a row the parser would not read (an ethnic group, a nursery) must be of a known kind.
    path, row = edit_row(tmp_path, lambda r: r["ethnicity"] == "Asian - Pakistani"
                         and r["phase_type_grouping"] == "State-funded nursery" and r["new_la_code"] == LEEDS,
                         column, value)
    error = layout_error(path)
    assert_names_place(error, path, row, column)
    assert repr(value) in str(error)


@pytest.mark.parametrize("column, value", [
    ("headcount", "n/k"), ("headcount", "-3"), ("headcount", "12.5"), ("headcount", ""),
    ("percent_of_pupils", "101.2"), ("percent_of_pupils", "about 6"),
    ("new_la_code", "E0600014"), ("la_name", ""),
])
def test_bad_cells_in_rows_that_are_read(tmp_path, column, value):
    path, row = edit_row(tmp_path, york_eal(), column, value)
    assert_names_place(layout_error(path), path, row, column)


def test_bad_region_and_country_codes(tmp_path):
    regional = lambda r: r["geographic_level"] == "Regional" and r["ethnicity"] == "Total"  # noqa: E731
    path, row = edit_row(tmp_path, regional, "region_code", "E1200003")
    assert_names_place(layout_error(path), path, row, "region_code")
    national = lambda r: r["geographic_level"] == "National" and r["ethnicity"] == "Total"  # noqa: E731
    path, row = edit_row(tmp_path, national, "country_code", "K02000001")
    assert_names_place(layout_error(path), path, row, "country_code")


def test_a_row_repeated(tmp_path):
    lines = fixture_lines()
    number = next(n for n, line in enumerate(lines[1:], start=2)
                  if line.startswith("202122") and ",York," in line and ",Total,Total,Total," in line)
    lines.append(lines[number - 1])
    error = layout_error(write_variant(tmp_path, lines))
    assert error.row == len(lines) and f"row {number}" in error.found


def test_no_rows_for_all_ethnic_groups(tmp_path):
    lines = [line for line in fixture_lines()
             if not any(f",Total,{group}" in line for group in ("Known", "Total,", "Language"))]
    error = layout_error(write_variant(tmp_path, lines))
    assert error.column == "ethnicity"


def test_header_only_and_damaged_files(tmp_path):
    path = write_variant(tmp_path, fixture_lines()[:1])
    assert "only the header" in str(layout_error(path))
    damaged = tmp_path / "damaged_spc_pupils_ethnicity_and_language.csv.gz"
    damaged.write_bytes(DATA.read_bytes()[:400])
    error = layout_error(damaged)
    assert error.file == damaged.name and "gzip" in error.expected


def test_a_row_with_too_many_cells(tmp_path):
    lines = fixture_lines()
    lines[5] += ",surplus"
    error = layout_error(write_variant(tmp_path, lines))
    assert error.row == 6


# ------------------------------------------------------------------------------------------
# Codes the publisher got wrong or left out: kept as published and reported


def test_old_code_only_is_kept_and_reported(tmp_path):
    lines = fixture_lines()
    lines = [line.replace(",816,York,E06000014,", ",816,York,,") if line.startswith("202021") else line
             for line in lines]
    result = dfe_eal.parse(write_variant(tmp_path, lines))
    assert one(result, "816", "eal_pupils_all", Y2021).value == 1940
    assert one(result, YORK, "eal_pupils_all", Y2022).value == 2074
    issues = dfe_eal.quality(result)
    assert [(i["area_code"], i["rows"]) for i in issues] == [("816", 9)]
    assert "816" in issues[0]["issue"] and "York" in issues[0]["issue"]


def test_a_code_used_after_its_council_was_replaced_is_reported(tmp_path):
    lines = [line.replace(",888,Lancashire,E10000017,", ",825,Buckinghamshire,E10000002,") for line in
             fixture_lines()]
    result = dfe_eal.parse(write_variant(tmp_path, lines))
    issues = dfe_eal.quality(result)
    assert [(i["area_code"], i["rows"]) for i in issues] == [("E10000002", 18)]
    assert Y2021 in issues[0]["issue"] and "E06000060" in issues[0]["issue"]


# ------------------------------------------------------------------------------------------
# The meta file


def _meta_variant(tmp_path: Path, edit: Callable[[str], str]) -> Path:
    path = tmp_path / META.name
    path.write_bytes(edit(META.read_bytes().decode("utf-8")).encode("utf-8"))
    return path


@pytest.mark.parametrize("edit, row, column", [
    (lambda t: t.replace("language,Filter,First language,,,,Filter by first language,\n", ""), None,
     "col_name"),
    (lambda t: t + "sex,Filter,Sex,,,,Filter by sex,\n", 7, "col_name"),
    (lambda t: t.replace("headcount,Indicator", "headcount,Filter"), 5, "col_type"),
    (lambda t: t.replace("percent_of_pupils,Indicator", "percent_of_pupils,Measure"), 6, "col_type"),
    (lambda t: t.replace("col_type", "type"), 1, "col_type"),
])
def test_meta_errors(tmp_path, edit, row, column):
    path = _meta_variant(tmp_path, edit)
    with pytest.raises(LayoutError) as caught:
        dfe_eal.parse_meta(path)
    assert (caught.value.file, caught.value.row, caught.value.column) == (path.name, row, column)


# ------------------------------------------------------------------------------------------
# Indicators


def test_indicators_theme_and_charts_are_registered():
    ours = [i for i in INDICATORS if i.source_id == "dfe_eal"]
    assert {i.id for i in ours} == {"eal_share_all", "eal_share_primary", "eal_share_secondary",
                                    "eal_pupils_all", "eal_pupils_primary", "eal_pupils_secondary",
                                    "pupils_all"}
    assert all(i.upper_tier and i.theme == "schools" for i in ours)
    shares = [i for i in ours if i.id.startswith("eal_share")]
    assert all(i.percent and i.decimals == 1 and i.comparable for i in shares)
    assert all(i.measures == (i.id.replace("eal_share", "eal_pupils"), i.id.replace("eal_share", "pupils"))
               for i in shares)
    assert [i.id for i in ours if i.overview] == ["eal_share_all"]
    assert "schools" in {t.id for t in THEMES}
    charts = {c.id: c for c in CHARTS if c.theme == "schools"}
    assert charts["eal_share"].with_comparators and charts["eal_share"].indicator_ids == ("eal_share_all",)
    assert not charts["eal_pupils_by_phase"].with_comparators


def test_share_indicators_are_computed_from_the_headcounts(tmp_path, frame):
    from migration_profiles.stages.indicators import compute_indicators

    # DfE's percentages for York zeroed, as the real file has them for two councils.
    lines = [re.sub(r",(\d+(?:\.\d+)?)$", ",0", line) if ",York," in line else line
             for line in fixture_lines()]
    broken = dfe_eal.parse(write_variant(tmp_path, lines))
    assert one(broken, YORK, "eal_share_all", Y2022).value == 0
    issues = dfe_eal.quality(broken)
    assert [(i["area_code"], i["rows"]) for i in issues] == [(YORK, 6)]
    assert "says 0%" in issues[0]["issue"] and Y2021 in issues[0]["issue"] and Y2022 in issues[0]["issue"]

    ours = tuple(i for i in INDICATORS if i.source_id == "dfe_eal")
    table = compute_indicators(broken.assign(source_id="dfe_eal", release="r", file_name="f",
                                             snapshot_sha256="0" * 64), ours)
    york = table[(table.area_code == YORK) & (table.period_label == Y2022)].set_index("indicator_id")
    assert york.loc["eal_share_all", "value"] == pytest.approx(100 * 2074 / 25115)
    assert york.loc["eal_share_primary", "value"] == pytest.approx(100 * 1321 / 13810)
    assert york.loc["eal_share_secondary", "value"] == pytest.approx(100 * 702 / 10555)
    assert york.loc["eal_pupils_all", "value"] == 2074 and york.loc["pupils_all", "value"] == 25115


def test_a_withheld_headcount_leaves_the_share_missing_with_its_reason(tmp_path):
    from migration_profiles.stages.indicators import compute_indicators

    path, _ = edit_row(tmp_path, york_eal(), "headcount", "c")
    result = dfe_eal.parse(path).assign(source_id="dfe_eal", release="r", file_name="f", snapshot_sha256="0")
    table = compute_indicators(result, tuple(i for i in INDICATORS if i.source_id == "dfe_eal"))
    row = table[(table.area_code == YORK) & (table.period_label == Y2022)
                & (table.indicator_id == "eal_share_secondary")].iloc[0]
    assert math.isnan(row.value) and row.status == st.CONFIDENTIAL


# ------------------------------------------------------------------------------------------
# End to end on the fixtures: York has the section, Burnley shows Lancashire's figure as the county's


@pytest.mark.slow
def test_pages_show_the_section_and_a_district_shows_its_county(tmp_path):
    from migration_profiles import cli

    from .workspace import BASIC_FIXTURES, fixture_downloads, make_project

    ws = make_project(tmp_path / "p")
    downloads = fixture_downloads(tmp_path / "downloads", (*BASIC_FIXTURES, "dfe_eal"))
    assert cli.main(["--root", str(ws.root), "--quiet", "refresh", "--from", str(downloads)]) == 0
    assert cli.main(["--root", str(ws.root), "--quiet", "build", "--areas",
                     f"{YORK},E07000117,{LEEDS}"]) == 0
    ws = ws.as_preview()  # a build of a few areas writes a preview beside the full site
    york = page_text(ws.docs / "areas" / f"{YORK}.md")
    assert "Pupils with English as an additional language" in york
    assert "8.3%" in york and "(figure for" not in york
    burnley = page_text(ws.docs / "areas" / "E07000117.md")
    assert "Pupils with English as an additional language" in burnley
    assert "(figure for Lancashire, the county)" in burnley
    assert "12.3%" in burnley  # Lancashire's share, January 2022
    leeds = page_text(ws.docs / "areas" / f"{LEEDS}.md")
    assert "Pupils with English as an additional language" in leeds and "(figure for" not in leeds


# ------------------------------------------------------------------------------------------
# The real published file (../shared/realdata), opt-in


@pytest.fixture(scope="module")
def real_files(realdata_dir: Path) -> tuple[Path, Path]:
    folder = realdata_dir / "dfe_eal"
    data, meta = folder / REAL_DATA, folder / REAL_META
    if not data.exists() or not meta.exists():
        pytest.skip(f"the real DfE file is not at {folder}")
    return data, meta


@pytest.fixture(scope="module")
def real(real_files) -> tuple[pd.DataFrame, float]:
    started = time.perf_counter()
    result = dfe_eal.parse(real_files[0])
    return result, time.perf_counter() - started


REAL_YEARS = [f"January {y + 1} (school year {y}/{(y + 1) % 100:02d})" for y in range(2015, 2022)]


@pytest.mark.realdata
def test_real_york_every_year(real):
    result, _ = real
    york = result[result.area_code == YORK]
    assert sorted(york.period_label.unique()) == REAL_YEARS
    assert york.groupby("period_label").measure.nunique().eq(9).all()
    row = one(result, YORK, "eal_pupils_all", REAL_YEARS[-1])
    assert (row.value, row.status, row.period_start) == (2016.0, st.OK, "2022-01-20")
    assert one(result, YORK, "pupils_all", REAL_YEARS[-1]).value == 25722
    assert one(result, YORK, "eal_share_all", REAL_YEARS[-1]).value == pytest.approx(7.837648705)


@pytest.mark.realdata
@pytest.mark.parametrize("code", [LANCASHIRE, NORTH_YORKSHIRE, MIDDLESBROUGH, LEEDS, "E92000001",
                                  "E12000003"])
def test_real_areas_every_year(real, code):
    result, _ = real
    assert sorted(result[result.area_code == code].period_label.unique()) == REAL_YEARS


@pytest.mark.realdata
def test_real_file_as_a_whole(real, real_files):
    result, seconds = real
    assert set(result.measure) == MEASURE_IDS
    assert set(result.status) == {st.OK}  # this vintage has no markers
    shares = result[result.measure.str.startswith("eal_share")].value
    assert shares.between(0, 100).all()
    wide = result.pivot_table(index=["area_code", "period_label"], columns="measure", values="value")
    assert (wide["eal_pupils_all"] <= wide["pupils_all"]).all()
    # DfE's percentage is its headcounts' ratio, except where the quality log says it is not.
    faulty = wide.index.get_level_values("area_code").isin(["E06000058", "E06000059"]) & \
        wide.index.get_level_values("period_label").isin(REAL_YEARS[-2:])
    sound = wide[~faulty]
    assert ((100 * sound["eal_pupils_all"] / sound["pupils_all"] - sound["eal_share_all"]).abs() < 1e-6).all()
    assert (wide[faulty]["eal_share_all"] == 0).all()
    codes = set(result.area_code)
    assert {c for c in codes if c.startswith("E12")} == {f"E1200000{i}" for i in range(1, 10)}
    assert 150 <= len({c for c in codes if re.match(r"E(06|08|09|10)", c)}) <= 160
    assert not any(c.startswith("E07") for c in codes)  # no districts: upper tier only
    assert dfe_eal.parse_meta(real_files[1]).empty
    assert seconds < 10, f"parsing took {seconds:.1f}s"
    print(f"\nparsed the real file in {seconds:.2f}s: {len(result)} observations")


@pytest.mark.realdata
def test_real_quality_log(real):
    issues = {i["area_code"]: i for i in dfe_eal.quality(real[0])}
    assert {code: i["rows"] for code, i in issues.items()} == {"E10000002": 18, "E06000058": 6,
                                                               "E06000059": 6}
    # Buckinghamshire stays under its county code after its council became unitary in April 2020.
    assert REAL_YEARS[-1] in issues["E10000002"]["issue"] and "E06000060" in issues["E10000002"]["issue"]
    # Every percentage DfE gives for Bournemouth, Christchurch and Poole and for Dorset in the last two
    # years is 0, whatever the headcounts say.
    assert "says 0%" in issues["E06000058"]["issue"] and REAL_YEARS[-2] in issues["E06000058"]["issue"]


@pytest.mark.realdata
def test_real_file_with_a_renamed_column_is_refused(tmp_path, real_files):
    with gzip.open(real_files[0], "rb") as handle:
        header, rest = handle.readline(), handle.read()
    broken = tmp_path / REAL_DATA
    broken.write_bytes(gzip.compress(header.replace(b"phase_type_grouping", b"school_type") + rest))
    error = layout_error(broken)
    assert_names_place(error, broken, 1, "phase_type_grouping")
    assert "'school_type'" in str(error)
