"""Snapshots: raw published files kept exactly as published, each release with a manifest.

Layout: ``<root>/<source_id>/<release>/`` holds the files plus ``manifest.json``. A file only gets
in after :func:`validate_file` has checked its bytes and run its parser, so a file whose layout
changed, or an HTML error page served in place of a spreadsheet, is never stored as evidence.
"""

from __future__ import annotations

import codecs
import datetime as dt
import fnmatch
import gzip
import hashlib
import json
import logging
import re
import shutil
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import pandas as pd

from migration_profiles.sources.base import (
    DATE_FROM_DECLARATION,
    DATE_FROM_FILE,
    DATE_FROM_USER,
    FIGURES_TO,
    NAMED_BY_PERIOD,
    OBSERVATIONS,
    FileSpec,
    KnownRelease,
    Release,
    Source,
)
from migration_profiles.sources.checks import check_figures
from migration_profiles.util import atomic, escape
from migration_profiles.util.errors import LayoutError, ProfilesError, SnapshotError

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
    data_end: str | None = None  # the latest period end among the file's figures, when it has any
    redirected_to: str | None = None  # where the server redirected the download, when not to `url`


@dataclass(frozen=True)
class Snapshot:
    source_id: str
    release: str
    release_date: str
    path: Path
    files: tuple[SnapshotFile, ...]
    created_at: str = ""
    release_date_from: str = ""  # how the release date is known (sources.base.DATE_FROM_*)
    # What storing this snapshot changed, in words (a re-import says what it replaced); not stored.
    changes: tuple[str, ...] = field(default=(), compare=False)

    def file_paths(self) -> list[Path]:
        return [self.path / f.name for f in self.files]

    def file(self, name: str) -> SnapshotFile | None:
        for f in self.files:
            if f.name == name:
                return f
        return None

    @property
    def data_end(self) -> str:
        """The latest period end among the release's figures ("" when no file recorded one)."""
        return max((f.data_end for f in self.files if f.data_end), default="")

    @property
    def sort_key(self) -> tuple[str, str, str]:
        # By release date; a release whose date is unknown by the date its folder name spells
        # ("jun-2026" is after "sep-2024", though it sorts before it as text), and an undated import
        # by the day it was stored, so that a fresh import is not buried beneath every dated release.
        # Two releases of the same day: the one stored later.
        return (self.release_date or date_in_name(self.release) or self.created_at[:10], self.created_at,
                self.release)


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
    data_end: str | None = None  # from checked_file: the latest period end among its figures
    redirected_to: str | None = None

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


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_ISO_DAY = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_MONTH_YEAR = re.compile(r"(?<![a-z])(" + "|".join(_MONTHS) + r")[a-z]*[-_ ]?(\d{4})(?!\d)")
_ISO_MONTH = re.compile(r"(?<!\d)(\d{4})-(\d{2})(?!\d)")
_QUARTER = re.compile(r"(?<!\d)(\d{4})[-_ ]?q([1-4])(?![a-z0-9])")
_MID_YEAR = re.compile(r"mid[-_ ]?(\d{4})(?!\d)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d{3})")


IMPORTED = "imported-"  # the name of a release about which nothing is known but the day it was imported


def date_in_name(name: str) -> str:
    """The date a release folder's name spells, as an ISO date ("" when it spells none).

    Used to order releases whose publisher did not state a release date: "jun-2026" is June 2026,
    "2024-q4" the end of 2024, "mid-2020" June 2020, "2023-24" the year 2023.
    """
    text = name.lower()
    if text.startswith(NAMED_BY_PERIOD):  # the period the figures cover, not when they were released
        return ""
    if match := _ISO_DAY.search(text):
        return match.group(0)
    if match := _MONTH_YEAR.search(text):
        return f"{match.group(2)}-{_MONTHS.index(match.group(1)) + 1:02d}-01"
    if (match := _ISO_MONTH.search(text)) and 1 <= int(match.group(2)) <= 12:
        return f"{match.group(1)}-{match.group(2)}-01"
    if match := _QUARTER.search(text):
        return f"{match.group(1)}-{int(match.group(2)) * 3:02d}-01"
    if match := _MID_YEAR.search(text):
        return f"{match.group(1)}-06-30"
    if match := _YEAR.search(text):
        return f"{match.group(1)}-01-01"
    return ""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- reading -------------------------------------------------------------------------------------


