"""Writing small OpenDocument spreadsheets (.ods) for fixtures, with the standard library alone.

Enough of the format for the parsers to read what publishers' files contain: several sheets, text
and number cells, empty cells and blank rows, and (as LibreOffice writes them) empty cells and rows
compressed with the repeat attributes.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
MANIFEST = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="{MIMETYPE}"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""
HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    "<office:body><office:spreadsheet>"
)
TAIL = "</office:spreadsheet></office:body></office:document-content>"


def _cell(value: object) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, bool):
        raise TypeError("no booleans in fixtures")
    if isinstance(value, int | float):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value!r}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    text = escape(str(value))
    return f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'


def _row(cells: list[object]) -> str:
    body = "".join(_cell(c) for c in cells)
    # Spreadsheets pad each row to the sheet's width with one repeated empty cell.
    return (
        f'<table:table-row>{body}<table:table-cell table:number-columns-repeated="1000"/></table:table-row>'
    )


FIXTURE_TIME = (2026, 1, 1, 0, 0, 0)


def write_ods(path: Path, sheets: dict[str, list[list[object] | None]]) -> Path:
    """Write `sheets` (name -> rows; a row of None or [] is blank) to `path`."""
    path = Path(path)
    path.write_bytes(ods_bytes(sheets))
    return path


def ods_bytes(
    sheets: dict[str, list[list[object] | None]], date_time: tuple[int, ...] = FIXTURE_TIME
) -> bytes:
    """The .ods file of `sheets`, its members dated `date_time` (scripts/sample_data writes its own date)."""
    parts = [HEAD]
    for name, rows in sheets.items():
        parts.append(f"<table:table table:name={quoteattr(name)}>")
        blank = 0
        for row in rows:
            if not row:
                blank += 1
                continue
            if blank:
                parts.append(
                    f'<table:table-row table:number-rows-repeated="{blank}">'
                    "<table:table-cell/></table:table-row>"
                )
                blank = 0
            parts.append(_row(list(row)))
        # The rest of the sheet, to its last row, as LibreOffice writes it.
        parts.append(
            '<table:table-row table:number-rows-repeated="1048000"><table:table-cell/></table:table-row>'
        )
        parts.append("</table:table>")
    parts.append(TAIL)
    # Fixed member dates, so that the same fixture is written byte for byte the same each time.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data, method in (
            ("mimetype", MIMETYPE, zipfile.ZIP_STORED),
            ("META-INF/manifest.xml", MANIFEST, zipfile.ZIP_DEFLATED),
            ("content.xml", "".join(parts), zipfile.ZIP_DEFLATED),
        ):
            archive.writestr(zipfile.ZipInfo(name, date_time=date_time), data, compress_type=method)
    return out.getvalue()
