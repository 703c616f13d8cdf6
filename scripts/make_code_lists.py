"""Regenerate the code lists that local data templates and imports use (package data).

Run by hand when the standards change; pycountry is needed only here, not by the package:

    pip install --target /tmp/pycountry pycountry
    PYTHONPATH=/tmp/pycountry python scripts/make_code_lists.py

Countries (for country of birth and nationality) are ISO 3166-1; languages are the living
languages of ISO 639-3 (individual languages and macrolanguages), each with its ISO 639-1 code when
it has one, and a country's common name (Syria, Iran) where ISO's differs. pycountry carries both
standards as published by their maintainers (Debian iso-codes).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parents[1] / "src" / "migration_profiles" / "local" / "data"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "countries.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["code", "alpha_2", "name", "common_name"])
        for country in sorted(pycountry.countries, key=lambda c: c.name):
            common = getattr(country, "common_name", "")
            writer.writerow([country.alpha_3, country.alpha_2, country.name, common])
    with open(OUT / "languages.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["code", "alpha_2", "name", "common_name"])
        living = [
            lang
            for lang in pycountry.languages
            if getattr(lang, "type", "") == "L" and getattr(lang, "scope", "") in ("I", "M")
        ]
        for lang in sorted(living, key=lambda x: x.name):
            writer.writerow([lang.alpha_3, getattr(lang, "alpha_2", ""), lang.name, ""])
    print(f"wrote {OUT / 'countries.csv'} and {OUT / 'languages.csv'}")


if __name__ == "__main__":
    main()
