"""Release watching against a local HTTP server on 127.0.0.1: 304, 200 with a new ETag, 500, a timeout,
a server that ignores conditional requests, and the fallback on the declared next release date."""

from __future__ import annotations

import json
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest

from migration_profiles import cli
from migration_profiles.acquire import fetch, releases
from migration_profiles.acquire.snapshots import latest_snapshot
from migration_profiles.sources import all_sources
from migration_profiles.sources.base import Download, Release
from migration_profiles.util.errors import FetchError

from .helpers_http import FakeServer, Reply, conditional, csv_bytes, fake_source

TODAY = "2026-06-01"
ETAG = '"v1"'
LAST_MODIFIED = "Tue, 02 Jun 2026 08:00:00 GMT"


def source_at(server: FakeServer, path: str, source_id: str = "fake", next_release: str = "2026-09-01"):
    download = Download(url=server.url(path), file_name=f"fake_{source_id}.csv")
    source = fake_source(source_id, downloads=(download,))
    return replace(source, next_release=next_release)


def refreshed(root: Path, source, server: FakeServer, path: str, body: bytes):
    """A snapshot made the normal way, so it carries the server's ETag and Last-Modified."""
    server.route(path, conditional(body, etag=ETAG, last_modified=LAST_MODIFIED))
    result = fetch.refresh_source(root, source, timeout=2, retries=0)
    assert result.status == fetch.NEW, result.message
    snapshot = latest_snapshot(root, source.id)
    assert snapshot.files[0].etag == ETAG
    return snapshot


def check(source, snapshot, today=TODAY, timeout=2.0):
    return releases.check_source(source, snapshot, today, releases.Web(timeout=timeout, retries=0))


@pytest.fixture
def server():
    with FakeServer() as running:
        yield running


def test_304_means_current(tmp_path, server):
    source = source_at(server, "/f.csv")
    snapshot = refreshed(tmp_path, source, server, "/f.csv", csv_bytes("2026-05-01"))
    result = check(source, snapshot)
    assert result.status == releases.CURRENT and result.how == "conditional request"
    assert server.hits("/f.csv")[-1]["If-None-Match"] == ETAG
    assert server.hits("/f.csv")[-1]["If-Modified-Since"] == LAST_MODIFIED
    assert releases.exit_code([result]) == releases.EXIT_NOTHING_NEW


def test_200_with_a_new_etag_means_new(tmp_path, server):
    source = source_at(server, "/f.csv")
    snapshot = refreshed(tmp_path, source, server, "/f.csv", csv_bytes("2026-05-01"))
    server.route("/f.csv", conditional(csv_bytes("2026-08-01"), etag='"v2"',
                                       last_modified="Sat, 01 Aug 2026 08:00:00 GMT"))
    result = check(source, snapshot)
    assert result.status == releases.NEW
    assert server.url("/f.csv") in result.detail
    assert releases.exit_code([result]) == releases.EXIT_NEW
    assert latest_snapshot(tmp_path, "fake").release == "2026-05-01"  # checking downloads nothing


def test_a_server_that_ignores_conditional_requests_is_judged_by_its_etag(tmp_path, server):
    source = source_at(server, "/f.csv")
    snapshot = refreshed(tmp_path, source, server, "/f.csv", csv_bytes("2026-05-01"))
    server.route("/f.csv", Reply(200, csv_bytes("2026-05-01"), headers={"ETag": ETAG}))
    assert check(source, snapshot).status == releases.CURRENT


def test_500_means_unreachable_with_the_reason(tmp_path, server):
    source = source_at(server, "/f.csv")
    snapshot = refreshed(tmp_path, source, server, "/f.csv", csv_bytes("2026-05-01"))
    server.route("/f.csv", Reply(500, b"oops"))
    result = check(source, snapshot)
    assert result.status == releases.UNREACHABLE
    assert "HTTP 500" in result.detail and server.url("/f.csv") in result.detail
    assert releases.exit_code([result]) == releases.EXIT_ERROR


