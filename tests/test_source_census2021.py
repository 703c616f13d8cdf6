"""The Census 2021 source (census2021): hand-written fixtures in the ONS API layout, and the real files."""

from __future__ import annotations

import csv
import dataclasses
import io
import math
from pathlib import Path

import pandas as pd
import pytest

from migration_profiles.acquire.fetch import NEW, refresh_source
from migration_profiles.pipeline import ADDITIVE_UNITS
from migration_profiles.sources import all_sources
from migration_profiles.sources._census2021_csv import measure_ids
from migration_profiles.sources.base import PUBLIC, TIDY_COLUMNS
from migration_profiles.sources.census2021 import SOURCE, latest_release
from migration_profiles.sources.census2021_tables import (
    ARRIVAL,
    COB,
    COB_EU,
    ENGLISH,
    MIGRANT,
    PASSPORTS,
    TABLES,
)
from migration_profiles.stages.indicators import add_region_totals, compute_indicators
from migration_profiles.stages.indicators.catalogue import CHARTS, INDICATORS, THEMES
from migration_profiles.stages.indicators.census import CHARTS as CENSUS_CHARTS
from migration_profiles.stages.indicators.census import INDICATORS as CENSUS_INDICATORS
from migration_profiles.util.errors import LayoutError, ProfilesError

from .helpers_http import FakeServer, Reply

FIXTURES = Path(__file__).parent / "fixtures" / "census2021"
LAS = ["E06000001", "E06000014", "E08000035", "W06000015"]
ENGLAND, WALES = "E92000001", "W92000004"
YORK, LEEDS, HARTLEPOOL, CARDIFF = "E06000014", "E08000035", "E06000001", "W06000015"


def fixture(table) -> Path:
    return FIXTURES / table.file_name


def parse(table, path: Path | None = None) -> pd.DataFrame:
    return SOURCE.file_spec_for((path or fixture(table)).name).parse(path or fixture(table))


@pytest.fixture(scope="module")
def tidy() -> dict[str, pd.DataFrame]:
    return {table.id: parse(table) for table in TABLES}


def value(frame: pd.DataFrame, code: str, measure: str) -> float:
    hit = frame[(frame.area_code == code) & (frame.measure == measure)]
    assert len(hit) == 1, (code, measure, len(hit))
    return float(hit.value.iloc[0])