def _repair_hint(folder: Path) -> str:
    """How to rebuild a release folder whose manifest is gone or damaged, with the tool."""
    source_id = folder.parent.name
    held = sorted(p.name for p in folder.iterdir() if p.is_file() and p.name != MANIFEST) \
        if folder.is_dir() else []
    what = f"the file it held ({', '.join(held)})" if held else "the source's file"
    return (f"to repair it, import {what} again with `migration-profiles refresh {source_id} --file PATH` "
            f"(the folder is rebuilt with a new manifest when the bytes match), or run "
            f"`migration-profiles refresh {source_id}` to download the release anew")


def read_snapshot(folder: Path) -> Snapshot:
    manifest = folder / MANIFEST
    if not manifest.is_file():
        raise SnapshotError(f"snapshot folder {folder} has no {MANIFEST}; it is incomplete: "
                            f"{_repair_hint(folder)}")
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
            release_date_from=data.get("release_date_from") or "",
        )
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise SnapshotError(f"manifest {manifest} cannot be read: {exc}; {_repair_hint(folder)}") from exc


def list_snapshots(root: Path, source_id: str) -> list[Snapshot]:
    """Every stored release of a source, oldest first. Dot-folders are writes in progress."""
    folder = Path(root) / source_id
    if not folder.is_dir():
        return []
    found = [read_snapshot(p) for p in _release_folders(folder)]
    return sorted(found, key=lambda s: s.sort_key)


def _release_folders(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")]


def readable_snapshots(root: Path, source_id: str) -> tuple[list[Snapshot], list[Path]]:
    """(the releases whose manifests can be read, oldest first; the folders whose manifests cannot)."""
    found, damaged = [], []
    for path in _release_folders(Path(root) / source_id):
        try:
            found.append(read_snapshot(path))
        except SnapshotError:
            damaged.append(path)
    return sorted(found, key=lambda s: s.sort_key), damaged


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
        data_end=staged.data_end,
        redirected_to=staged.redirected_to,
    )


def _figures_kind(source: Source, name: str) -> int | None:
    """Which kind of file of figures `name` is (its FileSpec), None when it holds no figures: reference
    tables such as the lists of current and future councils may come in several files of one kind."""
    spec = source.file_spec_for(name)
    return id(spec) if spec is not None and spec.table == OBSERVATIONS else None


def _check_one_file_per_kind(source: Source, release: Release, names: list[str]) -> None:
    """A release holds one file of figures of each kind: two would both be read, and every figure
    counted twice."""
    by_kind: dict[int, list[str]] = {}
    for name in names:
        kind = _figures_kind(source, name)
        if kind is not None:
            by_kind.setdefault(kind, []).append(name)
    for same in by_kind.values():
        if len(same) > 1:
            raise SnapshotError(
                f"source '{source.id}' release '{release.name}': {', '.join(repr(n) for n in same)} are "
                "files of the same kind; a release holds one file of each kind (both would be read, and "
                "every figure counted twice)")


