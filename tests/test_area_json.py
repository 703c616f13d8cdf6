"""An area's JSON download writes what a figure shares with others once per file, and loses nothing."""

from __future__ import annotations

import json

from migration_profiles.render.pages import LOOKUPS, PROVENANCE, area_json


def figure(indicator_id, status, release, sha, unit):
    return {"indicator_id": indicator_id, "period_label": "2020", "value": 1.0 if status == "ok" else None,
            "status": status, "source_id": "lami", "release": release, "snapshot_sha256": sha, "unit": unit,
            "status_text": {"ok": "", "suppressed": "Withheld by the publisher"}[status]}


def test_each_figure_can_be_put_back_together_from_the_shared_parts():
    figures = [figure("ltim_inflow", "ok", "2021", "a" * 64, "people"),
               figure("ltim_inflow", "suppressed", "2021", "a" * 64, "people"),
               figure("ltim_rate", "ok", "2020", "b" * 64, "per 1,000 residents")]
    profile = {"area": {"code": "E06000014"}, "edition": "e", "built_at": "t", "demo": False, "sources": [],
               "local": [], "figures": figures}
    data = json.loads(area_json(profile))
    assert len(data["snapshots"]) == 2 and all(len(f) == 6 for f in data["figures"])
    assert data["units"] == {"ltim_inflow": "people", "ltim_rate": "per 1,000 residents"}
    rebuilt = []
    for row in data["figures"]:
        number = row.pop("snapshot")
        whole = {**row, **data["snapshots"][number]}
        for name, (key, table) in LOOKUPS.items():
            whole[name] = data[table][whole[key]]
        rebuilt.append(whole)
    assert [{k: f[k] for k in sorted(f)} for f in rebuilt] == [{k: f[k] for k in sorted(f)} for f in figures]
    assert set(PROVENANCE) <= set(data["snapshots"][0])
