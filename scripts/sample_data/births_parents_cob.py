"""ONS births by parents' country of birth: the local authority table by mother's region of birth."""

from __future__ import annotations

import numpy as np
from openpyxl import Workbook

from .context import ENGLAND, ENGLAND_AND_WALES, WALES, Areas
from .draws import split_at_random
from .writers import xlsx_bytes

SNAPSHOT = ("births_parents_cob", "demo-2023", "2024-11-27")

BIRTHS_FILE = "2023birthsbyparentscountryofbirth.xlsx"
BIRTHS_YEAR = 2023
BIRTH_GROUPS = (
    "EU",
    "Rest of Europe",
    "Middle East and Asia",
    "Africa",
    "The Americas and the Caribbean",
    "Antarctica and Oceania",
)
BIRTH_MIX = (0.32, 0.07, 0.36, 0.17, 0.05, 0.03)


def make(areas: Areas, rng: np.random.Generator) -> dict[str, bytes]:
    by_lad: dict[str, list[int]] = {}
    for code in areas.lads:
        total = int(rng.poisson(areas.population[code] * 0.0105))
        abroad = float(np.clip(rng.beta(2, 7) * (2.2 if code.startswith("E09") else 1.0), 0.02, 0.8))
        non_uk = int(round(total * abroad))
        not_stated = int(rng.random() < 0.2)
        groups = split_at_random(non_uk, rng.dirichlet(np.array(BIRTH_MIX) * 30), rng) if non_uk else [0] * 6
        by_lad[code] = [total, total - non_uk - not_stated, non_uk, *groups, not_stated]
    rows = []
    tops = [
        (ENGLAND_AND_WALES, areas.lads),
        (ENGLAND, areas.english()),
        (WALES, [c for c in areas.lads if c.startswith("W")]),
    ]
    tops += [(r, [c for c in areas.english() if areas.region_of[c] == r]) for r in areas.regions]
    for code, members in [*tops, *[(c, [c]) for c in areas.lads]]:
        figures = [sum(by_lad[m][i] for m in members) for i in range(10)]
        pct = round(100 * figures[2] / figures[0], 1) if figures[0] else ":"
        rows.append([code, areas.name[code], *figures, pct])
    book = Workbook()
    cover = book.active
    cover.title = "Cover"
    cover.append([f"Births by parents' country of birth, England and Wales: {BIRTHS_YEAR}"])
    cover.append(["DEMONSTRATION DATA: invented figures in the layout of the ONS workbook."])
    notes = book.create_sheet("Notes")
    notes.append(["Note number", "Note text"])
    notes.append(["Note 1", "Births are counted where the mother usually lives."])
    notes.append(["Note 2", "The EU group is the EU as it was in the year of the table."])
    sheet = book.create_sheet("Table_7")
    sheet.append(
        [
            f"Table 7: Live births by country of birth of mother, local authorities in England and "
            f"Wales, {BIRTHS_YEAR} [note 1]"
        ]
    )
    sheet.append(["This worksheet contains one table. Invented figures for the demonstration."])
    sheet.append([None, None, None, None, "Mother's country of birth"])
    sheet.append(
        [
            "Area code",
            "Area name",
            "All live births",
            "United Kingdom",
            "Outside the United Kingdom",
            "EU [note 2]",
            *BIRTH_GROUPS[1:],
            "Not stated",
            "Percentage of live births to mothers born outside the UK",
        ]
    )
    for row in rows:
        sheet.append(row)
    sheet.append([])
    sheet.append(["':' not available."])
    return {BIRTHS_FILE: xlsx_bytes(book)}
