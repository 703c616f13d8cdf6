"""The generated docs build with a second site tool, not only MkDocs (the generator does not depend on it).

ProperDocs (a maintained continuation of MkDocs 1.x, on PyPI) builds the same docs folder with the same
configuration, and our own post-processing (postprocess.finish_site) finishes its HTML as it finishes
MkDocs'. The test checks what a reader needs: every chart draws and every data table is there. It then
reports every file and page that differs from MkDocs' build (in build/test-artifacts/second-site-tool.txt
and on stdout) without failing on differences of markup. When ProperDocs is not installed it skips and
says so: the tool is optional, and CI does not fail only because it is missing.

Zensical (0.1.x, which reads mkdocs.yml) would be the next to try here, once a version that renders these
pages installs from the registry; see the README's "Moving to another site tool".
"""

from __future__ import annotations

import difflib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from migration_profiles.acquire import snapshots
from migration_profiles.pipeline import BuildOptions, build
from migration_profiles.render import postprocess
from migration_profiles.site import adapter as site
from migration_profiles.util.progress import Progress

from .conftest import CHROMIUM, CHROMIUM_ARGS
from .helpers_http import serving
from .test_browser import ALL_CHARTS_DRAWN, SCROLL_THROUGH_CHARTS
from .workspace import ROOT, fixture_downloads, make_project

pytestmark = pytest.mark.slow

YORK = Path("areas/E06000014/index.html")
# What is expected to differ between two builds of the same docs: the generator's name and the build date.
VOLATILE = re.compile(r'<meta name="generator"[^>]*>|build_date_utc[^<]*|"build_date"[^,}]*')


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Two areas' pages built as usual, with MkDocs; returns the workspace and the build report."""
    root = tmp_path_factory.mktemp("second-site-tool")
    ws = make_project(root / "project")
    report = snapshots.import_from_dir(ws.snapshots, fixture_downloads(root / "downloads"))
    assert not report.failed, report.failed
    return ws, build(ws, BuildOptions(areas=["E06000014", "E08000035"]), Progress(quiet=True))


def _properdocs(ws, config: Path, out: Path) -> list[str] | None:
    if importlib.util.find_spec("properdocs") is None:
        return None
    return [sys.executable, "-m", "properdocs", "build", "--quiet", "--config-file", str(config)]


def _zensical(ws, config: Path, out: Path) -> list[str] | None:
    """Zensical runs from its own environment (MP_ZENSICAL or `zensical` on PATH). It wants the docs
    beside its configuration, so the docs, overrides and configuration are copied together."""
    program = os.environ.get("MP_ZENSICAL") or shutil.which("zensical")
    if not program:
        return None
    project = out.parent  # it wants the site inside the project's folder too
    shutil.copytree(ws.docs, project / "docs")
    shutil.copytree(ws.root / "overrides", project / "overrides")
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings.update(docs_dir="docs", site_dir=out.name, strict=False)  # it warns on links to unbuilt areas
    settings["theme"]["custom_dir"] = "overrides"
    (project / "mkdocs.yml").write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    return [program, "build", "-f", str(project / "mkdocs.yml")]


TOOLS = {"ProperDocs": (_properdocs, "pip install properdocs==1.6.7"),
         "Zensical": (_zensical, "set MP_ZENSICAL to a zensical program installed in a virtual "
                                 "environment of its own (0.1.4 needs zensical-ui, not on the registry here; "
                                 "0.0.73 installs)")}


@pytest.fixture(scope="module", params=list(TOOLS))
def sites(request, built, tmp_path_factory):
    """The same docs built by MkDocs (the normal build) and by another tool, both post-processed."""
    ws, report = built
    command_for, how = TOOLS[request.param]
    other = tmp_path_factory.mktemp(request.param.lower()) / "site"
    config = site.build_config(ws, demo=report.demo, edition=report.edition, site_dir=other)
    command = command_for(ws, config, other)
    if command is None:
        pytest.skip(f"{request.param} is not installed ({how}): its check runs only where it is")
    done = subprocess.run(command, cwd=other.parent, capture_output=True, text=True,
                          env={**os.environ, "DISABLE_MKDOCS_2_WARNING": "true"})
    assert done.returncode == 0, done.stderr[-3000:]
    assert postprocess.finish_site(ws.docs, other) == 2
    return ws.site, other, request.param


