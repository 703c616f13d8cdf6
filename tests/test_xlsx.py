"""The small XLSX writer (render/xlsx.py) against XlsxWriter, which made the area workbooks before it:
the same tables read back the same, cell by cell, in openpyxl and pandas; text stays text, however it
begins or whatever characters it holds; numbers are numeric cells; missing figures are empty cells."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

import openpyxl
import pandas as pd
import pytest
import xlsxwriter

from migration_profiles.render import xlsx

EVIL = '=HYPERLINK("http://example.invalid","x")'
# Text from files is data: each of these must read back as written (the formula-like ones with the
# apostrophe that keeps them text).
AWKWARD = [EVIL, "+44 1904", "-5", "@SUM(A1)", "\tindented", "\rreturn", "a & b < c > d",
           '"quoted"', "_x0041_ is not A", "bell\x07 and nul\x00", "  leading and trailing  ",
           "Ynys Môn – Ceredigion", "line\nbreak"]
TABLE = [
    ["Awkward text", "Period", "Value", "Lower", "Upper", "Shown"],
    *([text, "Mid-2019", 12.5 + i, None if i % 2 else 10.0 + i, 15, f"{12.5 + i}%"]
      for i, text in enumerate(AWKWARD)),
    ["York", "Mid-2020", 0.1, None, None, "0.1"],
    ["York", "Mid-2021", 96970.0, 1e-7, 123456789012.5, "96,970"],
]


def _ours() -> bytes:
    book = xlsx.Workbook(title="Migration profile of York (E06000014)", created="2026-12-07T00:00:00Z")
    book.add_sheet("Cover", [["Migration profile of York"], ["Edition demo."], [EVIL]], [110],
                   {0: xlsx.TITLE})
    book.add_sheet("A & B's <figures>", [["A & B: the figures"], *TABLE], [40, 24, 14, 14, 14, 24],
                   {0: xlsx.TITLE, 1: xlsx.HEADER}, freeze_rows=2)
    return book.bytes()


def _theirs() -> bytes:
    """The same sheets as XlsxWriter writes them (as downloads.py did before render/xlsx.py)."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                     "strings_to_numbers": False, "strings_to_urls": False})
    title = book.add_format({"bold": True, "font_size": 14})
    header = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})

    def text(value):
        return "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value

    cover = book.add_worksheet("Cover")
    cover.set_column(0, 0, 110, wrap)
    for number, line in enumerate(["Migration profile of York", "Edition demo.", EVIL]):
        cover.write_string(number, 0, text(line), title if number == 0 else None)
    sheet = book.add_worksheet("A & B's <figures>")
    sheet.write_string(0, 0, "A & B: the figures", title)
    sheet.write_row(1, 0, TABLE[0], header)
    for number, row in enumerate(TABLE[1:], start=2):
        for column, value in enumerate(row):
            if isinstance(value, str):
                sheet.write_string(number, column, text(value))
            elif value is not None:
                sheet.write_number(number, column, value)
    for column, width in enumerate([40, 24, 14, 14, 14, 24]):
        sheet.set_column(column, column, width, wrap if width >= 40 else None)
    sheet.freeze_panes(2, 0)
    book.close()
    return out.getvalue()


def _described(data: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(data))
    described: list = [book.sheetnames]
    for sheet in book.worksheets:
        described.append((sheet.title, sheet.freeze_panes, sheet.dimensions,
                          {k: (round(v.width, 3), v.alignment.wrap_text)
                           for k, v in sheet.column_dimensions.items() if v.width},
                          [[(c.value, c.data_type, c.font.b, c.font.sz, c.alignment.wrap_text,
                             c.alignment.vertical) for c in row] for row in sheet.iter_rows()]))
    return described


def test_the_writer_s_workbook_reads_back_as_xlsxwriter_s_does_cell_by_cell():
    assert _described(_ours()) == _described(_theirs())


def test_text_stays_text_and_numbers_stay_numbers():
    sheet = openpyxl.load_workbook(io.BytesIO(_ours()))["A & B's <figures>"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    firsts = [row[0] for row in rows[:len(AWKWARD)]]
    assert firsts[0] == "'" + EVIL and firsts[1:4] == ["'+44 1904", "'-5", "'@SUM(A1)"]  # never a formula
    # XML's and Excel's own escapes undone on reading; control characters, which XML cannot hold, are
    # written as Excel's escapes for them (which openpyxl leaves as they are, and Excel reads back).
    control = AWKWARD.index("bell\x07 and nul\x00")
    assert firsts[6:control] + firsts[control + 1:] == AWKWARD[6:control] + AWKWARD[control + 1:]
    assert firsts[control] == "bell_x0007_ and nul_x0000_"
    assert all(sheet.cell(row=r, column=1).data_type == "s" for r in range(3, 3 + len(AWKWARD)))
    assert rows[-2][2:5] == (0.1, None, None)  # a missing bound is an empty cell, not 0 or ""
    assert rows[-1][2:5] == (96970, 1e-7, 123456789012.5)
    assert all(sheet.cell(row=r, column=3).data_type == "n" for r in range(3, sheet.max_row + 1))
    # pandas reads it with either of its engines (calamine is to become its default) alike. Calamine
    # also undoes Excel's escapes of control characters, as Excel does: every text reads back as given.
    frames = [pd.read_excel(io.BytesIO(_ours()), sheet_name="A & B's <figures>", skiprows=1, engine=engine)
              for engine in ("openpyxl", "calamine")]
    assert frames[0].iloc[:, 1:].equals(frames[1].iloc[:, 1:])
    assert frames[1]["Awkward text"].tolist()[:len(AWKWARD)] == [
        "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text for text in AWKWARD]
    assert frames[0]["Value"].dtype.kind == "f" and frames[0]["Value"].iloc[-1] == 96970


def test_every_part_is_well_formed_xml():
    archive = zipfile.ZipFile(io.BytesIO(_ours()))
    assert archive.namelist()[0] == "[Content_Types].xml"
    for name in archive.namelist():
        ElementTree.fromstring(archive.read(name))  # raises on a character XML cannot hold


def test_the_same_sheets_are_the_same_bytes_and_carry_a_title():
    """Workbooks are kept by what they are made from: a file that changed with the clock would be
    made and served anew for nothing."""
    assert _ours() == _ours()
    core = zipfile.ZipFile(io.BytesIO(_ours())).read("docProps/core.xml").decode()
    assert "<dc:title>Migration profile of York (E06000014)</dc:title>" in core
    assert "<dc:language>en-GB</dc:language>" in core


def test_a_figure_that_is_not_a_number_is_refused():
    book = xlsx.Workbook()
    with pytest.raises(ValueError, match="cannot hold nan"):
        book.add_sheet("Figures", [["Value"], [float("nan")]], [14])


@pytest.mark.parametrize(("index", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")])
def test_column_letters(index, letters):
    assert xlsx.column_letter(index) == letters
