"""Test helpers: a throwaway project folder with the site configuration and fixture downloads."""

from __future__ import annotations

import shutil
from pathlib import Path

from migration_profiles.util.paths import Workspace

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The hand-written fixtures of the sources a basic profile needs, as a user would download them.
BASIC_FIXTURES = ("lami", "mye", "geography")


def make_project(root: Path, with_sample: bool = False) -> Workspace:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("docs", "overrides"):
        shutil.copytree(ROOT / folder, root / folder)
    if with_sample:
        shutil.copytree(ROOT / "data" / "sample", root / "data" / "sample")
    return Workspace(root)


def fixture_downloads(folder: Path, sources=BASIC_FIXTURES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for source in sources:
        for path in (FIXTURES / source).iterdir():
            if path.is_file():
                shutil.copy(path, folder / path.name)
    return folder
