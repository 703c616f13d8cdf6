"""An area's JSON download writes what a figure shares with others once per file, and loses nothing."""

from __future__ import annotations

import json

from migration_profiles.render.pages import (
    FIGURE_COLUMNS,
    PERIOD_COLUMNS,
    PROVENANCE,
    area_figures,
    area_json,
)


def figure(indicator_id, status, release, sha, unit, period="2020"):
    return {"indicator_id": indicator_id, "period_label": period, "period_start": f"{period}-01-01",
            "period_end": f"{period}-12-31", "value": 1.0 if status == "ok" else None, "ci_lower": None,
            "ci_upper": 2.5, "status": status, "source_id": "lami", "release": release,
            "snapshot_sha256": sha, "unit": unit,
            "status_text": {"ok": "", "suppressed": "Withheld by the publisher"}[status]}


FIGURES = [figure("ltim_inflow", "ok", "2021", "a" * 64, "people"),
           figure("ltim_inflow", "suppressed", "2021", "a" * 64, "people", "2021"),
           figure("ltim_rate", "ok", "2020", "b" * 64, "per 1,000 residents"),
           figure("ltim_inflow", "ok", "2022", "c" * 64, "people", "2022")]  # a later release of one series
SOURCE = {"id": "lami", "title": "LAMI", "release": "2021", "sha256": "a" * 64,
          "caveats": [{"id": "lami_rounded", "text": "Rounded to the nearest 10."}]}
PROFILE = {"area": {"code": "E06000014"}, "edition": "e", "built_at": "t", "demo": False, "sources": [SOURCE],
           "local": [], "figures": FIGURES}


def test_each_figure_can_be_put_back_together_from_the_shared_parts():
    data = json.loads(area_json(PROFILE))
    assert len(data["snapshots"]) == 3 and set(PROVENANCE) <= set(data["snapshots"][0])
    assert data["units"] == {"ltim_inflow": "people", "ltim_rate": "per 1,000 residents"}
    assert data["figure_columns"] == list(FIGURE_COLUMNS)
    assert data["period_columns"] == list(PERIOD_COLUMNS) and len(data["periods"]) == 3  # 2020 is shared
    assert list(data["figures"]) == ["ltim_inflow", "ltim_rate"]  # grouped by indicator, in page order
    assert all(len(row) == len(FIGURE_COLUMNS) for rows in data["figures"].values() for row in rows)
    key = sorted(FIGURES[0])
    assert [[f[k] for k in key] for f in area_figures(data)] == [
        [f[k] for k in key] for f in (FIGURES[0], FIGURES[1], FIGURES[3], FIGURES[2])]


def test_the_file_holds_no_hash_or_key_once_per_figure():
    many = {**PROFILE, "figures": [figure("ltim_inflow", "ok", "2021", "a" * 64, "people", str(year))
                                   for year in range(1990, 2030)]}
    text = area_json(many)
    # Once in `snapshots`, once in the source's citation.
    assert text.count("a" * 64) == 2 and text.count('"period_label"') == 1 and text.count('"unit"') == 0
    assert text.count('"2020-01-01"') == 1  # each period once, however many indicators share it
    missing = json.loads(area_json({**PROFILE, "figures": [FIGURES[1]]}))["figures"]["ltim_inflow"][0]
    assert missing[FIGURE_COLUMNS.index("value")] is None  # withheld stays missing, never 0


def test_sources_name_their_caveats_whose_words_are_written_once_for_the_site():
    data = json.loads(area_json(PROFILE))
    [source] = data["sources"]
    assert source["caveats"] == ["lami_rounded"] and source["release"] == "2021"
    assert "Rounded to the nearest" not in json.dumps(data)
    assert data["caveats_at"] == "../sources.json"  # from data/areas/, where the file is
