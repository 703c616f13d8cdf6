"""The ONS mid-year estimates components of change parser (MYEB3): hand-written fixture and real file."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pandas as pd
import pytest

from migration_profiles.sources import mye
from migration_profiles.sources.base import PUBLIC, TIDY_COLUMNS
from migration_profiles.sources.mye import SOURCE, parse, release_of
from migration_profiles.util.errors import LayoutError

FIXTURE = (
    Path(__file__).parent
    / "fixtures"
    / "mye"
    / "MYEB3_summary_components_of_change_series_UK_(2020_geog21).csv"
)
FIXTURE_LAS = ["E06000010", "E06000014", "E07000117", "E08000035", "W06000015", "S12000049", "N09000003"]
COUNTRY_CODES = ["E92000001", "W92000004", "S92000003", "N92000002", "K02000001"]
FLOW_MEASURES = [
    "births",
    "deaths",
    "natural_change",
    "internal_in",
    "internal_out",
    "internal_net",
    "international_in",
    "international_out",
    "international_net",
    "other_change",
]


@pytest.fixture(scope="module")
def tidy() -> pd.DataFrame:
    return parse(FIXTURE)


def value(frame: pd.DataFrame, code: str, measure: str, label: str) -> float:
    hit = frame[(frame.area_code == code) & (frame.measure == measure) & (frame.period_label == label)]
    assert len(hit) == 1, (code, measure, label, len(hit))
    return float(hit.value.iloc[0])


def fixture_text() -> str:
    return FIXTURE.read_bytes().decode("utf-8-sig")


def write_variant(tmp_path: Path, text: str, name: str = FIXTURE.name) -> Path:
    path = tmp_path / name
    path.write_bytes(("\ufeff" + text).encode("utf-8"))
    return path


# ------------------------------------------------------------------------------------------ shape


def test_fixture_really_has_a_bom_and_crlf():
    raw = FIXTURE.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfladcode21,laname21,country,population_2018,births_2019")
    assert b"\r\n" in raw


def test_columns_types_and_row_count(tidy):
    assert list(tidy.columns) == TIDY_COLUMNS
    assert tidy.value.dtype == "float64"
    # 7 authorities x (3 populations + 2 years x 10 components)
    # + 5 countries x (3 populations + 2 years x 8 components: no internal in/out for a country)
    assert len(tidy) == 7 * (3 + 20) + 5 * (3 + 16)
    assert set(tidy.status) == {"ok"}
    assert tidy.ci_lower.isna().all() and tidy.ci_upper.isna().all()
    assert not tidy.duplicated(["area_code", "period_label", "measure"]).any()


def test_measures_are_the_declared_ones(tidy):
    declared = {m.id for m in SOURCE.measures}
    assert set(tidy.measure) == declared == {"population", *FLOW_MEASURES}


def test_areas_and_names(tidy):
    names = dict(zip(tidy.area_code, tidy.area_name, strict=False))
    assert set(names) == set(FIXTURE_LAS) | set(COUNTRY_CODES)
    assert names["E06000010"] == "Kingston upon Hull, City of"  # quoted comma kept in the name
    assert names["E06000014"] == "York"
    assert names["E92000001"] == "England"
    assert names["K02000001"] == "United Kingdom"


def test_periods(tidy):
    pop = tidy[(tidy.area_code == "E06000014") & (tidy.measure == "population")]
    assert list(pop.period_label) == ["Mid-2018", "Mid-2019", "Mid-2020"]
    assert list(pop.period_start) == ["2018-06-30", "2019-06-30", "2020-06-30"]
    assert list(pop.period_end) == list(pop.period_start)
    flow = tidy[(tidy.area_code == "E06000014") & (tidy.measure == "births")]
    assert list(flow.period_label) == ["Mid-2018 to Mid-2019", "Mid-2019 to Mid-2020"]
    assert list(flow.period_start) == ["2018-07-01", "2019-07-01"]
    assert list(flow.period_end) == ["2019-06-30", "2020-06-30"]


# ---------------------------------------------------------------------------------------- values


def test_exact_values_for_york(tidy):
    assert value(tidy, "E06000014", "population", "Mid-2018") == 208000
    assert value(tidy, "E06000014", "population", "Mid-2020") == 210357
    year = "Mid-2019 to Mid-2020"
    assert value(tidy, "E06000014", "births", year) == 1700
    assert value(tidy, "E06000014", "deaths", year) == 1900
    assert value(tidy, "E06000014", "natural_change", year) == -200
    assert value(tidy, "E06000014", "internal_in", year) == 11900
    assert value(tidy, "E06000014", "internal_out", year) == 12200
    assert value(tidy, "E06000014", "internal_net", year) == -300
    assert value(tidy, "E06000014", "international_in", year) == 2100
    assert value(tidy, "E06000014", "international_out", year) == 1000
    assert value(tidy, "E06000014", "international_net", year) == 1100
    assert value(tidy, "E06000014", "other_change", year) == -8


def test_country_and_uk_totals_are_sums_of_authorities(tidy):
    assert value(tidy, "E92000001", "population", "Mid-2020") == 1360508
    assert value(tidy, "W92000004", "population", "Mid-2020") == 371700
    assert value(tidy, "S92000003", "population", "Mid-2020") == 635603
    assert value(tidy, "N92000002", "population", "Mid-2020") == 338508
    assert value(tidy, "K02000001", "population", "Mid-2020") == 2706319
    assert value(tidy, "E92000001", "births", "Mid-2019 to Mid-2020") == 15050
    assert value(tidy, "E92000001", "internal_net", "Mid-2019 to Mid-2020") == -5000
    assert value(tidy, "K02000001", "international_in", "Mid-2019 to Mid-2020") == 14750 + 4800 + 8700 + 3900
    # every total equals the sum of its authorities, for every measure and period
    las = tidy[tidy.area_code.isin(FIXTURE_LAS)].copy()
    las["country"] = las.area_code.str[0].map(
        {"E": "E92000001", "W": "W92000004", "S": "S92000003", "N": "N92000002"}
    )
    by_country = las.groupby(["country", "measure", "period_label"]).value.sum()
    uk = las.groupby(["measure", "period_label"]).value.sum()
    for row in tidy[tidy.area_code.isin(COUNTRY_CODES)].itertuples():
        if row.area_code == "K02000001":
            assert row.value == uk[(row.measure, row.period_label)]
        else:
            assert row.value == by_country[(row.area_code, row.measure, row.period_label)]


def test_no_internal_in_or_out_for_countries(tidy):
    countries = tidy[tidy.area_code.isin(COUNTRY_CODES)]
    assert not countries.measure.isin(["internal_in", "internal_out"]).any()
    assert countries.measure.eq("internal_net").any()


def test_components_add_up_to_population_change(tidy):
    wide = tidy.pivot_table(index=["area_code", "period_end"], columns="measure", values="value")
    checked = 0
    for code in FIXTURE_LAS + COUNTRY_CODES:
        for year in (2019, 2020):
            now = wide.loc[(code, f"{year}-06-30")]
            before = wide.loc[(code, f"{year - 1}-06-30")]
            change = now.population - before.population
            parts = now.natural_change + now.internal_net + now.international_net + now.other_change
            assert change == parts, (code, year)
            assert now.natural_change == now.births - now.deaths
            if code in FIXTURE_LAS:
                assert now.internal_net == now.internal_in - now.internal_out
            assert now.international_net == now.international_in - now.international_out
            checked += 1
    assert checked == 24


# ----------------------------------------------------------------------------- header variations


def test_file_without_bom_and_with_lf_line_endings(tmp_path):
    path = tmp_path / FIXTURE.name
    path.write_text(fixture_text().replace("\r\n", "\n"), encoding="utf-8")
    assert parse(path).equals(parse(FIXTURE))


def test_other_geography_years_are_accepted(tmp_path):
    text = fixture_text().replace("ladcode21,laname21", "ladcode20,laname20", 1)
    frame = parse(
        write_variant(tmp_path, text, "MYEB3_summary_components_of_change_series_UK_(2019_geog20).csv")
    )
    assert value(frame, "E06000014", "population", "Mid-2020") == 210357


def test_columns_are_read_by_name_not_position(tmp_path):
    rows = list(csv.reader(io.StringIO(fixture_text())))
    i, j = rows[0].index("births_2020"), rows[0].index("deaths_2020")
    for row in rows:
        row[i], row[j] = row[j], row[i]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    frame = parse(write_variant(tmp_path, out.getvalue()))
    assert value(frame, "E06000014", "births", "Mid-2019 to Mid-2020") == 1700


# ------------------------------------------------------------------------------------------ errors


def test_renamed_column_names_file_row_and_column(tmp_path):
    text = fixture_text().replace("internal_net_2019", "internal_nett_2019", 1)
    with pytest.raises(LayoutError) as caught:
        parse(write_variant(tmp_path, text))
    error = caught.value
    assert error.file == FIXTURE.name
    assert error.row == 1
    assert error.column in ("internal_net_2019", "internal_nett_2019")
    message = str(error)
    assert FIXTURE.name in message and "row 1" in message and "internal_nett_2019" in message


def test_missing_component_names_the_missing_column(tmp_path):
    rows = list(csv.reader(io.StringIO(fixture_text())))
    drop = rows[0].index("international_out_2020")
    rows = [row[:drop] + row[drop + 1 :] for row in rows]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    with pytest.raises(LayoutError) as caught:
        parse(write_variant(tmp_path, out.getvalue()))
    assert caught.value.row == 1
    assert caught.value.column == "international_out_2020"
    assert "2020" in caught.value.expected and "international_out" in caught.value.expected


def test_a_year_with_no_columns_at_all_is_a_gap(tmp_path):
    rows = list(csv.reader(io.StringIO(fixture_text())))
    keep = [i for i, name in enumerate(rows[0]) if not name.endswith("_2019")]
    rows = [[row[i] for i in keep] for row in rows]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    with pytest.raises(LayoutError) as caught:
        parse(write_variant(tmp_path, out.getvalue()))
    assert caught.value.column == "births_2019"


def test_non_numeric_cell_names_file_row_and_column(tmp_path):
    text = fixture_text().replace("E06000014,York,E,208000,1800,", "E06000014,York,E,208000,1.8k,", 1)
    with pytest.raises(LayoutError) as caught:
        parse(write_variant(tmp_path, text))
    error = caught.value
    assert (error.file, error.row, error.column) == (FIXTURE.name, 3, "births_2019")
    assert error.expected == "a count (a whole number, 0 or more) (births_2019)"  # checks.read_figure
    assert "'1.8k'" in error.found
    assert str(error).startswith(f"source 'mye', file '{FIXTURE.name}', row 3, column births_2019")


# "1,800" is a number as publishers write it (the shared reader takes it); "1,8,00" is not.
@pytest.mark.parametrize("bad", ["1800.5", "", "..", "1,8,00", "-1800", "NaN", "1e309"])
def test_non_integer_cells_are_refused(tmp_path, bad):
    cell = f'"{bad}"' if "," in bad else bad
    text = fixture_text().replace("E06000014,York,E,208000,1800,", f"E06000014,York,E,208000,{cell},", 1)
    with pytest.raises(LayoutError) as caught:
        parse(write_variant(tmp_path, text))
    assert caught.value.row == 3 and caught.value.column == "births_2019"


def test_unknown_country_letter(tmp_path):
    text = fixture_text().replace("E06000014,York,E,", "E06000014,York,X,", 1)
    with pytest.raises(LayoutError) as caught:
        parse(write_variant(tmp_path, text))
    assert (caught.value.row, caught.value.column) == (3, "country")


def test_short_row(tmp_path):
    text = fixture_text().replace(",210357\r\n", "\r\n", 1)
    with pytest.raises(LayoutError) as caught:
        parse(write_variant(tmp_path, text))
    assert caught.value.row == 3


def test_wrong_first_column(tmp_path):
    text = fixture_text().replace("ladcode21", "area_code", 1)
    with pytest.raises(LayoutError) as caught:
        parse(write_variant(tmp_path, text))
    assert (caught.value.row, caught.value.column) == (1, "area_code")


def test_not_utf8(tmp_path):
    path = tmp_path / FIXTURE.name
    path.write_bytes(FIXTURE.read_bytes().replace(b"York", b"Y\xf6rk"))
    with pytest.raises(LayoutError, match="UTF-8"):
        parse(path)


# ------------------------------------------------------------------------------------- declaration


def test_release_from_file_name():
    release = release_of(FIXTURE)
    assert release is not None and release.name == "mid-2020-geog21" and release.date == ""
    assert release_of(Path("MYEB3_summary_components_of_change_series_UK_(2018).csv")).name == "mid-2018"
    assert release_of(Path("myeb3.csv")) is None


def test_file_patterns():
    assert SOURCE.file_spec_for(FIXTURE.name) is not None
    assert SOURCE.file_spec_for("gsscogs_MYEB3_summary_components_of_change_series_UK_(2020_geog21).csv")
    assert SOURCE.file_spec_for("myeb3_summary_components_of_change_series_uk_(2021_geog22).CSV")
    assert SOURCE.file_spec_for("MYEB1_detailed_population_estimates_series_UK_(2020_geog21).csv") is None


def test_declaration_facts():
    assert SOURCE.id == "mye"
    assert SOURCE.classification == PUBLIC
    assert "ONS" in SOURCE.publisher
    assert SOURCE.landing_page.startswith("https://www.ons.gov.uk/")
    assert "populationestimatesforukenglandandwalesscotlandandnorthernireland" in SOURCE.landing_page
    for download in SOURCE.downloads:  # the current workbooks, each read by one of the file kinds
        assert download.url.startswith("https://www.ons.gov.uk/file?uri=") and download.url.endswith(".xlsx")
        assert SOURCE.file_spec_for(download.file_name).expect == "xlsx"
    assert {d.page for d in SOURCE.discover} == {mye.LANDING_PAGE, mye.EW_PAGE}
    assert SOURCE.file_spec_for(mye.ZIP_MEMBER).expect == "csv"  # the old series still reads
    assert "Open Government Licence" in SOURCE.licence and "version/3" in SOURCE.licence_url
    assert SOURCE.kind == "stock and flow"
    assert pd.Timestamp(SOURCE.next_release)  # an ISO date
    assert set(SOURCE.geography_levels) == {"country", "local_authority"}
    ids = {c.id for c in SOURCE.caveats}
    assert {"international-migration-modelled", "other-change", "internal-migration-from-records"} <= ids
    assert {"revised-after-census", "country-totals-are-our-sums"} <= ids
    terms = {t.name for t in SOURCE.terms}
    assert {"Mid-year estimate", "Components of change", "Natural change", "Internal migration"} <= terms
    assert "Net migration" in terms
    for caveat in SOURCE.caveats:
        assert len(caveat.text) > 80
    assert SOURCE.measure("population").kind == "stock"
    assert SOURCE.measure("international_in").kind == "flow"


# --------------------------------------------------------------------------------------- real file


def real_mye_file(realdata_dir: Path) -> Path:
    files = sorted((realdata_dir / "mye").glob("*MYEB3*.csv"))
    if not files:
        message = f"no MYEB3 CSV in {realdata_dir / 'mye'}"
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return files[0]


@pytest.fixture(scope="module")
def real(realdata_dir) -> pd.DataFrame:
    return parse(real_mye_file(realdata_dir))


@pytest.mark.realdata
def test_real_file_release_and_areas(realdata_dir, real):
    path = real_mye_file(realdata_dir)
    assert SOURCE.file_spec_for(path.name) is not None
    assert release_of(path).name == "mid-2020-geog21"
    las = {c for c in real.area_code if c not in COUNTRY_CODES}
    assert len(las) == 374
    assert set(COUNTRY_CODES) <= set(real.area_code)
    assert set(real.period_label[real.measure == "population"]) == {f"Mid-{y}" for y in range(2001, 2021)}


@pytest.mark.realdata
def test_real_york(real):
    assert value(real, "E06000014", "population", "Mid-2020") == 211012
    assert real[(real.area_code == "E06000014")].area_name.iloc[0] == "York"
    assert value(real, "E06000014", "international_in", "Mid-2019 to Mid-2020") > 0


@pytest.mark.realdata
def test_real_country_sums_match_published_national_figures(real):
    # ONS's published mid-2020 populations for the UK and England (bulletin, June 2021).
    assert value(real, "K02000001", "population", "Mid-2020") == 67081234
    assert value(real, "E92000001", "population", "Mid-2020") == 56550138


@pytest.mark.realdata
def test_real_component_identity(real):
    """Population change equals the components, exactly outside Scotland and within 10 in Scotland.

    The real file rounds Scottish populations to the nearest 10 (and Scottish migration flows from the
    year to mid-2018), so for Scottish councils the identity, and net = in - out, can be off by 10 or 20.
    """
    wide = real.pivot_table(index=["area_code", "period_end"], columns="measure", values="value")
    wide = wide.reset_index()
    wide["year"] = wide.period_end.str[:4].astype(int)
    pop = wide.set_index(["area_code", "year"]).population
    flows = wide[wide.year > 2001].set_index(["area_code", "year"])
    previous = pop.reindex([(code, year - 1) for code, year in flows.index]).to_numpy()
    gap = (
        flows.population
        - previous
        - (flows.natural_change + flows.internal_net + flows.international_net + flows.other_change)
    )
    codes = gap.index.get_level_values(0)
    authority = ~codes.isin(COUNTRY_CODES)
    scottish = codes.str.startswith("S12")
    other = authority & ~scottish
    assert other.sum() == (374 - 32) * 19
    assert (gap[other] == 0).all(), gap[other][gap[other] != 0].head()
    assert (gap[scottish].abs() <= 10).all()
    for country in ("E92000001", "W92000004", "N92000002"):
        assert (gap[codes == country] == 0).all()
    # Scotland's and the UK's totals are off by exactly the sum of the Scottish councils' gaps
    scottish_gap = gap[scottish].groupby(level=1).sum()
    assert (gap.xs("S92000003").sort_index() == scottish_gap.sort_index()).all()
    assert (gap.xs("K02000001").sort_index() == scottish_gap.sort_index()).all()
    # births - deaths is exact everywhere
    assert (flows.natural_change == flows.births - flows.deaths).all()
    net_gap = flows.internal_net - (flows.internal_in - flows.internal_out)
    assert (net_gap[other] == 0).all()
    assert (net_gap[scottish].abs() <= 20).all()
    # Scottish populations are multiples of 10 in this file
    scottish_pop = real[real.area_code.str.startswith("S12") & (real.measure == "population")].value
    assert (scottish_pop % 10 == 0).all()