def test_a_timeout_means_unreachable(tmp_path, server):
    source = source_at(server, "/f.csv")
    snapshot = refreshed(tmp_path, source, server, "/f.csv", csv_bytes("2026-05-01"))
    server.route("/f.csv", Reply(200, b"late", delay=2.0))
    result = check(source, snapshot, timeout=0.3)
    assert result.status == releases.UNREACHABLE
    assert "timed out" in result.detail


def test_nothing_new_after_the_expected_date_means_overdue(tmp_path, server):
    source = source_at(server, "/f.csv", next_release="2026-05-15")
    snapshot = refreshed(tmp_path, source, server, "/f.csv", csv_bytes("2026-04-01"))
    result = check(source, snapshot)
    assert result.status == releases.OVERDUE and result.stale
    assert "2026-05-15" in result.detail
    assert releases.exit_code([result]) == releases.EXIT_NOTHING_NEW  # reported, not a failure
    # The day itself is not overdue; a snapshot released on or after the date means it is in hand.
    assert check(source, snapshot, today="2026-05-15").status == releases.CURRENT
    assert not releases.is_overdue(source, TODAY, latest_release_date="2026-05-15")


def test_without_a_download_url_the_calendar_decides(tmp_path):
    source = replace(fake_source("calendar"), next_release="2026-05-15")
    snapshot_root = tmp_path
    from migration_profiles.acquire.snapshots import StagedFile, write_snapshot

    staged = tmp_path / "fake_1.csv"
    staged.write_bytes(csv_bytes())
    release = Release("2026-01-10", "2026-01-10")
    snapshot = write_snapshot(snapshot_root, source, release, [StagedFile(staged)])
    assert check(source, snapshot, today="2026-05-01").status == releases.CURRENT
    late = check(source, snapshot, today="2026-06-01")
    assert (late.status, late.how) == (releases.OVERDUE, "release calendar")
    superseded = replace(source, superseded=True)
    assert check(superseded, snapshot, today="2026-06-01").status == releases.CURRENT
    assert not releases.is_overdue(superseded, "2030-01-01")


def test_a_publisher_api_is_asked_first(tmp_path, server):
    server.route("/api/latest", Reply(200, json.dumps({"release": "2026-08"}).encode(),
                                      headers={"Content-Type": "application/json"}))

    def latest(web):
        return Release(web.json(server.url("/api/latest"))["release"], "")

    source = replace(fake_source("api"), extra={"latest_release": latest})
    staged = tmp_path / "fake_1.csv"
    staged.write_bytes(csv_bytes())
    from migration_profiles.acquire.snapshots import StagedFile, write_snapshot

    held = write_snapshot(tmp_path / "s", source, Release("2026-05", ""), [StagedFile(staged)])
    result = check(source, held)
    assert (result.status, result.how) == (releases.NEW, "publisher API") and "2026-08" in result.detail
    same = write_snapshot(tmp_path / "s", source, Release("2026-08", ""), [StagedFile(staged)])
    assert check(source, same).status == releases.CURRENT
    server.route("/api/latest", Reply(503, b"down"))
    assert check(source, same).status == releases.UNREACHABLE


def test_no_snapshot_yet_means_new():
    result = releases.check_source(fake_source("none"), None, TODAY, releases.Web(timeout=1, retries=0))
    assert result.status == releases.NEW and "refresh none" in result.detail


def test_probe_never_reads_the_body(server):
    server.route("/big.csv", Reply(200, b"x" * 100_000, headers={"ETag": '"big"'}))
    answer = fetch.probe(server.url("/big.csv"), timeout=2, retries=0)
    assert (answer.status, answer.etag, answer.content_length) == (fetch.MODIFIED, '"big"', 100_000)
    with pytest.raises(FetchError, match="only http and https"):
        fetch.probe("file:///etc/passwd")


# --- the command line: statuses and exit codes --------------------------------------------------------


