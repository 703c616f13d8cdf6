"""The APS population by country of birth source ('aps_cob'): NRS council table, names to codes, errors."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from migration_profiles.sources import aps_cob, lami
from migration_profiles.sources.aps_cob import COUNCILS, SOURCE, area_code_for, parse_nrs, quality
from migration_profiles.sources.base import TIDY_COLUMNS
from migration_profiles.stages.indicators import aps as aps_indicators
from migration_profiles.util import status as st
from migration_profiles.util.errors import LayoutError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "aps_cob"
FIXTURE = FIXTURES / "nrs_pop-count-birth-tab3-counc-fixture.csv"
REAL_NAME = "owenwntr_nrs_pop-count-birth-tab3-counc-16-cob-cor.csv"
MEASURES = {"aps_uk_born", "aps_non_uk_born", "aps_eu_born", "aps_non_eu_born"}
PERIOD = ("Jan 2016 to Dec 2016", "2016-01-01", "2016-12-31")


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return parse_nrs(FIXTURE)


def one(frame: pd.DataFrame, code: str, measure: str) -> pd.Series:
    rows = frame[(frame.area_code == code) & (frame.measure == measure)]
    assert len(rows) == 1, f"{code} {measure}: {len(rows)} rows"
    return rows.iloc[0]


def lines() -> list[str]:
    return FIXTURE.read_bytes().decode("iso-8859-1").split("\r\n")


def write_variant(tmp_path: Path, rows: list[str], name: str = FIXTURE.name) -> Path:
    path = tmp_path / name
    path.write_bytes("\r\n".join(rows).encode("iso-8859-1"))
    return path


def replace_line(rows: list[str], start: str, new: str) -> list[str]:
    hits = [i for i, line in enumerate(rows) if line.startswith(start)]
    assert len(hits) == 1, start
    return rows[: hits[0]] + [new] + rows[hits[0] + 1:]


# ------------------------------------------------------------------------------------------
# The fixture and what it gives


def test_fixture_is_iso_8859_1_not_utf8():
    raw = FIXTURE.read_bytes()
    assert b"\xa9 Crown Copyright" in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")


def test_columns_measures_and_period(frame):
    assert list(frame.columns) == TIDY_COLUMNS
    assert set(frame.measure) == MEASURES
    assert {tuple(p) for p in frame[["period_label", "period_start", "period_end"]].to_numpy()} == {PERIOD}
    assert len(frame) == 8 * 4  # Scotland and seven councils, four measures each
    assert frame.value.dtype == "float64"
    assert set(frame.status) <= set(st.STATUS_TEXT)


def test_names_are_matched_to_codes(frame):
    names = dict(frame[["area_code", "area_name"]].drop_duplicates().to_numpy())
    assert names == {
        "S92000003": "Scotland",
        "S12000033": "Aberdeen City",
        "S12000036": "Edinburgh, City of",  # the published spelling is kept as the name
        "S12000013": "Eilean Siar",
        "S12000048": "Perth & Kinross",
        "S12000026": "Scottish Borders",  # trailing space dropped
        "S12000027": "Shetland Islands",
        "S12000023": "Orkney Islands",
    }


def test_thousands_become_people_with_their_interval(frame):
    scotland = one(frame, "S92000003", "aps_uk_born")  # "5,101" thousand, CI "1,002"
    assert scotland.value == 5_101_000
    assert (scotland.ci_lower, scotland.ci_upper) == (4_099_000, 6_103_000)
    aberdeen = one(frame, "S12000033", "aps_non_uk_born")
    assert (aberdeen.value, aberdeen.ci_lower, aberdeen.ci_upper) == (50_000, 39_000, 61_000)
    assert aberdeen.status == "ok"
    edinburgh = one(frame, "S12000036", "aps_non_eu_born")
    assert (edinburgh.value, edinburgh.ci_lower, edinburgh.ci_upper) == (50_000, 34_000, 66_000)
    assert one(frame, "S12000048", "aps_eu_born").value == 7_000


def test_lower_limit_below_zero_is_shown_as_zero(frame):
    row = one(frame, "S12000013", "aps_non_uk_born")  # 2 thousand, CI +/- 3 thousand
    assert (row.value, row.ci_lower, row.ci_upper) == (2_000, 0, 5_000)


def test_markers_keep_the_figure_missing_with_the_reason(frame):
    assert one(frame, "S12000027", "aps_non_uk_born").status == st.ROUNDED_TO_ZERO
    assert one(frame, "S12000027", "aps_eu_born").status == st.CONFIDENTIAL
    assert one(frame, "S12000023", "aps_eu_born").status == st.NOT_AVAILABLE
    missing = frame[~frame.status.isin(st.HAS_VALUE)]
    assert missing.value.isna().all() and missing.ci_lower.isna().all() and missing.ci_upper.isna().all()
    # A margin rounded to zero gives no interval rather than a false one of zero width.
    eu = one(frame, "S12000013", "aps_eu_born")
    assert eu.value == 1_000 and math.isnan(eu.ci_lower) and math.isnan(eu.ci_upper)


def test_a_utf8_copy_with_bom_reads_the_same(tmp_path, frame):
    path = tmp_path / FIXTURE.name
    path.write_bytes(b"\xef\xbb\xbf" + FIXTURE.read_bytes().decode("iso-8859-1").encode("utf-8"))
    pd.testing.assert_frame_equal(parse_nrs(path), frame)


# ------------------------------------------------------------------------------------------
# Names to codes


@pytest.mark.parametrize(
    "name, code",
    [
        ("City of Edinburgh", "S12000036"),
        ("Edinburgh, City of", "S12000036"),
        ("edinburgh,  city of", "S12000036"),
        ("Na h-Eileanan Siar", "S12000013"),
        ("Na h-Eileanan an Iar", "S12000013"),
        ("Western Isles", "S12000013"),
        ("Perth & Kinross", "S12000048"),
        ("Dumfries & Galloway", "S12000006"),
        ("Argyll & Bute", "S12000035"),
        ("The Scottish Borders", "S12000026"),
        ("Glasgow City", "S12000049"),
        ("Fife", "S12000047"),
        ("North Lanarkshire", "S12000050"),
        ("SCOTLAND", "S92000003"),
    ],
)
def test_name_variants(name, code):
    assert area_code_for(name) == code


@pytest.mark.parametrize("name", ["Edinburgh and Lothians", "Aberdeen Town", "Lanarkshire", "Scotland total",
                                  ""])
def test_names_we_do_not_know(name):
    assert area_code_for(name) is None


def test_table_has_32_councils_each_with_a_distinct_code():
    assert len(COUNCILS) == 32
    assert all(code.startswith("S12") and len(code) == 9 for code in COUNCILS)


def test_an_unknown_name_is_an_error_naming_file_row_and_name(tmp_path):
    rows = replace_line(lines(), "Aberdeen City,", "Aberdeen Town,,180,20,,50,11,,26,8,,24,8")
    with pytest.raises(LayoutError) as err:
        parse_nrs(write_variant(tmp_path, rows))
    e = err.value
    assert (e.file, e.row, e.column) == (FIXTURE.name, 9, "A")
    assert "Aberdeen Town" in str(e)


def test_an_area_twice_is_an_error(tmp_path):
    rows = replace_line(lines(), "Perth & Kinross,", "Aberdeen City,,130,13,,11,4,,7,3,,4,2")
    with pytest.raises(LayoutError, match="each area once") as err:
        parse_nrs(write_variant(tmp_path, rows))
    assert err.value.row == 12


# ------------------------------------------------------------------------------------------
# Strict layout


def test_renamed_group_heading_names_row_and_column(tmp_path):
    new = ",,Total UK-born persons,,,Total Non-UK Born,,,EU ,,,Non-EU ,"
    rows = replace_line(lines(), ",,Total UK Born", new)
    with pytest.raises(LayoutError) as err:
        parse_nrs(write_variant(tmp_path, rows))
    assert (err.value.row, err.value.column) == (4, "C")
    assert "Total UK-born persons" in str(err.value)


def test_missing_ci_column(tmp_path):
    rows = replace_line(lines(), "Council area,",
                        "Council area,,estimate,margin,,estimate,CI +/-,,estimate,CI +/-,,estimate,CI +/-")
    with pytest.raises(LayoutError, match="CI") as err:
        parse_nrs(write_variant(tmp_path, rows))
    assert (err.value.row, err.value.column) == (6, "D")


def test_header_moved_down_is_refused(tmp_path):
    rows = lines()
    rows = rows[:1] + [",,,,,,,,,,,,"] * 10 + rows[1:]
    with pytest.raises(LayoutError, match="within the first 15 rows") as err:
        parse_nrs(write_variant(tmp_path, rows))
    assert err.value.row == 16


def test_no_header_at_all(tmp_path):
    rows = [line.replace("Council area", "Area") for line in lines()]
    with pytest.raises(LayoutError, match="Council area"):
        parse_nrs(write_variant(tmp_path, rows))


def test_title_must_state_the_unit(tmp_path):
    rows = lines()
    rows[0] = rows[0].replace(" (Thousands)", "")
    with pytest.raises(LayoutError, match="Thousands") as err:
        parse_nrs(write_variant(tmp_path, rows))
    assert err.value.row == 1


def test_title_must_state_the_period(tmp_path):
    rows = lines()
    rows[0] = rows[0].replace("for year ending December 2016", "for 2016")
    with pytest.raises(LayoutError, match="period"):
        parse_nrs(write_variant(tmp_path, rows))


def test_a_year_ending_june_is_a_mid_year_period(tmp_path):
    rows = lines()
    rows[0] = rows[0].replace("year ending December 2016", "year ending June 2019")
    frame = parse_nrs(write_variant(tmp_path, rows))
    assert set(frame.period_label) == {"Jul 2018 to Jun 2019"}
    assert (frame.period_start.iloc[0], frame.period_end.iloc[0]) == ("2018-07-01", "2019-06-30")


def test_a_figure_in_a_spacer_column_is_refused(tmp_path):
    rows = replace_line(lines(), "Aberdeen City,", "Aberdeen City,,180,20,7,50,11,,26,8,,24,8")
    with pytest.raises(LayoutError, match="spacer") as err:
        parse_nrs(write_variant(tmp_path, rows))
    assert (err.value.row, err.value.column) == (9, "E")


def test_an_unknown_marker_names_row_and_column(tmp_path):
    rows = replace_line(lines(), "Aberdeen City,", "Aberdeen City,,180,20,,50,11,,26,8,,24?,8")
    with pytest.raises(LayoutError) as err:
        parse_nrs(write_variant(tmp_path, rows))
    assert (err.value.row, err.value.column) == (9, "L (Non-EU estimate)")


def test_a_council_below_the_footnotes_is_refused(tmp_path):
    rows = lines()
    footnote = rows.index("Totals may not sum due to rounding,,,,,,,,,,,,")
    rows.insert(footnote, "Fife,,300,30,,30,9,,16,7,,14,7")
    with pytest.raises(LayoutError, match="end of the table"):
        parse_nrs(write_variant(tmp_path, rows))


def test_quality_flags_parts_that_do_not_add_up(tmp_path, frame):
    assert quality(frame) == []
    rows = replace_line(lines(), "Aberdeen City,", "Aberdeen City,,180,20,,50,11,,40,8,,24,8")
    issues = quality(parse_nrs(write_variant(tmp_path, rows)))
    assert [i["area_code"] for i in issues] == ["S12000033"]


# ------------------------------------------------------------------------------------------
# Declaration and indicators


def test_declaration_facts():
    assert SOURCE.id == "aps_cob"
    assert SOURCE.superseded and SOURCE.next_release == ""
    assert SOURCE.licence == "Open Government Licence v3.0"
    assert SOURCE.landing_page.endswith("populationoftheunitedkingdombycountryofbirthandnationality")
    assert SOURCE.api_query.startswith("https://www.nomisweb.co.uk/api/v01/dataset/NM_17_5.data.csv")
    assert {m.id for m in SOURCE.measures} == MEASURES
    assert SOURCE.file_spec_for(REAL_NAME) is not None and SOURCE.file_spec_for(FIXTURE.name) is not None
    assert SOURCE.file_spec_for("hesa_table-1.csv") is None
    assert aps_cob.ONS_LAST_WORKBOOK_URL.endswith("populationbycountryofbirthandnationalityjul20tojun21.xls")


def test_confidence_interval_is_defined_once_for_both_sources():
    ours = next(t for t in SOURCE.terms if t.name == "Confidence interval")
    theirs = next(t for t in lami.TERMS if t.name == "Confidence interval")
    assert ours == theirs


def _observations(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(source_id="aps_cob", release="r", file_name=FIXTURE.name, snapshot_sha256="x")


def _indicator(obs: pd.DataFrame, indicator_id: str, code: str) -> pd.Series:
    ind = next(i for i in aps_indicators.INDICATORS if i.id == indicator_id)
    rows = ind.compute(obs)
    rows = rows[rows.area_code == code]
    assert len(rows) == 1
    return rows.iloc[0]


def test_shares_use_the_survey_total_and_carry_the_interval(frame):
    obs = _observations(frame)
    share = _indicator(obs, "aps_cob_non_uk_born_share", "S12000033")  # 50 / (180 + 50)
    assert share.value == pytest.approx(100 * 50 / 230)
    assert share.ci_lower == pytest.approx(100 * 39 / 230) and share.ci_upper == pytest.approx(100 * 61 / 230)
    groups = ("uk_born", "eu_born", "non_eu_born")
    parts = [_indicator(obs, f"aps_cob_{g}_share", "S12000033").value for g in groups]
    assert sum(parts) == pytest.approx(100)


def test_a_share_without_a_total_is_missing_not_zero(frame):
    obs = _observations(frame)
    uk_share = _indicator(obs, "aps_cob_uk_born_share", "S12000027")  # non-UK-born is '0~' in Shetland
    assert math.isnan(uk_share.value) and uk_share.status == st.NOT_AVAILABLE
    non_uk = _indicator(obs, "aps_cob_non_uk_born_share", "S12000027")
    assert math.isnan(non_uk.value) and non_uk.status == st.ROUNDED_TO_ZERO


def test_counts_are_shown_to_the_nearest_thousand():
    counts = [i for i in aps_indicators.INDICATORS if not i.percent]
    assert counts and all(i.round_to == 1000 for i in counts)
    shares = [i for i in aps_indicators.INDICATORS if i.percent]
    # Shares of counts rounded to 1,000 are whole points (issue 11 item 17), not tenths.
    assert shares and all(i.decimals == 0 and i.comparable for i in shares)


# ------------------------------------------------------------------------------------------
# The real file


def real_file(realdata_dir: Path) -> Path:
    path = realdata_dir / "aps" / REAL_NAME
    assert path.exists(), path
    return path


@pytest.fixture(scope="module")
def real(realdata_dir) -> pd.DataFrame:
    return parse_nrs(real_file(realdata_dir))


@pytest.mark.realdata
def test_real_file_matches_every_council_and_scotland(real):
    codes = set(real.area_code)
    assert codes == set(COUNCILS) | {"S92000003"}
    assert len(codes) == 33
    assert set(real.measure) == MEASURES
    assert set(real.period_label) == {"Jan 2016 to Dec 2016"}


@pytest.mark.realdata
def test_real_file_values(real):
    scotland = one(real, "S92000003", "aps_uk_born")  # published as "4,838" thousand, CI 84
    assert (scotland.value, scotland.ci_lower, scotland.ci_upper) == (4_838_000, 4_754_000, 4_922_000)
    assert one(real, "S92000003", "aps_non_uk_born").value == 457_000
    assert one(real, "S12000027", "aps_eu_born").status == st.CONFIDENTIAL
    assert (real.status == st.ROUNDED_TO_ZERO).sum() == 5
    assert quality(real) == []


@pytest.mark.realdata
def test_our_codes_agree_with_the_published_list_of_councils(realdata_dir):
    """Every code in our table is a current Scottish council in the mySociety list, under a name we match."""
    listing = pd.read_csv(realdata_dir / "lookups" / "mysociety_uk_local_authorities_current.csv", dtype=str)
    scottish = listing[listing["gss-code"].str.startswith("S12", na=False) & listing["end-date"].isna()]
    assert set(scottish["gss-code"]) == set(COUNCILS)
    for code, name in scottish[["gss-code", "nice-name"]].to_numpy():
        assert area_code_for(name) == code, name


@pytest.mark.realdata
def test_real_file_with_a_renamed_heading_is_refused(realdata_dir, tmp_path):
    text = real_file(realdata_dir).read_bytes().decode("iso-8859-1")
    broken = tmp_path / REAL_NAME
    broken.write_bytes(text.replace("Total Non-UK Born", "Non-UK Born (all)", 1).encode("iso-8859-1"))
    with pytest.raises(LayoutError) as err:
        parse_nrs(broken)
    assert (err.value.file, err.value.row, err.value.column) == (REAL_NAME, 4, "F")


@pytest.mark.realdata
def test_real_file_with_its_header_moved_is_refused(realdata_dir, tmp_path):
    text = real_file(realdata_dir).read_bytes().decode("iso-8859-1")
    first, rest = text.split("\n", 1)
    broken = tmp_path / REAL_NAME
    broken.write_bytes((first + "\n" + ",,,,,,,,,,,,\r\n" * 12 + rest).encode("iso-8859-1"))
    with pytest.raises(LayoutError, match="Council area") as err:
        parse_nrs(broken)
    assert err.value.row == 18
