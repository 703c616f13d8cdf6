"""Issue 11, item 7: rows a table repeats are never silently summed into a figure.

Each source's declaration says whether its table may repeat an area, date and category (`repeated_rows`).
The Home Office's asylum support table (Asy_D11) does: the real edition to September 2024 gives Edinburgh
and Wolverhampton two Section 98 rows each with different counts. There, rows with different counts are
added together and a word-for-word copy of a row is counted once, and both are said on the area's page
(through the publication rules, escaped) and in the data-quality log. The resettlement table (Res_D01)
repeats no rows, so a repeated row there is a layout error and nothing is stored.

The fixtures are the hand-made ones in tests/fixtures, in the published layouts; the hand-made fixture of
Asy_D11 already repeats one Section 98 row for Leeds with a different count, as the real file does.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from migration_profiles.acquire.snapshots import import_files, latest_snapshot
from migration_profiles.render.postprocess import page_text
from migration_profiles.sources import all_sources, get_source
from migration_profiles.util.errors import LayoutError

from .output_site import LEEDS, YORK, build_site, downloads

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ASYLUM_CSV = FIXTURES / "asylum_support" / "local_authority_support_recent.csv"
RESETTLEMENT_CSV = FIXTURES / "resettlement" / "local_authority_resettlement_fixture.csv"
YORK_HOTEL_DEC_2023 = "2023-12-31,2023,4,Section 95,Yorkshire and The Humber,York,E06000014,"\
    "Contingency Accommodation - Hotel,36\n"
# A Home Office 'N/A - ...' accommodation note is free text from the file: it reaches the page's note.
INJECTED = "N/A - <img src=x onerror=alert(1)>"
YORK_S4_MARCH_2024 = f"2024-03-31,2024,1,Section 4,Yorkshire and The Humber,York,E06000014,{INJECTED},7\n"


def asylum_with_copies(folder: Path) -> Path:
    """The Asy_D11 fixture with York's hotel row of December 2023 given twice, word for word, and a
    Section 4 row for York (with markup in its accommodation note) given twice too."""
    text = ASYLUM_CSV.read_text(encoding="utf-8")
    assert YORK_HOTEL_DEC_2023 in text
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ASYLUM_CSV.name
    path.write_text(text + YORK_HOTEL_DEC_2023 + YORK_S4_MARCH_2024 + YORK_S4_MARCH_2024, encoding="utf-8")
    return path


def figure(frame, code: str, measure: str, period_end: str) -> float:
    rows = frame[(frame.area_code == code) & (frame.measure == measure) & (frame.period_end == period_end)]
    assert len(rows) == 1, rows
    return float(rows.value.iloc[0])


def entries(frame, fault: str, code: str) -> list[dict]:
    return [e for e in frame.attrs["quality"] if e["fault"] == fault and e["area_code"] == code]


def test_every_source_states_whether_its_table_may_repeat_rows():
    declared = {s.id: s.repeated_rows for s in all_sources()}
    assert declared["asylum_support"].startswith("Expected")
    assert declared["resettlement"] == ""  # not expected: refused
    assert all(isinstance(text, str) for text in declared.values())


def test_a_word_for_word_copy_is_counted_once_and_said(tmp_path):
    frame = get_source("asylum_support").file_spec_for(ASYLUM_CSV.name).parse(asylum_with_copies(tmp_path))
    assert figure(frame, YORK, "asylum_s95_hotel", "2023-12-31") == 36  # not 72
    assert figure(frame, YORK, "asylum_s4", "2024-03-31") == 7  # not 14
    copied = entries(frame, "copied rows", YORK)
    assert [(e["period"], e["rows"], e["people"]) for e in copied] == [("2023-12-31", 2, 36),
                                                                        ("2024-03-31", 2, 7)]
    assert all("counts it once" in e["note"] and "rows 69 and 86" in copied[0]["note"] for e in copied)
    assert not entries(frame, "duplicate rows", YORK)


def test_rows_with_different_counts_are_added_and_said(tmp_path):
    frame = get_source("asylum_support").file_spec_for(ASYLUM_CSV.name).parse(ASYLUM_CSV)
    assert figure(frame, LEEDS, "asylum_s98", "2023-03-31") == 5  # 2 + 3, as the Home Office listed them
    [entry] = entries(frame, "duplicate rows", LEEDS)
    assert entry["people"] == 5 and "2 people and 3 people" in entry["note"]
    assert "their sum, 5 people" in entry["note"]
    assert not entries(frame, "copied rows", LEEDS)


@pytest.mark.parametrize("copy", ["word for word", "another count"])
def test_a_repeated_row_in_a_table_that_repeats_none_is_refused(tmp_path, copy):
    source = get_source("resettlement")
    root = tmp_path / "snapshots"
    good = import_files(root, source, [RESETTLEMENT_CSV])
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()}
    lines = RESETTLEMENT_CSV.read_text(encoding="utf-8").splitlines(keepends=True)
    york = lines[3]  # York, VPRS, December 2020: 5 people (row 4)
    again = york if copy == "word for word" else york.rsplit(",", 1)[0] + ",6\n"
    damaged = tmp_path / "in" / RESETTLEMENT_CSV.name
    damaged.parent.mkdir()
    damaged.write_text("".join([*lines, again]), encoding="utf-8")
    with pytest.raises(LayoutError) as caught:
        import_files(root, source, [damaged])
    error = caught.value
    assert error.row == len(lines) + 1 and f"rows 4 and {len(lines) + 1}" in error.found, str(error)
    assert "York" in error.found and "one row for each council, date and category" in error.expected
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()} == before
    assert latest_snapshot(root, "resettlement").path == good.path


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("repeated-rows")
    incoming = downloads(root)
    asylum_with_copies(incoming)
    return build_site(root, incoming)


def test_the_area_page_says_so_escaped_and_the_log_lists_it(site):
    york = page_text(site.docs / "areas" / f"{YORK}.md")
    assert "repeats a row for this area word for word" in york and "counts it once" in york
    assert "&lt;img src=x onerror=alert(1)&gt;" in york and "<img src=x" not in york
    leeds = page_text(site.docs / "areas" / f"{LEEDS}.md")
    assert "their sum, 5 people" in leeds
    html = (site.site / "areas" / YORK / "index.html").read_text(encoding="utf-8")
    assert "counts it once" in html and "<img src=x" not in html
    log = (site.docs / "data-quality.md").read_text(encoding="utf-8")
    assert "Each copy is counted once" in log and "Rows with different counts are added together" in log
