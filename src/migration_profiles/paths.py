"""Where a project keeps its evidence (data/) and what it derives from it (build/)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Workspace:
    root: Path
    # A preview (`build --areas`) writes its pages and site under build/preview/, so that building a few
    # areas never replaces the full site; it shares the tidy tables and indicators with the full build.
    preview: bool = False

    def as_preview(self) -> Workspace:
        return Workspace(self.root, preview=True)

    @property
    def output(self) -> Path:
        """Where pages and the site go: build/, or build/preview/ for a preview."""
        return self.build / "preview" if self.preview else self.build

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
    def tidy(self) -> Path:
        return self.build / "tidy"

    @property
    def indicators(self) -> Path:
        return self.build / "indicators"

    @property
    def docs(self) -> Path:
        """Generated Markdown for MkDocs: hand-written docs/ copied in, then generated pages."""
        return self.output / "docs"

    @property
    def site(self) -> Path:
        return self.output / "site"

    @property
    def pdf(self) -> Path:
        return self.build / "pdf"

    @property
    def stage_manifests(self) -> Path:
        return self.output / "manifests"

    @property
    def shared_manifests(self) -> Path:
        """The records of the stages a preview shares with the full build (tidy, indicators)."""
        return self.build / "manifests"

    @property
    def hand_written_docs(self) -> Path:
        return self.root / "docs"

    @property
    def mkdocs_config(self) -> Path:
        return self.root / "mkdocs.yml"