def _check_not_going_back(root: Path, source: Source, release: Release, entries: tuple[SnapshotFile, ...],
                          created_at: str) -> None:
    """Refuse a release that would become the latest while its figures end before the current latest's:
    a truncated or older file stored without a release date must not take the site back in time."""
    new_end = max((e.data_end for e in entries if e.data_end), default="")
    others = [s for s in readable_snapshots(root, source.id)[0] if s.release != release.name]
    if not new_end or not others:
        return
    current = others[-1]
    candidate = Snapshot(source.id, release.name, release.date, Path(), entries, created_at)
    if candidate.sort_key > current.sort_key and current.data_end and new_end < current.data_end:
        raise SnapshotError(
            f"source '{source.id}': the new file's figures end on {new_end}, before those of the latest "
            f"release '{current.release}' (to {current.data_end}); storing it as release '{release.name}' "
            "would make it the latest and take the site back in time. Check that the file is complete; an "
            "older release is stored as history only when the file states its release date")


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
    _check_one_file_per_kind(source, release, names)

    entries = tuple(_manifest_entry(f) for f in files)
    target = Path(root) / source.id / release.name
    _check_not_going_back(root, source, release, entries, now_utc())
    if target.is_dir():
        try:
            existing = read_snapshot(target)
            verify(existing)
        except SnapshotError:
            existing = None  # a damaged folder is simply replaced
        # The same files again keep their folder, unless the release date is now known or corrected.
        if existing is not None and {(f.name, f.sha256, f.data_end) for f in existing.files} == {
            (f.name, f.sha256, f.data_end) for f in entries
        } and (existing.release_date, existing.release_date_from) == (release.date, release.date_from):
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
            "release_date_from": release.date_from if release.date else "",
            "created_at": created_at,
            "files": [asdict(e) for e in entries],
        }
        atomic.write_text(tmp / MANIFEST, json.dumps(manifest, indent=2) + "\n")
    log.info("%s release %s: stored %d file(s) in %s", source.id, release.name, len(entries), target)
    return Snapshot(source.id, release.name, release.date, target, entries, created_at,
                    release.date_from if release.date else "")


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


@dataclass(frozen=True)
class CheckedFile:
    spec: FileSpec
    data_end: str | None  # the latest period end among its figures (None when it has no figures)


def validate_file(source: Source, path: Path) -> FileSpec:
    """Check that `path` is a file `source` publishes and that its parser can read it.

    Raises LayoutError (with source, file, expected and found) otherwise.
    """
    return checked_file(source, path).spec


def checked_file(source: Source, path: Path) -> CheckedFile:
    """validate_file, also checking every figure the parser read (see sources.checks) and saying how
    far the figures run, so that an older or truncated file cannot pass for the latest release."""
    path = Path(path)
    spec = source.file_spec_for(path.name)
    if spec is None:
        patterns = ", ".join(f"'{p}'" for s in source.files for p in s.patterns)
        raise LayoutError(source.id, path.name, expected=f"a file name matching one of {patterns}")
    with open(path, "rb") as handle:
        head = handle.read(HEAD_BYTES)
    if path.stat().st_size > source.max_bytes:
        raise LayoutError(source.id, path.name, expected=f"a file of at most {source.max_bytes:,} bytes",
                          found=f"{path.stat().st_size:,} bytes")
    if path.name.lower().endswith(".gz"):
        if not head.startswith(GZIP_MAGIC):
            raise LayoutError(
                source.id, path.name, expected="gzip-compressed data", found=describe_head(head)
            )
        try:
            with gzip.open(path, "rb") as handle:
                inner = handle.read(HEAD_BYTES)
            _check_inflated_size(source, path)
        except (OSError, EOFError, zlib.error) as exc:
            raise LayoutError(
                source.id, path.name, expected="readable gzip data", found=f"a damaged file ({exc})"
            ) from exc
        _check_bytes(source, path.name, spec, inner, wrapper=", gzip-compressed")
    else:
        _check_bytes(source, path.name, spec, head)
        if spec.expect == "xlsx":
            _check_workbook_size(source, path)
    try:
        frame = spec.parse(path)
        escape.check_names(frame, source.id, path.name)
    except ProfilesError:
        raise
    except Exception as exc:  # a file a parser chokes on is a bad file, not a crash
        raise LayoutError(
            source.id, path.name, expected="a file its parser can read", found=f"{type(exc).__name__}: {exc}"
        ) from exc
    if spec.table != OBSERVATIONS or not isinstance(frame, pd.DataFrame):
        return CheckedFile(spec, None)
    check_figures(source, path.name, frame)
    ends = frame["period_end"].dropna().astype(str) if "period_end" in frame else None
    return CheckedFile(spec, ends.max() if ends is not None and len(ends) else None)


# A published CSV compresses perhaps tenfold; blank lines or repeated bytes a thousandfold. A file that
# inflates beyond this many times its size is refused before a parser reads it into memory.
MAX_INFLATION = 100


