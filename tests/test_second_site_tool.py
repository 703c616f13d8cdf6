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
import functools
import http.server
import importlib.util
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from migration_profiles import postprocess, site, snapshots
from migration_profiles.pipeline import BuildOptions, build
from migration_profiles.progress import Progress

from .test_browser import ALL_CHARTS_DRAWN, CHROMIUM, CHROMIUM_ARGS, _QuietHandler
from .workspace import ROOT, fixture_downloads, make_project

pytestmark = pytest.mark.slow

YORK = Path("areas/E06000014/index.html")
# What is expected to differ between two builds of the same docs: the generator's name and the build date.
VOLATILE = re.compile(r'<meta name="generator"[^>]*>|build_date_utc[^<]*|"build_date"[^,}]*')


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The same docs built by MkDocs (the normal build) and by ProperDocs, both post-processed."""
    if importlib.util.find_spec("properdocs") is None:
        pytest.skip("ProperDocs is not installed (pip install properdocs==1.6.7): the second-site-tool "
                    "check runs only where it is")
    root = tmp_path_factory.mktemp("second-site-tool")
    ws = make_project(root / "project")
    report = snapshots.import_from_dir(ws.snapshots, fixture_downloads(root / "downloads"))
    assert not report.failed, report.failed
    built = build(ws, BuildOptions(areas=["E06000014", "E08000035"]), Progress(quiet=True))
    other = root / "properdocs-site"
    config = site.build_config(ws, demo=built.demo, edition=built.edition, site_dir=other)
    command = [sys.executable, "-m", "properdocs", "build", "--quiet", "--config-file", str(config)]
    done = subprocess.run(command, cwd=ws.root, capture_output=True, text=True,
                          env={**os.environ, "DISABLE_MKDOCS_2_WARNING": "true"})
    assert done.returncode == 0, done.stderr[-3000:]
    assert postprocess.finish_site(ws.docs, other) == 2
    return ws.site, other


def differences(ours: Path, theirs: Path) -> list[str]:
    """Files only one tool wrote, and the first differing lines of each page both wrote."""
    files = {p.relative_to(ours) for p in ours.rglob("*") if p.is_file()}
    others = {p.relative_to(theirs) for p in theirs.rglob("*") if p.is_file()}
    lines = [f"only MkDocs wrote {p}" for p in sorted(files - others)]
    lines += [f"only ProperDocs wrote {p}" for p in sorted(others - files)]
    for page in sorted(p for p in files & others if p.suffix == ".html"):
        a = VOLATILE.sub("", (ours / page).read_text(encoding="utf-8")).splitlines()
        b = VOLATILE.sub("", (theirs / page).read_text(encoding="utf-8")).splitlines()
        if a != b:
            diff = [line for line in difflib.unified_diff(a, b, lineterm="", n=0) if line[:1] in "+-"][2:8]
            lines.append(f"{page} differs:\n    " + "\n    ".join(d[:160] for d in diff))
    return lines


def test_the_other_tool_writes_every_page_with_its_tables_and_chart_scripts(sites):
    ours, theirs = sites
    for html in (ours / YORK, theirs / YORK):
        page = html.read_text(encoding="utf-8")
        assert page.count('class="mp-chart"') >= 5
        assert page.count('<details class="note mp-chart-data"') == page.count('class="mp-chart"')
        assert "<!-- mp-table" not in page
        # Every script the charts need is where the page says it is.
        for src in re.findall(r'<script src="([^"]+)"', page):
            if not src.startswith(("http:", "https:", "//")):
                assert (html.parent / src.split("?")[0]).resolve().exists(), f"{html}: {src} is missing"
    report = differences(ours, theirs)
    artifacts = Path(os.environ.get("MP_TEST_ARTIFACTS") or ROOT / "build" / "test-artifacts")
    artifacts.mkdir(parents=True, exist_ok=True)
    text = "\n".join(report) or "no differences besides the generator's name and the build date"
    (artifacts / "second-site-tool.txt").write_text(text + "\n", encoding="utf-8")
    print(f"\nProperDocs against MkDocs, {len(report)} difference(s):\n{text}")


def test_the_charts_draw_in_the_other_tools_site(sites):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: the drawing check needs Debian's chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    handler = functools.partial(_QuietHandler, directory=str(sites[1]))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                                 args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/{YORK.parent.as_posix()}/")
            page.wait_for_function(ALL_CHARTS_DRAWN, timeout=20_000)
            assert page.locator("figure.mp-chart .mp-chart-canvas svg").count() >= 5
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
