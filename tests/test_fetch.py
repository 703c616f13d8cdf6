"""Refresh against a local HTTP server: 200, 304, 500, timeouts, truncation, HTML error pages, zips."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile

import pytest

from migration_profiles import __version__
from migration_profiles.acquire.fetch import (
    DOWNLOADED,
    FAILED,
    NEW,
    NOT_MODIFIED,
    UNCHANGED,
    download,
    refresh_source,
)
from migration_profiles.acquire.snapshots import latest_snapshot, list_snapshots, verify
from migration_profiles.sources.base import Download
from migration_profiles.util.errors import FetchError

from .helpers_http import (
    HTML_ERROR_PAGE,
    FakeServer,
    Reply,
    conditional,
    csv_bytes,
    csv_spec,
    fake_source,
    xlsx_bytes,
    xlsx_spec,
)

FAST = {"timeout": 2, "retries": 2, "backoff": 0.01}


@pytest.fixture
def server():
    with FakeServer() as running:
        yield running


@pytest.fixture
def root(tmp_path):
    return tmp_path / "snapshots"


def source_for(server: FakeServer, *names: str, zip_member: str | None = None, files=None):
    downloads = tuple(
        Download(url=server.url(f"/{name}"), file_name=zip_member or name, zip_member=zip_member)
        for name in names
    )
    return fake_source("fake", files=files, downloads=downloads)


def snapshot_state(root):
    """Everything on disk under the source, to show a failure changed nothing."""
    folder = root / "fake"
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- download ------------------------------------------------------------------------------------


def test_download_writes_the_body_and_reports_its_validators(server, tmp_path):
    body = csv_bytes()
    server.route("/f.csv", Reply(200, body, {"ETag": '"v1"', "Content-Type": "text/csv"}))
    result = download(server.url("/f.csv"), tmp_path / "out" / "f.csv", **FAST)
    assert result.status == DOWNLOADED and result.etag == '"v1"' and result.content_type == "text/csv"
    assert result.size == len(body) and result.sha256 == hashlib.sha256(body).hexdigest()
    assert (tmp_path / "out" / "f.csv").read_bytes() == body
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["f.csv"]  # no temp file left
    agent = server.hits("/f.csv")[0]["User-Agent"]
    assert agent.startswith(f"migration-profiles/{__version__} (+")


def test_download_sends_conditional_headers_and_handles_304(server, tmp_path):
    server.route(
        "/f.csv", conditional(csv_bytes(), etag='"v1"', last_modified="Tue, 06 Jun 2023 09:30:00 GMT")
    )
    dest = tmp_path / "f.csv"
    result = download(
        server.url("/f.csv"), dest, etag='"v1"', last_modified="Tue, 06 Jun 2023 09:30:00 GMT", **FAST
    )
    assert result.status == NOT_MODIFIED and not dest.exists()
    headers = server.hits("/f.csv")[0]
    assert headers["If-None-Match"] == '"v1"' and headers["If-Modified-Since"].startswith("Tue, 06 Jun")


def test_404_is_not_retried(server, tmp_path):
    with pytest.raises(FetchError, match=r"/missing\.csv.*HTTP 404"):
        download(server.url("/missing.csv"), tmp_path / "x", **FAST)
    assert len(server.hits("/missing.csv")) == 1


def test_500_is_retried_then_succeeds(server, tmp_path):
    server.route("/f.csv", Reply(500, b"oops"), Reply(503, b"busy"), Reply(200, csv_bytes()))
    result = download(server.url("/f.csv"), tmp_path / "f.csv", **FAST)
    assert result.status == DOWNLOADED and len(server.hits("/f.csv")) == 3


def test_timeout_is_a_fetch_error(server, tmp_path):
    server.route("/slow.csv", Reply(200, csv_bytes(), delay=1.5))
    with pytest.raises(FetchError, match=r"/slow\.csv: timed out \(tried 2 times\)"):
        download(server.url("/slow.csv"), tmp_path / "slow.csv", timeout=0.2, retries=1, backoff=0.01)
    assert not (tmp_path / "slow.csv").exists()


def test_truncated_body_is_a_fetch_error(server, tmp_path):
    body = csv_bytes(rows=50)
    server.route("/cut.csv", Reply(200, body[:100], content_length=len(body)))
    with pytest.raises(FetchError, match=rf"truncated body: received 100 of {len(body)} bytes"):
        download(server.url("/cut.csv"), tmp_path / "cut.csv", **FAST)
    assert len(server.hits("/cut.csv")) == 3
    assert list(tmp_path.iterdir()) == []


def test_connection_refused_is_a_fetch_error(tmp_path):
    with FakeServer() as gone:
        url = gone.url("/f.csv")
    with pytest.raises(FetchError, match=r"could not download http://127\.0\.0\.1:\d+/f\.csv"):
        download(url, tmp_path / "f.csv", timeout=1, retries=1, backoff=0.01)


def test_only_http_urls_are_fetched(tmp_path):
    with pytest.raises(FetchError, match="only http"):
        download("file:///etc/passwd", tmp_path / "x")


# --- refresh_source ------------------------------------------------------------------------------


def test_200_then_304_leaves_one_snapshot(server, root):
    server.route("/fake_a.csv", conditional(csv_bytes("2023-06-01"), etag='"v1"'))
    source = source_for(server, "fake_a.csv")

    first = refresh_source(root, source, **FAST)
    assert first.status == NEW, first.message
    assert first.snapshot.release == "2023-06-01"
    entry = first.snapshot.files[0]
    assert entry.etag == '"v1"' and entry.url == server.url("/fake_a.csv") and entry.retrieved_at
    verify(first.snapshot)

    second = refresh_source(root, source, **FAST)
    assert second.status == UNCHANGED and "not modified" in second.message
    assert second.snapshot.path == first.snapshot.path
    assert server.hits("/fake_a.csv")[1]["If-None-Match"] == '"v1"'
    assert len(list_snapshots(root, "fake")) == 1


def test_new_etag_gives_a_new_snapshot(server, root):
    source = source_for(server, "fake_a.csv")
    server.route("/fake_a.csv", conditional(csv_bytes("2023-06-01"), etag='"v1"'))
    assert refresh_source(root, source, **FAST).status == NEW
    server.route("/fake_a.csv", conditional(csv_bytes("2024-06-01", rows=3), etag='"v2"'))
    result = refresh_source(root, source, **FAST)
    assert result.status == NEW and result.snapshot.release == "2024-06-01"
    assert [s.release for s in list_snapshots(root, "fake")] == ["2023-06-01", "2024-06-01"]
    assert latest_snapshot(root, "fake").files[0].etag == '"v2"'


def test_release_from_last_modified_then_today(server, root):
    files = (csv_spec("fake_*.csv", release=False),)
    source = source_for(server, "fake_a.csv", files=files)
    server.route("/fake_a.csv", Reply(200, csv_bytes(), {"Last-Modified": "Tue, 06 Jun 2023 09:30:00 GMT"}))
    result = refresh_source(root, source, **FAST)
    assert (result.snapshot.release, result.snapshot.release_date) == ("2023-06-06", "2023-06-06")

    server.route("/fake_a.csv", Reply(200, csv_bytes(tag="1")))
    result = refresh_source(root, source, **FAST)
    assert result.status == NEW
    assert (result.snapshot.release, result.snapshot.release_date) == (dt.date.today().isoformat(), "")


def test_same_bytes_without_validators_is_unchanged(server, root):
    source = source_for(server, "fake_a.csv", files=(csv_spec("fake_*.csv", release=False),))
    server.route("/fake_a.csv", Reply(200, csv_bytes()))
    first = refresh_source(root, source, **FAST)
    second = refresh_source(root, source, **FAST)
    assert (first.status, second.status) == (NEW, UNCHANGED)
    assert "same bytes" in second.message
    assert len(list_snapshots(root, "fake")) == 1


def test_500_is_retried_then_fails_leaving_the_previous_snapshot(server, root):
    source = source_for(server, "fake_a.csv")
    server.route("/fake_a.csv", Reply(200, csv_bytes("2023-06-01"), {"ETag": '"v1"'}))
    previous = refresh_source(root, source, **FAST).snapshot
    before = snapshot_state(root)

    server.route("/fake_a.csv", Reply(500, b"Internal Server Error"))
    result = refresh_source(root, source, **FAST)
    assert result.status == FAILED
    assert isinstance(result.error, FetchError)
    assert "'fake'" in result.message and "HTTP 500" in result.message and "tried 3 times" in result.message
    assert len(server.hits("/fake_a.csv")) == 1 + 3
    assert result.snapshot.path == previous.path
    assert snapshot_state(root) == before
    verify(latest_snapshot(root, "fake"))


def test_timeout_fails_the_refresh(server, root):
    source = source_for(server, "fake_a.csv")
    server.route("/fake_a.csv", Reply(200, csv_bytes(), delay=1.5))
    result = refresh_source(root, source, timeout=0.2, retries=0, backoff=0.01)
    assert result.status == FAILED and "timed out" in result.message
    assert not (root / "fake").exists()


def test_truncated_body_fails_the_refresh(server, root):
    source = source_for(server, "fake_a.csv")
    body = csv_bytes(rows=40)
    server.route("/fake_a.csv", Reply(200, body[:-10], content_length=len(body)))
    result = refresh_source(root, source, **FAST)
    assert result.status == FAILED and "truncated" in result.message


def test_html_error_page_with_200_is_rejected(server, root):
    source = fake_source(
        "fake",
        files=(xlsx_spec("fake_*.xlsx"),),
        downloads=(Download(server.url("/download?id=7"), "fake_table.xlsx"),),
    )
    server.route("/download?id=7", Reply(200, xlsx_bytes(), {"ETag": '"v1"'}))
    previous = refresh_source(root, source, **FAST)
    assert previous.status == NEW
    before = snapshot_state(root)

    server.route("/download?id=7", Reply(200, HTML_ERROR_PAGE, {"Content-Type": "text/html", "ETag": '"v2"'}))
    result = refresh_source(root, source, **FAST)
    assert result.status == FAILED
    assert (
        "HTML page" in result.message and "fake_table.xlsx" in result.message and "'fake'" in result.message
    )
    assert snapshot_state(root) == before


def test_changed_layout_is_rejected(server, root):
    source = source_for(server, "fake_a.csv")
    server.route("/fake_a.csv", Reply(200, b"code,amount\nE06000001,5\n"))
    result = refresh_source(root, source, **FAST)
    assert result.status == FAILED and "header 'area_code,value'" in result.message
    assert list_snapshots(root, "fake") == []


def test_zip_member_is_extracted(server, root):
    member = csv_bytes("2023-06-01")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("release/fake_a.csv", member)
        zf.writestr("release/notes.txt", "about the data")
    server.route("/bundle.zip", Reply(200, buffer.getvalue(), {"ETag": '"z1"'}))
    source = source_for(server, "bundle.zip", zip_member="fake_a.csv")

    result = refresh_source(root, source, **FAST)
    assert result.status == NEW, result.message
    assert [p.name for p in result.snapshot.file_paths()] == ["fake_a.csv"]
    assert result.snapshot.file_paths()[0].read_bytes() == member
    entry = result.snapshot.files[0]
    assert entry.zip_member == "fake_a.csv" and entry.sha256 == hashlib.sha256(member).hexdigest()
    assert entry.url == server.url("/bundle.zip")


def test_missing_zip_member_is_named(server, root):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("other.csv", csv_bytes())
    server.route("/bundle.zip", Reply(200, buffer.getvalue()))
    result = refresh_source(root, source_for(server, "bundle.zip", zip_member="fake_a.csv"), **FAST)
    assert result.status == FAILED and "no member is called 'fake_a.csv'" in result.message
    assert "other.csv" in result.message


def test_one_file_not_modified_and_one_new_keeps_both(server, root):
    kinds = (csv_spec("fake_a*.csv", release=False), csv_spec("fake_b*.csv", release=False))
    source = source_for(server, "fake_a.csv", "fake_b.csv", files=kinds)
    server.route("/fake_a.csv", conditional(csv_bytes(), etag='"a1"'))
    server.route("/fake_b.csv", conditional(csv_bytes(tag="b"), etag='"b1"'))
    first = refresh_source(root, source, **FAST)
    server.route(
        "/fake_b.csv",
        Reply(200, csv_bytes(tag="b2"), {"ETag": '"b2"', "Last-Modified": "Mon, 01 Jan 2024 00:00:00 GMT"}),
    )
    second = refresh_source(root, source, **FAST)
    assert second.status == NEW and second.snapshot.release == "2024-01-01"
    kept, changed = second.snapshot.files
    assert kept.etag == '"a1"' and kept.sha256 == first.snapshot.files[0].sha256
    assert changed.etag == '"b2"'
    verify(second.snapshot)


def test_damaged_previous_snapshot_is_not_trusted_for_304(server, root):
    source = source_for(server, "fake_a.csv")
    server.route("/fake_a.csv", conditional(csv_bytes("2023-06-01"), etag='"v1"'))
    first = refresh_source(root, source, **FAST).snapshot
    first.file_paths()[0].write_bytes(b"tampered")
    result = refresh_source(root, source, **FAST)
    assert result.status == NEW  # downloaded again without If-None-Match and restored the release
    assert "If-None-Match" not in server.hits("/fake_a.csv")[1]
    verify(latest_snapshot(root, "fake"))


def test_progress_is_reported(server, root):
    server.route("/fake_a.csv", Reply(200, csv_bytes("2023-06-01")))
    lines = []
    refresh_source(root, source_for(server, "fake_a.csv"), progress=lines.append, **FAST)
    assert any("fetching" in line for line in lines) and any("stored release" in line for line in lines)


def test_api_sources_are_not_yet_supported(root):
    source = fake_source("fake", api_query="https://api.example/query?x=1")
    with pytest.raises(FetchError, match="not yet support"):
        refresh_source(root, source)
