"""ONS births by parents' country of birth ('births_parents_cob'): declaration, parser, strict errors,
the data-quality check and the indicators built on it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from migration_profiles.acquire.snapshots import validate_file
from migration_profiles.sources import births_parents_cob as bpc
from migration_profiles.sources import get_source
from migration_profiles.sources.base import TIDY_COLUMNS
from migration_profiles.stages.indicators import births, compute_indicators
from migration_profiles.stages.tidy import _check_observations
from migration_profiles.util import status as st
from migration_profiles.util.errors import LayoutError

HERE = Path(__file__).resolve().parent / "fixtures" / "births_parents_cob"
FIXTURE = HERE / "births-parents-country-of-birth-fixture-2023.xlsx"
_spec = importlib.util.spec_from_file_location("make_births_fixture", HERE / "make_fixture.py")
make = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make)

PERIOD = "Jan 2023 to Dec 2023"


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return bpc.parse(FIXTURE)


def one(frame: pd.DataFrame, code: str, measure: str) -> pd.Series:
    rows = frame[(frame.area_code == code) & (frame.measure == measure)]
    assert len(rows) == 1, f"{code} {measure}: {len(rows)} rows"
    return rows.iloc[0]


TITLE = "Table 7: Live births by country of birth of mother, 2023"


def table(tmp_path: Path, header=None, rows=None, title=TITLE, group_row=True,
          name="births-parents-country-of-birth-variant.xlsx", extra_sheet=None) -> Path:
    """A one-table workbook in the fixture's layout, with parts swapped out."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Table_7"
    if title:
        ws.append([title])
    if group_row:
        ws.append([None, None, None, None, "Mother's country of birth"])
    ws.append(list(header or make.HEADER))
    for row in rows if rows is not None else make.ROWS:
        ws.append(list(row))
    if extra_sheet:
        other = wb.create_sheet(extra_sheet)
        other.append(["Live births by country of birth of mother, 2023"])
        other.append(list(make.HEADER))
        other.append(list(make.ROWS[0]))
    path = tmp_path / name
    wb.save(path)
    return path


# ------------------------------------------------------------------------------------------
# Declaration


def test_declaration():
    source = get_source("births_parents_cob")
    assert source is bpc.SOURCE
    assert source.landing_page.startswith("https://www.ons.gov.uk/")
    assert "Open Government Licence" in source.licence
    assert source.downloads[0].url.endswith("/parentscountryofbirth/2025/2025birthbyparentscountry.xlsx")
    ids = {m.id for m in source.measures}
    assert set(bpc.REQUIRED) <= ids and bpc.NON_UK in ids and bpc.NOT_STATED in ids
    assert {c.id for c in source.caveats} == {"births_cob_not_ethnicity", "births_cob_registration",
                                              "births_cob_england_wales", "births_cob_small_numbers",
                                              "births_cob_groups"}
    assert source.file_spec_for(FIXTURE.name) is not None
    assert source.file_spec_for("2025birthbyparentscountry.xlsx") is not None


@pytest.mark.parametrize(("heading", "measure"), [
    ("All live births", bpc.TOTAL),
    ("Total [note 2]", bpc.TOTAL),
    ("United Kingdom", bpc.UK),
    ("Mother born in the UK", bpc.UK),
    ("Outside the United Kingdom", bpc.NON_UK),
    ("Non-UK born", bpc.NON_UK),
    ("EU [note 3]", bpc.EU),
    ("European Union", bpc.EU),
    ("EU14", "births_mother_eu14"),
    ("Other EU", "births_mother_eu_other"),
    ("Rest of Europe", bpc.REST_OF_EUROPE),
    ("Middle East and Asia", bpc.ASIA),
    ("Mother's country of birth: Africa", bpc.AFRICA),
    ("The Americas and the Caribbean", bpc.AMERICAS),
    ("Antarctica and Oceania (including Australasia)", bpc.OCEANIA),
    ("Not stated", bpc.NOT_STATED),
    ("Percentage of live births to mothers born outside the UK", bpc.NON_UK_PCT),
    ("Asia", None),
    ("Europe", None),
])
def test_headings(heading, measure):
    assert bpc.classify(heading) == measure


# ------------------------------------------------------------------------------------------
# Parsing the fixture