@pytest.fixture
def patched_sources(monkeypatch, server, tmp_path):
    """Four sources on one server: current (304), new (new ETag), broken (500), slow (timeout)."""
    root = tmp_path / "project"
    made = {}
    for sid in ("current", "new", "broken", "slow"):
        source = source_at(server, f"/{sid}.csv", sid, next_release="2099-01-01")  # the CLI's today is real
        refreshed(root / "data" / "snapshots", source, server, f"/{sid}.csv", csv_bytes("2026-05-01"))
        made[sid] = source
    server.route("/new.csv", conditional(csv_bytes("2026-08-01"), etag='"v2"'))
    server.route("/broken.csv", Reply(500, b"no"))
    server.route("/slow.csv", Reply(200, b"late", delay=3.0))
    chosen = {"sources": list(made.values())}
    monkeypatch.setattr("migration_profiles.sources.all_sources", lambda: tuple(chosen["sources"]))
    monkeypatch.setattr("migration_profiles.sources.get_source", lambda sid: made[sid])
    return root, made, chosen


def run(root: Path, *args: str) -> int:
    return cli.main(["--root", str(root), "--quiet", "check-releases", "--timeout", "0.5", *args])


def test_check_releases_reports_every_status_and_exit_codes(patched_sources, capsys):
    root, made, chosen = patched_sources
    assert run(root, "--json") == releases.EXIT_NEW
    report = json.loads(capsys.readouterr().out)
    statuses = {s["source_id"]: s["status"] for s in report["sources"]}
    assert statuses == {"current": "current", "new": "new", "broken": "unreachable", "slow": "unreachable"}
    assert report["new"] == ["new"] and report["exit_code"] == releases.EXIT_NEW
    reasons = {s["source_id"]: s["detail"] for s in report["sources"]}
    assert "HTTP 500" in reasons["broken"] and "timed out" in reasons["slow"]

    chosen["sources"] = [made["current"], made["broken"]]
    assert run(root) == releases.EXIT_ERROR
    out = capsys.readouterr().out
    assert "current" in out and "unreachable" in out and "HTTP 500" in out

    chosen["sources"] = [made["current"]]
    assert run(root) == releases.EXIT_NOTHING_NEW
    assert run(root, "new") == releases.EXIT_NEW  # sources can be named


def test_exit_codes_are_documented_in_help(capsys):
    with pytest.raises(SystemExit) as exited:
        cli.main(["check-releases", "--help"])
    assert exited.value.code == 0
    text = capsys.readouterr().out
    for code in (releases.EXIT_NOTHING_NEW, releases.EXIT_NEW, releases.EXIT_ERROR):
        assert f"\n  {code} " in text
    docs = (Path(__file__).resolve().parents[1] / "docs" / "publishing.md").read_text()
    for code in (releases.EXIT_NOTHING_NEW, releases.EXIT_NEW, releases.EXIT_ERROR):
        assert f"| {code} |" in docs


def test_the_sources_page_and_command_use_the_same_overdue_rule():
    """Every real declaration goes through is_overdue; the sources page marks it 'Stale'."""
    from migration_profiles.render.pages import write_sources_page
    from migration_profiles.render.profiles import BuildContext

    sources = {s.id: s for s in all_sources()}
    dated = [s for s in sources.values() if s.next_release and not s.superseded]
    assert dated, "no source declares a next release date"
    earliest = min(s.next_release for s in dated)
    with tempfile.TemporaryDirectory() as folder:
        context = BuildContext(edition="x", built_at="2030-01-01T00:00:00+00:00", demo=False, snapshots={},
                               sources=sources)
        write_sources_page(Path(folder), context, "2099-01-01")
        page = (Path(folder) / "sources.md").read_text()
        assert page.count('class="mp-stale"') == len(dated)
        write_sources_page(Path(folder), context, "2000-01-01")
        assert "mp-stale" not in (Path(folder) / "sources.md").read_text()
    assert all(releases.is_overdue(s, "2099-01-01") for s in dated)
    assert not any(releases.is_overdue(s, earliest) for s in dated)  # on the day itself: not yet
