"""Runs the stages in order: tidy -> indicators -> pages -> site, skipping those whose inputs are
unchanged."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from migration_profiles.acquire.snapshots import latest_snapshot, verify
from migration_profiles.local import store as local_store
from migration_profiles.local.validate import KEYS as LOCAL_KEYS
from migration_profiles.render import editions, explore, local_pages, pdf
from migration_profiles.render.inputs import load_geography, profile_inputs
from migration_profiles.render.pages import own_scripts, vega_bundle, write_docs
from migration_profiles.render.profiles import (
    LA_PREFIXES,
    local_authority_codes,
)
from migration_profiles.site import adapter as site
from migration_profiles.sources import all_sources, police_force_areas
from migration_profiles.sources.base import PUBLIC
from migration_profiles.stages import predecessors, rankings
from migration_profiles.stages.geography import Geography
from migration_profiles.stages.indicators import add_region_totals, compute_indicators
from migration_profiles.stages.indicators.rates import add_larger_area_populations
from migration_profiles.stages.publish import (
    PUBLIC_AUDIENCE,
    PublicationRules,
    publish_local,
)
from migration_profiles.stages.runner import hash_file, hash_tree, run_stage
from migration_profiles.stages.tidy import ParsedCache, load_tidy, read_snapshots, snapshot_root, write_tidy
from migration_profiles.util import atomic, forked
from migration_profiles.util.errors import ProfilesError
from migration_profiles.util.paths import Workspace, usable_tool_cache
from migration_profiles.util.progress import Progress

PACKAGE = Path(__file__).resolve().parent


@dataclass
class BuildOptions:
    edition: str | None = None  # None: named after the newest release; deploy with mike only when given
    areas: list[str] | None = None  # None: every local authority in the data
    force: bool = False
    deploy: bool = False
    push: bool = False
    rules: PublicationRules = field(default_factory=PublicationRules)
    with_pdf: bool = False  # also render each area's board-paper PDF, linked from its page
    pdf_engine: str = "auto"  # auto, quarto or typst (see pdf.py)


@dataclass
class BuildReport:
    edition: str
    demo: bool
    areas: int
    ran: dict[str, bool]
    missing_sources: list[str]
    quality_log: Path
    local_left_out: list[str] = field(default_factory=list)  # restricted local data a public build left out


def default_edition(snapshots: dict, demo: bool) -> str:
    """The year and month of the newest release of figures the build contains
    (editions.newest_release_month; boundaries and code lists are reference data)."""
    if demo:
        return "demo"
    reference = {s.id for s in all_sources() if s.kind == "reference"}
    return editions.newest_release_month(snapshots, reference) or datetime.now(UTC).strftime("%Y-%m")


ADDITIVE_UNITS = {"people", "births", "registrations"}
SMALL_AREA_CODES = r"^[EW]02\d{6}$"  # middle layer super output areas


def larger_area_members(geography: Geography) -> dict[str, list[str]]:
    """Every council of each county and of each police force area: the councils whose populations
    add up to the larger area's, for rates of its figures."""
    members: dict[str, list[str]] = {}
    for area in geography.local_authorities():
        if area.county_code:
            members.setdefault(area.county_code, []).append(area.area_code)
    for force in police_force_areas.forces():
        members[force] = [code for code, _ in police_force_areas.council_areas(force)]
    return members


