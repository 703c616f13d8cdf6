"""Issue 11, items 8 to 11: builds never damage each other or the last good site.

8  a second build is refused with a clear message while one runs;
9  every stage output is written atomically (a failed write leaves the last good file);
10 `build --areas` writes a preview in build/preview/ and never touches the full site;
11 what killed runs left behind is cleaned on the next run, and files get ordinary permissions.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from migration_profiles import cli, pipeline
from migration_profiles.pipeline import BuildOptions
from migration_profiles.util import atomic, lock
from migration_profiles.util.progress import Progress

from ..workspace import fixture_downloads, make_project

pytestmark = pytest.mark.slow  # builds a whole site once for the module

YORK = "E06000014"
DEAD_PID = 4_194_999  # above Linux's largest process id: never a running process


def run(ws, *args: str) -> int:
    return cli.main(["--root", str(ws.root), "--quiet", *args])


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A project refreshed from the fixtures and built in full once."""
    old_mask = os.umask(0o022)
    try:
        root = tmp_path_factory.mktemp("acquire")
        ws = make_project(root / "p")
        assert run(ws, "refresh", "--from", str(fixture_downloads(root / "downloads"))) == 0
        assert run(ws, "build") == 0
    finally:
        os.umask(old_mask)
    return ws


# --- 8: a lock ----------------------------------------------------------------------------------------


