"""What the tool makes from its own code alone is kept outside build/, so a cold build does not make it
again, and is never made from a project's data."""

from __future__ import annotations

import shutil

import pytest
import vl_convert

from migration_profiles.pipeline import BuildOptions, build
from migration_profiles.render import charts
from migration_profiles.render.templating import environment
from migration_profiles.util.paths import TOOL_CACHE_VARIABLE, Workspace, tool_cache, usable_tool_cache
from migration_profiles.util.progress import Progress

from .workspace import make_project


def test_the_tool_cache_is_where_the_environment_says(monkeypatch, tmp_path):
    monkeypatch.setenv(TOOL_CACHE_VARIABLE, str(tmp_path / "mine"))
    assert tool_cache() == tmp_path / "mine"
    monkeypatch.delenv(TOOL_CACHE_VARIABLE)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert tool_cache() == tmp_path / "xdg" / "migration-profiles"


def test_a_tool_cache_that_cannot_be_made_gives_way_to_the_builds_own(monkeypatch, tmp_path):
    not_a_folder = tmp_path / "a file"
    not_a_folder.write_text("")
    monkeypatch.setenv(TOOL_CACHE_VARIABLE, str(not_a_folder / "cache"))
    ws = Workspace(tmp_path / "project")
    assert usable_tool_cache(ws) == ws.build / "cache"
    monkeypatch.setenv(TOOL_CACHE_VARIABLE, str(tmp_path / "fine"))
    assert usable_tool_cache(ws) == tmp_path / "fine" and (tmp_path / "fine").is_dir()


@pytest.mark.slow
def test_a_cold_build_reuses_the_runtime_scripts_and_chart_templates_made_before(monkeypatch, tmp_path):
    cache = tmp_path / "tool-cache"
    monkeypatch.setenv(TOOL_CACHE_VARIABLE, str(cache))
    ws = make_project(tmp_path / "p", with_sample=True)
    build(ws, BuildOptions(areas=["E06000014"]), Progress(quiet=True))
    made = sorted(path.name for path in cache.iterdir())
    assert [n for n in made if n.startswith("vega-runtime-")], made
    assert [n for n in made if n.startswith("chart-templates-")], made
    assert len([n for n in made if n.startswith("script-")]) >= 4, made
    # Jinja keeps the templates it compiles there (none, when this process compiled them before).
    assert environment().bytecode_cache.directory == str(cache / "jinja")
    vega = (ws.site / "assets" / "vega.js").read_bytes()

    shutil.rmtree(ws.build)  # a cold build
    charts._TEMPLATES.clear()  # as in a new process
    calls = tmp_path / "made again"  # written by the forked process too, which would make the runtime

    def refuse(*args, **kwargs):
        calls.write_text("called")
        raise RuntimeError("made again")

    monkeypatch.setattr(vl_convert, "javascript_bundle", refuse)
    monkeypatch.setattr(charts, "_compile", refuse)
    build(ws, BuildOptions(areas=["E06000014"]), Progress(quiet=True))
    assert not calls.exists(), "a cold build made again what the tool cache held"
    assert (ws.site / "assets" / "vega.js").read_bytes() == vega
    assert sorted(path.name for path in cache.iterdir()) == made
