"""Rates per 1,000 residents (indicators/rates.py): pairing with the population, precision, larger
areas, disclosure and ranks."""

from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest

from migration_profiles.sources import get_source
from migration_profiles.sources.base import CONFIDENTIAL
from migration_profiles.stages.indicators import compute_indicators
from migration_profiles.stages.indicators.catalogue import INDICATORS, indicator
from migration_profiles.stages.indicators.rates import add_larger_area_populations, max_decimals, per_1000
from migration_profiles.stages.indicators.registry import select_measure
from migration_profiles.stages.publish import PublicationRules, publish
from migration_profiles.stages.rankings import Standing
from migration_profiles.util import status as st

YORK, LEEDS, NY_PFA = "E06000014", "E08000035", "E23000009"


def obs(rows):
    base = {"area_name": "", "ci_lower": math.nan, "ci_upper": math.nan, "status": st.OK, "release": "r",
            "snapshot_sha256": "s", "file_name": "f"}
    return pd.DataFrame([{**base, **r} for r in rows])


def population(area, year, value, status=st.OK, source="mye", measure="population"):
    return {"area_code": area, "source_id": source, "measure": measure, "period_label": f"Mid-{year}",
            "period_start": f"{year}-06-30", "period_end": f"{year}-06-30", "value": value, "status": status}


def count(area, end, value, source="rough_sleeping", measure="rough_sleeping_total", status=st.OK, **extra):
    return {"area_code": area, "source_id": source, "measure": measure, "period_label": end,
            "period_start": end, "period_end": end, "value": value, "status": status, **extra}


def test_precision_follows_the_rounding_of_the_count():
    assert (max_decimals(1), max_decimals(5), max_decimals(10), max_decimals(1000)) == (2, 1, 1, 0)


def test_a_count_is_divided_by_the_latest_mid_year_population_before_its_period_ends():
    frame = obs([population(YORK, 2019, 200000.0), population(YORK, 2020, 250000.0),
                 count(YORK, "2020-03-31", 10.0), count(YORK, "2020-11-05", 10.0)])
    rates = per_1000(select_measure("rough_sleeping", "rough_sleeping_total"))(frame).set_index("period_end")
    assert rates.loc["2020-03-31", "value"] == pytest.approx(0.05)  # mid-2019: the one before March 2020
    assert rates.loc["2020-11-05", "value"] == pytest.approx(0.04)  # mid-2020
    assert set(rates["source_id"]) == {"rough_sleeping"}  # the count's source, release and snapshot


def test_a_missing_count_or_population_gives_a_missing_rate_with_its_reason_never_zero():
    frame = obs([population(YORK, 2019, 200000.0), population(YORK, 2021, 1.0, status=st.SUPPRESSED),
                 population(LEEDS, 2010, 800000.0, status=st.PROVISIONAL),
                 count(YORK, "2020-01-31", 3.0), count(YORK, "2020-11-30", math.nan, status=st.SUPPRESSED),
                 count(LEEDS, "2011-01-31", 8.0), count(LEEDS, "2020-01-31", 8.0)])
    rates = per_1000(select_measure("rough_sleeping", "rough_sleeping_total"))(frame)
    york = rates[rates.area_code == YORK].set_index("period_end")
    assert york.loc["2020-11-30", "status"] == st.SUPPRESSED and math.isnan(york.loc["2020-11-30", "value"])
    leeds = rates[rates.area_code == LEEDS].set_index("period_end")
    assert leeds.loc["2011-01-31", "status"] == st.PROVISIONAL  # its population is provisional
    # Mid-2010 is more than five years before January 2020: no rate rather than a stale one.
    assert (leeds.loc["2020-01-31", "status"] == st.NOT_AVAILABLE
            and math.isnan(leeds.loc["2020-01-31", "value"]))


def test_migration_flows_use_the_mid_year_estimate_and_a_net_flow_keeps_its_sign():
    rows = []
    for area, inflow, outflow, people in ((YORK, 2000.0, 2600.0, 200000.0),
                                          (LEEDS, 9000.0, 4000.0, 800000.0)):
        for measure, value in (("international_in", inflow), ("international_out", outflow),
                               ("international_net", inflow - outflow)):
            rows.append({**count(area, "2020-06-30", value, source="mye", measure=measure),
                         "period_label": "Mid-2019 to Mid-2020", "period_start": "2019-07-01"})
        rows.append(population(area, 2020, people))
        rows.append(population(area, 2020, 1.0, source="lami", measure="mid_year_population"))  # not used
    table = compute_indicators(obs(rows), tuple(indicator(i) for i in ("ltim_net_rate", "ltim_outflow_rate")))
    value = table.set_index(["indicator_id", "area_code"])["value"]
    assert value[("ltim_net_rate", YORK)] == pytest.approx(-3.0)
    assert value[("ltim_outflow_rate", LEEDS)] == pytest.approx(5.0)


