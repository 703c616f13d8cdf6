"""Hate crime: the appendix tables' Table 2.01 (the layout the parser declares)."""

from __future__ import annotations

import numpy as np

from .writers import ods_bytes

SNAPSHOT = ("hate_crime", "demo-2023-24", "2024-10-10")
HATE_FILE = "hate-crime-1213-2324-appendix-tables-demo.ods"
HEADER = [
    "Police force area",
    "Race",
    "Religion",
    "Sexual orientation",
    "Disability",
    "Transgender",
    "Total number of motivating factors",
    "Total number of offences",
]
STRANDS = (0.70, 0.07, 0.13, 0.08, 0.03)  # race, religion, sexual orientation, disability, transgender


def make(forces: dict[str, tuple[str, int]], rng: np.random.Generator) -> dict[str, bytes]:
    rows: dict[str, list[object]] = {}
    for code, (name, people) in forces.items():
        offences = int(rng.poisson(people * 0.0023))
        strands = [int(rng.poisson(offences * s * 1.06)) for s in STRANDS]
        rows[code] = [name, *strands, sum(strands), offences]

    def added(members: list[str]) -> list[int]:
        return [sum(rows[m][i] for m in members) for i in range(1, 8)]  # type: ignore[misc]

    english = [c for c in forces if c.startswith("E23")]
    welsh = [c for c in forces if c.startswith("W15")]
    transport = [1700, 180, 260, 60, 70, 2270, 2100]
    body: list[list[object]] = [rows[m] for m in english]
    body.append(["England", *added(english)])
    body += [rows[m] for m in welsh]
    body.append(["Wales", *added(welsh)])
    body.append(["British Transport Police", *transport])
    body.append(
        ["England and Wales", *[a + b for a, b in zip(added(english + welsh), transport, strict=True)]]
    )
    table = [
        [
            "Table 2.01: Hate crimes recorded by the police by monitored strand and number of motivating "
            "factors, by police force area, England and Wales, year ending March 2024"
        ],
        ["This table has notes. [x] = not available. DEMONSTRATION DATA: invented figures."],
        HEADER,
        *body,
        [],
        ["Source: Home Office, police recorded crime (invented figures for the demonstration)"],
    ]
    return {
        HATE_FILE: ods_bytes(
            {
                "Cover": [["Hate crime, England and Wales, year ending March 2024: appendix tables"]],
                "Table_2_01": table,
            }
        )
    }
