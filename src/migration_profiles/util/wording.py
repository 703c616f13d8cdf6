"""Small rules of wording shared by pages, PDFs and downloads."""

from __future__ import annotations


def lower_first(title: str) -> str:
    """A title as it reads inside a sentence: 'Proficiency in English' -> 'proficiency in English'.

    Only the first word is lowered, and not when it is an abbreviation ('UK-born', 'NINo', 'GP'):
    names and abbreviations keep their capitals.
    """
    first = title.split(" ", 1)[0]
    if sum(char.isupper() for char in first) > 1:
        return title
    return title[:1].lower() + title[1:]
