"""The `migration-profiles` command line."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from migration_profiles import __version__
from migration_profiles.errors import ProfilesError
from migration_profiles.paths import Workspace
from migration_profiles.progress import Progress

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
                        help="project folder holding data/, docs/ and mkdocs.yml (default: the current folder)")
    parser.add_argument("--quiet", action="store_true", help="print no progress, only results and errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    refresh = commands.add_parser(
        "refresh", help="download or import the latest release of sources",
        description="Download the latest release of each source (all when none is named), or import files you "
                    "downloaded by hand. A file is stored only after it parses; a failed download or a changed "
                    "layout leaves the previous snapshot untouched.")
    refresh.add_argument("sources", nargs="*", metavar="SOURCE", help="source ids (see `sources`)")
    group = refresh.add_mutually_exclusive_group()
    group.add_argument("--from", dest="from_dir", type=Path, metavar="DIR",
                       help="import every recognised file under DIR; files no source recognises are listed")
    group.add_argument("--file", type=Path, action="append", metavar="PATH",
                       help="import this file for the one SOURCE named (repeatable)")
    refresh.add_argument("--timeout", type=float, default=60, help="seconds before a download is abandoned")

    build = commands.add_parser(
        "build", help="build the site: tidy tables, indicators, pages, MkDocs",
        description="Run tidy -> indicators -> pages -> site into build/site/. Stages whose inputs have not "
                    "changed are skipped. With --edition, the edition is also deployed with mike to the local "
                    "gh-pages branch and the 'latest' alias moved to it.")
    build.add_argument("--edition", metavar="NAME",
                       help="name and deploy this edition (default name: year and month of the newest release)")
    build.add_argument("--areas", metavar="CODE,...", help="only these area codes (comma-separated)")
    build.add_argument("--force", action="store_true", help="run every stage even if its inputs are unchanged")
    build.add_argument("--push", action="store_true", help="with --edition: push gh-pages to the remote")
    build.add_argument("--audience", choices=["public", "internal"], default="public",
                       help="public (default) publishes only public sources; internal may include confidential "
                            "sources, with small numbers withheld")

    serve = commands.add_parser("serve", help="preview the built site on 127.0.0.1",
                                description="Serve build/site/ on 127.0.0.1 until you press Ctrl+C.")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")

    sources = commands.add_parser("sources", help="list sources, their latest snapshot and whether a release is due",
                                  description="List every declared source with its latest snapshot, release date "
                                              "and whether a newer release is due.")
    sources.add_argument("--json", action="store_true", help="print the full declarations as JSON")
    return parser


def cmd_refresh(ws: Workspace, args, progress: Progress) -> int:
    from migration_profiles import fetch, snapshots
    from migration_profiles.sources import all_sources, get_source

    if args.from_dir:
        if not args.from_dir.is_dir():
            raise ProfilesError(f"--from {args.from_dir}: no such folder")
        progress.step("refresh", f"importing files from {args.from_dir}")
        report = snapshots.import_from_dir(ws.snapshots, args.from_dir)
        for source_id, snap in sorted(report.imported.items()):
            print(f"imported {source_id}: release {snap.release} ({len(snap.files)} file(s))")
        for path in report.unplaced:
            print(f"not placed: {path}: {report.unplaced_reasons.get(path, 'no source recognises it')}")
        for path, reason in report.failed:
            print(f"failed: {path}: {reason}", file=sys.stderr)
        progress.done("refresh")
        return 0 if report.imported else 1
    if args.file:
        if len(args.sources) != 1:
            raise ProfilesError("--file needs exactly one SOURCE, for example: refresh lami --file lamis.xlsx")
        snap = snapshots.import_files(ws.snapshots, get_source(args.sources[0]), args.file)
        print(f"imported {snap.source_id}: release {snap.release} ({len(snap.files)} file(s))")
        return 0
    chosen = [get_source(s) for s in args.sources] if args.sources else list(all_sources())
    failures = 0
    for source in chosen:
        progress.step(source.id, "checking for a new release")
        try:
            result = fetch.refresh_source(ws.snapshots, source, timeout=args.timeout)
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
    from migration_profiles.publish import PublicationRules

    areas = [a.strip() for a in args.areas.split(",") if a.strip()] if args.areas else None
    options = BuildOptions(edition=args.edition, areas=areas, force=args.force, deploy=bool(args.edition),
                           push=args.push, rules=PublicationRules(audience=args.audience))
    report = build(ws, options, progress)
    kind = "demonstration data" if report.demo else "real snapshots"
    print(f"Built edition {report.edition} from {kind}: {report.areas} area pages in {ws.site}")
    if report.missing_sources:
        print(f"Not yet refreshed: {', '.join(report.missing_sources)}")
    return 0


def cmd_serve(ws: Workspace, args, progress: Progress) -> int:
    import functools
    import http.server

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
    from migration_profiles.snapshots import latest_snapshot

    snap = latest_snapshot(ws.snapshots, source.id)
    due = bool(source.next_release) and not source.superseded and source.next_release <= today
    return {
        "latest_snapshot": snap.release if snap else None,
        "release_date": snap.release_date if snap else None,
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
        released = f", released {row['release_date']}" if row["release_date"] else ""
        due = "  <- newer release due" if row["newer_release_due"] else ""
        print(f"{row['id']:<12} {row['title']}\n{'':<12} latest: {latest}{released}; next expected: "
              f"{row['next_release'] or 'none announced'}{due}")
    return 0


COMMANDS = {"refresh": cmd_refresh, "build": cmd_build, "serve": cmd_serve, "sources": cmd_sources}


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    ws = Workspace(args.root.resolve())
    progress = Progress(quiet=args.quiet)
    try:
        return COMMANDS[args.command](ws, args, progress)
    except ProfilesError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
