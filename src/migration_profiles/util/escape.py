"""Text from data files, made safe for each output format: one function per format, used everywhere.

Area names, council names and labels come from files anyone can edit. Whatever they contain is shown
as text: never as HTML, a Markdown link, YAML structure, Typst code or script. Templates reach these
functions as Jinja filters (`html`, `md`, `yaml_str`, `typst_str`), Python code calls them directly.
A name that no format can carry safely (a control character, a line break) is refused when its file
is read (`check_names`), with the file and row, so it never reaches a page.
"""

from __future__ import annotations

import json
import re

import markupsafe
import pandas as pd

from migration_profiles.util.errors import LayoutError

# Characters no name has any business holding: control characters (line breaks end a Markdown table
# row or a YAML value), and bidirectional overrides, which make text display other than it reads.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

# The same wording is read by Python-Markdown (the site) and by pandoc (the PDF). These characters are
# markup in one or both and have a backslash escape that both read (tables: `|`; attr_list: `{}`).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]|])")
# These are markup in pandoc only (maths, citations, sub- and superscript) and have no escape that
# Python-Markdown reads, so they are written as character references, which both decode.
_MARKDOWN_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "$": "&#36;", "@": "&#64;", "~": "&#126;",
                      "^": "&#94;"}
_MARKDOWN_TRANSLATION = str.maketrans(_MARKDOWN_ENTITIES)
# Markup only where a line starts: a heading, or a list marker followed by a space.
_MARKDOWN_LINE_START = re.compile(r"^(\s*)(#|[+\-](?=\s|$))")

NAME_COLUMNS = ("area_name", "old_name", "new_name", "region_name", "county_name")


class UnsafeText(ValueError):
    """Text that cannot be shown safely in an output format."""


_BREAKS = re.compile("[\r\n\t\u2028\u2029]+")


def _checked(value) -> str:
    """The text with line breaks and tabs as spaces; an error for any other unsafe character."""
    text = "" if value is None else str(value)
    if not _UNSAFE.search(text):  # almost every text: one search, nothing to replace
        return text
    text = _BREAKS.sub(" ", text)
    found = _UNSAFE.search(text)
    if found:
        raise UnsafeText(f"{text!r} holds the character U+{ord(found.group()):04X}, "
                         "which cannot be shown as text")
    return text


# Anything html() has to change or refuse: markup characters and the unsafe ones.
_HTML_WORK = re.compile("[&<>\"'" + _UNSAFE.pattern[1:])


def html(value) -> str:
    """Text for an HTML element or a quoted attribute."""
    # Nearly every text (a figure, a period, a name) has nothing to escape: one search returns it as it
    # is. An area page escapes a few thousand texts, and MarkupSafe's object for each was most of that.
    if type(value) is str and not _HTML_WORK.search(value):
        return value
    return str(markupsafe.escape(_checked(value)))


def is_plain(text: str) -> bool:
    """Whether html() gives `text` back as it is: nothing in it to escape or refuse."""
    return not _HTML_WORK.search(text)


def css_string(value) -> str:
    """Text as a quoted CSS string (for `content`), to be written inside an HTML attribute through
    html(): backslashes and quotes escaped, so the text cannot end the string."""
    text = _checked(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def markdown(value) -> str:
    """Text for a Markdown line (a heading, a paragraph, a table cell), read by MkDocs for the site and
    by pandoc for the PDF: no link, raw HTML or Typst, maths, citation or list can start in it."""
    text = _checked(value).translate(_MARKDOWN_TRANSLATION)
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    digits = re.match(r"^(\s*)(\d+)\.(?=\s|$)", text)
    if digits:  # "1. " would start a numbered list
        return f"{digits.group(1)}{digits.group(2)}\\.{text[digits.end():]}"
    if text.lstrip().startswith(":"):  # ":   " would start a definition; a colon has no escape
        text = text.replace(":", "&#58;", 1)
    return _MARKDOWN_LINE_START.sub(r"\1\\\2", text)


def yaml_str(value) -> str:
    """A double-quoted YAML scalar (JSON's string syntax is YAML's): a quote or colon cannot end it."""
    return json.dumps(_checked(value), ensure_ascii=False)


def typst_str(value) -> str:
    """A Typst string literal: nothing in the text can be read as markup or code."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\r", "")
    return '"' + text.replace("\n", "\\n").replace("\t", " ") + '"'


def script_json(value) -> str:
    """JSON that is safe inside a <script>: no '<', '>' or '&' that could end the element early, and
    no line separators, which older JavaScript reads as line ends."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    for char in ("<", ">", "&", "\u2028", "\u2029"):
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def check_names(frame: pd.DataFrame, source_id: str, file_name: str) -> None:
    """Refuse a parsed file whose names cannot be shown as text, naming the file, row and column."""
    if not isinstance(frame, pd.DataFrame):
        return
    for column in NAME_COLUMNS:
        if column not in frame.columns:
            continue
        names = frame[column].dropna().astype(str)
        unsafe = names[names.str.contains(_UNSAFE)]
        if not unsafe.empty:
            # Parsers drop title and header rows, so the row is counted among the rows read.
            row = list(frame.index).index(unsafe.index[0]) + 1
            raise LayoutError(source_id, file_name, row=row, column=column,
                              expected="a name of printable characters (no line break, control or "
                                       f"direction-override character) in data row {row}",
                              found=repr(unsafe.iloc[0]))
