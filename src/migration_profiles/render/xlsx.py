"""A small XLSX writer for what the area workbooks hold: sheets of text and numbers, each with column
widths, a frozen heading, and four cell styles (plain, wrapped, title, header).

Why not XlsxWriter, which made these workbooks before: every area of a build gets one, about 5,000
cells each, and XlsxWriter's general machinery (a cell object per cell, checks and options per write,
XML written element by element) cost about 45 ms a workbook, the longest step left on a cold build's
critical path. Writing the few parts these sheets need directly costs a fifth of that. The XML follows
what XlsxWriter writes for the same sheets (parts, element order, styles, shared strings), which Excel,
LibreOffice, openpyxl and pandas all read; tests/test_xlsx.py checks a workbook cell by cell against
one XlsxWriter makes from the same tables.

Text is only ever text here: every string is written as a shared string (never a formula, a number or
a link), and one that begins like a formula gets a leading apostrophe (spreadsheet_safe). Numbers are
numeric cells; None is an empty cell.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from dataclasses import dataclass, field

from migration_profiles.render.spreadsheet_safe import FORMULA_STARTS

# Cell styles: the index of each in styles.xml's cellXfs.
PLAIN, WRAP, TITLE, HEADER = 0, 1, 2, 3
WRAP_FROM = 40  # columns at least this wide wrap their text
MAX_TEXT = 32767  # Excel's longest cell text
# A column's width as Excel stores it: the characters of width asked for plus Calibri 11's padding.
WIDTH_PADDING = 0.7109375

_NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_FONT = '<sz val="11"/><name val="Calibri"/><family val="2"/>'
_STYLES = (
    f'{_DECLARATION}<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    f'<fonts count="3"><font>{_FONT}</font><font><b/><sz val="14"/><name val="Calibri"/><family val="2"/>'
    f'</font><font><b/>{_FONT}</font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '<dxfs count="0"/><tableStyles count="0"/></styleSheet>')
_ROOT_RELS = (
    f'{_DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/></Relationships>')
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
# Characters XML 1.0 cannot hold, and text that Excel would read as one of its own escapes (_x0041_):
# both written as Excel's escapes, as XlsxWriter does, so the cell reads back as the text given.
_EXCEL_ESCAPE = re.compile(r"_x[0-9a-fA-F]{4}_")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")


def escape(text: str) -> str:
    """Text as XML character data (xml.sax.saxutils.escape, without the import of urllib it brings)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def column_letter(index: int) -> str:
    """Excel's name of a 0-based column: 0 is A, 25 is Z, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_runs(widths: list[int], styles: list[int]) -> list[tuple[int, int, int, int]]:
    """Neighbouring columns of one width and style as one run (first, last, width, style), 1-based,
    as Excel itself stores them."""
    runs: list[list[int]] = []
    for number, (width, style) in enumerate(zip(widths, styles, strict=True), start=1):
        if runs and runs[-1][2:] == [width, style]:
            runs[-1][1] = number
        else:
            runs.append([number, number, width, style])
    return [tuple(run) for run in runs]


def _number(value) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"a spreadsheet cell cannot hold {value!r}; a missing figure is None")
    return f"{value:.16G}"  # as XlsxWriter writes numbers: 0.1 stays 0.1, 96970.0 is 96970


@dataclass
class _Sheet:
    name: str
    xml: str


@dataclass
class Workbook:
    """Sheets added in order; `bytes()` gives the XLSX file."""

    title: str = ""
    created: str = "1980-01-01T00:00:00Z"  # W3CDTF; a fixed date keeps the same sheets the same bytes
    sheets: list[_Sheet] = field(default_factory=list)
    strings: dict[str, int] = field(default_factory=dict)  # text -> its index among the shared strings
    string_cells: int = 0

    def add_sheet(self, name: str, rows: list[list], widths: list[int], styles: dict[int, int] | None = None,
                  freeze_rows: int = 0) -> None:
        """A sheet holding `rows` from A1 down, one list of cells a row: str, int or float, or None for
        an empty cell. `widths` are the columns' widths in characters; a column at least WRAP_FROM wide
        wraps its text. `styles` gives the style of whole rows by index (TITLE, HEADER); other cells
        take their column's. The first `freeze_rows` stay in view when scrolling."""
        styles = styles or {}
        letters = [column_letter(i) for i in range(max([len(widths), *map(len, rows)], default=1))]
        column_style = [WRAP if width >= WRAP_FROM else PLAIN for width in widths]
        column_style += [PLAIN] * (len(letters) - len(column_style))
        strings, last_column, string_cells = self.strings, 0, 0
        parts = []
        # The loop below runs for every cell of every area's workbook: kept to plain operations.
        for number, row in enumerate(rows, start=1):
            row_style = styles.get(number - 1)
            cells = []
            for column, value in enumerate(row):
                if value is None:
                    continue  # a missing figure stays an empty cell
                style = row_style if row_style is not None else column_style[column]
                s = f' s="{style}"' if style else ""
                if isinstance(value, str):
                    if value.startswith(FORMULA_STARTS):
                        value = "'" + value
                    index = strings.get(value)
                    if index is None:
                        index = strings[value] = len(strings)
                    string_cells += 1
                    cells.append(f'<c r="{letters[column]}{number}"{s} t="s"><v>{index}</v></c>')
                else:
                    cells.append(f'<c r="{letters[column]}{number}"{s}><v>{_number(value)}</v></c>')
                if column > last_column:
                    last_column = column
            parts.append(f'<row r="{number}">{"".join(cells)}</row>')
        self.string_cells += string_cells
        dimension = f"A1:{letters[last_column]}{max(len(rows), 1)}"
        selected = ' tabSelected="1"' if not self.sheets else ""
        if freeze_rows:
            view = (f'<sheetView{selected} workbookViewId="0"><pane ySplit="{freeze_rows}" '
                    f'topLeftCell="A{freeze_rows + 1}" activePane="bottomLeft" state="frozen"/>'
                    '<selection pane="bottomLeft"/></sheetView>')
        else:
            view = f'<sheetView{selected} workbookViewId="0"/>'
        cols = "".join(f'<col min="{first}" max="{last}" width="{width + WIDTH_PADDING}"'
                       + (f' style="{style}"' if style else "") + ' customWidth="1"/>'
                       for first, last, width, style in _column_runs(widths, column_style))
        self.sheets.append(_Sheet(name, (
            f'{_DECLARATION}<worksheet {_NS}><dimension ref="{dimension}"/><sheetViews>{view}</sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/>{f"<cols>{cols}</cols>" if cols else ""}'
            f'<sheetData>{"".join(parts)}</sheetData>'
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
            '</worksheet>')))

    def _shared_strings(self) -> str:
        items = []
        for text in self.strings:  # in order of index: dicts keep insertion order
            if len(text) > MAX_TEXT:
                text = text[:MAX_TEXT]
            if "_x" in text:
                text = _EXCEL_ESCAPE.sub(lambda m: "_x005F" + m.group(0), text)
            text = escape(text)
            if _CONTROL.search(text):
                text = _CONTROL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)
            space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
            items.append(f"<si><t{space}>{text}</t></si>")
        return (f'{_DECLARATION}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                f'count="{self.string_cells}" uniqueCount="{len(self.strings)}">{"".join(items)}</sst>')

    def _workbook(self) -> str:
        names = [escape(sheet.name).replace('"', "&quot;") for sheet in self.sheets]  # in an attribute
        sheets = "".join(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>'
                         for i, name in enumerate(names, start=1))
        return (f'{_DECLARATION}<workbook {_NS}><bookViews><workbookView xWindow="240" yWindow="15" '
                f'windowWidth="16095" windowHeight="9660"/></bookViews><sheets>{sheets}</sheets>'
                '</workbook>')

    def _workbook_rels(self) -> str:
        base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        count = len(self.sheets)
        links = "".join(f'<Relationship Id="rId{i}" Type="{base}worksheet" Target="worksheets/sheet{i}.xml"/>'
                        for i in range(1, count + 1))
        return (f'{_DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                f'relationships">{links}<Relationship Id="rId{count + 1}" Type="{base}styles" '
                f'Target="styles.xml"/><Relationship Id="rId{count + 2}" Type="{base}sharedStrings" '
                'Target="sharedStrings.xml"/></Relationships>')

    def _content_types(self) -> str:
        main = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        sheets = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_SHEET_TYPE}"/>'
                         for i in range(1, len(self.sheets) + 1))
        return (f'{_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/docProps/core.xml" '
                'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
                f'<Override PartName="/xl/styles.xml" ContentType="{main}.styles+xml"/>'
                f'<Override PartName="/xl/workbook.xml" ContentType="{main}.sheet.main+xml"/>{sheets}'
                f'<Override PartName="/xl/sharedStrings.xml" ContentType="{main}.sharedStrings+xml"/>'
                '</Types>')

    def _core(self) -> str:
        # The title is what a screen reader and a file browser announce for the file (the Analysis
        # Function's checklist asks for it in the document's properties), with its language.
        return (f'{_DECLARATION}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
                'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
                'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
                f'<dc:title>{escape(self.title)}</dc:title><dc:language>en-GB</dc:language>'
                f'<dcterms:created xsi:type="dcterms:W3CDTF">{self.created}</dcterms:created>'
                f'<dcterms:modified xsi:type="dcterms:W3CDTF">{self.created}</dcterms:modified>'
                '</cp:coreProperties>')

    def bytes(self, compresslevel: int = 6) -> bytes:
        # Sheets first: they fill the shared strings.
        parts = [("[Content_Types].xml", self._content_types()), ("_rels/.rels", _ROOT_RELS),
                 ("docProps/core.xml", self._core()), ("xl/workbook.xml", self._workbook()),
                 ("xl/_rels/workbook.xml.rels", self._workbook_rels()), ("xl/styles.xml", _STYLES)]
        parts += [(f"xl/worksheets/sheet{i}.xml", sheet.xml) for i, sheet in enumerate(self.sheets, start=1)]
        parts.append(("xl/sharedStrings.xml", self._shared_strings()))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as archive:
            for name, text in parts:
                # A fixed date in every entry: the same workbook is the same bytes, build after build.
                archive.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), text.encode("utf-8"),
                                 compress_type=zipfile.ZIP_DEFLATED, compresslevel=compresslevel)
        return out.getvalue()
