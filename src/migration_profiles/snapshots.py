"""Snapshots: raw published files kept exactly as published, each release with a manifest.

Layout: ``<root>/<source_id>/<release>/`` holds the files plus ``manifest.json``. A file only gets
in after :func:`validate_file` has checked its bytes and run its parser, so a file whose layout
changed, or an HTML error page served in place of a spreadsheet, is never stored as evidence.
"""

from __future__ import annotations

import codecs
import datetime as dt
import gzip
import hashlib
import json
import logging
import shutil
import zlib
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from migration_profiles import atomic
from migration_profiles.errors import LayoutError, ProfilesError, SnapshotError
from migration_profiles.sources.base import FileSpec, Release, Source

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
HEAD_BYTES = 2048  # how much of a file the content checks look at

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
GZIP_MAGIC = b"\x1f\x8b"

# Names a folder of downloads often carries beside the data; never data themselves.
IGNORED_STEMS = ("readme", "manifest")


@dataclass(frozen=True)
class SnapshotFile:
    name: str
    sha256: str
    size: int
    url: str = ""
    retrieved_at: str = ""
    etag: str | None = None
    last_modified: str | None = None
    imported_from: str | None = None
    zip_member: str | None = None  # set when the file was extracted from a published zip


@dataclass(frozen=True)
class Snapshot:
    source_id: str
    release: str
    release_date: str
    path: Path
    files: tuple[SnapshotFile, ...]
    created_at: str = ""

    def file_paths(self) -> list[Path]:
        return [self.path / f.name for f in self.files]

    def file(self, name: str) -> SnapshotFile | None:
        for f in self.files:
            if f.name == name:
                return f
        return None

    @property
    def sort_key(self) -> tuple[str, str]:
        # Undated releases (imported by hand) sort by the day they were stored, so a fresh
        # import is not buried beneath every dated release.
        return (self.release_date or self.created_at[:10], self.release)


@dataclass(frozen=True)
class StagedFile:
    """A file waiting to go into a snapshot, with what we know about where it came from."""

    path: Path
    name: str = ""  # name to store it under; defaults to path.name
    url: str = ""
    retrieved_at: str = ""
    etag: str | None = None
    last_modified: str | None = None
    imported_from: str | None = None
    zip_member: str | None = None

    @property
    def stored_name(self) -> str:
        return self.name or self.path.name


@dataclass
class ImportReport:
    imported: dict[str, Snapshot] = field(default_factory=dict)  # newest snapshot written per source
    unplaced: list[Path] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)
    unplaced_reasons: dict[Path, str] = field(default_factory=dict)
    snapshots: list[Snapshot] = field(default_factory=list)  # every snapshot written


def now_utc() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def today() -> str:
    return dt.date.today().isoformat()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- reading -------------------------------------------------------------------------------------


