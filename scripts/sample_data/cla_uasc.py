"""DfE children looked after on 31 March by characteristics (the EES CSV)."""

from __future__ import annotations

import numpy as np

from .context import ENGLAND, Areas
from .writers import csv_bytes

SNAPSHOT = ("cla_uasc", "demo-2024", "2024-11-14")
CLA_FILE = "la_cla_on_31_march_by_characteristics.csv"
CLA_YEARS = (2022, 2023, 2024)
CLA_TREND = (0.95, 1.1, 1.15)
HEADER = [
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "new_la_code",
    "old_la_code",
    "la_name",
    "cla_group",
    "characteristic",
    "number",
    "percentage",
]


def make(areas: Areas, rng: np.random.Generator) -> dict[str, bytes]:
    rows: list[list[object]] = []
    # About 70 children in care per 10,000 children; unaccompanied children spread unevenly (the national
    # transfer scheme), at least a handful in each council so that the demonstration pages show them.
    base = {
        new: (
            areas.population[new] * 0.0013,
            max(areas.population[new] * 0.00008 * float(np.exp(rng.normal(0, 0.5))), 8.0),
        )
        for _, _, new, _ in areas.upper_tier
    }
    for year, trend in zip(CLA_YEARS, CLA_TREND, strict=True):
        figures = {
            new: (int(rng.poisson(other)), int(rng.poisson(uasc * trend)))
            for new, (other, uasc) in base.items()
        }
        groups = [("National", ENGLAND, "", "", "", "", list(figures))]
        groups += [
            (
                "Regional",
                r,
                "",
                "",
                areas.name[r],
                "",
                [new for _, _, new, reg in areas.upper_tier if reg == r],
            )
            for r in areas.regions
        ]
        groups += [
            ("Local authority", reg, new, old, name, name, [new]) for old, name, new, reg in areas.upper_tier
        ]
        for level, region, new, old, _, la_name, members in groups:
            other = sum(figures[m][0] for m in members)
            uasc = sum(figures[m][1] for m in members)
            total = other + uasc
            pct = round(100 * uasc / total, 1) if total else "z"
            uasc_cells: tuple[object, object] = (uasc, pct)
            if level == "Local authority" and 0 < uasc < 6:
                uasc_cells = ("c", "c")
            region_code = "" if level == "National" else region
            region_name = "" if level == "National" else areas.name[region]
            place = [
                year,
                "Reporting year",
                level,
                ENGLAND,
                "England",
                region_code,
                region_name,
                new,
                old,
                la_name,
            ]
            unaccompanied = "Unaccompanied asylum-seeking children"
            rows.append([*place, unaccompanied, unaccompanied, *uasc_cells])
            rows.append(
                [
                    *place,
                    unaccompanied,
                    "Non-unaccompanied asylum-seeking children",
                    other,
                    round(100 - pct, 1) if isinstance(pct, float) else pct,
                ]
            )
    return {CLA_FILE: csv_bytes(HEADER, rows)}
