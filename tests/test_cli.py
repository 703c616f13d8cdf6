"""The command line end to end, on hand-written fixtures in the publishers' layouts."""

import html
import json
import os
import re
import shutil

import openpyxl
import pytest

from migration_profiles import cli
from migration_profiles.acquire.snapshots import latest_snapshot, list_snapshots
from migration_profiles.pipeline import BuildOptions, build
from migration_profiles.render import postprocess
from migration_profiles.render.pages import area_figures
from migration_profiles.render.postprocess import page_text
from migration_profiles.sources import get_source
from migration_profiles.util.progress import Progress

from .workspace import fixture_downloads, make_project

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A project refreshed from fixture downloads and built once; tests only read it."""
    root = tmp_path_factory.mktemp("project")
    ws = make_project(root)
    downloads = fixture_downloads(root / "downloads")
    (downloads / "notes.txt").write_text("not a statistics file")
    assert cli.main(["--root", str(root), "--quiet", "refresh", "--from", str(downloads)]) == 0
    assert cli.main(["--root", str(root), "--quiet", "build"]) == 0
    return ws


def test_refresh_from_lists_what_it_cannot_place(tmp_path, capsys):
    ws = make_project(tmp_path / "p")
    downloads = fixture_downloads(tmp_path / "downloads", ["lami"])
    (downloads / "mystery.csv").write_text("a,b\n1,2\n")
    assert cli.main(["--root", str(ws.root), "--quiet", "refresh", "--from", str(downloads)]) == 0
    out = capsys.readouterr().out
    assert "imported lami: release 2021-09-17" in out
    assert "mystery.csv" in out and "not placed" in out


def test_refresh_from_with_nothing_recognised_fails(tmp_path):
    ws = make_project(tmp_path / "p")
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "mystery.csv").write_text("a,b\n1,2\n")
    assert cli.main(["--root", str(ws.root), "--quiet", "refresh", "--from", str(tmp_path / "junk")]) == 1


def test_build_writes_a_page_and_downloads_for_every_local_authority(project):
    areas = {p.stem for p in (project.docs / "areas").glob("*.md")} - {"index"}
    assert {"E06000014", "E08000035", "S12000036"} <= areas
    assert not {"E92000001", "E12000003", "E10000023"} & areas  # comparators, not local authorities
    page = (project.site / "areas" / "E06000014" / "index.html").read_text()
    assert "York" in page and "2,100" in page
    figures = area_figures(json.loads((project.site / "data" / "areas" / "E06000014.json").read_text()))
    ltim = [f for f in figures
            if f["indicator_id"] == "ltim_inflow" and f["period_label"] == "Mid-2019 to Mid-2020"]
    assert ltim[0]["value"] == 2100  # the mid-year estimates' figure: one source for the flows
    assert ltim[0]["source_id"] == "mye" and len(ltim[0]["snapshot_sha256"]) == 64
    # The area's CSV and spreadsheet are made in the browser (downloads.js, workbook.js), not written
    # by the build.
    assert not list((project.site / "data" / "areas").glob("E*.csv"))
    assert not list((project.site / "data" / "areas").glob("*.xlsx"))
    assert 'class="mp-area-files" data-area="E06000014" hidden' in page
    assert "Demonstration data" not in page


def test_each_chart_has_its_data_table_in_the_built_page(project):
    import re

    page = (project.site / "areas" / "E06000014" / "index.html").read_text()
    blocks = re.findall(r'<details class="mp-chart-data">.*?</details>', page, re.DOTALL)
    assert blocks and len(blocks) == page.count('class="mp-chart"')
    assert all(re.search(r"<table[^>]*><thead>", block) and "</tbody></table>" in block for block in blocks)
    assert not re.search(r'<details class="mp-chart-data" open', page)  # closed until a reader opens one
    assert "<!-- mp-" not in page  # every marker was replaced by its block
    assert not list(project.site.rglob("*.blocks.json"))  # the blocks files are not published


def test_the_area_markdown_holds_a_placeholder_for_each_html_block(project):
    """Python-Markdown reads a small page: the generated HTML is beside it and goes in after the site tool."""
    markdown = (project.docs / "areas" / "E06000014.md").read_text()
    assert len(markdown) < 8_000 and markdown.count("<!-- mp-block ") >= 5
    assert not re.search(r"<(table|figure|details|section|svg)\b", markdown)
    page = (project.site / "areas" / "E06000014" / "index.html").read_text()
    assert page.count("<table") > 5 and 'class="mp-headline"' in page and 'class="mp-source-box"' in page


def test_area_downloads_are_linked_into_the_site_not_copied(project):
    for name in ("data/areas/E06000014.json", "data/sources.json"):
        made, served = project.docs / postprocess.LINKED / name, project.site / name
        assert served.read_bytes() == made.read_bytes()
        assert served.stat().st_ino == made.stat().st_ino, name  # the same file, not a copy
    assert not (project.site / postprocess.LINKED).exists()
    assert not list((project.site / "data" / "areas").glob("*/*.csv"))  # chart CSVs: made in the browser
    assert not (project.site / "assets" / "charts").exists()  # chart figures: read from the page's tables


def test_search_finds_areas_on_the_areas_page_not_in_every_profile(project):
    index = json.loads((project.site / "search" / "search_index.json").read_text())
    locations = [doc["location"] for doc in index["docs"]]
    assert not [loc for loc in locations if loc.startswith("areas/E")]  # no profile is indexed
    areas = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("areas/"))
    assert "York" in areas and "E06000014" in areas
    assert any(loc.startswith("methodology/") for loc in locations)


def test_every_page_names_its_sources_and_caveats(project):
    page = page_text(project.docs / "areas" / "E06000014.md")
    assert page.count('<details class="mp-source-box"') >= 2  # a caveat box per source used, closed
    assert "snapshot <code>" in page
    for source in ("Local Area Migration Indicators", "components of population change"):
        assert source.lower() in page.lower()
    # Each box gives every caveat's point, and links to the Sources page, which has each in full.
    box = re.search(r'<details class="mp-source-box" id="source-lami">.*?</details>', page, re.DOTALL)[0]
    points = [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", box)]
    full = [c.text for c in get_source("lami").caveats]
    assert len(points) == len(full) and all(c.startswith(p) for p, c in zip(points, full, strict=True))
    assert any(len(p) < len(c) for p, c in zip(points, full, strict=True))
    assert 'href="../../sources/#lami"' in box
    assert 'id="lami"' in (project.site / "sources" / "index.html").read_text()
    sources_page = (project.docs / "sources.md").read_text()
    assert "{ #lami }" in sources_page and all(c in sources_page for c in full)
    # The area JSON names each source's caveats; their words are in the site's one sources.json.
    data = json.loads((project.site / "data" / "areas" / "E06000014.json").read_text())
    texts = json.loads((project.site / "data" / "areas" / data["caveats_at"]).read_text())["sources"]
    for source in data["sources"]:
        assert source["caveats"] == [c["id"] for c in texts[source["id"]]["caveats"]]
        assert all(c["text"] for c in texts[source["id"]]["caveats"])


def test_a_second_build_with_nothing_changed_skips_every_stage(project):
    report = build(project, BuildOptions(), Progress(quiet=True))
    assert report.ran == {"tidy": False, "indicators": False, "pages": False, "site": False}


def test_sources_json_lists_every_declaration(project, capsys):
    assert cli.main(["--root", str(project.root), "sources", "--json"]) == 0
    rows = {row["id"]: row for row in json.loads(capsys.readouterr().out)}
    assert {"lami", "mye", "geography"} <= set(rows)
    assert rows["lami"]["latest_snapshot"] == "2021-09-17"
    assert rows["lami"]["licence"] and rows["lami"]["caveats"] and rows["lami"]["cadence"]


def test_a_file_with_a_changed_layout_is_refused_and_loses_nothing(tmp_path, project, capsys):
    before = [s.release for s in list_snapshots(project.snapshots, "lami")]
    broken = tmp_path / "2021lamistables.xlsx"
    shutil.copy(latest_snapshot(project.snapshots, "lami").file_paths()[0], broken)
    book = openpyxl.load_workbook(broken)
    sheet = book["Migration Flows"]
    for row in sheet.iter_rows(min_row=1, max_row=4):
        for cell in row:
            if cell.value == "Inflow":
                cell.value = "Inflows"
                break
    book.save(broken)
    assert cli.main(["--root", str(project.root), "refresh", "lami", "--file", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "Migration Flows" in err and "row" in err and "column" in err and "Inflow" in err
    assert [s.release for s in list_snapshots(project.snapshots, "lami")] == before


def test_a_tampered_snapshot_stops_the_build_and_keeps_the_last_good_site(tmp_path, capsys):
    ws = make_project(tmp_path / "p")
    fixture_downloads(tmp_path / "downloads")
    assert cli.main(["--root", str(ws.root), "--quiet", "refresh",
                     "--from", str(tmp_path / "downloads")]) == 0
    assert cli.main(["--root", str(ws.root), "--quiet", "build", "--areas", "E06000014"]) == 0
    index = ws.as_preview().site / "index.html"  # a build of a few areas is a preview beside the full site
    good = index.read_bytes()
    mye_file = latest_snapshot(ws.snapshots, "mye").file_paths()[0]
    mye_file.write_bytes(mye_file.read_bytes().replace(b"York", b"Yorx", 1))
    assert cli.main(["--root", str(ws.root), "--quiet", "build", "--areas", "E06000014"]) == 1
    assert "sha256" in capsys.readouterr().err
    assert index.read_bytes() == good


def test_a_build_without_real_snapshots_uses_the_demonstration_data_and_says_so(tmp_path):
    ws = make_project(tmp_path / "p", with_sample=True)
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    report = build(ws, BuildOptions(areas=["E06000014"]), Progress(quiet=True))
    assert report.demo and report.edition == "demo"
    page = page_text(ws.docs / "areas" / "E06000014.md")
    assert "Demonstration data" in page
    assert "Demonstration data" in (ws.site / "index.html").read_text()


def test_unknown_area_is_a_clear_error(project, capsys):
    assert cli.main(["--root", str(project.root), "--quiet", "build", "--areas", "E99999999"]) == 1
    assert "E99999999" in capsys.readouterr().err


def test_a_small_area_never_gets_a_page_of_its_own(project, capsys):
    assert cli.main(["--root", str(project.root), "--quiet", "build", "--areas", "E02000001,E06000014"]) == 1
    assert "E02000001: only local authorities have a page" in capsys.readouterr().err
    assert not list(project.docs.glob("areas/E02*.md"))


def test_every_command_has_help(capsys):
    for command in ("refresh", "build", "serve", "sources"):
        with pytest.raises(SystemExit) as exit_info:
            cli.main([command, "--help"])
        assert exit_info.value.code == 0
        assert "usage: migration-profiles " + command in capsys.readouterr().out
