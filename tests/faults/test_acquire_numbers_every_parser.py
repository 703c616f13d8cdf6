"""Issue 11, item 7, for every parser: a count of -5, `1e309`, `NaN`, `1,2,3` or 5e12 written into one
figure of each source's fixture is a layout error naming the source, the file, the sheet (in a workbook),
the row and the column, and the last good snapshot is left as it was.

Every parser reads its figures through the one shared rule (`sources.checks.read_figure`); this test
holds each of them to it, so a parser that reads a cell its own way again fails here.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from migration_profiles.acquire.snapshots import import_files, latest_snapshot, validate_file
from migration_profiles.sources import all_sources, get_source
from migration_profiles.sources._ods import read_ods
from migration_profiles.util.errors import LayoutError
from tests.odsfile import write_ods

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@dataclass(frozen=True)
class Cell:
    """One figure in a fixture: its sheet (None for a CSV), 1-based row and column, and how the error
    names the column (a letter in a workbook, the header in most CSVs)."""

    source: str
    fixture: str
    row: int
    column: int
    named: str
    sheet: str | None = None

    @property
    def id(self) -> str:
        return f"{self.source}:{Path(self.fixture).suffix.lstrip('.') or 'csv'}"


CELLS = [
    Cell("lami", "lami/lamistables_fixture.xlsx", 10, 4, "D", "Migration Flows"),
    Cell("mye", "mye/MYEB3_summary_components_of_change_series_UK_(2020_geog21).csv", 3, 5, "births_2019"),
    Cell("mye", "mye_workbooks/myebtablesuk20112024.xlsx", 4, 5, "E", "MYEB3"),
    Cell("aps_cob", "aps_cob/nrs_pop-count-birth-tab3-counc-fixture.csv", 9, 3, "C"),
    Cell("hesa", "hesa/hesa_table1_fixture_header_first.csv", 2, 11, "Number"),
    Cell("dfe_eal", "dfe_eal/spc_pupils_ethnicity_and_language_fixture.data.csv.gz", 9, 14, "headcount"),
    Cell("census2021", "census2021/TS004_2021.csv", 3, 5, "Observation"),
    Cell("asylum_support", "asylum_support/local_authority_support_recent.csv", 5, 9, "People"),
    Cell("asylum_support", "asylum_support/support-local-authority-datasets-2025-26-fixture.xlsx", 6, 7, "G",
         "Data_Asy_D11"),
    Cell("resettlement", "resettlement/local_authority_resettlement_fixture.csv", 2, 8, "Persons"),
    Cell("resettlement", "resettlement/resettlement-local-authority-datasets-2025-26-fixture.xlsx", 3, 7, "G",
         "Data_Res_D01"),
    Cell("dwp_nino", "dwp_nino/nino-allocations-fixture.csv", 2, 5, "Poland"),
    Cell("dwp_nino", "dwp_nino/nino-allocations-fixture.xlsx", 5, 4, "D", "Table_1"),
    Cell("births_parents_cob", "births_parents_cob/births-parents-country-of-birth-fixture-2023.xlsx", 10, 3,
         "C", "Table_7"),
    Cell("aps_economic", "aps_economic/nomis_nm_17_5_aps_employment_fixture.csv", 2, 6, "OBS_VALUE"),
    Cell("core_lettings",
         "core_lettings/social-housing-lettings-in-england-2023-24-local-authority-tables-fixture.ods", 11, 3,
         "C", "LA_Nationality"),
    Cell("rough_sleeping",
         "rough_sleeping/rough-sleeping-snapshot-in-england-autumn-2025-tables-fixture.ods", 10, 5, "E",
         "Table_2c_Nationality"),
    Cell("cla_uasc", "cla_uasc/la_cla_on_31_march_by_characteristics_fixture.csv", 3, 13, "number"),
    Cell("police_crime", "police_crime/prc-pfa-mar2013-onwards-tables-fixture.ods", 2, 8,
         "Number of Offences", "2025_26"),
    Cell("hate_crime", "hate_crime/hate-crime-1213-2425-appendix-tables-fixture.ods", 9, 2, "B",
         "Table_2_01"),
    Cell("nrm", "nrm/national-referral-mechanism-statistics-uk-quarter-3-2026-jul-to-sep-tables-fixture.ods",
         8, 8, "H", "Table_13"),
    Cell("imd", "imd/File_10_-_IoD2025_Local_Authority_District_Summaries__lower-tier__fixture.xlsx", 4, 3,
         "C", "IMD"),
    Cell("census2021_msoa", "census2021_msoa/demo_migration21_msoa21_TS019.csv", 2, 7,
         "migrant_from_outside_uk"),
]

# (value as a workbook holds it, as a CSV holds it, what the error must quote)
BAD = {
    "negative": (-5, "-5", "-5"),
    "infinity": ("1e309", "1e309", "1e309"),
    "nan-text": ("NaN", "NaN", "NaN"),
    "misplaced-separators": ("1,2,3", "1,2,3", "1,2,3"),
    "beyond-any-figure": (5e12, "5000000000000", "5000000000000"),
}

# Sources whose files carry no figures at all (lookups of names and codes, boundaries).
NO_FIGURES = {"geography", "boundaries"}


def _csv_with(fixture: Path, cell: Cell, text: str, target: Path) -> None:
    raw = fixture.read_bytes()
    gz = fixture.name.endswith(".gz")
    if gz:
        raw = gzip.decompress(raw)
    encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        content = raw.decode(encoding)
    except UnicodeDecodeError:
        content, encoding = raw.decode("iso-8859-1"), "iso-8859-1"
    rows = list(csv.reader(io.StringIO(content, newline="")))
    rows[cell.row - 1][cell.column - 1] = text
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    data = out.getvalue().encode(encoding)
    target.write_bytes(gzip.compress(data, mtime=0) if gz else data)


def _xlsx_with(fixture: Path, cell: Cell, value: object, target: Path) -> None:
    workbook = openpyxl.load_workbook(fixture)
    workbook[cell.sheet].cell(row=cell.row, column=cell.column, value=value)
    workbook.save(target)


def _ods_with(fixture: Path, cell: Cell, value: object, target: Path) -> None:
    sheets = {}
    for name, numbered in read_ods(fixture).items():
        rows: list[list[object] | None] = [None] * (max((n for n, _ in numbered), default=0))
        for number, cells in numbered:
            rows[number - 1] = list(cells)
        sheets[name] = rows
    row = sheets[cell.sheet][cell.row - 1]
    row.extend([None] * (cell.column - len(row)))
    row[cell.column - 1] = value
    write_ods(target, sheets)


def damaged(tmp_path: Path, cell: Cell, bad: str) -> Path:
    fixture = FIXTURES / cell.fixture
    in_book, in_csv, _ = BAD[bad]
    target = tmp_path / "damaged" / fixture.name
    target.parent.mkdir()
    if fixture.suffix == ".xlsx":
        _xlsx_with(fixture, cell, in_book, target)
    elif fixture.suffix == ".ods":
        _ods_with(fixture, cell, in_book, target)
    else:
        _csv_with(fixture, cell, in_csv, target)
    return target


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_every_source_with_figures_has_a_cell_here():
    covered = {cell.source for cell in CELLS}
    with_figures = {s.id for s in all_sources() if s.measures}
    assert with_figures - covered == set()
    assert {s.id for s in all_sources() if not s.measures} == NO_FIGURES


@pytest.mark.parametrize("bad", list(BAD))
@pytest.mark.parametrize("cell", CELLS, ids=[c.id for c in CELLS])
def test_an_impossible_figure_names_its_place_and_keeps_the_last_good_snapshot(tmp_path, cell, bad):
    source = get_source(cell.source)
    root = tmp_path / "snapshots"
    good = import_files(root, source, [FIXTURES / cell.fixture])
    before = tree_digest(root)
    path = damaged(tmp_path, cell, bad)
    if cell.source == "police_crime" and bad == "negative":
        # Police recorded crime publishes negative counts as adjustments: -5 is a figure there.
        assert validate_file(source, path).parse is not None
        return
    with pytest.raises(LayoutError) as caught:
        import_files(root, source, [path])
    error = caught.value
    message = str(error)
    assert (error.source_id, error.file) == (cell.source, path.name), message
    assert error.row == cell.row, message
    assert error.sheet == cell.sheet, message
    assert error.column is not None and error.column.split(" (")[0] == cell.named, message
    assert BAD[bad][2] in message and "expected" in message
    assert tree_digest(root) == before  # the last good snapshot, byte for byte
    assert latest_snapshot(root, cell.source).path == good.path


@pytest.mark.parametrize("bad", ["-5", "NaN", "Infinity", "1e309", '"1,2,3"', "5e12"])
def test_a_stat_xplore_answer_with_an_impossible_count_names_its_place(tmp_path, bad):
    """Stat-Xplore's JSON has no rows or columns: the error names the value's path in the answer."""
    source = get_source("dwp_nino")
    fixture = FIXTURES / "dwp_nino" / "stat-xplore-nino-fixture.json"
    root = tmp_path / "snapshots"
    good = import_files(root, source, [fixture])
    before = tree_digest(root)
    data = json.loads(fixture.read_text(encoding="utf-8"))
    cube = next(iter(data["cubes"]))
    data["cubes"][cube]["values"][0][0][0] = "PLACEHOLDER"
    path = tmp_path / "in" / fixture.name
    path.parent.mkdir()
    path.write_text(json.dumps(data).replace('"PLACEHOLDER"', bad), encoding="utf-8")
    with pytest.raises(LayoutError) as caught:
        import_files(root, source, [path])
    assert caught.value.column == f"$.cubes[{cube!r}].values[0][0][0]", str(caught.value)
    assert tree_digest(root) == before and latest_snapshot(root, "dwp_nino").path == good.path
