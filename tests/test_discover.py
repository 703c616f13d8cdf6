"""Finding a release's file from the publisher's stable page, against a local server on 127.0.0.1:
GOV.UK Content API collections and publications, ONS-style dataset pages, the EES content API and
a Nomis codelist; then refresh and check-releases built on it, and the real declarations."""

from __future__ import annotations

import dataclasses
import json

import pytest

from migration_profiles import cli
from migration_profiles.acquire import discover, fetch, releases
from migration_profiles.acquire.snapshots import latest_snapshot, list_snapshots, verify
from migration_profiles.sources import all_sources, get_source
from migration_profiles.sources.base import EES, EES_API, GOVUK, NOMIS, PAGE, Discover
from migration_profiles.util.errors import FetchError

from .helpers_http import FakeServer, Reply, conditional, csv_bytes, fake_source

FAST = {"timeout": 2, "retries": 1, "backoff": 0.01}
COLLECTION = "/government/collections/fake-statistics"


@pytest.fixture
def server():
    with FakeServer() as running:
        yield running


def as_json(document: dict) -> Reply:
    return Reply(200, json.dumps(document).encode(), {"Content-Type": "application/json"})


def publish(server: FakeServer, year: int, *, attachments=None, first_published=None) -> str:
    """A release page in the Content API, with the file it links; returns the file's address."""
    path = f"/government/statistics/fake-statistics-{year}"
    media = f"/media/{year}abc/fake_{year}.csv"
    attachments = attachments if attachments is not None else [
        {"title": f"Fake statistics {year}: report", "url": server.url(f"/media/{year}r/report.pdf")},
        {"title": f"Fake statistics {year}: tables", "url": server.url(media), "filename": f"fake_{year}.csv",
         "content_type": "text/csv"},
    ]
    server.route(f"/api/content{path}", as_json({"title": f"Fake statistics {year}",
                                                 "details": {"attachments": attachments}}))
    server.route(media, conditional(csv_bytes(f"{year}-02-01"), etag=f'"{year}"'))
    return server.url(media)


def collection(server: FakeServer, *years: int, extra=()) -> None:
    documents = [{"title": f"Fake statistics {y}", "base_path": f"/government/statistics/fake-statistics-{y}",
                  "first_published_at": f"{y}-02-01T09:30:00Z"} for y in years]
    documents += [{"title": title, "base_path": "/government/publications/other"} for title in extra]
    server.route(f"/api/content{COLLECTION}", as_json({"title": "Fake statistics",
                                                       "links": {"documents": documents}}))


def govuk_source(server: FakeServer, **kw) -> object:
    spec = Discover(GOVUK, server.url(COLLECTION), file="fake_*.csv", document=r"^Fake statistics \d{4}$",
                    title=r"tables$", confirmed="test", **kw)
    return dataclasses.replace(fake_source("fake"), landing_page=server.url(COLLECTION), discover=(spec,))


def state(root) -> dict:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# --- GOV.UK through the Content API ----------------------------------------------------------------


def test_refresh_finds_the_newest_release_in_a_collection_and_stores_its_file(server, tmp_path):
    collection(server, 2024, 2025, extra=["Fake statistics: methodology"])
    publish(server, 2024)
    newest = publish(server, 2025)
    lines: list[str] = []
    result = fetch.refresh_source(tmp_path, govuk_source(server), progress=lines.append, **FAST)
    assert result.status == fetch.NEW, result.message
    assert result.snapshot.release == "2025-02-01"
    assert [(f.name, f.url, f.etag) for f in result.snapshot.files] == [("fake_2025.csv", newest, '"2025"')]
    verify(result.snapshot)
    assert newest in result.message and any(COLLECTION in line for line in lines)
    assert server.hits(f"/api/content{COLLECTION}")[0]["Accept"] == "application/json"
    assert server.hits("/media/2024abc/fake_2024.csv") == []  # only the newest release is downloaded


def test_same_address_is_asked_conditionally_and_a_new_release_gives_a_new_snapshot(server, tmp_path):
    collection(server, 2025)
    publish(server, 2025)
    source = govuk_source(server)
    assert fetch.refresh_source(tmp_path, source, **FAST).status == fetch.NEW
    again = fetch.refresh_source(tmp_path, source, **FAST)
    assert again.status == fetch.UNCHANGED and "not modified" in again.message
    assert server.hits("/media/2025abc/fake_2025.csv")[-1]["If-None-Match"] == '"2025"'

    collection(server, 2025, 2026)
    newer = publish(server, 2026)
    result = fetch.refresh_source(tmp_path, source, **FAST)
    assert result.status == fetch.NEW and result.snapshot.files[0].url == newer
    assert [s.release for s in list_snapshots(tmp_path, "fake")] == ["2025-02-01", "2026-02-01"]


