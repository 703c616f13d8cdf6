"""CORE social housing lettings by nationality of the lead tenant (the layout the parser declares)."""

from __future__ import annotations

import numpy as np

from .context import ENGLAND, Areas
from .draws import split_at_random
from .writers import ods_bytes

SNAPSHOT = ("core_lettings", "demo-2023-24", "2024-12-05")
CORE_FILE = "social-housing-lettings-in-england-2023-24-local-authority-tables.ods"
HEADER = [
    "Local authority code",
    "Local authority name",
    "UK national",
    "EEA national (non-UK)",
    "Non-EEA national",
    "Not known",
    "Total lettings",
]


def make(areas: Areas, rng: np.random.Generator) -> dict[str, bytes]:
    figures: dict[str, list[int]] = {}
    for code in areas.english():
        total = int(rng.poisson(areas.population[code] * 0.0046))
        share = rng.dirichlet([89, 4, 8, 3] if not code.startswith("E09") else [70, 9, 21, 3])
        figures[code] = [*split_at_random(total, share, rng), total]
    body = []
    for code, members in [
        (ENGLAND, areas.english()),
        *[(r, [c for c in areas.english() if areas.region_of[c] == r]) for r in areas.regions],
        *[(c, [c]) for c in areas.english()],
    ]:
        cells: list[object] = [sum(figures[m][i] for m in members) for i in range(5)]
        if len(members) == 1:
            cells = [v if not (0 < v < 5 and i < 4) else "[c]" for i, v in enumerate(cells)]
        body.append([code, areas.name[code], *cells])
    table = [
        [
            "Table LA3: New social housing lettings by nationality of lead tenant, by local authority, "
            "April 2023 to March 2024"
        ],
        [
            "This worksheet contains one table. [c] = suppressed small number. DEMONSTRATION DATA: invented "
            "figures."
        ],
        [],
        HEADER,
        *body,
        [],
        ["Source: MHCLG, CORE (invented figures for the demonstration)"],
    ]
    return {
        CORE_FILE: ods_bytes(
            {
                "Cover": [
                    ["Social housing lettings in England, April 2023 to March 2024: local authority tables"]
                ],
                "LA_Nationality": table,
            }
        )
    }