def test_figures_periods_and_statuses(frame):
    assert list(frame.columns) == TIDY_COLUMNS
    _check_observations(bpc.SOURCE, FIXTURE.name, frame)
    assert len(frame) == 7 * 15
    york = one(frame, "E06000014", bpc.TOTAL)
    assert (york.value, york.status, york.period_label, york.period_start, york.period_end) == (
        1703.0, st.OK, PERIOD, "2023-01-01", "2023-12-31")
    assert one(frame, "E06000014", bpc.ASIA).value == 80.0
    assert one(frame, "E08000035", bpc.AFRICA).value == 480.0
    assert one(frame, "E08000035", "births_mother_eu8").value == 300.0
    assert one(frame, "K04000001", bpc.NON_UK).value == 185980.0
    assert one(frame, "E12000003", bpc.OCEANIA).value == 300.0
    assert one(frame, "E06000014", bpc.NON_UK_PCT).value == 15.7
    assert one(frame, "E06000014", bpc.NOT_STATED).value == 0.0
    wales = one(frame, "W92000004", "births_mother_eu2")
    assert pd.isna(wales.value) and wales.status == st.NOT_AVAILABLE  # '[x]'
    cornwall = one(frame, "E06000052", bpc.NOT_STATED)
    assert pd.isna(cornwall.value) and cornwall.status == st.NOT_AVAILABLE  # ':'
    assert cornwall.area_name == "Cornwall"  # the [note 5] marker is not part of the name


def test_the_table_of_percentages_is_not_taken(frame):
    # Table_8 has the same header, but its title speaks of percentages: York's total there is 100.
    assert one(frame, "E06000014", bpc.TOTAL).value == 1703.0


def test_quality_reports_groups_that_do_not_add_up(frame):
    issues = bpc.SOURCE.files[0].quality(frame)
    assert [i["area_code"] for i in issues] == ["E06000052"]
    assert "4,298" in issues[0]["issue"] and "4,300" in issues[0]["issue"]


def test_validate_file():
    assert validate_file(bpc.SOURCE, FIXTURE) is bpc.SOURCE.files[0]


def test_one_row_header_with_notes_reads_the_same(tmp_path, frame):
    other = bpc.parse(table(tmp_path, group_row=False))
    key = ["area_code", "measure"]
    pd.testing.assert_frame_equal(other.sort_values(key).reset_index(drop=True),
                                  frame.sort_values(key).reset_index(drop=True))


def test_two_row_header_with_sub_headings_below(tmp_path):
    header = ["Area code", "Area name", "All live births", "Mother born in:"] + [None] * 13
    below = [None, None, None, *make.HEADER[3:]]
    wb = Workbook()
    ws = wb.active
    ws.append(["Live births by mother's country of birth, local authorities, 2022"])
    ws.append(header)
    ws.append(below)
    for row in make.ROWS:
        ws.append(list(row))
    path = tmp_path / "pcob-2022.xlsx"
    wb.save(path)
    frame = bpc.parse(path)
    assert one(frame, "E06000014", bpc.REST_OF_EUROPE).value == 15.0
    assert set(frame.period_label) == {"Jan 2022 to Dec 2022"}


def test_year_from_the_file_name_when_the_title_has_none(tmp_path):
    path = table(tmp_path, title="Live births by country of birth of mother", name="pcob2021.xlsx")
    assert set(bpc.parse(path).period_start) == {"2021-01-01"}


# ------------------------------------------------------------------------------------------
# Strict errors


def _error(path: Path) -> LayoutError:
    with pytest.raises(LayoutError) as caught:
        bpc.parse(path)
    return caught.value


def test_unknown_heading_names_sheet_row_and_column(tmp_path):
    header = list(make.HEADER)
    header[11] = "Asia"
    error = _error(table(tmp_path, header=header))
    assert (error.sheet, error.row, error.column) == ("Table_7", 3, "L")
    assert "Asia" in error.found and "Middle East and Asia" in error.expected
    assert "births_parents_cob" in str(error) and "births-parents-country-of-birth-variant.xlsx" in str(error)


def test_fathers_columns_are_refused(tmp_path):
    header = list(make.HEADER) + ["Father's country of birth: EU"]
    rows = [list(r) + [1] for r in make.ROWS]
    error = _error(table(tmp_path, header=header, rows=rows))
    assert error.column == "R" and "mother's country of birth only" in error.expected


