"""Small rules of wording shared by pages, PDFs and downloads."""

from __future__ import annotations

import re

# The end of a caveat's first sentence: a full stop, question or exclamation mark, then a space and the
# next sentence's first letter or figure (so "2.5" or "e.g. a" do not end one), unless the word it ends
# is an abbreviation ("e.g. 31 March").
_SENTENCE_END = re.compile(r"[.?!](?=\s+[A-Z0-9'\u2018\"(])")


def lower_first(title: str) -> str:
    """A title as it reads inside a sentence: 'Proficiency in English' -> 'proficiency in English'.

    Only the first word is lowered, and not when it is an abbreviation ('UK-born', 'NINo', 'GP'):
    names and abbreviations keep their capitals.
    """
    first = title.split(" ", 1)[0]
    if sum(char.isupper() for char in first) > 1:
        return title
    return title[:1].lower() + title[1:]


ABBREVIATIONS = frozenset({"e.g.", "i.e.", "etc.", "no.", "st.", "approx.", "c."})


def first_sentence(text: str) -> str:
    """The first sentence of `text` (all of it when it is one sentence): a caveat's point, which the
    caveats declare first and then explain."""
    for end in _SENTENCE_END.finditer(text):
        word = text[:end.end()].rsplit(None, 1)[-1].lstrip("(").lower()
        if word not in ABBREVIATIONS:
            return text[:end.end()]
    return text
