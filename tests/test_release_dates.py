"""Every release carries its publication date where it can be known, and a name a reader can rely on.

The date is read from the file, stated in the source's declaration (KnownRelease), or given on import
(`refresh SOURCE --file PATH --published DATE`); a release is named "imported-<day>" only when neither
the file, the declaration nor the figures' period says anything better.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from migration_profiles import cli
from migration_profiles.acquire import discover, fetch, snapshots
from migration_profiles.acquire.snapshots import (
    choose_release,
    date_in_name,
    import_files,
    known_release,
    latest_snapshot,
    list_snapshots,
)
from migration_profiles.sources import all_sources, get_source
from migration_profiles.sources.base import (
    DATE_FROM_DECLARATION,
    DATE_FROM_FILE,
    DATE_FROM_PAGE,
    DATE_FROM_USER,
    FIGURES_TO,
    GOVUK,
    Discover,
    KnownRelease,
    Release,
)
from migration_profiles.util.errors import ProfilesError, SnapshotError

from .helpers_http import FakeServer, Reply, conditional, csv_bytes, csv_spec, fake_source

FIXTURES = Path(__file__).parent / "fixtures"
APS = FIXTURES / "aps_cob" / "nrs_pop-count-birth-tab3-counc-fixture.csv"
LAMI = FIXTURES / "lami" / "lamistables_fixture.xlsx"
BOUNDARIES = next((FIXTURES / "boundaries").glob("*.topo.json"))


def census(name: str) -> Path:
    return FIXTURES / "census2021" / f"{name}_2021.csv"


def refresh(root: Path, *args: str) -> int:
    return cli.main(["--root", str(root), "--quiet", "refresh", *args])


# --- names and dates from the declaration ---------------------------------------------------------


def test_census_tables_are_named_and_dated_from_the_declaration(tmp_path):
    """The census CSVs state no date: TS012 came out on 2 November 2022, TS029 on 29 November; a release
    holding both is dated by the later, whichever was imported first."""
    source = get_source("census2021")
    first = import_files(tmp_path, source, [census("TS029")])
    assert (first.release, first.release_date, first.release_date_from) == \
        ("census-2021", "2022-11-29", DATE_FROM_DECLARATION)
    both = import_files(tmp_path, source, [census("TS012")])
    assert both.release == "census-2021" and both.release_date == "2022-11-29"
    assert {f.name for f in both.files} == {"TS012_2021.csv", "TS029_2021.csv"}

    other = tmp_path / "other"
    alone = import_files(other, source, [census("TS012")])
    assert (alone.release, alone.release_date) == ("census-2021", "2022-11-02")
    later = import_files(other, source, [census("TS029")])
    assert later.release_date == "2022-11-29"
    manifest = json.loads((later.path / snapshots.MANIFEST).read_text())
    assert manifest["release_date_from"] == DATE_FROM_DECLARATION
    assert not any(p.name.startswith("imported-") for p in (other / "census2021").iterdir())


def test_a_release_the_file_names_without_a_date_is_dated_by_the_declaration():
    """The Home Office's tidied CSV says which quarter it runs to ('sep-2024') but not when it came out."""
    source = replace(fake_source(), known_releases=(KnownRelease("sep-2024", "2024-11-28", confirmed="x"),))
    chosen = choose_release(source, Release("sep-2024", ""), ["fake_a.csv"], "2024-09-30")
    assert chosen == Release("sep-2024", "2024-11-28", DATE_FROM_DECLARATION)
    stated = choose_release(source, Release("sep-2024", "2024-11-27"), ["fake_a.csv"], "2024-09-30")
    assert stated == Release("sep-2024", "2024-11-27", DATE_FROM_FILE)  # the file's own word wins
    unknown = choose_release(source, Release("dec-2024", ""), ["fake_a.csv"], "2024-12-31")
    assert unknown == Release("dec-2024", "")


def test_known_releases_match_by_file_name_and_by_the_figures_last_day():
    source = replace(fake_source(), known_releases=(
        KnownRelease("iod2019", "2019-09-26", files=("*IoD2019*",)),
        KnownRelease("2021-22", "2022-06-09", data_end="2022-01-20"),
    ))
    assert choose_release(source, None, ["File_10_-_IoD2019_x.xlsx"], None).name == "iod2019"
    assert choose_release(source, None, ["pupils.csv"], "2022-01-20") == \
        Release("2021-22", "2022-06-09", DATE_FROM_DECLARATION)
    assert choose_release(source, None, ["pupils.csv"], "2023-01-19").name == FIGURES_TO + "2023-01"


