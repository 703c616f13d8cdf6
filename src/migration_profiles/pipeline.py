"""Runs the stages in order: tidy -> indicators -> pages -> site, skipping those whose inputs are unchanged."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from migration_profiles import atomic, site
from migration_profiles.geography import Geography
from migration_profiles.indicators import add_region_totals, compute_indicators
from migration_profiles.pages import write_docs
from migration_profiles.paths import Workspace
from migration_profiles.profiles import BuildContext, FigureIndex
from migration_profiles.progress import Progress
from migration_profiles.publish import PublicationRules, publish
from migration_profiles.snapshots import latest_snapshot, verify
from migration_profiles.sources import all_sources
from migration_profiles.stages import hash_file, hash_tree, run_stage
from migration_profiles.tidy import load_tidy, read_snapshots, snapshot_root, write_tidy

PACKAGE = Path(__file__).resolve().parent


@dataclass
class BuildOptions:
    edition: str | None = None  # None: named after the newest release; deploy with mike only when given
    areas: list[str] | None = None  # None: every local authority in the data
    force: bool = False
    deploy: bool = False
    push: bool = False
    rules: PublicationRules = field(default_factory=PublicationRules)


@dataclass
class BuildReport:
    edition: str
    demo: bool
    areas: int
    ran: dict[str, bool]
    missing_sources: list[str]
    quality_log: Path


def built_at() -> str:
    """Now, or SOURCE_DATE_EPOCH when set, so that a build can be reproduced byte for byte."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.isoformat(timespec="seconds")


def default_edition(snapshots: dict, demo: bool) -> str:
    """The year and month of the newest release the build contains."""
    if demo:
        return "demo"
    dates = [s.get("release_date") or "" for s in snapshots.values()]
    dates = [d for d in dates if len(d) >= 7]
    return max(dates)[:7] if dates else datetime.now(UTC).strftime("%Y-%m")


def load_geography(tidy_result) -> Geography:
    if not tidy_result.areas.empty:
        return Geography.from_tables(tidy_result.areas, tidy_result.code_changes)
    return Geography.fallback_from_observations(tidy_result.observations)


ADDITIVE_UNITS = {"people", "births", "registrations"}


def indicators_stage(ws: Workspace) -> None:
    tidy_result, _ = load_tidy(ws.tidy)
    geography = load_geography(tidy_result)
    observations, log = geography.harmonise(tidy_result.observations)
    additive = {(s.id, m.id) for s in all_sources() for m in s.measures if m.unit in ADDITIVE_UNITS}
    region_of = {code: geography.region_of(code) or "" for code in observations["area_code"].unique()}
    observations = add_region_totals(observations, region_of, additive)
    table = compute_indicators(observations)
    ws.indicators.mkdir(parents=True, exist_ok=True)
    table.to_parquet(ws.indicators / "indicators.parquet", index=False)
    log = [{"kind": "area code", **entry} for entry in log] + [{"kind": "publisher data", **entry}
                                                              for entry in tidy_result.quality]
    atomic.write_text(ws.indicators / "quality_log.json", json.dumps(log, indent=1, default=str))


def _quality_notes(log: list[dict]) -> dict[str, list[str]]:
    notes: dict[str, set[str]] = {}
    for entry in log:
        if entry.get("note"):
            notes.setdefault(entry["area_code"], set()).add(entry["note"])
    return {code: sorted(n) for code, n in notes.items()}


def pages_stage(ws: Workspace, options: BuildOptions, edition: str, demo: bool, progress: Progress) -> int:
    tidy_result, _ = load_tidy(ws.tidy)
    geography = load_geography(tidy_result)
    sources = {s.id: s for s in all_sources()}
    figures = publish(pd.read_parquet(ws.indicators / "indicators.parquet"), sources, options.rules)
    log = json.loads((ws.indicators / "quality_log.json").read_text())
    context = BuildContext(edition=edition, built_at=built_at(), demo=demo, snapshots=tidy_result.snapshots,
                           sources=sources, quality_notes=_quality_notes(log))
    index = FigureIndex(figures)
    codes = None
    if options.areas:
        unknown = sorted(set(options.areas) - set(index.areas))
        if unknown:
            from migration_profiles.errors import ProfilesError

            raise ProfilesError(f"no figures for area code(s) {', '.join(unknown)}; "
                                f"run `migration-profiles sources` to see what has been refreshed")
        codes = list(options.areas)
    with atomic.replacing_dir(ws.docs) as docs:
        written = write_docs(docs, ws.hand_written_docs, ws.build / "cache", index, geography, context, codes,
                             progress=progress.counter("pages"), quality_log=log)
    return len(written)


