"""The other projects' scripts the site serves (render/assets/vendor) are the published ones, at the
version package.json pins: a copy that drifted from its release, or a version bumped in one place
only, fails here. npm puts the published package in node_modules (`npm ci`, run by `make test`)."""

from __future__ import annotations

import json
import os

import pytest

from migration_profiles.render import pages
from migration_profiles.util.paths import tool_cache

from .workspace import ROOT

VENDOR = ROOT / "src" / "migration_profiles" / "render" / "assets" / "vendor"
# Each vendored file: the npm package it comes from and the file in that package.
VENDORED = {"write-excel-file.min.js": ("write-excel-file", "bundle/write-excel-file.min.js")}


def _published(package: str, path: str) -> tuple[str, str]:
    folder = ROOT / "node_modules" / package
    if not folder.is_dir():
        message = f"{folder} not found: run `npm ci` in the repository (make test does)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; in CI it must be present")
        pytest.skip(message)
    version = json.loads((folder / "package.json").read_text())["version"]
    return version, (folder / path).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(VENDORED))
def test_a_vendored_script_is_its_published_release(name):
    package, path = VENDORED[name]
    version, published = _published(package, path)
    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"][package]
    assert version == pinned
    # Served without its source-map comment: the map is not shipped, and a browser's tools would ask
    # the site for it.
    expected = "".join(line for line in published.splitlines(keepends=True)
                       if not line.startswith("//# sourceMappingURL="))
    assert (VENDOR / name).read_text(encoding="utf-8") == expected
    licence = (VENDOR / name.replace(".min.js", ".LICENSE.txt")).read_text(encoding="utf-8")
    assert f"{package} {version}" in licence and "MIT License" in licence


def test_every_vendored_file_is_accounted_for_and_served(tmp_path):
    scripts = {p.name for p in VENDOR.iterdir() if p.suffix == ".js"}
    assert scripts == set(VENDORED)
    pages.write_assets(tmp_path, tool_cache())  # the session's tool cache (conftest): Vega made once
    for path in VENDOR.iterdir():
        assert (tmp_path / "assets" / "vendor" / path.name).read_bytes() == path.read_bytes()
