"""Splicing area pages' data tables into their rendered HTML."""

from __future__ import annotations

import pytest

from migration_profiles import mkdocs_hooks


def test_each_marker_is_replaced_by_its_table():
    marker = mkdocs_hooks.MARKER.format
    html = f"<p>a</p>{marker('population')}<p>b</p>{marker('ltim_rate')}"
    tables = {"population": "<table>1</table>", "ltim_rate": "<table>2</table>"}
    assert mkdocs_hooks.splice(html, tables, "areas/E06000014.md") == (
        "<p>a</p><table>1</table><p>b</p><table>2</table>")


def test_a_marker_without_its_table_stops_the_build_and_names_the_page():
    with pytest.raises(ValueError, match=r"areas/E06000014\.md: no table 'population'"):
        mkdocs_hooks.splice(mkdocs_hooks.MARKER.format("population"), {}, "areas/E06000014.md")


def test_tables_are_kept_beside_the_page_they_belong_to(tmp_path):
    assert mkdocs_hooks.tables_path(tmp_path / "areas" / "E06000014.md") == (
        tmp_path / "areas" / "E06000014.tables.json")
