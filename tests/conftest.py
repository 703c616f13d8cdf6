"""Fixtures shared by the test modules."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from migration_profiles.util.paths import TOOL_CACHE_VARIABLE

# What the tool makes from its own code (Vega runtime, minified scripts, chart templates) is kept for the
# session in a folder of its own, not in the home folder of whoever runs the tests; set before any build.
os.environ.setdefault(TOOL_CACHE_VARIABLE, tempfile.mkdtemp(prefix="mp-tool-cache-"))

# The browser every browser test drives: one per session (Playwright's sync API cannot start a second
# one while the first runs), shared by tests/test_browser.py and the fault tests in tests/faults/.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found (install Debian's chromium: `playwright install` cannot work here)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; in CI it must be present")
        pytest.skip(message)
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def realdata_path() -> Path:
    """Where the real published files live: ../shared/realdata next to the repository."""
    return Path(__file__).resolve().parents[1].parent / "shared" / "realdata"


def require_realdata(path: Path) -> Path:
    """Return path if it exists; otherwise skip, or fail in CI where the real files must be present."""
    if path.exists():
        return path
    message = f"real published files not found at {path} (tests marked realdata read ../shared/realdata)"
    # The project's own CI always has ../shared beside the clone; a public CI (GitHub Actions) does
    # not, and says so with MIGRATION_PROFILES_REALDATA=optional.
    optional = os.environ.get("MIGRATION_PROFILES_REALDATA", "").strip().lower() == "optional"
    if os.environ.get("CI", "").strip().lower() == "true" and not optional:
        pytest.fail(message + "; in CI this folder must be present")
    pytest.skip(message)


@pytest.fixture(scope="session")
def realdata_dir() -> Path:
    """The folder of real published files; skips the test when it is absent, except in CI (CI=true)."""
    return require_realdata(realdata_path())


# Property tests check invariants, not speed: on a loaded 2-core CI machine a per-example deadline
# only makes them flaky. (Performance is measured by scripts/benchmark.py instead.)
from hypothesis import settings  # noqa: E402

settings.register_profile("project", deadline=None)
settings.load_profile("project")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where the browser tests put their screenshots and printed pages, for a person to look at."""
    root = Path(__file__).parents[1]
    folder = Path(os.environ.get("MP_TEST_ARTIFACTS") or root / "build" / "test-artifacts") / "browser"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