def test_a_group_twice_or_missing(tmp_path):
    header = list(make.HEADER)
    header[11] = "Other Europe"  # the rest of Europe twice
    error = _error(table(tmp_path, header=header))
    assert error.column == "L" and "rest of Europe is already column K" in error.expected
    header = list(make.HEADER)
    header[12] = "EU"
    error = _error(table(tmp_path, header=header))
    assert error.column == "M" and "each group once" in error.expected
    header = [h for i, h in enumerate(make.HEADER) if i != 12]
    rows = [[v for i, v in enumerate(r) if i != 12] for r in make.ROWS]
    error = _error(table(tmp_path, header=header, rows=rows))
    assert "no column for Africa" in error.found


def test_rows_without_codes_or_with_bad_figures(tmp_path):
    rows = [list(r) for r in make.ROWS]
    rows[4][0] = "York"
    error = _error(table(tmp_path, rows=rows))
    assert (error.row, error.column) == (8, "A") and "GSS area code" in error.expected
    rows = [list(r) for r in make.ROWS]
    rows[5][12] = 480.5
    error = _error(table(tmp_path, rows=rows))
    assert (error.row, error.column) == (9, "M") and "whole number" in error.expected
    rows = [list(r) for r in make.ROWS]
    rows[5][12] = "n/k"
    error = _error(table(tmp_path, rows=rows))
    assert (error.row, error.column) == (9, "M") and "'n/k'" in error.found
    rows = [list(r) for r in make.ROWS]
    rows[5][16] = 125.0
    assert "between 0 and 100" in _error(table(tmp_path, rows=rows)).expected
    rows = [list(r) for r in make.ROWS] + [list(make.ROWS[4])]
    assert "each area once" in _error(table(tmp_path, rows=rows)).expected


def test_no_year_and_no_table(tmp_path):
    error = _error(table(tmp_path, title="Live births by country of birth of mother", name="pcob.xlsx"))
    assert "year" in error.expected
    error = _error(table(tmp_path, title="Live births in 2022 and 2023 by mother's country of birth"))
    assert "one year" in error.expected and "2022, 2023" in error.found
    wb = Workbook()
    wb.active.append(["Contents"])
    wb.active.append(["Area code", "Area name", "Live births"])
    path = tmp_path / "pcob-2023.xlsx"
    wb.save(path)
    assert "sheets 'Sheet'" in _error(path).found
    error = _error(table(tmp_path, extra_sheet="Table_9"))
    assert "several" in error.found and "'Table_9'" in error.found


# ------------------------------------------------------------------------------------------
# Indicators


def _ind(table_: pd.DataFrame, indicator_id: str, area: str) -> pd.Series:
    rows = table_[(table_.indicator_id == indicator_id) & (table_.area_code == area)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_shares(frame):
    obs = frame.assign(source_id="births_parents_cob", release="2025", file_name=FIXTURE.name,
                       snapshot_sha256="abc")
    result = compute_indicators(obs, births.INDICATORS)
    assert _ind(result, "births_mother_uk_share", "E06000014").value == pytest.approx(100 * 1436 / 1703)
    asia = _ind(result, "births_mother_asia_middle_east_share", "E08000035")
    assert asia.value == pytest.approx(100 * 900 / 8500)
    non_uk = _ind(result, "births_cob_non_uk_mother_share", "K04000001")
    assert non_uk.value == pytest.approx(100 * 185980 / 591000)
    assert _ind(result, "births_cob_total", "W92000004").value == 28000.0
    group_ids = [i.id for i in births.GROUP_SHARES]
    shares = result[(result.area_code == "E06000014") & result.indicator_id.isin(group_ids)]
    assert len(shares) == 7 and shares.value.sum() == pytest.approx(100.0)  # York: no births unstated


def test_theme_and_charts():
    assert [t.id for t in births.THEMES] == ["births_cob"]
    bar = next(c for c in births.CHARTS if c.id == "births_mother_region")
    assert bar.kind == "bar" and len(bar.indicator_ids) == 7
    assert all(i.comparable and i.percent for i in births.GROUP_SHARES)