def _check_inflated_size(source: Source, path: Path) -> None:
    """Decompress `path` as a stream, without keeping it, and refuse it when it inflates beyond the
    source's size cap or MAX_INFLATION times its own size (a decompression bomb)."""
    limit = _inflation_limit(source, path)
    with gzip.open(path, "rb") as handle:
        try:
            copy_capped(handle, None, limit, "")
        except SnapshotError:
            raise LayoutError(source.id, path.name,
                              expected=f"gzip data that inflates to at most {limit:,} bytes",
                              found=f"more than {limit:,} bytes once decompressed") from None


def _inflation_limit(source: Source, path: Path) -> int:
    return min(source.max_bytes, max(path.stat().st_size * MAX_INFLATION, 1 << 20))


def _check_workbook_size(source: Source, path: Path) -> None:
    """An .xlsx workbook is a zip of XML parts: refuse one whose parts say they inflate beyond the cap,
    before a parser opens it (zipfile stops reading a part at the size it states, so the statement holds)."""
    limit = _inflation_limit(source, path)
    try:
        with zipfile.ZipFile(path) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise LayoutError(source.id, path.name, expected="a readable .xlsx workbook",
                          found=f"a damaged zip archive ({exc})") from exc
    if inflated > limit:
        raise LayoutError(source.id, path.name,
                          expected=f"a workbook that inflates to at most {limit:,} bytes",
                          found=f"{inflated:,} bytes once decompressed")


def copy_capped(src, out, limit: int | None, what: str) -> int:
    """Copy the stream `src` to `out` (or only count it, when `out` is None), at most `limit` bytes;
    beyond that a SnapshotError starting with `what`."""
    size = 0
    while block := src.read(1 << 20):
        size += len(block)
        if limit and size > limit:
            raise SnapshotError(f"{what} is larger than the {limit:,} bytes allowed")
        if out is not None:
            out.write(block)
    return size


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


def declared_digests(source: Source, paths: Iterable[Path]) -> tuple[str, ...]:
    """The SHA-256 of each file, where the declaration knows releases by their bytes (else nothing: a
    source that does not is spared reading its files again)."""
    if not any(known.sha256 for known in source.known_releases):
        return ()
    return tuple(sha256_of(Path(p)) for p in paths)


def known_release(source: Source, stated: Release | None, names: Iterable[str],
                  data_end: str | None, digests: Iterable[str] = ()) -> KnownRelease | None:
    """The release the declaration names for these files (see sources.base.KnownRelease), if any.

    `digests` are the files' SHA-256. A release declared by its bytes is recognised by nothing else
    (its name and period fit later versions too), and only when every file is one the declaration
    knows by its bytes, so that a newer file beside an older one is not dated by the older."""
    names = [n.lower() for n in names]
    digests = set(digests)
    by_bytes = bool(digests) and digests <= {d for known in source.known_releases for d in known.sha256}

    def fits(known: KnownRelease) -> bool:
        if known.sha256:
            return by_bytes and bool(digests & set(known.sha256))
        return ((stated is not None and stated.name == known.name)
                or any(fnmatch.fnmatch(n, p.lower()) for n in names for p in known.files)
                or bool(known.data_end and data_end and known.data_end == data_end))

    fitting = [known for known in source.known_releases if fits(known)]
    # A release whose tables came out on different days (Census 2021) is published when its last one is.
    return max(fitting, key=lambda known: known.date, default=None)


def check_published(value: str, data_end: str | None = None) -> str:
    """A publication date given on the command line: a real ISO day, not in the future, and not before
    the last day the file's figures cover (figures cannot be published before their period ends)."""
    try:
        day = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise SnapshotError(f"--published '{value}' is not a date: give it as YYYY-MM-DD") from None
    if len(value) != 10:
        raise SnapshotError(f"--published '{value}' is not a date: give it as YYYY-MM-DD")
    if day > dt.date.today():
        raise SnapshotError(f"--published {value} is in the future: give the day the publisher released it")
    if data_end and value < data_end[:10]:
        raise SnapshotError(f"--published {value} is before {data_end[:10]}, the last day the file's figures "
                            "cover: a release cannot come out before its period ends")
    return value