def indicators_stage(ws: Workspace) -> None:
    tidy_result, _ = load_tidy(ws.tidy)
    geography = load_geography(tidy_result)
    additive = {(s.id, m.id) for s in all_sources() for m in s.measures if m.unit in ADDITIVE_UNITS}
    # Small areas (MSOAs) are not in the local authority geography: they skip its code checks, which
    # would log each of thousands of them as unknown.
    small = tidy_result.observations["area_code"].astype(str).str.match(SMALL_AREA_CODES)
    # With no small areas the whole table is harmonised: filtering it first would only copy it.
    observations, log = geography.harmonise(tidy_result.observations[~small] if small.any()
                                            else tidy_result.observations, additive=additive)
    small_rows = tidy_result.observations[small]
    observations = pd.concat([observations, small_rows.assign(original_code=small_rows["area_code"])],
                             ignore_index=True)
    region_of = {code: geography.region_of(code) or "" for code in observations["area_code"].unique()}
    observations = add_region_totals(observations, region_of, additive)
    # After the regions: a new council's sum must not be counted in its region a second time.
    observations, summed = predecessors.add_successor_sums(observations, geography, all_sources(), additive)
    observations = add_larger_area_populations(observations, larger_area_members(geography))
    table = compute_indicators(observations)
    ws.indicators.mkdir(parents=True, exist_ok=True)
    atomic.write_parquet(ws.indicators / "indicators.parquet", table)
    # Ranks and neighbours need every local authority, so they are computed here once, from public
    # figures, rather than when a page or PDF for a few areas is rendered. Only current councils are
    # ranked: an abolished one is not an area a reader can compare with, and a council created since
    # is ranked on its own figures or, before it existed, on the sums of its predecessors'.
    public = table[table["source_id"].isin({s.id for s in all_sources() if s.classification == PUBLIC})]
    la_codes = sorted(c for c in public["area_code"].unique()
                      if c.startswith(LA_PREFIXES) and not geography.has_ended(c))
    rankings.save(rankings.Standing(rankings.TableIndex(public), la_codes, geography.region_of),
                  ws.indicators / "standing.json")
    log += predecessors.quality_entries(summed, geography, {s.id: s for s in all_sources()})
    log = [{"kind": "area code", **entry} for entry in log] + [{"kind": "publisher data", **entry}
                                                              for entry in tidy_result.quality]
    atomic.write_text(ws.indicators / "quality_log.json", json.dumps(log, indent=1, default=str))


def pages_stage(ws: Workspace, options: BuildOptions, edition: str, demo: bool, progress: Progress,
                previous: editions.Previous | None = None) -> int:
    inputs = profile_inputs(ws, options.rules, edition, demo)
    tidy_result, geography, sources, figures = inputs.tidy, inputs.geography, inputs.sources, inputs.figures
    log, context, index = inputs.log, inputs.context, inputs.index
    if options.areas:
        # Only councils have pages. Small areas (MSOAs, wards) are shown on their council's page and
        # maps: thousands of them as pages would make the site build grow with them.
        not_councils = sorted(code for code in options.areas if not code.startswith(LA_PREFIXES))
        if not_councils:
            raise ProfilesError(f"{', '.join(not_councils)}: only local authorities have a page of their "
                                f"own; smaller areas are shown on their council's page")
        unknown = sorted(set(options.areas) - set(index.areas))
        if unknown:
            raise ProfilesError(f"no figures for area code(s) {', '.join(unknown)}; "
                                f"run `migration-profiles sources` to see what has been refreshed")
        codes = list(options.areas)
    else:
        codes = local_authority_codes(index)
    # The previous docs folder is thousands of files: it is removed in the background (atomic.discard).
    with atomic.replacing_dir(ws.docs, background=True) as docs:
        # The Vega bundle (when not cached), the edition's data package and its record, "What changed"
        # page and pages for areas that no longer exist need none of the pages, only which areas have
        # one: they are made in a forked process while this one writes the pages.
        record = functools.partial(
            editions.write_edition, docs, edition=edition, built_at=context.built_at, demo=demo,
            snapshots=context.snapshots, figures=figures,
            pages={code: geography.name(code) for code in codes},
            current_areas=set(local_authority_codes(index)), geography=geography, sources=sources,
            previous=previous or editions.Previous(None))
        tools = usable_tool_cache(ws)
        package = forked.start(_beside_pages, tools, docs, record, ws.tidy, figures,
                               tidy_result, geography, sources, edition, context.built_at, demo)
        try:
            written = write_docs(docs, ws.hand_written_docs, ws.build / "cache", index,
                                 geography, context, codes, progress=progress.counter("pages"),
                                 quality_log=log, pdf_links=options.with_pdf,
                                 boundaries=explore.boundaries_files(snapshot_root(ws)[0]),
                                 tool_cache=tools)
        except BaseException:
            with suppress(Exception):  # the pages' error is the one to report
                package()
            raise
        package()
        local_pages.write(docs, inputs.local, local_store.local_root(ws), options.rules)
    return len(written)


