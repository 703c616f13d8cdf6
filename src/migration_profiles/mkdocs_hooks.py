"""MkDocs hooks (named in the generated MkDocs configuration; see site.build_config).

Each area page's chart data tables are spliced into its HTML after MkDocs has rendered the page.
The tables are most of a page's HTML tags (a few thousand on a full page). Passed through the
Markdown they were most of the site build's time: Python-Markdown's raw-HTML parser read every
tag, and then the search plugin parsed them again only to leave them out of the index. The pages
stage writes each area's tables beside its Markdown (TABLES_SUFFIX), and the Markdown holds a
marker where each one goes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

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
            raise ValueError(f"{page}: no table '{match.group(1)}' in its {TABLES_SUFFIX} file") from None

    return _MARKER.sub(table, html)


def on_post_page(output: str, page, config) -> str:
    source = page.file.abs_src_path
    tables = tables_path(Path(source)) if source else None
    if tables is None or not tables.exists():
        return output
    return splice(output, json.loads(tables.read_text(encoding="utf-8")), page.file.src_uri)
