"""What local data is held: each accepted return stored like a snapshot, with who sent it and on what terms.

    data/local/<kind>-<provider>/<date received>/<file as received>
                                                 cells.csv       the checked cells, one per row
                                                 manifest.json   provider, received, classification,
                                                                 agreement, sha256, disclosure rules
    data/local/areas.csv      the council's wards and MSOAs: code, name, council_code
    data/local/register.yaml  local research register;  data/local/checklist.yaml  section 5 checklist

A fresh clone with no data/local/ reads the demonstration copy in data/sample/local/.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from migration_profiles.acquire.snapshots import latest_snapshot
from migration_profiles.local import kinds
from migration_profiles.local.validate import KEYS, Checked, check
from migration_profiles.sources.base import PUBLIC
from migration_profiles.sources.geography import parse_authorities
from migration_profiles.stages.tidy import snapshot_root
from migration_profiles.util import atomic
from migration_profiles.util.errors import ProfilesError
from migration_profiles.util.paths import Workspace

RESTRICTED = "restricted"
CLASSIFICATIONS = (PUBLIC, RESTRICTED)
MANIFEST = "manifest.json"
CELLS = "cells.csv"
AREAS_FILE = "areas.csv"


@dataclass(frozen=True)
class Held:
    """One dataset as held: its latest return."""

    path: Path
    manifest: dict

    @property
    def id(self) -> str:
        return self.manifest["dataset"]

    @property
    def classification(self) -> str:
        return self.manifest["classification"]

    def cells(self) -> pd.DataFrame:
        frame = pd.read_csv(self.path / CELLS, dtype=str, keep_default_na=False)
        frame[kinds.COUNT] = frame[kinds.COUNT].astype(int)
        return frame


def local_root(ws: Workspace) -> Path:
    """data/local when anything has been imported, else the demonstration copy."""
    real = ws.data / "local"
    if any(real.glob(f"*/*/{MANIFEST}")):
        return real
    demo = ws.data / "sample" / "local"
    return demo if demo.is_dir() else real


def council_codes(ws: Workspace) -> set[str]:
    """Codes of the councils in the geography snapshot the build reads."""
    root, _ = snapshot_root(ws)
    snap = latest_snapshot(root, "geography")
    if snap is None:
        raise ProfilesError(
            "no geography snapshot to check area codes against; "
            "run `migration-profiles refresh geography` first"
        )
    authorities = [f for f in snap.files if "authorities" in f.name]
    frame = parse_authorities(snap.path / authorities[0].name)
    return set(frame.loc[frame["level"] == "local_authority", "area_code"])


def subarea_codes(root: Path) -> dict[str, str]:
    """The council's wards and MSOAs (data/local/areas.csv): code -> council code."""
    path = root / AREAS_FILE
    if not path.exists():
        return {}
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))
    return {r["code"].strip(): r["council_code"].strip() for r in rows if r.get("code")}


def subarea_names(root: Path) -> dict[str, str]:
    path = root / AREAS_FILE
    if not path.exists():
        return {}
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))
    return {r["code"].strip(): r["name"].strip() for r in rows if r.get("code")}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "provider"


def import_file(
    root: Path,
    path: Path,
    kind: kinds.Kind,
    provider: str,
    classification: str,
    councils: set[str],
    agreement: str = "",
    threshold: int = 10,
    round_to: int = 0,
    received: str | None = None,
) -> Held:
    """Check the file and store it; any problem stores nothing and raises with every problem listed."""
    if classification not in CLASSIFICATIONS:
        raise ProfilesError(f"--classification must be one of {', '.join(CLASSIFICATIONS)}")
    if not path.is_file():
        raise ProfilesError(f"{path}: no such file")
    if threshold < 1 or round_to < 0:
        raise ProfilesError("--threshold must be 1 or more and --round 0 or more")
    checked: Checked = check(path, kind, councils, subarea_codes(root))
    if checked.problems:
        lines = "\n".join(f"  {p}" for p in checked.problems)
        raise ProfilesError(
            f"{path.name}: {len(checked.problems)} problem(s); nothing was imported.\n{lines}"
        )
    if checked.cells.empty:
        raise ProfilesError(f"{path.name}: no rows of counts; nothing was imported")
    dataset = f"{kind.id}-{slug(provider)}"
    received = received or date.today().isoformat()
    target = root / dataset / received
    data = path.read_bytes()
    cells = checked.cells[[*KEYS, kinds.LEVEL, kinds.AREA_NAME, kinds.COUNT]]
    manifest = {
        "dataset": dataset,
        "kind": kind.id,
        "title": kind.title,
        "provider": provider,
        "classification": classification,
        "agreement": agreement,
        "received": received,
        "file": path.name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "rows": len(cells),
        "periods": sorted(set(cells[kinds.PERIOD])),
        "levels": sorted(set(cells[kinds.LEVEL])),
        "threshold": threshold,
        "round_to": round_to,
        "caveat": kind.caveat,
    }
    with atomic.replacing_dir(target) as tmp:
        shutil.copyfile(path, tmp / path.name)
        cells.to_csv(tmp / CELLS, index=False)
        atomic.write_text(tmp / MANIFEST, json.dumps(manifest, indent=1))
    return Held(target, manifest)


def held(root: Path) -> list[Held]:
    """The latest return of every dataset held, in name order."""
    out = []
    for folder in sorted(p for p in root.glob("*") if p.is_dir()):
        returns = sorted(p for p in folder.glob(f"*/{MANIFEST}"))
        if returns:
            latest = returns[-1].parent
            out.append(Held(latest, json.loads(returns[-1].read_text(encoding="utf-8"))))
    return out
