"""The 2021 authorities with what the later sources need to know about each, and how an area of
another year is made of them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .facts import Facts, Hierarchy
from .population import MYE_LAST_YEAR, Components, Traits


@dataclass
class Councils:
    """The 2021 authorities, with what the sources drawn from them need to know about each."""

    codes: list[str]
    name: dict[str, str]  # ONS name, as the Home Office also writes it
    region: dict[str, str]  # English region, or the nation elsewhere, as mySociety words them
    kind: dict[str, str]
    population: dict[str, int]  # invented mid-2020 population

    def pick(self, rng: np.random.Generator, odds: dict[str, float], forced=()) -> list[str]:
        """Councils drawn with the odds of their kind (none for a kind not named), plus `forced`."""
        draws = rng.random(len(self.codes))
        return [
            c
            for c, u in zip(self.codes, draws, strict=True)
            if u < odds.get(self.kind[c], 0.0) or c in forced
        ]


def councils_of(facts: Facts, comps: Components, traits: Traits) -> Councils:
    by_gss = {r["gss-code"]: r for r in facts.mysociety_rows if r["gss-code"]}
    region = {}
    for code, _, _ in facts.mye_areas:
        row = by_gss[code]
        region[code] = row["region"] if row["nation"] == "England" else row["nation"]
        if not region[code]:
            raise SystemExit(f"make_sample_data: no region known for {code}")
    population = comps.population(MYE_LAST_YEAR)
    return Councils(
        codes=list(comps.lads),
        name={code: name for code, name, _ in facts.mye_areas},
        region=region,
        kind=dict(zip(comps.lads, traits.kind, strict=True)),
        population={c: int(p) for c, p in zip(comps.lads, population, strict=True)},
    )


def authorities_of(code: str, hierarchy: Hierarchy, facts: Facts) -> list[tuple[str, float]]:
    """The 2021 authorities whose figures make up an area's, each with the fraction it contributes.

    A 2021 authority is itself, also under a former code (Gateshead's E08000020), and a county the sum
    of its districts. An upper-tier council replaced before 2021 (Bournemouth, Dorset County,
    Buckinghamshire County) is a share of its successors, each successor split evenly between the
    upper-tier councils it replaced.
    """
    if code in hierarchy.members:
        return [(c, 1.0) for c in hierarchy.members[code]]
    if code in hierarchy.lads:
        return [(code, 1.0)]
    rows = facts.mysociety_rows
    for row in rows:
        if code in row["former-gss-codes"].split(",") and row["gss-code"] in hierarchy.lads:
            return [(row["gss-code"], 1.0)]
    by_register = {r["local-authority-code"]: r for r in rows}
    row = next((r for r in rows if r["gss-code"] == code and r["replaced-by"]), None)
    if row is None:
        raise SystemExit(f"make_sample_data: no 2021 local authorities known for area {code}")
    parts: list[tuple[str, float]] = []
    for register in row["replaced-by"].split(","):
        register = register.strip()
        upper = [
            r
            for r in rows
            if register in [x.strip() for x in r["replaced-by"].split(",")]
            and r["local-authority-type"] in ("CTY", "UA")
        ]
        successor = by_register[register]["gss-code"]
        parts += [(c, f / len(upper)) for c, f in authorities_of(successor, hierarchy, facts)]
    return parts
