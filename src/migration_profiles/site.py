"""Stage: turn the generated Markdown into HTML with MkDocs, and publish editions with mike.

Kept thin on purpose: the generator writes plain Markdown, so another site tool could take over.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from migration_profiles import atomic
from migration_profiles.errors import ProfilesError
from migration_profiles.paths import Workspace


def build_config(ws: Workspace, *, demo: bool, edition: str, site_dir: Path) -> Path:
    """A copy of mkdocs.yml with absolute paths and what this build is (demo or not, edition)."""
    if not ws.mkdocs_config.exists():
        raise ProfilesError(f"no MkDocs configuration at {ws.mkdocs_config}")
    config = yaml.safe_load(ws.mkdocs_config.read_text(encoding="utf-8"))
    config["docs_dir"] = str(ws.docs.resolve())
    config["site_dir"] = str(site_dir.resolve())
    theme = config.setdefault("theme", {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = str((ws.root / theme["custom_dir"]).resolve())
    extra = config.setdefault("extra", {})
    extra["demo"] = demo
    extra["edition"] = edition
    path = ws.build / "mkdocs.generated.yml"
    atomic.write_text(path, yaml.safe_dump(config, sort_keys=False))
    return path


def _run(args: list[str], cwd: Path, what: str) -> None:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        output = (result.stderr or result.stdout).strip().splitlines()
        tail = "\n".join(output[-25:])
        raise ProfilesError(f"{what} failed (exit {result.returncode}); the last good site is unchanged.\n{tail}")


def mkdocs_build(ws: Workspace, *, demo: bool, edition: str) -> None:
    """Build into a temporary folder and swap it in only when MkDocs succeeds."""
    with atomic.replacing_dir(ws.site) as tmp:
        config = build_config(ws, demo=demo, edition=edition, site_dir=tmp)
        _run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file", str(config)],
             ws.root, "mkdocs build")


def mike_deploy(ws: Workspace, *, demo: bool, edition: str, branch: str = "gh-pages", push: bool = False) -> None:
    """Publish the edition to the gh-pages branch, move the 'latest' alias to it and make it the default."""
    config = build_config(ws, demo=demo, edition=edition, site_dir=ws.build / "mike-site")
    base = [sys.executable, "-m", "mike"]
    deploy = [*base, "deploy", "--config-file", str(config), "--branch", branch, "--update-aliases",
              "--title", f"Edition {edition}", edition, "latest"]
    if push:
        deploy.insert(3, "--push")
    _run(deploy, ws.root, "mike deploy")
    default = [*base, "set-default", "--config-file", str(config), "--branch", branch, "latest"]
    if push:
        default.insert(3, "--push")
    _run(default, ws.root, "mike set-default")
