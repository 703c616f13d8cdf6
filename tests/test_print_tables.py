"""Print tables: body rows are given their height only where Typst would have found the same one."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from migration_profiles.render import pdf, print_tables
from migration_profiles.util.escape import typst_str

FONT = print_tables.FONT
PERIODS = [f"Mid-{year}" for year in range(2011, 2026)]
LONG = "Share of pupils with English as an additional language in secondary schools"


def _table(columns: int, body: str = "Mid-2011") -> tuple[list[str], list[list[str]]]:
    header = ["Period", *[f"{LONG} {n}" for n in range(columns - 1)]]
    rows = [[body if i == 0 else period, *["12,345"] * (columns - 1)] for i, period in enumerate(PERIODS)]
    return header, rows


def test_one_line_rows_get_the_fonts_cap_height_and_the_insets():
    header, rows = _table(2)
    assert print_tables.body_row_height(header, rows, FONT) == "11.50390625pt"


def test_a_table_that_is_narrowed_keeps_fixed_rows_only_while_its_body_cells_fit_a_fair_share():
    header, rows = _table(4)  # long headers: Typst narrows the columns, but numbers still fit
    assert print_tables.body_row_height(header, rows, FONT)
    header, rows = _table(4, body="January 2018 (school year 2017/18) (series break: not comparable)")
    assert print_tables.body_row_height(header, rows, FONT) is None


def test_rows_stay_automatic_for_another_font_text_over_two_lines_or_unknown_characters():
    header, rows = _table(2)
    assert print_tables.body_row_height(header, rows, "Libertinus Serif") is None
    assert print_tables.body_row_height(header, [["Mid-2011\nrevised", "1"]], FONT) is None
    assert print_tables.body_row_height(header, [["東京", "1"]], FONT) is None
    assert print_tables.body_row_height(header, [["", ""]], FONT) is None
    assert print_tables.body_row_height(header, [], FONT) is None


@pytest.mark.skipif(not pdf.TypstEngine.available() or shutil.which("pdftoppm") is None
                    or pdf.fonts().families[0] != FONT, reason="needs typst, poppler and Liberation Sans")
def test_typst_draws_a_table_with_fixed_body_rows_exactly_as_with_automatic_ones(tmp_path: Path):
    import typst

    cases = [_table(2), _table(3), _table(4), _table(6)]
    cases.append((["Main language", "Count"], [["Arabic", "170"], ["Dari", "[c]"], ["Ynys Môn – all", "−3"]]))

    def page(fixed: bool) -> str:
        out = [f'#set page(paper: "a4", margin: 2cm)\n#set text(font: {typst_str(FONT)}, size: 9.5pt)',
               f"#set table(stroke: (bottom: 0.3pt + luma(200)), inset: (x: {print_tables.INSET_X_PT}pt, "
               f"y: {print_tables.INSET_Y_PT}pt))",
               f"#show table: set text(size: {print_tables.TEXT_SIZE_PT}pt)"]
        for header, rows in cases:
            height = print_tables.body_row_height(header, rows, FONT) if fixed else None
            cells = ", ".join(typst_str(c) for row in rows for c in row)
            out.append(f"#table(columns: {len(header)}, {f'rows: (auto, {height}),' if height else ''}"
                       f"table.header({', '.join(typst_str(h) for h in header)}), {cells})")
        return "\n".join(out)

    compiler = typst.Compiler(root=str(tmp_path), font_paths=list(pdf.fonts().paths),
                              ignore_system_fonts=True)
    images = {}
    for fixed in (False, True):
        path = tmp_path / f"{fixed}.pdf"
        path.write_bytes(compiler.compile(input=page(fixed).encode(), format="pdf"))
        subprocess.run(["pdftoppm", "-r", "72", "-png", str(path), str(tmp_path / str(fixed))], check=True)
        images[fixed] = sorted(p.read_bytes() for p in tmp_path.glob(f"{fixed}-*.png"))
    assert "rows: (auto" in page(True)
    assert images[True] == images[False]
