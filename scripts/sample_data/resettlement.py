"""Home Office Res_D01: resettlement arrivals by scheme and the council that first housed them."""

from __future__ import annotations

import datetime as dt

import numpy as np

from .councils import Councils
from .draws import year_factor
from .home_office import (
    FOLKESTONE,
    FORMER_NAME,
    OLD_CODE_DISTRICT,
    OLD_CODE_QUARTER,
    SCHEME,
    UNKNOWN,
    HomeOfficeRows,
    Successor,
    decimal_year,
    quarter_ends,
    sample,
)
from .population import DEMO_AREAS

SNAPSHOT = ("resettlement", "demo-jun-2026", "2026-08-27")
RESETTLEMENT_FILE = "resettlement-local-authority-datasets-jun-2026.xlsx"

# Res_D01 schemes given by council: (name, first and last quarter with arrivals, odds a council takes
# part, rows a quarter at full pace, mean arrivals a row).
COUNCIL_SCHEMES = (
    ("Vulnerable Persons Resettlement Scheme", "2014-03-31", "2021-03-31", 0.45, 70, 7.0),
    ("Vulnerable Children Resettlement Scheme", "2016-12-31", "2021-03-31", 0.15, 15, 4.0),
    ("UK Resettlement Scheme", "2021-03-31", "2026-06-30", 0.25, 25, 6.0),
    ("UK Resettlement Scheme - Community Sponsorship Scheme", "2021-03-31", "2026-06-30", 0.1, 8, 4.0),
    ("Mandate Scheme", "2021-12-31", "2026-06-30", 0.05, 2, 2.0),
)
# The Afghan schemes, published under 'Unknown' only: name -> (first and last quarter with arrivals,
# mean arrivals a quarter).
AFGHAN_SCHEMES = {
    "Relocation - ARAP": ("2021-06-30", "2026-06-30", 60.0),
    "Resettlement - ACRS Pathway 1": ("2021-06-30", "2026-06-30", 40.0),
    "Resettlement - ACRS Pathway 1 - Community Sponsorship Scheme": ("2021-09-30", "2022-03-31", 3.0),
    "Resettlement - ACRS Pathway 2": ("2022-09-30", "2026-06-30", 20.0),
    "Resettlement - ACRS Pathway 2 - Communities for Afghans": ("2024-03-31", "2026-06-30", 5.0),
    "Resettlement - ACRS Pathway 2 - Community Sponsorship Scheme": ("2023-06-30", "2024-06-30", 3.0),
    "Resettlement - ACRS Pathway 3": ("2023-03-31", "2026-06-30", 15.0),
    "Resettlement - ACRS Pathway 3 - Communities for Afghans": ("2024-03-31", "2024-06-30", 3.0),
    "Resettlement - Afghan route not recorded": ("2021-09-30", "2026-06-30", 10.0),
}
# How busy the council schemes were, as a share of their rows at full pace: a trickle until the VPRS
# grew late in 2015; nothing from April to September 2020, when travel stopped; a restart after.
RESETTLEMENT_PACE = {2014.2: 0.03, 2015.7: 0.04, 2015.95: 0.7, 2016.5: 1.0, 2019.9: 0.85, 2020.2: 0.6}
PAUSED = {dt.date(2020, 6, 30): 0.0, dt.date(2020, 9, 30): 0.0, dt.date(2020, 12, 31): 0.05}
# Folkestone and Hythe under its former name once, and under its own in more quarters (the real kind).
FORMER_NAME_RESETTLEMENT = dt.date(2016, 9, 30)
FOLKESTONE_ARRIVALS = (
    FORMER_NAME_RESETTLEMENT,
    dt.date(2017, 6, 30),
    dt.date(2018, 6, 30),
    dt.date(2019, 3, 31),
)


def make(councils: Councils, successors: dict[str, Successor],
                      rng: np.random.Generator) -> dict[str, bytes]:
    """People arriving in each quarter by scheme and the council that first housed them."""
    out = HomeOfficeRows(councils, "Persons", UNKNOWN, successors)
    kinds = set(councils.kind.values())
    for scheme, first, last, odds, rows_at_full_pace, mean in COUNCIL_SCHEMES:
        vprs = scheme == COUNCIL_SCHEMES[0][0]
        forced = (*DEMO_AREAS, FOLKESTONE) if vprs else ()
        taking_part = councils.pick(rng, dict.fromkeys(kinds, odds), forced)
        weights = [councils.population[c] for c in taking_part]
        for q in quarter_ends(dt.date.fromisoformat(first), dt.date.fromisoformat(last)):
            pace = PAUSED.get(q, year_factor(decimal_year(q), RESETTLEMENT_PACE))
            chosen = sample(rng, taking_part, round(rows_at_full_pace * pace), weights) if pace else []
            if vprs and q in FOLKESTONE_ARRIVALS and FOLKESTONE not in chosen:
                chosen.append(FOLKESTONE)
            for c in chosen:
                out.add(q, c, 1 + rng.poisson(mean), {SCHEME: scheme})
    for scheme, (first, last, mean) in AFGHAN_SCHEMES.items():
        for q in quarter_ends(dt.date.fromisoformat(first), dt.date.fromisoformat(last)):
            out.add(q, UNKNOWN, 1 + rng.poisson(mean), {SCHEME: scheme})
    for row in out.where(FORMER_NAME_RESETTLEMENT, LAD_Code=FOLKESTONE):
        row["Local Authority"] = FORMER_NAME
    if OLD_CODE_DISTRICT in councils.name:  # arrivals still filed under a district abolished in April 2023
        out.add(OLD_CODE_QUARTER, OLD_CODE_DISTRICT, 1 + rng.poisson(6.0), {SCHEME: COUNCIL_SCHEMES[2][0]},
                as_published=True)
    header = ["Year", "Quarter", "UK Region", "LAD Code", "Local Authority", SCHEME, "Persons"]

    def cells(row: dict[str, str]) -> list[object]:
        return [int(row["Year"]), f"{row['Year']} Q{row['Quarter']}", row["UK Region"], row["LAD Code"],
                row["Local Authority"], row[SCHEME], int(row["Persons"])]

    order = ("Date", SCHEME, "UK Region", "Local Authority")
    title = "resettlement by local authority"
    return {RESETTLEMENT_FILE: out.workbook("Res_D01", title, header, cells, order)}
