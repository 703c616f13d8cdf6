"""The HESA Table 1 source ('hesa'): both file variants, provider -> local authority, strict layout."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pandas as pd
import pytest

from migration_profiles.sources import hesa
from migration_profiles.sources.base import TIDY_COLUMNS
from migration_profiles.sources.hesa import COLUMNS, SOURCE, load_providers, parse, quality
from migration_profiles.stages.indicators import hesa as hesa_indicators
from migration_profiles.util import status as st
from migration_profiles.util.errors import LayoutError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "hesa"
HEADER_FIRST = FIXTURES / "hesa_table1_fixture_header_first.csv"
WITH_METADATA = FIXTURES / "hesa_table-1_fixture_metadata.csv"
REAL_NAME = "kjp07_hesa_table1_students_filtered_scotland_2018-19.csv"
YEAR = ("Academic year 2018/19", "2018-08-01", "2019-07-31")
MEASURES = {"hesa_students_total", "hesa_students_uk", "hesa_students_eu", "hesa_students_non_eu",
            "hesa_students_non_uk"}
YORK, LEEDS = "E06000014", "E08000035"


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return parse(HEADER_FIRST)


def value(frame: pd.DataFrame, code: str, measure: str, period: str = YEAR[0]) -> float:
    rows = frame[(frame.area_code == code) & (frame.measure == measure) & (frame.period_label == period)]
    assert len(rows) == 1, f"{code} {measure} {period}: {len(rows)} rows"
    return rows.iloc[0].value


def read_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def write_rows(tmp_path: Path, rows: list[list[str]], name: str = HEADER_FIRST.name) -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    path = tmp_path / name
    path.write_text(buf.getvalue(), encoding="utf-8-sig", newline="")
    return path


# ------------------------------------------------------------------------------------------
# The fixtures


def test_fixtures_have_a_bom_and_rounded_counts():
    for path in (HEADER_FIRST, WITH_METADATA):
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
        rows = read_rows(path)
        header = next(i for i, r in enumerate(rows) if r and r[0] == "UKPRN")
        assert all(int(r[-1]) % 5 == 0 for r in rows[header + 1:])
    assert read_rows(HEADER_FIRST)[0][0] == "UKPRN"
    assert read_rows(WITH_METADATA)[0][0] != "UKPRN"


def test_columns_measures_and_period(frame):
    assert list(frame.columns) == TIDY_COLUMNS
    assert set(frame.measure) == MEASURES
    assert {tuple(p) for p in frame[["period_label", "period_start", "period_end"]].to_numpy()} == {YEAR}
    assert set(frame.area_code) == {YORK, LEEDS}
    assert set(frame.status) == {st.OK}
    assert frame.ci_lower.isna().all() and frame.ci_upper.isna().all()


def test_exact_values_for_york(frame):
    assert value(frame, YORK, "hesa_students_total") == 19000
    assert value(frame, YORK, "hesa_students_uk") == 14500
    assert value(frame, YORK, "hesa_students_eu") == 1200
    assert value(frame, YORK, "hesa_students_non_eu") == 3250
    assert value(frame, YORK, "hesa_students_non_uk") == 4450  # other EU + non-EU
    assert set(frame.loc[frame.area_code == YORK, "area_name"]) == {"York"}


def test_leeds_is_the_sum_of_its_two_providers(frame):
    # University of Leeds + Leeds Beckett University; breakdown rows (first year, level, sex) not added.
    assert value(frame, LEEDS, "hesa_students_total") == 38000 + 27000
    assert value(frame, LEEDS, "hesa_students_uk") == 28500 + 25100
    assert value(frame, LEEDS, "hesa_students_eu") == 2100 + 650
    assert value(frame, LEEDS, "hesa_students_non_eu") == 7350 + 1245
    assert value(frame, LEEDS, "hesa_students_non_uk") == 2100 + 650 + 7350 + 1245


def test_metadata_lines_above_the_header_are_skipped():
    both = parse(WITH_METADATA)
    assert set(both.period_label) == {"Academic year 2017/18", YEAR[0]}
    this_year = both[both.period_label == YEAR[0]].reset_index(drop=True)
    pd.testing.assert_frame_equal(this_year, parse(HEADER_FIRST), check_like=True)
    assert value(both, YORK, "hesa_students_total", "Academic year 2017/18") == 18500
    assert value(both, LEEDS, "hesa_students_uk", "Academic year 2017/18") == 28000 + 24600


def test_every_provider_is_attributed_or_reported(frame):
    states = {p["ukprn"]: p["state"] for p in frame.attrs["hesa_providers"]}
    assert states == {"10007167": "attributed", "10007795": "attributed", "10003861": "attributed",
                      "10099999": "unknown", "10007773": "not_attributed"}
    issues = quality(frame)
    assert len(issues) == 2
    text = " ".join(i["issue"] for i in issues)
    assert "UKPRN 10099999" in text and "no local authority known" in text
    assert "UKPRN 10007773" in text and "distance learning" in text


def test_a_name_that_disagrees_with_our_list_is_reported(tmp_path):
    rows = read_rows(HEADER_FIRST)
    for r in rows[1:]:
        if r[0] == "10007167":
            r[1] = "Teesside University"
    issues = quality(parse(write_rows(tmp_path, rows)))
    assert any("check the UKPRN" in i["issue"] and i["area_code"] == YORK for i in issues)


def test_unfamiliar_provider_contributes_to_no_area(tmp_path):
    frame = parse(HEADER_FIRST, providers={})
    assert frame.empty and len(quality(frame)) == 5


def test_total_only_file_gives_totals_and_says_so(tmp_path):
    rows = [r for r in read_rows(HEADER_FIRST) if r[0] == "UKPRN" or r[8] == "Total"]
    frame = parse(write_rows(tmp_path, rows))
    assert set(frame.measure) == {"hesa_students_total"}
    assert value(frame, LEEDS, "hesa_students_total") == 65000
    assert any("no breakdown by domicile" in i["issue"] for i in quality(frame))


def test_longer_eu_wording_and_domicile_marker_are_read(tmp_path):
    names = {"Other EU": "Other European Union", "Non-EU": "Non-European Union"}
    rows = read_rows(HEADER_FIRST)
    for r in rows[1:]:
        if r[8] == "Permanent address":
            r[8], r[9] = "Domicile", names.get(r[9], r[9])
    pd.testing.assert_frame_equal(parse(write_rows(tmp_path, rows)), parse(HEADER_FIRST))


def test_a_provider_listed_per_region_and_under_all_is_counted_once(tmp_path):
    rows = read_rows(HEADER_FIRST)
    copies = [[*r[:3], "All", *r[4:]] for r in rows[1:] if r[0] == "10007167"]
    frame = parse(write_rows(tmp_path, rows + copies))
    assert value(frame, YORK, "hesa_students_total") == 19000


def test_copies_that_disagree_are_refused(tmp_path):
    rows = read_rows(HEADER_FIRST)
    york_total = next(r for r in rows[1:] if r[0] == "10007167" and r[8] == "Total")
    copy = [*york_total[:3], "All", *york_total[4:10], "19005"]
    with pytest.raises(LayoutError, match="the same figure") as err:
        parse(write_rows(tmp_path, rows + [copy]))
    assert err.value.column == "Number" and err.value.row == len(rows) + 1


def test_a_missing_part_makes_the_area_figure_missing_not_smaller(tmp_path):
    rows = read_rows(HEADER_FIRST)
    rows = [r for r in rows if not (r[0] == "10003861" and r[9] == "Other EU")]
    frame = parse(write_rows(tmp_path, rows))
    eu = frame[(frame.area_code == LEEDS) & (frame.measure == "hesa_students_eu")].iloc[0]
    assert math.isnan(eu.value) and eu.status == st.NOT_AVAILABLE
    assert value(frame, LEEDS, "hesa_students_non_eu") == 7350 + 1245


# ------------------------------------------------------------------------------------------
# Strict layout


def test_renamed_column_names_file_row_and_column(tmp_path):
    rows = read_rows(HEADER_FIRST)
    rows[0] = ["Category type" if c == "Category marker" else c for c in rows[0]]
    with pytest.raises(LayoutError) as err:
        parse(write_rows(tmp_path, rows))
    e = err.value
    assert (e.file, e.row, e.column) == (HEADER_FIRST.name, 1, "Category type")
    assert "'Category marker'" in str(e)


def test_missing_column(tmp_path):
    rows = [r[:-1] for r in read_rows(HEADER_FIRST)]
    with pytest.raises(LayoutError, match="no column 'Number'"):
        parse(write_rows(tmp_path, rows))


def test_header_too_far_down(tmp_path):
    rows = [["metadata"]] * 45 + read_rows(HEADER_FIRST)
    with pytest.raises(LayoutError, match="within the first 40 lines") as err:
        parse(write_rows(tmp_path, rows))
    assert err.value.row == 46


def test_no_header(tmp_path):
    rows = read_rows(HEADER_FIRST)[1:]
    with pytest.raises(LayoutError, match="UKPRN"):
        parse(write_rows(tmp_path, rows))


@pytest.mark.parametrize("bad", ["1,2x0", "-5", "12.5"])
def test_bad_number_names_row_and_column(tmp_path, bad):
    rows = read_rows(HEADER_FIRST)
    rows[3][10] = bad
    with pytest.raises(LayoutError) as err:
        parse(write_rows(tmp_path, rows))
    assert (err.value.row, err.value.column) == (4, "Number")


def test_unknown_domicile_group_is_refused(tmp_path):
    rows = read_rows(HEADER_FIRST)
    rows[3][9] = "Rest of world"
    with pytest.raises(LayoutError, match="domicile group") as err:
        parse(write_rows(tmp_path, rows))
    assert (err.value.row, err.value.column) == (4, "Category")


@pytest.mark.parametrize("column, bad, expected", [(0, "1000716", "UKPRN"), (7, "2018/20", "Academic Year")])
def test_bad_ukprn_or_year(tmp_path, column, bad, expected):
    rows = read_rows(HEADER_FIRST)
    rows[2][column] = bad
    with pytest.raises(LayoutError) as err:
        parse(write_rows(tmp_path, rows))
    assert (err.value.row, err.value.column) == (3, expected)


def test_short_row(tmp_path):
    rows = read_rows(HEADER_FIRST)
    rows[5] = rows[5][:-1]
    with pytest.raises(LayoutError, match="11 cells") as err:
        parse(write_rows(tmp_path, rows))
    assert err.value.row == 6


def test_not_utf8(tmp_path):
    path = tmp_path / HEADER_FIRST.name
    path.write_bytes(HEADER_FIRST.read_bytes().replace(b"Leeds Beckett", b"Leeds B\xe9ckett"))
    with pytest.raises(LayoutError, match="UTF-8"):
        parse(path)


# ------------------------------------------------------------------------------------------
# Provider list, declaration, indicators


def test_provider_list_is_well_formed():
    providers = load_providers()
    assert providers["10007167"].la_code == YORK
    assert providers["10007795"].la_code == LEEDS  # University of Leeds
    assert providers["10003861"].la_code == LEEDS  # Leeds Beckett University (not the University of Leeds)
    assert providers["10007161"].la_code == "E06000002"  # Teesside University, Middlesbrough
    for p in providers.values():
        assert p.basis and bool(p.la_code) == bool(p.la_name)


def test_provider_list_rejects_bad_lines():
    head = "ukprn,provider,la_code,la_name,basis\n"
    for bad in ("1234,X,E06000014,York,campus\n", "10007167,X,York,York,campus\n",
                "10007167,X,E06000014,York,campus, with a comma\n", "10007167,X,,,\n"):
        with pytest.raises(ValueError):
            load_providers(head + bad)


def test_declaration_facts():
    assert SOURCE.id == "hesa"
    assert SOURCE.landing_page == "https://www.hesa.ac.uk/data-and-analysis/students/table-1"
    assert SOURCE.downloads[0].url == "https://www.hesa.ac.uk/data-and-analysis/students/table-1.csv"
    assert SOURCE.licence_url == "https://creativecommons.org/licenses/by/4.0/"
    assert SOURCE.kind == "stock" and not SOURCE.superseded and SOURCE.next_release
    assert "nearest 5" in SOURCE.rounding
    assert {m.id for m in SOURCE.measures} == MEASURES
    for name in (SOURCE.downloads[0].file_name, HEADER_FIRST.name, WITH_METADATA.name, REAL_NAME):
        assert SOURCE.file_spec_for(name) is not None, name
    assert SOURCE.file_spec_for("hesa_table-11.csv") is None
    assert hesa.COLUMNS == COLUMNS and len(COLUMNS) == 11


def test_indicators():
    obs = parse(HEADER_FIRST).assign(source_id="hesa", release="r", file_name="f", snapshot_sha256="x")
    by_id = {i.id: i for i in hesa_indicators.INDICATORS}
    share = by_id["hesa_non_uk_share"].compute(obs)
    leeds = share[share.area_code == LEEDS].iloc[0]
    assert leeds.value == pytest.approx(100 * 11345 / 65000)
    counts = [i for i in hesa_indicators.INDICATORS if not i.percent]
    assert all(i.round_to == 5 for i in counts)


# ------------------------------------------------------------------------------------------
# The real file (Scottish providers, 2018/19, 'Total' category only: a format check)


def real_file(realdata_dir: Path) -> Path:
    path = realdata_dir / "hesa" / REAL_NAME
    assert path.exists(), path
    return path


@pytest.fixture(scope="module")
def real(realdata_dir) -> pd.DataFrame:
    return parse(real_file(realdata_dir))


@pytest.mark.realdata
def test_real_file_gives_totals_only(real):
    assert set(real.measure) == {"hesa_students_total"}
    assert set(real.period_label) == {YEAR[0]}
    assert all(code.startswith("S12") for code in real.area_code)
    # The University of Edinburgh, Edinburgh Napier and Heriot-Watt.
    assert value(real, "S12000036", "hesa_students_total") == 34275 + 13595 + 10935
    assert (real.value % 5 == 0).all()


@pytest.mark.realdata
def test_real_file_every_provider_is_attributed_or_reported(real):
    providers = real.attrs["hesa_providers"]
    assert len(providers) == 19
    reported = {i["issue"].split("UKPRN ")[1][:8] for i in quality(real) if "UKPRN " in i["issue"]}
    for p in providers:
        assert p["state"] == "attributed" or p["ukprn"] in reported, p
    left_out = {p["ukprn"] for p in providers if p["state"] != "attributed"}
    assert left_out == {"10007773", "10007114", "10005700"}
    assert not any("check the UKPRN" in i["issue"] for i in quality(real))


@pytest.mark.realdata
def test_real_file_with_a_renamed_column_is_refused(realdata_dir, tmp_path):
    text = real_file(realdata_dir).read_text(encoding="utf-8-sig")
    broken = tmp_path / REAL_NAME
    broken.write_text(text.replace("Category marker", "Category kind", 1), encoding="utf-8-sig")
    with pytest.raises(LayoutError) as err:
        parse(broken)
    assert (err.value.file, err.value.row, err.value.column) == (REAL_NAME, 1, "Category kind")


@pytest.mark.realdata
def test_real_file_with_its_header_moved_is_refused(realdata_dir, tmp_path):
    lines = real_file(realdata_dir).read_text(encoding="utf-8-sig").splitlines(keepends=True)
    broken = tmp_path / REAL_NAME
    broken.write_text("".join(lines[1:60] + lines[:1] + lines[60:]), encoding="utf-8-sig")
    with pytest.raises(LayoutError, match="UKPRN"):
        parse(broken)
