"""Print tables: columns and body rows get the sizes Typst would have measured: the same pages."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from migration_profiles.render import font_metrics, pdf, print_tables
from migration_profiles.util.escape import typst_str

FONT = print_tables.FONT
PERIODS = [f"Mid-{year}" for year in range(2011, 2026)]
LONG = "Share of pupils with English as an additional language in secondary schools"
HAVE_TYPST = (pdf.TypstEngine.available() and shutil.which("pdftoppm") is not None
              and pdf.fonts().families[0] == FONT)
needs_typst = pytest.mark.skipif(not HAVE_TYPST, reason="needs typst, poppler and Liberation Sans")


def _table(columns: int, body: str = "Mid-2011") -> tuple[list[str], list[list[str]]]:
    header = ["Period", *[f"{LONG} {n}" for n in range(columns - 1)]]
    rows = [[body if i == 0 else period, *["12,345"] * (columns - 1)] for i, period in enumerate(PERIODS)]
    return header, rows


BREAK = "January 2018 (school year 2017/18) (series break: not comparable)"
POLICE = ("Race hate crimes recorded by the police per 1,000 residents (figure for the Cheshire police "
          "force area, which covers Cheshire East, Cheshire West and Chester, Halton and Warrington)")
CASES = [_table(2), _table(3), _table(4), _table(6), _table(4, body=BREAK),
         (["Main language", "Count"], [["Arabic", "170"], ["Dari", "[c]"], ["Ynys Môn – all", "−3"]]),
         (["Area", POLICE], [["Mid-2011 to Mid-2012", "1.2"]])]


def test_fair_shares_narrow_only_the_columns_wider_than_their_share():
    assert print_tables.fit([100, 200], available=400) == [100, 200]
    assert print_tables.fit([100, 300, 500], available=600) == [100, 250, 250]
    assert print_tables.fit([300, 300], available=400) == [200, 200]


@needs_typst
def test_one_line_rows_get_the_fonts_cap_height_and_columns_their_widest_cell():
    header, rows = _table(2)
    arguments = print_tables.grid(header, rows, FONT, pdf.LIBERATION)
    assert arguments.endswith(" rows: (auto, 11.50390625pt),")
    assert re.match(r"columns: \([\d.]+pt, [\d.]+pt\),", arguments)


@needs_typst
def test_body_rows_stay_automatic_where_a_narrowed_column_would_wrap_a_cell():
    header, rows = CASES[4]
    assert "rows:" not in print_tables.grid(header, rows, FONT, pdf.LIBERATION)
    assert "rows:" in print_tables.grid(*CASES[2], FONT, pdf.LIBERATION)  # narrowed, but the numbers fit


def test_another_font_two_lines_or_a_character_the_font_lacks_leave_the_table_to_typst(tmp_path):
    header, rows = _table(2)
    assert print_tables.grid(header, rows, "Libertinus Serif", pdf.LIBERATION) == "columns: 2,"
    assert print_tables.grid(header, rows, FONT, tmp_path) == "columns: 2,"  # no font files there
    if HAVE_TYPST:
        assert print_tables.grid(header, [["Mid-2011\nrevised", "1"]], FONT, pdf.LIBERATION) == "columns: 2,"
        assert print_tables.grid(header, [["東京", "1"]], FONT, pdf.LIBERATION) == "columns: 2,"


@needs_typst
def test_widths_are_typsts_own(tmp_path: Path):
    """Advance widths and kerning read from the font files give the widths Typst measures."""
    import typst

    texts = ["Mid-2011", "Jan 2020 to Dec 2020", "12,345", "−3.5%", "AVAWAY Yo To Tr",
             "Children's schemes", "Ynys Môn – all (provisional)", "[c]"]
    lines = [f"#set text(font: {typst_str(FONT)}, size: 8pt)", "#set page(height: auto)"]
    for weight in ("regular", "bold"):
        for t in texts:
            width = f'measure(text(weight: "{weight}", {typst_str(t)})).width.pt()'
            lines.append(f"#context [{weight}=#str({width}) \\ ]")
    compiler = typst.Compiler(root=str(tmp_path), font_paths=list(pdf.fonts().paths),
                              ignore_system_fonts=True)
    (tmp_path / "m.pdf").write_bytes(compiler.compile(input="\n".join(lines).encode(), format="pdf"))
    measured = re.findall(r"(regular|bold)=([\d.]+)", subprocess.run(
        ["pdftotext", str(tmp_path / "m.pdf"), "-"], capture_output=True, text=True, check=True).stdout)
    regular, bold = (font_metrics.metrics(str(pdf.LIBERATION / name)) for name in print_tables.FONT_FILES)
    expected = [(w, (regular if w == "regular" else bold).width(t, 8))
                for w in ("regular", "bold") for t in texts]
    assert len(measured) == len(expected)
    for (weight, found), (_, ours) in zip(measured, expected, strict=True):
        assert float(found) == pytest.approx(ours, abs=1e-6), weight


@needs_typst
def test_typst_draws_tables_with_the_given_sizes_exactly_as_when_it_measures_them(tmp_path: Path):
    import typst

    def page(sized: bool) -> str:
        out = [f'#set page(paper: "a4", margin: 2cm)\n#set text(font: {typst_str(FONT)}, size: 9.5pt)',
               f"#set table(stroke: (bottom: 0.3pt + luma(200)), inset: (x: {print_tables.INSET_X_PT}pt, "
               f"y: {print_tables.INSET_Y_PT}pt))",
               f"#show table: set text(size: {print_tables.TEXT_SIZE_PT}pt)",
               '#show table.cell.where(y: 0): set text(weight: "bold")']  # as profile_style.typ.j2
        for header, rows in CASES:
            arguments = (print_tables.grid(header, rows, FONT, pdf.LIBERATION) if sized
                         else f"columns: {len(header)},")
            cells = ", ".join(typst_str(c) for row in rows for c in row)
            titles = ", ".join(map(typst_str, header))
            out.append(f"#align(center, table({arguments} table.header({titles}), {cells}))")
        return "\n".join(out)

    compiler = typst.Compiler(root=str(tmp_path), font_paths=list(pdf.fonts().paths),
                              ignore_system_fonts=True)
    images = {}
    for sized in (False, True):
        path = tmp_path / f"{sized}.pdf"
        path.write_bytes(compiler.compile(input=page(sized).encode(), format="pdf"))
        subprocess.run(["pdftoppm", "-r", "100", "-png", str(path), str(tmp_path / str(sized))], check=True)
        images[sized] = [p.read_bytes() for p in sorted(tmp_path.glob(f"{sized}-*.png"))]
    assert page(True).count("rows: (auto") >= 4 and "columns: (" in page(True)
    assert images[True] == images[False]


def test_the_page_style_is_the_one_the_widths_are_worked_out_for():
    style = (Path(pdf.__file__).parent / "templates" / "profile_style.typ.j2").read_text()
    assert 'paper: "a4"' in style and "margin: (left: 2cm, right: 2cm," in style
    assert '#show table.cell.where(y: 0): set text(weight: "bold")' in style
    assert print_tables.TEXT_WIDTH_PT == pytest.approx((210 - 40) / 25.4 * 72)
