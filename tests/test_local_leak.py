"""Restricted local data never reaches a public build, by any output; the internal build has it, marked.

A restricted dataset with unique canary values (eight-digit counts no demonstration figure or hash
fragment will match, and a made-up service name) is imported into a copy of the demonstration
project. Every file the public build writes (HTML, JSON, CSV, XLSX, PDF text, search index, sitemap,
data-quality log, stage tables) is searched for them.
"""

from __future__ import annotations

import csv
import gzip
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from migration_profiles import cli
from migration_profiles.cli import main
from migration_profiles.local import kinds, store
from migration_profiles.pipeline import BuildOptions, build
from migration_profiles.site import adapter as site
from migration_profiles.stages.publish import PublicationRules
from migration_profiles.util.errors import ProfilesError
from migration_profiles.util.progress import Progress

from .workspace import ROOT, fixture_downloads, make_project

AREA = "E06000014"
CANARY_COUNTS = (86420753, 97531864)
CANARY_LABEL = "Zqxcanary Reception House"
CANARIES = (
    [str(c) for c in CANARY_COUNTS]
    + [f"{c:,}" for c in CANARY_COUNTS]
    + [str(sum(CANARY_COUNTS)), f"{sum(CANARY_COUNTS):,}", CANARY_LABEL, "Zqxcanary focus group"]
)
MARKING = "OFFICIAL-SENSITIVE: internal use only"


def _file_text(path: Path) -> str:
    """What a reader (or a search engine) could get out of the file, as text."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    if suffix == ".gz":
        return gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
    if suffix in (".xlsx", ".zip"):
        with zipfile.ZipFile(path) as archive:
            return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    if suffix == ".parquet":
        return pd.read_parquet(path).to_csv()
    return path.read_bytes().decode("utf-8", "replace")


def _import_canaries(ws) -> None:
    root = ws.data / "local"
    rows = []
    base = {c: "" for c in kinds.COLUMNS} | {
        kinds.PERIOD: "2025-Q4",
        kinds.LEVEL: "local_authority",
        kinds.AREA: AREA,
        kinds.AREA_NAME: "York",
    }
    rows.append(base | {"service_category": CANARY_LABEL, kinds.COUNT: CANARY_COUNTS[0]})
    rows.append(base | {"service_category": "Other", kinds.COUNT: CANARY_COUNTS[1]})
    rows.append(base | {kinds.COUNT: sum(CANARY_COUNTS)})
    path = ws.root / "canary_return.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(kinds.COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    store.import_file(
        root,
        path,
        kinds.kind("asylum_liaison"),
        "Asylum liaison officer",
        store.RESTRICTED,
        store.council_codes(ws),
        agreement="ISA test",
    )
    path.unlink()
    shutil.copy(ROOT / "data" / "sample" / "local" / "checklist.yaml", root / "checklist.yaml")
    (root / "register.yaml").write_text(
        'entries:\n  - title: "Zqxcanary focus group"\n    owner: "VCS"\n    date: 2025-11\n'
        '    topic: "Community events and focus groups"\n    found: "restricted finding"\n'
        "    classification: restricted\n",
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """A small project (the fixture downloads of three sources) with the canary dataset, built for
    both audiences."""
    ws = make_project(tmp_path_factory.mktemp("leak") / "project")
    downloads = fixture_downloads(ws.root / "downloads")
    assert cli.main(["--root", str(ws.root), "--quiet", "refresh", "--from", str(downloads)]) == 0
    _import_canaries(ws)
    options = BuildOptions(with_pdf=True, pdf_engine="typst")
    public = build(ws, options, Progress(quiet=True))
    internal_ws = replace(ws, audience="internal")
    build(internal_ws, replace(options, rules=PublicationRules(audience="internal")), Progress(quiet=True))
    return ws, internal_ws, public


def _files(folder: Path, skip: Path | None = None) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and not (skip and skip in p.parents)]


def test_no_public_output_holds_a_canary(builds):
    ws, internal_ws, report = builds
    files = _files(ws.build, skip=internal_ws.out)
    kinds_seen = {p.suffix for p in files}
    # The build wrote every kind of output the test promises to search.
    assert {".html", ".json", ".csv", ".pdf", ".xml", ".gz", ".parquet"} <= kinds_seen, kinds_seen
    assert (ws.site / "search" / "search_index.json").exists() and (ws.site / "sitemap.xml").exists()
    assert (ws.indicators / "quality_log.json").exists()
    leaks = [(str(p.relative_to(ws.root)), c) for p in files for c in CANARIES if c in _file_text(p)]
    assert leaks == []
    # ... and the public build says what it left out.
    assert report.local_left_out == ["Asylum seekers arriving and leaving (Asylum liaison officer)"]
    page = (ws.site / "local-data" / "index.html").read_text()
    assert "Left out of this build" in page and "Asylum seekers arriving and leaving" in page
    assert "1 restricted entry is left out" in (ws.site / "research" / "index.html").read_text()
    assert MARKING not in (ws.site / "areas" / AREA / "index.html").read_text()


def test_the_internal_build_has_the_canaries_in_its_own_folder_marked_on_every_page(builds):
    ws, internal_ws, _ = builds
    assert internal_ws.site == ws.root / "build" / "internal" / "site"
    page = (internal_ws.site / "areas" / AREA / "index.html").read_text()
    assert "86,420,753" in page and CANARY_LABEL in page
    assert "Zqxcanary focus group" in (internal_ws.site / "research" / "index.html").read_text()
    assert CANARY_LABEL in (internal_ws.site / "data" / "areas" / f"{AREA}.local.csv").read_text()
    pages = [p for p in _files(internal_ws.site) if p.suffix == ".html"]
    assert len(pages) > 10
    for path in pages:
        text = path.read_text()
        assert MARKING in text, path
        assert '<meta name="robots" content="noindex, nofollow">' in text, path
    assert "Disallow: /" in (internal_ws.site / "robots.txt").read_text()
    pdfs = [p for p in _files(internal_ws.site) if p.suffix == ".pdf"]
    assert pdfs
    assert any("86,420,753" in _file_text(p) for p in pdfs if AREA in p.name)
    for path in pdfs:
        text = _file_text(path)
        pages_text = text.split("\f")
        assert all(MARKING in t for t in pages_text if t.strip()), path  # the marking on every PDF page


def test_an_internal_build_cannot_be_deployed_or_pushed(builds, capsys):
    ws, internal_ws, _ = builds
    with pytest.raises(ProfilesError, match="deployed"):
        build(
            internal_ws,
            BuildOptions(deploy=True, rules=PublicationRules(audience="internal")),
            Progress(quiet=True),
        )
    with pytest.raises(ProfilesError, match="never deployed"):
        site.mike_deploy(internal_ws, demo=True, edition="demo")
    for extra in (["--edition", "x"], ["--edition", "x", "--push"]):
        assert main(["--root", str(ws.root), "build", "--audience", "internal", *extra]) == 1
        assert "cannot be deployed" in capsys.readouterr().err
