"""Stage: read the latest snapshot of every source into tidy tables.

Demonstration and real data are never mixed: once any real snapshot exists, the build reads real
snapshots alone and a source without one is reported as not yet refreshed.
"""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from migration_profiles.acquire.snapshots import Snapshot, latest_snapshot, verify
from migration_profiles.sources.base import (
    AREA_COLUMNS,
    AREAS,
    CODE_CHANGE_COLUMNS,
    CODE_CHANGES,
    OBSERVATIONS,
    PROVENANCE_COLUMNS,
    TIDY_COLUMNS,
    Source,
)
from migration_profiles.sources.checks import check_figures
from migration_profiles.sources.geography import committed_changes
from migration_profiles.stages.packed import PackedFrame
from migration_profiles.util import atomic, escape, forked
from migration_profiles.util import status as st
from migration_profiles.util.errors import ProfilesError, SnapshotError
from migration_profiles.util.paths import Workspace

KNOWN_STATUSES = set(st.STATUS_TEXT)


@dataclass
class TidyResult:
    observations: pd.DataFrame
    areas: pd.DataFrame
    code_changes: pd.DataFrame
    snapshots: dict  # source_id -> facts about the snapshot read
    missing: list[str] = field(default_factory=list)  # sources with no snapshot
    quality: list[dict] = field(default_factory=list)  # faults found in the publishers' data


def snapshot_root(ws: Workspace) -> tuple[Path, bool]:
    """(where to read snapshots from, whether that is the demonstration data)."""
    if any(ws.snapshots.glob("*/*/manifest.json")):
        return ws.snapshots, False
    return ws.sample_snapshots, True


def _snapshot_facts(snapshot: Snapshot) -> dict:
    first = snapshot.files[0]
    return {
        "release": snapshot.release,
        "release_date": snapshot.release_date,
        "release_date_from": snapshot.release_date_from,
        "data_end": snapshot.data_end,  # the last day its figures cover: what its release can be named by
        "retrieved_at": first.retrieved_at or "",
        "sha256": first.sha256,
        "url": first.url or "",
        "files": [{"name": f.name, "sha256": f.sha256, "url": f.url, "retrieved_at": f.retrieved_at}
                  for f in snapshot.files],
    }


def _check_observations(source: Source, file_name: str, frame: pd.DataFrame) -> None:
    """A parser that emits something its declaration does not describe is a bug; stop early."""
    if list(frame.columns) != TIDY_COLUMNS:
        raise ProfilesError(f"parser of '{source.id}' returned columns {list(frame.columns)}, "
                            f"not {TIDY_COLUMNS}")
    declared = {m.id for m in source.measures}
    undeclared = set(frame["measure"].unique()) - declared
    if undeclared:
        raise ProfilesError(f"parser of '{source.id}' emitted undeclared measures {sorted(undeclared)} "
                            f"from '{file_name}'")
    unknown = set(frame["status"].unique()) - KNOWN_STATUSES
    if unknown:
        raise ProfilesError(f"parser of '{source.id}' emitted unknown statuses {sorted(unknown)}")
    valued_but_missing = ~frame["status"].isin(st.HAS_VALUE) & frame["value"].notna()
    if valued_but_missing.any():
        raise ProfilesError(f"parser of '{source.id}' gave a value to a figure marked missing "
                            f"in '{file_name}'")
    check_figures(source, file_name, frame)  # a snapshot stored before these checks existed is held to them


@dataclass
class SourceTables:
    """What one source's latest snapshot parses into: lists of frames, as tidy concatenates them."""

    observations: list[pd.DataFrame] = field(default_factory=list)
    areas: list[pd.DataFrame] = field(default_factory=list)
    changes: list[pd.DataFrame] = field(default_factory=list)
    quality: list[dict] = field(default_factory=list)


