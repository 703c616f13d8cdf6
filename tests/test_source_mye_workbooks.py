"""The mid-year estimates in ONS's current workbooks (MYEB3 of the UK and England and Wales "detailed time
series"), the editions combined in one release, and refresh finding them on the ONS dataset pages.

The fixtures are written by tests/fixtures/make_mye_fixtures.py: ONS's layout, invented figures."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from migration_profiles.acquire import fetch, releases
from migration_profiles.acquire.snapshots import import_files, latest_snapshot, validate_file
from migration_profiles.sources import get_source, mye
from migration_profiles.stages.tidy import read_snapshots
from migration_profiles.util.errors import LayoutError

from .helpers_http import FakeServer, Reply, conditional

FIXTURES = Path(__file__).parent / "fixtures" / "mye_workbooks"
UK = FIXTURES / "myebtablesuk20112024.xlsx"
EW = FIXTURES / "myebtablesenglandwales20112025.xlsx"
OLD = FIXTURES / "myebtablesenglandwales20112022v2.xlsx"
YORK = "E06000014"
COUNTRY_CODES = {"E92000001", "W92000004", "S92000003", "N92000002"}
FAST = {"timeout": 2, "retries": 1, "backoff": 0.01}


def value(frame: pd.DataFrame, code: str, measure: str, label: str) -> float:
    hit = frame[(frame.area_code == code) & (frame.measure == measure) & (frame.period_label == label)]
    assert len(hit) == 1, (code, measure, label, len(hit))
    return float(hit.value.iloc[0])


def edited(tmp_path: Path, source: Path, edit, name: str | None = None) -> Path:
    """A copy of a fixture workbook with `edit(workbook)` applied."""
    book = openpyxl.load_workbook(source)
    edit(book)
    path = tmp_path / (name or source.name)
    book.save(path)
    return path


# ------------------------------------------------------------------------------------------ layouts


def test_uk_edition_reads_all_four_countries_to_mid_2024():
    tidy = mye.parse(UK)
    assert value(tidy, YORK, "international_in", "Mid-2023 to Mid-2024") == 3410
    assert value(tidy, YORK, "population", "Mid-2021") == 202800
    assert set(tidy.area_code) >= {"S12000049", "N09000003", "K02000001"} | COUNTRY_CODES
    assert tidy.period_label.str.endswith("2024").any() and not tidy.period_label.str.contains("2025").any()
    # the title row above the header is not data; every figure is a whole number, as published
    assert not tidy.area_name.str.contains("MYEB3").any()
    las = tidy[~tidy.area_code.isin(COUNTRY_CODES | {"K02000001"})]
    uk = tidy[tidy.area_code == "K02000001"].set_index(["period_label", "measure"]).value
    summed = las[las.measure.isin(mye.SUMMED_MEASURES)].groupby(["period_label", "measure"]).value.sum()
    assert (uk.sort_index() == summed.sort_index()).all()


def test_england_and_wales_edition_has_no_uk_total():
    tidy = mye.parse(EW)
    assert value(tidy, YORK, "international_in", "Mid-2024 to Mid-2025") == 3461
    assert value(tidy, YORK, "international_in", "Mid-2023 to Mid-2024") == 3520  # revised
    assert set(tidy.area_code) & {"K02000001", "S92000003", "N92000002"} == set()
    assert {"E92000001", "W92000004"} <= set(tidy.area_code)


def test_older_sheet_names_with_a_geography_suffix_and_a_footnote():
    book = openpyxl.load_workbook(OLD, read_only=True)
    assert "MYEB3 (2023 Geography)" in book.sheetnames and "MYEB3" not in book.sheetnames
    tidy = mye.parse(OLD)
    assert value(tidy, YORK, "international_in", "Mid-2021 to Mid-2022") == 3123
    assert not tidy.area_name.str.startswith("Source").any()


@pytest.mark.parametrize("code, name", [("lacode23", "laname23"), ("lad23cd", "lad23nm"),
                                        ("ladcode21", "laname21")])
def test_any_spelling_of_the_code_column(tmp_path, code, name):
    def rename(book):
        book["MYEB3"]["A2"], book["MYEB3"]["B2"] = code, name

    tidy = mye.parse(edited(tmp_path, UK, rename))
    assert value(tidy, YORK, "international_in", "Mid-2023 to Mid-2024") == 3410


def test_versioned_file_names_are_recognised_and_validated():
    source = get_source("mye")
    for name in ("myebtablesuk20112024.xlsx", "myebtablesenglandwales20112022v3.xlsx",
                 "myebtablesenglandwales20112025.xlsx"):
        assert source.file_spec_for(name).expect == "xlsx", name
    assert source.file_spec_for("mye24tablesuk.xlsx") is None  # the single-year tables are another layout
    assert validate_file(source, OLD).expect == "xlsx"
    assert mye.release_of(UK) is None  # a workbook states no release: the release is dated when stored


def test_a_text_cell_names_the_sheet_row_and_column(tmp_path):
    def spoil(book):
        book["MYEB3"]["E4"] = "c"  # York (row 4 below the title and header), births_2022

    with pytest.raises(LayoutError) as caught:
        mye.parse(edited(tmp_path, UK, spoil))
    error = caught.value
    assert (error.sheet, error.row, error.column) == ("MYEB3", 4, "E")
    assert "births_2022" in error.expected and "'c'" in error.found


def test_a_fraction_is_refused(tmp_path):
    def spoil(book):
        book["MYEB3"]["D4"] = 202800.5

    with pytest.raises(LayoutError) as caught:
        mye.parse(edited(tmp_path, UK, spoil))
    assert (caught.value.row, caught.value.column) == (4, "D")


def test_a_workbook_without_myeb3_lists_its_sheets(tmp_path):
    def drop(book):
        del book["MYEB3"]

    with pytest.raises(LayoutError) as caught:
        mye.parse(edited(tmp_path, UK, drop))
    assert "MYEB3" in caught.value.expected and "'MYEB1'" in caught.value.found


def test_a_workbook_without_a_header_row(tmp_path):
    def blank(book):
        for cell in book["MYEB3"][2]:
            cell.value = None
        for row in book["MYEB3"].iter_rows(min_row=3):
            row[0].value = "note"

    with pytest.raises(LayoutError) as caught:
        mye.parse(edited(tmp_path, UK, blank))
    assert caught.value.sheet == "MYEB3" and "ladcode23" in caught.value.expected


def test_an_unknown_column_is_named(tmp_path):
    def rename(book):
        book["MYEB3"]["E2"] = "live_births_2022"

    with pytest.raises(LayoutError) as caught:
        mye.parse(edited(tmp_path, UK, rename))
    assert caught.value.row == 2 and "live_births_2022" in caught.value.found


# -------------------------------------------------------------------------- editions in one release


def with_provenance(path: Path) -> pd.DataFrame:
    return mye.parse(path).assign(source_id="mye", release="r", file_name=path.name,
                                  snapshot_sha256=path.stem)


def test_newer_edition_replaces_the_older_and_scotland_comes_from_the_uk_edition():
    combined = mye.combine_editions([with_provenance(EW), with_provenance(UK)])  # any order
    assert not combined.duplicated(["area_code", "period_label", "measure"]).any()
    year = "Mid-2023 to Mid-2024"
    assert value(combined, YORK, "international_in", year) == 3520  # the E&W mid-2025 edition's revision
    york = combined[(combined.area_code == YORK) & (combined.period_label == year)]
    assert set(york.file_name) == {EW.name}
    assert value(combined, YORK, "international_in", "Mid-2024 to Mid-2025") == 3461
    assert value(combined, "S12000049", "international_in", year) == value(mye.parse(UK), "S12000049",
                                                                           "international_in", year)
    # totals summed again from what was kept: England's from the E&W edition, the UK's from both files
    las = combined[~combined.area_code.isin(COUNTRY_CODES | {"K02000001"})]
    for measure, label in (("population", "Mid-2024"), ("international_in", year),
                           ("international_net", year)):
        rows = las[(las.measure == measure) & (las.period_label == label)]
        english = rows[rows.area_code.str.startswith("E")]
        assert value(combined, "E92000001", measure, label) == english.value.sum()
        assert value(combined, "K02000001", measure, label) == rows.value.sum()
    uk = combined[(combined.area_code == "K02000001") & (combined.period_label == year)]
    assert set(uk.file_name) == {f"{EW.name}; {UK.name}"}
    # mid-2025: England and Wales only, so no UK figure
    assert not ((combined.area_code == "K02000001") & combined.period_label.str.endswith("2025")).any()


def test_tidy_stage_combines_a_release_holding_both_workbooks(tmp_path):
    source = get_source("mye")
    folder = tmp_path / "snapshots"
    import_files(folder, source, [UK, EW])
    result = read_snapshots(folder, (source,))
    obs = result.observations
    assert value(obs, YORK, "international_in", "Mid-2023 to Mid-2024") == 3520
    assert value(obs, "N09000003", "population", "Mid-2024") > 0
    assert not obs.duplicated(["area_code", "period_label", "measure"]).any()


# ------------------------------------------------------------------------------ discovery and refresh


def dataset_page(*files: str) -> Reply:
    """An ONS dataset page: the current edition's file first, then previous versions."""
    links = "".join(f'<li><a href="/file?uri=/datasets/x/{f}">{f.rsplit("/", 1)[-1]}</a></li>' for f in files)
    return Reply(200, f"<html><body><h1>Dataset</h1><ul>{links}</ul></body></html>".encode(),
                 {"Content-Type": "text/html"})