_PLAIN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def choose_release(source: Source, stated: Release | None, names: Iterable[str], data_end: str | None, *,
                   name: str = "", published: str = "", digests: Iterable[str] = ()) -> Release:
    """The name and publication date of a release of files, from the best evidence there is.

    The name: as given (`refresh --release`), as the file states it, as the declaration knows it, after
    the period the figures cover ("figures-to-2021-03"), and only when none of these is known, after
    the day it was imported. The date: as given (`--published`), as the file states it, as the
    declaration knows it; otherwise unknown, and pages say so. Where the file states its release,
    `--release` and `--published` may not contradict it: the file is the evidence.
    """
    names = list(names)
    if name and not _PLAIN_NAME.match(name):
        raise SnapshotError(f"--release '{name}' cannot name a release: use letters, digits, '.', '-' or '_' "
                            "(for example sep-2024), as it becomes a folder name and is shown on pages")
    if published:
        check_published(published, data_end)
    if stated is not None and name and name != stated.name:
        raise SnapshotError(f"source '{source.id}': the file states that it is release '{stated.name}'; "
                            f"--release '{name}' contradicts it (leave --release out)")
    if stated is not None and published and stated.date and stated.date != published:
        raise SnapshotError(f"source '{source.id}': the file states that it was published on {stated.date}; "
                            f"--published {published} contradicts it (leave --published out)")
    known = known_release(source, stated, names, data_end, digests)
    chosen = (name or (stated.name if stated else "") or (known.name if known else "")
              or (FIGURES_TO + data_end[:7] if data_end else f"{IMPORTED}{today()}"))
    if published:
        return Release(chosen, published, DATE_FROM_USER)
    if stated is not None and stated.date:
        return Release(chosen, stated.date, stated.date_from or DATE_FROM_FILE)
    if known is not None and known.date:
        return Release(chosen, known.date, DATE_FROM_DECLARATION)
    return Release(chosen, "")


# --- importing files fetched by hand -------------------------------------------------------------


def import_files(root: Path, source: Source, paths: Iterable[Path], *, name: str = "",
                 published: str = "") -> Snapshot:
    """Validate and store files a user downloaded themselves (``refresh SOURCE --file PATH``), as release
    `name` published on `published` when given (``--release``, ``--published``; see choose_release)."""
    paths = [Path(p) for p in paths]
    if not paths:
        raise SnapshotError(f"source '{source.id}': no files given to import")
    stated, ends = [], {}
    for path in paths:
        if not path.is_file():
            raise SnapshotError(f"source '{source.id}': {path} is not a file")
        checked = checked_file(source, path)
        stated.append((path, release_of(source, path, checked.spec)))
        ends[path] = checked.data_end
    return _store_imported(root, source, agreed_release(source, stated), paths, ends, name=name,
                           published=published)


def _damaged_holding(root: Path, source: Source, paths: list[Path]) -> Path | None:
    """The release folder with an unreadable manifest that holds one of `paths` byte for byte, if any:
    importing that file again is how such a folder is repaired."""
    digests = {sha256_of(p) for p in paths}
    for folder in readable_snapshots(root, source.id)[1]:
        if any(f.is_file() and f.name != MANIFEST and sha256_of(f) in digests for f in folder.iterdir()):
            return folder
    return None


