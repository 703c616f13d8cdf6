"""DWP National Insurance number registrations by nationality: the summary-table workbook,
one sheet per quarter, a column per nationality."""

from __future__ import annotations

import csv

import numpy as np
from openpyxl import Workbook

from .context import LISTS, Areas
from .draws import split_at_random
from .writers import xlsx_bytes

SNAPSHOT = ("dwp_nino", "demo-2024-q4", "2025-05-20")

NINO_FILE = "nino-allocations-demo-2024.xlsx"
NINO_QUARTERS = [(2023, 1), (2023, 2), (2023, 3), (2023, 4), (2024, 1), (2024, 2), (2024, 3), (2024, 4)]
# The nationalities shown, with their share of registrations nationally (the rest are the others).
NINO_MIX = {
    "India": 0.22,
    "Nigeria": 0.09,
    "Pakistan": 0.07,
    "Romania": 0.06,
    "China": 0.04,
    "Ukraine": 0.05,
    "Italy": 0.03,
    "Spain": 0.02,
    "Poland": 0.02,
    "Bangladesh": 0.03,
    "Ghana": 0.02,
    "Zimbabwe": 0.02,
}
MONTHS = ("January", "April", "July", "October")
END_MONTHS = ("March", "June", "September", "December")


def make(
    areas: Areas, all_lads: dict[str, str], population: dict[str, int], rng: np.random.Generator
) -> dict[str, bytes]:
    nationalities = LISTS / "nino_nationalities.csv"
    labels = {row["label"] for row in csv.DictReader(nationalities.open(encoding="utf-8"))}
    missing = [n for n in NINO_MIX if n not in labels]
    if missing:
        raise SystemExit(f"make_sample_data: nationalities not in nino_nationalities.csv: {missing}")
    book = Workbook()
    cover = book.active
    cover.title = "Cover"
    cover.append(["National Insurance number allocations to adult overseas nationals entering the UK"])
    cover.append(["DEMONSTRATION DATA: invented figures in the layout of a summary table."])
    names = list(NINO_MIX)
    pull = {c: float(np.exp(rng.normal(0, 0.6))) for c in all_lads}  # how much each area draws newcomers
    mixes = {c: rng.dirichlet(np.array([*NINO_MIX.values(), 0.32]) * 40) for c in all_lads}
    for year, quarter in NINO_QUARTERS:
        sheet = book.create_sheet(f"Q{quarter} {year}")
        sheet.append(
            [
                f"NINo registrations to adult overseas nationals, {MONTHS[quarter - 1]} to "
                f"{END_MONTHS[quarter - 1]} {year}, by local authority and nationality"
            ]
        )
        sheet.append(["Figures are DWP's, with small random adjustments of their own."])
        sheet.append([])
        sheet.append(["Area code", "Area name", "Total", *names])
        trend = 1.0 + 0.05 * (year - 2023) - 0.03 * (quarter == 1)
        for code, name in all_lads.items():
            total = int(rng.poisson(population[code] * 0.0028 * pull[code] * trend))
            parts = split_at_random(total, mixes[code], rng) if total else [0] * (len(names) + 1)
            cells: list[object] = list(parts[:-1])
            sheet.append([code, name, total + int(rng.integers(-2, 3)) if total > 5 else total, *cells])
        sheet.append([])
        sheet.append(["Source: DWP (invented figures for the demonstration)"])
    return {NINO_FILE: xlsx_bytes(book)}
