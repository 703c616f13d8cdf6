"""The DfE school census through the Explore Education Statistics public API, served on 127.0.0.1:
refresh finds the publication, its data set and the latest version, and stores the version's CSV;
check-releases reports a newer version with what the API's changes endpoint says it changed."""

from __future__ import annotations

import dataclasses
import gzip
from pathlib import Path

import pytest

from migration_profiles.acquire import discover, fetch, releases
from migration_profiles.acquire.snapshots import latest_snapshot
from migration_profiles.sources import dfe_eal

from .helpers_http import FakeServer, conditional
from .test_discover import FAST, as_json

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "dfe_eal"
DATA = FIXTURES / "spc_pupils_ethnicity_and_language_fixture.data.csv.gz"
SEARCH = "/v1/publications?search=pupils%20and%20their%20characteristics"


@pytest.fixture
def server():
    with FakeServer() as running:
        yield running


def api(server: FakeServer, version: str, changes: dict | None = None) -> None:
    """The API with the publication, its catalogue at `version`, the CSV and the changes of that version."""
    server.route(SEARCH, as_json({"paging": {"page": 1, "totalPages": 1}, "results": [
        {"id": "pub-1", "title": "Schools, pupils and their characteristics"},
        {"id": "pub-2", "title": "Special educational needs in England"}]}))
    catalogue = "/v1/publications/pub-1/data-sets"
    server.route(catalogue, as_json({"paging": {"page": 1, "totalPages": 1}, "results": [
        {"id": "ds-fsm", "title": "Pupils by free school meals eligibility",
         "latestVersion": {"version": "1.0", "published": "2025-06-05T09:30:00Z"}},
        {"id": "ds-eal", "title": "Pupils by ethnicity and language",
         "latestVersion": {"version": version, "published": "2026-06-04T09:30:00Z",
                           "timePeriods": {"start": "2015/16", "end": "2025/26"}}}]}))
    server.route(f"/v1/data-sets/ds-eal/csv?dataSetVersion={version}",
                 conditional(gzip.decompress(DATA.read_bytes()), etag=f'"{version}"'))
    server.route(f"/v1/data-sets/ds-eal/versions/{version}/changes", as_json(changes or {}))


def local(server: FakeServer):
    [spec] = dfe_eal.SOURCE.discover
    moved = dataclasses.replace(spec, page=server.url(SEARCH),
                                address=server.url("/v1/data-sets/{id}/csv?dataSetVersion={version}"))
    return dataclasses.replace(dfe_eal.SOURCE, discover=(moved,), next_release="2099-01-01")


def test_refresh_stores_the_latest_version_of_the_data_set(server, tmp_path):
    api(server, "2.0")
    result = fetch.refresh_source(tmp_path, local(server), **FAST)
    assert result.status == fetch.NEW, result.message
    [held] = latest_snapshot(tmp_path, "dfe_eal").files
    assert held.url.endswith("/v1/data-sets/ds-eal/csv?dataSetVersion=2.0")
    assert held.name == "spc_pupils_ethnicity_and_language.csv"
    frame = dfe_eal.parse(latest_snapshot(tmp_path, "dfe_eal").path / held.name)
    assert not frame.empty and "E06000014" in set(frame.area_code)


def test_check_releases_reports_a_new_version_with_its_changes(server, tmp_path):
    api(server, "2.0")
    source = local(server)
    held = fetch.refresh_source(tmp_path, source, **FAST).snapshot
    web = releases.Web(timeout=2, retries=0)
    assert releases.check_source(source, held, "2026-09-01", web).status == releases.CURRENT

    added = {"timePeriods": [{"currentState": {"period": "2025/26"}}]}
    api(server, "2.1", {"majorChanges": {}, "minorChanges": added})
    check = releases.check_source(source, held, "2026-09-01", web)
    assert (check.status, check.how) == (releases.NEW, "publisher's page")
    assert "dataSetVersion=2.1" in check.detail
    changed = "version 2.1 of the data set lists major changes: none; minor changes: timePeriods (1)"
    assert changed in check.detail


def test_a_catalogue_without_the_data_set_names_what_it_has(server):
    api(server, "2.0")
    spec = dataclasses.replace(local(server).discover[0], title="nationality")
    listed = "none is titled like /nationality/.*'Pupils by ethnicity"
    with pytest.raises(discover.DiscoveryError, match=listed):
        discover.find(spec, fetch.PageReader(**FAST))
