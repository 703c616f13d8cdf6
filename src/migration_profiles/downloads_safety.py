"""Text for spreadsheets that cannot run as a formula.

A cell whose text begins with '=', '+', '-', '@', a tab or a carriage return is read as a formula by
Excel, LibreOffice and Google Sheets when a CSV or workbook is opened. Area names, labels and
caveats come from publishers' files, so each text cell of a download goes through `neutralise`,
which puts an apostrophe in front (the OWASP advice); numbers are written as numbers and left alone.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """`value` unchanged unless it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_row(values) -> list:
    return [neutralise(v) for v in values]