def _store_imported(root: Path, source: Source, stated: Release | None, paths: list[Path],
                    ends: dict[Path, str | None] | None = None, *, name: str = "",
                    published: str = "") -> Snapshot:
    ends = ends or {}
    data_end = max((ends[p] for p in paths if ends.get(p)), default=None)
    release = choose_release(source, stated, [p.name for p in paths], data_end, name=name,
                             published=published, digests=declared_digests(source, paths))
    same = None if (stated or name or published) else _release_holding(root, source, paths)
    if same is not None:  # the same files again, saying nothing new: the release they were stored as
        release = Release(same.release, same.release_date, same.release_date_from)
    damaged = _damaged_holding(root, source, paths)
    if damaged is not None:  # rebuilt under its own name: the release it was is the release it stays
        release = Release(damaged.name, release.date or date_in_name(damaged.name),
                          release.date_from if release.date else "")
        log.warning("%s: rebuilding release folder %s, whose manifest was missing or damaged", source.id,
                    damaged)
    elif stated is None:
        log.info("%s: the files do not state their release; storing them as release '%s'%s", source.id,
                 release.name,
                 f", published {release.date} (from {release.date_from})" if release.date else "")
    retrieved_at = now_utc()
    staged = [StagedFile(p, retrieved_at=retrieved_at, imported_from=str(p.resolve()), data_end=ends.get(p))
              for p in paths]
    previous = readable_snapshots(root, source.id)[0]
    before = previous[-1] if previous else None
    changes = []
    if damaged is None and same is None and stated is None and not name and release.name.startswith(IMPORTED):
        joined = _joins_latest(source, before, paths, published)
        if joined is not None:
            release = joined
            changes.append(f"the files state no release and cover no period: they join the latest release "
                           f"'{release.name}'")
    # Keep files of the same release imported earlier, so files can be imported one at a time; but a
    # file of the same kind is replaced, never kept beside the new one (both would be read and summed).
    existing_folder = Path(root) / source.id / release.name
    unreadable = readable_snapshots(root, source.id)[1]
    if existing_folder.is_dir() and damaged is None and existing_folder in unreadable:
        changes.append(f"release folder '{release.name}' had a missing or damaged manifest: it now holds "
                       "only the files imported now")
    elif existing_folder.is_dir() and damaged is None:
        existing = read_snapshot(existing_folder)
        new_names = {s.stored_name for s in staged}
        new_kinds = {_figures_kind(source, s.stored_name) for s in staged} - {None}
        for f in existing.files:
            if f.name in new_names or not (existing.path / f.name).is_file():
                continue
            if _figures_kind(source, f.name) in new_kinds:
                changes.append(f"'{f.name}' in release '{release.name}' is replaced by the file of the same "
                               "kind imported now")
                continue
            staged.append(StagedFile(existing.path / f.name, **provenance(f)))
    absorbed = [] if damaged is not None else _undated_complements(source, previous, release.name, staged)
    for other in absorbed:
        staged += [StagedFile(other.path / f.name, **provenance(f)) for f in other.files]
    if release.date_from == DATE_FROM_DECLARATION:  # the files kept from before count too
        known = known_release(source, stated, [f.stored_name for f in staged], data_end,
                              declared_digests(source, [f.path for f in staged]))
        if known is not None and known.date > release.date:
            release = Release(release.name, known.date, DATE_FROM_DECLARATION)
    snapshot = write_snapshot(root, source, release, staged)
    for other in absorbed:
        atomic.discard(other.path)
        changes.append(f"the files of release '{other.release}', which stated nothing, are now in release "
                       f"'{release.name}'")
    changes += _retire_undated_copies(root, snapshot)
    changes += describe_changes(before, snapshot)
    for change in changes:
        log.info("%s: %s", source.id, change)
    return replace(snapshot, changes=tuple(changes))


def _spec_kinds(source: Source, names: Iterable[str]) -> set[int]:
    return {id(spec) for n in names if (spec := source.file_spec_for(n)) is not None}


def _joins_latest(source: Source, latest: Snapshot | None, paths: list[Path],
                  published: str) -> Release | None:
    """The release a file that says nothing about itself completes: the latest, when that is undated or
    holds no file of this kind (a code list beside the table of changes that named the release; the
    metadata beside a school census file). Files imported one at a time then build up one release, as
    they did when every such release was called after the day of its import."""
    if latest is None or (published and latest.release_date and latest.release_date != published):
        return None
    if latest.release_date and _spec_kinds(source, [p.name for p in paths]) & \
            _spec_kinds(source, [f.name for f in latest.files]):
        return None  # a new file of a kind the dated release has: not part of it
    if published:
        return Release(latest.release, published, DATE_FROM_USER)
    return Release(latest.release, latest.release_date, latest.release_date_from)


def _undated_complements(source: Source, previous: list[Snapshot], name: str,
                         staged: list[StagedFile]) -> list[Snapshot]:
    """Releases named only after their import day whose files are all of kinds `staged` lacks: stored
    before the files that named the release, they belong with them (else, ordered by the day they were
    stored, they would pass for the latest release and hide the rest)."""
    kinds = _spec_kinds(source, [s.stored_name for s in staged])
    return [other for other in previous
            if other.release != name and other.release.startswith(IMPORTED) and not other.release_date
            and not (_spec_kinds(source, [f.name for f in other.files]) & kinds)
            and all((other.path / f.name).is_file() for f in other.files)]


