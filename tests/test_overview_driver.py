"""The overview table's row naming the biggest cause of population change (the paper's Figure 2)."""

from __future__ import annotations

import math

import pandas as pd

from migration_profiles.render import profiles
from migration_profiles.stages.geography import Area, Geography
from migration_profiles.stages.indicators.catalogue import INDICATORS
from migration_profiles.util import status as st

YORK, REGION, ENGLAND = "E06000014", "E12000003", "E92000001"
YEAR, EARLIER = "Mid-2019 to Mid-2020", "Mid-2018 to Mid-2019"
COMPONENTS = ("natural_change", "internal_migration_net", "international_migration_net_mye", "other_change")


def _row(code, indicator_id, value, period=YEAR, status=st.OK):
    end = "2020-06-30" if period == YEAR else "2019-06-30"
    return {"area_code": code, "indicator_id": indicator_id, "period_label": period, "period_start": end,
            "period_end": end, "value": value, "ci_lower": math.nan, "ci_upper": math.nan, "status": status,
            "source_id": "mye", "release": "r", "snapshot_sha256": "s"}


def _components(code, values, period=YEAR):
    return [_row(code, i, v, period) for i, v in zip(COMPONENTS, values, strict=True)]


GEOGRAPHY = Geography({
    YORK: Area(YORK, "York", "local_authority", region_code=REGION, country_code=ENGLAND),
    REGION: Area(REGION, "Yorkshire and The Humber", "region", country_code=ENGLAND),
    ENGLAND: Area(ENGLAND, "England", "country"),
})
COMPARATORS = [{"code": REGION, "name": "Yorkshire and The Humber"}, {"code": ENGLAND, "name": "England"}]


def _overview(rows):
    index = profiles.FigureIndex(pd.DataFrame(rows))
    return profiles._overview(index, YORK, COMPARATORS, {i.id: i for i in INDICATORS}, GEOGRAPHY)


def test_the_row_follows_population_and_names_each_areas_biggest_component():
    rows = [_row(YORK, "population", 99254.0)]
    rows += _components(YORK, [126.0, -451.0, 473.0, -12.0])  # the largest by size is a gain of 473
    rows += _components(REGION, [900.0, -5000.0, 3000.0, 10.0])  # a loss is the biggest here
    rows += _components(ENGLAND, [1000.0, 0.0, 800.0, 5.0], period=EARLIER)  # not the area's year
    overview = _overview(rows)
    assert [r["indicator_id"] for r in overview[:2]] == ["population", "main_driver"]
    driver = overview[1]
    assert driver["title"] == "Biggest cause of population change" and driver["period"] == YEAR
    assert driver["value"] == "Net international migration, adding 473"
    assert driver["comparators"] == ["Net moves within the UK, taking away 5,000", "no figure"]
    assert driver["source_id"] == "mye"


def test_no_row_when_a_component_is_missing():
    rows = [_row(YORK, "population", 99254.0)]
    rows += _components(YORK, [126.0, -451.0, 473.0, -12.0])[:3]
    rows += [_row(YORK, "other_change", math.nan, status=st.SUPPRESSED)]
    assert "main_driver" not in [r["indicator_id"] for r in _overview(rows)]


def test_without_a_summary_or_driver_the_page_and_pdf_say_there_is_not_enough_to_say():
    from migration_profiles.render.pages import environment

    summary = environment().get_template("_profile.md.j2").module.summary
    assert str(summary({"summary": [], "driver": None})).strip() == (
        "There are not yet enough figures for this area to say which change moved its population most.")
    assert str(summary({"summary": ["One sentence."], "driver": None})).strip() == "- One sentence."
