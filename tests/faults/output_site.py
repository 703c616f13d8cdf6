"""A small real-layout site built from the hand-made fixtures, with text injected into its files.

The fault tests of the output side (test_output_*.py) edit copies of the fixtures the way a careless
or hostile file would be edited, import them as a user would, build, and read what was published.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from migration_profiles.acquire import snapshots
from migration_profiles.pipeline import BuildOptions, build
from migration_profiles.util.paths import Workspace
from migration_profiles.util.progress import Progress

from ..workspace import fixture_downloads, make_project

YORK = "E06000014"
LEEDS = "E08000035"
AUTHORITIES = "uk_local_authorities_current.csv"
CHANGES = "changes.csv"


def _edit_csv(path: Path, edit) -> None:
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    edit(rows[0], rows[1:])
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_bytes(("\ufeff" + out.getvalue()).encode("utf-8"))


def rename_area(downloads: Path, code: str, name: str) -> None:
    """Give area `code` the name `name` in the geography lookup (both of its name columns)."""
    def edit(header, rows):
        for row in rows:
            if row[header.index("gss-code")] == code:
                row[header.index("nice-name")] = name
                row[header.index("official-name")] = name
    _edit_csv(downloads / AUTHORITIES, edit)


def rename_in_changes(downloads: Path, old_code: str, name: str) -> None:
    """Give the former area `old_code` the name `name` in the code-change table (its note in the
    data-quality log is made from it)."""
    def edit(header, rows):
        for row in rows:
            if row[header.index("oldcd")] == old_code:
                row[header.index("oldnm")] = name
    _edit_csv(downloads / CHANGES, edit)


def downloads(root: Path) -> Path:
    return fixture_downloads(root / "downloads")


def build_site(root: Path, incoming: Path, options: BuildOptions | None = None) -> Workspace:
    ws = make_project(root / "project")
    report = snapshots.import_from_dir(ws.snapshots, incoming)
    assert not report.failed, report.failed
    build(ws, options or BuildOptions(), Progress(quiet=True))
    return ws


TEXT_SUFFIXES = (".html", ".md", ".json", ".csv", ".js", ".xml")


def published_text(ws: Workspace, suffixes=TEXT_SUFFIXES) -> dict[Path, str]:
    """Every text file of the built site and of the generated Markdown, by path."""
    found = {}
    for folder in (ws.site, ws.docs):
        for path in folder.rglob("*"):
            if path.is_file() and path.suffix in suffixes and "assets/javascripts" not in str(path):
                found[path] = path.read_text(encoding="utf-8", errors="replace")
    return found
