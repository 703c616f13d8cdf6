"""Rough sleeping snapshot, autumn 2024: Table_1_Total as confirmed, and a nationality sheet."""

from __future__ import annotations

import numpy as np

from .context import Areas
from .draws import split_at_random
from .writers import ods_bytes

SNAPSHOT = ("rough_sleeping", "demo-autumn-2024", "2025-02-27")
ROUGH_FILE = "rough-sleeping-snapshot-in-england-autumn-2024-tables.ods"
ROUGH_YEARS = list(range(2010, 2025))
ROUGH_TREND = (0.45, 0.55, 0.65, 0.7, 0.8, 1.0, 1.2, 1.4, 1.3, 1.2, 0.65, 0.7, 0.85, 1.05, 1.15)


def make(areas: Areas, rng: np.random.Generator) -> dict[str, bytes]:
    counts: dict[str, list[int]] = {}
    mixes: dict[str, list[int]] = {}
    for code in areas.english():
        base = areas.population[code] * 0.00004 * float(np.exp(rng.normal(0, 0.6)))
        counts[code] = [int(rng.poisson(base * t)) for t in ROUGH_TREND]
        latest = counts[code][-1]
        mixes[code] = split_at_random(latest, rng.dirichlet([60, 17, 14, 5]), rng) if latest else [0] * 4
    ids = ["Local Authority Code", "Local Authority Name", "Region Code", "Region Name"]
    total = [
        [
            "Table 1: Estimated number of people sleeping rough, by local authority district and region, "
            "2010 - 2024"
        ],
        ["Shorthand: [x] = Not Available. [z] = Not Applicable. DEMONSTRATION DATA: invented figures."],
        [],
        [*ids, *ROUGH_YEARS],
        [
            "[z]",
            "[z]",
            "[z]",
            "England",
            *[sum(counts[c][i] for c in counts) for i in range(len(ROUGH_YEARS))],
        ],
    ]
    nationality = [
        ["Table 2c: Number of people sleeping rough by nationality, by local authority, autumn 2024"],
        ["Shorthand: [x] = Not Available. DEMONSTRATION DATA: invented figures."],
        [*ids, "UK", "EU (non-UK)", "Non-EU", "Not known", "Total"],
    ]
    england = [sum(mixes[c][i] for c in mixes) for i in range(4)]
    nationality.append(["[z]", "[z]", "[z]", "England", *england, sum(england)])
    for region in areas.regions:
        members = [c for c in areas.english() if areas.region_of[c] == region]
        total.append(
            [
                "[z]",
                "[z]",
                region,
                areas.name[region],
                *[sum(counts[c][i] for c in members) for i in range(len(ROUGH_YEARS))],
            ]
        )
        parts = [sum(mixes[c][i] for c in members) for i in range(4)]
        nationality.append(["[z]", "[z]", region, areas.name[region], *parts, sum(parts)])
    for code in areas.english():
        region = areas.region_of[code]
        row: list[object] = list(counts[code])
        if rng.random() < 0.01:
            row[int(rng.integers(0, 10))] = "[x]"
        total.append([code, areas.name[code], region, areas.name[region], *row])
        nationality.append(
            [code, areas.name[code], region, areas.name[region], *mixes[code], sum(mixes[code])]
        )
    total += [[], ["Source: MHCLG rough sleeping snapshot (invented figures for the demonstration)"]]
    return {
        ROUGH_FILE: ods_bytes(
            {
                "Cover": [
                    ["Annual rough sleeping snapshot in England: autumn 2024"],
                    ["Autumn 2010 to autumn 2024"],
                    ["Publication Date: 27 February 2025"],
                ],
                "Table_1_Total": total,
                "Table_2c_Nationality": nationality,
            }
        )
    }