def test_refresh_finds_the_current_editions_on_the_ons_pages(tmp_path):
    source = get_source("mye")
    with FakeServer() as server:
        server.route("/uk", dataset_page("mid2011tomid2024/myebtablesuk20112024.xlsx",
                                         "mid2011tomid2023/myebtablesuk20112023.xlsx",
                                         "mid2024/mye24tablesuk.xlsx"))
        server.route("/ew", dataset_page("mid20252023localauthorityboundaries/mye25tablesew.xlsx",
                                         "mid2011tomid2025detailedtimeseries/myebtablesenglandwales20112025.xlsx",
                                         "mid2011tomid2024detailedtimeseries/myebtablesenglandwales20112024.xlsx"))
        server.route("/file?uri=/datasets/x/mid2011tomid2024/myebtablesuk20112024.xlsx",
                     conditional(UK.read_bytes(), last_modified="Fri, 26 Sep 2025 06:00:00 GMT"))
        server.route("/file?uri=/datasets/x/mid2011tomid2025detailedtimeseries/myebtablesenglandwales20112025.xlsx",
                     conditional(EW.read_bytes(), last_modified="Wed, 29 Jul 2026 06:00:00 GMT"))
        pages = (dataclasses.replace(source.discover[0], page=server.url("/uk")),
                 dataclasses.replace(source.discover[1], page=server.url("/ew")))
        local = dataclasses.replace(source, discover=pages)
        found = fetch.discovered(local, **FAST).downloads
        assert [d.file_name for d in found] == ["myebtablesuk20112024.xlsx",
                                                "myebtablesenglandwales20112025.xlsx"]
        result = fetch.refresh_source(tmp_path, local, **FAST)
        assert result.status == fetch.NEW, result.message
        snapshot = latest_snapshot(tmp_path, "mye")
        assert snapshot.release == "2026-07-29"  # dated by the newer file
        assert sorted(f.name for f in snapshot.files) == ["myebtablesenglandwales20112025.xlsx",
                                                          "myebtablesuk20112024.xlsx"]
        assert fetch.refresh_source(tmp_path, local, **FAST).status == fetch.UNCHANGED
        # check-releases reads the same pages: a new England and Wales edition linked first is new
        web = releases.Web(timeout=2, retries=0)
        current = dataclasses.replace(local, next_release="2099-01-01")
        assert releases.check_source(current, snapshot, "2026-12-07", web).status == releases.CURRENT
        server.route("/ew", dataset_page(
            "mid2011tomid2026detailedtimeseries/myebtablesenglandwales20112026.xlsx",
            "mid2011tomid2025detailedtimeseries/myebtablesenglandwales20112025.xlsx"))
        newer = releases.check_source(current, snapshot, "2027-07-30", web)
        assert newer.status == releases.NEW and "myebtablesenglandwales20112026.xlsx" in newer.detail
    obs = read_snapshots(tmp_path, (source,)).observations
    assert value(obs, YORK, "international_in", "Mid-2024 to Mid-2025") == 3461


