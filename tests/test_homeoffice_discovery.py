"""Refresh finds the newest Home Office local authority workbook (2025-26 layout) on the standing data
set page, through a GOV.UK Content API served on 127.0.0.1, and takes its release date from the file."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from migration_profiles.acquire import fetch
from migration_profiles.acquire.snapshots import latest_snapshot
from migration_profiles.sources import asylum_support, resettlement

from .helpers_http import FakeServer, conditional
from .test_discover import FAST, as_json

FIXTURES = Path(__file__).resolve().parent / "fixtures"
WORKBOOKS = {
    "asylum_support": FIXTURES / "asylum_support" / "support-local-authority-datasets-2025-26-fixture.xlsx",
    "resettlement": FIXTURES / "resettlement" / "resettlement-local-authority-datasets-2025-26-fixture.xlsx",
}
PAGE = "/government/statistical-data-sets/immigration-system-statistics-regional-and-local-authority-data"


@pytest.fixture
def server():
    with FakeServer() as running:
        yield running


def _page(server: FakeServer) -> None:
    """The data set page with both workbooks of the June 2026 edition, and an older support workbook."""
    attachments = []
    for name, media, path in (
        ("support-local-authority-datasets-mar-2026.xlsx", "/media/1/", WORKBOOKS["asylum_support"]),
        ("support-local-authority-datasets-jun-2026.xlsx", "/media/2/", WORKBOOKS["asylum_support"]),
        ("resettlement-local-authority-datasets-jun-2026.xlsx", "/media/3/", WORKBOOKS["resettlement"]),
    ):
        server.route(media + name, conditional(path.read_bytes(), etag=f'"{media}"'))
        attachments.append({"title": name, "url": server.url(media + name), "filename": name})
    attachments.reverse()  # the page lists the newest first
    body = {"title": "Immigration system statistics: regional and local authority data",
            "details": {"attachments": attachments}}
    server.route(f"/api/content{PAGE}", as_json(body))


@pytest.mark.parametrize("source", [asylum_support.SOURCE, resettlement.SOURCE], ids=lambda s: s.id)
def test_refresh_takes_the_newest_workbook_from_the_data_set_page(server, tmp_path, source):
    _page(server)
    [spec] = source.discover
    assert spec.page == "https://www.gov.uk" + PAGE
    local = dataclasses.replace(source, discover=(dataclasses.replace(spec, page=server.url(PAGE)),))
    result = fetch.refresh_source(tmp_path, local, **FAST)
    assert result.status == fetch.NEW, result.message
    snapshot = latest_snapshot(tmp_path, source.id)
    assert snapshot.files[0].url.endswith("-jun-2026.xlsx")
    assert snapshot.release_date == "2026-08-27"  # 'Published: 27 August 2026' on the cover sheet
