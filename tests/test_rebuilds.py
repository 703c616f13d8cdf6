"""Rebuilds redo only what changed: a new snapshot of one source is the only one parsed again, and an
area's spreadsheet is made again only when what it is made from changed."""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from migration_profiles.acquire import snapshots
from migration_profiles.render import workbooks
from migration_profiles.sources import get_source
from migration_profiles.stages import tidy
from migration_profiles.util import forked

from .test_downloads import _profile
from .workspace import BASIC_FIXTURES, fixture_downloads

MYE_FILE = "MYEB3_summary_components_of_change_series_UK_(2020_geog21).csv"


class _Parsed:
    """The ids of the sources parsed, by this process or the one tidy forks to parse beside it: each
    call is written to a file both can append to."""

    def __init__(self, log):
        self.log = log
        log.write_text("")

    def ids(self) -> list[str]:
        return self.log.read_text().split()

    def clear(self) -> None:
        self.log.write_text("")


def _parsed_sources(monkeypatch, tmp_path) -> _Parsed:
    parsed = _Parsed(tmp_path / "parsed.log")
    parse = tidy.parse_snapshot

    def counting(source, snapshot):
        with parsed.log.open("a") as log:
            log.write(source.id + "\n")
        return parse(source, snapshot)

    monkeypatch.setattr(tidy, "parse_snapshot", counting)
    return parsed


def _as_written(result: tidy.TidyResult, folder) -> tidy.TidyResult:
    """The tidy tables as the stages after tidy read them (the tidy stage's Parquet files)."""
    tidy.write_tidy(folder, result, demo=False)
    return tidy.load_tidy(folder)[0]


def test_a_changed_snapshot_of_one_source_is_the_only_one_parsed_again(tmp_path, monkeypatch):
    root = tmp_path / "snapshots"
    snapshots.import_from_dir(root, fixture_downloads(tmp_path / "downloads"))
    sources = tuple(get_source(s) for s in BASIC_FIXTURES)
    cache = tidy.ParsedCache(tmp_path / "parsed", code="parsers v1")
    parsed = _parsed_sources(monkeypatch, tmp_path)

    fresh = _as_written(tidy.read_snapshots(root, sources, cache), tmp_path / "fresh")
    assert sorted(parsed.ids()) == sorted(BASIC_FIXTURES)
    parsed.clear()
    again = _as_written(tidy.read_snapshots(root, sources, cache), tmp_path / "again")
    assert parsed.ids() == []  # nothing changed: every source read back
    for table in ("observations", "areas", "code_changes"):
        pd.testing.assert_frame_equal(getattr(fresh, table), getattr(again, table), check_exact=True)
    assert again.quality == fresh.quality and again.snapshots == fresh.snapshots

    # The population estimates come again with York spelt differently: only they are parsed again.
    changed = tmp_path / "changed" / MYE_FILE
    changed.parent.mkdir()
    changed.write_text((tmp_path / "downloads" / MYE_FILE).read_text(encoding="utf-8-sig")
                       .replace("E06000014,York,", "E06000014,City of York,"), encoding="utf-8")
    snapshots.import_files(root, get_source("mye"), [changed])
    after = _as_written(tidy.read_snapshots(root, sources, cache), tmp_path / "after")
    assert parsed.ids() == ["mye"]
    names = after.observations.loc[after.observations["source_id"] == "mye", "area_name"]
    assert "City of York" in set(names) and "York" not in set(names)
    others = after.observations[after.observations["source_id"] != "mye"].reset_index(drop=True)
    pd.testing.assert_frame_equal(others, fresh.observations[fresh.observations["source_id"] != "mye"]
                                  .reset_index(drop=True))
    # New parsing code parses everything again.
    parsed.clear()
    tidy.read_snapshots(root, sources, tidy.ParsedCache(tmp_path / "parsed", code="parsers v2"))
    assert sorted(parsed.ids()) == sorted(BASIC_FIXTURES)
    assert len(list((tmp_path / "parsed").iterdir())) == len(BASIC_FIXTURES)  # older entries removed


