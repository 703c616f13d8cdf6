"""NRS: population by country of birth for Scottish council areas (APS), from the LAMI survey estimates."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .facts import REAL_NRS, Facts, read_rows
from .lami_figures import ApsEstimates, aps_pair
from .population import Traits
from .writers import csv_bytes

SNAPSHOT = ("aps_cob", "demo-2016", "2017-08-24")
NRS_FILE = "pop-count-birth-tab3-counc-16-cob-cor.csv"

NRS_YEAR = 2016
NRS_WIDTH = 13  # columns A to M: the name, then a spacer, an estimate and a CI for each of four groups
SCOTLAND = "S92000003"
# Below the table: the publisher's legend of markers, then notes in our own words.
NRS_FOOTNOTES = (
    "Source: Annual Population Survey (APS), Office for National Statistics (ONS)",
    "Totals may not sum due to rounding",
    " '.' = no contact",
    " '0~' = rounded to zero",
    " 'c' = not available due to disclosure control",
    " ':' = not available",
    "",
    "Notes",
    "DEMONSTRATION DATA - invented figures. This table copies the layout of the NRS council table so that "
    "software can be built and tested against it; every number in it was made up by "
    "scripts/make_sample_data.py. These are not official statistics: do not use or quote them.",
    "",
    "The APS samples private households, so its totals differ from the mid-year population estimates.",
    "",
    "CI = 95% confidence interval: the estimate plus or minus the CI gives its limits. Where the CI is "
    "larger than the estimate, treat the estimate as unreliable.",
    "",
    "\N{COPYRIGHT SIGN} Crown Copyright 2017 (layout); figures invented",
)


@dataclass
class NrsLayout:
    title: str
    header_rows: list[list[str]]  # from below the title to the blank row under 'Council area'
    names: list[str]  # Scotland, then the councils, as published (a trailing space and all)


def read_nrs_layout(realdata: Path) -> NrsLayout:
    rows = read_rows(realdata / REAL_NRS, encoding="iso-8859-1")
    first = next(i for i, r in enumerate(rows) if r and r[0] == "Council area") + 2
    end = next(i for i in range(first, len(rows)) if not rows[i] or not rows[i][0].strip())
    return NrsLayout(rows[0][0], rows[1:first], [r[0] for r in rows[first:end]])


def _thousands(cell: object) -> object:
    """A figure of people rounded to the thousand, as the table writes it: '4,838'; markers as they are."""
    return f"{cell // 1000:,}" if isinstance(cell, int) else cell


def make(
    layout: NrsLayout, facts: Facts, traits: Traits, aps: ApsEstimates, rng: np.random.Generator
) -> dict[str, bytes]:
    """The council table from the survey estimates behind the LAMI workbook, so both give the same
    non-UK born figures; the EU and non-EU split is drawn here."""
    year = NRS_YEAR if NRS_YEAR in aps.years else aps.years[-1]
    k = aps.years.index(year)
    index = {name: i for i, (_, name, _) in enumerate(facts.mye_areas)}
    at = np.array([index[name.strip()] for name in layout.names[1:]])
    resident, nonuk = aps.resident[at, k], aps.nonuk[at, k]
    eu = nonuk * rng.uniform(0.35, 0.6, len(at))
    weight = traits.aps_weight[at]
    estimates = np.stack([resident - nonuk, nonuk, eu, nonuk - eu], axis=1)  # UK, non-UK, EU, non-EU born
    variances = estimates * weight[:, None]
    variances[:, 0] = variances[:, 1] + 0.3 * weight * resident
    areas = [(SCOTLAND, estimates.sum(axis=0), variances.sum(axis=0))]
    areas += [(facts.mye_areas[i][0], e, v) for i, e, v in zip(at, estimates, variances, strict=True)]
    body = []
    for name, (code, estimate, variance) in zip(layout.names, areas, strict=True):
        cells = [name]
        for e, v in zip(estimate, variance, strict=True):
            cells += ["", *(_thousands(x) for x in aps_pair(code, float(e), 1.96 * math.sqrt(v)))]
        body.append(cells)

    def pad(cells) -> list:
        return list(cells) + [""] * (NRS_WIDTH - len(cells))

    title = re.sub(r"December \d{4}", f"December {year}", layout.title)
    rows = [pad(r) for r in layout.header_rows] + body + [pad([])] + [pad([line]) for line in NRS_FOOTNOTES]
    return {NRS_FILE: csv_bytes(pad([title]), rows, bom=False, crlf=False, encoding="iso-8859-1")}
