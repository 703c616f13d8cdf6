"""Two editions built from two snapshots that differ, deployed with mike to a local gh-pages branch.

Edition 2026-05 is built from the hand-written fixtures. Edition 2026-08 adds a new LAMI release
that differs in exactly three ways: it is a new release, it revises one figure (York's share of births
to non-UK-born mothers in 2019), and City of Edinburgh (S12000036) has merged into an invented
successor, Edinburgh and Lothians (S12000099), under which its figures now appear. The geography
lookup records that merger in both editions.
"""

from __future__ import annotations

import csv
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from migration_profiles import cli
from migration_profiles.acquire.snapshots import StagedFile, import_files, write_snapshot
from migration_profiles.pipeline import BuildOptions, build
from migration_profiles.render import editions
from migration_profiles.render.postprocess import page_text
from migration_profiles.site import adapter as site
from migration_profiles.sources import get_source
from migration_profiles.sources.base import Release
from migration_profiles.util.paths import Workspace
from migration_profiles.util.progress import Progress

from .workspace import FIXTURES, make_project

pytestmark = pytest.mark.slow

OLD, NEW = "2026-05", "2026-08"
MERGED, SUCCESSOR = "S12000036", "S12000099"
SITE_URL = "https://profiles.example.org/"


def git(root: Path, *args: str, binary: bool = False):
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=True)
    return result.stdout if binary else result.stdout.decode()


