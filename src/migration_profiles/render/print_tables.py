"""Tables for print: their column widths and the height of their body rows, given to Typst as Typst
would have measured them.

Typst lays each cell of a table with automatic columns and rows out three times: once to measure its
column, once to measure its row, and once at the size it found; the measuring is about a fifth of a
full profile's compile. So the table is given its sizes, and Typst draws the same page laying each
cell out once:

- columns: each as wide as its widest cell (the header in bold), measured with the font's own advance
  widths and kerning (font_metrics.py), plus the insets; in a table wider than the page, the columns
  wider than a fair share of the width are narrowed to it, as Typst does.
- body rows: a row whose cells are each one line of text is as tall as the font's cap height plus the
  cells' top and bottom insets, whatever the text (Typst's text edges are the cap height and the
  baseline); given where every body cell fits its column on one line. The header row stays automatic:
  its series names are long and often wrap.

With another font, or text the font lacks a character of, the table is left to Typst as before.
"""

from __future__ import annotations

from pathlib import Path

from migration_profiles.render import font_metrics

TEXT_SIZE_PT = 8
INSET_X_PT = 4  # each side of a cell
INSET_Y_PT = 3  # above and below a cell's line
TEXT_WIDTH_PT = (210 - 2 * 20) / 25.4 * 72  # A4 less the 2 cm side margins (profile_style.typ.j2)
FONT = "Liberation Sans"  # the metrics below are its own; with any other font the table stays automatic
FONT_FILES = ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf")  # the body's, the header's
CAP_HEIGHT_EM = 1409 / 2048  # Liberation Sans: OS/2 sCapHeight over unitsPerEm
# One line of 8 pt text plus the insets: 11.50390625pt, which Typst also measures.
ROW_HEIGHT_PT = CAP_HEIGHT_EM * TEXT_SIZE_PT + 2 * INSET_Y_PT
FIT_MARGIN_PT = 0.01  # a body cell this close to its column's width keeps its row automatic


def natural_widths(header: list[str], rows: list[list[str]], font_folder: Path) -> list[list[float]] | None:
    """Each column's cells' widths in points with the insets, the header's first, or None when the
    fonts cannot be read, a cell runs over two lines or has a character the font lacks."""
    regular, bold = (font_metrics.metrics(str(font_folder / name)) for name in FONT_FILES)
    if regular is None or bold is None or not header or any(len(row) != len(header) for row in rows):
        return None
    columns = []
    for c, title in enumerate(header):
        texts = [str(title), *[str(row[c]) for row in rows]]
        if any("\n" in text for text in texts):
            return None
        widths = [bold.width(texts[0], TEXT_SIZE_PT), *[regular.width(t, TEXT_SIZE_PT) for t in texts[1:]]]
        if None in widths:  # Typst would set that character in another font
            return None
        columns.append([w + 2 * INSET_X_PT for w in widths])
    return columns


def fit(widths: list[float], available: float = TEXT_WIDTH_PT) -> list[float]:
    """The columns' widths as Typst sets automatic columns: natural when they fit, else each column
    wider than a fair share of the width narrowed to that share, found as Typst finds it (the share of
    what the narrower columns leave)."""
    if sum(widths) <= available:
        return list(widths)
    last, fair = float("-inf"), float("-inf")
    remaining, overlarge, changed = available, len(widths), True
    while changed and overlarge > 0:
        changed, last = False, fair
        fair = remaining / overlarge
        for width in widths:
            if last < width <= fair:  # not too wide, and not counted in an earlier round
                remaining -= width
                overlarge -= 1
                changed = True
    return [min(width, fair) for width in widths]


def grid(header: list[str], rows: list[list[str]], font: str, font_folder: Path) -> str:
    """The table's `columns:` and `rows:` arguments: the sizes Typst would find, else automatic."""
    cells = natural_widths(header, rows, font_folder) if font == FONT else None
    if cells is None:
        return f"columns: {len(header)},"
    widths = fit([max(column) for column in cells])
    # A column at its natural width holds each of its cells on one line; a narrowed one, those narrower.
    one_line = bool(rows) and all(width == max(column) or max(column[1:]) <= width - FIT_MARGIN_PT
                                  for column, width in zip(cells, widths, strict=True))
    filled = all(any(str(cell) for cell in row) for row in rows)  # an empty row would be lower
    return (f"columns: ({', '.join(f'{w!r}pt' for w in widths)}),"
            + (f" rows: (auto, {ROW_HEIGHT_PT!r}pt)," if one_line and filled else ""))
