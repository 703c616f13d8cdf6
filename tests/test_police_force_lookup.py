"""The committed council-to-police-force-area table covers every current council of England and Wales,
and the geography knows force area codes, so crime figures under them are not logged as unknown."""

from __future__ import annotations

import csv
import re
from collections import Counter
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

from migration_profiles.sources import police_force_areas as pfa
from migration_profiles.sources.geography import parse_authorities, parse_changes
from migration_profiles.stages.geography import AS_PUBLISHED, POLICE_FORCE_AREA, Geography

ROOT = Path(__file__).resolve().parents[1]
DEMO_GEOGRAPHY = ROOT / "data" / "sample" / "snapshots" / "geography" / "demo-2025"
COUNCIL = re.compile(r"^(?:E0[6-9]|W06)\d{6}$")


def rows() -> list[dict[str, str]]:
    text = resources.files("migration_profiles.sources").joinpath("data", pfa.LOOKUP_FILE).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def current_councils(authorities: Path, changes: Path) -> dict[str, str]:
    geography = Geography.from_tables(parse_authorities(authorities), parse_changes(changes))
    return {a.area_code: a.area_name for a in geography.local_authorities() if a.area_code[0] in "EW"}


def test_each_row_is_a_council_once_with_a_valid_force_and_a_basis():
    table = rows()
    codes = [r["la_code"] for r in table]
    assert len(codes) == len(set(codes)) == 318
    assert all(COUNCIL.match(c) for c in codes)
    forces = pfa.forces()
    for r in table:
        assert r["pfa_code"] in forces and pfa.PFA_CODE.match(r["pfa_code"]), r
        # English councils in English forces (E23), Welsh in Welsh (W15).
        assert {"E": "E23", "W": "W15"}[r["la_code"][0]] == r["pfa_code"][:3], r
        assert r["basis"].split(":")[0] in ("county", "schedule1") and r["basis"].split(":", 1)[1], r
    assert set(Counter(r["pfa_code"] for r in table)) == set(forces)  # no force area is left empty


def test_districts_follow_their_county():
    by_county: dict[str, set[str]] = {}
    for r in rows():
        if r["basis"].startswith("county:"):
            by_county.setdefault(r["basis"][len("county:"):], set()).add(r["pfa_code"])
    assert all(len(forces) == 1 for forces in by_county.values()), by_county
    assert by_county["Lancashire"] == {"E23000003"} and by_county["East Sussex"] == by_county["West Sussex"]


def test_every_current_council_of_the_demo_geography_has_exactly_one_force():
    councils = current_councils(DEMO_GEOGRAPHY / "uk_local_authorities_current.csv",
                                DEMO_GEOGRAPHY / "changes.csv")
    assert len(councils) == 318
    listed = {r["la_code"]: r for r in rows()}
    assert set(councils) == set(listed)
    assert {code: listed[code]["la_name"] for code in councils} == councils  # same names as the geography
    spot = {"E06000063": "E23000002", "E06000064": "E23000002", "E06000065": "E23000009",
            "E06000066": "E23000036", "E08000038": "E23000011", "E06000053": "E23000035",
            "W06000018": "W15000002", "W06000024": "W15000003", "E06000060": "E23000029"}
    assert {code: pfa.force_area_of(code) for code in spot} == spot


@pytest.mark.realdata
def test_every_current_council_of_the_real_list_has_exactly_one_force(realdata_dir):
    lookups = realdata_dir / "lookups"
    councils = current_councils(next(lookups.glob("*uk_local_authorities*.csv")),
                                next(lookups.glob("*changes*.csv")))
    assert set(councils) == {r["la_code"] for r in rows()}


def test_geography_knows_force_areas_so_the_quality_log_does_not_call_them_unknown():
    geography = Geography({})
    assert geography.level("E23000010") == POLICE_FORCE_AREA
    assert geography.name("W15000004") == "Dyfed-Powys" and geography.country_of("W15000004") == "W92000004"
    obs = pd.DataFrame({"area_code": ["E23000010", "W15000001", "E23000099"], "measure": ["m"] * 3,
                        "value": [1.0, 2.0, 3.0]})
    out, log = geography.harmonise(obs, "police_crime")
    assert geography.resolve("E23000010").action == AS_PUBLISHED
    assert [e["area_code"] for e in log] == ["E23000099"]  # a code ONS never issued is still flagged
    assert geography.local_authorities() == []  # force areas are not councils
