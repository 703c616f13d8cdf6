"""Stage: each area's accessible spreadsheet (XLSX), made beside the site build and only when its
figures changed.

Nothing on the site waits for the workbooks, so they are not made by the pages stage, which the site
tool does wait for. That stage writes what each workbook is made from (downloads.workbook_input) as
one JSON file per area; `make` turns each into an XLSX named by the area and a hash of that JSON, and
skips those it made before, so a rebuild after one source changed makes only the workbooks whose
figures changed. The pipeline runs `make` while the site tool renders in its own process, in a cold
build with two forked workers, so that the workbooks are done about when the site is; `install` then
links the workbooks into the rendered site (data/areas/<code>.xlsx, where the area pages link to),
before it is swapped in or committed by mike."""

from __future__ import annotations

import hashlib
import json
import multiprocessing.pool
import os
import shutil
from pathlib import Path

from migration_profiles.render import downloads
from migration_profiles.util import atomic

INDEX = "index.json"  # area code -> the file of its current workbook
# The writer's own code is part of what a workbook is made from: a new release of the tool (a cover
# sheet worded anew) must not leave workbooks made by the old one in place because the figures held.
WRITER = hashlib.sha256(Path(downloads.__file__).read_bytes()).digest()
SITE_FOLDER = Path("data") / "areas"


def write_input(inputs: Path, profile: dict) -> None:
    """What the area's workbook is made from, for `make` (called by the pages stage)."""
    text = json.dumps(downloads.workbook_input(profile), ensure_ascii=False, separators=(",", ":"))
    (inputs / f"{profile['area']['code']}.json").write_text(text, encoding="utf-8")


def make(inputs: Path, workbooks: Path, pool: multiprocessing.pool.Pool | None = None) -> tuple[int, int]:
    """Make the workbook of every input in `inputs` whose content has no workbook in `workbooks` yet,
    and record the current one of each area in its index. Returns (made, reused).

    With a `pool` (forked.pool), the workbooks are made in its processes: each area's is independent of
    the others, and a cold build makes every area's while the site tool renders on the other core."""
    workbooks.mkdir(parents=True, exist_ok=True)
    current, to_make = {}, []
    for path in sorted(inputs.glob("*.json")):
        name = f"{path.stem}-{hashlib.sha256(WRITER + path.read_bytes()).hexdigest()[:20]}.xlsx"
        if not (workbooks / name).exists():
            to_make.append((path, workbooks / name))
        current[path.stem] = name
    if pool is not None and len(to_make) > 1:
        # Chunks of a few areas: few messages between the processes, and an even share at the end.
        for _ in pool.imap_unordered(_make_one, to_make, chunksize=max(1, min(8, len(to_make) // 16))):
            pass
    else:
        for job in to_make:
            _make_one(job)
    kept = set(current.values())
    for old in workbooks.glob("*.xlsx"):  # older figures' workbooks, and those of areas no longer built
        if old.name not in kept:
            old.unlink()
    atomic.write_text(workbooks / INDEX, json.dumps(current, indent=0, sort_keys=True))
    return len(to_make), len(current) - len(to_make)


def _make_one(job: tuple[Path, Path]) -> None:
    source, target = job
    atomic.write_bytes(target, downloads.area_workbook(json.loads(source.read_bytes())))


def install(workbooks: Path, site_dir: Path) -> int:
    """Put each area's current workbook into the rendered site; returns how many. Hard links where the
    file system allows (the site is rebuilt whole, never edited in place), copies otherwise."""
    current = json.loads((workbooks / INDEX).read_text())
    folder = site_dir / SITE_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for code, name in current.items():
        target = folder / f"{code}.xlsx"
        target.unlink(missing_ok=True)
        try:
            os.link(workbooks / name, target)
        except OSError:
            shutil.copyfile(workbooks / name, target)
    return len(current)