def build(ws: Workspace, options: BuildOptions, progress: Progress | None = None) -> BuildReport:
    progress = progress or Progress()
    sources = all_sources()
    root, demo = snapshot_root(ws)
    manifests = ws.stage_manifests
    ran: dict[str, bool] = {}

    progress.step("tidy", f"reading snapshots from {root}" + (" (demonstration data)" if demo else ""))
    ran["tidy"] = run_stage(
        manifests, "tidy",
        {"root": str(root.resolve()), "snapshots": verified_snapshots(root, sources),
         "code": hash_tree([PACKAGE / "sources", PACKAGE / "status.py", PACKAGE / "tidy.py"])},
        [ws.tidy / "snapshots.json"],
        lambda: _tidy_into(ws, root, sources, demo), options.force)
    progress.done("tidy", "done" if ran["tidy"] else "unchanged, skipped")
    tidy_result, demo = load_tidy(ws.tidy)
    for missing in tidy_result.missing:
        progress.say(f"[tidy] no snapshot of '{missing}' yet: its sections are left out "
                     f"(run `migration-profiles refresh {missing}`)")

    progress.step("indicators", "computing indicators")
    ran["indicators"] = run_stage(
        manifests, "indicators",
        {"tidy": hash_tree([ws.tidy]),
         "code": hash_tree([PACKAGE / "indicators", PACKAGE / "geography.py", PACKAGE / "pipeline.py"])},
        [ws.indicators / "indicators.parquet"], lambda: indicators_stage(ws), options.force or ran["tidy"])
    progress.done("indicators", "done" if ran["indicators"] else "unchanged, skipped")

    edition = options.edition or default_edition(tidy_result.snapshots, demo)
    counted: dict[str, int] = {}
    progress.step("pages", f"writing pages for edition {edition}")
    ran["pages"] = run_stage(
        manifests, "pages",
        {"indicators": hash_tree([ws.indicators]), "code": hash_tree([PACKAGE]),
         "docs": hash_tree([ws.hand_written_docs]),
         "options": json.dumps({"edition": edition, "areas": options.areas, "rules": options.rules.__dict__})},
        [ws.docs / "areas" / "index.md"],
        lambda: counted.setdefault("areas", pages_stage(ws, options, edition, demo, progress)),
        options.force or ran["indicators"])
    progress.done("pages", f"{counted['areas']} area pages" if ran["pages"] else "unchanged, skipped")

    progress.step("site", "building the site with MkDocs")
    ran["site"] = run_stage(
        manifests, "site",
        {"docs": hash_tree([ws.docs]), "config": hash_file(ws.mkdocs_config),
         "overrides": hash_tree([ws.root / "overrides"]), "edition": edition, "demo": str(demo)},
        [ws.site / "index.html"], lambda: site.mkdocs_build(ws, demo=demo, edition=edition),
        options.force or ran["pages"])
    progress.done("site", f"built into {ws.site}" if ran["site"] else "unchanged, skipped")

    if options.deploy:
        progress.step("publish", f"deploying edition {edition} to the gh-pages branch with mike")
        site.mike_deploy(ws, demo=demo, edition=edition, push=options.push)
        progress.done("publish")

    areas = len(list((ws.docs / "areas").glob("*.md"))) - 1
    return BuildReport(edition, demo, areas, ran, tidy_result.missing, ws.indicators / "quality_log.json")


def verified_snapshots(root: Path, sources) -> str:
    """Check every latest snapshot's bytes against its manifest, on every build, skipped or not.

    Returns a digest of what was verified, so the tidy stage reruns when any snapshot changes.
    """
    verified = {}
    for source in sources:
        snapshot = latest_snapshot(root, source.id)
        if snapshot is not None:
            verify(snapshot)
            verified[source.id] = [snapshot.release, *(f.sha256 for f in snapshot.files)]
    return json.dumps(verified, sort_keys=True)


def _tidy_into(ws: Workspace, root: Path, sources, demo: bool) -> None:
    result = read_snapshots(root, sources)
    with atomic.replacing_dir(ws.tidy) as tmp:
        write_tidy(tmp, result, demo)