def _beside_pages(tool_cache_dir: Path, docs: Path, record: Callable[[], object], *package) -> None:
    vega_bundle(tool_cache_dir)  # into the cache, where write_docs reads it after the pages
    own_scripts(tool_cache_dir)  # minified, likewise
    explore.write_package(docs, *package)
    record()  # the edition's record and pages (editions.write_edition)


def prepare(ws: Workspace, options: BuildOptions, progress: Progress) -> tuple:
    """Run the tidy and indicators stages, each skipped when its inputs are unchanged.

    Returns (tidy result, demo, {stage: ran}): what the pages and the PDFs are made from.
    """
    sources = all_sources()
    root, demo = snapshot_root(ws)
    if not any(root.glob("*/*/manifest.json")):
        raise ProfilesError(f"no snapshots in {ws.snapshots}, and no demonstration data in "
                            f"{ws.sample_snapshots}: run `migration-profiles refresh` to download the "
                            f"sources, or `migration-profiles refresh --from DIR` to import files you have")
    manifests = ws.shared_manifests
    ran: dict[str, bool] = {}

    progress.step("tidy", f"reading snapshots from {root}" + (" (demonstration data)" if demo else ""))
    ran["tidy"] = run_stage(
        manifests, "tidy",
        {"root": str(root.resolve()), "snapshots": verified_snapshots(root, sources),
         "code": _tidy_code()},
        [ws.tidy / "snapshots.json"],
        lambda: _tidy_into(ws, root, sources, demo), options.force)
    progress.done("tidy", "done" if ran["tidy"] else "unchanged, skipped")
    tidy_result, demo = load_tidy(ws.tidy, observations=False)  # the indicators stage reads its own
    for missing in tidy_result.missing:
        progress.say(f"[tidy] no snapshot of '{missing}' yet: its sections are left out "
                     f"(run `migration-profiles refresh {missing}`)")

    progress.step("indicators", "computing indicators")
    ran["indicators"] = run_stage(
        manifests, "indicators",
        {"tidy": hash_tree([ws.tidy]),
         "code": hash_tree([PACKAGE / "stages/indicators", PACKAGE / "stages/geography.py",
                            PACKAGE / "pipeline.py", PACKAGE / "stages/predecessors.py",
                            PACKAGE / "stages/sums.py", PACKAGE / "stages/rankings.py",
                            PACKAGE / "stages/frames.py"])},
        [ws.indicators / "indicators.parquet"], lambda: indicators_stage(ws), options.force or ran["tidy"])
    progress.done("indicators", "done" if ran["indicators"] else "unchanged, skipped")
    return tidy_result, demo, ran


def edition_name(ws: Workspace, options: BuildOptions, tidy_result, demo: bool,
                 published: editions.PublishedEditions | None = None) -> str:
    """The edition a build makes: as given, else named after the newest release it contains."""
    published = published or editions.PublishedEditions(ws.root)
    edition = options.edition or default_edition(tidy_result.snapshots, demo)
    if not options.edition and not demo:
        edition = editions.default_name(edition, published, tidy_result.snapshots)
    editions.check_name(edition)
    return edition


