"""English Indices of Deprivation: File 10, the local authority district summaries."""

from __future__ import annotations

import numpy as np
from openpyxl import Workbook

from .context import Areas
from .writers import xlsx_bytes

SNAPSHOT = ("imd", "demo-2025", "2025-10-30")
IMD_FILE = "File_10_-_IoD2025_Local_Authority_District_Summaries__lower-tier__.xlsx"
IMD_SHEETS = ("IMD", "Income", "Employment")
IMD_HEADINGS = (
    "Average rank",
    "Rank of average rank",
    "Average score",
    "Rank of average score",
    "Proportion of LSOAs in most deprived 10% nationally",
    "Rank of proportion of LSOAs in most deprived 10% nationally",
)



def header(domain: str) -> list[str]:
    """A domain sheet's header row, each heading named by its domain and ending in a space as published."""
    return [
        "Local Authority District code (2024)",
        "Local Authority District name (2024)",
        *[f"{domain} - {h} " for h in IMD_HEADINGS],
    ]

def _ranks(values: dict[str, float]) -> dict[str, int]:
    """1 for the largest (most deprived), ties broken by code so that each rank is used once."""
    return {code: r for r, code in enumerate(sorted(values, key=lambda c: (-values[c], c)), start=1)}


def make(areas: Areas, rng: np.random.Generator) -> dict[str, bytes]:
    lads = areas.english()
    depth = {c: float(rng.beta(2.2, 4)) for c in lads}
    book = Workbook()
    notes = book.active
    notes.title = "Notes"
    notes.append(["English Indices of Deprivation 2025: local authority district summaries"])
    notes.append(
        ["DEMONSTRATION DATA: invented figures, for the 2021 districts the demonstration site uses."]
    )
    for index, sheet_name in enumerate(IMD_SHEETS):
        wobble = {c: float(np.clip(depth[c] + rng.normal(0, 0.04 * index), 0.01, 0.99)) for c in lads}
        avg_rank = {c: round(32844 * (0.25 + 0.55 * wobble[c]), 2) for c in lads}
        score = {c: round((5 + 45 * wobble[c]) if index == 0 else 0.03 + 0.3 * wobble[c], 3) for c in lads}
        share = {
            c: round(float(np.clip(wobble[c] ** 2.5 * 1.3 + rng.normal(0, 0.01), 0, 0.75)), 4) for c in lads
        }
        by_rank, by_score, by_share = _ranks(avg_rank), _ranks(score), _ranks(share)
        sheet = book.create_sheet(sheet_name)
        sheet.append(header(sheet_name))
        for c in sorted(lads):
            sheet.append(
                [c, areas.name[c], avg_rank[c], by_rank[c], score[c], by_score[c], share[c], by_share[c]]
            )
    return {IMD_FILE: xlsx_bytes(book)}
