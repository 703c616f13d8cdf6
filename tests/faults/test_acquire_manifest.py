"""Issue 11, item 12: a deleted or unreadable manifest is an error that says how to repair it, and
`refresh SOURCE --file` repairs it."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from migration_profiles import cli
from migration_profiles.acquire.snapshots import MANIFEST, latest_snapshot, list_snapshots, verify
from migration_profiles.pipeline import verified_snapshots
from migration_profiles.sources import get_source
from migration_profiles.util.errors import SnapshotError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
LAMI = FIXTURES / "lami" / "lamistables_fixture.xlsx"


def refresh(root: Path, *args: str) -> int:
    return cli.main(["--root", str(root), "--quiet", "refresh", *args])


@pytest.mark.parametrize("damage", ["deleted", "garbled", "binary"])
def test_a_damaged_manifest_says_how_to_repair_it_and_refresh_file_repairs_it(tmp_path, capsys, damage):
    assert refresh(tmp_path, "lami", "--file", str(LAMI)) == 0
    snapshots = tmp_path / "data" / "snapshots"
    folder = latest_snapshot(snapshots, "lami").path
    manifest = folder / MANIFEST
    if damage == "deleted":
        manifest.unlink()
    elif damage == "garbled":
        manifest.write_text('{"source_id": "lami", "files": [')
    else:
        manifest.write_bytes(b"\xff\xfe\x00garbage")
    capsys.readouterr()

    with pytest.raises(SnapshotError) as error:  # what build reads first
        verified_snapshots(snapshots, [get_source("lami")])
    message = str(error.value)
    assert "migration-profiles refresh lami --file PATH" in message and LAMI.name in message

    assert refresh(tmp_path, "lami", "--file", str(LAMI)) == 0
    [repaired] = list_snapshots(snapshots, "lami")
    assert repaired.path == folder and repaired.release == "2021-09-17"
    verify(repaired)
    assert verified_snapshots(snapshots, [get_source("lami")])  # the build can read it again


def test_a_corrected_file_of_the_same_release_also_repairs_it(tmp_path, capsys):
    assert refresh(tmp_path, "lami", "--file", str(LAMI)) == 0
    snapshots = tmp_path / "data" / "snapshots"
    (latest_snapshot(snapshots, "lami").path / MANIFEST).unlink()
    workbook = openpyxl.load_workbook(LAMI)
    workbook["Migration Flows"].cell(row=10, column=4, value=3002)  # the publisher's corrected figure
    corrected = tmp_path / "lamistables_corrected.xlsx"
    workbook.save(corrected)
    capsys.readouterr()
    assert refresh(tmp_path, "lami", "--file", str(corrected)) == 0
    assert "had a missing or damaged manifest" in capsys.readouterr().out
    [repaired] = list_snapshots(snapshots, "lami")
    assert [f.name for f in repaired.files] == [corrected.name] and repaired.release == "2021-09-17"
    verify(repaired)
