"""Snapshots: the stored evidence. Written atomically, verified byte for byte, never a bad file."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import logging
import shutil
from pathlib import Path

import pytest

from migration_profiles.acquire import snapshots
from migration_profiles.acquire.snapshots import (
    MANIFEST,
    StagedFile,
    import_files,
    import_from_dir,
    latest_snapshot,
    list_snapshots,
    validate_file,
    verify,
    write_snapshot,
)
from migration_profiles.sources.base import FileSpec, Release
from migration_profiles.util.errors import LayoutError, SnapshotError

from .helpers_http import (
    HTML_ERROR_PAGE,
    csv_bytes,
    csv_spec,
    fake_source,
    xlsx_bytes,
    xlsx_spec,
)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "snapshots"


@pytest.fixture
def source():
    return fake_source(
        "fake",
        files=(
            csv_spec("fake_b*.csv"),  # a second kind of CSV: a release holds one file of each kind
            csv_spec("fake_*.csv", "fake_*.csv.gz"),
            xlsx_spec("fake_*.xlsx"),
            FileSpec(("fake_*.xls",), parse=lambda p: None, expect="xls"),
        ),
    )


def stage(tmp_path: Path, name: str, data: bytes, **meta) -> StagedFile:
    folder = tmp_path / "staging"
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(data)
    return StagedFile(folder / name, **meta)


def no_temp_leftovers(root: Path, source_id: str) -> bool:
    return not [p for p in (root / source_id).iterdir() if p.name.startswith(".")]


# --- write / list / latest / verify --------------------------------------------------------------


def test_write_snapshot_stores_files_and_manifest(tmp_path, root, source):
    data = csv_bytes("2023-06-01")
    staged = stage(tmp_path, "fake_a.csv", data, url="http://x/fake_a.csv", etag='"e1"', retrieved_at="t")
    snap = write_snapshot(root, source, Release("2023-06-01", "2023-06-01"), [staged])

    assert snap.path == root / "fake" / "2023-06-01"
    assert (snap.path / "fake_a.csv").read_bytes() == data
    assert snap.file_paths() == [snap.path / "fake_a.csv"]
    manifest = json.loads((snap.path / MANIFEST).read_text())
    assert set(manifest) == {"source_id", "release", "release_date", "release_date_from", "created_at",
                             "files"}
    assert manifest["source_id"] == "fake" and manifest["release"] == "2023-06-01"
    entry = manifest["files"][0]
    for key in ("name", "sha256", "size", "url", "retrieved_at", "etag", "last_modified", "imported_from"):
        assert key in entry
    assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert entry["size"] == len(data) and entry["etag"] == '"e1"' and entry["url"] == "http://x/fake_a.csv"
    verify(snap)
    assert no_temp_leftovers(root, "fake")


def test_list_and_latest_sort_by_release_date_then_name(tmp_path, root, source):
    assert list_snapshots(root, "fake") == [] and latest_snapshot(root, "fake") is None
    for name, date in [("b-2022", "2022-01-01"), ("a-2024", "2024-01-01"), ("z-2022", "2022-01-01")]:
        write_snapshot(
            root, source, Release(name, date), [stage(tmp_path, "fake_a.csv", csv_bytes(tag=name))]
        )
    assert [s.release for s in list_snapshots(root, "fake")] == ["b-2022", "z-2022", "a-2024"]
    assert latest_snapshot(root, "fake").release == "a-2024"
    # A folder left by an interrupted write is not a snapshot.
    (root / "fake" / ".a-2025.xyz.tmp").mkdir()
    assert len(list_snapshots(root, "fake")) == 3


def test_undated_import_sorts_by_the_day_it_was_stored(tmp_path, root, source):
    write_snapshot(
        root, source, Release("2020-05-01", "2020-05-01"), [stage(tmp_path, "fake_a.csv", csv_bytes())]
    )
    write_snapshot(
        root, source, Release("imported-x", ""), [stage(tmp_path, "fake_a.csv", csv_bytes(tag="1"))]
    )
    assert latest_snapshot(root, "fake").release == "imported-x"


def test_verify_names_the_tampered_file_and_both_hashes(tmp_path, root, source):
    data = csv_bytes()
    snap = write_snapshot(root, source, Release("r1", ""), [stage(tmp_path, "fake_a.csv", data)])
    target = snap.path / "fake_a.csv"
    tampered = bytearray(data)
    tampered[5] ^= 0x01
    target.write_bytes(bytes(tampered))
    with pytest.raises(SnapshotError) as err:
        verify(snap)
    message = str(err.value)
    assert "fake_a.csv" in message and "'fake'" in message and "'r1'" in message
    assert hashlib.sha256(data).hexdigest() in message
    assert hashlib.sha256(bytes(tampered)).hexdigest() in message


def test_verify_reports_missing_and_unlisted_files(tmp_path, root, source):
    snap = write_snapshot(root, source, Release("r1", ""), [stage(tmp_path, "fake_a.csv", csv_bytes())])
    (snap.path / "fake_a.csv").unlink()
    (snap.path / "stray.txt").write_text("hello")
    with pytest.raises(SnapshotError, match=r"'fake_a.csv' is missing.*'stray.txt' is present but not in"):
        verify(snap)


def test_rewriting_identical_bytes_is_a_no_op(tmp_path, root, source):
    first = write_snapshot(root, source, Release("r1", ""), [stage(tmp_path, "fake_a.csv", csv_bytes())])
    mtime = (first.path / MANIFEST).stat().st_mtime_ns
    again = write_snapshot(root, source, Release("r1", ""), [stage(tmp_path, "fake_a.csv", csv_bytes())])
    assert again.created_at == first.created_at
    assert (first.path / MANIFEST).stat().st_mtime_ns == mtime


def test_different_bytes_replace_the_release_whole(tmp_path, root, source):
    write_snapshot(
        root,
        source,
        Release("r1", ""),
        [stage(tmp_path, "fake_a.csv", csv_bytes()), stage(tmp_path, "fake_b.csv", csv_bytes(tag="b"))],
    )
    new = write_snapshot(root, source, Release("r1", ""), [stage(tmp_path, "fake_a.csv", csv_bytes(tag="x"))])
    assert sorted(p.name for p in new.path.iterdir()) == ["fake_a.csv", MANIFEST]
    assert (new.path / "fake_a.csv").read_bytes() == csv_bytes(tag="x")
    verify(new)
    assert no_temp_leftovers(root, "fake")


def test_failure_mid_write_leaves_the_old_snapshot_intact(tmp_path, root, source, monkeypatch):
    old = write_snapshot(
        root,
        source,
        Release("r1", ""),
        [stage(tmp_path, "fake_a.csv", csv_bytes()), stage(tmp_path, "fake_b.csv", csv_bytes(tag="b"))],
    )
    old_bytes = {p.name: p.read_bytes() for p in old.path.iterdir()}
    real_copy = shutil.copyfile
    calls = []

    def copy_then_fail(src, dst, *args, **kwargs):
        calls.append(src)
        if len(calls) == 2:
            raise OSError("disk full")
        return real_copy(src, dst, *args, **kwargs)

    monkeypatch.setattr(snapshots.shutil, "copyfile", copy_then_fail)
    staged = [
        stage(tmp_path, "fake_a.csv", csv_bytes(tag="new")),
        stage(tmp_path, "fake_b.csv", csv_bytes(tag="n")),
    ]
    with pytest.raises(OSError, match="disk full"):
        write_snapshot(root, source, Release("r1", ""), staged)
    monkeypatch.undo()

    assert {p.name: p.read_bytes() for p in old.path.iterdir()} == old_bytes
    verify(latest_snapshot(root, "fake"))
    assert no_temp_leftovers(root, "fake")


def test_write_snapshot_refuses_unsafe_names(tmp_path, root, source):
    with pytest.raises(SnapshotError):
        write_snapshot(root, source, Release("../evil", ""), [stage(tmp_path, "fake_a.csv", csv_bytes())])
    with pytest.raises(SnapshotError, match="two files"):
        f = stage(tmp_path, "fake_a.csv", csv_bytes())
        write_snapshot(root, source, Release("r", ""), [f, f])


def test_damaged_manifest_is_reported(root, source):
    folder = root / "fake" / "r1"
    folder.mkdir(parents=True)
    (folder / MANIFEST).write_text("{not json")
    with pytest.raises(SnapshotError, match="cannot be read"):
        list_snapshots(root, "fake")


# --- validate_file -------------------------------------------------------------------------------


def test_html_page_where_a_workbook_was_expected_is_rejected(tmp_path, source):
    path = tmp_path / "fake_table.xlsx"
    path.write_bytes(HTML_ERROR_PAGE)
    with pytest.raises(LayoutError) as err:
        validate_file(source, path)
    message = str(err.value)
    assert "HTML page" in message and ".xlsx workbook" in message and "fake_table.xlsx" in message


def test_html_page_where_csv_was_expected_is_rejected(tmp_path, source):
    path = tmp_path / "fake_table.csv"
    path.write_bytes(b"\n  " + HTML_ERROR_PAGE)
    with pytest.raises(LayoutError, match="HTML page"):
        validate_file(source, path)


def test_valid_files_of_each_kind_pass(tmp_path, source):
    cases = {
        "fake_a.xlsx": xlsx_bytes(),
        "fake_b.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
        "fake_c.csv": b"\xef\xbb\xbf" + csv_bytes(),  # UTF-8 with BOM
        "fake_d.csv": csv_bytes() + "# \u00a9 Crown copyright\n".encode("iso-8859-1"),  # not UTF-8
        "fake_e.csv.gz": gzip.compress(csv_bytes()),
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        assert validate_file(source, tmp_path / name) is not None, name


@pytest.mark.parametrize(
    "name, data, found",
    [
        ("fake_a.xls", xlsx_bytes(), "zip archive or .xlsx"),
        ("fake_a.xlsx", b"", "empty file"),
        ("fake_a.csv", b"PK\x03\x04\x00\x00binary", "zip archive"),
        ("fake_a.csv", b"area_code,value\x00\x00\x01", "bytes starting"),
        ("fake_a.csv.gz", csv_bytes(), "bytes starting"),
        ("fake_a.csv.gz", gzip.compress(HTML_ERROR_PAGE), "HTML page"),
    ],
)
def test_bytes_that_are_not_what_the_source_publishes_are_rejected(tmp_path, source, name, data, found):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(LayoutError, match=found):
        validate_file(source, tmp_path / name)


def test_unknown_file_name_lists_the_patterns(tmp_path, source):
    (tmp_path / "other.csv").write_bytes(csv_bytes())
    with pytest.raises(LayoutError, match=r"'fake_\*\.csv'.*'fake_\*\.xlsx'"):
        validate_file(source, tmp_path / "other.csv")


def test_changed_layout_is_rejected_by_the_parser(tmp_path, source):
    (tmp_path / "fake_a.csv").write_text("code,amount\nE06000001,3\n")
    with pytest.raises(LayoutError, match="header 'area_code,value'"):
        validate_file(source, tmp_path / "fake_a.csv")


def test_parser_crash_becomes_a_layout_error(tmp_path):
    def broken(path):
        raise ValueError("row 7 has 3 columns, expected 2")

    source = fake_source(files=(FileSpec(("fake_*.csv",), parse=broken),))
    (tmp_path / "fake_a.csv").write_bytes(csv_bytes())
    with pytest.raises(LayoutError, match="ValueError: row 7"):
        validate_file(source, tmp_path / "fake_a.csv")


# --- import_files --------------------------------------------------------------------------------


def test_import_files_without_a_stated_release_uses_an_imported_release(tmp_path, root, source, caplog):
    path = tmp_path / "fake_a.csv"
    path.write_bytes(csv_bytes())
    with caplog.at_level(logging.INFO, logger="migration_profiles.acquire.snapshots"):
        snap = import_files(root, source, [path])
    today = dt.date.today().isoformat()
    assert snap.release == f"imported-{today}" and snap.release_date == ""
    assert f"imported-{today}" in caplog.text and "do not state their release" in caplog.text
    entry = snap.files[0]
    assert entry.imported_from == str(path.resolve()) and entry.retrieved_at and entry.url == ""
    verify(snap)


def test_import_files_uses_the_release_the_file_states(tmp_path, root, source):
    path = tmp_path / "fake_a.csv"
    path.write_bytes(csv_bytes("2023-06-01"))
    snap = import_files(root, source, [path])
    assert (snap.release, snap.release_date) == ("2023-06-01", "2023-06-01")


def test_import_files_one_at_a_time_builds_up_a_release(tmp_path, root, source):
    (tmp_path / "fake_a.csv").write_bytes(csv_bytes("2023-06-01"))
    (tmp_path / "fake_b.xlsx").write_bytes(xlsx_bytes())
    import_files(root, source, [tmp_path / "fake_a.csv"])
    (tmp_path / "fake_b.csv").write_bytes(csv_bytes("2023-06-01", tag="b"))
    snap = import_files(root, source, [tmp_path / "fake_b.csv"])
    assert sorted(f.name for f in snap.files) == ["fake_a.csv", "fake_b.csv"]
    verify(snap)


def test_import_files_refuses_files_from_different_releases(tmp_path, root, source):
    (tmp_path / "fake_a.csv").write_bytes(csv_bytes("2023-06-01"))
    (tmp_path / "fake_b.csv").write_bytes(csv_bytes("2024-06-01"))
    with pytest.raises(SnapshotError, match="different releases"):
        import_files(root, source, [tmp_path / "fake_a.csv", tmp_path / "fake_b.csv"])
    assert list_snapshots(root, "fake") == []


def test_import_files_never_stores_a_bad_file(tmp_path, root, source):
    (tmp_path / "fake_a.xlsx").write_bytes(HTML_ERROR_PAGE)
    with pytest.raises(LayoutError):
        import_files(root, source, [tmp_path / "fake_a.xlsx"])
    assert not (root / "fake").exists() or list_snapshots(root, "fake") == []


# --- import_from_dir -----------------------------------------------------------------------------


def test_import_from_dir_places_files_and_reports_the_rest(tmp_path, root):
    alpha = fake_source("alpha", files=(csv_spec("alpha_*.csv", "*common*.csv"),))
    beta = fake_source("beta", files=(xlsx_spec("beta_*.xlsx"), csv_spec("*common*.csv")))
    folder = tmp_path / "downloads"
    (folder / "sub").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    (folder / "alpha_2023.csv").write_bytes(csv_bytes("2023-06-01"))
    (folder / "alpha_broken.csv").write_text("wrong,header\n1,2\n")
    (folder / "sub" / "beta_table.xlsx").write_bytes(xlsx_bytes())
    (folder / "common_2023.csv").write_bytes(csv_bytes())
    (folder / "notes.txt").write_text("my notes")
    (folder / "README.md").write_text("# what these are")
    (folder / "MANIFEST.tsv").write_text("a\tb\n")
    (folder / ".DS_Store").write_bytes(b"\x00\x01")
    (folder / ".hidden" / "alpha_x.csv").write_bytes(csv_bytes())

    report = import_from_dir(root, folder, sources=[alpha, beta])

    assert sorted(report.imported) == ["alpha", "beta"]
    assert [f.name for f in report.imported["alpha"].files] == ["alpha_2023.csv"]
    assert report.imported["alpha"].release == "2023-06-01"
    assert [f.name for f in report.imported["beta"].files] == ["beta_table.xlsx"]
    assert report.unplaced == [folder / "common_2023.csv", folder / "notes.txt"]
    assert "ambiguous" in report.unplaced_reasons[folder / "common_2023.csv"]
    assert "'alpha'" in report.unplaced_reasons[folder / "common_2023.csv"]
    assert [p for p, _ in report.failed] == [folder / "alpha_broken.csv"]
    assert "header 'area_code,value'" in report.failed[0][1]
    for snap in report.imported.values():
        verify(snap)


def test_import_from_dir_splits_files_by_the_release_they_state(tmp_path, root):
    alpha = fake_source("alpha", files=(csv_spec("alpha_*.csv"),))
    folder = tmp_path / "downloads"
    (folder / "2023").mkdir(parents=True)
    (folder / "2024").mkdir()
    (folder / "2023" / "alpha_t.csv").write_bytes(csv_bytes("2023-06-01"))
    (folder / "2024" / "alpha_t.csv").write_bytes(csv_bytes("2024-06-01"))
    report = import_from_dir(root, folder, sources=[alpha])
    assert [s.release for s in list_snapshots(root, "alpha")] == ["2023-06-01", "2024-06-01"]
    assert report.imported["alpha"].release == "2024-06-01" and len(report.snapshots) == 2
    assert not report.failed and not report.unplaced


def test_import_from_dir_with_nothing_usable_imports_nothing(tmp_path, root):
    alpha = fake_source("alpha", files=(csv_spec("alpha_*.csv"),))
    folder = tmp_path / "downloads"
    folder.mkdir()
    (folder / "alpha_a.csv").write_bytes(HTML_ERROR_PAGE)
    report = import_from_dir(root, folder, sources=[alpha])
    assert report.imported == {} and len(report.failed) == 1 and "HTML page" in report.failed[0][1]