def raw_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def write(tmp_path: Path, name: str, text: str, *, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def fixture_text(table) -> str:
    return fixture(table).read_text(encoding="utf-8")


def layout_error(table, tmp_path: Path, text: str) -> LayoutError:
    with pytest.raises(LayoutError) as caught:
        parse(table, write(tmp_path, table.file_name, text))
    return caught.value


# --------------------------------------------------------------------------------------- the fixtures


def test_fixtures_are_in_the_real_layout():
    for table in TABLES:
        rows = raw_rows(fixture(table))
        assert rows[0] == ["Lower Tier Local Authorities Code", "Lower Tier Local Authorities",
                           f"{table.variable} Code", table.variable, "Observation"]
        assert rows[1][2:4] == ["-8", "Does not apply"]  # each area starts with its -8 row, as ONS does
        assert len(rows) == 1 + len(LAS) * (len(table.categories) + 1)
        raw = fixture(table).read_bytes()
        assert b"\r\n" not in raw and not raw.startswith(b"\xef")  # LF and no BOM, like the API's files


def test_columns_types_period_and_areas(tidy):
    for table in TABLES:
        frame = tidy[table.id]
        assert list(frame.columns) == TIDY_COLUMNS
        assert frame.value.dtype == "float64"
        assert set(frame.area_code) == {*LAS, ENGLAND, WALES}
        assert set(frame.period_label) == {"Census 2021"}
        assert set(frame.period_start) == set(frame.period_end) == {"2021-03-21"}
        assert set(frame.status) == {"ok"}
        assert frame.ci_lower.isna().all() and frame.ci_upper.isna().all()
        assert not frame.duplicated(["area_code", "measure"]).any()
        assert list(frame[frame.area_code == YORK].measure) == measure_ids(table)
        assert set(frame.measure) <= {m.id for m in SOURCE.measures}
        assert frame[frame.area_code == YORK].area_name.iloc[0] == "York"
        assert frame[frame.area_code == ENGLAND].area_name.iloc[0] == "England"


def test_exact_values_for_york(tidy):
    cob, passports, arrival = tidy["TS012"], tidy["TS005"], tidy["TS015"]
    english, migrant = tidy["TS029"], tidy["TS019"]
    assert value(cob, YORK, "census_cob_total") == 202815
    assert value(cob, YORK, "census_cob_uk") == 187572 + 1018 + 4060 + 1631 + 0 + 0 == 194281
    assert value(cob, YORK, "census_cob_eu_2004_on") == 0 + 2438 + 811 + 3 + 1 == 3253
    assert value(cob, YORK, "census_cob_non_uk") == 202815 - 194281
    assert value(passports, YORK, "census_passport_total") == 202814
    assert value(passports, YORK, "census_passport_uk") == 172217
    assert value(passports, YORK, "census_passport_none") == 24346
    assert value(passports, YORK, "census_passport_non_uk") == 202814 - 172217 - 24346
    assert value(arrival, YORK, "census_arrival_total") == 202821
    assert value(arrival, YORK, "census_arrival_2020_2021") == 2440
    assert value(arrival, YORK, "census_arrival_2011_2021") == 7 + 2435 + 3652 + 2440
    assert value(english, YORK, "census_english_total") == 187850 + 4945 + 3559 + 1187 + 204 == 197745
    assert value(english, YORK, "census_english_poor") == 1187 + 204
    assert value(english, YORK, "census_english_other_main") == 4945 + 3559 + 1187 + 204
    assert value(migrant, YORK, "census_migrant_total") == 172451 + 2011 + 24119 + 2416 == 200997
    assert value(migrant, YORK, "census_migrant_outside_uk") == 2416
    cob_eu = tidy["TS004"]
    york_ts004 = [194270, 2105, 2511, 846, 37, 402, 1288, 4922, 1210, 760, 31]  # categories 1 to 11
    assert value(cob_eu, YORK, "census_cobeu_total") == sum(york_ts004) == 208382
    assert value(cob_eu, YORK, "census_cobeu_eu8") == 2511
    assert value(cob_eu, YORK, "census_cobeu_eu2") == 846
    assert value(cob_eu, YORK, "census_cobeu_eu_2004_on") == 2511 + 846 + 37
    assert value(cob_eu, LEEDS, "census_cobeu_british_overseas") == 120


def test_every_category_lands_in_the_group_its_ons_code_range_says(tidy):
    """Recompute the groups from the raw rows with code ranges, independently of the declaration."""
    ranges = {
        "TS012": {"census_cob_uk": (1, 6), "census_cob_eu14": (7, 13), "census_cob_eu_2004_on": (14, 18),
                  "census_cob_other_europe": (19, 20), "census_cob_africa": (21, 30),
                  "census_cob_middle_east_asia": (31, 47), "census_cob_americas_caribbean": (48, 54),
                  "census_cob_oceania_antarctica": (55, 59)},
        "TS005": {"census_passport_uk": (1, 1), "census_passport_irish": (2, 2),
                  "census_passport_eu": (3, 11),
                  "census_passport_other_europe": (12, 13), "census_passport_africa": (14, 16),
                  "census_passport_middle_east_asia": (17, 21), "census_passport_americas": (22, 23),
                  "census_passport_oceania": (24, 24), "census_passport_british_overseas": (25, 25),
                  "census_passport_none": (26, 26)},
        "TS015": {"census_arrival_born_uk": (1, 1), "census_arrival_2011_2021": (9, 12)},
        "TS029": {"census_english_main": (1, 1), "census_english_other_main": (2, 5),
                  "census_english_poor": (4, 5)},
        "TS019": {"census_migrant_same_address": (0, 0), "census_migrant_within_uk": (2, 2),
                  "census_migrant_outside_uk": (3, 3)},
        "TS004": {"census_cobeu_uk": (1, 1), "census_cobeu_eu14": (2, 2), "census_cobeu_eu8": (3, 3),
                  "census_cobeu_eu2": (4, 4), "census_cobeu_eu_other": (5, 5),
                  "census_cobeu_eu_2004_on": (3, 5),
                  "census_cobeu_other_europe": (6, 6), "census_cobeu_africa": (7, 7),
                  "census_cobeu_middle_east_asia": (8, 8), "census_cobeu_americas_caribbean": (9, 9),
                  "census_cobeu_oceania_antarctica": (10, 10), "census_cobeu_british_overseas": (11, 11)},
    }
    by_id = {t.id: t for t in TABLES}
    for table_id, groups in ranges.items():
        rows = raw_rows(fixture(by_id[table_id]))[1:]
        for code in LAS:
            mine = {int(r[2]): int(r[4]) for r in rows if r[0] == code}
            for measure, (low, high) in groups.items():
                expected = sum(v for k, v in mine.items() if low <= k <= high)
                assert value(tidy[table_id], code, measure) == expected, (table_id, code, measure)


def test_groups_add_up_to_each_tables_own_total(tidy):
    for table in TABLES:
        frame = tidy[table.id]
        for code in [*LAS, ENGLAND, WALES]:
            groups = sum(value(frame, code, m) for m, _ in table.groups)
            assert groups == value(frame, code, table.total), (table.id, code)


def test_does_not_apply_is_kept_out_of_the_total_and_emitted_on_its_own(tidy):
    english, migrant = tidy["TS029"], tidy["TS019"]
    assert value(english, YORK, "census_english_not_applicable") == 5070  # children under 3
    assert value(migrant, YORK, "census_migrant_not_applicable") == 1825  # babies under 1
    assert value(english, YORK, "census_english_total") == 197745  # without the 5,070
    assert value(migrant, YORK, "census_migrant_total") == 200997  # without the 1,825
    for table in (COB, PASSPORTS, ARRIVAL):
        assert (tidy[table.id][tidy[table.id].measure == table.not_applicable_measure].value == 0).all()


def test_totals_differ_between_tables_and_every_share_uses_its_own(tidy):
    totals = {t.id: value(tidy[t.id], YORK, t.total) for t in (COB, PASSPORTS, ARRIVAL)}
    assert totals == {"TS012": 202815, "TS005": 202814, "TS015": 202821}  # perturbed: a few people apart
    obs = pd.concat(tidy.values(), ignore_index=True).assign(
        source_id="census2021", release="r", file_name="f", snapshot_sha256="s")
    figures = compute_indicators(obs, CENSUS_INDICATORS)

    def share(indicator_id: str, code: str = YORK) -> float:
        hit = figures[(figures.indicator_id == indicator_id) & (figures.area_code == code)]
        assert len(hit) == 1, indicator_id
        return float(hit.value.iloc[0])

    assert share("census_cob_uk_share") == pytest.approx(194281 * 100 / 202815)
    assert share("census_passport_uk_share") == pytest.approx(172217 * 100 / 202814)
    assert share("census_arrival_2020_2021_share") == pytest.approx(2440 * 100 / 202821)
    assert share("census_poor_english_share") == pytest.approx((1187 + 204) * 100 / 197745)
    assert share("census_moved_from_abroad_share") == pytest.approx(2416 * 100 / 200997)
    cob = tidy["TS012"]
    assert share("census_born_abroad_share", ENGLAND) == pytest.approx(
        value(cob, ENGLAND, "census_cob_non_uk") * 100 / value(cob, ENGLAND, "census_cob_total"))
    for chart in CENSUS_CHARTS:  # the bars of one chart add up to 100% of their own table's total
        total = sum(share(i) for i in chart.indicator_ids)
        # The year-of-arrival chart leaves out the UK-born (TS015 York: 187,458): see country of birth.
        expected = 100 - 187458 * 100 / 202821 if chart.id == "census_year_of_arrival" else 100
        assert total == pytest.approx(expected), chart.id
    shares = figures[figures.indicator_id.str.endswith("_share")]
    assert ((shares.value >= 0) & (shares.value <= 100)).all()


def test_england_and_wales_are_sums_of_their_authorities(tidy):
    for table in TABLES:
        frame = tidy[table.id]
        for measure in measure_ids(table):
            english = sum(value(frame, c, measure) for c in (HARTLEPOOL, YORK, LEEDS))
            assert value(frame, ENGLAND, measure) == english
            assert value(frame, WALES, measure) == value(frame, CARDIFF, measure)


def test_the_pipeline_sums_authorities_into_regions(tidy):
    obs = pd.concat(tidy.values(), ignore_index=True).assign(
        source_id="census2021", release="r", file_name="f", snapshot_sha256="s")
    additive = {(s.id, m.id) for s in all_sources() for m in s.measures if m.unit in ADDITIVE_UNITS}
    assert ("census2021", "census_cob_total") in additive
    region_of = {HARTLEPOOL: "E12000001", YORK: "E12000003", LEEDS: "E12000003", CARDIFF: WALES,
                 ENGLAND: "", WALES: ""}
    with_regions = add_region_totals(obs, region_of, additive)
    yorkshire = with_regions[with_regions.area_code == "E12000003"]
    assert value(yorkshire, "E12000003", "census_cob_total") == 202815 + 811946
    figures = compute_indicators(with_regions, CENSUS_INDICATORS)
    region = figures[figures.area_code == "E12000003"]
    region_share = region[region.indicator_id == "census_cob_uk_share"]
    assert float(region_share.value.iloc[0]) == pytest.approx((194281 + 780644) * 100 / (202815 + 811946))


# ------------------------------------------------------------------------------------------- errors


def test_renamed_column_names_file_row_and_column(tmp_path):
    text = fixture_text(COB).replace(",Observation\n", ",Value\n", 1)
    error = layout_error(COB, tmp_path, text)
    assert (error.file, error.row, error.column) == ("TS012_2021.csv", 1, "Value")
    assert "'Observation'" in error.expected
    assert str(error).startswith("source 'census2021', file 'TS012_2021.csv', row 1, column Value: expected")


def test_renamed_area_column(tmp_path):
    text = fixture_text(COB).replace("Lower Tier Local Authorities Code", "Local Authority Code", 1)
    error = layout_error(COB, tmp_path, text)
    assert (error.row, error.column) == (1, "Local Authority Code")


def test_header_names_are_compared_without_case(tmp_path):
    """Newer API outputs write 'Lower tier local authorities Code'; the same columns, so accepted."""
    text = fixture_text(COB).replace("Lower Tier Local Authorities", "Lower tier local authorities")
    frame = parse(COB, write(tmp_path, COB.file_name, text))
    assert value(frame, YORK, "census_cob_total") == 202815


def test_another_tables_file_under_this_name_is_refused(tmp_path):
    error = layout_error(COB, tmp_path, fixture_text(PASSPORTS))
    assert error.row == 1
    assert "TS005" in error.found and "Passports held" in error.found
    assert "Country of birth (60 categories)" in error.expected


def test_a_different_grouping_of_the_same_question_is_named(tmp_path):
    text = fixture_text(COB).replace("Country of birth (60 categories)", "Country of birth (190 categories)")
    error = layout_error(COB, tmp_path, text)
    assert "190 categories" in error.found and "different ONS table" in error.found


def test_ts004_under_ts012s_name_is_refused_and_named(tmp_path):
    error = layout_error(COB, tmp_path, fixture_text(COB_EU))
    assert error.row == 1 and "the header of TS004" in error.found


def test_ts004_relabelled_eu_group_is_refused(tmp_path):
    """EU8 and EU2 must never swap: a label that does not match its code stops the parse."""
    eu8, eu2 = "3,Europe: EU countries: European Union EU8", "3,Europe: EU countries: European Union EU2"
    text = fixture_text(COB_EU).replace(eu8, eu2, 1)
    error = layout_error(COB_EU, tmp_path, text)
    assert (error.file, error.row, error.column) == ("TS004_2021.csv", 5, "Country of birth (12 categories)")
    assert "'Europe: EU countries: European Union EU8'" in error.expected


def test_unknown_category_names_file_row_and_column(tmp_path):
    text = fixture_text(COB).replace("E06000014,York,59,Other,", "E06000014,York,60,Other,", 1)
    line = next(i for i, row in enumerate(text.splitlines(), start=1) if row.startswith("E06000014,York,60,"))
    error = layout_error(COB, tmp_path, text)
    assert (error.file, error.row) == ("TS012_2021.csv", line)
    assert error.column == "Country of birth (60 categories) Code"
    assert "60" in error.found and "TS012's category codes" in error.expected
    assert f"row {line}" in str(error) and "TS012_2021.csv" in str(error)


def test_relabelled_category_is_refused(tmp_path):
    text = fixture_text(PASSPORTS).replace("Europe: Ireland", "Europe: Republic of Ireland", 1)
    error = layout_error(PASSPORTS, tmp_path, text)
    assert error.row == 4 and error.column == "Passports held (27 categories)"  # Hartlepool's third row
    assert "'Europe: Ireland'" in error.expected and "Republic of Ireland" in error.found


def test_label_spacing_and_case_do_not_matter(tmp_path):
    text = fixture_text(ARRIVAL).replace("Born in the UK", "born in the  UK")
    frame = parse(ARRIVAL, write(tmp_path, ARRIVAL.file_name, text))
    assert value(frame, YORK, "census_arrival_born_uk") == 187458


def test_missing_category_names_the_area(tmp_path):
    lines = fixture_text(ENGLISH).splitlines(keepends=True)
    text = "".join(line for line in lines if not line.startswith("E08000035,Leeds,5,"))
    error = layout_error(ENGLISH, tmp_path, text)
    assert "E08000035 Leeds" in error.found and "no category 5" in error.found
    first_leeds = next(i for i, line in enumerate(lines, start=1) if line.startswith("E08000035"))
    assert error.row == first_leeds


def test_missing_does_not_apply_row_is_refused(tmp_path):
    lines = fixture_text(MIGRANT).splitlines(keepends=True)
    text = "".join(line for line in lines if not line.startswith("E06000014,York,-8,"))
    error = layout_error(MIGRANT, tmp_path, text)
    assert "no category -8" in error.found and "York" in error.found


def test_repeated_row_is_refused(tmp_path):
    lines = fixture_text(MIGRANT).splitlines(keepends=True)
    text = "".join(lines) + lines[3]
    error = layout_error(MIGRANT, tmp_path, text)
    assert error.row == len(lines) + 1 and "already on row 4" in error.expected


# "1,200" is a number as publishers write it (the shared reader takes it); "1,2,00" is not.
@pytest.mark.parametrize("bad", ["12.5", "", "c", "-3", "1,2,00", "NaN", "1e309"])
def test_counts_must_be_whole_numbers(tmp_path, bad):
    cell = f'"{bad}"' if "," in bad else bad
    row = "E06000014,York,3,Migrant from outside the UK: Address one year ago was outside the UK,"
    text = fixture_text(MIGRANT).replace(row + "2416", row + cell, 1)
    error = layout_error(MIGRANT, tmp_path, text)
    assert error.column == "Observation" and error.row == 11


@pytest.mark.parametrize("code", ["S12000036", "E12000003", "E92000001", "York", ""])
def test_only_lower_tier_authorities_of_england_and_wales(tmp_path, code):
    text = fixture_text(MIGRANT).replace("E06000014,York,", f"{code},York,")
    error = layout_error(MIGRANT, tmp_path, text)
    assert error.row == 7 and error.column == "Lower Tier Local Authorities Code"


def test_an_area_keeps_one_name(tmp_path):
    text = fixture_text(MIGRANT).replace("E06000014,York,3,", "E06000014,City of York,3,")
    error = layout_error(MIGRANT, tmp_path, text)
    assert error.row == 11 and "'York'" in error.expected


def test_title_line_above_the_header_is_refused(tmp_path):
    text = "Census 2021: country of birth by local authority\n" + fixture_text(COB)
    error = layout_error(COB, tmp_path, text)
    assert error.row == 1 and "1 column(s)" in error.found


def test_short_row_and_empty_files(tmp_path):
    text = fixture_text(MIGRANT).replace(",2416\n", "\n", 1)
    assert "4 cells" in layout_error(MIGRANT, tmp_path, text).found
    assert layout_error(MIGRANT, tmp_path, "").found == "an empty file"
    header = fixture_text(MIGRANT).splitlines()[0] + "\n"
    assert layout_error(MIGRANT, tmp_path, header).found == "only the header"


def test_bom_crlf_and_trailing_blank_lines_are_fine(tmp_path):
    text = "\ufeff" + fixture_text(ENGLISH).replace("\n", "\r\n") + "\r\n\r\n"
    frame = parse(ENGLISH, write(tmp_path, ENGLISH.file_name, text))
    assert value(frame, YORK, "census_english_total") == 197745


def test_not_utf8(tmp_path):
    path = tmp_path / COB.file_name
    path.write_bytes(fixture(COB).read_bytes().replace(b"Other", b"Oth\xe9r", 1))
    with pytest.raises(LayoutError) as caught:
        parse(COB, path)
    assert "UTF-8" in caught.value.expected


# ------------------------------------------------------------------------------ quality and declaration


def test_does_not_apply_where_everyone_is_covered_goes_to_the_quality_log(tmp_path):
    row = "E06000014,York,-8,Does not apply,"
    text = fixture_text(COB).replace(row + "0", row + "4")
    path = write(tmp_path, COB.file_name, text)
    spec = SOURCE.file_spec_for(path.name)
    frame = spec.parse(path)
    assert value(frame, YORK, "census_cob_not_applicable") == 4
    assert value(frame, YORK, "census_cob_total") == 202815  # kept out of the total
    [issue] = spec.quality(frame)
    assert issue["area_code"] == YORK and issue["rows"] == 1 and "TS012" in issue["issue"]
    assert SOURCE.file_spec_for(ENGLISH.file_name).quality(parse(ENGLISH)) == []  # under-3s are expected


def test_file_patterns_place_each_table():
    for table in TABLES:
        for name in (table.file_name, f"gsscogs_{table.id}_2021_ltla.csv", f"{table.id.lower()}-2021-2.csv"):
            spec = SOURCE.file_spec_for(name)
            assert spec is not None and spec.parse.__name__ == f"parse_{table.id.lower()}", name
    assert SOURCE.file_spec_for("TS0120_2021.csv") is None
    assert SOURCE.file_spec_for("TS012_2021.xlsx") is None
    others = [s for s in all_sources() if s.id != SOURCE.id]
    for table in TABLES:  # no other source claims these files
        assert not any(s.file_spec_for(f"gsscogs_{table.id}_2021_ltla.csv") for s in others)


def test_declaration_facts():
    assert SOURCE.id == "census2021" and SOURCE.classification == PUBLIC
    assert SOURCE.licence == "Open Government Licence v3.0"
    assert [d.file_name for d in SOURCE.downloads] == [
        "TS012_2021.csv", "TS005_2021.csv", "TS015_2021.csv", "TS029_2021.csv", "TS019_2021.csv",
        "TS004_2021.csv"]
    assert SOURCE.downloads[-1].url == (
        "https://download.ons.gov.uk/downloads/datasets/TS004/editions/2021/versions/3.csv")
    for d, table in zip(SOURCE.downloads, TABLES, strict=True):
        assert d.url == (f"https://download.ons.gov.uk/downloads/datasets/{table.id}/editions/2021/versions/"
                         f"{table.version}.csv")
    assert "2031" in SOURCE.cadence and "one-off" in SOURCE.cadence
    assert "perturbation" in SOURCE.rounding and "unrounded" in SOURCE.rounding
    assert {t.name for t in SOURCE.terms} >= {"Country of birth", "Passports held", "Year of arrival",
                                                "Proficiency in English", "Migrant indicator",
                                                "Cell-key perturbation", "EU8 and EU2"}
    caveats = " ".join(c.text for c in SOURCE.caveats)
    for phrase in ("21 March 2021", "lockdown", "cell-key perturbation", "nationality", "most recently",
                   "Scotland", "Northern Ireland", "2031"):
        assert phrase in caveats, phrase
    assert all(m.unit == "people" for m in SOURCE.measures)
    assert len({m.id for m in SOURCE.measures}) == len(SOURCE.measures)
    assert {m.id for m in SOURCE.measures} == {m for t in TABLES for m in measure_ids(t)}


def test_indicators_theme_and_charts_are_registered():
    assert [t.id for t in THEMES if t.id == "census"] == ["census"]
    assert [t.title for t in THEMES if t.id == "census"] == ["Census 2021 baseline"]
    ids = {i.id for i in INDICATORS}
    assert {i.id for i in CENSUS_INDICATORS} <= ids
    census_charts = [c for c in CHARTS if c.theme == "census"]
    assert [c.id for c in census_charts] == [c.id for c in CENSUS_CHARTS]
    assert all(c.kind == "bar" and not c.with_comparators for c in census_charts)
    overview = {i.id for i in CENSUS_INDICATORS if i.overview}
    assert overview == {"census_born_abroad_share", "census_non_uk_passport_share"}
    for ind in CENSUS_INDICATORS:
        assert ind.source_id == "census2021" and set(ind.measures) <= {m.id for m in SOURCE.measures}
        if ind.percent:
            assert (ind.decimals, ind.comparable) == (1, True) and ind.unit.startswith("% of residents")
        else:
            assert ind.unit == "people" and not ind.comparable


class FakeWeb:
    def __init__(self, versions: dict[str, object]):
        self.versions = versions
        self.asked: list[str] = []

    def json(self, url: str, headers=None):
        self.asked.append(url)
        table_id = url.split("/datasets/")[1].split("/")[0]
        answer = self.versions[table_id]
        if isinstance(answer, dict):
            return answer
        return {"links": {"latest_version": {"id": str(answer), "href": url + f"/versions/{answer}"}}}


def test_release_watch_asks_the_ons_api_for_newer_versions():
    current = {t.id: t.version for t in TABLES}
    web = FakeWeb(current)
    assert latest_release(web) is None
    assert web.asked[0] == "https://api.beta.ons.gov.uk/v1/datasets/TS012/editions/2021"
    newer = latest_release(FakeWeb({**current, "TS019": MIGRANT.version + 1}))
    assert newer.name == f"TS019 version {MIGRANT.version + 1}"
    assert SOURCE.extra["latest_release"] is latest_release
    with pytest.raises(ProfilesError, match="latest version"):
        latest_release(FakeWeb({**current, "TS005": {"links": {}}}))


def test_refresh_downloads_one_file_per_table(tmp_path):
    with FakeServer() as server:
        downloads = []
        for d, table in zip(SOURCE.downloads, TABLES, strict=True):
            path = f"/downloads/datasets/{table.id}/editions/2021/versions/{table.version}.csv"
            server.route(path, Reply(200, fixture(table).read_bytes(),
                                     {"Last-Modified": "Mon, 30 Jan 2023 09:30:00 GMT"}))
            downloads.append(dataclasses.replace(d, url=server.url(path)))
        source = dataclasses.replace(SOURCE, downloads=tuple(downloads))
        result = refresh_source(tmp_path, source, timeout=2, retries=1, backoff=0.01)
    assert result.status == NEW, result.message
    assert sorted(f.name for f in result.snapshot.files) == sorted(t.file_name for t in TABLES)
    assert result.snapshot.release == "2023-01-30"


# ---------------------------------------------------------------------------------------- real files


def real_file(realdata_dir: Path, table) -> Path:
    files = sorted((realdata_dir / "census2021").glob(f"*{table.id}*.csv"))
    if not files:
        pytest.skip(f"no real {table.id} file in {realdata_dir / 'census2021'}")
    return files[0]


REAL_TABLES = [COB, PASSPORTS, ARRIVAL, ENGLISH]  # there is no real TS019 file at hand


@pytest.fixture(scope="module")
def real(realdata_dir) -> dict[str, pd.DataFrame]:
    return {t.id: parse(t, real_file(realdata_dir, t)) for t in REAL_TABLES}


@pytest.mark.realdata
@pytest.mark.parametrize("table", REAL_TABLES, ids=lambda t: t.id)
def test_real_file_parses_with_every_authority(real, table):
    frame = real[table.id]
    las = {c for c in frame.area_code if c not in (ENGLAND, WALES)}
    assert len(las) == 331
    assert sum(c.startswith("W") for c in las) == 22
    assert frame[frame.area_code == YORK].area_name.iloc[0] == "York"
    assert set(frame.measure) == set(measure_ids(table))
    wide = frame.pivot(index="area_code", columns="measure", values="value")
    groups = wide[[m for m, _ in table.groups]].sum(axis=1)
    assert (groups == wide[table.total]).all()  # the groups add up to the table's own total everywhere
    assert wide.loc[ENGLAND, table.total] == wide.loc[[c for c in las if c[0] == "E"], table.total].sum()


@pytest.mark.realdata
def test_real_country_of_birth_groups_and_totals_for_every_area(real, realdata_dir):
    rows = raw_rows(real_file(realdata_dir, COB))[1:]
    published: dict[str, int] = {}
    for row in rows:
        if row[2] != "-8":
            published[row[0]] = published.get(row[0], 0) + int(row[4])
    frame = real["TS012"]
    wide = frame.pivot(index="area_code", columns="measure", values="value")
    for code, total in published.items():
        assert wide.loc[code, "census_cob_total"] == total
        assert sum(wide.loc[code, m] for m, _ in COB.groups) == total, code
    assert wide.loc[YORK, "census_cob_total"] == 202822
    assert wide.loc[YORK, "census_cob_uk"] == 180964
    # ONS's published usual resident population of England and Wales is 59,597,542; this table's
    # perturbed cells add up to a few people more or fewer.
    england_and_wales = wide.loc[ENGLAND, "census_cob_total"] + wide.loc[WALES, "census_cob_total"]
    assert abs(england_and_wales - 59_597_542) < 200


@pytest.mark.realdata
def test_real_tables_totals_differ_slightly_and_does_not_apply(real):
    totals = {t.id: value(real[t.id], YORK, t.total) for t in (COB, PASSPORTS, ARRIVAL)}
    assert totals == {"TS012": 202822, "TS005": 202819, "TS015": 202824}
    assert value(real["TS029"], YORK, "census_english_not_applicable") == 5088  # York's under-3s
    for table in (COB, PASSPORTS, ARRIVAL):
        frame = real[table.id]
        assert (frame[frame.measure == table.not_applicable_measure].value == 0).all()
        assert SOURCE.file_spec_for(table.file_name).quality(frame) == []


@pytest.mark.realdata
def test_real_shares_lie_between_0_and_100(real):
    obs = pd.concat(real.values(), ignore_index=True).assign(
        source_id="census2021", release="r", file_name="f", snapshot_sha256="s")
    figures = compute_indicators(obs, CENSUS_INDICATORS)
    shares = figures[figures.indicator_id.isin({i.id for i in CENSUS_INDICATORS if i.percent})]
    assert len(shares) > 0 and shares.value.notna().all()
    assert ((shares.value >= 0) & (shares.value <= 100)).all()
    york = shares[shares.area_code == YORK].set_index("indicator_id").value
    assert york["census_born_abroad_share"] == pytest.approx((202822 - 180964) * 100 / 202822)
    assert york["census_non_uk_passport_share"] == pytest.approx((202819 - 164661 - 24174) * 100 / 202819)
    assert not math.isnan(york["census_poor_english_share"])


@pytest.mark.realdata
def test_broken_copies_of_a_real_file_give_clear_errors(realdata_dir, tmp_path):
    text = real_file(realdata_dir, COB).read_text(encoding="utf-8")
    renamed = text.replace("Country of birth (60 categories) Code", "Country of birth Code", 1)
    error = layout_error(COB, tmp_path, renamed)
    assert (error.file, error.row, error.column) == ("TS012_2021.csv", 1, "Country of birth Code")
    assert "TS012" in str(error) and "Country of birth (60 categories) Code" in error.expected

    titled = "Country of birth (detailed), Census 2021\n" + text
    error = layout_error(COB, tmp_path, titled)
    assert error.row == 1 and "a header of 5 columns" in error.expected
    assert str(error).startswith("source 'census2021', file 'TS012_2021.csv', row 1:")