def test_every_declared_release_has_a_real_date_a_source_and_a_way_to_be_recognised():
    declared = [(s, k) for s in all_sources() for k in s.known_releases]
    assert {s.id for s, _ in declared} >= {"census2021", "census2021_msoa", "imd", "dfe_eal", "hesa",
                                            "asylum_support", "resettlement", "mye", "boundaries",
                                            "geography"}
    for source, known in declared:
        assert dt.date.fromisoformat(known.date) <= dt.date.today(), (source.id, known)
        assert known.confirmed, f"{source.id} {known.name}: say where the date was confirmed"
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", known.name), known.name
        named_by_file = any(spec.release_of for spec in source.files)
        assert known.files or known.data_end or named_by_file or known.sha256, (source.id, known)
        # known by its bytes, it is known by nothing else (see snapshots.known_release)
        assert all(re.fullmatch(r"[0-9a-f]{64}", d) for d in known.sha256), (source.id, known)
        assert not (known.sha256 and (known.files or known.data_end)), (source.id, known)
        if known.data_end:
            assert known.data_end < known.date  # figures come out after their period ends


def test_the_mid_2020_mye_csv_is_dated_by_the_declaration(tmp_path):
    """The old MYEB3 CSV names its edition, "(2020_geog21)", but not the day ONS published it."""
    path = next((FIXTURES / "mye").glob("*2020_geog21*.csv"))
    snap = import_files(tmp_path, get_source("mye"), [path])
    assert (snap.release, snap.release_date, snap.release_date_from) == \
        ("mid-2020-geog21", "2021-06-25", DATE_FROM_DECLARATION)
    manifest = json.loads((snap.path / snapshots.MANIFEST).read_text())
    assert (manifest["release_date"], manifest["release_date_from"]) == ("2021-06-25", DATE_FROM_DECLARATION)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_a_release_known_by_its_bytes_dates_those_bytes_and_no_others(tmp_path):
    """A TopoJSON updated in place keeps its name: only the version whose bytes were checked is dated."""
    source = get_source("boundaries")
    known = BOUNDARIES.read_bytes()
    dated = replace(source, known_releases=(
        KnownRelease("uk-2014-2025", "2025-06-11", sha256=(_sha256(known),), confirmed="test"),))
    snap = import_files(tmp_path / "a", dated, [BOUNDARIES])
    assert (snap.release, snap.release_date, snap.release_date_from) == \
        ("uk-2014-2025", "2025-06-11", DATE_FROM_DECLARATION)
    # A later version under the same name: one byte more, and nothing says when it came out.
    later = tmp_path / BOUNDARIES.name
    later.write_bytes(known + b"\n")
    other = import_files(tmp_path / "b", dated, [later])
    assert other.release_date == "" and other.release.startswith("imported-")
    # and the declared name alone does not date it either
    named = import_files(tmp_path / "c", dated, [later], name="uk-2014-2025")
    assert (named.release, named.release_date) == ("uk-2014-2025", "")


def test_a_release_known_by_its_bytes_is_not_recognised_by_a_name_or_a_period():
    source = replace(fake_source(), known_releases=(
        KnownRelease("sep-2024", "2024-11-28", sha256=("0" * 64,), confirmed="test"),))
    assert known_release(source, Release("sep-2024", ""), ["fake_a.csv"], "2024-09-30") is None
    assert known_release(source, None, ["fake_a.csv"], None, ["0" * 64]).date == "2024-11-28"
    # a file the declaration does not know beside one it does: the release is not dated by the older
    assert known_release(source, None, ["fake_a.csv", "fake_b.csv"], None, ["0" * 64, "1" * 64]) is None


