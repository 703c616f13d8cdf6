"""Issue 11, item 6, and issue 10's release order: one file of each kind per release, releases ordered by
their date, an older file never silently the latest, and a re-import that says what changed."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from migration_profiles.acquire.snapshots import (
    StagedFile,
    date_in_name,
    import_files,
    import_from_dir,
    latest_snapshot,
    list_snapshots,
    write_snapshot,
)
from migration_profiles.sources import get_source
from migration_profiles.sources.base import TIDY_COLUMNS, FileSpec, Release
from migration_profiles.stages.tidy import read_snapshots
from migration_profiles.util.errors import SnapshotError

from ..helpers_http import fake_source

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ASYLUM_CSV = FIXTURES / "asylum_support" / "local_authority_support_recent.csv"


def truncated(source_csv: Path, dest: Path, last_date: str) -> Path:
    """A copy of a Home Office CSV that stops at `last_date`, as a cut-short download would."""
    lines = source_csv.read_text(encoding="utf-8").splitlines(keepends=True)
    dest.write_text(
        lines[0] + "".join(line for line in lines[1:] if line[:10] <= last_date), encoding="utf-8"
    )
    return dest


def test_the_same_file_imported_again_under_another_name_replaces_the_first(tmp_path):
    source = get_source("asylum_support")
    root = tmp_path / "snapshots"
    once = import_files(root, source, [ASYLUM_CSV])
    single = read_snapshots(root, (source,)).observations
    copy = shutil.copy(ASYLUM_CSV, tmp_path / "local_authority_support_recent (1).csv")
    again = import_files(root, source, [Path(copy)])
    assert again.release == once.release == "mar-2024"
    assert [f.name for f in again.files] == ["local_authority_support_recent (1).csv"]
    assert any("is replaced by the file of the same kind" in change for change in again.changes)
    twice = read_snapshots(root, (source,)).observations
    assert len(twice) == len(single) and twice["value"].sum() == single["value"].sum()  # never doubled


def test_two_files_of_one_kind_in_one_folder_are_not_stored_together(tmp_path):
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    shutil.copy(ASYLUM_CSV, downloads / ASYLUM_CSV.name)
    shutil.copy(ASYLUM_CSV, downloads / "copy_of_local_authority_support_recent.csv")
    report = import_from_dir(tmp_path / "snapshots", downloads, sources=(get_source("asylum_support"),))
    assert not report.imported and len(report.failed) == 2
    assert all("one file of each kind" in reason for _, reason in report.failed)


def test_a_newer_release_imported_on_the_same_day_as_an_older_one_is_the_latest(tmp_path):
    """Home Office releases are named after their last quarter ('mar-2024') without a date: as text,
    'sep-2023' sorts after 'mar-2024'; by date it is six months older."""
    source = get_source("asylum_support")
    root = tmp_path / "snapshots"
    newer = import_files(root, source, [ASYLUM_CSV])
    older = import_files(
        root, source, [truncated(ASYLUM_CSV, tmp_path / "local_authority_support_old.csv", "2023-09-30")]
    )
    assert (newer.release, older.release) == ("mar-2024", "sep-2023")
    assert [s.release for s in list_snapshots(root, "asylum_support")] == ["sep-2023", "mar-2024"]
    assert latest_snapshot(root, "asylum_support").release == "mar-2024"
    used = read_snapshots(root, (source,)).observations
    assert set(used["release"]) == {"mar-2024"} and used["period_end"].max() == "2024-03-31"


@pytest.mark.parametrize(
    ("name", "date"),
    [
        ("jun-2026", "2026-06-01"),
        ("sep-2024", "2024-09-01"),
        ("2024-q4", "2024-12-01"),
        ("mid-2020", "2020-06-30"),
        ("imported-2026-12-07", "2026-12-07"),
        ("demo-2023-24", "2023-01-01"),
        ("2025-03", "2025-03-01"),
        ("September 2024", "2024-09-01"),
        ("no date here", ""),
    ],
)
def test_a_release_name_is_read_as_a_date(name, date):
    assert date_in_name(name) == date


def test_undated_releases_sort_by_the_date_their_names_spell(tmp_path):
    source = fake_source("fake")
    root = tmp_path / "snapshots"
    for name in ("jun-2026", "sep-2024"):  # the newer one stored first, on the same day
        (tmp_path / "fake_a.csv").write_text(f"area_code,value\nE06000001,{len(name)}\n")
        write_snapshot(root, source, Release(name, ""), [StagedFile(tmp_path / "fake_a.csv")])
    assert latest_snapshot(root, "fake").release == "jun-2026"


# --- an older or truncated file never silently becomes the latest -----------------------------------


def _parse_ends(path: Path) -> pd.DataFrame:
    """A parser that reads 'area,period_end,value' lines into the tidy table (a stand-in for any source)."""
    rows = [line.split(",") for line in path.read_text().splitlines()[1:] if line]
    return pd.DataFrame(
        [
            {
                "area_code": a,
                "area_name": a,
                "period_label": end,
                "period_start": end,
                "period_end": end,
                "measure": "people",
                "value": float(v),
                "ci_lower": None,
                "ci_upper": None,
                "status": "ok",
            }
            for a, end, v in rows
        ],
        columns=TIDY_COLUMNS,
    )


def undated_source():
    return replace(fake_source("fake"), files=(FileSpec(("fake_*.csv",), parse=_parse_ends),))


def quarterly(path: Path, last_year: int) -> Path:
    ends = [f"{y}-{m}" for y in range(2018, last_year + 1) for m in ("03-31", "06-30", "09-30", "12-31")]
    path.write_text("area,period_end,value\n" + "".join(f"E06000014,{e},{i}\n" for i, e in enumerate(ends)))
    return path


def test_a_truncated_file_without_a_release_date_does_not_replace_a_newer_release(tmp_path):
    source = undated_source()
    root = tmp_path / "snapshots"
    good = write_snapshot(
        root,
        source,
        Release("2024-11-21", "2024-11-21"),
        [StagedFile(quarterly(tmp_path / "fake_full.csv", 2024), data_end="2024-09-30")],
    )
    with pytest.raises(
        SnapshotError, match="end on 2019-12-31, before those of the latest release '2024-11-21'"
    ):
        import_files(root, source, [quarterly(tmp_path / "fake_cut.csv", 2019)])
    assert latest_snapshot(root, "fake") == good
    # A complete newer file is taken, and the import says what changed.
    newer = import_files(root, source, [quarterly(tmp_path / "fake_next.csv", 2025)])
    assert latest_snapshot(root, "fake").release == newer.release
    assert "figures now run to 2025-12-31 (were to 2024-09-30)" in newer.changes
    assert "latest release was '2024-11-21', now '" + newer.release + "'" in newer.changes


def test_importing_the_same_file_again_says_nothing_changed(tmp_path):
    root = tmp_path / "snapshots"
    import_files(root, undated_source(), [quarterly(tmp_path / "fake_a.csv", 2024)])
    again = import_files(root, undated_source(), [tmp_path / "fake_a.csv"])
    assert again.changes == ("nothing changed: the same files as before",)


def test_reference_lists_may_come_in_several_files_of_one_kind(tmp_path):
    """mySociety publishes current and future councils as two files of one layout: both are kept."""
    current = FIXTURES / "geography" / "uk_local_authorities_current.csv"
    future = Path(shutil.copy(current, tmp_path / "uk_local_authorities_future.csv"))
    snapshot = import_files(tmp_path / "snapshots", get_source("geography"), [current, future])
    assert sorted(f.name for f in snapshot.files) == [current.name, future.name]