def test_a_publication_page_without_a_collection(server, tmp_path):
    url = publish(server, 2025)
    spec = Discover(GOVUK, server.url("/government/statistics/fake-statistics-2025"), file="fake_*.csv",
                    confirmed="test")
    found = discover.find(spec, fetch.PageReader(**FAST))
    assert (found.url, found.file_name) == (url, "fake_2025.csv")


def test_no_matching_attachment_is_a_clear_failure_that_keeps_the_last_snapshot(server, tmp_path):
    collection(server, 2025)
    publish(server, 2025)
    source = govuk_source(server)
    assert fetch.refresh_source(tmp_path, source, **FAST).status == fetch.NEW
    before = state(tmp_path)

    collection(server, 2025, 2026)
    publish(server, 2026, attachments=[{"title": "Fake statistics 2026: tables",
                                        "url": server.url("/m/t.ods")}])
    result = fetch.refresh_source(tmp_path, source, **FAST)
    assert result.status == fetch.FAILED and isinstance(result.error, FetchError)
    for needed in ("source 'fake'", server.url(COLLECTION), "'fake_*.csv'", "'Fake statistics 2026'",
                   "'t.ods'"):
        assert needed in result.message, needed
    assert state(tmp_path) == before and latest_snapshot(tmp_path, "fake").release == "2025-02-01"


def test_a_collection_without_the_expected_documents_lists_what_it_has(server, tmp_path):
    collection(server, extra=["Something else entirely"])
    result = fetch.refresh_source(tmp_path, govuk_source(server), **FAST)
    assert result.status == fetch.FAILED
    assert "the newest document titled like" in result.message
    assert "'Something else entirely'" in result.message
    assert not (tmp_path / "fake").exists()


def test_a_moved_page_names_the_page_and_what_was_expected(server, tmp_path):
    result = fetch.refresh_source(tmp_path, govuk_source(server), **FAST)  # nothing routed: 404
    assert result.status == fetch.FAILED
    assert "HTTP 404" in result.message and server.url(COLLECTION) in result.message
    assert "'fake_*.csv'" in result.message


def test_an_html_page_where_json_was_expected(server):
    server.route(f"/api/content{COLLECTION}", Reply(200, b"<!DOCTYPE html><html>Sorry</html>"))
    with pytest.raises(discover.DiscoveryError, match="not JSON.*HTML"):
        discover.find(govuk_source(server).discover[0], fetch.PageReader(**FAST))


def test_reading_a_page_retries_a_server_error(server):
    server.route("/page", Reply(503, b"busy"), Reply(200, b"ok"))
    assert fetch.read_page(server.url("/page"), **FAST) == b"ok"
    assert len(server.hits("/page")) == 2
    with pytest.raises(FetchError, match="only http"):
        fetch.read_page("file:///etc/passwd")


# --- ONS-style dataset pages, EES and Nomis --------------------------------------------------------


ONS_PAGE = """<html><body><h2>Current edition</h2>
<a href="/peoplepopulationandcommunity/fake/datasets/fakedata/2025">2025 edition</a>
<a href="/file?uri=/peoplepopulationandcommunity/fake/datasets/fakedata/2025/2025fakedata.csv&amp;x=1">csv</a>
<a href="/file?uri=/peoplepopulationandcommunity/fake/datasets/fakedata/2024/2024fakedata.csv">older</a>
</body></html>"""


def test_a_dataset_page_gives_its_first_matching_link(server):
    server.route("/datasets/fakedata", Reply(200, ONS_PAGE.encode(), {"Content-Type": "text/html"}))
    spec = Discover(PAGE, server.url("/datasets/fakedata"), file="*fakedata.csv", confirmed="test")
    found = discover.find(spec, fetch.PageReader(**FAST))
    assert found.file_name == "2025fakedata.csv"
    assert found.url == server.url("/file?uri=/peoplepopulationandcommunity/fake/datasets/fakedata/2025/"
                                   "2025fakedata.csv&x=1")
    missing = dataclasses.replace(spec, file="*.xlsx")
    listed = r"'\*\.xlsx'.*'2025fakedata\.csv', '2024fakedata\.csv'"
    with pytest.raises(discover.DiscoveryError, match=listed):
        discover.find(missing, fetch.PageReader(**FAST))