def read_snapshot(folder: Path) -> Snapshot:
    manifest = folder / MANIFEST
    if not manifest.is_file():
        raise SnapshotError(f"snapshot folder {folder} has no {MANIFEST}; it is incomplete")
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        files = tuple(
            SnapshotFile(**{k: v for k, v in entry.items() if k in SnapshotFile.__dataclass_fields__})
            for entry in data["files"]
        )
        return Snapshot(
            source_id=data["source_id"],
            release=data["release"],
            release_date=data.get("release_date") or "",
            path=folder,
            files=files,
            created_at=data.get("created_at") or "",
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise SnapshotError(f"manifest {manifest} cannot be read: {exc}") from exc


def list_snapshots(root: Path, source_id: str) -> list[Snapshot]:
    """Every stored release of a source, oldest first. Dot-folders are writes in progress."""
    folder = Path(root) / source_id
    if not folder.is_dir():
        return []
    found = [read_snapshot(p) for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")]
    return sorted(found, key=lambda s: s.sort_key)


def latest_snapshot(root: Path, source_id: str) -> Snapshot | None:
    snapshots = list_snapshots(root, source_id)
    return snapshots[-1] if snapshots else None


def verify(snapshot: Snapshot) -> None:
    """Raise SnapshotError unless the folder holds exactly the manifest's files, byte for byte."""
    where = f"snapshot '{snapshot.source_id}' release '{snapshot.release}'"
    problems = []
    for f in snapshot.files:
        path = snapshot.path / f.name
        if not path.is_file():
            problems.append(f"file '{f.name}' is missing")
            continue
        actual = sha256_of(path)
        if actual != f.sha256:
            problems.append(f"file '{f.name}' has changed: expected sha256 {f.sha256}, found {actual}")
    listed = {f.name for f in snapshot.files} | {MANIFEST}
    for path in sorted(snapshot.path.iterdir()):
        if path.name not in listed:
            problems.append(f"file '{path.name}' is present but not in the manifest")
    if problems:
        raise SnapshotError(f"{where} ({snapshot.path}): " + "; ".join(problems))


# --- writing -------------------------------------------------------------------------------------


def _manifest_entry(staged: StagedFile) -> SnapshotFile:
    return SnapshotFile(
        name=staged.stored_name,
        sha256=sha256_of(staged.path),
        size=staged.path.stat().st_size,
        url=staged.url,
        retrieved_at=staged.retrieved_at,
        etag=staged.etag,
        last_modified=staged.last_modified,
        imported_from=staged.imported_from,
        zip_member=staged.zip_member,
    )


def write_snapshot(root: Path, source: Source, release: Release, files: list[StagedFile]) -> Snapshot:
    """Store `files` as release `release` of `source`, all or nothing.

    A release already stored with the same bytes is left alone and returned; one with different
    bytes is replaced whole, so a reader never sees a mix of old and new files.
    """
    if not files:
        raise SnapshotError(f"source '{source.id}' release '{release.name}': no files to store")
    _check_release_name(source, release.name)
    names = [f.stored_name for f in files]
    for name in names:
        if name == MANIFEST or name.startswith(".") or "/" in name or "\\" in name:
            raise SnapshotError(f"source '{source.id}': cannot store a file named '{name}'")
        if names.count(name) > 1:
            raise SnapshotError(f"source '{source.id}' release '{release.name}': two files named '{name}'")

    entries = tuple(_manifest_entry(f) for f in files)
    target = Path(root) / source.id / release.name
    if target.is_dir():
        try:
            existing = read_snapshot(target)
            verify(existing)
        except SnapshotError:
            existing = None  # a damaged folder is simply replaced
        if existing is not None and {(f.name, f.sha256) for f in existing.files} == {
            (f.name, f.sha256) for f in entries
        }:
            log.info("%s release %s: already stored with the same bytes", source.id, release.name)
            return existing

    created_at = now_utc()
    with atomic.replacing_dir(target) as tmp:
        for staged, entry in zip(files, entries, strict=True):
            dest = tmp / entry.name
            shutil.copyfile(staged.path, dest)
            if sha256_of(dest) != entry.sha256:  # the staged file changed under us
                raise SnapshotError(f"source '{source.id}': '{entry.name}' changed while being stored")
        manifest = {
            "source_id": source.id,
            "release": release.name,
            "release_date": release.date,
            "created_at": created_at,
            "files": [asdict(e) for e in entries],
        }
        atomic.write_text(tmp / MANIFEST, json.dumps(manifest, indent=2) + "\n")
    log.info("%s release %s: stored %d file(s) in %s", source.id, release.name, len(entries), target)
    return Snapshot(source.id, release.name, release.date, target, entries, created_at)


def _check_release_name(source: Source, name: str) -> None:
    if not name or name.startswith(".") or "/" in name or "\\" in name:
        raise SnapshotError(f"source '{source.id}': '{name}' cannot be used as a release folder name")


# --- validating ----------------------------------------------------------------------------------


def _looks_like_html(head: bytes) -> bool:
    text = head.lstrip(codecs.BOM_UTF8).lstrip().lower()
    return text.startswith(b"<") or b"<html" in head.lower()


def describe_head(head: bytes) -> str:
    if not head:
        return "an empty file"
    if _looks_like_html(head):
        return "an HTML page (the server probably sent an error or landing page instead of the file)"
    if head.startswith(XLSX_MAGIC):
        return "a zip archive or .xlsx workbook"
    if head.startswith(XLS_MAGIC):
        return "an old-style .xls workbook"
    if head.startswith(GZIP_MAGIC):
        return "gzip-compressed data"
    return f"bytes starting {head[:8].hex(' ')}"


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        # Incremental, so a multi-byte character cut off at the end of the head is not an error.
        codecs.getincrementaldecoder("utf-8")().decode(head.removeprefix(codecs.BOM_UTF8), final=False)
        return True
    except UnicodeDecodeError:
        pass
    # ISO-8859-1 decodes any byte; what tells text from binary is the absence of control characters.
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls == 0


def _check_bytes(source: Source, name: str, spec: FileSpec, head: bytes, wrapper: str = "") -> None:
    what = {"xlsx": "an .xlsx workbook", "xls": "an old-style .xls workbook", "csv": "CSV text",
            "zip": "a zip archive"}
    if spec.expect not in what:
        raise ValueError(f"source '{source.id}' declares unknown file kind '{spec.expect}' for {name}")
    expected = what[spec.expect] + wrapper
    if spec.expect in ("xlsx", "zip"):  # an .xlsx workbook is a zip archive too
        ok = head.startswith(XLSX_MAGIC)
    elif spec.expect == "xls":
        ok = head.startswith(XLS_MAGIC)
    else:
        ok = bool(head) and _is_text(head) and not _looks_like_html(head)
    if not ok:
        raise LayoutError(source.id, name, expected=expected, found=describe_head(head))


def validate_file(source: Source, path: Path) -> FileSpec:
    """Check that `path` is a file `source` publishes and that its parser can read it.

    Raises LayoutError (with source, file, expected and found) otherwise.
    """
    path = Path(path)
    spec = source.file_spec_for(path.name)
    if spec is None:
        patterns = ", ".join(f"'{p}'" for s in source.files for p in s.patterns)
        raise LayoutError(source.id, path.name, expected=f"a file name matching one of {patterns}")
    with open(path, "rb") as handle:
        head = handle.read(HEAD_BYTES)
    if path.name.lower().endswith(".gz"):
        if not head.startswith(GZIP_MAGIC):
            raise LayoutError(
                source.id, path.name, expected="gzip-compressed data", found=describe_head(head)
            )
        try:
            with gzip.open(path, "rb") as handle:
                inner = handle.read(HEAD_BYTES)
        except (OSError, EOFError, zlib.error) as exc:
            raise LayoutError(
                source.id, path.name, expected="readable gzip data", found=f"a damaged file ({exc})"
            ) from exc
        _check_bytes(source, path.name, spec, inner, wrapper=", gzip-compressed")
    else:
        _check_bytes(source, path.name, spec, head)
    try:
        spec.parse(path)
    except ProfilesError:
        raise
    except Exception as exc:  # a file a parser chokes on is a bad file, not a crash
        raise LayoutError(
            source.id, path.name, expected="a file its parser can read", found=f"{type(exc).__name__}: {exc}"
        ) from exc
    return spec


def release_of(source: Source, path: Path, spec: FileSpec | None = None) -> Release | None:
    """The release a file states about itself, if its FileSpec knows how to read it."""
    spec = spec or source.file_spec_for(Path(path).name)
    if spec is None or spec.release_of is None:
        return None
    return spec.release_of(Path(path))


def agreed_release(source: Source, stated: Iterable[tuple[Path, Release | None]]) -> Release | None:
    """The single release the files state, None when none states one; an error when they disagree."""
    found: dict[str, tuple[Path, Release]] = {}
    for path, release in stated:
        if release is not None:
            found.setdefault(release.name, (path, release))
    if len(found) > 1:
        said = "; ".join(f"'{p.name}' says '{r.name}'" for p, r in found.values())
        raise SnapshotError(f"source '{source.id}': the files belong to different releases: {said}")
    return next(iter(found.values()))[1] if found else None


# --- importing files fetched by hand -------------------------------------------------------------


def import_files(root: Path, source: Source, paths: Iterable[Path]) -> Snapshot:
    """Validate and store files a user downloaded themselves (``refresh SOURCE --file PATH``)."""
    paths = [Path(p) for p in paths]
    if not paths:
        raise SnapshotError(f"source '{source.id}': no files given to import")
    stated = []
    for path in paths:
        if not path.is_file():
            raise SnapshotError(f"source '{source.id}': {path} is not a file")
        spec = validate_file(source, path)
        stated.append((path, release_of(source, path, spec)))
    return _store_imported(root, source, agreed_release(source, stated), paths)


def _store_imported(root: Path, source: Source, release: Release | None, paths: list[Path]) -> Snapshot:
    if release is None:
        release = Release(name=f"imported-{today()}", date="")
        log.info(
            "%s: the files do not state their release; storing them as release '%s'",
            source.id,
            release.name,
        )
    retrieved_at = now_utc()
    staged = [StagedFile(p, retrieved_at=retrieved_at, imported_from=str(p.resolve())) for p in paths]
    # Keep files of the same release imported earlier, so files can be imported one at a time.
    existing_folder = Path(root) / source.id / release.name
    if existing_folder.is_dir():
        existing = read_snapshot(existing_folder)
        new_names = {s.stored_name for s in staged}
        for f in existing.files:
            if f.name not in new_names and (existing.path / f.name).is_file():
                staged.append(StagedFile(existing.path / f.name, **provenance(f)))
    return write_snapshot(root, source, release, staged)


def provenance(f: SnapshotFile) -> dict:
    return {
        "name": f.name,
        "url": f.url,
        "retrieved_at": f.retrieved_at,
        "etag": f.etag,
        "last_modified": f.last_modified,
        "imported_from": f.imported_from,
        "zip_member": f.zip_member,
    }


def _ignored(path: Path, directory: Path) -> bool:
    parts = path.relative_to(directory).parts
    if any(part.startswith(".") for part in parts):
        return True
    name = path.name.lower()
    return name.startswith("~$") or name.split(".")[0] in IGNORED_STEMS  # ~$ = Excel lock files


def import_from_dir(root: Path, directory: Path, *, sources: Iterable[Source] | None = None) -> ImportReport:
    """Place every file under `directory` with the one source that recognises its name, and import.

    A file that no source, or more than one source, recognises is listed in `unplaced` rather
    than guessed; a file that fails validation is listed in `failed` and the rest still import.
    """
    if sources is None:
        from migration_profiles.sources import all_sources

        sources = all_sources()
    sources = tuple(sources)
    directory = Path(directory)
    if not directory.is_dir():
        raise SnapshotError(f"{directory} is not a folder")
    report = ImportReport()
    placed: dict[str, list[Path]] = {}
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        if _ignored(path, directory):
            continue
        matches = [s for s in sources if s.file_spec_for(path.name) is not None]
        if len(matches) == 1:
            placed.setdefault(matches[0].id, []).append(path)
            continue
        if matches:
            reason = "ambiguous: its name matches files of " + ", ".join(f"'{s.id}'" for s in matches)
        else:
            reason = "its name matches no source's files"
        report.unplaced.append(path)
        report.unplaced_reasons[path] = reason
        log.warning("%s not imported: %s", path, reason)

    by_id = {s.id: s for s in sources}
    for source_id, paths in placed.items():
        source = by_id[source_id]
        groups: dict[str | None, list[Path]] = {}
        releases: dict[str | None, Release | None] = {None: None}
        for path in paths:
            try:
                spec = validate_file(source, path)
                release = release_of(source, path, spec)
            except ProfilesError as exc:
                report.failed.append((path, str(exc)))
                log.warning("%s not imported: %s", path, exc)
                continue
            key = release.name if release else None
            releases[key] = release
            group = groups.setdefault(key, [])
            if any(p.name == path.name for p in group):
                report.failed.append((path, f"another file named '{path.name}' is already being imported"))
                continue
            group.append(path)
        for key, group in groups.items():
            try:
                snapshot = _store_imported(root, source, releases[key], group)
            except (ProfilesError, OSError) as exc:
                report.failed.extend((p, str(exc)) for p in group)
                continue
            report.snapshots.append(snapshot)
            current = report.imported.get(source_id)
            if current is None or snapshot.sort_key > current.sort_key:
                report.imported[source_id] = snapshot
    return report
