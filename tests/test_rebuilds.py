"""Rebuilds redo only what changed: a new snapshot of one source is the only one parsed again."""

from __future__ import annotations

import pandas as pd

from migration_profiles.acquire import snapshots
from migration_profiles.sources import get_source
from migration_profiles.stages import tidy

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