def test_explore_education_statistics_latest_release(server):
    server.route("/api/publications/fake/releases/latest", as_json({
        "id": "rel-9", "title": "Reporting year 2025",
        "downloadFiles": [{"id": "f-1", "fileName": "national.csv"},
                          {"id": "f-2", "fileName": "la_fake.csv"}]}))
    spec = Discover(EES, server.url("/api/publications/fake/releases/latest"), file="la_fake*.csv",
                    address=server.url("/api/releases/{release}/files/{file}"), confirmed="test")
    found = discover.find(spec, fetch.PageReader(**FAST))
    assert (found.url, found.file_name) == (server.url("/api/releases/rel-9/files/f-2"), "la_fake.csv")
    with pytest.raises(discover.DiscoveryError, match="Reporting year 2025 lists no such data file"):
        discover.find(dataclasses.replace(spec, file="nothing*.csv"), fetch.PageReader(**FAST))


def codelist(*descriptions: str) -> Reply:
    codes = [{"value": 100 + i, "description": {"value": text, "lang": "en"}}
             for i, text in enumerate(descriptions)]
    return as_json({"structure": {"codelists": {"codelist": [{"code": codes}]}}})


def test_a_nomis_code_is_looked_up_by_its_description(server):
    aps = get_source("aps_economic").discover[0]
    spec = dataclasses.replace(aps, page=server.url("/NM_17_5/variable.def.sdmx.json"))
    server.route("/NM_17_5/variable.def.sdmx.json", codelist(
        "Employment rate - aged 16-64", "Employment rate males - aged 16-64 - non-UK born",
        "Employment rate - aged 16-64 - non-UK born"))
    found = discover.find(spec, fetch.PageReader(**FAST))
    assert "variable=45,102&" in found.url and found.file_name == "nomis_nm_17_5_aps_employment.csv"
    assert get_source("aps_economic").file_spec_for(found.file_name) is not None

    server.route("/NM_17_5/variable.def.sdmx.json", codelist("Employment rate - aged 16-64"))
    nothing = "no code is described so.*'Employment rate - aged 16-64'"
    with pytest.raises(discover.DiscoveryError, match=nothing):
        discover.find(spec, fetch.PageReader(**FAST))
    server.route("/NM_17_5/variable.def.sdmx.json",
                 codelist("Employment rate - aged 16-64 - non-UK born",
                          "Employment rate aged 16-64 born outside the UK"))
    with pytest.raises(discover.DiscoveryError, match="2 codes are described so"):
        discover.find(spec, fetch.PageReader(**FAST))


# --- check-releases on the same pages --------------------------------------------------------------


def test_check_releases_reads_the_same_page(server, tmp_path):
    collection(server, 2025)
    publish(server, 2025)
    source = dataclasses.replace(govuk_source(server), next_release="2099-01-01")
    held = fetch.refresh_source(tmp_path, source, **FAST).snapshot
    web = releases.Web(timeout=2, retries=0)

    same = releases.check_source(source, held, "2026-06-01", web)
    assert same.status == releases.CURRENT and same.how == "conditional request"
    assert server.hits("/media/2025abc/fake_2025.csv")[-1]["If-None-Match"] == '"2025"'

    collection(server, 2025, 2026)
    newer = publish(server, 2026)
    moved = releases.check_source(source, held, "2026-06-01", web)
    assert (moved.status, moved.how) == (releases.NEW, "publisher's page") and newer in moved.detail
    assert latest_snapshot(tmp_path, "fake").release == "2025-02-01"  # checking downloads nothing

    server.route(f"/api/content{COLLECTION}", Reply(404, b"gone"))
    gone = releases.check_source(source, held, "2026-06-01", web)
    assert gone.status == releases.UNREACHABLE and "HTTP 404" in gone.detail and "'fake_*.csv'" in gone.detail


# --- the command line and the real declarations -----------------------------------------------------


