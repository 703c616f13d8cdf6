"""Reading .xlsx workbooks: calamine (Rust) for the cells, giving exactly what openpyxl's read-only mode
gives, at a tenth of its cost.

The parsers were written against openpyxl (`load_workbook(read_only=True, data_only=True)`), and what
they see must not change: their messages name rows and columns, and a parser's output is compared byte
for byte between builds. So `Workbook` offers the part of openpyxl's interface they use (`sheetnames`,
`worksheets`, `book[name]`, `.title`, `iter_rows(values_only=True, max_row=...)`, `close()`) and
reproduces openpyxl's values and shapes:

- rows start at A1 and run to the sheet's declared dimension, padded with None (and cut to it, as
  openpyxl cuts them), so row and column numbers are those a spreadsheet shows;
- a whole number is an int, other numbers floats; a date is a datetime; an empty cell is None.

calamine cannot tell some cells apart that openpyxl can: an error cell ('#N/A'), an empty string and an
empty cell all read as ''; and it trims a string's edge spaces unless the file asks to keep them. Such
cells are found in the sheet's XML. Empty and space-only strings (which publishers' files hold) are put
back where the XML has them; a sheet with an error cell, a blank formula result or an inline string with
unpreserved edge spaces around its text is read by openpyxl itself, as are sheets with no declared
dimension (whose rows openpyxl does not pad), files calamine cannot open, and workbooks whose shared
strings hold text with unpreserved edge spaces.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"

_DIMENSION = re.compile(rb'<dimension\s+ref="([A-Z]*)(\d*)(?::([A-Z]*)(\d*))?"')
# Cells calamine reads differently from openpyxl (see the module's docstring).
_ERROR = b't="e"'  # an error cell: openpyxl gives its text ('#N/A'), calamine ''
_BLANK_FORMULA = re.compile(rb't="str"[^>]*>(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)?(?:<v\s*/>|<v>\s*</v>)')
# An inline string's text whose first or last character is a space: calamine trims it unless the file
# says xml:space="preserve"; openpyxl never does. Blank ones are put back (_blank_cells); others are not.
_EDGE_SPACE = re.compile(rb'<t>\s|\s</t>')
_INLINE = re.compile(rb'<t(?:\s+xml:space="preserve")?>([^<]*)</t>|<t\s*/>')
_CELL_REF = re.compile(rb'<c\s(?:[^>]*?\s)?r="([A-Z]+)(\d+)"')
_LAST_ROW = re.compile(rb'<row\s(?:[^>]*?\s)?r="(\d+)"')
_EMPTY_TEXT = re.compile(rb'<t\s*/>|<t(?:\s+xml:space="preserve")?></t>')
# A shared string calamine would not give as openpyxl does: blank, or with unpreserved edge spaces.
_BLANK_SHARED = re.compile(rb'<si>(?:<t\s*/>|<t(?:\s+xml:space="preserve")?>(\s*)</t>)</si>')
_UNLIKE_SHARED = re.compile(rb'<t(?:\s*/>|>\s*</t>|>\s|>[^<]*\s</t>|\s+xml:space="preserve"\s*(?:/>|></t>))')


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _value(value):
    kind = type(value)
    if kind is str:
        return value or None
    if kind is float:
        # openpyxl makes an int of a number written without a point or exponent, which is how Excel
        # writes every whole number below 1e15.
        return int(value) if value.is_integer() and -1e15 < value < 1e15 else value
    if kind is dt.date:
        return dt.datetime(value.year, value.month, value.day)
    return value


def _blank_cells(xml: bytes, shared: dict[bytes, str]) -> dict[int, list[tuple[int, str]]] | None:
    """{row: [(column, text)]} of the cells holding a string that is empty or spaces only, which calamine
    reads as empty cells: inline, or one of the `shared` blank strings. None when an inline string has
    unpreserved spaces at its edge around other text (calamine trims them), or a blank string's cell
    cannot be placed."""
    starts = {m.start() for m in _EMPTY_TEXT.finditer(xml)}
    for match in _EDGE_SPACE.finditer(xml):
        at = match.start()
        starts.add(at if xml.startswith(b"<t>", at) else xml.rfind(b"<t", 0, at))  # the text's own tag
    blanks: dict[int, list[tuple[int, str]]] = {}
    for start in sorted(starts):
        text = _INLINE.match(xml, start)
        if text is None:
            return None
        body = text.group(1) or b""
        if body.strip():
            if xml.startswith(b"<t>", start):
                return None  # edge spaces, unpreserved: calamine trims them
            continue  # kept by calamine, as by openpyxl
        if not (xml.endswith(b"<is>", 0, start) and xml.startswith(b"</is>", text.end())):
            return None  # a run of rich text, not the whole string
        ref = _CELL_REF.match(xml, max(0, xml.rfind(b"<c ", 0, start)))
        if ref is None:
            return None
        blanks.setdefault(int(ref.group(2)), []).append((_column(ref.group(1)), body.decode()))
    for index, text in shared.items():
        value = b"<v>" + index + b"</v>"
        at = xml.find(value)
        while at >= 0:
            cell = xml.rfind(b"<c ", 0, at)
            if cell >= 0 and b't="s"' in xml[cell:xml.find(b">", cell)]:
                ref = _CELL_REF.match(xml, cell)
                if ref is None:
                    return None
                blanks.setdefault(int(ref.group(2)), []).append((_column(ref.group(1)), text))
            at = xml.find(value, at + 1)
    return blanks


def _padded(rows: list[list], width: int, height: int, blanks: dict[int, list[tuple[int, str]]]):
    empty = (None,) * width
    for number in range(1, height + 1):
        if number > len(rows):
            yield empty
            continue
        cells = [_value(v) for v in rows[number - 1][:width]]
        if len(cells) < width:
            cells.extend([None] * (width - len(cells)))
        for column, text in blanks.get(number, ()):
            if column <= width:
                cells[column - 1] = text
        yield tuple(cells)


class _Sheet:
    """A worksheet of `Workbook`: its title, and rows as openpyxl's read-only worksheet yields them."""

    def __init__(self, book: Workbook, title: str):
        self.book, self.title = book, title

    def iter_rows(self, min_row=None, max_row=None, min_col=None, max_col=None, values_only=False):
        if not values_only or min_row or min_col or max_col:  # not used by the parsers: openpyxl's own
            sheet = self.book._openpyxl()[self.title]
            return sheet.iter_rows(min_row, max_row, min_col, max_col, values_only)
        return self.book._rows(self.title, max_row)


