"""Issue 11 item 17: say what a figure cannot carry (series breaks, rounded survey counts, rates over
tiny populations)."""

from __future__ import annotations

from migration_profiles.render.profiles import SERIES_BREAK_FLAG, first_after_break
from migration_profiles.sources import get_source
from migration_profiles.stages.indicators.catalogue import indicator
from migration_profiles.stages.publish import PublicationRules, format_figure, format_interval, publish
from migration_profiles.util import status as st

from .figures import SOURCES, rows

CITY_OF_LONDON = "E09000001"


def test_the_school_census_break_is_declared_and_marks_the_first_year_after_it():
    ind = indicator("eal_share_primary")
    ends = ["2016-01-21", "2017-01-19", "2018-01-18", "2019-01-17"]
    assert first_after_break(ind, ends) == "2018-01-18"  # 2017/18, the first census after the change
    assert first_after_break(ind, ends[2:]) is None  # nothing before the break is shown: no flag
    assert "series break" in SERIES_BREAK_FLAG
    caveats = {c.id: c.text for c in get_source("dfe_eal").caveats}
    assert "2016/17" in caveats["eal_series_break"] and "4.72 million" in caveats["eal_series_break"]
    assert all(indicator(i).series_break for i in ("eal_share_all", "eal_pupils_primary", "pupils_all"))


def test_survey_shares_from_counts_rounded_to_1000_are_whole_points():
    ind = indicator("aps_cob_non_uk_born_share")
    out = publish(rows({"indicator_id": ind.id, "source_id": "aps_cob", "value": 12.34, "ci_lower": 9.87,
                        "ci_upper": 14.81}), SOURCES, PublicationRules())
    figure = out.iloc[0]
    assert figure["value"] == 12.0
    assert format_figure(figure["value"], figure["status"], ind) == "12%"
    assert format_interval(figure["ci_lower"], figure["ci_upper"], ind) == "10% to 15%"


def test_a_rate_over_a_tiny_population_is_flagged():
    area = {"area_code": CITY_OF_LONDON, "period_label": "2023", "period_start": "2023-01-01",
            "period_end": "2023-12-31"}
    out = publish(rows({**area, "indicator_id": "population", "source_id": "mye", "value": 8600.0},
                       {**area, "indicator_id": "nino_rate", "source_id": "dwp_nino", "value": 191.2},
                       {**area, "area_code": "E06000014", "indicator_id": "population", "source_id": "mye",
                        "value": 200000.0},
                       {**area, "area_code": "E06000014", "indicator_id": "nino_rate",
                        "source_id": "dwp_nino",
                        "value": 9.1}), SOURCES, PublicationRules())
    by = out.set_index(["area_code", "indicator_id"])
    city = by.loc[(CITY_OF_LONDON, "nino_rate")]
    assert city["status"] == st.SMALL_BASE and city["value"] == 191.2  # shown, with its flag
    assert "very small population" in format_figure(city["value"], city["status"], indicator("nino_rate"))
    assert by.loc[("E06000014", "nino_rate"), "status"] == st.OK
    assert by.loc[(CITY_OF_LONDON, "population"), "status"] == st.OK  # only rates are flagged