def _release_holding(root: Path, source: Source, paths: list[Path]) -> Snapshot | None:
    """The stored release holding exactly these files (by name and bytes), if any."""
    wanted = {(p.name, sha256_of(p)) for p in paths}
    for snap in reversed(readable_snapshots(root, source.id)[0]):
        if {(f.name, f.sha256) for f in snap.files} == wanted:
            return snap
    return None


def _retire_undated_copies(root: Path, snapshot: Snapshot) -> list[str]:
    """Remove an undated release that holds exactly the files just stored under a name or date.

    Naming or dating an earlier import (`refresh SOURCE --file PATH --published DATE`) must not leave the
    undated copy behind: ordered by the day it was stored, it would go on passing for the latest release.
    """
    files = {(f.name, f.sha256) for f in snapshot.files}
    said = []
    for other in readable_snapshots(root, snapshot.source_id)[0]:
        automatic = other.release.startswith((IMPORTED, *NAMED_BY_PERIOD))  # named for want of better
        if other.release != snapshot.release and not other.release_date and \
                (snapshot.release_date or automatic) and {(f.name, f.sha256) for f in other.files} == files:
            atomic.discard(other.path)
            said.append(f"release '{other.release}' held the same files with no publication date: it is now "
                        f"release '{snapshot.release}'"
                        + (f", published {snapshot.release_date}" if snapshot.release_date else ""))
    return said


def describe_changes(before: Snapshot | None, after: Snapshot) -> list[str]:
    """In words, what storing `after` changed compared with the release that was the latest before."""
    if before is None:
        return [f"first release stored: '{after.release}'"]
    said = []
    if before.release != after.release:
        said.append(f"latest release was '{before.release}', now '{after.release}'")
    elif before.release_date != after.release_date and after.release_date:
        said.append(f"release '{after.release}' is now dated: published {after.release_date}"
                    + (f" (was {before.release_date})" if before.release_date else ""))
    old = {f.name: f for f in before.files}
    new = {f.name: f for f in after.files}
    for name in sorted(new.keys() - old.keys()):
        said.append(f"added '{name}'")
    for name in sorted(old.keys() - new.keys()):
        said.append(f"'{name}' is no longer in the latest release")
    for name in sorted(old.keys() & new.keys()):
        if old[name].sha256 != new[name].sha256:
            said.append(f"'{name}' has new bytes (sha256 {old[name].sha256[:12]}... -> "
                        f"{new[name].sha256[:12]}...)")
    if before.data_end != after.data_end and after.data_end:
        were = f" (were to {before.data_end})" if before.data_end else ""
        said.append(f"figures now run to {after.data_end}{were}")
    return said or ["nothing changed: the same files as before"]


def provenance(f: SnapshotFile) -> dict:
    return {
        "name": f.name,
        "url": f.url,
        "retrieved_at": f.retrieved_at,
        "etag": f.etag,
        "last_modified": f.last_modified,
        "imported_from": f.imported_from,
        "zip_member": f.zip_member,
        "data_end": f.data_end,
        "redirected_to": f.redirected_to,
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
        ends: dict[Path, str | None] = {}
        for path in paths:
            try:
                checked = checked_file(source, path)
                ends[path] = checked.data_end
                release = release_of(source, path, checked.spec)
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
        if None in groups and len(groups) == 2:
            # Files that state no release join the one release the others state (a code list beside the
            # table of changes that names the release): stored apart, one would hide the other.
            stated_key = next(k for k in groups if k is not None)
            groups[stated_key] += groups.pop(None)
        for key, group in groups.items():
            try:
                snapshot = _store_imported(root, source, releases[key], group, ends)
            except (ProfilesError, OSError) as exc:
                report.failed.extend((p, str(exc)) for p in group)
                continue
            report.snapshots.append(snapshot)
            current = report.imported.get(source_id)
            if current is None or snapshot.sort_key > current.sort_key:
                report.imported[source_id] = snapshot
    return report
