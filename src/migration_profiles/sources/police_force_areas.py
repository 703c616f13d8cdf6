"""Police force areas: their codes and names, and which council areas each one covers.

Police recorded crime, hate crime and National Referral Mechanism referrals are published for the
43 police force areas of England and Wales, not for councils. A council's page shows its force
area's figure and says so in words (profiles.LARGER_AREAS, ``larger_area="police_force_area"``).

Two committed tables, both built only from public facts:

``data/police_force_areas.csv``
    The 43 territorial force areas with ONS's codes (E23 in England, W15 in Wales) and names, as in
    ONS's "Local Authority District to Community Safety Partnership to Police Force Area" lookups,
    plus the other spellings publishers use for the same force ("Devon and Cornwall", "City of
    London"). Complete.

``data/la_to_pfa.csv``
    Every current council area (local authority district) of England and Wales, 318 of them, with its
    force area. We compiled it by hand; it is not a copy of ONS's "Local Authority District to
    Community Safety Partnership to Police Force Area" lookup (LOOKUP below), which is the
    publisher's own version and the one to compare with when councils change. Its ``basis`` column
    says where each row's fact comes from:

    ``county:<county>``
        A district of a two-tier county (as the geography source's council list gives its county),
        and Schedule 1 to the Police Act 1996 puts that county's whole area in the force area.
    ``schedule1:<force area>``
        A unitary, metropolitan, London or Welsh council whose area Schedule 1 to the Police Act 1996
        (as amended when unitary councils were created) places in the force area, directly or as part
        of the county or metropolitan county it names; ``metropolitan police district`` for the 32
        London boroughs (Greater London without the City of London).

    Force area codes and names are ONS's (police_force_areas.csv). The few rows of ONS's lookup we
    found quoted in public code (Hartlepool and Middlesbrough in Cleveland, County Durham in Durham)
    agree with ours; the full ONS file was not at hand to compare.

Force areas follow council boundaries: every council area lies in exactly one force area (ONS's
lookup goes district -> community safety partnership -> force area), which is why a single table
is enough. The 2023 North Yorkshire, Cumbria and Somerset reorganisations did not move any force
boundary.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

# ONS's own lookup of the same facts: to check la_to_pfa.csv against when councils change.
LOOKUP = {
    "title": "Local Authority District to Community Safety Partnership to Police Force Area (December 2023) "
    "Lookup in England and Wales",
    "publisher": "Office for National Statistics (ONS), Open Geography Portal",
    "landing_page": "https://geoportal.statistics.gov.uk/search?q=LAD_CSP_PFA",
    "licence": "Open Government Licence v3.0",
    "columns": "LAD23CD, LAD23NM, CSP23CD, CSP23NM, PFA23CD, PFA23NM",
}

FORCES_FILE = "police_force_areas.csv"
LOOKUP_FILE = "la_to_pfa.csv"
FORCE_COLUMNS = ["pfa_code", "pfa_name", "also_written"]
LOOKUP_COLUMNS = ["la_code", "la_name", "pfa_code", "basis"]
BASIS = re.compile(r"^(?:county|schedule1):\S.*$")  # see the module's docstring

PFA_CODE = re.compile(r"^(?:E23|W15)\d{6}$")

# Rows of police tables that are not a territorial force area: national bodies that record crime
# (fraud and computer misuse reported to Action Fraud, CIFAS and UK Finance) and the railway police.
NOT_FORCE_AREAS = ("British Transport Police", "BTP", "Action Fraud", "CIFAS", "UK Finance")


@dataclass(frozen=True)
class ForceArea:
    code: str
    name: str
    also_written: tuple[str, ...] = ()


def name_key(text: object) -> str:
    """A name for comparison: accents, case, punctuation and spacing ignored; '&' is 'and'."""
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    plain = plain.casefold().replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def _read(file_name: str, columns: list[str]) -> list[dict[str, str]]:
    text = (
        resources.files("migration_profiles.sources").joinpath("data", file_name).read_text(encoding="utf-8")
    )
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames != columns:
        raise ValueError(f"{file_name}: columns {reader.fieldnames}, expected {columns}")
    rows = []
    for line, row in enumerate(reader, start=2):
        if None in row or None in row.values():
            raise ValueError(f"{file_name} line {line}: {len(columns)} fields expected")
        rows.append({k: v.strip() for k, v in row.items()})
    return rows


@cache
def forces() -> dict[str, ForceArea]:
    """The territorial police force areas of England and Wales by code."""
    out: dict[str, ForceArea] = {}
    for row in _read(FORCES_FILE, FORCE_COLUMNS):
        if not PFA_CODE.match(row["pfa_code"]):
            raise ValueError(f"{FORCES_FILE}: {row['pfa_code']!r} is not a police force area code")
        also = tuple(a.strip() for a in row["also_written"].split(";") if a.strip())
        out[row["pfa_code"]] = ForceArea(row["pfa_code"], row["pfa_name"], also)
    return out


@cache
def _by_name() -> dict[str, str]:
    keys: dict[str, str] = {}
    for force in forces().values():
        for name in (force.name, *force.also_written):
            key = name_key(name)
            if keys.get(key, force.code) != force.code:
                raise ValueError(f"{FORCES_FILE}: {name!r} names two force areas")
            keys[key] = force.code
    return keys


def code_for_force(name: object) -> str | None:
    """The code of the force area a publisher's row names, or None when the name is not one.

    Names such as "North Yorkshire", "North Yorkshire Police" and "Devon and Cornwall Constabulary"
    are all recognised; rows for bodies that are not force areas return None (see is_not_force_area).
    """
    key = name_key(name)
    found = _by_name().get(key)
    if found:
        return found
    for suffix in (" police", " constabulary", " police service"):
        if key.endswith(suffix) and key[: -len(suffix)] in _by_name():
            return _by_name()[key[: -len(suffix)]]
    return None


def is_not_force_area(name: object) -> bool:
    return name_key(name) in {name_key(n) for n in NOT_FORCE_AREAS}


@cache
def _lookup() -> dict[str, tuple[str, str]]:
    """Council area code -> (its name, the code of its force area)."""
    out: dict[str, tuple[str, str]] = {}
    known = forces()
    for row in _read(LOOKUP_FILE, LOOKUP_COLUMNS):
        if row["pfa_code"] not in known:
            raise ValueError(
                f"{LOOKUP_FILE}: {row['la_code']} is put in unknown force area {row['pfa_code']!r}"
            )
        if row["la_code"] in out:
            raise ValueError(f"{LOOKUP_FILE}: {row['la_code']} is listed twice")
        if not BASIS.match(row["basis"]):
            raise ValueError(f"{LOOKUP_FILE}: {row['la_code']} has no basis ('county:' or 'schedule1:')")
        out[row["la_code"]] = (row["la_name"], row["pfa_code"])
    return out


def force_area_of(la_code: str) -> str | None:
    """The force area a current council area lies in; None for any other code."""
    found = _lookup().get(str(la_code).strip())
    return found[1] if found else None


def council_areas(pfa_code: str) -> list[tuple[str, str]]:
    """(code, name) of every council area the lookup puts in a force area, sorted by name."""
    return sorted(
        ((code, name) for code, (name, pfa) in _lookup().items() if pfa == pfa_code), key=lambda item: item[1]
    )


def describe(pfa_code: str, first: str = "") -> str:
    """'the North Yorkshire police force area, which covers York and North Yorkshire'.

    `first` (a council area's code) is named first: the page the words appear on.
    """
    force = forces()[pfa_code]
    members = council_areas(pfa_code)
    names = [name for code, name in members if code == first] + [
        name for code, name in members if code != first
    ]
    words = f"the {force.name} police force area"
    if not names:
        return words
    if len(names) == 1:
        return f"{words}, which covers {names[0]} only"
    if len(names) <= 5:
        return f"{words}, which covers {', '.join(names[:-1])} and {names[-1]}"
    return f"{words}, which covers {names[0]} and {len(names) - 1} other council areas"


def larger_area(code: str, geography=None) -> tuple[str, str] | None:
    """(force area code, label suffix) for a council area's page, or None when the lookup lacks it."""
    pfa = force_area_of(code)
    if pfa is None:
        return None
    return pfa, f" (figure for {describe(pfa, first=code)})"
