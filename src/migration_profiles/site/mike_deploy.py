"""`mike deploy` with our post-processing between the site tool's build and mike's commit.

mike runs the site tool itself and commits its output folder straight away, so there is no moment
from outside at which the HTML could be finished. mike's own `deploy` command is a context manager
around the build (mike.commands.deploy): this module builds inside it as `mike deploy` does (with
mike's plugin added to the configuration), then runs postprocess.finish_site, and mike commits the
finished folder. Run as
`python -m migration_profiles.site.mike_deploy` from the project folder (mike works on the git
repository of the current folder); site.py does that.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import mkdocs
from mike import commands, git_utils, mkdocs_utils
from mike.app_version import version as mike_version

from migration_profiles.render.postprocess import finish_site


def deploy(config_file: str, docs: Path, version: str, title: str, aliases: list[str], *, branch: str,
           update_aliases: bool, push: bool, remote: str = "origin") -> None:
    cfg = mkdocs_utils.load_config(config_file)
    message = f"Deployed edition {version} with MkDocs {mkdocs.__version__} and mike {mike_version}"
    with commands.deploy(cfg, version, title, aliases, update_aliases, branch=branch, message=message), \
            mkdocs_utils.inject_plugin(config_file) as with_plugin:
        # The same site tool as site.mkdocs_build, whatever else is installed (mike would pick ProperDocs
        # when it is, which the second-site-tool test installs); mike's plugin reads the version here.
        env = {**os.environ, mkdocs_utils.docs_version_var: version}
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--clean", "--quiet", "--config-file",
                        with_plugin], env=env, check=True)
        finish_site(docs, Path(cfg["site_dir"]))
    if push:
        git_utils.push_branch(remote, branch)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config-file", required=True)
    parser.add_argument("--docs", type=Path, required=True,
                        help="the generated docs folder the site is built from")
    parser.add_argument("--branch", default="gh-pages")
    parser.add_argument("--title", required=True)
    parser.add_argument("--update-aliases", action="store_true")
    parser.add_argument("--push", action="store_true")
    parser.add_argument("version")
    parser.add_argument("aliases", nargs="*")
    args = parser.parse_args(argv)
    deploy(args.config_file, args.docs, args.version, args.title, args.aliases, branch=args.branch,
           update_aliases=args.update_aliases, push=args.push)
    return 0


if __name__ == "__main__":
    sys.exit(main())
