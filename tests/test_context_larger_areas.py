"""Figures published only for areas larger than a council (counties, police force areas): the committed
police force area lookup, the generic Indicator.larger_area mechanism, and the words on a built page.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from migration_profiles.render import profiles
from migration_profiles.render.postprocess import page_text
from migration_profiles.sources import police_force_areas as pfa
from migration_profiles.stages.geography import Area, Geography
from migration_profiles.stages.indicators.catalogue import INDICATORS
from migration_profiles.stages.indicators.registry import Indicator, select_measure

YORK, LEEDS, BURNLEY, MIDDLESBROUGH = "E06000014", "E08000035", "E07000117", "E06000002"
LANCASHIRE, NY_PFA, LANCS_PFA = "E10000017", "E23000009", "E23000003"
CONTEXT_IDS = (
    "aps_economic",
    "core_lettings",
    "rough_sleeping",
    "cla_uasc",
    "police_crime",
    "hate_crime",
    "nrm",
    "imd",
)


# ------------------------------------------------------------------------------------------
# The committed lookup


def test_the_43_force_areas_of_england_and_wales():
    forces = pfa.forces()
    assert len(forces) == 43
    assert sum(code.startswith("E23") for code in forces) == 39
    assert sum(code.startswith("W15") for code in forces) == 4
    assert forces[NY_PFA].name == "North Yorkshire" and forces["E23000034"].name == "London, City of"


@pytest.mark.parametrize(
    "name, code",
    [
        ("North Yorkshire", NY_PFA),
        ("NORTH YORKSHIRE POLICE", NY_PFA),
        ("Lancashire Constabulary", LANCS_PFA),
        ("Devon and Cornwall", "E23000035"),
        ("Devon & Cornwall", "E23000035"),
        ("London, City of", "E23000034"),
        ("City of London", "E23000034"),
        ("Metropolitan Police", "E23000001"),
        ("Dyfed Powys", "W15000004"),
        ("Action Fraud", None),
        ("North Yorks", None),
    ],
)
def test_publishers_spellings_of_force_names(name, code):
    assert pfa.code_for_force(name) == code


def test_bodies_that_are_not_force_areas():
    assert pfa.is_not_force_area("British Transport Police") and pfa.is_not_force_area("CIFAS")
    assert not pfa.is_not_force_area("Cleveland")


def test_the_lookup_lists_whole_force_areas_only():
    listed = {
        pfa.force_area_of(code) for code in ("E06000014", "E08000035", "E06000002", "E07000117", "E06000047")
    }
    assert listed == {"E23000009", "E23000010", "E23000013", "E23000003", "E23000008"}
    counts = {code: len(pfa.council_areas(code)) for code in listed}
    assert counts == {"E23000003": 14, "E23000008": 2, "E23000009": 2, "E23000010": 5, "E23000013": 4}
    covered = {code for code, _ in pfa.council_areas(LANCS_PFA)}
    assert {"E06000008", "E06000009", BURNLEY, "E07000128"} <= covered
    assert pfa.force_area_of("E09000001") == "E23000034"  # the City of London has its own force
    assert pfa.force_area_of("E09000002") == "E23000001"  # a London borough: the Metropolitan Police
    assert pfa.force_area_of("S12000036") is None  # Scotland: one national force, not in the table


def test_the_words_that_label_a_force_area_figure():
    assert pfa.describe(NY_PFA, first=YORK) == (
        "the North Yorkshire police force area, which covers York and North Yorkshire"
    )
    assert pfa.describe("E23000010", first=LEEDS) == (
        "the West Yorkshire police force area, which covers Leeds, "
        "Bradford, Calderdale, Kirklees and Wakefield"
    )
    assert pfa.describe(LANCS_PFA, first=BURNLEY) == (
        "the Lancashire police force area, which covers Burnley and 13 other council areas"
    )
    assert pfa.larger_area(YORK) == (
        NY_PFA,
        " (figure for the North Yorkshire police force area, which covers York and North Yorkshire)",
    )
    assert pfa.larger_area("S12000036") is None


# ------------------------------------------------------------------------------------------
# Indicator.larger_area and profiles._source_area


def test_upper_tier_is_shorthand_for_the_county():
    ind = Indicator(
        "x", "X", "people", "context", "lami", ("m",), (), "m", select_measure("lami", "m"), upper_tier=True
    )
    assert ind.larger_area == "county"
    assert (
        Indicator(
            "y", "Y", "people", "context", "lami", ("m",), (), "m", select_measure("lami", "m")
        ).larger_area
        == ""
    )


def test_every_indicators_larger_area_is_known():
    assert {i.larger_area for i in INDICATORS if i.larger_area} <= set(profiles.LARGER_AREAS)
    assert {i.id for i in INDICATORS if i.larger_area == "police_force_area"} == {
        "recorded_crime",
        "hate_crime_race",
        "hate_crime_offences",
        "nrm_referrals",
        # their rates per 1,000 residents, divided by the force area's population
        "recorded_crime_rate",
        "hate_crime_race_rate",
        "hate_crime_offences_rate",
        "nrm_referrals_rate",
    }


def _index(rows: list[tuple[str, str, float]]) -> profiles.FigureIndex:
    frame = pd.DataFrame(
        [
            {
                "area_code": code,
                "indicator_id": ind,
                "period_label": "April 2024 to March 2025",
                "period_start": "2024-04-01",
                "period_end": "2025-03-31",
                "value": value,
                "ci_lower": float("nan"),
                "ci_upper": float("nan"),
                "status": "ok",
                "source_id": "police_crime",
                "release": "r",
                "snapshot_sha256": "s",
            }
            for code, ind, value in rows
        ]
    )
    return profiles.FigureIndex(frame)


@pytest.fixture
def geography() -> Geography:
    areas = {
        YORK: Area(YORK, "York", "local_authority", region_code="E12000003", country_code="E92000001"),
        BURNLEY: Area(
            BURNLEY,
            "Burnley",
            "local_authority",
            region_code="E12000002",
            country_code="E92000001",
            county_code=LANCASHIRE,
        ),
        LANCASHIRE: Area(LANCASHIRE, "Lancashire", "county", region_code="E12000002"),
    }
    return Geography(areas)


def test_a_council_shows_its_force_areas_figure_in_words(geography):
    by_id = {i.id: i for i in INDICATORS}
    index = _index(
        [
            (NY_PFA, "recorded_crime", 9497.0),
            (YORK, "rough_sleeping_total", 12.0),
            (LANCS_PFA, "recorded_crime", 30497.0),
            (LANCASHIRE, "uasc_looked_after", 118.0),
            (BURNLEY, "rough_sleeping_total", 5.0),
        ]
    )
    own, suffix = profiles._source_area(YORK, by_id["recorded_crime"], index, geography)
    assert (own, suffix) == (
        NY_PFA,
        " (figure for the North Yorkshire police force area, which covers York and North Yorkshire)",
    )
    assert profiles._source_area(YORK, by_id["rough_sleeping_total"], index, geography) == (YORK, "")
    assert profiles._source_area(BURNLEY, by_id["uasc_looked_after"], index, geography) == (
        LANCASHIRE,
        " (figure for Lancashire, the county)",
    )
    assert profiles._source_area(BURNLEY, by_id["recorded_crime"], index, geography)[0] == LANCS_PFA
    # A force area without a figure for the indicator lends nothing.
    assert profiles._source_area(YORK, by_id["nrm_referrals"], index, geography) == (YORK, "")
    # Force areas are not councils: no page is made for them.
    assert profiles.local_authority_codes(index) == [YORK, BURNLEY]


def test_the_larger_areas_a_page_draws_on(geography):
    assert profiles.larger_area_codes(YORK, geography) == {NY_PFA}
    assert profiles.larger_area_codes(BURNLEY, geography) == {LANCASHIRE, LANCS_PFA}


# ------------------------------------------------------------------------------------------
# End to end on the fixtures


@pytest.mark.slow
def _page_with_tables(ws, code: str) -> str:
    """An area page's Markdown with its blocks and their chart data tables in place."""
    return page_text(ws.docs / "areas" / f"{code}.md")