def test_code_lists_and_their_changes_are_dated_by_the_later_file_whatever_the_order(tmp_path):
    """The table of changes (6 June) and mySociety's list (10 July) are known by their bytes; the release
    that holds both was complete, and so published, when the later came out."""
    changes, (listed,) = GEOGRAPHY / "changes.csv", sorted(GEOGRAPHY.glob("uk_local_authorities*.csv"))
    source = replace(get_source("geography"), known_releases=(
        KnownRelease("changes-to-2025", "2025-06-06", sha256=(_sha256(changes.read_bytes()),), confirmed="t"),
        KnownRelease("changes-to-2025", "2025-07-10", sha256=(_sha256(listed.read_bytes()),), confirmed="t"),
    ))
    together = import_files(tmp_path / "together", source, [changes, listed])
    assert together.release_date == "2025-07-10"
    for order, root in (((changes, listed), tmp_path / "a"), ((listed, changes), tmp_path / "b")):
        for path in order:
            snap = import_files(root, source, [path])
        assert [s.release for s in list_snapshots(root, "geography")] == [together.release]
        assert (snap.release_date, snap.release_date_from) == ("2025-07-10", DATE_FROM_DECLARATION)
    alone = import_files(tmp_path / "alone", source, [changes])
    assert alone.release_date == "2025-06-06"


def test_the_declared_digests_are_checked_only_for_sources_that_declare_some(tmp_path, monkeypatch):
    """Hashing every file again would cost a real import seconds for nothing."""
    calls = []
    monkeypatch.setattr(snapshots, "sha256_of", lambda path: calls.append(path) or "x")
    assert snapshots.declared_digests(get_source("aps_cob"), [APS]) == () and not calls
    assert snapshots.declared_digests(get_source("boundaries"), [BOUNDARIES]) == ("x",)


# --- named after the period the figures cover ------------------------------------------------------


def test_an_undated_file_is_named_after_the_period_its_figures_cover(tmp_path):
    snap = import_files(tmp_path, get_source("aps_cob"), [APS])
    assert snap.release.startswith(FIGURES_TO) and snap.release == FIGURES_TO + snap.data_end[:7]
    assert snap.release_date == "" and not snap.release.startswith("imported-")


def test_a_period_name_is_not_taken_for_a_release_date():
    """"figures-to-2021-03" says what the figures cover, not when they came out: it must not order the
    release before one published in 2021-09 that holds older figures."""
    assert date_in_name("figures-to-2021-03") == ""
    assert date_in_name("sep-2024") == "2024-09-01"


def test_a_file_with_no_period_and_nothing_declared_is_named_after_its_import_day(tmp_path):
    source = fake_source()
    path = tmp_path / "fake_a.csv"
    path.write_bytes(csv_bytes())
    snap = import_files(tmp_path / "snaps", source, [path])
    assert snap.release == f"imported-{dt.date.today().isoformat()}" and snap.release_date == ""


# --- refresh --file PATH --published DATE --release NAME ------------------------------------------


def test_refresh_file_with_published_and_release_names_and_dates_the_release(tmp_path, capsys):
    assert refresh(tmp_path, "aps_cob", "--file", str(APS), "--published", "2017-08-24",
                   "--release", "2016") == 0
    out = capsys.readouterr().out
    assert "release 2016, published 2017-08-24 (from the person who imported it)" in out
    snap = latest_snapshot(tmp_path / "data" / "snapshots", "aps_cob")
    assert (snap.release, snap.release_date, snap.release_date_from) == ("2016", "2017-08-24", DATE_FROM_USER)


def test_dating_an_earlier_import_replaces_the_undated_copy(tmp_path, capsys):
    root = tmp_path / "data" / "snapshots"
    assert refresh(tmp_path, "aps_cob", "--file", str(APS)) == 0
    assert "publication date not known (give it with: refresh aps_cob --file PATH --published" in \
        capsys.readouterr().out
    undated = latest_snapshot(root, "aps_cob").release
    assert refresh(tmp_path, "aps_cob", "--file", str(APS), "--published", "2017-08-24") == 0
    assert f"release '{undated}' is now dated: published 2017-08-24" in capsys.readouterr().out
    assert [s.release for s in list_snapshots(root, "aps_cob")] == [undated]
    assert latest_snapshot(root, "aps_cob").release_date == "2017-08-24"
    # The same file again, saying nothing new, stays the dated release rather than making a new one.
    assert refresh(tmp_path, "aps_cob", "--file", str(APS)) == 0
    assert [(s.release, s.release_date) for s in list_snapshots(root, "aps_cob")] == [(undated, "2017-08-24")]


