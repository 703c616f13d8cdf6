"""Cells that are safe to open in a spreadsheet: text is never run as a formula, numbers stay numbers.

A CSV or XLSX cell whose text begins with '=', '+', '-', '@', a tab or a carriage return is read by
Excel, LibreOffice and Google Sheets as a formula, which can fetch URLs or run commands. Following the
OWASP guidance on CSV injection, such text gets a leading apostrophe, which spreadsheets show as text.
Every writer of CSV or XLSX downloads passes its text cells through `neutralise_formula`.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def starts_like_formula(value) -> bool:
    """Whether `value` is text a spreadsheet would run as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise_formula(value):
    """The cell as a spreadsheet should read it: text starting like a formula gets a leading
    apostrophe; numbers (int, float, bool, None) are returned unchanged."""
    return "'" + value if starts_like_formula(value) else value


def plain_number(value: float, decimals: int = 10) -> float | int | None:
    """A number as published, for a download: no float noise (3.8000000000000003 is 3.8), no
    negative zero, whole numbers without '.0'; missing stays missing (None)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    rounded = round(float(value), decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    return int(rounded) if rounded.is_integer() else rounded


def csv_text(header: list[str], rows: Iterable[Iterable]) -> str:
    """CSV with every text cell neutralised and every number plain, one line per row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([neutralise_formula(h) for h in header])
    # neutralise_formula written out: this runs for every cell of every area's figures.
    writer.writerows([plain_number(v) if isinstance(v, float)
                      else "'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v for v in row]
                     for row in rows)
    return out.getvalue()
