"""sources/_workbook.py reads .xlsx cells with calamine and must give exactly what openpyxl's read-only
mode gives: the parsers' row and column numbers, blanks, markers and error messages depend on it.

Each case writes a small workbook (with openpyxl, then edits its XML where a publisher's file differs
from what openpyxl writes) and compares every row, value and type with openpyxl's own reading."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from migration_profiles.sources._workbook import Workbook
from migration_profiles.sources.base import open_workbook

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"


def _save(path: Path, rows: dict[str, list[list]], edit=None) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, values in rows.items():
        sheet = book.create_sheet(name)
        for row in values:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    if edit is None:
        path.write_bytes(buffer.getvalue())
        return path
    source = zipfile.ZipFile(buffer)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            target.writestr(info.filename, edit(info.filename, body))
    return path


def _openpyxl_rows(path: Path, **kwargs) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return {name: [tuple(r) for r in book[name].iter_rows(values_only=True, **kwargs)]
                for name in book.sheetnames}
    finally:
        book.close()


def _our_rows(path: Path, **kwargs) -> tuple[dict[str, list[tuple]], bool]:
    book = Workbook(path)
    try:
        rows = {name: [tuple(r) for r in book[name].iter_rows(values_only=True, **kwargs)]
                for name in book.sheetnames}
        assert [s.title for s in book.worksheets] == list(rows)
        return rows, book._fallback is not None
    finally:
        book.close()


def _typed(rows: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """Rows with each value's type beside it: 1 and 1.0 are equal, but a parser may print either."""
    return {name: [tuple((type(v).__name__, v) for v in row) for row in values]
            for name, values in rows.items()}


def _assert_same(path: Path, calamine: bool, **kwargs) -> None:
    ours, fell_back = _our_rows(path, **kwargs)
    assert _typed(ours) == _typed(_openpyxl_rows(path, **kwargs))
    assert fell_back is not calamine, "read by openpyxl" if fell_back else "read by calamine"


def _sheet_xml(edit):
    return lambda name, body: edit(body) if name.startswith("xl/worksheets/sheet") else body


PLAIN = {
    "Cover": [["Title"], [], ["Published: 21 August 2026"]],
    "Data": [
        ["Code", "Name", "2023", "2024", "Rate"],
        ["E06000014", "York", 1234, "[c]", 1.5],
        ["E06000001", "Hartlepool", 0, ":", -0.25],
        [None, None, None, None, None],
        ["Note: figures are rounded", None, 1e20, 12345678901234567890, dt.datetime(2024, 9, 30)],
        [True, dt.datetime(2024, 9, 30, 9, 30), "=1+1", None, "x"],
    ],
}


def test_plain_cells_are_read_by_calamine_as_openpyxl_reads_them(tmp_path):
    path = _save(tmp_path / "plain.xlsx", PLAIN)
    _assert_same(path, calamine=True)
    _assert_same(path, calamine=True, max_row=2)
    _assert_same(path, calamine=True, max_row=40)
    rows, _ = _our_rows(path)
    assert rows["Data"][1] == ("E06000014", "York", 1234, "[c]", 1.5)
    assert type(rows["Data"][1][2]) is int  # a whole number, as openpyxl gives it


def test_blank_strings_are_put_back_where_the_xml_has_them(tmp_path):
    # A publisher's empty and space-only strings: calamine reads both as empty cells; openpyxl does not.
    def edit(body):
        body = body.replace(b'<row r="4"></row>', b'<row r="4"><c r="B4" t="inlineStr"><is><t></t></is></c>'
                            b'<c r="D4" t="inlineStr"><is><t> </t></is></c></row>')
        return body.replace(b'<row r="2"></row>',
                            b'<row r="2"><c r="A2" t="inlineStr"><is><t/></is></c></row>')

    path = _save(tmp_path / "blanks.xlsx", PLAIN, _sheet_xml(edit))
    assert _openpyxl_rows(path)["Data"][3][1:4] == ("", None, " ")  # the edit took
    _assert_same(path, calamine=True)