def test_naming_an_automatic_release_replaces_it_and_it_stays_the_latest(tmp_path, capsys):
    """Otherwise the undated copy, ordered by the day it was stored, would pass for the latest."""
    root = tmp_path / "data" / "snapshots"
    assert refresh(tmp_path, "aps_cob", "--file", str(APS)) == 0
    undated = latest_snapshot(root, "aps_cob").release
    assert refresh(tmp_path, "aps_cob", "--file", str(APS), "--release", "2016",
                   "--published", "2017-08-24") == 0
    assert f"release '{undated}' held the same files with no publication date: it is now release '2016'" in \
        capsys.readouterr().out
    assert [s.release for s in list_snapshots(root, "aps_cob")] == ["2016"]
    assert refresh(tmp_path, "boundaries", "--file", str(BOUNDARIES)) == 0
    assert latest_snapshot(root, "boundaries").release.startswith("imported-")
    assert refresh(tmp_path, "boundaries", "--file", str(BOUNDARIES), "--release", "uk-2014-2025") == 0
    assert [s.release for s in list_snapshots(root, "boundaries")] == ["uk-2014-2025"]


@pytest.mark.parametrize("published, said", [
    ("2017-8-24", "give it as YYYY-MM-DD"),
    ("24/08/2017", "give it as YYYY-MM-DD"),
    ((dt.date.today() + dt.timedelta(days=2)).isoformat(), "is in the future"),
    ("2016-06-30", "before 2016-12-31, the last day the file's figures cover"),
])
def test_a_publication_date_that_cannot_be_right_is_refused_and_nothing_is_stored(tmp_path, capsys,
                                                                                 published, said):
    assert refresh(tmp_path, "aps_cob", "--file", str(APS), "--published", published) == 1
    assert said in capsys.readouterr().err
    assert not (tmp_path / "data" / "snapshots" / "aps_cob").exists()


def test_a_date_or_name_contradicting_the_file_is_refused(tmp_path, capsys):
    """The LAMI workbook states its publication date; the file is the evidence."""
    assert refresh(tmp_path, "lami", "--file", str(LAMI), "--published", "2021-09-18") == 1
    assert "the file states that it was published on 2021-09-17" in capsys.readouterr().err
    assert refresh(tmp_path, "lami", "--file", str(LAMI), "--release", "lami-2021") == 1
    assert "--release 'lami-2021' contradicts it" in capsys.readouterr().err
    assert refresh(tmp_path, "lami", "--file", str(LAMI), "--published", "2021-09-17") == 0
    snap = latest_snapshot(tmp_path / "data" / "snapshots", "lami")
    assert (snap.release_date, snap.release_date_from) == ("2021-09-17", DATE_FROM_USER)


def test_a_release_name_must_be_plain(tmp_path, capsys):
    assert refresh(tmp_path, "aps_cob", "--file", str(APS), "--release", "Sep 2024") == 1
    assert "cannot name a release" in capsys.readouterr().err


def test_published_and_release_need_file(tmp_path, capsys):
    folder = tmp_path / "downloads"
    folder.mkdir()
    shutil.copy(APS, folder)
    assert refresh(tmp_path, "--from", str(folder), "--published", "2017-08-24") == 1
    assert "--published and --release describe the file given with --file" in capsys.readouterr().err


def test_choose_release_checks_the_date_without_the_command_line():
    with pytest.raises(SnapshotError, match="YYYY-MM-DD"):
        choose_release(fake_source(), None, ["fake_a.csv"], None, published="2017-02-30")
    assert isinstance(SnapshotError("x"), ProfilesError)


# --- the publisher's page or API --------------------------------------------------------------------


def _json(document: dict) -> Reply:
    return Reply(200, json.dumps(document).encode(), {"Content-Type": "application/json"})


