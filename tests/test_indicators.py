import math

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as hs

from migration_profiles.sources.base import PROVENANCE_COLUMNS, TIDY_COLUMNS
from migration_profiles.stages.indicators import add_region_totals, compute_indicators, core
from migration_profiles.stages.indicators.catalogue import INDICATORS, indicator
from migration_profiles.stages.indicators.registry import difference, ratio


def obs(rows):
    """Observations in the tidy layout, with provenance filled in."""
    records = []
    for r in rows:
        record = {c: None for c in TIDY_COLUMNS + PROVENANCE_COLUMNS}
        record.update({"area_name": r["area_code"], "ci_lower": math.nan, "ci_upper": math.nan,
                       "status": "ok", "release": "r1", "file_name": "f", "snapshot_sha256": "abc"})
        record.update(r)
        records.append(record)
    return pd.DataFrame.from_records(records, columns=TIDY_COLUMNS + PROVENANCE_COLUMNS)


def flow(area, measure, value, year=2020, status="ok", source="lami", **extra):
    return {"area_code": area, "measure": measure, "value": value, "status": status, "source_id": source,
            "period_label": f"Mid-{year - 1} to Mid-{year}", "period_start": f"{year - 1}-07-01",
            "period_end": f"{year}-06-30", **extra}


def point(area, measure, value, year=2020, source="lami", status="ok"):
    return {"area_code": area, "measure": measure, "value": value, "status": status, "source_id": source,
            "period_label": f"Mid-{year}", "period_start": f"{year}-06-30", "period_end": f"{year}-06-30"}


def test_rate_pairs_count_with_population_of_the_same_year():
    table = obs([flow("E06000014", "gp_registrations", 3000), point("E06000014", "gp_population", 200000),
                 point("E06000014", "gp_population", 100000, year=2019)])
    result = ratio("lami", "gp_registrations", "gp_population", 1000)(table)
    assert result["value"].tolist() == [15.0]
    assert result["status"].tolist() == ["ok"]


def test_rate_of_a_suppressed_count_stays_missing_with_its_reason():
    table = obs([flow("E06000014", "gp_registrations", math.nan, status="not_available"),
                 point("E06000014", "gp_population", 200000)])
    result = ratio("lami", "gp_registrations", "gp_population", 1000)(table)
    assert math.isnan(result["value"].iloc[0])
    assert result["status"].iloc[0] == "not_available"


def test_rate_without_a_denominator_is_missing_not_zero():
    table = obs([flow("E06000014", "gp_registrations", 3000)])
    table = pd.concat([table, obs([point("E06000014", "gp_population", math.nan, status="confidential")])])
    result = ratio("lami", "gp_registrations", "gp_population", 1000)(table)
    assert math.isnan(result["value"].iloc[0])
    assert result["status"].iloc[0] == "confidential"


def test_share_scales_the_confidence_interval():
    table = obs([{**flow("E06000014", "non_uk_born", 16000), "ci_lower": 10000, "ci_upper": 22000},
                 point("E06000014", "aps_population_cob", 200000)])
    result = ratio("lami", "non_uk_born", "aps_population_cob", 100)(table)
    assert result[["value", "ci_lower", "ci_upper"]].iloc[0].tolist() == [8.0, 5.0, 11.0]


def test_provisional_input_makes_a_provisional_rate():
    table = obs([flow("E06000014", "stim_inflow", 400.5, status="provisional"),
                 point("E06000014", "stim_population", 200000)])
    result = ratio("lami", "stim_inflow", "stim_population", 1000)(table)
    assert result["status"].iloc[0] == "provisional"


@given(inflow=hs.integers(0, 10**6), outflow=hs.integers(0, 10**6))
def test_net_is_inflow_minus_outflow(inflow, outflow):
    table = obs([flow("E06000014", "ltim_inflow", inflow), flow("E06000014", "ltim_outflow", outflow)])
    result = difference("lami", "ltim_inflow", "ltim_outflow")(table)
    assert result["value"].iloc[0] == inflow - outflow


@settings(max_examples=60)
@given(count=hs.integers(0, 10**7), extra=hs.integers(0, 10**7))
def test_shares_stay_between_0_and_100(count, extra):
    population = count + extra
    if population == 0:
        return
    table = obs([flow("E06000014", "non_uk_born", count),
                 point("E06000014", "aps_population_cob", population)])
    value = ratio("lami", "non_uk_born", "aps_population_cob", 100)(table)["value"].iloc[0]
    assert 0 <= value <= 100


def test_region_total_is_the_sum_of_its_local_authorities():
    table = obs([point("E06000014", "population", 200, source="mye"),
                 point("E08000035", "population", 800, source="mye"),
                 point("W06000015", "population", 300, source="mye")])
    region_of = {"E06000014": "E12000003", "E08000035": "E12000003", "W06000015": "W92000004"}
    result = add_region_totals(table, region_of, {("mye", "population")})
    region = result[result["area_code"] == "E12000003"]
    assert region["value"].tolist() == [1000.0]
    assert "W92000004" not in set(result["area_code"])  # nations are summed by the parser, not here


def test_region_total_with_a_missing_authority_is_missing_not_an_undercount():
    table = obs([point("E06000014", "population", 200, source="mye"),
                 point("E08000035", "population", math.nan, source="mye", status="not_available")])
    result = add_region_totals(table, {"E06000014": "E12000003", "E08000035": "E12000003"},
                               {("mye", "population")})
    region = result[result["area_code"] == "E12000003"].iloc[0]
    assert math.isnan(region["value"]) and region["status"] == "not_available"


def test_every_indicator_reads_only_measures_its_source_declares():
    from migration_profiles.sources import get_source

    for ind in INDICATORS:
        declared = {m.id for m in get_source(ind.source_id).measures}
        assert set(ind.measures) <= declared, ind.id


def test_compute_indicators_labels_rows_with_their_indicator():
    table = obs([flow("E06000014", "international_in", 3246, source="mye"),
                 flow("E06000014", "international_out", 1200, source="mye"),
                 flow("E06000014", "international_net", 2046, source="mye")])
    result = compute_indicators(table)
    by_id = dict(zip(result["indicator_id"], result["value"], strict=True))
    assert by_id == {"ltim_inflow": 3246, "ltim_outflow": 1200, "ltim_net": 2046,
                     "international_migration_net_mye": 2046}
    assert indicator("ltim_net").source_id == "mye"


def test_one_number_for_one_thing():
    """LAMI's copies of the flows (an older edition of the mid-year estimates) are not indicators beside
    the mid-year estimates' own: a measure has one source, and no two migration indicators share a title."""
    titles = [ind.title for ind in core.INDICATORS]
    assert len(titles) == len(set(titles)), sorted(t for t in titles if titles.count(t) > 1)
    lami_measures = {m for ind in INDICATORS if ind.source_id == "lami" for m in ind.measures}
    assert not lami_measures & {"ltim_inflow", "ltim_outflow", "internal_inflow", "internal_outflow"}
    table = obs([flow("S12000033", "international_net", 1310, source="mye"),
                 flow("S12000033", "ltim_inflow", 5000), flow("S12000033", "ltim_outflow", 3700)])
    result = compute_indicators(table)
    nets = result[result["indicator_id"].isin(["ltim_net", "international_migration_net_mye"])]
    assert set(nets["value"]) == {1310}
