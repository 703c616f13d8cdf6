"""The Jinja environment every generated document is written with: pages, PDF sources, edition pages."""

from __future__ import annotations

import jinja2


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("migration_profiles", "templates"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # Markdown, not HTML; HTML attributes are escaped explicitly with |e
    )
    return env
