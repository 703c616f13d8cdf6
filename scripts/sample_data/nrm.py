"""NRM referrals by police first responder (the layout confirmed from a public loader of the workbooks)."""

from __future__ import annotations

import numpy as np

from .draws import split_at_random
from .writers import ods_bytes

SNAPSHOT = ("nrm", "demo-2024-q4", "2025-03-06")
NRM_FILE = "national-referral-mechanism-statistics-uk-quarter-4-2024-oct-to-dec-tables.ods"
NRM_NATIONALITIES = ("Albanian", "Eritrean", "Sudanese", "UK", "Vietnamese", "Other")
NRM_MIX = (0.12, 0.05, 0.05, 0.55, 0.08, 0.15)


def make(forces: dict[str, tuple[str, int]], rng: np.random.Generator) -> dict[str, bytes]:
    police = [
        (
            f"{name} Police"
            if name not in ("Metropolitan Police", "London, City of")
            else {
                "Metropolitan Police": "Metropolitan Police Service",
                "London, City of": "City of London Police",
            }[name],
            people,
        )
        for name, people in forces.values()
    ]
    police += [("Police Scotland", 5_450_000), ("Police Service of Northern Ireland", 1_900_000)]
    blocks: list[list[object]] = []
    grand = [0] * (len(NRM_NATIONALITIES) + 1)
    for name, people in police:
        total = int(rng.poisson(people * 0.00002))
        by_nationality = split_at_random(total, NRM_MIX, rng) if total else [0] * len(NRM_NATIONALITIES)
        blocks.append([name, None, None, None, *by_nationality, total])
        for kind, share in (("Criminal", 0.7), ("Labour", 0.2), ("Sexual", 0.1)):
            part = [round(v * share) for v in by_nationality]
            blocks.append([None, kind, None, None, *part, sum(part)])
        grand = [a + b for a, b in zip(grand, [*by_nationality, total], strict=True)]
    table = [
        [
            "Table 13: NRM referrals by police first responder, exploitation type, age at exploitation, "
            "gender and nationality, October to December 2024"
        ],
        ["This worksheet contains one table. DEMONSTRATION DATA: invented figures."],
        ["Breakdowns by age and gender are left out of this demonstration copy."],
        ["Source: Home Office, NRM"],
        [],
        [
            "Police first responder",
            "Exploitation type",
            "Age at exploitation",
            "Gender",
            *NRM_NATIONALITIES,
            "Total",
        ],
        ["Total", None, None, None, *grand],
        *blocks,
    ]
    return {
        NRM_FILE: ods_bytes(
            {
                "Cover_sheet": [
                    [
                        "Modern Slavery: National Referral Mechanism and Duty to Notify statistics UK, "
                        "Quarter 4 2024"
                    ]
                ],
                "Table_13": table,
            }
        )
    }
