"""Our own step after the site tool: area pages' HTML blocks spliced into their rendered HTML, and the
files the site serves as they are linked in beside them."""

from __future__ import annotations

import pytest

from migration_profiles.render import postprocess
from migration_profiles.util.errors import ProfilesError


def test_each_marker_is_replaced_by_its_block():
    marker = postprocess.MARKER.format
    html = f"<p>a</p>{marker('population')}<p>b</p>{marker('ltim_rate')}"
    blocks = {"population": "<table>1</table>", "ltim_rate": "<table>2</table>"}
    assert postprocess.splice(html, blocks, "areas/E06000014.md") == (
        "<p>a</p><table>1</table><p>b</p><table>2</table>")


def test_a_marker_without_its_block_stops_the_build_and_names_the_page():
    with pytest.raises(ProfilesError, match=r"areas/E06000014\.md: no block 'population'"):
        postprocess.splice(postprocess.MARKER.format("population"), {}, "areas/E06000014.md")
    kept = postprocess.MARKER.format("population")
    assert postprocess.splice(kept, {}, "areas/E06000014.md", missing_ok=True) == kept


def test_blocks_are_kept_beside_the_page_they_belong_to(tmp_path):
    assert postprocess.blocks_path(tmp_path / "areas" / "E06000014.md") == (
        tmp_path / "areas" / "E06000014.blocks.json")


@pytest.mark.parametrize("html_name", ["areas/E06000014/index.html", "areas/E06000014.html"])
def test_finish_site_fills_each_page_whatever_its_url_style(tmp_path, html_name):
    docs, site = tmp_path / "docs", tmp_path / "site"
    (docs / "areas").mkdir(parents=True)
    (docs / "areas" / "E06000014.md").write_text("x")
    (docs / "areas" / "E06000014.blocks.json").write_text('{"population": "<table>1</table>"}')
    page = site / html_name
    page.parent.mkdir(parents=True)
    page.write_text(f"<main>{postprocess.MARKER.format('population')}</main>")
    assert postprocess.finish_site(docs, site) == 1
    assert page.read_text() == "<main><table>1</table></main>"


def test_a_page_the_site_tool_did_not_write_is_named(tmp_path):
    (tmp_path / "docs" / "areas").mkdir(parents=True)
    (tmp_path / "docs" / "areas" / "E06000014.blocks.json").write_text("{}")
    with pytest.raises(ProfilesError, match=r"areas/E06000014\.md: the site tool wrote no HTML"):
        postprocess.finish_site(tmp_path / "docs", tmp_path / "site")


def test_linked_files_go_into_the_site_at_their_path_as_the_same_file(tmp_path):
    docs, site = tmp_path / "docs", tmp_path / "site"
    linked = docs / postprocess.LINKED / "data" / "areas"
    linked.mkdir(parents=True)
    (linked / "E06000014.csv").write_text("a,b\n1,2\n")
    (linked / "E06000014.blocks.json").write_text("{}")  # not a page's blocks: a file like any other
    (site / "data" / "areas").mkdir(parents=True)
    (site / "data" / "areas" / "E06000014.csv").write_text("old")  # a file left there is replaced
    assert postprocess.finish_site(docs, site) == 0
    served = site / "data" / "areas" / "E06000014.csv"
    assert served.read_text() == "a,b\n1,2\n"
    assert served.stat().st_ino == (linked / "E06000014.csv").stat().st_ino  # linked, not copied
    assert not (site / postprocess.LINKED).exists()


def test_a_finished_page_loses_its_indentation_and_blank_lines_unless_spaces_lay_out_its_text():
    page = "<main>\n    <p>York\n\n\n      had</p>\n\t<ul>\n  <li>one</li></ul>\n</main>\n"
    assert postprocess.compacted(page) == "<main>\n<p>York\nhad</p>\n<ul>\n<li>one</li></ul>\n</main>\n"
    laid_out = "<pre>\n    two  spaces\n\n</pre>"
    assert postprocess.compacted(laid_out) == laid_out
