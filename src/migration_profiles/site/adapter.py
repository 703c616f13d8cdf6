"""Stage: turn the generated Markdown into HTML with MkDocs, and publish editions with mike.

Kept thin on purpose: the generator writes plain Markdown plus assets, and what is done to the HTML
afterwards is our own step (postprocess.py), so another site tool could take over.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from migration_profiles.render import postprocess
from migration_profiles.util import atomic
from migration_profiles.util.errors import ProfilesError
from migration_profiles.util.paths import Workspace

LATEST = "latest"  # the alias of the newest edition, its default version and every canonical link's target
SITE_URL_VARIABLE = "MIGRATION_PROFILES_SITE_URL"  # where the site is published, when mkdocs.yml does not say


def build_config(ws: Workspace, *, demo: bool, edition: str, site_dir: Path, versioned: bool = False) -> Path:
    """A copy of mkdocs.yml with absolute paths and what this build is (demo or not, edition).

    `versioned` (a mike deploy): every page's canonical link points to the same page under /latest/,
    so search engines send readers to the newest edition, not to an old one. With a site_url (from
    mkdocs.yml or MIGRATION_PROFILES_SITE_URL) mike's plugin rewrites it to <site_url>/latest/ and
    MkDocs writes an absolute canonical URL; without one, overrides/main.html writes a relative one.
    """
    if not ws.mkdocs_config.exists():
        raise ProfilesError(f"no MkDocs configuration at {ws.mkdocs_config}")
    config = yaml.safe_load(ws.mkdocs_config.read_text(encoding="utf-8"))
    config["docs_dir"] = str(ws.docs.resolve())
    config["site_dir"] = str(site_dir.resolve())
    theme = config.setdefault("theme", {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = str((ws.root / theme["custom_dir"]).resolve())
    # Area pages' HTML blocks go in after rendering, and the linked files beside them (postprocess.py):
    # neither is for the site tool to read or copy.
    excluded = config.get("exclude_docs") or ""
    config["exclude_docs"] = (excluded.rstrip("\n") + f"\n*{postprocess.BLOCKS_SUFFIX}\n"
                              f"/{postprocess.LINKED}/\n")
    extra = config.setdefault("extra", {})
    extra["demo"] = demo
    extra["edition"] = edition
    extra["internal"] = ws.audience != "public"  # the OFFICIAL-SENSITIVE marking and noindex on every page
    if not config.get("site_url") and os.environ.get(SITE_URL_VARIABLE):
        config["site_url"] = os.environ[SITE_URL_VARIABLE]
    if versioned:
        extra["canonical_version"] = LATEST
        extra.setdefault("version", {}).update({"provider": "mike", "default": LATEST})
        plugins = [p for p in config.get("plugins") or []
                   if p != "mike" and not (isinstance(p, dict) and "mike" in p)]
        config["plugins"] = [*plugins, {"mike": {"canonical_version": LATEST}}]
    path = ws.out / "mkdocs.generated.yml"
    atomic.write_text(path, yaml.safe_dump(config, sort_keys=False))
    return path


def _run(args: list[str], cwd: Path, what: str) -> None:
    # mike runs `mkdocs` from PATH: put this interpreter's scripts folder first, so the MkDocs beside
    # this package is used even when the virtual environment is not activated.
    scripts = str(Path(sys.executable).parent)
    env = {**os.environ, "PYTHONWARNINGS": "ignore",
           "PATH": os.pathsep.join([scripts, os.environ.get("PATH", "")])}
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        output = (result.stderr or result.stdout).strip().splitlines()
        tail = "\n".join(output[-25:])
        raise ProfilesError(f"{what} failed (exit {result.returncode}); "
                            f"the last good site is unchanged.\n{tail}")


def mkdocs_build(ws: Workspace, *, demo: bool, edition: str) -> None:
    """Build into a temporary folder and swap it in only when MkDocs succeeds."""
    with atomic.replacing_dir(ws.site, background=True) as tmp:
        config = build_config(ws, demo=demo, edition=edition, site_dir=tmp)
        _run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file", str(config)],
             ws.root, "mkdocs build")
        postprocess.finish_site(ws.docs, tmp)


def mike_deploy(ws: Workspace, *, demo: bool, edition: str, branch: str = "gh-pages", push: bool = False,
                latest: bool = True) -> None:
    """Publish the edition to the gh-pages branch; with `latest`, move the 'latest' alias to it.

    'latest' stays the default version, so the site's root address opens the newest edition. A
    rebuild of an older edition (latest=False) replaces that edition's folder and nothing else.
    """
    if ws.audience != "public":
        raise ProfilesError("an internal build holds restricted data and is never deployed or pushed")
    config = build_config(ws, demo=demo, edition=edition, site_dir=ws.build / "mike-site", versioned=True)
    # mike has no __main__ module, so `python -m mike` fails; call its entry point in this interpreter.
    base = [sys.executable, "-c", "import sys; from mike.driver import main; sys.exit(main())"]
    pushing = ["--push"] if push else []
    aliases = ["--update-aliases", edition, LATEST] if latest else [edition]
    # mike deploy with our post-processing between its build and its commit (see mike_deploy.py).
    _run([sys.executable, "-m", "migration_profiles.site.mike_deploy", *pushing, "--config-file", str(config),
          "--docs", str(ws.docs.resolve()), "--branch", branch,
          "--title", f"Edition {edition}", *aliases],
         ws.root, "mike deploy")
    _run([*base, "set-default", *pushing, "--config-file", str(config), "--branch", branch, LATEST],
         ws.root, "mike set-default")
