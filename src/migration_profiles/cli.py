"""The `migration-profiles` command line."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from migration_profiles import __version__
from migration_profiles.local import command as local_command
from migration_profiles.util import atomic, lock
from migration_profiles.util.errors import ProfilesError
from migration_profiles.util.paths import Workspace
from migration_profiles.util.progress import Progress

READ_TIMEOUT = 60  # seconds a download may wait for the server's next bytes

DESCRIPTION = """\
Build local-area profiles of international migration from public UK statistics.

Typical use:
  migration-profiles build                          build the site from the demonstration data
  migration-profiles refresh --from ~/Downloads     import files you downloaded by hand
  migration-profiles refresh                        download the latest release of every source
  migration-profiles build --edition 2026-08        build and publish an edition with mike
  migration-profiles serve                          preview the built site on 127.0.0.1
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="migration-profiles", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--root", type=Path, default=Path.cwd(),
                        help="project folder holding data/, docs/ and mkdocs.yml "
                             "(default: the current folder)")
    parser.add_argument("--quiet", action="store_true", help="print no progress, only results and errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    refresh = commands.add_parser(
        "refresh", help="download or import the latest release of sources",
        description="Download the latest release of each source (all when none is named), or import files "
                    "you downloaded by hand. A file is stored only after it parses; a failed download or a "
                    "changed layout leaves the previous snapshot untouched.")
    refresh.add_argument("sources", nargs="*", metavar="SOURCE", help="source ids (see `sources`)")
    group = refresh.add_mutually_exclusive_group()
    group.add_argument("--from", dest="from_dir", type=Path, metavar="DIR",
                       help="import every recognised file under DIR; files no source recognises are listed")
    group.add_argument("--file", type=Path, action="append", metavar="PATH",
                       help="import this file for the one SOURCE named (repeatable)")
    refresh.add_argument("--published", metavar="YYYY-MM-DD", default="",
                         help="with --file: the day the publisher released the file, when the file does not "
                              "state it (shown beside the release on every page)")
    refresh.add_argument("--release", metavar="NAME", default="",
                         help="with --file: the release's name, e.g. the period it covers or the publisher's "
                              "name for it ('sep-2024'), when the file does not state it")
    refresh.add_argument("--timeout", type=float, default=300,
                         help="seconds a download may take in all, retries included (default 300); a read "
                              f"that waits more than {READ_TIMEOUT} s for the server is also retried")

    build = commands.add_parser(
        "build", help="build the site: tidy tables, indicators, pages, MkDocs",
        description="Run tidy -> indicators -> pages -> site into build/site/. Stages whose inputs have "
                    "not changed are skipped. With --edition, the edition is also deployed with mike to the "
                    "local gh-pages branch and the 'latest' alias moved to it.")
    build.add_argument("--edition", metavar="NAME", nargs="?", const="",
                       help="deploy the build as an edition with mike; NAME defaults to the year and month "
                            "the newest release of figures came out (for a release whose date is not known, "
                            "the month its figures end), with .2, .3 ... when that name is already published "
                            "with other data")
    build.add_argument("--areas", metavar="CODE,...", help="only these area codes (comma-separated)")
    build.add_argument("--force", action="store_true",
                       help="run every stage even if its inputs are unchanged")
    build.add_argument("--push", action="store_true", help="with --edition: push gh-pages to the remote")
    build.add_argument("--with-pdf", action="store_true",
                       help="also render each area's board-paper PDF into the site, linked from its page")
    build.add_argument("--audience", choices=["public", "internal"], default="public",
                       help="public (default) publishes only data cleared for publication; internal adds "
                            "restricted local data into build/internal/, marked OFFICIAL-SENSITIVE, "
                            "never deployed")

    serve = commands.add_parser("serve", help="preview the built site on 127.0.0.1",
                                description="Serve build/site/ on 127.0.0.1 until you press Ctrl+C.")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--audience", choices=["public", "internal"], default="public",
                       help="internal: preview the internal build in build/internal/site/")

    sources = commands.add_parser("sources",
                                  help="list sources, their latest snapshot and whether a release is due",
                                  description="List every declared source with its latest snapshot, release "
                                              "date and whether a newer release is due.")
    sources.add_argument("--json", action="store_true", help="print the full declarations as JSON")

    from migration_profiles.acquire.releases import EXIT_CODES_HELP

    check = commands.add_parser(
        "check-releases", help="ask each source whether a newer release than its latest snapshot exists",
        description="For each source: the publisher's API where the source declares one, then a conditional "
                    "request (ETag / Last-Modified) on each download URL, and the declared next release date "
                    "as the fallback. Reports current, new, overdue or unreachable (with the reason). "
                    "Downloads nothing and changes nothing.",
        epilog=EXIT_CODES_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    check.add_argument("sources", nargs="*", metavar="SOURCE", help="source ids (default: every source)")
    check.add_argument("--json", action="store_true", help="print the results as JSON")
    check.add_argument("--timeout", type=float, default=30, help="seconds before a request is abandoned")

    editions = commands.add_parser(
        "editions", help="list the editions published on the gh-pages branch",
        description="List the editions in versions.json on the gh-pages branch (the local branch, or "
                    "origin/gh-pages when that is newer), newest first, with their aliases and releases.")
    editions.add_argument("--json", action="store_true", help="print the editions as JSON")

    pdf = commands.add_parser(
        "pdf", help="export areas' profiles as A4 PDFs for board and committee papers",
        description="Render each chosen area's profile as an A4 PDF with the same figures, wording, caveats "
                    "and sources as its web page, into build/pdf/<edition>/<code>-<name>.pdf. The tidy and "
                    "indicators stages run first when they are missing or out of date. Many areas are "
                    "rendered in parallel, one process per core.")
    which = pdf.add_mutually_exclusive_group(required=True)
    which.add_argument("--area", action="append", metavar="CODE", help="this area (repeatable)")
    which.add_argument("--region", metavar="CODE",
                       help="every local authority in this region (E12...) or nation (W92000004, ...)")
    which.add_argument("--all", dest="all_areas", action="store_true", help="every local authority")
    pdf.add_argument("--engine", choices=["auto", "quarto", "typst"], default="auto",
                     help="quarto (needs `quarto` on PATH), typst (embedded: pip install typst "
                          "pypandoc-binary), or auto (default): Quarto when present, else typst")
    pdf.add_argument("--edition", metavar="NAME",
                     help="the edition named on the PDFs (default: as `build` names it)")
    pdf.add_argument("--jobs", type=int, metavar="N",
                     help="worker processes for many areas (default: one per core)")
    pdf.add_argument("--variant", choices=["full", "board", "both"], default="full",
                     help="full (default): every chart with its table, as on the web page; board: a short "
                          "board paper (summary, overview, six key charts, caveats; the charts' tables in "
                          "an appendix) named <code>-<name>-board.pdf; both: the two")
    local_command.add_parser(commands)
    return parser


def _published(snap) -> str:
    """When the release came out and how that is known, or how to say it when it is not known."""
    if snap.release_date:
        return f"published {snap.release_date}" + (f" (from {snap.release_date_from})"
                                                  if snap.release_date_from else "")
    return (f"publication date not known (give it with: refresh {snap.source_id} --file PATH "
            "--published YYYY-MM-DD)")


def cmd_refresh(ws: Workspace, args, progress: Progress) -> int:
    from migration_profiles.acquire import fetch, snapshots
    from migration_profiles.sources import all_sources, get_source

    if (args.published or args.release) and not args.file:
        raise ProfilesError("--published and --release describe the file given with --file, for example: "
                            "refresh census2021 --file TS012.csv --published 2022-11-02")
    if args.from_dir:
        if not args.from_dir.is_dir():
            raise ProfilesError(f"--from {args.from_dir}: no such folder")
        progress.step("refresh", f"importing files from {args.from_dir}")
        report = snapshots.import_from_dir(ws.snapshots, args.from_dir)
        for source_id, snap in sorted(report.imported.items()):
            print(f"imported {source_id}: release {snap.release}, {_published(snap)} "
                  f"({len(snap.files)} file(s))")
            for change in snap.changes:
                print(f"  {change}")
        for path in report.unplaced:
            print(f"not placed: {path}: {report.unplaced_reasons.get(path, 'no source recognises it')}")
        for path, reason in report.failed:
            print(f"failed: {path}: {reason}", file=sys.stderr)
        progress.done("refresh")
        return 0 if report.imported else 1
    if args.file:
        if len(args.sources) != 1:
            raise ProfilesError("--file needs exactly one SOURCE, for example: "
                                "refresh lami --file lamis.xlsx")
        snap = snapshots.import_files(ws.snapshots, get_source(args.sources[0]), args.file,
                                      name=args.release, published=args.published)
        print(f"imported {snap.source_id}: release {snap.release}, {_published(snap)} "
              f"({len(snap.files)} file(s))")
        for change in snap.changes:
            print(f"  {change}")
        return 0
    chosen = [get_source(s) for s in args.sources] if args.sources else list(all_sources())
    failures = 0

    def steps(message: str) -> None:  # where refresh looks and what it found; failures are printed below
        if not message.startswith("source '"):
            progress.say(message)

    for source in chosen:
        progress.step(source.id, "checking for a new release")
        try:
            result = fetch.refresh_source(ws.snapshots, source, timeout=min(READ_TIMEOUT, args.timeout),
                                          deadline=args.timeout, progress=steps)
        except ProfilesError as error:
            failures += 1
            print(f"{source.id}: failed: {error}", file=sys.stderr)
            continue
        if result.status == "failed":
            failures += 1
            print(f"{source.id}: failed: {result.message}", file=sys.stderr)
            continue
        print(f"{source.id}: {result.status}" + (f" ({result.message})" if result.message else ""))
    return 1 if failures else 0


def cmd_build(ws: Workspace, args, progress: Progress) -> int:
    from migration_profiles.pipeline import BuildOptions, build
    from migration_profiles.stages.publish import PublicationRules

    if args.push and args.edition is None:
        raise ProfilesError("--push publishes an edition: use it with --edition")
    if args.audience != "public" and (args.edition is not None or args.push):
        raise ProfilesError("an internal build holds restricted data: it cannot be deployed (--edition) or "
                            "pushed (--push); it is written to build/internal/site/ only")
    ws = dataclasses.replace(ws, audience=args.audience)
    areas = None
    if args.areas is not None:
        areas = [a.strip() for a in args.areas.split(",") if a.strip()]
        if not areas:
            raise ProfilesError("--areas needs at least one area code, for example "
                                "--areas E06000014,E08000035")
        if args.edition is not None:
            raise ProfilesError("--areas builds a preview of a few areas, which is never deployed: "
                                "leave out --edition, or build every area")
        ws = ws.as_preview()  # a few areas make a preview beside the full site, never in its place
    options = BuildOptions(edition=args.edition or None, areas=areas, force=args.force,
                           deploy=args.edition is not None,
                           push=args.push, rules=PublicationRules(audience=args.audience),
                           with_pdf=args.with_pdf)
    report = build(ws, options, progress)
    kind = "demonstration data" if report.demo else "real snapshots"
    if ws.preview:
        print(f"Built a preview of edition {report.edition} from {kind}: {report.areas} area pages in "
              f"{ws.site} (the full site in {dataclasses.replace(ws, preview=False).site} is unchanged)")
    else:
        print(f"Built edition {report.edition} from {kind}: {report.areas} area pages in {ws.site}")
    if options.deploy:
        print(f"Deployed edition {report.edition} to the gh-pages branch with mike"
              + (" and pushed it" if args.push else "; publish it with `git push origin gh-pages`"))
    if report.missing_sources:
        print(f"Not yet refreshed: {', '.join(report.missing_sources)}")
    if report.local_left_out:
        print(f"Left out of this public build (restricted local data): {', '.join(report.local_left_out)}")
    if args.audience != "public":
        print("OFFICIAL-SENSITIVE: internal use only. This build includes restricted data; "
              "do not publish it.")
    return 0


def cmd_serve(ws: Workspace, args, progress: Progress) -> int:
    import functools
    import http.server

    ws = dataclasses.replace(ws, audience=args.audience)
    if not (ws.site / "index.html").exists():
        raise ProfilesError(f"no site in {ws.site}; run `migration-profiles build` first")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(ws.site))
    with http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
        print(f"Serving {ws.site} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl+C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


def source_status(ws: Workspace, source, today: str) -> dict:
    from migration_profiles.acquire.snapshots import latest_snapshot

    snap = latest_snapshot(ws.snapshots, source.id)
    from migration_profiles.acquire.releases import is_overdue

    due = is_overdue(source, today, snap.release_date if snap else "")
    return {
        "latest_snapshot": snap.release if snap else None,
        "release_date": snap.release_date if snap else None,
        "release_date_from": snap.release_date_from if snap else None,
        "retrieved_at": (snap.files[0].retrieved_at if snap and snap.files else None),
        "newer_release_due": due,
    }


def cmd_sources(ws: Workspace, args, progress: Progress) -> int:
    from dataclasses import asdict

    from migration_profiles.sources import all_sources

    today = date.today().isoformat()
    rows = []
    for source in all_sources():
        declaration = asdict(source)
        declaration["files"] = [{"patterns": list(f.patterns), "table": f.table, "expect": f.expect}
                                for f in source.files]
        rows.append({**declaration, **source_status(ws, source, today)})
    if args.json:
        print(json.dumps(rows, indent=1, default=str))
        return 0
    for row in rows:
        latest = row["latest_snapshot"] or "not yet refreshed"
        released = (f", released {row['release_date']}" if row["release_date"]
                    else ", release date not known" if row["latest_snapshot"] else "")
        due = "  <- newer release due" if row["newer_release_due"] else ""
        print(f"{row['id']:<12} {row['title']}\n{'':<12} latest: {latest}{released}; next expected: "
              f"{row['next_release'] or 'none announced'}{due}")
        for spec in row["discover"]:
            print(f"{'':<12} refresh finds its file on {spec['page']}")
        for download in row["downloads"] if not row["discover"] else ():
            print(f"{'':<12} refresh downloads {download['url']}")
    return 0


def cmd_check_releases(ws: Workspace, args, progress: Progress) -> int:
    from migration_profiles.acquire import releases
    from migration_profiles.sources import all_sources, get_source

    chosen = [get_source(s) for s in args.sources] if args.sources else list(all_sources())
    progress.step("check-releases", f"checking {len(chosen)} source(s)")
    checks = releases.check_releases(ws.snapshots, chosen, timeout=args.timeout)
    code = releases.exit_code(checks)
    if args.json:
        print(json.dumps({"exit_code": code,
                          "new": [c.source_id for c in checks if c.status == releases.NEW],
                          "sources": [c.to_dict() for c in checks]}, indent=1))
        return code
    for c in checks:
        held = c.latest_release or "no snapshot"
        print(f"{c.source_id:<12} {c.status:<12} {c.detail} [we hold: {held}; checked by: {c.how}]")
    return code


def cmd_editions(ws: Workspace, args, progress: Progress) -> int:
    from migration_profiles.render.editions import PublishedEditions

    published = PublishedEditions(ws.root)
    rows = []
    for version in published.versions():
        name = str(version["version"])
        record = published.record(name) or {}
        rows.append({"edition": name, "title": version.get("title", name),
                     "aliases": version.get("aliases", []),
                     "built_at": record.get("built_at"),
                     "releases": {sid: f.get("release") for sid, f in record.get("sources", {}).items()}})
    if args.json:
        print(json.dumps({"branch": published.ref, "editions": rows}, indent=1))
        return 0
    if not rows:
        print("No edition is published yet (no versions.json on the gh-pages branch). "
              "Publish one with `migration-profiles build --edition`.")
        return 0
    for row in rows:
        aliases = f"  [{', '.join(row['aliases'])}]" if row["aliases"] else ""
        built = f"  built {row['built_at']}" if row["built_at"] else ""
        print(f"{row['edition']:<12} {row['title']}{aliases}{built}")
    return 0


def cmd_pdf(ws: Workspace, args, progress: Progress) -> int:
    from migration_profiles.pipeline import BuildOptions, edition_name, prepare
    from migration_profiles.render import pdf
    from migration_profiles.render.inputs import built_at

    pdf.resolve_engine(args.engine)  # no engine: say how to install one before doing any work
    options = BuildOptions(edition=args.edition)
    tidy_result, demo, _ = prepare(ws, options, progress)
    edition = edition_name(ws, options, tidy_result, demo)
    progress.step("pdf", f"rendering PDFs for edition {edition}")
    report = pdf.export(ws, edition=edition, demo=demo, built_at=built_at(), areas=args.area,
                        region=args.region, all_areas=args.all_areas, engine=args.engine, jobs=args.jobs,
                        progress=progress.counter("pdf"), tidy_result=tidy_result,
                        variants=("full", "board") if args.variant == "both" else (args.variant,))
    progress.done("pdf", f"{len(report.files)} PDF(s)")
    print(f"Engine: {report.engine_description}")
    for path in report.files[:10]:
        print(path)
    kind = " from demonstration data (each carries the demonstration banner)" if demo else ""
    print(f"Wrote {len(report.files)} PDF(s) for edition {edition}{kind} into {report.out_dir} "
          f"in {report.seconds:.1f} s with {report.workers} process(es)")
    return 0


@contextmanager
def guarded(ws: Workspace, command: str, progress: Progress) -> Iterator[None]:
    """One build and one refresh at a time in a project; each first clears what killed runs left behind."""
    if command in ("build", "pdf"):
        with lock.held(ws.build / ".build.lock", "build"):
            outs = [ws.build, ws.build / "internal"]
            folders = [*outs, *(o / sub for o in outs for sub in ("preview", "docs", "manifests", "pdf")),
                       ws.indicators, ws.build / "cache" / "pdf" / "charts"]
            cleaned = [p for folder in folders for p in atomic.sweep(folder)]
            _say_cleaned(cleaned, progress)
            yield
    elif command == "refresh":
        with lock.held(ws.snapshots / ".refresh.lock", "refresh"):
            folders = [ws.snapshots, *(p for p in ws.snapshots.iterdir() if p.is_dir())]
            cleaned = [p for folder in folders for p in atomic.sweep(folder)]
            _say_cleaned(cleaned + atomic.sweep_temp_folders(atomic.REFRESH_STAGING), progress)
            yield
    else:
        yield


def _say_cleaned(cleaned: list[Path], progress: Progress) -> None:
    if cleaned:
        progress.say(f"removed {len(cleaned)} temporary file(s) or folder(s) left by an interrupted run: "
                     + ", ".join(p.name for p in cleaned[:5]) + (" ..." if len(cleaned) > 5 else ""))


COMMANDS = {"refresh": cmd_refresh, "build": cmd_build, "serve": cmd_serve, "sources": cmd_sources,
            "check-releases": cmd_check_releases, "editions": cmd_editions, "pdf": cmd_pdf,
            "local": lambda ws, args, progress: local_command.run(ws, args)}


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    ws = Workspace(args.root.resolve())
    progress = Progress(quiet=args.quiet)
    try:
        with guarded(ws, args.command, progress):
            return COMMANDS[args.command](ws, args, progress)
    except ProfilesError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
