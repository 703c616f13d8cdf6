"""Issue 11 item 1: text from data files is text, in every output format.

An area name carrying HTML, a Markdown link, a quote and Typst markup is imported as a user would
import a lookup file, and the built site, its downloads and the area's PDF are read back.
"""

from __future__ import annotations

import json
import re
import subprocess

import pytest
import yaml

from migration_profiles.acquire import snapshots
from migration_profiles.render import pdf
from migration_profiles.render.postprocess import page_text
from migration_profiles.util import escape
from migration_profiles.util.errors import ProfilesError

from ..workspace import make_project
from .output_site import YORK, build_site, downloads, published_text, rename_area, rename_in_changes

INJECTED = ('<img src=x onerror=alert(1)>York [x](javascript:alert(1)) "q" *b* `c`{=typst} '
            '#link("javascript:alert(3)")[y] $x$ @cite | <script>alert(4)</script>')
IN_LOG = "<img src=x onerror=alert(2)>North Yorkshire [z](javascript:alert(5))"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("escape-site")
    incoming = downloads(root)
    rename_area(incoming, YORK, INJECTED)
    rename_in_changes(incoming, "E10000023", IN_LOG)
    rename_area(incoming, "E10000023", IN_LOG)  # the county's name in the log's note
    ws = build_site(root, incoming)
    return {"ws": ws, "files": published_text(ws)}


def _html_files(site) -> dict:
    return {p: t for p, t in site["files"].items() if p.suffix == ".html"}


def test_no_injected_element_reaches_any_page(site):
    pages = _html_files(site)
    assert len(pages) > 5
    for path, text in pages.items():
        assert "<img src=x" not in text, path  # title, header, meta description, tables, log
        assert "<script>alert" not in text, path
        assert not re.search(r"""href=["']?\s*javascript:""", text, re.IGNORECASE), path


def test_the_injected_name_is_shown_as_text_where_it_is_used(site):
    ws = site["ws"]
    york = (ws.site / "areas" / YORK / "index.html").read_text()
    shown = "&lt;img src=x onerror=alert(1)&gt;York"
    assert f"<title>{shown}" in york  # the browser's title
    assert re.search(r'<meta name="description" content="Migration profile of &lt;img', york)
    assert re.search(r"<h1[^>]*>" + re.escape(shown), york)  # the page's heading, as text
    index = (ws.site / "areas" / "index.html").read_text()
    assert shown in index
    log = (ws.site / "data-quality" / "index.html").read_text()
    assert "&lt;img src=x onerror=alert(2)&gt;North Yorkshire" in log  # the log's note, as text


def test_a_quote_in_the_name_keeps_the_front_matter(site):
    markdown = page_text(site["ws"].docs / "areas" / f"{YORK}.md")
    front = yaml.safe_load(markdown.split("---\n")[1])
    assert escape.html(INJECTED) == front["title"]  # HTML-escaped: the theme prints it into <head>
    assert front["search"] == {"exclude": True}
    assert INJECTED.replace("<", "&lt;").replace(">", "&gt;").split(" [x]")[0] in front["description"]


def test_scripts_and_data_carry_the_name_as_data(site):
    ws = site["ws"]
    # No script carries an area's figures or names: each chart is drawn from its table on the page.
    scripts = list(ws.site.rglob("*.js"))
    assert scripts and not (ws.site / "assets" / "charts").exists()
    assert not [path for path in scripts if INJECTED in path.read_text(encoding="utf-8", errors="replace")]
    data = json.loads((ws.site / "data" / "areas" / f"{YORK}.json").read_text())
    assert data["area"]["name"] == INJECTED  # the download holds the name as published


def test_markdown_escape_leaves_no_markup(site):
    for text in ("[x](javascript:alert(1))", "<b>x</b>", "# heading", "- item", "1. item", "a | b",
                 "{ .class }", "`code`", "*em* _em_", ":   definition"):
        escaped = escape.markdown(text)
        assert "[x]" not in escaped and "<b>" not in escaped and "`code`" not in escaped
        assert not escaped.startswith(("#", "- ", "1. ", ":")), escaped
        assert "|" not in escaped.replace("\\|", "")


def test_typst_and_markdown_escapes_keep_markup_out_of_the_pdf_source():
    assert escape.typst_str('a"] #eval("1") \\') == '"a\\"] #eval(\\"1\\") \\\\"'
    # pandoc reads the same Markdown for the PDF: maths, citations and raw Typst are written as text.
    assert escape.markdown("$x$ @y `c`{=typst} ~s~ ^p^") == (
        "&#36;x&#36; &#64;y \\`c\\`\\{=typst\\} &#126;s&#126; &#94;p&#94;")


def test_the_pdf_shows_the_name_as_text_and_has_no_script_link(site, tmp_path):
    ws = site["ws"]
    report = pdf.export(ws, edition="test", demo=False, built_at="2026-01-02T03:04:05+00:00", areas=[YORK],
                        engine="typst", out_dir=tmp_path)
    [path] = report.files
    raw = path.read_bytes()
    links = re.findall(rb"/URI\s*\(([^)]*)", raw)
    assert links and all(link.startswith(b"https://") for link in links)  # the sources' pages only
    assert not re.search(rb"/S\s*/JavaScript|/JS\s*[(<]", raw)  # no script action
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.split())
    assert "<img src=x onerror=alert(1)>York" in flat  # the name, as text
    assert "[x](javascript:alert(1))" in flat  # the link syntax, as text, not a link
    assert '#link("javascript:alert(3)")[y]' in flat  # the Typst call, as text, not run


def test_a_name_no_format_can_carry_is_refused_naming_file_row_and_column(tmp_path):
    incoming = downloads(tmp_path)
    rename_area(incoming, YORK, "York\x1b[31m\nInjected")
    ws = make_project(tmp_path / "project")
    report = snapshots.import_from_dir(ws.snapshots, incoming)
    failed = {path.name: message for path, message in report.failed}
    message = failed["uk_local_authorities_current.csv"]
    assert "uk_local_authorities_current.csv" in message and "column area_name" in message
    assert re.search(r"row \d+", message) and "York" in message
    assert not list(ws.snapshots.rglob("uk_local_authorities_current.csv"))  # nothing stored from it


def test_the_output_escapes_refuse_what_cannot_be_text():
    with pytest.raises(escape.UnsafeText):
        escape.markdown("a\x00b")
    with pytest.raises(escape.UnsafeText):
        escape.html("right\u202eto-left")
    assert issubclass(escape.UnsafeText, ValueError) and not issubclass(escape.UnsafeText, ProfilesError)
