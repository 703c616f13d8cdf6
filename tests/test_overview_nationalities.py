"""The overview table's row of top nationalities of new NINo registrations: the profile model and the
Markdown the web page and the PDF share (templates/_profile.md.j2)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from migration_profiles.render import profiles
from migration_profiles.render.pages import environment
from migration_profiles.stages.geography import Area, Geography
from migration_profiles.stages.indicators.catalogue import INDICATORS
from migration_profiles.util import status as st

YORK, REGION, ENGLAND = "E06000014", "E12000003", "E92000001"
YEAR = "Apr 2024 to Mar 2025"
TITLE = "Top nationalities of new National Insurance number registrations"


def _row(code, indicator_id, value, status=st.OK, period=YEAR):
    return {"area_code": code, "indicator_id": indicator_id, "period_label": period,
            "period_start": "2024-04-01", "period_end": "2025-03-31" if period == YEAR else "2024-03-31",
            "value": value, "ci_lower": math.nan, "ci_upper": math.nan, "status": status,
            "source_id": "dwp_nino", "release": "r", "snapshot_sha256": "s"}


@pytest.fixture
def index() -> profiles.FigureIndex:
    york = {"india": 270.0, "poland": 170.0, "romania": 120.0, "china": 88.0, "pakistan": 88.0,
            "nigeria": 40.0, "unknown": 900.0, "unlisted": 500.0}
    rows = [_row(YORK, "nino_year_total", 1103.0), _row(YORK, "nino_year_spain", math.nan, st.SUPPRESSED)]
    rows += [_row(YORK, f"nino_year_{slug}", value) for slug, value in york.items()]
    # The region: a different order. England: only an older year, so nothing for the area's period.
    rows += [_row(REGION, "nino_year_total", 9000.0)]
    rows += [_row(REGION, f"nino_year_{slug}", value)
             for slug, value in {"romania": 800.0, "india": 700.0, "pakistan": 300.0}.items()]
    rows += [_row(ENGLAND, "nino_year_india", 90000.0, period="Apr 2023 to Mar 2024")]
    return profiles.FigureIndex(pd.DataFrame(rows))


@pytest.fixture
def geography() -> Geography:
    return Geography({
        YORK: Area(YORK, "York", "local_authority", region_code=REGION, country_code=ENGLAND),
        REGION: Area(REGION, "Yorkshire and The Humber", "region", country_code=ENGLAND),
        ENGLAND: Area(ENGLAND, "England", "country"),
    })


def _overview(index, geography):
    comparators = [{"code": REGION, "name": "Yorkshire and The Humber"}, {"code": ENGLAND, "name": "England"}]
    by_id = {i.id: i for i in INDICATORS}
    return profiles._overview(index, YORK, comparators, by_id, geography)


def test_the_row_names_the_top_nationalities_beside_the_region_and_country(index, geography):
    rows = _overview(index, geography)
    ids = [r["indicator_id"] for r in rows]
    # Right after the number of registrations, for the same year.
    assert ids[ids.index("nino_year_total") + 1] == "nino_top_nationalities"
    [row] = [r for r in rows if r["indicator_id"] == "nino_top_nationalities"]
    # Largest first; a tie in the order of the nationality list; "unknown" and "not in our list" are not
    # nationalities, and a withheld figure is never named.
    assert row["value"] == "India, Poland, Romania, China, Pakistan"
    assert (row["title"], row["period"], row["source_id"]) == (TITLE, YEAR, "dwp_nino")
    assert row["comparators"] == ["Romania, India, Pakistan", "no figure"]


def test_no_row_without_registrations_for_the_area(geography):
    index = profiles.FigureIndex(pd.DataFrame([_row(REGION, "nino_year_india", 5.0)]))
    assert not [r for r in _overview(index, geography) if r["indicator_id"] == "nino_top_nationalities"]


def test_the_markdown_table_shows_the_row_with_its_period_and_comparators(index, geography):
    profile = {"area": {"name": "York"},
               "comparators": [{"code": REGION, "name": "Yorkshire and The Humber"},
                               {"code": ENGLAND, "name": "England"}],
               "overview": _overview(index, geography)}
    table = environment().get_template("_profile.md.j2").module.overview_table(profile)
    lines = str(table).splitlines()
    assert lines[0] == "| Measure | York | Period | Yorkshire and The Humber | England |"
    assert (f"| {TITLE} | India, Poland, Romania, China, Pakistan | {YEAR} | Romania, India, Pakistan "
            "| no figure |") in lines