def parse_snapshot(source: Source, snapshot: Snapshot) -> SourceTables:
    """Parse every file of the snapshot with its source's parsers, and check what they return."""
    tables = SourceTables()
    for file in snapshot.files:
        spec = source.file_spec_for(file.name)
        if spec is None:
            patterns = [p for s in source.files for p in s.patterns]
            raise SnapshotError(f"source '{source.id}', release '{snapshot.release}': the file '{file.name}' "
                                f"matches none of the source's patterns {patterns}")
        frame = spec.parse(snapshot.path / file.name)
        escape.check_names(frame, source.id, file.name)  # a snapshot stored before names were checked
        if spec.quality is not None:
            tables.quality.extend({"source_id": source.id, "file_name": file.name, **issue}
                                  for issue in spec.quality(frame))
        if spec.table == OBSERVATIONS:
            _check_observations(source, file.name, frame)
            frame = frame.assign(source_id=source.id, release=snapshot.release, file_name=file.name,
                                 snapshot_sha256=file.sha256)
            tables.observations.append(frame)
        elif spec.table == AREAS:
            tables.areas.append(frame[AREA_COLUMNS])
        elif spec.table == CODE_CHANGES:
            tables.changes.append(frame[CODE_CHANGE_COLUMNS])
    if source.combine is not None and len(tables.observations) > 1:
        tables.observations = [source.combine(tables.observations)]
    return tables


class ParsedCache:
    """Each source's parsed tables, kept by what they were parsed from: the snapshot (release and file
    hashes) and the parsing code. A build after one source's new release parses that source alone;
    the others are read back from here (Parquet, a fraction of the time their spreadsheets take).

    One folder per source, `<source>.<key>/`, holding `<table>-<n>.parquet` and quality.json; a
    source's older folders are removed when a newer one is written.
    """

    TABLES = ("observations", "areas", "changes")

    def __init__(self, folder: Path, code: str):
        self.folder, self.code = folder, code

    def _key(self, snapshot: Snapshot) -> str:
        files = [(f.name, f.sha256) for f in snapshot.files]
        text = json.dumps([snapshot.release, files, self.code])
        return hashlib.sha256(text.encode()).hexdigest()[:20]

    def held(self, source: Source, snapshot: Snapshot) -> bool:
        """Whether the tables of this snapshot, parsed by this code, are here to be read back."""
        return (self.folder / f"{source.id}.{self._key(snapshot)}" / "quality.json").exists()

    def tables(self, source: Source, snapshot: Snapshot) -> SourceTables:
        held = self.folder / f"{source.id}.{self._key(snapshot)}"
        if (held / "quality.json").exists():
            frames = {name: [pd.read_parquet(path)
                             for path in sorted(held.glob(f"{name}-*.parquet"), key=_number)]
                      for name in self.TABLES}
            return SourceTables(**frames, quality=json.loads((held / "quality.json").read_text()))
        tables = parse_snapshot(source, snapshot)
        for old in self.folder.glob(f"{source.id}.*"):
            shutil.rmtree(old, ignore_errors=True)
        with atomic.replacing_dir(held) as tmp:
            for name in self.TABLES:
                for n, frame in enumerate(getattr(tables, name)):
                    frame.to_parquet(tmp / f"{name}-{n}.parquet", index=False)
            (tmp / "quality.json").write_text(json.dumps(tables.quality, default=str))
        return tables


def _number(path: Path) -> int:
    return int(path.stem.rpartition("-")[2])


def read_snapshots(root: Path, sources: tuple[Source, ...], cache: ParsedCache | None = None) -> TidyResult:
    """Every source's latest snapshot as tidy tables; with `cache`, a source whose snapshot and parsing
    code are unchanged since it was last parsed is read back instead of parsed again."""
    observations, areas, changes, facts, missing, quality = [], [], [], {}, [], []
    latest = [(source, latest_snapshot(root, source.id)) for source in sources]
    ahead = _parse_two_at_a_time(latest, cache)
    # In the sources' order, whatever was parsed ahead: the same tables, the same errors at the same point
    # (a snapshot that fails its check, or a file that fails to parse, raises here as it always did).
    for source, snapshot in latest:
        if snapshot is None:
            missing.append(source.id)
            continue
        verify(snapshot)
        facts[source.id] = _snapshot_facts(snapshot)
        tables = ahead.get(source.id)
        if tables is None:
            tables = cache.tables(source, snapshot) if cache is not None else parse_snapshot(source, snapshot)
        observations.extend(tables.observations)
        areas.extend(tables.areas)
        changes.extend(tables.changes)
        quality.extend(tables.quality)
    changes.append(committed_changes())  # announced changes the published table may lack
    return TidyResult(
        observations=pd.concat(observations, ignore_index=True) if observations
        else pd.DataFrame(columns=TIDY_COLUMNS + PROVENANCE_COLUMNS),
        areas=pd.concat(areas, ignore_index=True) if areas else pd.DataFrame(columns=AREA_COLUMNS),
        code_changes=pd.concat(changes, ignore_index=True).drop_duplicates(ignore_index=True),
        snapshots=facts,
        missing=missing,
        quality=quality,
    )


