"""APS employment rates: the Nomis NM_17_5 API CSV, the Variable and Confidence measures."""

from __future__ import annotations

import math

import numpy as np

from .context import ENGLAND, Areas
from .writers import csv_bytes

SNAPSHOT = ("aps_economic", "demo-2024", "2025-04-15")

APS_FILE = "nomis_nm_17_5_aps_employment_demo.csv"
APS_YEARS = (2023, 2024)
APS_ALL = "Employment rate - aged 16-64"
APS_NON_UK = "Employment rate - non-UK born - aged 16-64"
NORMAL = "Normal Value"
DISCLOSIVE = (
    "Estimate and confidence interval not available since the group sample size is zero or disclosive (0-2)"
)
UNRELIABLE = "Estimate and confidence interval unreliable since the group sample size is small (3-9)"
HEADER = [
    "DATE_NAME",
    "GEOGRAPHY_NAME",
    "GEOGRAPHY_CODE",
    "VARIABLE_NAME",
    "MEASURES_NAME",
    "OBS_VALUE",
    "OBS_STATUS_NAME",
]


def make(areas: Areas, rng: np.random.Generator) -> dict[str, bytes]:
    rows = []
    codes = [ENGLAND, *areas.regions, *areas.lads]
    level = {c: float(rng.normal(74.5, 3.5)) for c in codes}
    gap = {c: float(rng.normal(-2.0, 5.0)) for c in codes}
    born_abroad = {
        c: float(np.clip(rng.beta(2, 8) * (2 if c.startswith("E09") else 1), 0.02, 0.7)) for c in codes
    }
    for year in APS_YEARS:
        for code in codes:
            sample = max(areas.population[code] * 0.0012, 30.0)
            for variable, rate, n in (
                (APS_ALL, level[code] + rng.normal(0, 1), sample),
                (APS_NON_UK, level[code] + gap[code] + rng.normal(0, 3), sample * born_abroad[code]),
            ):
                status = NORMAL if n >= 10 else UNRELIABLE if n >= 3 else DISCLOSIVE
                p = min(max(rate, 30.0), 95.0) / 100
                confidence = 1.96 * math.sqrt(p * (1 - p) / n) * 100 if status == NORMAL else None
                for measure, value in (("Variable", round(p * 100, 1)), ("Confidence", confidence)):
                    shown = "" if status != NORMAL else round(value, 1)
                    rows.append(
                        [f"Jan {year}-Dec {year}", areas.name[code], code, variable, measure, shown, status]
                    )
    return {APS_FILE: csv_bytes(HEADER, rows, quote_all=True)}
