"""Standard code lists that partners' categories are checked against, so that they line up.

- Country of birth and nationality: ISO 3166-1 (three-letter code, two-letter code, the ISO short name
  or its common name, such as Syria for the Syrian Arab Republic).
- Main language: ISO 639-3 living languages (three-letter code, the two-letter ISO 639-1 code where
  one exists, or the ISO reference name).

Both are shipped as package data (local/data/), made from pycountry by scripts/make_code_lists.py.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

from migration_profiles.local import kinds

COUNTRY_STANDARD = "ISO 3166-1 (alpha-3 code or short name), as carried by pycountry"
LANGUAGE_STANDARD = (
    "ISO 639-3 living languages (alpha-3 code, ISO 639-1 code or reference name), from pycountry"
)


@dataclass(frozen=True)
class CodeList:
    name: str
    standard: str
    codes: tuple[str, ...]  # canonical codes, in the order of their names
    names: tuple[str, ...]
    aliases: dict  # lower-case code, alpha-2 or name -> canonical code

    def canonical(self, value: str) -> str | None:
        """The canonical code for a code or name, or None when the list does not have it."""
        text = value.strip()
        if text in kinds.RESIDUAL:
            return text
        return self.aliases.get(text.lower())

    def labels(self) -> list[str]:
        """'CODE Name' choices, for a template's drop-down list."""
        return [f"{c} {n}" for c, n in zip(self.codes, self.names, strict=True)]


def _load(file: str, name: str, standard: str) -> CodeList:
    text = resources.files("migration_profiles.local").joinpath("data", file).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    aliases: dict[str, str] = {}
    # Codes win over names: the language named "Kur" must not take the code of Kurdish, "kur".
    for field in ("code", "alpha_2", "name", "common_name"):
        for row in rows:
            if row[field]:
                aliases.setdefault(row[field].lower(), row["code"])
    # "CODE Name", as the template's drop-down writes it, is accepted too.
    for row in rows:
        aliases.setdefault(f"{row['code']} {row['name']}".lower(), row["code"])
    return CodeList(name, standard, tuple(r["code"] for r in rows), tuple(r["name"] for r in rows), aliases)


@cache
def countries() -> CodeList:
    return _load("countries.csv", "countries", COUNTRY_STANDARD)


@cache
def languages() -> CodeList:
    return _load("languages.csv", "languages", LANGUAGE_STANDARD)


def for_category(column: str) -> CodeList | None:
    """The code list a category column is checked against, if it has one."""
    if column in ("country_of_birth", "nationality"):
        return countries()
    if column == "main_language":
        return languages()
    return None


FIXED = {
    "sex": kinds.SEXES,
    "age_band": kinds.AGE_BANDS,
    "migrant_type": kinds.MIGRANT_TYPES,
    kinds.LEVEL: kinds.LEVELS,
}