def test_a_larger_area_gets_a_population_only_when_every_council_in_it_has_one():
    frame = obs([population(YORK, 2020, 200000.0), population("E06000065", 2020, 600000.0),
                 population(YORK, 2019, 199000.0), population(LEEDS, 2020, 800000.0)])
    out = add_larger_area_populations(frame, {NY_PFA: [YORK, "E06000065"], "E23000010": [LEEDS, "E08000032"]})
    added = out[out.area_code.str.startswith("E23")]
    assert added[["area_code", "period_end", "value"]].values.tolist() == [[NY_PFA, "2020-06-30", 800000.0]]
    assert set(added["measure"]) == {"population"} and set(added["status"]) == {st.OK}


def test_a_force_area_figure_is_divided_by_the_force_areas_population():
    frame = obs([population(YORK, 2022, 200000.0), population("E06000065", 2022, 600000.0),
                 {**count(NY_PFA, "2023-03-31", 40000.0, source="police_crime", measure="recorded_crime"),
                  "period_label": "April 2022 to March 2023", "period_start": "2022-04-01"}])
    frame = add_larger_area_populations(frame, {NY_PFA: [YORK, "E06000065"]})
    table = compute_indicators(frame, (indicator("recorded_crime_rate"),))
    assert table[["area_code", "value"]].values.tolist() == [[NY_PFA, 50.0]]
    assert indicator("recorded_crime_rate").larger_area == "police_force_area"


def test_the_rate_of_a_withheld_count_is_withheld_too():
    # A net flow of 3 from a source marked confidential is withheld; its rate times the population would
    # give it back.
    base = {"area_code": YORK, "period_label": "p", "period_start": "2019-07-01", "period_end": "2020-06-30",
            "ci_lower": math.nan, "ci_upper": math.nan, "status": st.OK, "source_id": "mye", "release": "r",
            "snapshot_sha256": "s"}
    rows = pd.DataFrame([{**base, "indicator_id": "internal_migration_net", "value": 3.0},
                         {**base, "indicator_id": "internal_migration_net_rate", "value": 0.015},
                         {**base, "indicator_id": "internal_inflow_rate", "value": 40.04},
                         {**base, "area_code": LEEDS, "indicator_id": "internal_migration_net_rate",
                          "value": 0.5}])
    confidential = dataclasses.replace(get_source("mye"), classification=CONFIDENTIAL)
    out = publish(rows, {"mye": confidential}, PublicationRules(audience="internal"))
    out = out.set_index(["area_code", "indicator_id"])
    assert out.loc[(YORK, "internal_migration_net_rate"), "status"] == st.SUPPRESSED
    assert math.isnan(out.loc[(YORK, "internal_migration_net_rate"), "value"])
    assert out.loc[(YORK, "internal_inflow_rate"), "value"] == 40.0  # one decimal place, as declared
    assert out.loc[(LEEDS, "internal_migration_net_rate"), "value"] == 0.5  # another area's is not touched


class FakeIndex:
    def __init__(self, data):
        self.data = data

    def series(self, area, indicator_id):
        return self.data.get((area, indicator_id), [])


def test_rates_are_ranked_among_councils_unless_the_figure_is_a_larger_areas():
    figure = {"period_label": "2020", "period_end": "2020-06-30"}
    data = {(code, ind): [{**figure, "value": value}]
            for code, value in ((YORK, 4.0), (LEEDS, 6.0))
            for ind in ("ltim_outflow_rate", "asylum_s4_rate", "uasc_looked_after_rate")}
    standing = Standing(FakeIndex(data), [YORK, LEEDS], lambda code: "E12000003")
    ranks = {r.indicator_id: (r.rank, r.of, r.region_rank) for r in standing.ranks(YORK)}
    assert ranks["ltim_outflow_rate"] == (2, 2, 2) and ranks["asylum_s4_rate"] == (2, 2, 2)
    assert "uasc_looked_after_rate" not in ranks  # a district's figure would be its county's


def test_every_per_1000_rate_says_what_it_divides_by():
    for ind in INDICATORS:
        if ind.unit == "per 1,000 residents" and ind.rate_of:
            assert "population" in ind.method and "1,000" in ind.method, ind.id


def test_no_rate_anywhere_gives_an_empty_table_not_an_error():
    frame = obs([population(YORK, 2001, 200000.0), count(YORK, "2020-03-31", 10.0)])
    assert per_1000(select_measure("rough_sleeping", "rough_sleeping_total"))(frame).empty
