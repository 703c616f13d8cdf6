"""HESA open data Table 1: enrolments by provider, year of study, level, mode and domicile."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from migration_profiles.sources import hesa as hesa_source

from .councils import Councils
from .draws import noise, split_rows
from .facts import REAL_HESA, read_rows
from .writers import csv_bytes

SNAPSHOT = ("hesa", "demo-2018-19", "2020-01-16")

HESA_YEARS = (2014, 2015, 2016, 2017, 2018)  # academic years 2014/15 to 2018/19, by their first year
HESA_FIRST_YEAR = ("All", "First year", "Other years")
HESA_MODES = ("All", "Full-time", "Part-time")
HESA_LEVELS = ("All", "All undergraduate", "All postgraduate")
HESA_TOTAL = "Total"
HESA_DOMICILE = "Domicile"  # the marker and groups of the HESA table seen in a third party's script
HESA_DOMICILES = ("UK", "Other European Union", "Non-European Union", "Not known")
NATIONS = {"E": "England", "W": "Wales", "S": "Scotland", "N": "Northern Ireland"}


@dataclass
class HesaLayout:
    header: list[str]
    providers: dict[str, tuple[str, str, str]]  # UKPRN -> (name, country, region), as the real file has them


def read_hesa_layout(realdata: Path) -> HesaLayout:
    rows = read_rows(realdata / REAL_HESA)
    at = {name: i for i, name in enumerate(rows[0])}
    columns = (hesa_source.PROVIDER, hesa_source.COUNTRY, hesa_source.REGION)
    providers = {
        r[at[hesa_source.UKPRN]]: tuple(r[at[c]] for c in columns)
        for r in rows[1:]
        if r[at[hesa_source.UKPRN]]
    }
    return HesaLayout(rows[0], providers)


def _round5(count: int) -> int:
    """HESA's rounding: to the nearest 5, with 0, 1 and 2 becoming 0."""
    return 5 * ((int(count) + 2) // 5)


def _pick(labels: tuple[str, ...], label: str) -> list[int]:
    """Which of the two underlying parts a breakdown label covers: 'All' both, else its own."""
    return [0, 1] if label == labels[0] else [labels.index(label) - 1]


def make(layout: HesaLayout, councils: Councils, rng: np.random.Generator) -> dict[str, bytes]:
    """Enrolments of every provider in sources/data/hesa_providers.csv, by year of study, level and mode,
    and by domicile, unrounded here and rounded to 5 cell by cell as HESA publishes them."""
    providers = []
    for ukprn, listed in hesa_source.load_providers().items():
        if ukprn in layout.providers:
            providers.append((ukprn, *layout.providers[ukprn]))
        elif listed.la_code:
            providers.append(
                (ukprn, listed.name, NATIONS[listed.la_code[0]], councils.region[listed.la_code])
            )
        else:
            raise SystemExit(f"make_sample_data: no country known for HESA provider {ukprn} {listed.name}")
    providers.sort(key=lambda p: re.sub(r"^(The )?(University of (the )?)?", "", p[1]).casefold())
    n, years = len(providers), len(HESA_YEARS)
    size = np.exp(rng.uniform(math.log(1500), math.log(38000), n))
    growth = rng.uniform(-0.01, 0.03, n)
    undergraduate = rng.uniform(0.55, 0.85, n)
    full_time = np.stack([rng.uniform(0.8, 0.97, n), rng.uniform(0.35, 0.75, n)], axis=1)  # by level
    first_year = np.stack([rng.uniform(0.33, 0.45, n), rng.uniform(0.55, 0.7, n)], axis=1)
    abroad = np.stack(
        [rng.uniform(0.03, 0.12, n), rng.uniform(0.06, 0.3, n), rng.uniform(0, 0.004, n)], axis=1
    )
    # (provider, year, level UG/PG, mode FT/PT, first year/other years), unrounded
    cells = np.zeros((n, years, 2, 2, 2), dtype=np.int64)
    domicile = np.zeros((n, years, len(HESA_DOMICILES)), dtype=np.int64)
    for y, year in enumerate(HESA_YEARS):
        total = size * (1 + growth) ** (year - HESA_YEARS[-1]) * noise(rng, 0.02, n)
        for level, share in enumerate((undergraduate, 1 - undergraduate)):
            for mode, part in enumerate((full_time[:, level], 1 - full_time[:, level])):
                people = np.rint(total * share * part)
                first = np.rint(people * first_year[:, level])
                cells[:, y, level, mode] = np.stack([first, people - first], axis=1)
        groups = abroad * np.array([1.0, 1.04 ** (year - HESA_YEARS[-1]), 1.0])
        weights = np.column_stack([1 - groups.sum(axis=1), groups])
        domicile[:, y] = split_rows(cells[:, y].sum(axis=(1, 2, 3)), weights)

    everyone = ("", HESA_TOTAL, "All", "All")  # HESA's own total row over the providers in the file
    rows = []

    def add(
        who: tuple[str, ...],
        values: np.ndarray,
        year: str,
        breakdown: tuple[str, str, str],
        marker: str,
        category: str,
    ) -> None:
        ukprn, name, country, region = who
        first, level, mode = breakdown
        row = {
            hesa_source.UKPRN: ukprn,
            hesa_source.PROVIDER: name,
            hesa_source.COUNTRY: country,
            hesa_source.REGION: region,
            hesa_source.FIRST_YEAR: first,
            hesa_source.LEVEL: level,
            hesa_source.MODE: mode,
            hesa_source.YEAR: year,
            hesa_source.MARKER: marker,
            hesa_source.CATEGORY: category,
            hesa_source.NUMBER: _round5(values.sum()),
        }
        rows.append([row[h] for h in layout.header])

    for y, year in enumerate(HESA_YEARS):
        label = f"{year}/{(year + 1) % 100:02d}"
        for level in HESA_LEVELS:
            firsts = HESA_FIRST_YEAR if level == HESA_LEVELS[0] else HESA_FIRST_YEAR[:1]
            for p, who in [*enumerate(providers), (slice(None), everyone)]:
                for first in firsts:
                    for mode in HESA_MODES:
                        part = cells[p, y]
                        for axis, labels, label_ in (
                            (-3, HESA_LEVELS, level),
                            (-2, HESA_MODES, mode),
                            (-1, HESA_FIRST_YEAR, first),
                        ):
                            part = np.take(part, _pick(labels, label_), axis=axis)
                        add(who, part, label, (first, level, mode), HESA_TOTAL, HESA_TOTAL)
        for p, who in [*enumerate(providers), (slice(None), everyone)]:
            for g, group in enumerate(HESA_DOMICILES):
                add(who, domicile[p, y, ..., g], label, ("All",) * 3, HESA_DOMICILE, group)
    return {hesa_source.DOWNLOAD_NAME: csv_bytes(layout.header, rows, bom=True, crlf=True)}