def test_only_workbooks_whose_figures_changed_are_made_again(tmp_path, monkeypatch):
    inputs, made_into, site = tmp_path / "inputs", tmp_path / "workbooks", tmp_path / "site"
    inputs.mkdir()
    york = _profile()
    hull = {**york, "area": {"code": "E06000010", "name": "Kingston upon Hull, City of"}}
    for profile in (york, hull):
        workbooks.write_input(inputs, profile)
    assert workbooks.make(inputs, made_into) == (2, 0)
    assert workbooks.install(made_into, site) == 2
    book = openpyxl.load_workbook(site / "data" / "areas" / "E06000014.xlsx")
    assert book.sheetnames[:3] == ["Cover", "Contents", "Sources"]

    made: list[str] = []
    real = workbooks.downloads.area_workbook
    monkeypatch.setattr(workbooks.downloads, "area_workbook",
                        lambda data: made.append(data["area"]["code"]) or real(data))
    later = {**york, "built_at": york["built_at"][:10] + "T23:59:00"}  # the same day: the same workbook
    workbooks.write_input(inputs, later)
    assert workbooks.make(inputs, made_into) == (0, 2) and made == []
    changed = json.loads(json.dumps(york))
    changed["themes"][0]["charts"][0]["rows"][0]["value"] = 99.5
    workbooks.write_input(inputs, changed)
    assert workbooks.make(inputs, made_into) == (1, 1) and made == ["E06000014"]
    assert len(list(made_into.glob("*.xlsx"))) == 2  # York's older workbook removed
    shutil.rmtree(site)
    workbooks.install(made_into, site)
    sheet = openpyxl.load_workbook(site / "data" / "areas" / "E06000014.xlsx").worksheets[3]
    assert sheet["C3"].value == 99.5


def test_a_new_workbook_writer_makes_every_workbook_again(tmp_path, monkeypatch):
    """Workbooks are kept by what they are made from, and the writer's code is part of that: a cover
    sheet worded anew (a publication date now said to be 'not known') reaches every workbook."""
    inputs, made_into = tmp_path / "inputs", tmp_path / "workbooks"
    inputs.mkdir()
    workbooks.write_input(inputs, _profile())
    assert workbooks.make(inputs, made_into) == (1, 0)
    assert workbooks.make(inputs, made_into) == (0, 1)
    monkeypatch.setattr(workbooks, "WRITER", workbooks.WRITER + b"new")
    assert workbooks.make(inputs, made_into) == (1, 0)
    assert len(list(made_into.glob("*.xlsx"))) == 1  # the old writer's workbook removed


MAKERS = "makers"  # a folder where each process that made a workbook leaves its id


def _made_in_process(job):
    real_make_one(job)
    (job[1].parent.parent / MAKERS / str(os.getpid())).touch()


real_make_one = workbooks._make_one


def _parts(path: Path) -> dict[str, bytes] | bytes:
    """A workbook's zip parts but its creation-time properties; any other file's bytes."""
    if path.suffix != ".xlsx":
        return path.read_bytes()
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"}


def test_workbooks_made_by_forked_workers_are_the_ones_made_in_this_process(tmp_path, monkeypatch):
    """A cold build makes the workbooks in two forked processes (forked.pool): the same files, the
    same index, part for part, as one process makes (XlsxWriter stamps each file's creation time,
    so the files' properties may differ by a second)."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (tmp_path / MAKERS).mkdir()
    york = _profile()
    for number in range(6):
        area = {"code": f"E0600000{number}", "name": f"Area {number}"}
        workbooks.write_input(inputs, {**york, "area": area})
    monkeypatch.setattr(workbooks, "_make_one", _made_in_process)
    pool = forked.pool(2)
    assert pool is not None  # fork is available here (Linux)
    try:
        assert workbooks.make(inputs, tmp_path / "forked", pool) == (6, 0)
    finally:
        pool.close()
        pool.join()
    makers = {int(path.name) for path in (tmp_path / MAKERS).iterdir()}
    assert makers and os.getpid() not in makers  # made by the pool's processes, not this one
    assert workbooks.make(inputs, tmp_path / "here") == (6, 0)
    made = {path.name: _parts(path) for path in (tmp_path / "forked").iterdir()}
    assert made == {path.name: _parts(path) for path in (tmp_path / "here").iterdir()}
    assert len(made) == 7  # six workbooks and the index
    names = json.loads((tmp_path / "forked" / workbooks.INDEX).read_text())
    book = openpyxl.load_workbook(tmp_path / "forked" / names["E06000003"])
    assert book["Cover"]["A1"].value == "Migration profile of Area 3 (E06000003)"
    assert forked.pool(1) is None  # one worker: made in this process


def test_a_workbook_that_fails_in_a_worker_fails_the_stage(tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    workbooks.write_input(inputs, _profile())
    (inputs / "E06000010.json").write_text("{not json")  # a damaged input
    pool = forked.pool(2)
    try:
        with pytest.raises(json.JSONDecodeError):
            workbooks.make(inputs, tmp_path / "workbooks", pool)
    finally:
        pool.terminate()
        pool.join()
    assert not (tmp_path / "workbooks" / workbooks.INDEX).exists()  # no index naming a missing file
