"""Where a project keeps its evidence (data/) and what it derives from it (build/)."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

INTERNAL_FOLDER = "internal"
PREVIEW_FOLDER = "preview"
TOOL_CACHE_VARIABLE = "MIGRATION_PROFILES_CACHE"


def tool_cache() -> Path:
    """Where the tool keeps what it makes from its own code and libraries alone, never from data: the
    Vega runtime, its minified scripts, its compiled chart templates and its compiled Jinja templates.
    Each file is named by what it is made from (Jinja's, by the template and a checksum of its source),
    so one folder serves every project and outlives build/: a cold build does not make them again
    (about 4 CPU seconds). $MIGRATION_PROFILES_CACHE, else $XDG_CACHE_HOME/migration-profiles,
    else ~/.cache/migration-profiles."""
    if os.environ.get(TOOL_CACHE_VARIABLE):
        return Path(os.environ[TOOL_CACHE_VARIABLE])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "migration-profiles"


@dataclass(frozen=True)
class Workspace:
    root: Path
    # An internal build (restricted local data, OFFICIAL-SENSITIVE) writes its pages, site and PDFs to
    # build/internal/, so it can never overwrite or be mistaken for the public site in build/site/.
    # The tidy and indicators stages hold public statistics only (local data joins at publication),
    # so both audiences share them.
    audience: str = "public"
    # A preview (`build --areas`) writes its pages and site under preview/ of that folder, so that building
    # a few areas never replaces the full site; it shares the tidy tables and indicators too.
    preview: bool = False

    def as_preview(self) -> Workspace:
        return replace(self, preview=True)

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def snapshots(self) -> Path:
        """Real releases, as published, one folder per source and release."""
        return self.data / "snapshots"

    @property
    def sample_snapshots(self) -> Path:
        """The embedded demonstration snapshot a fresh clone builds from."""
        return self.data / "sample" / "snapshots"

    @property
    def build(self) -> Path:
        return self.root / "build"

    @property
    def out(self) -> Path:
        """Where this audience's pages, site and PDFs go: build/, or build/internal/ (preview/ within it
        for a preview)."""
        out = self.build if self.audience == "public" else self.build / INTERNAL_FOLDER
        return out / PREVIEW_FOLDER if self.preview else out

    @property
    def tidy(self) -> Path:
        return self.build / "tidy"

    @property
    def indicators(self) -> Path:
        return self.build / "indicators"

    @property
    def docs(self) -> Path:
        """Generated Markdown for MkDocs: hand-written docs/ copied in, then generated pages."""
        return self.out / "docs"

    @property
    def site(self) -> Path:
        return self.out / "site"

    @property
    def pdf(self) -> Path:
        return self.out / "pdf"

    @property
    def stage_manifests(self) -> Path:
        return self.out / "manifests"

    @property
    def shared_manifests(self) -> Path:
        """Stage manifests of the tidy and indicators stages, which both audiences share."""
        return self.build / "manifests"

    @property
    def hand_written_docs(self) -> Path:
        return self.root / "docs"

    @property
    def mkdocs_config(self) -> Path:
        return self.root / "mkdocs.yml"


def usable_tool_cache(ws: Workspace) -> Path:
    """The tool cache (tool_cache), or the build's own cache where that folder cannot be written (a
    read-only home folder): the cache saves time, it is never a reason for a build to fail."""
    folder = tool_cache()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return ws.build / "cache"
    return folder if os.access(folder, os.W_OK) else ws.build / "cache"
