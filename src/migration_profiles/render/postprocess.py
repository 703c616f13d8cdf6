"""Our own step after the site tool: finish the HTML it wrote, whichever tool that was.

Each area page's chart data tables are put into its HTML after the page is rendered. The tables
are most of a page's HTML tags (a few thousand on a full page); passed through the Markdown they
were most of the site build's time, because Python-Markdown's raw-HTML parser read every tag and
the search plugin parsed them again only to leave them out of the index. The pages stage writes
each area's tables beside its Markdown (TABLES_SUFFIX), and the Markdown holds a marker where each
one goes, so the page is complete as Markdown plus this file, and a site tool needs no plugin or
hook of ours: site.py runs `finish_site` over the output folder after `mkdocs build`, and inside
mike's deploy before mike commits the folder (mike_deploy.py).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from migration_profiles.util.errors import ProfilesError

TABLES_SUFFIX = ".tables.json"
MARKER = "<!-- mp-table {} -->"
_MARKER = re.compile(r"<!-- mp-table ([A-Za-z0-9_-]+) -->")


def tables_path(markdown: Path) -> Path:
    """Where the tables of the page written from `markdown` are kept."""
    return markdown.with_name(markdown.stem + TABLES_SUFFIX)


def splice(html: str, tables: dict[str, str], page: str) -> str:
    """Put each table where its marker is; a marker without a table stops the build."""

    def table(match: re.Match) -> str:
        try:
            return tables[match.group(1)]
        except KeyError:
            raise ProfilesError(f"{page}: no table '{match.group(1)}' in its {TABLES_SUFFIX} file") from None

    return _MARKER.sub(table, html)


def rendered_page(site_dir: Path, page: Path) -> Path:
    """The HTML a site tool wrote for the Markdown file `page` (relative to the docs folder), with
    directory URLs (areas/X/index.html, MkDocs' default) or without (areas/X.html)."""
    for candidate in (site_dir / page.with_suffix("") / "index.html", site_dir / page.with_suffix(".html")):
        if candidate.exists():
            return candidate
    raise ProfilesError(f"{page}: the site tool wrote no HTML page for it in {site_dir}")


def finish_site(docs: Path, site_dir: Path) -> int:
    """Put every page's tables into its HTML in `site_dir`; return how many pages were finished."""
    finished = 0
    for tables_file in sorted(docs.rglob(f"*{TABLES_SUFFIX}")):
        page_name = tables_file.name.removesuffix(TABLES_SUFFIX) + ".md"
        markdown = tables_file.relative_to(docs).with_name(page_name)
        html_path = rendered_page(site_dir, markdown)
        tables = json.loads(tables_file.read_text(encoding="utf-8"))
        html = html_path.read_text(encoding="utf-8")
        # Written in place: the folder is a new build, swapped in whole or committed by mike afterwards.
        html_path.write_text(splice(html, tables, str(markdown)), encoding="utf-8")
        finished += 1
    return finished
