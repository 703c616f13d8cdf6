import math
from dataclasses import replace

import pandas as pd

from migration_profiles.sources import get_source
from migration_profiles.sources.base import CONFIDENTIAL
from migration_profiles.stages.indicators.catalogue import indicator
from migration_profiles.stages.publish import PublicationRules, format_figure, format_interval, publish


def figures(rows):
    base = {"area_code": "E06000014", "period_label": "p", "period_start": "2020-01-01",
            "period_end": "2020-12-31", "ci_lower": math.nan, "ci_upper": math.nan, "status": "ok",
            "source_id": "lami", "release": "r", "snapshot_sha256": "s"}
    return pd.DataFrame([{**base, **r} for r in rows])


SOURCES = {"lami": get_source("lami"), "mye": get_source("mye")}


def test_rates_are_rounded_to_their_declared_decimals():
    out = publish(figures([{"indicator_id": "gp_rate", "value": 15.3449}]), SOURCES, PublicationRules())
    assert out["value"].tolist() == [15.3]


def test_short_term_counts_are_rounded_to_the_nearest_ten():
    out = publish(figures([{"indicator_id": "stim_inflow", "value": 367.7047}]), SOURCES, PublicationRules())
    assert out["value"].tolist() == [370.0]


def test_a_figure_marked_missing_never_carries_a_number():
    out = publish(figures([{"indicator_id": "gp_registrations", "value": 0.0, "status": "confidential"}]),
                  SOURCES, PublicationRules())
    assert math.isnan(out["value"].iloc[0])
    assert out["status"].iloc[0] == "confidential"


def test_confidential_sources_never_reach_a_public_build_and_small_counts_are_withheld_internally():
    sources = {**SOURCES, "lami": replace(SOURCES["lami"], classification=CONFIDENTIAL)}
    rows = figures([{"indicator_id": "gp_registrations", "value": 3.0},
                    {"indicator_id": "gp_registrations", "value": 30.0, "area_code": "E08000035"}])
    assert publish(rows, sources, PublicationRules(audience="public")).empty
    internal = publish(rows, sources, PublicationRules(audience="internal", small_number_threshold=5))
    small = internal[internal["area_code"] == "E06000014"].iloc[0]
    assert math.isnan(small["value"]) and small["status"] == "suppressed"
    assert internal[internal["area_code"] == "E08000035"]["value"].tolist() == [30.0]


def test_formatting_says_why_a_figure_is_missing():
    ind = indicator("non_uk_born")
    assert format_figure(float("nan"), "confidential", ind).startswith("withheld")
    assert format_figure(16000.0, "ok", ind) == "16,000"
    assert format_figure(12.0, "provisional", indicator("stim_rate")) == "12.0 (provisional)"
    assert format_interval(10000.0, 22000.0, ind) == "±6,000"
    assert format_interval(5.0, 11.0, indicator("non_uk_born_share")) == "5.0% to 11.0%"


def test_an_interval_wider_than_its_estimate_stops_at_zero():
    out = publish(figures([{"indicator_id": "non_uk_born", "value": 2000.0, "ci_lower": -1000.0,
                            "ci_upper": 5000.0}]),
                  SOURCES, PublicationRules())
    assert out[["ci_lower", "ci_upper"]].iloc[0].tolist() == [0.0, 5000.0]


def test_a_small_count_derived_from_public_figures_is_shown_as_its_parts_are():
    # A total of schemes is the sum of the schemes published beside it: withholding it protects no one.
    derived = {"indicator_id": "resettlement_syria_schemes", "source_id": "resettlement"}  # a sum made here
    rows = figures([{**derived, "value": 3.0}, {**derived, "value": 4.0}, {**derived, "value": 0.0},
                    {"indicator_id": "ltim_inflow", "source_id": "mye", "value": 3.0}])
    sources = {**SOURCES, "resettlement": get_source("resettlement")}
    out = publish(rows, sources, PublicationRules(small_number_threshold=5))
    assert out["status"].tolist() == ["ok", "ok", "ok", "ok"]
    assert out["value"].tolist() == [3.0, 4.0, 0.0, 3.0]