def test_cli_refresh_names_the_address_and_fails_with_exit_code_1(server, tmp_path, monkeypatch, capsys):
    collection(server, 2025)
    publish(server, 2025)
    source = govuk_source(server)
    monkeypatch.setattr("migration_profiles.sources.get_source", lambda sid: source)
    args = ["--root", str(tmp_path), "--quiet", "refresh", "fake", "--timeout", "2"]
    assert cli.main(args) == 0
    assert "/media/2025abc/fake_2025.csv" in capsys.readouterr().out
    server.route(f"/api/content{COLLECTION}", Reply(404, b"gone"))
    assert cli.main(args) == 1
    err = capsys.readouterr().err
    assert "fake: failed" in err and server.url(COLLECTION) in err


def test_dwp_nino_without_a_key_takes_the_summary_tables(server, tmp_path, monkeypatch):
    nino = get_source("dwp_nino")
    monkeypatch.delenv(nino.api_key_env, raising=False)
    server.route(f"/api/content{COLLECTION}", as_json({"links": {"documents": [
        {"title": "National Insurance number allocations to adult overseas nationals to June 2026",
         "base_path": "/government/statistics/nino-jun-2026"}]}}))
    server.route("/api/content/government/statistics/nino-jun-2026", as_json({"details": {"attachments": [
        {"title": "NINo allocations: summary tables to June 2026",
         "url": server.url("/media/n/tables.xlsx")}]}}))
    spec = dataclasses.replace(nino.discover[0], page=server.url(COLLECTION))
    found = fetch.discovered(dataclasses.replace(nino, discover=(spec,)), **FAST).downloads
    assert [(d.url, d.file_name) for d in found] == [(server.url("/media/n/tables.xlsx"),
                                                     "nino-allocations-summary-tables.xlsx")]
    assert nino.file_spec_for(found[0].file_name) is not None
    assert not fetch._queries_api(nino)
    monkeypatch.setenv(nino.api_key_env, "a-key")
    assert fetch._queries_api(nino)  # with a key, the API's fuller answer is preferred


# Names the publishers have used (see each declaration's comment for where they were seen).
PUBLISHED_NAMES = {
    "police_crime": "prc-pfa-mar2013-onwards-tables-300125.ods",
    "hate_crime": "hate-crime-england-and-wales-2024-to-2025-data-tables.ods",
    "births_parents_cob": "2025birthbyparentscountry.xlsx",
    "imd": "File_10_-_IoD2025_Local_Authority_District_Summaries__lower-tier_.xlsx",
    "aps_cob": "pop-count-birth-tab3-counc-16-cob-cor.csv",
    "cla_uasc": "la_cla_on_31_march_by_characteristics.csv",
}
DISCOVERED = {"aps_cob", "dwp_nino", "aps_economic", "core_lettings", "rough_sleeping", "cla_uasc",
              "police_crime", "hate_crime", "nrm", "imd", "births_parents_cob", "mye", "asylum_support",
              "resettlement", "dfe_eal"}


@pytest.mark.parametrize("source_id", sorted(DISCOVERED))
def test_every_moving_source_declares_where_its_file_is_found(source_id):
    source = get_source(source_id)
    assert source.discover, source_id
    for spec in source.discover:
        assert spec.kind in (GOVUK, PAGE, EES, NOMIS, EES_API)
        assert spec.page.startswith("https://") and spec.confirmed
        if spec.store_as:
            assert source.file_spec_for(spec.store_as) is not None, spec.store_as
        if source_id in PUBLISHED_NAMES:
            name = PUBLISHED_NAMES[source_id]
            assert discover._matches(spec.file, name) and source.file_spec_for(name) is not None, name


def test_sources_json_shows_the_pages_refresh_looks_on(capsys, tmp_path):
    assert cli.main(["--root", str(tmp_path), "sources", "--json"]) == 0
    rows = {row["id"]: row for row in json.loads(capsys.readouterr().out)}
    assert set(DISCOVERED) <= {sid for sid, row in rows.items() if row["discover"]}
    rough = rows["rough_sleeping"]["discover"][0]
    assert rough["page"] == "https://www.gov.uk/government/collections/homelessness-statistics"
    assert rough["kind"] == "govuk" and rough["file"] == "*.ods" and rough["confirmed"]
    assert {s.id for s in all_sources() if s.discover} == DISCOVERED


def test_sources_lists_the_page_or_address_refresh_uses(capsys, tmp_path):
    assert cli.main(["--root", str(tmp_path), "sources"]) == 0
    out = capsys.readouterr().out
    page = "https://www.gov.uk/government/collections/homelessness-statistics"
    assert f"refresh finds its file on {page}" in out
    assert "refresh downloads https://www.hesa.ac.uk/data-and-analysis/students/table-1.csv" in out