def test_blank_shared_strings_are_put_back(tmp_path):
    # Excel keeps text in a shared table; an empty entry there (as in ONS's LAMI workbook) reads as ''.
    kinds = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    relation = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"

    def edit(name, body):
        if name == "[Content_Types].xml":
            part = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kinds}"/>'
            return body.replace(b"</Types>", f"{part}</Types>".encode())
        if name == "xl/_rels/workbook.xml.rels":
            return body.replace(b"</Relationships>", f'<Relationship Id="rIdS" Type="{relation}" '
                                'Target="sharedStrings.xml"/></Relationships>'.encode())
        if name.startswith("xl/worksheets/sheet"):
            return body.replace(b'<row r="4"></row>', b'<row r="4"><c r="A4" t="s"><v>1</v></c>'
                                b'<c r="B4" t="n"><v>1</v></c><c r="C4" t="s"><v>0</v></c></row>')
        return body

    def add_strings(path):
        with zipfile.ZipFile(path, "a") as book:
            book.writestr("xl/sharedStrings.xml", '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://'
                          'schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2">'
                          "<si><t>Shared</t></si><si><t/></si></sst>")
        return path

    path = add_strings(_save(tmp_path / "shared.xlsx", PLAIN, edit))
    assert _openpyxl_rows(path)["Data"][3][:3] == ("", 1, "Shared")
    _assert_same(path, calamine=True)


@pytest.mark.parametrize("case, edit", [
    ("error cell", lambda b: b.replace(b'<c r="D2" t="inlineStr"><is><t>[c]</t></is></c>',
                                       b'<c r="D2" t="e"><v>#N/A</v></c>')),
    ("unpreserved edge spaces", lambda b: b.replace(b"<t>York</t>", b"<t>York </t>")),
    ("blank formula string", lambda b: b.replace(b'<c r="D2" t="inlineStr"><is><t>[c]</t></is></c>',
                                                 b'<c r="D2" t="str"><f>""</f><v></v></c>')),
    ("no dimension", lambda b: re.sub(rb"<dimension [^>]*/>", b"", b)),
])
def test_cells_calamine_cannot_give_are_read_by_openpyxl(tmp_path, case, edit):
    path = _save(tmp_path / "unlike.xlsx", PLAIN, _sheet_xml(edit))
    assert zipfile.ZipFile(path).read("xl/worksheets/sheet2.xml") != zipfile.ZipFile(
        _save(tmp_path / "plain.xlsx", PLAIN)).read("xl/worksheets/sheet2.xml"), "the edit took"
    _assert_same(path, calamine=False)


def test_rows_stop_where_openpyxl_stops_them(tmp_path):
    # openpyxl trusts the declared dimension: a smaller one cuts rows and columns, trailing empty rows
    # that the XML holds are yielded, and a sheet without rows yields none.
    def edit(name, body):
        if name == "xl/worksheets/sheet1.xml":  # Cover: an empty row 9, in a dimension that includes it
            body = body.replace(b'<dimension ref="A1:A3"', b'<dimension ref="A1:B9"')
            return body.replace(b"</sheetData>", b'<row r="9"/></sheetData>')
        if name == "xl/worksheets/sheet2.xml":  # Data: a dimension smaller than its cells
            return body.replace(b'<dimension ref="A1:E6"', b'<dimension ref="A1:C4"')
        return body

    path = _save(tmp_path / "cut.xlsx", {**PLAIN, "Empty": []}, edit)
    theirs = _openpyxl_rows(path)
    assert len(theirs["Data"]) == 4 and len(theirs["Data"][0]) == 3 and len(theirs["Cover"]) == 9
    _assert_same(path, calamine=True)
    assert _our_rows(path)[0]["Empty"] == []


def test_a_file_calamine_cannot_open_fails_with_openpyxls_error(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not a workbook")
    with pytest.raises(zipfile.BadZipFile):
        openpyxl.load_workbook(path, read_only=True)
    with pytest.raises(zipfile.BadZipFile):
        open_workbook(path)


@pytest.mark.realdata
@pytest.mark.parametrize("path", sorted(REALDATA.glob("*/*.xlsx")), ids=lambda p: p.name)
def test_published_workbooks_read_as_openpyxl_reads_them(path):
    _assert_same(path, calamine=True)
