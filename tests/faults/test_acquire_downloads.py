"""Issue 11, item 5: downloads are bounded in time, in size, once decompressed, and in where they go.

Every case runs against a server on 127.0.0.1; each checks that the last good snapshot is untouched.
"""

from __future__ import annotations

import gzip
import io
import os
import stat
import time
import zipfile
from dataclasses import replace

import pytest

from migration_profiles.acquire.fetch import FAILED, NEW, _save_body, download, refresh_source
from migration_profiles.acquire.snapshots import import_files, latest_snapshot, read_snapshot
from migration_profiles.sources import get_source
from migration_profiles.sources.base import Download
from migration_profiles.util.errors import FetchError, LayoutError

from ..helpers_http import FakeServer, Reply, csv_bytes, fake_source


@pytest.fixture
def server():
    with FakeServer() as running:
        yield running


def source_for(server, name="fake_a.csv", path=None, **changes):
    download_ = Download(url=server.url(path or f"/{name}"), file_name=name)
    return replace(fake_source("fake", downloads=(download_,)), **changes)


def state(root):
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_server_sending_a_byte_now_and_then_is_abandoned_at_the_deadline(server, tmp_path):
    # One byte every 0.2 s keeps each read inside its 1 s timeout: only a deadline for the whole
    # download stops it (the body would take 200 s).
    server.route("/slow.csv", Reply(200, b"x" * 1000, drip=0.2))
    started = time.monotonic()
    with pytest.raises(FetchError, match="deadline of 1.5 s"):
        download(
            server.url("/slow.csv"), tmp_path / "slow.csv", timeout=1, deadline=1.5, retries=3, backoff=0.01
        )
    assert time.monotonic() - started < 3
    assert not list(tmp_path.iterdir())  # no partial file left behind


def test_a_refresh_with_a_deadline_keeps_the_last_good_snapshot(server, tmp_path):
    root = tmp_path / "snapshots"
    server.route("/fake_a.csv", Reply(200, csv_bytes("2024-01-01")))
    source = source_for(server)
    assert refresh_source(root, source, timeout=2, retries=0).status == NEW
    before = state(root)
    server.route("/fake_a.csv", Reply(200, csv_bytes("2025-01-01", rows=200), drip=0.05))
    started = time.monotonic()
    result = refresh_source(root, source, timeout=1, deadline=1, retries=2, backoff=0.01)
    assert time.monotonic() - started < 3
    assert result.status == FAILED and "deadline" in result.message
    assert state(root) == before


def test_a_file_larger_than_its_source_allows_is_refused(server, tmp_path):
    root = tmp_path / "snapshots"
    server.route("/fake_a.csv", Reply(200, csv_bytes("2024-01-01", rows=500)))
    result = refresh_source(root, source_for(server, max_bytes=2000), timeout=2, retries=0)
    assert result.status == FAILED and "larger than the 2,000 bytes declared for its source" in result.message
    assert latest_snapshot(root, "fake") is None


def test_a_body_without_a_length_is_cut_off_at_the_cap(tmp_path):
    class Response:  # what a chunked answer looks like to _save_body: no Content-Length
        status, headers = 200, {}

        def __init__(self):
            self.body = io.BytesIO(b"y" * 10_000)

        def read1(self, n):
            return self.body.read(min(n, 100))

    with pytest.raises(FetchError, match="larger than the 1,000 bytes"):
        _save_body(Response(), tmp_path / "f.csv", "could not download x", max_bytes=1000)
    assert not list(tmp_path.iterdir())


