"""Reading OpenDocument spreadsheets (.ods) with the standard library alone.

MHCLG and the Home Office publish their tables as .ods. pandas reads them only through the odfpy
package, which the project does not depend on, and reads a whole workbook into memory at once; the
Home Office's police recorded crime workbook runs to hundreds of thousands of rows. An .ods file is
a zip archive whose ``content.xml`` holds every sheet, so this module streams that XML and keeps
only the rows that carry something.

Each sheet comes back as a list of ``(row number, cells)`` pairs, numbered as a spreadsheet shows
them (1-based, counting blank and repeated rows), so that a parser's errors can name the row. A
cell is a float (numbers, percentages, currency), a string (text; a date as its ISO text), or None
(empty). Trailing empty cells are dropped.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"

_TABLE_TAG = f"{{{TABLE}}}table"
_ROW_TAG = f"{{{TABLE}}}table-row"
_CELL_TAGS = (f"{{{TABLE}}}table-cell", f"{{{TABLE}}}covered-table-cell")
_P_TAG = f"{{{TEXT}}}p"
_NAME = f"{{{TABLE}}}name"
_ROWS_REPEATED = f"{{{TABLE}}}number-rows-repeated"
_COLUMNS_REPEATED = f"{{{TABLE}}}number-columns-repeated"
_VALUE_TYPE = f"{{{OFFICE}}}value-type"
_VALUE = f"{{{OFFICE}}}value"
_DATE_VALUE = f"{{{OFFICE}}}date-value"
_BOOLEAN_VALUE = f"{{{OFFICE}}}boolean-value"

# A repeated row or cell that carries a value is written out this many times at most: spreadsheets
# repeat empty rows and columns to the sheet's edge (a million rows), never real figures.
_MAX_REPEAT = 10_000

Sheet = list[tuple[int, list[object]]]


class OdsError(ValueError):
    """The file is not a readable OpenDocument spreadsheet."""


def _text_of(cell: ElementTree.Element) -> str:
    parts = []
    for p in cell.iter(_P_TAG):
        parts.append("".join(p.itertext()))
    return "\n".join(parts)


def _value_of(cell: ElementTree.Element) -> object:
    kind = cell.get(_VALUE_TYPE)
    if kind in ("float", "percentage", "currency"):
        return float(cell.get(_VALUE))
    if kind == "date":
        return cell.get(_DATE_VALUE)
    if kind == "boolean":
        return cell.get(_BOOLEAN_VALUE)
    text = _text_of(cell)
    return text if text != "" else None


def sheet_names(path: Path) -> list[str]:
    """The names of the sheets, in order, without reading their cells."""
    return list(read_ods(path, wanted=lambda name: False))


def read_ods(path: Path, wanted: Callable[[str], bool] | None = None) -> dict[str, Sheet]:
    """Every sheet (or those whose name `wanted` accepts) as (row number, cells) pairs.

    Sheets that are not wanted appear in the result with no rows, so that callers can say which
    sheets a file has.
    """
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise OdsError(f"not a zip archive ({exc})") from None
    with archive:
        if "content.xml" not in archive.namelist():
            raise OdsError("a zip archive without content.xml, so not an OpenDocument spreadsheet")
        sheets: dict[str, Sheet] = {}
        with archive.open("content.xml") as stream:
            current: Sheet | None = None
            row_number = 0
            try:
                for event, element in ElementTree.iterparse(stream, events=("start", "end")):
                    if event == "start":
                        if element.tag == _TABLE_TAG:
                            name = element.get(_NAME) or f"Sheet{len(sheets) + 1}"
                            current = [] if (wanted is None or wanted(name)) else None
                            sheets[name] = current if current is not None else []
                            row_number = 0
                        continue
                    if element.tag == _ROW_TAG:
                        repeat = int(element.get(_ROWS_REPEATED, "1"))
                        if current is not None:
                            cells = _row_cells(element)
                            if cells:
                                for offset in range(min(repeat, _MAX_REPEAT)):
                                    current.append((row_number + 1 + offset, list(cells)))
                        row_number += repeat
                        element.clear()
                    elif element.tag == _TABLE_TAG:
                        element.clear()
                        current = None
            except ElementTree.ParseError as exc:
                raise OdsError(f"content.xml is not well-formed XML ({exc})") from None
    return sheets


def _row_cells(row: ElementTree.Element) -> list[object]:
    cells: list[object] = []
    # Blank cells are counted and written only when a value follows them: a row usually ends in a run
    # of blanks repeated to the sheet's width, which used to be written and then popped one by one.
    blanks = 0
    for cell in row:
        if cell.tag not in _CELL_TAGS:
            continue
        repeat = min(int(cell.get(_COLUMNS_REPEATED, "1")), _MAX_REPEAT)
        value = _value_of(cell)
        if value is None:
            blanks += repeat
        else:
            if blanks:
                cells.extend([None] * blanks)
                blanks = 0
            cells.extend([value] * repeat)
    return cells
