"""Downloads: chart CSVs, the edition's zip with its Data Package descriptor, and formula injection in
them. The area's spreadsheet is made in the browser: tests/test_browser_explore.py opens it."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import pandas as pd
import pytest

from migration_profiles.render import comparison, downloads, edition_package
from migration_profiles.render.spreadsheet_safe import neutralise_formula as neutralise
from migration_profiles.sources import all_sources
from migration_profiles.sources.base import CONFIDENTIAL

EVIL = '=HYPERLINK("http://example.invalid","x")'


def _profile() -> dict:
    line_rows = [
        {
            "series": "York",
            "order": 0,
            "x": "2019",
            "period_label": "Mid-2019",
            "period_end": "2019-06-30",
            "value": 12.5,
            "ci_lower": 10.0,
            "ci_upper": 15.0,
            "text": "12.5%",
        },
        {
            "series": EVIL,
            "order": 1,
            "x": "2020",
            "period_label": "Mid-2020",
            "period_end": "2020-06-30",
            "value": 13.0,
            "ci_lower": None,
            "ci_upper": None,
            "text": "13.0%",
        },
    ]
    chart = {
        "id": "non_uk_born_share",
        "kind": "line",
        "title": "Share of residents born outside the UK",
        "unit": "% of residents",
        "alt": "",
        "rows": line_rows,
        "row_heading": "Period",
        "columns": ["York", EVIL],
        "table": [{"period": "Mid-2019", "cells": ["12.5% (10.0% to 15.0%)", "no figure"]}],
        "source_ids": ["lami"],
        "interval_note": True,
        "with_interval": True,
    }
    bar = {
        **chart,
        "id": "bars",
        "kind": "bar",
        "title": "Share of residents born outside the UK",  # same title
        "rows": [{"series": "India", "order": 0, "value": 40.0, "text": "40", "period_label": "2021"}],
    }
    source = {
        "id": "lami",
        "title": "Local Area Migration Indicators",
        "publisher": "ONS",
        "landing_page": "https://www.ons.gov.uk/",
        "licence": "Open Government Licence v3.0",
        "release": "2021-09",
        "release_date": "2021-09-17",
        "retrieved_at": "",
        "sha256": "",
        "caveats": [{"id": "a", "text": "-2 means something " + EVIL}],
    }
    return {
        "area": {"code": "E06000014", "name": "York"},
        "edition": "2021-09",
        "built_at": "2026-01-01T00:00:00",
        "demo": True,
        "themes": [{"id": "t", "title": "Residents born abroad", "charts": [chart, bar]}],
        "sources": [source],
        "figures": [],
    }


def test_neutralise_defuses_formulas_and_leaves_numbers_alone():
    assert neutralise("=1+1") == "'=1+1" and neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("\t=1") == "'\t=1" and neutralise("York") == "York"
    assert neutralise(-5.0) == -5.0 and neutralise(None) is None


def test_chart_csv_holds_the_drawn_figures_as_numbers_and_no_formula():
    text = downloads.chart_csv(_profile()["themes"][0]["charts"][0])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == downloads.CHART_CSV_FIELDS
    assert rows[1] == ["York", "Mid-2019", "12.5", "10.0", "15.0", "12.5%"]
    assert rows[2][0] == "'" + EVIL and rows[2][3:5] == ["", ""]  # missing bounds stay empty, never 0
    frame = pd.read_csv(io.StringIO(text))
    assert frame["value"].tolist() == [12.5, 13.0]


def test_chart_csv_has_intervals_only_where_the_chart_shows_them():
    """The CSV is what the chart and its table show, and a chart without a band shows no interval."""
    chart = {**_profile()["themes"][0]["charts"][0], "with_interval": False}
    rows = list(csv.reader(io.StringIO(downloads.chart_csv(chart))))
    assert rows[1] == ["York", "Mid-2019", "12.5", "", "", "12.5%"]


def _package(tmp_path) -> tuple[zipfile.ZipFile, dict]:
    sources = {s.id: s for s in all_sources()}
    confidential = next((s for s in sources.values() if s.classification == CONFIDENTIAL), None)
    figures = pd.DataFrame(
        {
            "area_code": ["E06000014", "E06000014"],
            "indicator_id": ["population", "gp_rate"],
            "period_label": ["Mid-2020", "Mid-2020"],
            "value": [210000.0, None],
            "status": ["ok", "suppressed"],
            "source_id": ["mye", "lami"],
        }
    )
    obs = pd.DataFrame(
        {
            "area_code": ["E06000014", "E06000014"],
            "area_name": [EVIL, "York"],
            "measure": ["x", "y"],
            "value": [1.0, 2.0],
            "source_id": ["mye", "lami"],
        }
    )
    if confidential is not None:
        obs = pd.concat([obs, obs.assign(source_id=confidential.id)])
    areas = pd.DataFrame({"area_code": ["E06000014"], "area_name": ["York"]})
    path = edition_package.write(
        tmp_path,
        "2021-09",
        "2026-01-01T00:00:00",
        False,
        figures=figures,
        observations=obs,
        areas=areas,
        code_changes=pd.DataFrame(),
        sources=sources,
        snapshots={"lami": {"release": "2021-09-17", "release_date": "2021-09-17"},
                   "mye": {"release": "mid-2020-geog21", "release_date": ""}},
        names={"E06000014": "York"},
        titles={"population": "Population"},
    )
    archive = zipfile.ZipFile(path)
    return archive, json.loads(archive.read("datapackage.json"))


def test_edition_package_is_a_valid_tabular_data_package(tmp_path):
    archive, meta = _package(tmp_path)
    assert meta["profile"] == "tabular-data-package" and re.fullmatch(r"[a-z0-9._-]+", meta["name"])
    assert meta["licenses"] and meta["resources"]
    names = [r["name"] for r in meta["resources"]]
    assert len(names) == len(set(names))
    listed = {r["path"] for r in meta["resources"]}
    assert listed == set(archive.namelist()) - {"datapackage.json"}  # every file described, nothing else
    for resource in meta["resources"]:
        assert re.fullmatch(r"[a-z0-9._-]+", resource["name"]) and ".." not in resource["path"]
        assert not resource["path"].startswith("/")
        frame = pd.read_csv(archive.open(resource["path"]), keep_default_na=False, na_values=[""])
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == list(frame.columns), resource["path"]  # schema matches header
        for field in fields:
            column = frame[field["name"]].dropna()
            if field["type"] == "number":
                pd.to_numeric(column)  # raises if a cell is not a number
            if field["type"] == "integer":
                assert (pd.to_numeric(column) % 1 == 0).all()
    indicators = pd.read_csv(archive.open("indicators.csv"))
    assert indicators.loc[indicators["indicator_id"] == "gp_rate", "value"].isna().all()  # withheld, not 0
    assert indicators["area_name"].tolist() == ["York", "York"]


def test_edition_package_leaves_out_confidential_sources_and_defuses_formulas(tmp_path):
    archive, meta = _package(tmp_path)
    tidy = [p for p in archive.namelist() if p.startswith("tidy/")]
    assert sorted(tidy) == ["tidy/lami.csv", "tidy/mye.csv"]
    mye = pd.read_csv(archive.open("tidy/mye.csv"))
    assert mye["area_name"].tolist() == ["'" + EVIL]


def test_compare_rule_is_the_summaries_rule_across_areas():
    assert (
        comparison.difference(
            {"value": 20, "ci_lower": 18, "ci_upper": 22}, {"value": 17, "ci_lower": 15, "ci_upper": 19}
        )
        == comparison.NOT_SIGNIFICANT
    )
    assert (
        comparison.difference(
            {"value": 25, "ci_lower": 23, "ci_upper": 27}, {"value": 17, "ci_lower": 15, "ci_upper": 19}
        )
        == comparison.HIGHER
    )
    assert (
        comparison.difference(
            {"value": 5, "ci_lower": None, "ci_upper": None}, {"value": 7, "ci_lower": 6, "ci_upper": 8}
        )
        == comparison.LOWER
    )
    assert comparison.difference({"value": 5}, {"value": 5}) == comparison.SAME
    assert comparison.difference({"value": None}, {"value": 5}) is None


@pytest.mark.parametrize("edition", ["2021-09", "demo"])
def test_package_file_name_is_safe(edition):
    assert re.fullmatch(r"migration-profiles-[a-z0-9-]+\.zip", edition_package.file_name(edition))


def test_edition_package_names_each_sources_release_and_when_it_came_out(tmp_path):
    _, meta = _package(tmp_path)
    titles = {s["title"] for r in meta["resources"] for s in r["sources"]}
    assert any(t.endswith("release 2021-09-17, published 2021-09-17") for t in titles), titles
    assert any(t.endswith("release mid-2020-geog21, publication date not known") for t in titles), titles
