"""The current mid-year estimates reach the pages: a workbook in the UK MYEB3 layout to mid-2024 imported
with `refresh mye --file`, then built; and a newer edition's revision reported as one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from migration_profiles import cli
from migration_profiles.acquire.snapshots import import_files
from migration_profiles.render import editions
from migration_profiles.render.pages import area_figures
from migration_profiles.sources import get_source
from migration_profiles.stages.indicators import compute_indicators
from migration_profiles.stages.indicators.catalogue import INDICATORS
from migration_profiles.stages.tidy import read_snapshots

from .workspace import make_project

pytestmark = pytest.mark.slow

WORKBOOKS = Path(__file__).parent / "fixtures" / "mye_workbooks"
UK = WORKBOOKS / "myebtablesuk20112024.xlsx"
EW = WORKBOOKS / "myebtablesenglandwales20112025.xlsx"
YORK = "E06000014"
YEAR = "Mid-2023 to Mid-2024"


def test_a_uk_workbook_to_mid_2024_imports_and_york_shows_its_latest_immigration(tmp_path):
    ws = make_project(tmp_path / "project")
    assert cli.main(["--root", str(ws.root), "--quiet", "refresh", "mye", "--file", str(UK)]) == 0
    assert cli.main(["--root", str(ws.root), "--quiet", "build"]) == 0
    figures = area_figures(json.loads((ws.site / "data" / "areas" / f"{YORK}.json").read_text()))
    immigration = {f["period_label"]: f for f in figures if f["indicator_id"] == "ltim_inflow"}
    assert immigration[YEAR]["value"] == 3410
    assert immigration[YEAR]["source_id"] == "mye"
    assert max(f["period_end"] for f in immigration.values()) == "2024-06-30"
    page = (ws.site / "areas" / YORK / "index.html").read_text()
    assert "3,410" in page and "mid-2024" in page.lower()
    assert "Long-term immigration" in page


def indicators_of(folder: Path, files: list[Path]):
    source = get_source("mye")
    import_files(folder, source, files)
    return compute_indicators(read_snapshots(folder, (source,)).observations, INDICATORS)


def test_the_newer_edition_revises_an_older_figure(tmp_path):
    """Editions compare figures by area, indicator and period: the workbook editions keep those keys, so
    the summer revision of mid-2023 to mid-2024 is reported as 'revised from 3,410'."""
    old = indicators_of(tmp_path / "one", [UK])
    new = indicators_of(tmp_path / "two", [UK, EW])
    changed = editions.revisions(old, new, {YORK: "York"}, {i.id: i.title for i in INDICATORS})
    york = changed[(changed.area_code == YORK) & (changed.indicator_id == "ltim_inflow")
                   & (changed.period_label == YEAR)]
    assert york[["old_value", "new_value"]].values.tolist() == [[3410.0, 3520.0]]
    latest = new[(new.area_code == YORK) & (new.indicator_id == "ltim_inflow")]
    assert latest.period_label.iloc[-1] == "Mid-2024 to Mid-2025"
