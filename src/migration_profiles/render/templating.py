"""The Jinja environment every generated document is written with: pages, PDF sources, edition pages."""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2

from migration_profiles.render import chart_block, chart_table
from migration_profiles.util import escape
from migration_profiles.util.wording import first_sentence, lower_first


@functools.cache
def environment() -> jinja2.Environment:
    """One environment per process, shared by every writer: Jinja compiles each template the first time
    an environment loads it (5 to 35 ms each; the area page's three, 90 ms), and a new environment for
    each page and box compiled the same templates again and again. Nothing changes it after it is
    made but where it keeps compiled templates (keep_compiled)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("migration_profiles.render", "templates"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # Markdown, not HTML: text from data is escaped per format with these filters
    )
    env.globals["chart_block"] = chart_block.chart_block  # a chart on an area page, in Python
    env.globals["table_names"] = chart_table.table_names  # the column names a reflowed table shows
    env.filters.update(md=escape.markdown, html=escape.html, e=escape.html, yaml_str=escape.yaml_str,
                       typst_str=escape.typst_str, lower_first=lower_first, first_sentence=first_sentence)
    return env


def keep_compiled(tool_cache: Path) -> None:
    """Keep the templates compiled in the tool cache (paths.usable_tool_cache: they are made from the
    tool's own templates alone), so that a process renders them without compiling them: about 0.15 s for
    each `pdf` command and each cold pages stage. Jinja uses kept code only while the template's source is
    unchanged, and the Python that reads it the same."""
    folder = tool_cache / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    environment().bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
