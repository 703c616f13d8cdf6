"""Board-paper PDFs: built with the embedded engine from fixture snapshots and read back with poppler."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from migration_profiles import cli, pipeline
from migration_profiles.acquire import snapshots
from migration_profiles.render import pages, pdf, postprocess
from migration_profiles.render.pages import area_figures, environment
from migration_profiles.render.postprocess import page_text
from migration_profiles.stages.indicators import INDICATORS
from migration_profiles.stages.publish import PublicationRules, format_figure, format_interval
from migration_profiles.util.errors import ProfilesError
from migration_profiles.util.progress import Progress

from .workspace import fixture_downloads, make_project

YORK = "E06000014"
POPPLER = ("pdftotext", "pdftoppm", "pdffonts", "pdfinfo", "pdfimages")
IN_CI = os.environ.get("CI", "").strip().lower() == "true"


def _require(ok: bool, reason: str) -> None:
    if not ok:
        if IN_CI:
            pytest.fail(reason + "; CI must have it")
        pytest.skip(reason)


@pytest.fixture(scope="module", autouse=True)
def tools():
    missing = [tool for tool in POPPLER if shutil.which(tool) is None]
    _require(not missing, f"poppler-utils not installed ({', '.join(missing)} missing)")
    _require(pdf.TypstEngine.available(), "the embedded PDF engine (typst, pypandoc-binary) is not installed")


def normalise(text: str) -> str:
    """pdftotext's text with Typst's typography undone: minus signs, curly quotes, line breaks."""
    for typographic, plain in {"\u2212": "-", "\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                               "\u00a0": " ", "\u00ad": ""}.items():
        text = text.replace(typographic, plain)
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(path: Path, *options: str) -> str:
    return subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def body_text(path: Path) -> str:
    """The text without the running header and footer, so a paragraph split over two pages reads whole."""
    running = re.compile(r"Edition \S+\. Contains public sector information licensed under the Open "
                         r"Government Licence v3\.0\. Page \d+ of \d+"
                         r"|^\S.*? \([EWSN]\d{8}\): migration profile Edition \S+")
    return " ".join(running.sub("", normalise(page)).strip() for page in pdf_text(path).split("\f"))


def _project(root: Path, sample: bool):
    """A project whose snapshots are the hand-written fixtures: real (data/snapshots) or demonstration-like
    (data/sample/snapshots, which the build reads when there is no real snapshot)."""
    ws = make_project(root)
    target = ws.sample_snapshots if sample else ws.snapshots
    report = snapshots.import_from_dir(target, fixture_downloads(root / "downloads"))
    assert {"lami", "mye", "geography"} <= set(report.imported), report
    return ws


def _export_york(ws) -> tuple[Path, str]:
    """`migration-profiles pdf --area E06000014 --engine typst`, as a user runs it."""
    from contextlib import redirect_stdout
    from io import StringIO

    out = StringIO()
    with redirect_stdout(out):
        assert cli.main(["--root", str(ws.root), "--quiet", "pdf", "--area", YORK, "--engine", "typst"]) == 0
    [path] = sorted(ws.pdf.glob(f"*/{YORK}-york.pdf"))
    return path, out.getvalue()


def _renderer(ws, edition: str, demo: bool, out_dir: Path | None = None) -> pdf.Renderer:
    job = pdf.Job(root=str(ws.root), edition=edition, built_at="2026-01-02T03:04:05+00:00", demo=demo,
                  rules=PublicationRules(), engine="typst", out_dir=str(out_dir or ws.pdf / edition),
                  areas=(YORK,))
    return pdf.Renderer(job)


@pytest.fixture(scope="module")
def york(tmp_path_factory):
    ws = _project(tmp_path_factory.mktemp("pdf-real"), sample=False)
    path, stdout = _export_york(ws)
    edition = path.parent.name
    renderer = _renderer(ws, edition, demo=False)
    profile, qmd = renderer.source(YORK)
    return {"ws": ws, "path": path, "stdout": stdout, "text": normalise(pdf_text(path)), "edition": edition,
            "profile": profile, "qmd": qmd, "body": body_text(path), "renderer": renderer}


@pytest.fixture(scope="module")
def demo_york(tmp_path_factory):
    ws = _project(tmp_path_factory.mktemp("pdf-demo"), sample=True)
    path, stdout = _export_york(ws)
    return {"ws": ws, "path": path, "stdout": stdout, "text": normalise(pdf_text(path))}


# ----------------------------------------------------------------------------------------- content

def test_the_command_says_which_engine_it_used_and_where_the_pdf_is(york):
    assert "Engine: typst (embedded: pandoc" in york["stdout"]
    assert york["path"] == york["ws"].pdf / york["edition"] / "E06000014-york.pdf"
    assert york["path"].read_bytes().startswith(b"%PDF-")


def test_title_block_names_the_area_code_edition_build_date_and_source(york):
    text = york["text"]
    assert text.startswith("Local migration profile York E06000014 · Yorkshire and The Humber · England")
    assert f"Edition {york['edition']}" in text
    assert "Built 2 January 2026" not in text  # the command stamps today's date, not a fixed one
    assert re.search(r"Built \d{1,2} [A-Z][a-z]+ \d{4}", text)
    assert "Source: Office for National Statistics (ONS), Local Area Migration Indicators, UK" in text


def test_every_section_heading_is_in_the_pdf(york):
    text, profile = york["text"], york["profile"]
    headings = ["Summary", "Overview"]
    for theme in profile["themes"]:
        headings += [theme["title"], *[c["title"] for c in theme["charts"]]]
    headings += ["Caveats", *[s["title"] for s in profile["sources"]], "Sources"]
    position = 0
    for heading in headings:  # each in the order the document gives them
        found = text.find(heading, position)
        assert found >= 0, f"heading {heading!r} missing or out of order"
        position = found + len(heading)


def test_summary_overview_and_every_sources_caveats_citation_and_licence(york):
    text, profile = york["text"], york["profile"]
    assert len(profile["summary"]) >= 4
    for sentence in profile["summary"]:  # the same sentences as the web page's "In brief" list
        assert normalise(sentence) in york["body"], sentence
    for row in profile["overview"]:
        assert row["title"] in text and row["value"] in text
    for source in profile["sources"]:
        for caveat in source["caveats"]:
            assert normalise(caveat["text"]) in york["body"], (source["id"], caveat["id"])
        assert f"{source['title']}. {source['publisher']}." in text
        assert f"Retrieved {source['retrieved_at'][:10]}" in text
        assert normalise(source["landing_page"])[:40] in text.replace(" ", "")
    assert "Contains public sector information licensed under the Open Government Licence v3.0." in text
    assert "Page 1 of" in text


def test_no_demonstration_banner_on_real_figures(york):
    assert "Demonstration data" not in york["text"]
    assert "DEMONSTRATION" not in york["text"]


def test_a_pdf_from_demonstration_data_carries_the_sites_banner(demo_york):
    module = environment().get_template("_profile.md.j2").module
    text = demo_york["text"]
    assert demo_york["path"].parent.name == "demo"
    assert f"{module.demo_title} {module.demo_text}" in text
    assert module.demo_title.upper() in text  # and on every page's header
    assert "demonstration banner" in demo_york["stdout"]


# ------------------------------------------------------------------------------------------ layout

def test_every_page_renders_to_an_image(york, tmp_path):
    info = subprocess.run(["pdfinfo", str(york["path"])], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info, re.MULTILINE)
    result = subprocess.run(["pdftoppm", "-r", "30", "-png", str(york["path"]), str(tmp_path / "page")],
                            capture_output=True, text=True)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == pages and all(p.stat().st_size > 1000 for p in images)


def test_fonts_are_embedded_and_the_pdf_is_tagged_with_alt_text(york):
    fonts = subprocess.run(["pdffonts", str(york["path"])], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts  # the "emb" column
    info = subprocess.run(["pdfinfo", str(york["path"])], capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+yes", info, re.MULTILINE)
    data = york["path"].read_bytes()
    assert b"pdfuaid" in data  # Typst declared PDF/UA-1 conformance, after checking it
    charts = [c for t in york["profile"]["themes"] for c in t["charts"]]
    for chart in charts:  # each chart's alt text is the image's /Alt in the structure tree
        assert b"/Alt(" + chart["alt"][:60].encode() in data, chart["id"]


def test_without_liberation_fonts_typsts_own_fonts_are_embedded(york, monkeypatch, tmp_path):
    monkeypatch.setattr(pdf, "LIBERATION", tmp_path / "no-fonts-here")
    path = _renderer(york["ws"], york["edition"], demo=False, out_dir=tmp_path).render(YORK)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts
    assert "Liberation" not in fonts and "Libertinus" in fonts
    assert "York" in pdf_text(path)


def test_charts_are_vector_graphics_each_whole_on_one_page(york):
    listing = subprocess.run(["pdfimages", "-list", str(york["path"])], capture_output=True, text=True,
                             check=True).stdout
    assert len(listing.strip().splitlines()) == 2, "a raster image in the PDF: charts must stay vector"
    pages = [normalise(page) for page in pdf_text(york["path"]).split("\f")]
    charts = [c for t in york["profile"]["themes"] for c in t["charts"]]
    for number, chart in enumerate(charts, start=1):
        [page] = [i for i, text in enumerate(pages) if f"Figure {number}: {chart['alt'][:50]}" in text]
        # The chart's heading, its drawing (axis labels) and its caption are all on that page.
        assert chart["title"] in pages[page], chart["id"]


# -------------------------------------------------------------------------------- source document

def test_the_qmd_is_one_document_sharing_its_wording_with_the_web_page(york):
    qmd, profile = york["qmd"], york["profile"]
    meta, body = pdf.split_front_matter(qmd)
    typst_format = meta["format"]["typst"]
    assert typst_format["papersize"] == "a4"
    style = pdf.header_includes(meta)
    assert 'paper: "a4"' in style and "Open Government Licence v3.0" in style and "counter(page)" in style
    boxes = {s["id"]: pages.source_box_html(s) for s in profile["sources"]}
    page = pages.area_page(profile, "", boxes)
    brief = page.split('<div class="mp-brief" markdown="1">\n\n', 1)[1].split("\n\n", 1)[0]
    assert brief and brief in body  # the summary, word for word
    for row in profile["overview"]:  # the overview's figures, as on the page
        assert html.escape(row["value"], quote=False) in page and row["value"] in body
    boxes_html = page.split("## Sources and caveats", 1)[1]
    caveats = [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", boxes_html)]
    # The page gives each caveat's point (its first sentence); the PDF each caveat whole, from those words.
    assert caveats and all(pdf.typst_string(caveat)[:-1] in body for caveat in caveats)
    for chart in (c for t in profile["themes"] for c in t["charts"]):
        assert "image(\"charts/" in body and pdf.typst_string(chart["alt"]) in body
    assert "```{=typst}" in body and "## Caveats" in body and "## Sources" in body


def test_charts_are_drawn_once_and_kept(york):
    cache = york["ws"].build / "cache" / "pdf" / "charts"
    before = {p: p.stat().st_mtime_ns for p in cache.glob("*.svg")}
    charts = [c for t in york["profile"]["themes"] for c in t["charts"]]
    assert len(before) >= len(charts)
    renderer = _renderer(york["ws"], york["edition"], demo=False)
    renderer.render(YORK)
    after = {p: p.stat().st_mtime_ns for p in cache.glob("*.svg")}
    assert after == before


def test_each_kept_chart_is_drawn_from_its_chart_in_the_profile(york):
    from migration_profiles.render import print_charts
    cache = york["ws"].build / "cache" / "pdf"
    for chart in (c for t in york["profile"]["themes"] for c in t["charts"]):
        kept = cache / pdf.chart_svg(chart, cache)["path"]
        assert kept.read_text(encoding="utf-8") == print_charts.svg(chart), chart["id"]
        if chart["kind"] != "bar":  # the legend names every series the chart draws
            assert all(f">{row['series']}<" in kept.read_text(encoding="utf-8").replace("&amp;", "&")
                       for row in chart["rows"]), chart["id"]


@pytest.mark.skipif(shutil.which("quarto") is None,
                    reason="quarto is not on PATH: the Quarto engine runs only where Quarto is installed "
                           "(the .qmd it renders is tested above)")
def test_quarto_renders_the_same_document(york, tmp_path):
    renderer = _renderer(york["ws"], york["edition"], demo=False)
    profile, qmd = renderer.source(YORK)
    engine = pdf.make_engine("quarto", renderer.cache_dir, renderer.fonts.paths)
    path = tmp_path / "york.pdf"
    path.write_bytes(engine.render(qmd, "2026-01-02T03:04:05+00:00"))
    text = normalise(pdf_text(path))
    assert "York" in text and "Open Government Licence v3.0" in text
    assert all(row["value"] in text for row in profile["overview"])


def test_a_missing_engine_says_how_to_install_one(monkeypatch):
    monkeypatch.setattr(pdf.TypstEngine, "available", staticmethod(lambda: False))
    monkeypatch.setattr(pdf.QuartoEngine, "find", staticmethod(lambda: None))
    for engine in ("auto", "typst", "quarto"):
        with pytest.raises(ProfilesError) as error:
            pdf.resolve_engine(engine)
        message = str(error.value)
        assert "pip install" in message and "typst pypandoc-binary" in message and "quarto.org" in message


def test_auto_prefers_quarto_when_it_is_on_path_and_new_enough(monkeypatch):
    monkeypatch.setattr(pdf.QuartoEngine, "find", staticmethod(lambda: "/usr/local/bin/quarto"))
    monkeypatch.setattr(pdf.QuartoEngine, "version", staticmethod(lambda executable: (1, 7)))
    assert pdf.resolve_engine("auto") == "quarto"
    monkeypatch.setattr(pdf.QuartoEngine, "version", staticmethod(lambda executable: (1, 4)))
    assert pdf.resolve_engine("auto") == "typst"  # too old for the style: the embedded engine instead
    with pytest.raises(ProfilesError, match="Quarto 1.4; the style needs Quarto 1.6 or newer"):
        pdf.resolve_engine("quarto")
    monkeypatch.setattr(pdf.QuartoEngine, "find", staticmethod(lambda: None))
    assert pdf.resolve_engine("auto") == "typst"


def test_areas_are_chosen_by_code_region_or_all(york):
    inputs = pipeline.profile_inputs(york["ws"], PublicationRules(), york["edition"], False)
    with_figures, geography = pdf.areas_with_figures(york["ws"], PublicationRules()), inputs.geography
    assert with_figures == inputs.index.areas  # the same areas as loading every published figure
    everything = pdf.select_areas(with_figures, geography, all_areas=True)
    yorkshire = pdf.select_areas(with_figures, geography, region="E12000003")
    assert YORK in yorkshire and set(yorkshire) < set(everything)
    scotland = pdf.select_areas(with_figures, geography, region="S92000003")
    assert scotland and all(code.startswith("S12") for code in scotland)
    with pytest.raises(ProfilesError, match="no figures for area code"):
        pdf.select_areas(with_figures, geography, areas=["E06999999"])
    with pytest.raises(ProfilesError, match="--area CODE"):
        pdf.select_areas(with_figures, geography)


def test_loading_only_what_a_profile_draws_on_gives_the_same_profile(york):
    full = pipeline.profile_inputs(york["ws"], PublicationRules(), york["edition"], False, when="2026-01-01")
    some = pipeline.profile_inputs(york["ws"], PublicationRules(), york["edition"], False, areas=[YORK],
                                   when="2026-01-01")
    assert len(some.figures) < len(full.figures)
    from migration_profiles.render.profiles import build_profile

    assert (build_profile(YORK, some.index, some.geography, some.context)
            == build_profile(YORK, full.index, full.geography, full.context))


def test_file_names_are_code_and_slug():
    assert pdf.file_name({"code": YORK, "name": "York"}) == "E06000014-york.pdf"
    assert pdf.slug("Bristol, City of") == "bristol-city-of"
    assert pdf.slug("Ynys Môn") == "ynys-mon"
    assert pdf.slug("King's Lynn and West Norfolk") == "king-s-lynn-and-west-norfolk"


# ------------------------------------------------------------------------------------------- site

def test_build_with_pdf_links_each_area_page_to_its_pdf(tmp_path, monkeypatch):
    ws = _project(tmp_path / "project", sample=False)
    monkeypatch.setattr(pipeline.site, "mkdocs_build", lambda *args, **kwargs: None)  # MkDocs: not under test
    quiet = Progress(quiet=True)
    plain = pipeline.build(ws, pipeline.BuildOptions(areas=[YORK]), quiet)
    assert "pdf" not in plain.ran and not (ws.docs / pdf.SITE_FOLDER).exists()
    assert "E06000014-york.pdf" not in page_text(ws.docs / "areas" / f"{YORK}.md")

    areas = [YORK, "E08000035", "W06000015", "S12000036"]  # enough to spread over worker processes
    options = pipeline.BuildOptions(areas=areas, with_pdf=True, pdf_engine="typst")
    report = pipeline.build(ws, options, quiet)
    assert report.ran["pages"] and report.ran["pdf"]
    pdfs = sorted(p.name.split("-")[0] for p in (ws.docs / pdf.SITE_FOLDER).glob("*.pdf"))
    assert pdfs == sorted(areas)
    page = page_text(ws.docs / "areas" / f"{YORK}.md")
    assert '<a href="../../pdf/E06000014-york.pdf">PDF</a>' in page  # near the top, beside CSV and JSON
    assert (ws.docs / "pdf" / "E06000014-york.pdf").read_bytes().startswith(b"%PDF-")

    again = pipeline.build(ws, options, quiet)
    assert not again.ran["pages"] and not again.ran["pdf"], again.ran


@pytest.mark.realdata
def test_york_pdf_from_the_real_files_has_the_sites_overview_figures(tmp_path, realdata_dir):
    ws = make_project(tmp_path / "real")
    report = snapshots.import_from_dir(ws.snapshots, realdata_dir)
    assert {"lami", "mye", "geography"} <= set(report.imported)
    quiet = Progress(quiet=True)
    options = pipeline.BuildOptions(areas=[YORK])
    tidy_result, demo, _ = pipeline.prepare(ws, options, quiet)
    edition = pipeline.edition_name(ws, options, tidy_result, demo)
    pipeline.pages_stage(ws, options, edition, demo, quiet)  # the site's data/areas/E06000014.json
    site_json = json.loads((ws.docs / postprocess.LINKED / "data" / "areas" / f"{YORK}.json").read_text())

    path, _ = _export_york(ws)
    text = normalise(pdf_text(path, "-raw"))  # in the order the PDF holds it: a table row by row
    overview = text.split(" Overview ", 1)[1].split(" Figures in brackets ", 1)[0]
    by_id = {ind.id: ind for ind in INDICATORS}
    position = 0
    for ind in (i for i in INDICATORS if i.overview):
        figures = [f for f in area_figures(site_json) if f["indicator_id"] == ind.id]
        if not figures:
            continue
        latest = max(figures, key=lambda f: f["period_end"])
        value = format_figure(latest["value"], latest["status"], by_id[ind.id])
        interval = format_interval(latest["ci_lower"], latest["ci_upper"], by_id[ind.id])
        expected = (f"{ind.title} {value}" + (f" ({interval})" if interval else "")
                    + f" {latest['period_label']}")
        found = overview.find(expected, position)
        assert found >= 0, f"{expected!r} not in the PDF's overview after position {position}:\n{overview}"
        position = found + len(expected)
    assert "3,246" in overview  # long-term immigration, mid-2019 to mid-2020, as the site shows it


# ------------------------------------------------------------------------------------- board paper

def _pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


@pytest.fixture(scope="module")
def board_york(york):
    """`pdf --area E06000014 --variant both`: the full profile and the board paper, from one profile."""
    from contextlib import redirect_stdout
    from io import StringIO

    ws = york["ws"]
    with redirect_stdout(StringIO()):
        assert cli.main(["--root", str(ws.root), "--quiet", "pdf", "--area", YORK, "--engine", "typst",
                         "--variant", "both"]) == 0
    folder = ws.pdf / york["edition"]
    board = folder / "E06000014-york-board.pdf"
    text = normalise(pdf_text(board))
    # The running header and footer taken out, so a caveat that runs over a page reads whole. In two
    # columns pdftotext reads the header's right half (the edition) between the columns.
    edition = re.escape(york["edition"])
    running = (rf"Edition {edition}\. Contains public sector information licensed under the Open Government "
               rf"Licence v3\.0\. Page \d+ of \d+|York \(E06000014\): migration profile|Edition {edition}")
    body = re.sub(r"\s+", " ", re.sub(running, " ", text))
    return {"path": board, "full": folder / "E06000014-york.pdf", "text": text, "body": body,
            "paper": pdf.board_paper(york["profile"], "E06000014-york.pdf")}


def test_the_board_paper_is_shorter_and_has_the_summary_overview_key_charts_and_caveats(york, board_york):
    text, body, paper, profile = board_york["text"], board_york["body"], board_york["paper"], york["profile"]
    full_pages, board_pages = _pages(board_york["full"]), _pages(board_york["path"])
    assert board_pages * 2 < full_pages, (board_pages, full_pages)
    assert text.startswith("Local migration profile: board paper York E06000014")
    for sentence in profile["summary"]:
        assert normalise(sentence) in body, sentence
    for row in profile["overview"]:
        assert row["title"] in text and row["value"] in text
    headings = ["Summary", "Overview", "Key charts", *[c["title"] for c in paper["charts"]], "Caveats",
                *[s["title"] for s in paper["sources"]], "Sources", "Appendix: the key charts' figures"]
    position = 0
    for heading in headings:  # each in the order the paper gives them
        found = text.find(heading, position)
        assert found >= 0, f"heading {heading!r} missing or out of order"
        position = found + len(heading)
    assert len(paper["charts"]) == pdf.KEY_CHART_COUNT
    for number, chart in enumerate(paper["charts"], start=1):  # a caption each, pointing to its table
        assert f"Figure {number}: {chart['alt'][:50]}" in text
        assert "the chart's table in the appendix" in chart["alt"]
        assert f"{chart['title']}: the figures as a table" in text
    # Every caveat of every source the paper cites: whole in the source document, and its opening in the
    # PDF. (Whole caveats are not compared in the PDF's text: in two columns pdftotext may read a
    # column's end before its start, and joins "short-term" broken at a line's end into "shortterm".)
    _, qmd = york["renderer"].source(YORK, "board")
    every_letter = re.sub(r"[\s-]", "", body)
    for source in paper["sources"]:
        for caveat in source["caveats"]:
            assert pdf.typst_string(caveat["text"]) in qmd, (source["id"], caveat["id"])
            opening = re.sub(r"[\s-]", "", normalise(caveat["text"]))[:60]
            assert opening in every_letter, (source["id"], caveat["id"])
    left_out = {s["id"] for s in profile["sources"]} - {s["id"] for s in paper["sources"]}
    caveats = qmd.split("## Caveats")[1]
    assert all(s["title"] not in caveats for s in profile["sources"] if s["id"] in left_out)
    shown = {c["id"] for c in paper["charts"]}
    left_out = [c for t in profile["themes"] for c in t["charts"] if c["id"] not in shown]
    assert left_out and not any(f"{c['title']}: the figures as a table" in text for c in left_out)
    assert "Open Government Licence v3.0" in text and "DEMONSTRATION" not in text


def test_key_charts_take_the_first_six_the_area_has_and_fill_up_from_its_profile():
    def chart(cid):
        return {"id": cid, "alt": "", "source_ids": []}

    profile = {"themes": [{"charts": [chart("population"), chart("ltim_rate"), chart("three_measures")]},
                          {"charts": [chart("eal_share"), chart("components"), chart("gp_rate")]},
                          {"charts": [chart("stim_rate"), chart("nino_rate")]}]}
    ids = [c["id"] for c in pdf.key_charts(profile)]
    assert ids == ["components", "three_measures", "nino_rate", "eal_share", "population", "ltim_rate"]
    profile = {"themes": [{"charts": [chart("gp_rate"), chart("eal_share")]}]}
    assert [c["id"] for c in pdf.key_charts(profile)] == ["eal_share", "gp_rate"]  # fewer than six: all


def test_the_board_papers_chart_descriptions_point_to_the_appendix_for_line_and_bar_charts():
    line = "Line chart of x. Latest figures: 3. The same figures are in the table below the chart."
    bar = "Bar chart of y, Census 2021. UK: 80%. The table below the chart sets these beside England."
    profile = {"overview": [], "sources": [],
               "themes": [{"charts": [{"id": "eal_share", "alt": line, "source_ids": []},
                                      {"id": "census_country_of_birth", "alt": bar, "source_ids": []}]}]}
    paper = pdf.board_paper(profile, "x.pdf")
    assert [c["alt"] for c in paper["charts"]] == [
        "Line chart of x. Latest figures: 3. The same figures are in the chart's table in the appendix.",
        "Bar chart of y, Census 2021. UK: 80%. The chart's table in the appendix sets these beside England."]
    assert profile["themes"][0]["charts"][0]["alt"] == line  # the full profile's words are untouched


def test_an_unknown_variant_is_refused(york):
    with pytest.raises(ProfilesError, match="unknown PDF variant"):
        pdf.export(york["ws"], edition="x", demo=False, built_at="2026-01-02T03:04:05+00:00", areas=[YORK],
                   engine="typst", variants=("short",))


def test_an_internal_pdf_is_marked_official_sensitive_on_every_page_in_both_variants(york, tmp_path):
    """Issue 11: an internal build's PDFs carry the marking on every page, the board paper too. (The
    internal build that makes them is tested in test_local_leak; here both variants' layouts are.)"""
    marking = environment().get_template("_profile.md.j2").module.internal_marking
    assert marking == "OFFICIAL-SENSITIVE: internal use only"
    renderer = _renderer(york["ws"], york["edition"], demo=False, out_dir=tmp_path)
    profile = {**renderer.profile(YORK), "internal": True}
    public = renderer.source(YORK)[1]
    assert marking not in public
    for board in (None, pdf.board_paper(profile, "E06000014-york.pdf")):
        charts = board["charts"] if board else [c for t in profile["themes"] for c in t["charts"]]
        files = {c["id"]: pdf.chart_svg(c, renderer.cache_dir) for c in charts}
        qmd = pdf.document(profile, files, renderer.fonts.families, board)
        path = tmp_path / f"internal-{'board' if board else 'full'}.pdf"
        path.write_bytes(renderer.engine.render(qmd, "2026-01-02T03:04:05+00:00"))
        pages = [normalise(page) for page in pdf_text(path).split("\f") if page.strip()]
        assert len(pages) == _pages(path) > 1
        assert all(marking in page for page in pages), path.name