def test_a_gzip_that_inflates_far_beyond_its_size_is_refused_before_parsing(server, tmp_path):
    bomb = gzip.compress(b"area_code,value\n" + b"\n" * (30 << 20))  # about 30 kB inflating to 30 MB
    assert len(bomb) < 100_000
    parsed = []
    source = fake_source("fake")
    spec = replace(source.files[0], parse=lambda p: parsed.append(p))
    source = replace(source, files=(spec,))
    (tmp_path / "fake_a.csv.gz").write_bytes(bomb)
    with pytest.raises(LayoutError, match="inflates to at most"):
        import_files(tmp_path / "snapshots", source, [tmp_path / "fake_a.csv.gz"])
    assert parsed == []  # refused before the parser read it into memory
    # The same by download.
    server.route("/fake_a.csv.gz", Reply(200, bomb))
    result = refresh_source(
        tmp_path / "snapshots",
        replace(source_for(server, "fake_a.csv.gz"), files=(spec,)),
        timeout=2,
        retries=0,
    )
    assert result.status == FAILED and "once decompressed" in result.message and parsed == []


def test_an_ordinary_gzip_still_imports(tmp_path):
    (tmp_path / "fake_a.csv.gz").write_bytes(gzip.compress(csv_bytes("2024-01-01", rows=50)))
    assert import_files(tmp_path / "snapshots", fake_source("fake"), [tmp_path / "fake_a.csv.gz"]).release


def test_a_redirect_to_another_scheme_is_refused(server, tmp_path):
    root = tmp_path / "snapshots"
    server.route("/fake_a.csv", Reply(302, b"", {"Location": "ftp://127.0.0.1/fake_a.csv"}))
    result = refresh_source(root, source_for(server), timeout=2, retries=0)
    assert result.status == FAILED and "refused a redirect" in result.message
    assert latest_snapshot(root, "fake") is None


def test_a_redirect_to_another_host_is_recorded_in_the_manifest(server, tmp_path):
    root = tmp_path / "snapshots"
    elsewhere = server.url("/moved/fake_a.csv").replace("127.0.0.1", "localhost")
    server.route("/fake_a.csv", Reply(302, b"", {"Location": elsewhere}))
    server.route("/moved/fake_a.csv", Reply(200, csv_bytes("2024-01-01")))
    lines = []
    result = refresh_source(root, source_for(server), timeout=2, retries=0, progress=lines.append)
    assert result.status == NEW
    [entry] = read_snapshot(result.snapshot.path).files
    assert entry.url == server.url("/fake_a.csv") and entry.redirected_to == elsewhere
    assert any("was redirected to" in line for line in lines)


def test_a_refresh_that_stores_new_bytes_says_what_changed(server, tmp_path):
    root = tmp_path / "snapshots"
    server.route("/fake_a.csv", Reply(200, csv_bytes("2024-01-01")))
    assert refresh_source(root, source_for(server), timeout=2, retries=0).status == NEW
    server.route("/fake_a.csv", Reply(200, csv_bytes("2025-01-01", tag="9")))
    lines = []
    assert refresh_source(root, source_for(server), timeout=2, retries=0, progress=lines.append).status == NEW
    assert "fake: latest release was '2024-01-01', now '2025-01-01'" in lines
    assert any(line.startswith("fake: 'fake_a.csv' has new bytes") for line in lines)


def test_a_downloaded_file_has_ordinary_permissions(server, tmp_path):
    server.route("/fake_a.csv", Reply(200, csv_bytes()))
    old_mask = os.umask(0o022)
    try:
        download(server.url("/fake_a.csv"), tmp_path / "fake_a.csv", timeout=2, retries=0)
    finally:
        os.umask(old_mask)
    assert stat.S_IMODE((tmp_path / "fake_a.csv").stat().st_mode) == 0o644  # not tempfile's 0600


def test_a_workbook_that_inflates_far_beyond_its_size_is_refused_before_parsing(tmp_path):
    path = tmp_path / "lamistables_bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (40 << 20))  # 40 MB of blanks in ~40 kB
    assert path.stat().st_size < 100_000
    with pytest.raises(LayoutError, match="inflates to at most"):
        import_files(tmp_path / "snapshots", get_source("lami"), [path])
