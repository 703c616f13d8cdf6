"""The areas the sources beyond the migration core list (England and Wales, police force areas),
with invented populations."""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .councils import Councils, authorities_of
from .dfe_eal import EalLayout
from .facts import Facts, Hierarchy

REPO = Path(__file__).resolve().parents[2]
LISTS = REPO / "src" / "migration_profiles" / "sources" / "data"  # the package's committed lookups
FORCE_LIST = LISTS / "police_force_areas.csv"
FORCE_LOOKUP = LISTS / "la_to_pfa.csv"
ENGLAND, WALES, ENGLAND_AND_WALES = "E92000001", "W92000004", "K04000001"


@dataclass
class Areas:
    """The areas the context files list, with invented populations."""

    name: dict[str, str]  # every code below -> its name
    population: dict[str, int]  # local authorities, upper-tier authorities, regions and countries
    lads: list[str]  # 2021 local authorities of England and Wales, in ONS order
    region_of: dict[str, str]  # English local authority -> E12 region
    regions: list[str]  # E12 codes in order
    upper_tier: list[tuple[str, str, str, str]]  # (old code, name, new code, region) as DfE lists them

    def english(self) -> list[str]:
        return [c for c in self.lads if c.startswith("E")]


def context_areas(facts: Facts, hierarchy: Hierarchy, councils: Councils, eal: EalLayout) -> Areas:
    """Names, invented populations and regions of the areas the context files list (England and Wales)."""
    lads = [c for c in councils.codes if c[0] in "EW"]
    population: dict[str, int] = dict(councils.population)
    name = dict(councils.name)
    for code, members in hierarchy.members.items():
        population[code] = sum(councils.population[m] for m in members)
    population[ENGLAND_AND_WALES] = sum(councils.population[c] for c in lads)
    name |= {ENGLAND: "England", WALES: "Wales", ENGLAND_AND_WALES: "England and Wales"}
    regions = sorted(c for c in hierarchy.members if c.startswith("E12"))
    name |= {code: eal.regions.get(code, code) for code in regions}
    region_of = {lad: r for r in regions for lad in hierarchy.members[r]}
    latest = eal.periods[-1]
    upper = [a for a in eal.authorities if latest in eal.published.get(a[2], [])]
    for _, la_name, new, _ in upper:
        population[new] = round(
            sum(councils.population[c] * f for c, f in authorities_of(new, hierarchy, facts))
        )
        name.setdefault(new, la_name)
    return Areas(name, population, lads, region_of, regions, upper)


def force_populations(lad_population: dict[str, int], rng: np.random.Generator) -> dict[str, tuple[str, int]]:
    """Force code -> (name as the Home Office writes it, invented population)."""
    forces = {r["pfa_code"]: r["pfa_name"] for r in csv.DictReader(FORCE_LIST.open(encoding="utf-8"))}
    known: dict[str, int] = {}
    partial: set[str] = set()  # forces with a council the 2021 areas lack (North Yorkshire after 2023)
    for row in csv.DictReader(FORCE_LOOKUP.open(encoding="utf-8")):
        if row["la_code"] not in lad_population:
            partial.add(row["pfa_code"])
        known[row["pfa_code"]] = known.get(row["pfa_code"], 0) + lad_population.get(row["la_code"], 0)
    known = {code: people for code, people in known.items() if code not in partial}
    written = {"Devon & Cornwall": "Devon and Cornwall", "London, City of": "London, City of"}
    out = {}
    for code, name in forces.items():
        people = known.get(code) or int(np.exp(rng.normal(math.log(1_300_000), 0.45)))
        if code == "E23000001":
            people = 8_900_000
        if code == "E23000034":
            people = 9_000
        out[code] = (written.get(name, name), people)
    return out
