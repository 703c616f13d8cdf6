"""Writing the demonstration files as bytes that do not change between runs (fixed dates in every zip,
workbook and manifest), and each source's snapshot folder with its manifest."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import sys
import zipfile
from pathlib import Path

from openpyxl import Workbook

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))  # the .ods writer is the tests' own, so that fixtures and samples share it
from tests.odsfile import ods_bytes as _ods_bytes  # noqa: E402

IMPORTED_FROM = "scripts/make_sample_data.py (demonstration data)"
CREATED_AT = "2025-06-02T09:00:00Z"  # fixed so that reruns give identical manifests
XLSX_TIME = dt.datetime(2021, 9, 17, 9, 30, 0)  # workbook properties and zip entry dates
ZIP_TIME = (2021, 9, 17, 9, 30, 0)
ODS_TIME = (2025, 2, 27, 9, 30, 0)  # fixed member dates, so reruns give identical files


def csv_bytes(
    header: list[str],
    rows: list[list[object]],
    *,
    bom: bool = False,
    crlf: bool = False,
    encoding: str = "utf-8",
    quote_all: bool = False,
) -> bytes:
    buffer = io.StringIO()
    quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    writer = csv.writer(buffer, lineterminator="\r\n" if crlf else "\n", quoting=quoting)
    writer.writerow(header)
    writer.writerows(rows)
    text = buffer.getvalue()
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)


def normalise_xlsx(data: bytes, empty_strings: dict[str, list[str]] | None = None) -> bytes:
    """Fix the zip entry dates and the document dates so equal workbooks give equal bytes.

    `empty_strings` maps a worksheet part (``xl/worksheets/sheet8.xml``) to cells that must hold an
    empty string rather than nothing, as some publishers' files do; openpyxl drops such values.
    """
    stamp = XLSX_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            refs = (empty_strings or {}).get(info.filename, [])
            for row in sorted({int(re.sub(r"[A-Z]", "", ref)) for ref in refs}):
                bare = f'<row r="{row}"></row>'.encode()  # how openpyxl writes a row of empty cells
                if bare not in body:
                    raise SystemExit(f"make_sample_data: row {row} of {info.filename} is not empty")
                cells = "".join(
                    f'<c r="{ref}" t="inlineStr"><is><t></t></is></c>'
                    for ref in refs
                    if int(re.sub(r"[A-Z]", "", ref)) == row
                )
                body = body.replace(bare, f'<row r="{row}">{cells}</row>'.encode())
            if info.filename == "docProps/core.xml":
                body = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                    lambda m: m.group(1) + stamp + m.group(3),
                    body,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, body, compresslevel=9)
    return out.getvalue()


def xlsx_bytes(book: Workbook, empty_strings: dict[str, list[str]] | None = None) -> bytes:
    """`book` saved, with its dates fixed (see normalise_xlsx)."""
    out = io.BytesIO()
    book.save(out)
    return normalise_xlsx(out.getvalue(), empty_strings)


def ods_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    """An .ods workbook, written by the tests' small writer, with fixed member dates."""
    return _ods_bytes(sheets, date_time=ODS_TIME)


def write_snapshot(out: Path, source: tuple[str, str, str], files: dict[str, bytes]) -> list[Path]:
    source_id, release, release_date = source
    folder = out / source_id / release
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    written = []
    for name, body in files.items():
        path = folder / name
        tmp = path.with_name(f".{name}.tmp")
        tmp.write_bytes(body)
        tmp.replace(path)
        written.append(path)
        entries.append(
            {
                "name": name,
                "sha256": hashlib.sha256(body).hexdigest(),
                "size": len(body),
                "url": "",
                "retrieved_at": CREATED_AT,
                "etag": None,
                "last_modified": None,
                "imported_from": IMPORTED_FROM,
            }
        )
    manifest = {
        "source_id": source_id,
        "release": release,
        "release_date": release_date,
        "created_at": CREATED_AT,
        "files": entries,
    }
    tmp = folder / ".manifest.json.tmp"
    tmp.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    tmp.replace(folder / "manifest.json")
    # Anything else in the folder would fail the snapshot check; a rerun replaces the folder's files.
    for stray in folder.iterdir():
        if stray.name not in files and stray.name != "manifest.json":
            stray.unlink()
    return written