def differences(ours: Path, theirs: Path, tool: str) -> list[str]:
    """Files only one tool wrote, and the first differing lines of each page both wrote."""
    files = {p.relative_to(ours) for p in ours.rglob("*") if p.is_file()}
    others = {p.relative_to(theirs) for p in theirs.rglob("*") if p.is_file()}
    lines = [f"only MkDocs wrote {p}" for p in sorted(files - others)]
    lines += [f"only {tool} wrote {p}" for p in sorted(others - files)]
    for page in sorted(p for p in files & others if p.suffix == ".html"):
        a = VOLATILE.sub("", (ours / page).read_text(encoding="utf-8")).splitlines()
        b = VOLATILE.sub("", (theirs / page).read_text(encoding="utf-8")).splitlines()
        if a != b:
            diff = [line for line in difflib.unified_diff(a, b, lineterm="", n=0) if line[:1] in "+-"][2:8]
            lines.append(f"{page} differs:\n    " + "\n    ".join(d[:160] for d in diff))
    return lines


def test_the_other_tool_writes_every_page_with_its_tables_and_chart_scripts(sites):
    ours, theirs, tool = sites
    report = []
    for html in (ours / YORK, theirs / YORK):
        page = html.read_text(encoding="utf-8")
        assert page.count('class="mp-chart"') >= 5
        assert page.count('<details class="mp-chart-data"') == page.count('class="mp-chart"')
        assert "<!-- mp-" not in page
        # The site's own scripts are where the page says they are.
        for src in re.findall(r'<script src="([^"]+)"', page):
            target = html.parent / src.split("?")[0]
            elsewhere = src.startswith(("http:", "https:", "//"))
            assert elsewhere or target.resolve().exists(), f"{html}: {src} is missing"
    report += differences(ours, theirs, tool)
    artifacts = Path(os.environ.get("MP_TEST_ARTIFACTS") or ROOT / "build" / "test-artifacts")
    artifacts.mkdir(parents=True, exist_ok=True)
    text = "\n".join(report) or "no differences besides the generator's name and the build date"
    (artifacts / f"second-site-tool-{tool.lower()}.txt").write_text(text + "\n", encoding="utf-8")
    shown = "\n".join(text.splitlines()[:30])
    print(f"\n{tool} against MkDocs, {len(report)} difference(s) (all in {artifacts}):\n{shown}")


# Run in a process of its own: the browser tests of the same session may already hold Playwright's
# synchronous API, which cannot be started twice in one process.
DRAW = """
import sys
from playwright.sync_api import sync_playwright
url, chromium, args, drawn, scroll = sys.argv[1], sys.argv[2], sys.argv[3].split(), sys.argv[4], sys.argv[5]
with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=args)
    page = browser.new_page()
    page.goto(url)
    page.evaluate(scroll)  # charts are drawn as they come near the screen
    page.wait_for_function(drawn, timeout=20_000)
    print(page.locator("figure.mp-chart .mp-chart-canvas svg").count())
    browser.close()
"""


def test_the_charts_draw_in_the_other_tools_site(sites):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: the drawing check needs Debian's chromium")
    pytest.importorskip("playwright.sync_api")
    with serving(sites[1]) as base:
        url = f"{base}{YORK.parent.as_posix()}/"
        done = subprocess.run([sys.executable, "-c", DRAW, url, str(CHROMIUM), " ".join(CHROMIUM_ARGS),
                               ALL_CHARTS_DRAWN, SCROLL_THROUGH_CHARTS],
                              capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.split()[-1]) >= 5
