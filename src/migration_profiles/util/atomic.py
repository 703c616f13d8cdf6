"""Write-then-rename, so an interrupted run never leaves a half-written file or folder behind.

Temporary files and folders are named after the process that made them (`.<name>.<pid>.<random>.tmp`),
so the next run can tell the leftovers of a killed run from the work of one still running, and `sweep`
removes them. What ends up in place has ordinary permissions (as the user's umask allows), not the
owner-only ones that tempfile gives its files and folders.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

TEMP_SUFFIXES = (".tmp", ".part")
REFRESH_STAGING = "migration-profiles-refresh-"  # system temporary folders of refresh, then the process id
# A leftover whose name carries no process id (written before ids were recorded) is removed once it
# is this old: no write takes an hour.
UNTAGGED_AGE = 3600
_TAGGED = re.compile(r"^\..+\.(\d+)\.[^.]+\.(?:tmp|part)$")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def ordinary_permissions(path: Path) -> None:
    """Give `path` the permissions a file or folder made with open() or mkdir() would have."""
    mode = 0o777 if path.is_dir() else 0o666
    os.chmod(path, mode & ~_umask())


def temp_prefix(name: str) -> str:
    """The prefix of a temporary file or folder standing in for `name`, tagged with this process."""
    return f".{name}.{os.getpid()}."


def write_with(path: Path, write: Callable[[Path], None]) -> None:
    """Call `write(tmp)` to fill a temporary file beside `path`, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=temp_prefix(path.name), suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        ordinary_permissions(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes(path: Path, data: bytes) -> None:
    write_with(path, lambda tmp: tmp.write_bytes(data))


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def write_parquet(path: Path, frame) -> None:
    """A pandas frame as Parquet: a reader, or the next build, never finds half a file."""
    write_with(path, lambda tmp: frame.to_parquet(tmp, index=False))


@contextmanager
def replacing_dir(target: Path, background: bool = False) -> Iterator[Path]:
    """Yield an empty temporary folder beside `target`; on success it replaces `target` whole.

    On any error the temporary folder is removed and `target` is left exactly as it was. With
    `background`, the replaced folder is removed by `discard`, while the caller goes on.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=temp_prefix(target.name), suffix=".tmp"))
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    ordinary_permissions(tmp)
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(tmp, target)
    if background and old.exists():
        discard(old)
    else:
        shutil.rmtree(old, ignore_errors=True)


# Folders being removed in the background (discard), which finish_discarding waits for.
_DISCARDING: list[threading.Thread] = []


def discard(folder: Path) -> None:
    """Remove `folder` in a background thread, after renaming it to a temporary name of this process.

    Why: the previous build's docs or site is thousands of files, and unlinking them took seconds of
    the stage that replaced it; the deletion is system calls, so it overlaps with the rest of the
    build (MkDocs runs in a process of its own). A run killed before it finishes leaves a temporary
    folder of a dead process, which `sweep` removes.
    """
    trash = folder.with_name(f"{temp_prefix(folder.name)}{secrets.token_hex(4)}.tmp")
    os.replace(folder, trash)
    thread = threading.Thread(target=shutil.rmtree, args=(trash,), kwargs={"ignore_errors": True},
                              name=f"discard {folder.name}")
    thread.start()  # not a daemon: the interpreter waits for it before it exits
    _DISCARDING.append(thread)


def finish_discarding() -> None:
    """Wait until every folder given to `discard` is gone (a build calls this before it returns)."""
    while _DISCARDING:
        _DISCARDING.pop().join()


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def _leftover(path: Path, now: float) -> bool:
    if not path.name.startswith(".") or not path.name.endswith(TEMP_SUFFIXES):
        return False
    match = _TAGGED.match(path.name)
    if match:
        return not _alive(int(match.group(1)))
    try:
        return now - path.lstat().st_mtime > UNTAGGED_AGE
    except FileNotFoundError:
        return False


def sweep(folder: Path) -> list[Path]:
    """Remove what killed runs left in `folder`: temporary files and folders of processes that no longer
    run. A folder's previous version left as `.<name>.old` by a run killed between its two renames is put
    back when nothing replaced it, and removed otherwise. Returns what was removed or restored."""
    if not folder.is_dir():
        return []
    cleaned, now = [], time.time()
    for path in sorted(folder.iterdir()):
        if _leftover(path, now):
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
            cleaned.append(path)
        elif path.name.startswith(".") and path.name.endswith(".old") and path.is_dir():
            target = path.with_name(path.name[1 : -len(".old")])
            if target.exists():
                shutil.rmtree(path, ignore_errors=True)
            else:
                os.replace(path, target)
            cleaned.append(path)
    return cleaned


def sweep_temp_folders(prefix: str) -> list[Path]:
    """Remove the system temporary folders named `<prefix><pid>-...` whose process no longer runs."""
    cleaned, now = [], time.time()
    pattern = re.compile(re.escape(prefix) + r"(\d+)-")
    for path in Path(tempfile.gettempdir()).glob(f"{prefix}*"):
        match = pattern.match(path.name)
        try:
            dead = not _alive(int(match.group(1))) if match else now - path.lstat().st_mtime > UNTAGGED_AGE
        except FileNotFoundError:
            continue
        if dead and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
            cleaned.append(path)
    return cleaned