def geography_with_merger(folder: Path) -> list[Path]:
    """The geography fixture plus City of Edinburgh, merged in 2026 into an invented successor."""
    folder.mkdir(parents=True, exist_ok=True)
    source = FIXTURES / "geography" / "uk_local_authorities_current.csv"
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0].keys())
    glasgow = next(r for r in rows if r["gss-code"] == "S12000049")
    rows.append({**glasgow, "local-authority-code": "EDH", "official-name": "City of Edinburgh Council",
                 "nice-name": "City of Edinburgh", "gss-code": MERGED, "start-date": "1996-04-01",
                 "end-date": "2026-03-31", "replaced-by": "EDL", "current-authority": "False",
                 "former-gss-codes": "", "alt-names": "City of Edinburgh", "gov-uk-slug": "edinburgh"})
    rows.append({**glasgow, "local-authority-code": "EDL", "official-name": "Edinburgh and Lothians Council",
                 "nice-name": "Edinburgh and Lothians", "gss-code": SUCCESSOR, "start-date": "2026-04-01",
                 "end-date": "", "replaced-by": "", "current-authority": "True", "former-gss-codes": "",
                 "alt-names": "Edinburgh and Lothians", "gov-uk-slug": "edinburgh-lothians"})
    with (folder / source.name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    changes = (FIXTURES / "geography" / "changes.csv").read_text(encoding="utf-8-sig")
    merger = f"{MERGED},City of Edinburgh,{SUCCESSOR},Edinburgh and Lothians,merger,2026"
    changes = changes.rstrip("\n") + f"\n{merger}\n"
    (folder / "changes.csv").write_text(changes, encoding="utf-8")
    return [folder / source.name, folder / "changes.csv"]


def lami_new_release(path: Path) -> Path:
    """The LAMI fixture republished: new date, Edinburgh under its successor, one figure revised."""
    workbook = openpyxl.load_workbook(FIXTURES / "lami" / "lamistables_fixture.xlsx")
    revised = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value == MERGED:
                    cell.value = SUCCESSOR
                elif cell.value == "City of Edinburgh":
                    cell.value = "Edinburgh and Lothians"
                elif isinstance(cell.value, str) and "Published on 17 September 2021" in cell.value:
                    cell.value = cell.value.replace("17 September 2021", "20 July 2026")
        if sheet.title == "Births to Non-UK Born Mothers":
            for row in sheet.iter_rows():
                if row[0].value == "E06000014":  # York, January to December 2019: 15.7% becomes 17.2%
                    assert row[7].value == 15.7
                    row[7].value = 17.2
                    revised += 1
    assert revised == 1
    workbook.save(path)
    return path


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("editions")
    ws = make_project(root)
    git(root, "init", "--quiet", "--initial-branch=main")
    identity = (("user.name", "Test"), ("user.email", "test@example.org"), ("commit.gpgsign", "false"))
    for key, value in identity:
        git(root, "config", key, value)
    git(root, "commit", "--quiet", "--allow-empty", "-m", "project")

    write_snapshot(ws.snapshots, get_source("geography"), Release("fixture-2026", ""),
                   [StagedFile(p) for p in geography_with_merger(root / "geography")])
    import_files(ws.snapshots, get_source("mye"), sorted((FIXTURES / "mye").glob("*.csv")))
    import_files(ws.snapshots, get_source("lami"), [FIXTURES / "lami" / "lamistables_fixture.xlsx"])
    first = build(ws, BuildOptions(edition=OLD, deploy=True), Progress(quiet=True))
    old_tree = git(root, "rev-parse", f"gh-pages:{OLD}").strip()

    lami = import_files(ws.snapshots, get_source("lami"), [lami_new_release(root / "2026lamistables.xlsx")])
    assert lami.release == "2026-07-20"
    os.environ[site.SITE_URL_VARIABLE] = SITE_URL  # the second edition knows where the site lives
    try:
        second = build(ws, BuildOptions(edition=NEW, deploy=True), Progress(quiet=True))
    finally:
        del os.environ[site.SITE_URL_VARIABLE]
    return {"ws": ws, "first": first, "second": second, "old_tree": old_tree}


def show(ws: Workspace, path: str) -> str:
    return git(ws.root, "show", f"gh-pages:{path}")


def sections(markdown: str) -> dict[str, str]:
    parts = re.split(r"^## (.+)$", markdown, flags=re.M)
    return {title.strip(): body for title, body in zip(parts[1::2], parts[2::2], strict=True)}


def table_rows(body: str) -> list[list[str]]:
    lines = [line for line in body.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]


def test_gh_pages_holds_both_editions_with_latest_on_the_newer(project):
    ws = project["ws"]
    versions = json.loads(show(ws, "versions.json"))
    assert [v["version"] for v in versions] == [NEW, OLD]
    assert {v["version"]: v["aliases"] for v in versions} == {NEW: ["latest"], OLD: []}
    assert versions[0]["title"] == f"Edition {NEW}"
    tree = git(ws.root, "ls-tree", "--name-only", "gh-pages").split()
    assert {OLD, NEW, "latest", "versions.json", "index.html"} <= set(tree)
    assert "latest/" in show(ws, "index.html")  # the site's root opens the default version, latest
    for edition in (OLD, NEW):
        page = show(ws, f"{edition}/areas/E06000014/index.html")
        assert "York" in page
        # Finished by our post-processing inside mike's deploy: the data tables are in, no marker is left.
        assert "<!-- mp-" not in page and page.count("<table") > 3
        # What the reader's browser makes the area's spreadsheet from is deployed with it: the figures,
        # the sources' caveats, the layout and the writer.
        listed = git(ws.root, "ls-tree", "-r", "--name-only", "gh-pages", f"{edition}/").split()
        assert {f"{edition}/{path}" for path in ("data/areas/E06000014.json", "data/sources.json",
                "assets/workbook.js", "assets/vendor/write-excel-file.min.js")} <= set(listed)


def test_the_older_edition_is_left_exactly_as_it_was(project):
    assert git(project["ws"].root, "rev-parse", f"gh-pages:{OLD}").strip() == project["old_tree"]


def test_what_changed_lists_exactly_the_three_changes(project):
    ws = project["ws"]
    page = (ws.docs / editions.PAGE).read_text()
    assert f"Compared with edition {OLD}" in page
    parts = sections(page)

    releases = table_rows(parts["New releases"])
    assert len(releases) == 1
    assert "Local Area Migration Indicators" in releases[0][0]
    assert releases[0][1:] == ["2021-09-17", "2026-07-20", "2026-07-20"]

    revised = table_rows(parts["Revised figures"])
    assert revised == [["York (E06000014)", "Share of births to mothers born outside the UK",
                        revised[0][2], "15.7%", "17.2%", "+1.5 percentage points"]]
    assert "2019" in revised[0][2]
    # The area page says so too, beside the figure.
    york = page_text(ws.docs / "areas" / "E06000014.md")
    assert "17.2% (revised from 15.7%)" in york

    areas = table_rows(parts["Areas that changed code or boundary"])
    assert len(areas) == 1
    assert areas[0][0].startswith(f"[City of Edinburgh ({MERGED})]")
    assert areas[0][1].startswith("Merged")
    assert f"[Edinburgh and Lothians ({SUCCESSOR})](areas/{SUCCESSOR}.md)" == areas[0][2]

    assert "No indicator was added." in parts["Indicators added"]
    assert "Indicators no longer shown" not in parts

    html = show(ws, f"{NEW}/what-changed/index.html")
    assert "17.2%" in html and MERGED in html and "2026-07-20" in html


def test_the_revision_is_downloadable_and_the_record_is_published(project):
    ws = project["ws"]
    revisions = pd.read_csv(pd.io.common.StringIO(show(ws, f"{NEW}/{editions.RECORD_DIR}/revisions.csv")))
    assert len(revisions) == 1
    row = revisions.iloc[0]
    assert (row.area_code, row.indicator_id, row.old_value, row.new_value) == (
        "E06000014", "births_non_uk_mother_share", 15.7, 17.2)
    record = json.loads(show(ws, f"{NEW}/{editions.RECORD_DIR}/{editions.RECORD_FILE}"))
    assert record["previous"] == OLD
    assert record["sources"]["lami"]["release"] == "2026-07-20"
    assert SUCCESSOR in record["areas"] and MERGED not in record["areas"]
    assert record["retired"][MERGED]["successors"] == [SUCCESSOR]
    first = json.loads(show(ws, f"{OLD}/{editions.RECORD_DIR}/{editions.RECORD_FILE}"))
    assert first["previous"] is None and MERGED in first["areas"]
    first_page = show(ws, f"{OLD}/what-changed/index.html")
    assert "This is the first edition" in first_page
    assert re.search(r"It holds \d+ indicators? for \d+ areas?, from \d+ sources?, with figures up to "
                     r"\d{1,2} [A-Z][a-z]+ \d{4}", first_page)
    assert "Local Area Migration Indicators" in first_page  # each release it contains, by source
    # Each release with when it was published and how far its figures run; an unknown date said once.
    lami = first["sources"]["lami"]
    assert lami["release_date"] and lami["data_end"]
    assert re.search(rf"{lami['release']}</td>\s*<td>{lami['release_date']}</td>\s*<td>"
                     rf"{editions.day_in_words(lami['data_end'])}</td>", first_page)
    undated = [s for s in first["sources"].values() if not s["release_date"]]
    assert undated and "fixture-2026" in [s["release"] for s in undated]  # the geography fixture
    assert first_page.count("is not known: neither the file") == 1
    assert "not stated" not in first_page


def test_a_merged_area_keeps_its_address_and_points_to_its_successor(project):
    ws = project["ws"]
    stub = show(ws, f"{NEW}/areas/{MERGED}/index.html")
    assert "This area no longer has a profile" in stub
    assert "merged into" in stub and "Edinburgh and Lothians" in stub
    assert f'href="../{SUCCESSOR}/"' in stub  # the successor's page in the same edition
    assert f'href="../../../{OLD}/areas/{MERGED}/"' in stub  # its last profile, still online
    assert "Edinburgh and Lothians" in show(ws, f"{NEW}/areas/{SUCCESSOR}/index.html")
    # The first edition already had a page for the successor, its figures summed from City of Edinburgh's
    # (a council created by a merger gets its predecessors' sums); the second has none for Edinburgh.
    assert project["second"].areas == project["first"].areas - 1


def test_canonical_links_point_to_the_latest_edition(project):
    ws = project["ws"]
    # Without a site_url: relative, to the same page under /latest/.
    old = show(ws, f"{OLD}/areas/E06000014/index.html")
    assert re.search(r'<link rel="canonical" href="\.\./\.\./\.\./latest/areas/E06000014/">', old), old[:3000]
    # With one: absolute, written by MkDocs from mike's canonical_version.
    new = show(ws, f"{NEW}/areas/E06000014/index.html")
    assert f'<link rel="canonical" href="{SITE_URL}latest/areas/E06000014/">' in new
    assert new.count('rel="canonical"') == 1


def test_an_older_edition_carries_the_outdated_banner(project):
    """Material renders the banner into every page, hidden; its JavaScript reveals it when the edition
    being read is not the one `latest` points to (read from versions.json), so without a browser
    we check the markup, the link and the configuration that drive it."""
    ws = project["ws"]
    old = show(ws, f"{OLD}/areas/E06000014/index.html")
    banner = re.search(r'data-md-component="outdated" hidden>(.*?)</aside>', old, re.S)
    assert banner, "outdated banner markup missing"
    assert f"You are reading edition {OLD}, which is not the latest." in banner.group(1)
    assert 'href="../../../latest/areas/E06000014/"' in banner.group(1)
    config = (ws.build / "mkdocs.generated.yml").read_text()
    assert "provider: mike" in config and "default: latest" in config


def test_editions_command_lists_what_is_published(project, capsys):
    ws = project["ws"]
    assert cli.main(["--root", str(ws.root), "editions", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["editions"]
    assert [(e["edition"], e["aliases"]) for e in listed] == [(NEW, ["latest"]), (OLD, [])]
    assert listed[0]["releases"]["lami"] == "2026-07-20"
    assert cli.main(["--root", str(ws.root), "editions"]) == 0
    out = capsys.readouterr().out
    assert NEW in out and "[latest]" in out and OLD in out


def test_default_names_never_overwrite_a_cited_edition(project):
    published = editions.PublishedEditions(project["ws"].root)
    record = published.record(NEW)
    same = {sid: {"release": f["release"]} for sid, f in record["sources"].items()}
    assert editions.default_name(NEW, published, same) == NEW  # same releases: a rebuild
    other = {**same, "lami": {"release": "2026-08-30"}}
    assert editions.default_name(NEW, published, other) == f"{NEW}.2"
    assert editions.default_name("2026-09", published, other) == "2026-09"
    assert published.previous("2026-09") == NEW and published.previous(NEW) == OLD
    assert published.takes_latest("2026-09") and not published.takes_latest(OLD)
    with pytest.raises(Exception, match="cannot name an edition"):
        editions.check_name("latest")
    with pytest.raises(Exception, match="cannot name an edition"):
        editions.check_name("2026/08")


def test_an_internal_build_is_never_deployed(project, tmp_path):
    from migration_profiles.stages.publish import PublicationRules
    from migration_profiles.util.errors import ProfilesError

    ws = project["ws"]
    with pytest.raises(ProfilesError, match="cannot be deployed"):
        build(ws, BuildOptions(edition="2026-09", deploy=True, rules=PublicationRules(audience="internal")),
              Progress(quiet=True))
    assert "2026-09" not in editions.PublishedEditions(ws.root).names()


def test_without_gh_pages_there_is_nothing_published(tmp_path):
    published = editions.PublishedEditions(tmp_path)
    assert published.versions() == [] and published.latest() is None and published.previous("x") is None
    assert shutil.which("git")  # the publishing path needs git on PATH


def test_in_a_browser_the_banner_shows_on_the_older_edition_only(project, tmp_path):
    """The same check in Debian's chromium: gh-pages served as GitHub Pages would serve it.

    Playwright runs in a child process: its sync API cannot start while another test module's
    browser session is open in this one."""
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{chromium} not found; in CI it must be present")
        pytest.skip(f"{chromium} not found")
    pytest.importorskip("playwright.sync_api")
    served = tmp_path / "gh-pages"
    served.mkdir()
    archive = git(project["ws"].root, "archive", "gh-pages", binary=True)
    subprocess.run(["tar", "-x", "-C", str(served)], input=archive, check=True)
    handler = functools.partial(_Quiet, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        result = subprocess.run([sys.executable, "-c", BROWSER_CHECK, base, str(chromium), OLD, NEW],
                                capture_output=True, text=True, timeout=120)
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout)
    assert seen["visible"] == {f"/{OLD}/areas/E06000014/": True, "/latest/areas/E06000014/": False,
                               f"/{NEW}/areas/E06000014/": False}
    assert seen["followed"] == base + "/latest/areas/E06000014/"
    assert seen["errors"] == []
    assert all(url.startswith(base) for url in seen["requests"]), seen["requests"]


BROWSER_CHECK = """
import json, sys
from playwright.sync_api import sync_playwright

base, chromium, old, new = sys.argv[1:]
seen = {"visible": {}, "followed": None, "errors": [], "requests": []}
with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path=chromium, headless=True,
                                         args=["--no-sandbox", "--disable-gpu", "--no-first-run",
                                               "--disable-background-networking"])
    for path in (f"/{old}/areas/E06000014/", "/latest/areas/E06000014/", f"/{new}/areas/E06000014/"):
        context = browser.new_context()
        context.on("request", lambda request: seen["requests"].append(request.url))
        page = context.new_page()
        page.on("pageerror", lambda error: seen["errors"].append(f"{path}: {error}"))
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        banner = page.locator('[data-md-component="outdated"]')
        seen["visible"][path] = banner.is_visible()
        if seen["visible"][path]:
            banner.get_by_role("link").click()
            page.wait_for_load_state("networkidle")
            seen["followed"] = page.url
        context.close()
    browser.close()
print(json.dumps(seen))
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


# --- the edition's name: when the newest release it holds came out --------------------------------


def test_an_edition_is_named_after_its_newest_release_not_its_only_dated_one():
    """The real build of December 2026 was "Edition 2021-09" above figures to September 2024: only the
    2021 LAMI workbook stated its date. A release without a date came out after its figures end."""
    from migration_profiles.pipeline import default_edition

    snapshots = {
        "lami": {"release": "2021-09-17", "release_date": "2021-09-17", "data_end": "2020-12-31"},
        "asylum_support": {"release": "sep-2024", "release_date": "", "data_end": "2024-09-30"},
        "geography": {"release": "imported-2026-12-07", "release_date": "", "data_end": ""},
    }
    assert editions.newest_release_month(snapshots) == "2024-09"
    assert default_edition(snapshots, demo=False) == "2024-09"
    snapshots["asylum_support"]["release_date"] = "2024-11-28"
    assert default_edition(snapshots, demo=False) == "2024-11"
    assert default_edition(snapshots, demo=True) == "demo"
    assert editions.newest_release_month({"geography": snapshots["geography"]}) == ""
    # A code list or a map published later than every figure does not name the edition: it holds none.
    snapshots["geography"]["release_date"] = "2025-07-10"
    snapshots["boundaries"] = {"release": "uk-2014-2025", "release_date": "2025-06-11", "data_end": ""}
    assert editions.newest_release_month(snapshots) == "2025-07"
    assert editions.newest_release_month(snapshots, {"geography", "boundaries"}) == "2024-11"
    assert default_edition(snapshots, demo=False) == "2024-11"
    assert editions.newest_release_month({"geography": snapshots["geography"]}, {"geography"}) == "2025-07"
    assert editions.day_in_words("2024-09-30") == "30 September 2024" and editions.day_in_words("") == ""
