"""The index behind "Find an area": areas with pages, and former councils that lead to their successor."""

from __future__ import annotations

from migration_profiles.render import area_finder
from migration_profiles.sources.geography import parse_authorities, parse_changes
from migration_profiles.stages.geography import Geography

from .workspace import FIXTURES


def _geography() -> Geography:
    folder = FIXTURES / "geography"
    return Geography.from_tables(parse_authorities(folder / "uk_local_authorities_current.csv"),
                                 parse_changes(folder / "changes.csv"))


def test_a_merged_council_leads_to_its_successors_page_and_says_so():
    geography = _geography()
    written = [{"code": "E06000065", "name": "North Yorkshire",
                "region": {"name": "Yorkshire and The Humber"}}]
    former = {f["code"]: f for f in area_finder.former_councils(geography, {"E06000065"})}
    craven = former["E07000163"]
    assert (craven["name"], craven["ended"], craven["successor"]) == ("Craven", "2023", "E06000065")
    assert not craven["recoded"]
    entries = {e["c"]: e for e in area_finder.index_entries(written, list(former.values()))}
    assert entries["E07000163"] == {"n": "Craven", "c": "E07000163", "p": "areas/E06000065/",
                                    "f": "North Yorkshire", "y": "2023"}
    assert entries["E06000065"]["p"] == "areas/E06000065/"


def test_a_former_council_whose_successor_has_no_page_is_listed_but_not_indexed():
    geography = _geography()
    former = {f["code"]: f for f in area_finder.former_councils(geography, set())}
    assert former["E07000163"]["successor"] == ""  # North Yorkshire has no page in this build
    assert "E07000163" not in {e["c"] for e in area_finder.index_entries([], list(former.values()))}