def build(ws: Workspace, options: BuildOptions, progress: Progress | None = None) -> BuildReport:
    progress = progress or Progress()
    manifests = ws.stage_manifests
    tidy_result, demo, ran = prepare(ws, options, progress)

    published = editions.PublishedEditions(ws.root)  # what the gh-pages branch holds, if anything
    edition = edition_name(ws, options, tidy_result, demo, published)
    if options.deploy and options.rules.audience != PUBLIC_AUDIENCE:
        raise ProfilesError(f"an edition built for the '{options.rules.audience}' audience cannot be "
                            f"deployed: gh-pages is public")
    previous = published.previous(edition)
    if previous is not None and bool((published.record(previous) or {}).get("demo")) != demo:
        previous = None  # demonstration and real editions are never compared
    counted: dict[str, int] = {}
    progress.step("pages", f"writing pages for edition {edition}"
                  + (f", compared with published edition {previous}" if previous else ""))
    ran["pages"] = run_stage(
        manifests, "pages",
        {"indicators": hash_tree([ws.indicators]), "code": hash_tree([PACKAGE]),
         "docs": hash_tree([ws.hand_written_docs]), "local": hash_tree([local_store.local_root(ws)]),
         "options": json.dumps({"edition": edition, "areas": options.areas, "rules": options.rules.__dict__,
                                "with_pdf": options.with_pdf}),
         "previous": published.fingerprint(previous)},
        [ws.docs / "areas" / "index.md", ws.docs / editions.PAGE],
        lambda: counted.setdefault("areas", pages_stage(ws, options, edition, demo, progress,
                                                        editions.Previous.load(published, previous))),
        options.force or ran["indicators"])
    progress.done("pages", f"{counted['areas']} area pages" if ran["pages"] else "unchanged, skipped")

    if options.with_pdf:  # after the pages, whose links they fill; before the site, which serves them
        progress.step("pdf", "rendering each area's board-paper PDF")
        ran["pdf"] = run_stage(
            manifests, "pdf",
            {"pages": _recorded_key(manifests, "pages"),
             "engine": options.pdf_engine},
            [ws.docs / pdf.SITE_FOLDER],
            lambda: counted.setdefault("pdfs", pdf.site_stage(ws, options, edition, demo, progress)),
            options.force or ran["pages"])
        progress.done("pdf", f"{counted['pdfs']} PDFs" if ran["pdf"] else "unchanged, skipped")

    progress.step("site", "building the site with MkDocs")
    # build/docs is written only by the pages (and pdf) stages: their recorded keys say whether it
    # changed, without reading its few hundred megabytes again on every build.
    docs_key = _recorded_key(manifests, "pages") + (
        _recorded_key(manifests, "pdf") if options.with_pdf else "")
    ran["site"] = run_stage(
        manifests, "site",
        {"docs": docs_key,
         "config": hash_file(ws.mkdocs_config),
         "overrides": hash_tree([ws.root / "overrides"]), "edition": edition, "demo": str(demo)},
        [ws.site / "index.html"],
        lambda: site.mkdocs_build(ws, demo=demo, edition=edition),
        options.force or ran["pages"])
    progress.done("site", f"built into {ws.site}" if ran["site"] else "unchanged, skipped")
    atomic.finish_discarding()  # the replaced docs and site folders are gone when the build returns

    if options.deploy:
        progress.step("publish", f"deploying edition {edition} to the gh-pages branch with mike")
        site.mike_deploy(ws, demo=demo, edition=edition, push=options.push,
                         latest=published.takes_latest(edition))
        progress.done("publish")

    record = ws.docs / editions.RECORD_DIR / editions.RECORD_FILE
    areas = len(json.loads(record.read_text())["areas"]) if record.exists() else 0
    held = local_store.held(local_store.local_root(ws))
    left_out = [f"{d['title']} ({d['provider']})"
                for d in publish_local(held, LOCAL_KEYS, options.rules).left_out]
    return BuildReport(edition, demo, areas, ran, tidy_result.missing, ws.indicators / "quality_log.json",
                       left_out)


def _recorded_key(manifests: Path, stage: str) -> str:
    record = manifests / f"{stage}.json"
    return json.loads(record.read_text())["key"] if stage and record.exists() else ""


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


TIDY_CODE = ("sources", "util/status.py", "util/escape.py", "stages/tidy.py", "stages/packed.py")


def _tidy_code() -> str:
    """A hash of the code that parses snapshots into tidy tables."""
    return hash_tree([PACKAGE / name for name in TIDY_CODE])


def _tidy_into(ws: Workspace, root: Path, sources, demo: bool) -> None:
    # Each source's parsed tables are kept by snapshot: a new release of one source parses that one.
    result = read_snapshots(root, sources, ParsedCache(ws.build / "cache" / "parsed", _tidy_code()))
    with atomic.replacing_dir(ws.tidy) as tmp:
        write_tidy(tmp, result, demo)