def test_built_pages_say_whose_figure_they_show(tmp_path):
    from migration_profiles import cli

    from .workspace import BASIC_FIXTURES, fixture_downloads, make_project

    ws = make_project(tmp_path / "p")
    downloads = fixture_downloads(tmp_path / "downloads", (*BASIC_FIXTURES, *CONTEXT_IDS))
    assert cli.main(["--root", str(ws.root), "--quiet", "refresh", "--from", str(downloads)]) == 0
    # Every page: `build --areas` loads only the areas' own, region, country and county figures (see
    # pipeline.profile_inputs), which leaves out force areas until it asks profiles.larger_area_codes.
    assert cli.main(["--root", str(ws.root), "--quiet", "build"]) == 0
    york = _page_with_tables(ws, YORK)
    heading = "Context: work, housing, children&#39;s services, crime and deprivation"
    assert f'<h2 id="context">{heading}</h2>' in york
    words = "(figure for the North Yorkshire police force area, which covers York and North Yorkshire)"
    assert f'<th scope="col">Period</th><th scope="col">Police recorded crime {words}</th>' in york
    # Each column is named once, on the table, for the narrow-screen layout (chart_table.py).
    assert re.search(r'<th scope="row">April 2024 to March 2025<td>9,497<', york)
    assert f"Race hate crimes recorded by the police {words}" in york
    assert f"Potential victims of modern slavery referred to the NRM by the police force {words}" in york
    assert ('<th scope="col">Period</th><th scope="col">Unaccompanied asylum-seeking children looked after '
            'on 31 March</th>') in york  # its own figure, not the county's
    assert re.search(r'<th scope="row">Jan 2024 to Dec 2024'
                     r'<td>68\.5% \(59\.4% to 77\.6%\)'
                     r'<td>77\.9% \(74\.9% to 80\.9%\)<', york)
    burnley = _page_with_tables(ws, BURNLEY)
    assert (
        "Police recorded crime (figure for the Lancashire police force area, which covers Burnley and 13 "
        "other "
        "council areas)"
    ) in burnley
    assert (
        "Unaccompanied asylum-seeking children looked after on 31 March (figure for Lancashire, the county)"
        in burnley
    )
    leeds = page_text(ws.docs / "areas" / f"{LEEDS}.md")
    assert "which covers Leeds, Bradford, Calderdale, Kirklees and Wakefield" in leeds
    assert not list((ws.docs / "areas").glob("E23*.md"))
