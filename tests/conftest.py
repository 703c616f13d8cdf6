"""Fixtures shared by the test modules."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def realdata_path() -> Path:
    """Where the real published files live: ../shared/realdata next to the repository."""
    return Path(__file__).resolve().parents[1].parent / "shared" / "realdata"


def require_realdata(path: Path) -> Path:
    """Return path if it exists; otherwise skip, or fail in CI where the real files must be present."""
    if path.exists():
        return path
    message = f"real published files not found at {path} (tests marked realdata read ../shared/realdata)"
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(message + "; in CI this folder must be present")
    pytest.skip(message)


@pytest.fixture(scope="session")
def realdata_dir() -> Path:
    """The folder of real published files; skips the test when it is absent, except in CI (CI=true)."""
    return require_realdata(realdata_path())