class Workbook:
    """An .xlsx workbook read as openpyxl's `load_workbook(path, read_only=True, data_only=True)` would
    read it (see the module's docstring)."""

    def __init__(self, path):
        self.path = Path(path)
        self._fallback = None
        self._calamine = None
        try:
            from python_calamine import CalamineWorkbook

            self._zip = zipfile.ZipFile(self.path)
            self._parts = self._sheet_parts()
            self._calamine = CalamineWorkbook.from_path(str(self.path))
        except Exception:  # noqa: BLE001 - openpyxl then reads it, and raises its own error if it fails
            self._zip = None
            self._openpyxl()
            return
        self.sheetnames = list(self._parts)
        self._shared_blanks = self._blank_shared_strings()
        if self.sheetnames != list(self._calamine.sheet_names) or self._shared_blanks is None:
            self._openpyxl()

    def _openpyxl(self):
        if self._fallback is None:
            import openpyxl

            self._fallback = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
            self.sheetnames = self._fallback.sheetnames
        return self._fallback

    def _sheet_parts(self) -> dict[str, str]:
        """Sheet name -> its worksheet part ('xl/worksheets/sheet1.xml'), in the workbook's order;
        chart sheets are left out, as openpyxl's `worksheets` leaves them out."""
        workbook = "xl/workbook.xml"
        rels = ElementTree.fromstring(self._zip.read("xl/_rels/workbook.xml.rels"))
        targets = {}
        for rel in rels.iter(f"{_PACKAGE_RELS}Relationship"):
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else str(
                PurePosixPath(workbook).parent / target)
            targets[rel.get("Id")] = (path, rel.get("Type", "").rsplit("/", 1)[-1])
        self._strings_part = next((path for path, kind in targets.values() if kind == "sharedStrings"), None)
        parts = {}
        for sheet in ElementTree.fromstring(self._zip.read(workbook)).iter(f"{_MAIN}sheet"):
            path, kind = targets[sheet.get(_REL)]
            if kind != "worksheet":
                raise ValueError("a chart sheet: openpyxl reads this workbook")
            parts[sheet.get("name")] = path
        return parts

    def _blank_shared_strings(self) -> dict[bytes, str] | None:
        """{index as in <v>: text} of the shared strings that are empty or spaces only, which calamine
        reads as empty cells; None when one has unpreserved spaces around other text (which calamine
        trims) or is not a single plain text."""
        if self._strings_part is None:
            return {}
        strings = self._zip.read(self._strings_part)
        blanks = {}
        for match in _UNLIKE_SHARED.finditer(strings):
            start = strings.rfind(b"<si", 0, match.start())
            whole = _BLANK_SHARED.match(strings, start)
            if start < 0 or whole is None:
                return None
            index = strings.count(b"<si>", 0, start) + strings.count(b"<si ", 0, start)
            blanks[str(index).encode()] = (whole.group(1) or b"").decode()
        return blanks

    @property
    def worksheets(self) -> list:
        if self._fallback is not None:
            return self._fallback.worksheets
        return [_Sheet(self, name) for name in self.sheetnames]

    def __getitem__(self, name: str):
        if self._fallback is not None:
            return self._fallback[name]
        if name not in self._parts:
            raise KeyError(f"Worksheet {name} does not exist.")
        return _Sheet(self, name)

    def _rows(self, name: str, max_row: int | None):
        xml = self._zip.read(self._parts[name])
        data = xml.find(b"<sheetData")
        dimension = _DIMENSION.search(xml, 0, data) if data >= 0 else None
        last = _LAST_ROW.match(xml, max(0, xml.rfind(b"<row "))) if dimension is not None else None
        if dimension is not None and b"<row" not in xml:
            return iter(())  # no rows: openpyxl yields none either
        blanks = None
        if last is not None and _ERROR not in xml and not _BLANK_FORMULA.search(xml):
            blanks = _blank_cells(xml, self._shared_blanks)
        if blanks is None:
            # No dimension (openpyxl then yields each row as wide as its last cell), or cells calamine
            # cannot give as openpyxl does: openpyxl reads this sheet.
            return self._openpyxl()[name].iter_rows(max_row=max_row, values_only=True)
        width = _column(dimension.group(3) or dimension.group(1))
        # openpyxl stops at the last row the XML holds, or at the dimension's (or the caller's) last row
        height = min(int(last.group(1)), max_row or int(dimension.group(4) or dimension.group(2)))
        rows = self._calamine.get_sheet_by_name(name).to_python(skip_empty_area=False, nrows=height)
        return _padded(rows, width, height, blanks)

    def close(self) -> None:
        if self._calamine is not None:
            self._calamine.close()
        if self._zip is not None:
            self._zip.close()
        if self._fallback is not None:
            self._fallback.close()
