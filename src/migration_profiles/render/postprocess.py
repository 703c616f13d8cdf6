"""Our own step after the site tool: finish the HTML it wrote, whichever tool that was.

An area page's generated HTML (its headline panel, chart blocks with their data tables, maps, source
boxes) is most of the page. Passed through the Markdown it was most of the site build's time:
Python-Markdown's raw-HTML parser read every tag of every block, only to pass it through unchanged.
So the pages stage writes each page's blocks beside its Markdown (BLOCKS_SUFFIX), the Markdown holds
a placeholder where each one goes (MARKER), and this step puts them into the rendered HTML. The page
is complete as Markdown plus that file, and a site tool needs no plugin or hook of ours: site.py runs
`finish_site` over the output folder after `mkdocs build`, and inside mike's deploy before mike
commits the folder (mike_deploy.py).

The same step puts in the files the pages stage wrote for the site as they are (LINKED: each area's
downloads and chart rows, thousands of files): hard-linked into the output folder instead of copied
one by one by the site tool, which would also have to be told about each of them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

from migration_profiles.util.errors import ProfilesError

BLOCKS_SUFFIX = ".blocks.json"
# Where a block goes: in a page, replaced after the site tool; in an area page's block, where its chart
# or map table goes, replaced by the pages stage (the block is not read by the site tool either).
MARKER = "<!-- mp-block {} -->"
_MARKER = re.compile(r"<!-- mp-block ([A-Za-z0-9_-]+) -->")
# A folder of the docs laid out as the site: its files go into the site as they are (link_files).
# The site tool is told to leave it alone (site.build_config).
LINKED = "_linked"


def blocks_path(markdown: Path) -> Path:
    """Where the HTML blocks of the page written from `markdown` are kept."""
    return markdown.with_name(markdown.stem + BLOCKS_SUFFIX)


def splice(html: str, blocks: dict[str, str], page: str, missing_ok: bool = False) -> str:
    """Put each block where its marker is; a marker without its block stops the build (with
    `missing_ok`, it stays as it is)."""

    def block(match: re.Match) -> str:
        try:
            return blocks[match.group(1)]
        except KeyError:
            if missing_ok:
                return match.group(0)
            raise ProfilesError(f"{page}: no block '{match.group(1)}' in its {BLOCKS_SUFFIX} file") from None

    return _MARKER.sub(block, html)


# A line break and the indentation or blank lines after it, in a page with no text laid out by its
# spaces: the site tool's template indents every tag, which a reader's browser downloads for nothing.
_LINE_BREAK_AND_SPACE = re.compile(r"\n\s+")
_SPACES_MATTER = ("<pre", "<textarea")


def compacted(html: str) -> str:
    """The page without indentation or blank lines, where none of its text is laid out by its spaces."""
    if any(tag in html for tag in _SPACES_MATTER):
        return html
    return _LINE_BREAK_AND_SPACE.sub("\n", html)


def rendered_page(site_dir: Path, page: Path) -> Path:
    """The HTML a site tool wrote for the Markdown file `page` (relative to the docs folder), with
    directory URLs (areas/X/index.html, MkDocs' default) or without (areas/X.html)."""
    for candidate in (site_dir / page.with_suffix("") / "index.html", site_dir / page.with_suffix(".html")):
        if candidate.exists():
            return candidate
    raise ProfilesError(f"{page}: the site tool wrote no HTML page for it in {site_dir}")


def link_files(docs: Path, site_dir: Path) -> int:
    """Put every file of docs/_linked/ into `site_dir` at the same path; return how many. Hard links
    where the file system allows (neither folder is edited in place: each build writes new ones),
    copies otherwise."""
    source = docs / LINKED
    linked = 0
    for folder, _, names in os.walk(source):
        target = site_dir / Path(folder).relative_to(source)
        target.mkdir(parents=True, exist_ok=True)
        for name in names:
            (target / name).unlink(missing_ok=True)
            try:
                os.link(Path(folder) / name, target / name)
            except OSError:
                shutil.copyfile(Path(folder) / name, target / name)
            linked += 1
    return linked


def _blocks_files(docs: Path) -> list[Path]:
    """Every page's blocks file, without looking through the thousands of linked files."""
    found = []
    for folder, subfolders, names in os.walk(docs):
        if Path(folder) == docs and LINKED in subfolders:
            subfolders.remove(LINKED)
        found += [Path(folder) / name for name in names if name.endswith(BLOCKS_SUFFIX)]
    return sorted(found)


def finish_site(docs: Path, site_dir: Path) -> int:
    """Put every page's blocks into its HTML in `site_dir`, and the linked files beside them; return
    how many pages were finished."""
    finished = 0
    for blocks_file in _blocks_files(docs):
        page_name = blocks_file.name.removesuffix(BLOCKS_SUFFIX) + ".md"
        markdown = blocks_file.relative_to(docs).with_name(page_name)
        html_path = rendered_page(site_dir, markdown)
        blocks = json.loads(blocks_file.read_text(encoding="utf-8"))
        html = html_path.read_text(encoding="utf-8")
        # Written in place: the folder is a new build, swapped in whole or committed by mike afterwards.
        html_path.write_text(compacted(splice(html, blocks, str(markdown))), encoding="utf-8")
        finished += 1
    link_files(docs, site_dir)
    return finished


def page_text(markdown: Path) -> str:
    """A generated page's Markdown with its blocks in place: everything its reader will see, before the
    site tool turns the Markdown parts into HTML (for checks of a page without building the site)."""
    text = markdown.read_text(encoding="utf-8")
    blocks = blocks_path(markdown)
    if not blocks.exists():
        return text
    return splice(text, json.loads(blocks.read_text(encoding="utf-8")), markdown.name)
