"""Issue 11 item 3: a confidential source's figures reach no public output, by any path.

LAMI is declared confidential for these tests, and its parser is given a data-quality finding that
carries a small count (as a local partner file's would). The public build must print neither the
count, nor the note, nor the source's snapshot, anywhere; the internal build shows them (which
proves the finding really was in the data).
"""

from __future__ import annotations

import dataclasses
import json

import pytest

from migration_profiles.pipeline import BuildOptions
from migration_profiles.render.pages import area_figures
from migration_profiles.render.postprocess import page_text
from migration_profiles.sources import all_sources, lami
from migration_profiles.sources.base import CONFIDENTIAL
from migration_profiles.stages.publish import INTERNAL_AUDIENCE, PublicationRules

from .output_site import YORK, build_site, downloads, published_text

SECRET = "Confidential finding: 3 people at one address"


def _finding(frame):
    return [{"area_code": YORK, "issue": SECRET, "note": SECRET, "rows": 3}]


@pytest.fixture(scope="module")
def confidential_lami():
    patch = pytest.MonkeyPatch()
    declared = lami.SOURCE
    files = tuple(dataclasses.replace(spec, quality=_finding) for spec in declared.files)
    patch.setattr(lami, "SOURCE", dataclasses.replace(declared, classification=CONFIDENTIAL, files=files))
    all_sources.cache_clear()  # the registry keeps the declarations it read
    yield
    patch.undo()
    all_sources.cache_clear()


@pytest.fixture(scope="module")
def public(tmp_path_factory, confidential_lami):
    root = tmp_path_factory.mktemp("confidential-public")
    ws = build_site(root, downloads(root))
    return ws, published_text(ws)


@pytest.fixture(scope="module")
def internal(tmp_path_factory, confidential_lami):
    root = tmp_path_factory.mktemp("confidential-internal")
    ws = build_site(root, downloads(root), BuildOptions(rules=PublicationRules(audience=INTERNAL_AUDIENCE)))
    return ws, published_text(ws)


def test_the_internal_build_shows_the_finding_so_the_test_can_fail(internal):
    ws, files = internal
    assert SECRET in (ws.docs / "data-quality.md").read_text()
    assert SECRET in page_text(ws.docs / "areas" / f"{YORK}.md")  # "About this area's figures"


def test_no_public_page_log_note_or_search_entry_prints_the_finding(public):
    ws, files = public
    leaks = [str(path) for path, text in files.items() if "3 people at one address" in text]
    assert not leaks
    search = (ws.site / "search" / "search_index.json").read_text()
    assert "Confidential finding" not in search
    log = (ws.docs / "data-quality.md").read_text()
    assert "| lami |" not in log  # nothing the confidential source's files said


def test_no_public_download_or_page_carries_the_sources_figures(public):
    ws, files = public
    figures = area_figures(json.loads((ws.site / "data" / "areas" / f"{YORK}.json").read_text()))
    assert figures and not [f for f in figures if f["source_id"] == "lami"]
    # The source may be named (a reader is told what was left out), but nothing that traces its figures.
    listed = json.loads((ws.site / "data" / "areas" / f"{YORK}.json").read_text())["sources"]
    assert all(not (s["release"] or s["sha256"] or s["retrieved_at"]) for s in listed if s["id"] == "lami")


def test_the_internal_page_shows_the_sources_figures(internal):
    figures = area_figures(json.loads((internal[0].site / "data" / "areas" / f"{YORK}.json").read_text()))
    assert [f for f in figures if f["source_id"] == "lami"]  # the control: the internal build has them



def test_the_sources_page_and_edition_record_leave_out_the_confidential_snapshot(public, internal):
    ws, _ = public
    sources = (ws.docs / "sources.md").read_text()
    assert "{ #lami }" not in sources
    assert "{ #lami }" in (internal[0].docs / "sources.md").read_text()
    edition = (ws.docs / "data" / "edition" / "edition.json").read_text()
    assert "lamistables" not in edition
