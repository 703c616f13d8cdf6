"""Census figures for councils created after 2021 (sums of their predecessors), and the country of
birth chart that uses TS004's EU split where it has it and TS012's groups where it has not."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from migration_profiles.pipeline import ADDITIVE_UNITS
from migration_profiles.render import profiles
from migration_profiles.sources import all_sources
from migration_profiles.sources._census2021_csv import parse_table
from migration_profiles.sources.base import AREA_COLUMNS, CODE_CHANGE_COLUMNS
from migration_profiles.sources.census2021 import SOURCE
from migration_profiles.sources.census2021_tables import COB, COB_EU
from migration_profiles.stages import predecessors
from migration_profiles.stages.geography import Geography
from migration_profiles.stages.indicators import compute_indicators
from migration_profiles.stages.indicators.census import INDICATORS as CENSUS_INDICATORS

FIXTURES = Path(__file__).parent / "fixtures" / "census2021"
CUMBERLAND, ALLERDALE, CARLISLE, COPELAND = "E06000063", "E07000026", "E07000028", "E07000029"
CUMBRIA = "E10000006"
SOMERSET, MENDIP, SWT = "E06000066", "E07000187", "E07000246"
TAUNTON, WEST_SOMERSET = "E07000190", "E07000191"
ADDITIVE = {(s.id, m.id) for s in all_sources() for m in s.measures if m.unit in ADDITIVE_UNITS}


def _area(code: str, name: str, level: str = "local_authority", end: str = "") -> dict:
    row = {c: "" for c in AREA_COLUMNS}
    row.update(area_code=code, area_name=name, level=level, region_code="E12000002", country_code="E92000001",
               end_date=end)
    return row


@pytest.fixture(scope="module")
def geography() -> Geography:
    areas = pd.DataFrame([
        _area(CUMBERLAND, "Cumberland"), _area(SOMERSET, "Somerset"),
        _area(ALLERDALE, "Allerdale", end="2023-03-31"), _area(CARLISLE, "Carlisle", end="2023-03-31"),
        _area(COPELAND, "Copeland", end="2023-03-31"), _area(CUMBRIA, "Cumbria", "county", end="2023-03-31"),
        _area(MENDIP, "Mendip", end="2023-03-31"), _area(SWT, "Somerset West and Taunton", end="2023-03-31"),
    ], columns=AREA_COLUMNS)
    changes = pd.DataFrame([
        (ALLERDALE, "Allerdale", CUMBERLAND, "Cumberland", "merger", 2023),
        (CARLISLE, "Carlisle", CUMBERLAND, "Cumberland", "merger", 2023),
        (COPELAND, "Copeland", CUMBERLAND, "Cumberland", "merger", 2023),
        (CUMBRIA, "Cumbria", CUMBERLAND, "Cumberland", "merger", 2023),  # the county: never summed
        (TAUNTON, "Taunton Deane", SWT, "Somerset West and Taunton", "merger", 2019),
        (WEST_SOMERSET, "West Somerset", SWT, "Somerset West and Taunton", "merger", 2019),
        (MENDIP, "Mendip", SOMERSET, "Somerset", "merger", 2023),
        (SWT, "Somerset West and Taunton", SOMERSET, "Somerset", "merger", 2023),
    ], columns=CODE_CHANGE_COLUMNS)
    return Geography.from_tables(areas, changes)


def test_predecessors_are_the_districts_that_existed_in_the_year(geography):
    assert geography.predecessors_in(CUMBERLAND, 2021) == (ALLERDALE, CARLISLE, COPELAND)  # not the county
    # Somerset West and Taunton existed in 2021; in 2018 its own predecessors did.
    assert geography.predecessors_in(SOMERSET, 2021) == (MENDIP, SWT)
    assert geography.predecessors_in(SOMERSET, 2018) == (MENDIP, TAUNTON, WEST_SOMERSET)
    assert geography.predecessors_in(CUMBERLAND, 2023) == ()  # figures for 2023 are Cumberland's own
    assert geography.predecessors_in(ALLERDALE, 2021) == ()
    assert geography.merged_year(CUMBERLAND) == 2023


def _obs(rows: list[tuple[str, str, float, str]]) -> pd.DataFrame:
    return pd.DataFrame([
        {"area_code": code, "area_name": code, "period_label": "Census 2021", "period_start": "2021-03-21",
         "period_end": "2021-03-21", "measure": measure, "value": value, "ci_lower": float("nan"),
         "ci_upper": float("nan"), "status": status, "source_id": "census2021", "release": "r",
         "file_name": "f", "snapshot_sha256": "s"}
        for code, measure, value, status in rows
    ])


def test_a_new_council_gets_its_predecessors_sum_and_shares_from_summed_counts(geography):
    obs = _obs([
        (ALLERDALE, "census_cob_total", 100.0, "ok"), (ALLERDALE, "census_cob_uk", 90.0, "ok"),
        (CARLISLE, "census_cob_total", 200.0, "ok"), (CARLISLE, "census_cob_uk", 150.0, "ok"),
        (COPELAND, "census_cob_total", 300.0, "ok"), (COPELAND, "census_cob_uk", 270.0, "ok"),
    ])
    out, summed = predecessors.add_successor_sums(obs, geography, all_sources(), ADDITIVE)
    assert summed == {CUMBERLAND: {"census2021": (ALLERDALE, CARLISLE, COPELAND)}}
    mine = out[out.area_code == CUMBERLAND].set_index("measure")
    assert mine.loc["census_cob_total", "value"] == 600 and mine.loc["census_cob_uk", "value"] == 510
    assert set(mine.status) == {"ok"} and mine.area_name.iloc[0] == "Cumberland"
    assert len(out) == len(obs) + 2  # the predecessors' own rows stay
    figures = compute_indicators(out, CENSUS_INDICATORS)
    share = figures[(figures.area_code == CUMBERLAND) & (figures.indicator_id == "census_cob_uk_share")]
    assert float(share.value.iloc[0]) == pytest.approx(510 * 100 / 600)  # not an average of three shares


def test_one_missing_predecessor_leaves_the_sum_missing_with_its_reason(geography):
    obs = _obs([
        (ALLERDALE, "census_cob_total", 100.0, "ok"),
        (CARLISLE, "census_cob_total", float("nan"), "confidential"),
        (COPELAND, "census_cob_total", 300.0, "ok"),
        (MENDIP, "census_cob_total", 50.0, "ok"),  # Somerset West and Taunton has no row at all
    ])
    out, _ = predecessors.add_successor_sums(obs, geography, all_sources(), ADDITIVE)
    cumberland = out[out.area_code == CUMBERLAND].iloc[0]
    assert pd.isna(cumberland.value) and cumberland.status == "confidential"  # never 400, never 0
    somerset = out[out.area_code == SOMERSET].iloc[0]
    assert pd.isna(somerset.value) and somerset.status == "not_available"


def test_councils_with_their_own_figures_and_other_sources_are_left_alone(geography):
    obs = _obs([(ALLERDALE, "census_cob_total", 100.0, "ok"), (CARLISLE, "census_cob_total", 5.0, "ok"),
                (COPELAND, "census_cob_total", 7.0, "ok"), (CUMBERLAND, "census_cob_total", 1.0, "ok")])
    out, summed = predecessors.add_successor_sums(obs, geography, all_sources(), ADDITIVE)
    assert summed == {} and len(out) == len(obs)
    lami = _obs([(ALLERDALE, "population", 100.0, "ok")]).assign(source_id="lami")
    out, summed = predecessors.add_successor_sums(lami, geography, all_sources(), ADDITIVE)
    assert summed == {} and len(out) == 1  # LAMI does not declare 2021 boundaries: nothing summed


def test_the_page_says_in_words_that_the_figure_is_a_sum(geography):
    words = "the sum of the 2021 figures for Allerdale, Carlisle and Copeland, the areas it replaced in 2023"
    assert predecessors.describe(CUMBERLAND, SOURCE, geography) == words
    assert predecessors.describe(ALLERDALE, SOURCE, geography) == ""
    index = _index([(CUMBERLAND, "census_born_abroad_share", 5.5),
                    (ALLERDALE, "census_born_abroad_share", 4.0)])
    born_abroad = next(i for i in CENSUS_INDICATORS if i.id == "census_born_abroad_share")
    assert profiles._source_area(CUMBERLAND, born_abroad, index, geography) == (CUMBERLAND, f" ({words})")
    assert profiles._source_area(ALLERDALE, born_abroad, index, geography) == (ALLERDALE, "")
    [entry] = predecessors.quality_entries({CUMBERLAND: {"census2021": (ALLERDALE, CARLISLE, COPELAND)}},
                                           geography, {"census2021": SOURCE})
    assert entry["area_code"] == CUMBERLAND and entry["action"] == "summed"
    assert entry["note"] == (f"Cumberland ({CUMBERLAND}) did not exist in 2021: its Census 2021 figures "
                             f"are {words}.")


def _index(rows: list[tuple[str, str, float]]) -> profiles.FigureIndex:
    return profiles.FigureIndex(pd.DataFrame([
        {"area_code": code, "indicator_id": ind, "period_label": "Census 2021", "period_start": "2021-03-21",
         "period_end": "2021-03-21", "value": value, "ci_lower": float("nan"), "ci_upper": float("nan"),
         "status": "ok", "source_id": "census2021", "release": "r", "snapshot_sha256": "s"}
        for code, ind, value in rows
    ]))


# ----------------------------------------------------------------------- TS004 or TS012 on the page


def _census_index(tables) -> profiles.FigureIndex:
    obs = pd.concat([parse_table(FIXTURES / t.file_name, t) for t in tables], ignore_index=True).assign(
        source_id="census2021", release="r", file_name="f", snapshot_sha256="s")
    return profiles.FigureIndex(compute_indicators(obs, CENSUS_INDICATORS))


def _charts(index: profiles.FigureIndex) -> list[str]:
    geography = Geography.fallback_from_observations(pd.DataFrame({"area_code": ["E06000014"],
                                                                   "area_name": ["York"]}))
    context = profiles.BuildContext(edition="e", built_at="2025-01-01T00:00:00+00:00", demo=True,
                                    snapshots={}, sources={s.id: s for s in all_sources()})
    profile = profiles.build_profile("E06000014", index, geography, context)
    return [c["id"] for t in profile["themes"] for c in t["charts"] if c["id"].startswith("census_country")]


def test_ts004_gives_the_eu8_and_eu2_bars_and_the_ts012_chart_stands_down():
    index = _census_index([COB, COB_EU])
    assert _charts(index) == ["census_country_of_birth_eu"]
    eu8 = index.latest("E06000014", "census_cobeu_eu8_share")["value"]
    assert eu8 == pytest.approx(2511 * 100 / 208382)
    assert index.latest("E06000014", "census_born_eu2")["value"] == 846


def test_without_ts004_the_ts012_groups_are_shown_as_before():
    index = _census_index([COB])
    assert _charts(index) == ["census_country_of_birth"]
    assert index.latest("E06000014", "census_cobeu_eu8_share") is None