def _parse_two_at_a_time(latest: list[tuple[Source, Snapshot | None]],
                         cache: ParsedCache | None) -> dict[str, SourceTables]:
    """The sources to be parsed (not read back from `cache`), parsed by this process and a forked one
    side by side, each taking the next source from one shared list, largest snapshot first. Parsing is
    most of the stage and one source needs nothing from another, so two cores halve it; only the
    child's tables are pickled back. A source that fails (or a child that dies) is left out, and
    read_snapshots parses it again in its turn, where its error is raised as it always was."""
    jobs = []
    for source, snapshot in latest:
        if snapshot is None or (cache is not None and cache.held(source, snapshot)):
            continue
        try:
            verify(snapshot)  # a snapshot that fails it is not parsed ahead: read_snapshots raises
        except ProfilesError:
            continue
        jobs.append((source, snapshot))
    if len(jobs) < 2 or (os.cpu_count() or 1) < 2:
        return {}
    jobs.sort(key=lambda job: -sum((job[1].path / f.name).stat().st_size for f in job[1].files))
    taken = multiprocessing.Value("i", 0)
    # What is loaded so far is left out of the garbage collector's scans while the child runs: scanning
    # it would make the child copy every memory page it inherited (as pages.py does before forking).
    gc.freeze()
    try:
        wait = forked.start(_take_jobs, jobs, taken, cache, pack=True)
        try:
            mine = _take_jobs(jobs, taken, cache)
        finally:
            try:
                theirs = wait()
            except Exception:  # noqa: BLE001 - the child's sources are parsed again in their turn
                theirs = {}
    finally:
        gc.unfreeze()
    return {**{source_id: _unpacked(tables) for source_id, tables in theirs.items()}, **mine}


def _take_jobs(jobs: list[tuple[Source, Snapshot]], taken, cache: ParsedCache | None,
               pack: bool = False) -> dict[str, SourceTables]:
    """Parse the next job not yet taken (by this process or the other) until none is left; with `pack`
    (in the forked process), each table ready to be sent to the parent (stages/packed.py)."""
    done: dict[str, SourceTables] = {}
    while True:
        with taken.get_lock():
            index = taken.value
            taken.value += 1
        if index >= len(jobs):
            return done
        source, snapshot = jobs[index]
        try:
            done[source.id] = cache.tables(source, snapshot) if cache is not None else parse_snapshot(
                source, snapshot)
        except Exception:  # noqa: BLE001 - parsed again in its turn by read_snapshots, which raises
            continue
        if pack:
            done[source.id] = _packed(done[source.id])


def _packed(tables: SourceTables) -> SourceTables:
    return SourceTables(**{name: [PackedFrame(frame) for frame in getattr(tables, name)]
                           for name in ParsedCache.TABLES}, quality=tables.quality)


def _unpacked(tables: SourceTables) -> SourceTables:
    return SourceTables(**{name: [frame.frame() for frame in getattr(tables, name)]
                           for name in ParsedCache.TABLES}, quality=tables.quality)


def write_tidy(out: Path, result: TidyResult, demo: bool) -> None:
    out.mkdir(parents=True, exist_ok=True)
    result.observations.to_parquet(out / "observations.parquet", index=False)
    result.areas.to_parquet(out / "areas.parquet", index=False)
    result.code_changes.to_parquet(out / "code_changes.parquet", index=False)
    atomic.write_text(out / "snapshots.json", json.dumps(
        {"demo": demo, "snapshots": result.snapshots, "missing": result.missing,
         "quality": result.quality}, indent=1, default=str))


def load_tidy(out: Path, observations: bool = True) -> tuple[TidyResult, bool]:
    """The tidy stage's output. Pages and PDFs need only its metadata and geography, so with
    `observations=False` the largest table is not read (an empty one stands in), unless there is no
    geography table and the areas must be found from the observations themselves."""
    meta = json.loads((out / "snapshots.json").read_text())
    areas = pd.read_parquet(out / "areas.parquet")
    result = TidyResult(
        observations=pd.read_parquet(out / "observations.parquet") if observations or areas.empty
        else pd.DataFrame(),
        areas=areas,
        code_changes=pd.read_parquet(out / "code_changes.parquet"),
        snapshots=meta["snapshots"],
        missing=meta["missing"],
        quality=meta.get("quality", []),
    )
    return result, meta["demo"]
