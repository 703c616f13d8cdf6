"""Stages record what they were built from, and are skipped when none of it has changed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from migration_profiles.util import atomic


def hash_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def hash_tree(paths: Iterable[Path], pattern: str = "*") -> str:
    """One hash over every file (name and bytes) under the given folders or files."""
    digest = hashlib.sha256()
    for root in paths:
        files = sorted(p for p in root.rglob(pattern) if p.is_file()) if root.is_dir() else [root]
        for path in files:
            if path.exists() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root.parent)).encode())
                digest.update(hash_file(path).encode())
    return digest.hexdigest()


def run_stage(manifest_dir: Path, name: str, inputs: dict[str, str], outputs: list[Path],
              action: Callable[[], None], force: bool = False) -> bool:
    """Run `action` unless the recorded inputs are identical and every output exists.

    Returns True when the stage ran. The record is written only after the action succeeds, so a
    failed stage always runs again.
    """
    record = manifest_dir / f"{name}.json"
    key = hash_bytes(json.dumps(inputs, sort_keys=True).encode())
    if not force and record.exists() and all(p.exists() for p in outputs):
        if json.loads(record.read_text()).get("key") == key:
            return False
    action()
    atomic.write_text(record, json.dumps({"stage": name, "key": key, "inputs": inputs,
                                          "finished_at": datetime.now(UTC).isoformat(timespec="seconds")},
                                         indent=1))
    return True