@pytest.mark.parametrize("with_collection", [True, False])
def test_a_file_found_on_a_govuk_page_is_dated_by_the_page(tmp_path, with_collection):
    """The file states nothing; GOV.UK's Content API says when the release's document was first published
    (a collection's newest document) or when a standing page was last updated with its newest file."""
    with FakeServer() as server:
        release_page = "/government/statistics/fake-2025"
        media = "/media/abc/fake_2025.csv"
        item = {"title": "Fake 2025", "first_published_at": "2025-02-27T09:30:00.000+00:00",
                "public_updated_at": "2025-05-22T09:30:00.000+00:00",
                "details": {"attachments": [{"title": "tables", "url": server.url(media),
                                             "filename": "fake_2025.csv"}]}}
        server.route(f"/api/content{release_page}", _json(item))
        server.route("/api/content/government/collections/fake", _json({"title": "Fake", "links": {
            "documents": [{"title": "Fake 2025", "base_path": release_page,
                           "first_published_at": "2025-02-27T09:30:00Z"}]}}))
        server.route(media, conditional(csv_bytes(), etag='"1"'))
        page = "/government/collections/fake" if with_collection else release_page
        spec = Discover(GOVUK, server.url(page), file="fake_*.csv",
                        document="^Fake" if with_collection else "", confirmed="test")
        source = replace(fake_source(files=(csv_spec("fake_*.csv", release=False),)), discover=(spec,))
        result = fetch.refresh_source(tmp_path, source, timeout=2, retries=0)
    assert result.status == fetch.NEW, result.message
    day = "2025-02-27" if with_collection else "2025-05-22"
    snap = result.snapshot
    assert (snap.release, snap.release_date, snap.release_date_from) == (day, day, DATE_FROM_PAGE)


def test_the_ees_api_dates_its_data_set_version():
    class Reader:
        def json(self, url):
            if url.endswith("/publications?search=x"):
                return {"results": [{"id": "p1", "title": "Schools, pupils"}]}
            return {"results": [{"id": "d1", "title": "Pupils by language",
                                 "latestVersion": {"version": "2.0", "published": "2025-06-05T09:30:00"}}]}

    spec = Discover("ees_api", "https://api.example/v1/publications?search=x", document="Schools",
                    title="language", address="https://api.example/v1/data-sets/{id}/csv?dataSetVersion={version}",
                    confirmed="test")
    assert discover.find(spec, Reader()).published == "2025-06-05"


# --- files imported one at a time still make one release ---------------------------------------------

GEOGRAPHY = FIXTURES / "geography"


def test_a_code_list_and_its_table_of_changes_make_one_release_whatever_the_order(tmp_path):
    """The table of changes names the release after the last year it covers; the code lists say nothing.
    Stored apart, the newer-looking one would hide the other from the build."""
    source = get_source("geography")
    lists = sorted(GEOGRAPHY.glob("uk_local_authorities*.csv"))
    for order, root in (((lists[:1], [GEOGRAPHY / "changes.csv"], lists[1:]), tmp_path / "a"),
                        (([GEOGRAPHY / "changes.csv"], lists[:1], lists[1:]), tmp_path / "b")):
        for paths in order:
            if paths:
                snap = import_files(root, source, paths)
        assert [s.release for s in list_snapshots(root, "geography")] == ["changes-to-2025"]
        assert {f.name for f in snap.files} == {p.name for p in [*lists, GEOGRAPHY / "changes.csv"]}
        assert date_in_name(snap.release) == ""  # a period, not a publication date


def test_a_metadata_file_imported_first_joins_the_release_its_data_file_names(tmp_path):
    source = get_source("dfe_eal")
    meta, data = sorted((FIXTURES / "dfe_eal").glob("*meta.csv")), sorted((FIXTURES / "dfe_eal").glob("*.gz"))
    first = import_files(tmp_path, source, meta)
    assert first.release.startswith("imported-")
    both = import_files(tmp_path, source, data)
    assert [s.release for s in list_snapshots(tmp_path, "dfe_eal")] == [both.release]
    assert {f.name for f in both.files} == {meta[0].name, data[0].name}
    assert any("which stated nothing, are now in release" in c for c in both.changes)
    # and the other way round: the metadata joins the release already stored
    other = tmp_path / "other"
    import_files(other, source, data)
    joined = import_files(other, source, meta)
    assert [s.release for s in list_snapshots(other, "dfe_eal")] == [joined.release]
    assert {f.name for f in joined.files} == {meta[0].name, data[0].name}


def test_refresh_from_keeps_files_that_state_nothing_with_the_release_the_others_state(tmp_path):
    folder = tmp_path / "downloads"
    folder.mkdir()
    for path in GEOGRAPHY.glob("*.csv"):
        shutil.copy(path, folder)
    report = snapshots.import_from_dir(tmp_path / "snaps", folder, sources=[get_source("geography")])
    assert not report.failed and len(report.snapshots) == 1
    assert report.snapshots[0].release == "changes-to-2025"
    assert {f.name for f in report.snapshots[0].files} == {p.name for p in GEOGRAPHY.glob("*.csv")}