def test_real_declaration_looks_for_the_workbooks_on_both_pages():
    source = get_source("mye")
    pages = {spec.page: spec.file for spec in source.discover}
    assert pages[mye.LANDING_PAGE] == "myebtablesuk2011*.xlsx"
    assert pages[mye.EW_PAGE] == "myebtablesenglandwales2011*.xlsx"
    assert all(spec.confirmed for spec in source.discover)


def test_a_country_year_comes_whole_from_one_edition_never_two_geographies():
    """The old CSV (2021 councils, to mid-2020) beside a workbook (2023 councils): for the years both
    cover, England's councils all come from the workbook, so a merged district and its successor are
    not both counted."""
    old = mye.parse(Path(__file__).parent / "fixtures" / "mye"
                    / "MYEB3_summary_components_of_change_series_UK_(2020_geog21).csv")
    old = old.assign(area_code=old["area_code"].replace({"E06000014": "E07000165"}),  # Harrogate, say
                     source_id="mye", release="r",
                     file_name="MYEB3_summary_components_of_change_series_UK_(2020_geog21).csv",
                     snapshot_sha256="old")
    old = old[old.period_label.str.endswith("2020") | old.period_label.str.endswith("2019")]
    new = edited_years(with_provenance(OLD))  # the 2022 E&W edition, relabelled to cover mid-2020
    combined = mye.combine_editions([old, new])
    year = "Mid-2019 to Mid-2020"
    england = combined[combined.area_code.str.startswith("E0") & (combined.period_label == year)]
    assert set(england.file_name) == {OLD.name}
    assert "E07000165" not in set(england.area_code)
    scotland = combined[combined.area_code.str.startswith("S12") & (combined.period_label == year)]
    assert set(scotland.file_name) == {old.file_name.iloc[0]}  # only the old series has Scotland
    rows = england[england.measure == "births"]
    assert value(combined, "E92000001", "births", year) == rows.value.sum()


def edited_years(frame: pd.DataFrame) -> pd.DataFrame:
    """A table whose Mid-2021 to Mid-2022 figures are relabelled as Mid-2019 to Mid-2020."""
    frame = frame[frame.period_label == "Mid-2021 to Mid-2022"]
    return frame.assign(period_label="Mid-2019 to Mid-2020", period_start="2019-07-01",
                        period_end="2020-06-30")
