"""Tables for print: the height of their body rows, given to Typst where no body cell can wrap.

Typst lays a table row of automatic height out twice, once to measure it and once at the height it
found: about a tenth of a full profile's compile. A row whose cells are each one line of text is as
tall as the font's cap height plus the cells' top and bottom insets, whatever the text (Typst's text
edges are the cap height and the baseline), so where no body cell can wrap, the table is given that
height for its body rows and Typst lays each of them out once, to the same page. The header row stays
automatic: its series names are long and often wrap.

A body cell cannot wrap when the table fits the text width at its natural width, or when the cell fits
in an equal share of that width: Typst narrows only the columns wider than a fair share of the width,
and never below that share, which is at least the width divided by the number of columns. Widths are
estimated from Helvetica's advance widths, which Liberation Sans shares (print_charts.text_width),
and rounded up, so that a table is only ever left automatic by mistake, never cut short.
"""

from __future__ import annotations

from migration_profiles.render.print_charts import text_width

TEXT_SIZE_PT = 8
INSET_X_PT = 4  # each side of a cell
INSET_Y_PT = 3  # above and below a cell's line
TEXT_WIDTH_PT = (210 - 2 * 20) / 25.4 * 72  # A4 less the 2 cm side margins (profile_style.typ.j2)
FONT = "Liberation Sans"  # the metrics below are its own; with any other font the rows stay automatic
CAP_HEIGHT_EM = 1409 / 2048  # Liberation Sans: OS/2 sCapHeight over unitsPerEm
# One line of 8 pt text plus the insets: 11.50390625pt, which Typst also measures.
ROW_HEIGHT_PT = CAP_HEIGHT_EM * TEXT_SIZE_PT + 2 * INSET_Y_PT
# How far the estimates may fall short of Typst's widths: the bold header up to 8% wider than its
# regular estimate, kerning and Liberation's own advances a little either way.
BOLD_FACTOR, REGULAR_FACTOR, SLACK_PT = 1.12, 1.02, 1.0


def _printable(text: str) -> bool:
    """Text of one line in characters Liberation Sans has: Latin and general punctuation, the minus."""
    return "\n" not in text and all(ord(ch) < 0x250 or 0x2000 <= ord(ch) <= 0x206F or ch == "\u2212"
                                    for ch in text)


def _widest(text: str, bold: bool = False) -> float:
    """An upper bound of the text's width in points."""
    plain = "".join(ch for ch in text if " " <= ch <= "~" and ch != "-")
    # A hyphen (Typst may set a minus sign, which is wider) or a character outside ASCII: a whole em.
    wide = len(text) - len(plain)
    width = text_width(plain, TEXT_SIZE_PT) + wide * TEXT_SIZE_PT
    return width * (BOLD_FACTOR if bold else REGULAR_FACTOR) + SLACK_PT


def body_row_height(header: list[str], rows: list[list[str]], font: str) -> str | None:
    """The Typst height of the body rows ("11.50390625pt") when none of their cells can wrap, else
    None (automatic rows, as before)."""
    if font != FONT or not rows or not header:
        return None
    cells = [str(cell) for row in rows for cell in row]
    if not all(_printable(str(c)) for c in [*header, *cells]) or any(not any(map(str, row)) for row in rows):
        return None
    columns = len(header)
    if any(len(row) != columns for row in rows):
        return None
    natural = [max([_widest(str(header[c]), bold=True)] + [_widest(str(row[c])) for row in rows])
               + 2 * INSET_X_PT for c in range(columns)]
    widest_body = max(_widest(c) for c in cells) + 2 * INSET_X_PT
    if sum(natural) > TEXT_WIDTH_PT and widest_body > TEXT_WIDTH_PT / columns:
        return None
    return f"{ROW_HEIGHT_PT!r}pt"
