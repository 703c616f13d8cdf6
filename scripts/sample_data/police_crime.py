"""Police recorded crime: the PFA open data workbook, one sheet per financial year."""

from __future__ import annotations

import numpy as np

from .writers import ods_bytes

SNAPSHOT = ("police_crime", "demo-2024-25", "2025-07-24")
CRIME_FILE = "prc-pfa-mar2013-onwards-tables-demo.ods"
CRIME_YEARS = (2022, 2023, 2024)
OFFENCES = (  # description, group, subgroup, code, offences a resident a year
    ("Assault with injury", "Violence against the person", "Violence with injury", "8N", 0.0075),
    ("Assault without injury", "Violence against the person", "Violence without injury", "105A", 0.011),
    ("Shoplifting", "Theft offences", "Shoplifting", "46", 0.0065),
    ("Criminal damage to a dwelling", "Criminal damage and arson", "Criminal damage", "58A", 0.003),
    ("Burglary - residential", "Theft offences", "Burglary", "28E", 0.0033),
)
HEADER = [
    "Financial Year",
    "Financial Quarter",
    "Force Name",
    "Offence Description",
    "Offence Group",
    "Offence Subgroup",
    "Offence Code",
    "Number of Offences",
]


def make(forces: dict[str, tuple[str, int]], rng: np.random.Generator) -> dict[str, bytes]:
    sheets: dict[str, list[list[object]]] = {
        "Cover": [
            ["Police recorded crime open data Police Force Area tables"],
            ["DEMONSTRATION DATA: invented figures."],
        ],
        "Notes": [["Quarter 1 is April to June."]],
    }
    for first in CRIME_YEARS:
        label = f"{first}/{str(first + 1)[2:]}"
        rows: list[list[object]] = [HEADER]
        for name, people in [*forces.values(), ("British Transport Police", 0)]:
            for quarter in (1, 2, 3, 4):
                for description, group, subgroup, code, rate in OFFENCES:
                    expected = (people * rate / 4) if people else 900 * (code == "46")
                    if expected:
                        rows.append(
                            [
                                label,
                                quarter,
                                name,
                                description,
                                group,
                                subgroup,
                                code,
                                int(rng.poisson(expected)),
                            ]
                        )
        for quarter in (1, 2, 3, 4):
            rows.append(
                [
                    label,
                    quarter,
                    "Action Fraud",
                    "Fraud by false representation",
                    "Fraud offences",
                    "Fraud: Action Fraud",
                    "53A",
                    int(rng.poisson(70000)),
                ]
            )
        sheets[f"{first}_{str(first + 1)[2:]}"] = rows
    return {CRIME_FILE: ods_bytes(sheets)}