def test_a_second_build_is_refused_while_one_runs(built, capsys):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from migration_profiles.util import lock\n"
            "with lock.held(Path(sys.argv[1]), 'build'):\n    print('held', flush=True); time.sleep(60)",
            str(built.build / ".build.lock"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        site = tree(built.site)
        capsys.readouterr()
        started = time.monotonic()
        assert run(built, "build", "--force") == 1
        err = capsys.readouterr().err
        assert "another build is running in this project" in err and f"process {holder.pid}" in err
        assert time.monotonic() - started < 5  # refused at once, before any stage ran
        assert tree(built.site) == site
    finally:
        holder.kill()
        holder.wait()
    # The operating system released the killed holder's lock: the next build may go ahead.
    with lock.held(built.build / ".build.lock", "build"):
        pass


# --- 9: atomic stage outputs ---------------------------------------------------------------------------


def test_a_failed_indicators_write_leaves_the_last_good_file(built, monkeypatch):
    target = built.indicators / "indicators.parquet"
    good = target.read_bytes()

    def half_then_fail(self, path, *args, **kwargs):
        Path(path).write_bytes(good[: len(good) // 2])  # what a kill half way through leaves
        raise OSError("killed while writing")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", half_then_fail)
    with pytest.raises(OSError, match="killed while writing"):
        pipeline.indicators_stage(built)
    monkeypatch.undo()
    assert target.read_bytes() == good
    assert not [p for p in built.indicators.iterdir() if p.name.startswith(".")]
    pd.read_parquet(target)  # whole, and readable


# --- 10: a preview never replaces the full site ----------------------------------------------------------


def test_build_areas_writes_a_preview_beside_the_full_site(built, capsys):
    site = tree(built.site)
    capsys.readouterr()
    assert run(built, "build", "--areas", YORK) == 0
    out = capsys.readouterr().out
    preview = built.as_preview()
    assert str(preview.site) in out and "is unchanged" in out
    assert (preview.site / "areas" / YORK / "index.html").is_file()
    assert len(list((preview.docs / "areas").glob("E*.md"))) == 1
    assert tree(built.site) == site  # every file of the full site as it was
    # The full build after a preview has nothing to redo: the preview kept its own stage records.
    report = pipeline.build(built, BuildOptions(), Progress(quiet=True))
    assert report.ran == {"tidy": False, "indicators": False, "pages": False, "site": False}


def test_a_preview_is_never_deployed(built, capsys):
    assert run(built, "build", "--areas", YORK, "--edition", "2021-09") == 1
    assert "never deployed" in capsys.readouterr().err


@pytest.mark.parametrize("areas", ["", " ", ",", " , "])
def test_build_areas_with_no_code_is_an_error(built, capsys, areas):
    site = tree(built.site)
    assert run(built, "build", "--areas", areas) == 1
    assert "--areas needs at least one area code" in capsys.readouterr().err
    assert tree(built.site) == site


# --- 11: leftovers of killed runs, and ordinary permissions ----------------------------------------------


def test_what_killed_runs_left_is_cleaned_on_the_next_run(built, capsys):
    dead_site = built.build / f".site.{DEAD_PID}.k1ll3d.tmp"
    dead_site.mkdir()
    (dead_site / "index.html").write_text("half a site")
    dead_parquet = built.indicators / f".indicators.parquet.{DEAD_PID}.abcd1234.tmp"
    dead_parquet.write_bytes(b"PAR1 half")
    untagged = built.build / ".docs.oldstyle.tmp"  # left before temporary names carried a process id
    untagged.mkdir()
    os.utime(untagged, (time.time() - 2 * atomic.UNTAGGED_AGE,) * 2)
    alive = built.build / f".site.{os.getpid()}.inuse.tmp"  # a running process's work is left alone
    alive.mkdir()
    staging = Path(atomic.tempfile.gettempdir()) / f"{atomic.REFRESH_STAGING}{DEAD_PID}-x1y2"
    staging.mkdir(exist_ok=True)
    (staging / "download.part").write_bytes(b"x" * 1000)
    snapshot_left = built.snapshots / "lami" / f".2021-09-17.{DEAD_PID}.zz99.tmp"
    snapshot_left.mkdir()
    try:
        capsys.readouterr()
        assert cli.main(["--root", str(built.root), "build"]) == 0
        said = capsys.readouterr()
        assert "left by an interrupted run" in said.out + said.err
        assert not dead_site.exists() and not dead_parquet.exists() and not untagged.exists()
        assert alive.exists()
        assert run(built, "refresh", "--from", str(built.root / "nothing-here")) == 1  # a refresh sweeps too
        assert not staging.exists() and not snapshot_left.exists()
    finally:
        alive.rmdir()


def test_a_folder_swapped_out_by_a_killed_run_is_put_back(built):
    """Killed between its two renames, a build leaves the last good site as .site.old and no site."""
    site = tree(built.site)
    old = built.build / ".site.old"
    os.replace(built.site, old)
    assert run(built, "build") == 0
    assert tree(built.site) == site and not old.exists()


def test_outputs_have_ordinary_permissions(built):
    old_mask = os.umask(0o022)
    try:
        assert run(built, "build", "--force") == 0
    finally:
        os.umask(old_mask)
    lami = next(p for p in (built.snapshots / "lami").iterdir() if not p.name.startswith("."))
    for path in (
        built.site,
        built.site / "index.html",
        built.docs,
        built.tidy,
        built.tidy / "observations.parquet",
        built.indicators / "indicators.parquet",
        built.indicators / "quality_log.json",
        lami,
        lami / "manifest.json",
    ):
        mode = stat.S_IMODE(path.stat().st_mode)
        expected = 0o755 if path.is_dir() else 0o644
        assert mode == expected, f"{path}: {oct(mode)}"


# --- a project with nothing to build from -----------------------------------------------------------


@pytest.mark.parametrize("command", [["build"], ["pdf", "--area", YORK]])
def test_a_project_with_no_snapshots_says_to_refresh(tmp_path, capsys, command):
    """No snapshots and no demonstration data: a message saying what to run, not a traceback from deep
    in the pages, and nothing written to the site."""
    ws = make_project(tmp_path / "p")
    assert run(ws, *command) == 1
    error = capsys.readouterr().err
    assert "no snapshots in" in error and "migration-profiles refresh" in error and "Traceback" not in error
    assert not ws.site.exists()
