"""Census 2021 topic summaries as the ONS dissemination API's CSVs."""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from migration_profiles.sources import census2021_tables as census_source

from .draws import noise, split_rows
from .facts import REAL_CENSUS, read_rows, unique
from .population import MYE_LAST_YEAR, UNIVERSITY_TOWNS, Components, Traits
from .writers import csv_bytes

SNAPSHOT = ("census2021", "demo-2021", "2022-11-29")  # the last of the five tables came out that day

# Where residents born abroad were born: the national mix of the country-of-birth groups, in the order
# sources/census2021.py declares them after the UK (EU14, EU from 2004, rest of Europe, Africa, Middle
# East and Asia, the Americas, Oceania); each area departs from it at random.
BIRTH_REGION_MIX = (0.13, 0.19, 0.04, 0.17, 0.35, 0.09, 0.03)
# UK-born residents by UK country (England, Northern Ireland, Scotland, Wales, Great Britain and UK not
# otherwise specified), in areas of England and of Wales.
UK_BIRTH_MIX = {
    "E": (0.93, 0.011, 0.03, 0.025, 0.0006, 0.001),
    "W": (0.26, 0.006, 0.012, 0.72, 0.0006, 0.001),
}
# Of those born in each group, the share holding that group's passport and no UK one; of the EU14 born,
# IRISH_PASSPORT hold an Irish one.
PASSPORT_KEPT = (0.55, 0.8, 0.5, 0.35, 0.4, 0.45, 0.55)
IRISH_PASSPORT = 0.2
ARRIVAL_MIX = (0.01, 0.015, 0.04, 0.045, 0.05, 0.09, 0.25, 0.12, 0.14, 0.16, 0.07)  # before 1951 .. 2020-21
ENGLISH_MIX = (0.5, 0.3, 0.16, 0.04)  # speaks English very well, well, not well, not at all
PERTURBATION = (-2, -1, 0, 0, 0, 1, 2)
# TS004 splits those born in countries that joined the EU from 2004 into EU8, EU2 and the rest (Cyprus,
# Malta, Croatia); the EU2 weight varies between areas by EU2_SPREAD steps, without a random draw so
# that the other tables' files stay as they were.
EU_JOINERS_MIX = (0.62, 0.3, 0.04)
EU2_SPREAD = 0.05
BRITISH_OVERSEAS = 0.0004  # of all residents: born in a British Overseas Territory (TS004 only)


@dataclass
class CensusTableLayout:
    id: str
    file_name: str
    header: list[str]
    categories: list[tuple[int, str, str]]  # (code, label, measure) as published; 'Does not apply' first


@dataclass
class CensusLayout:
    areas: list[tuple[str, str]]  # lower-tier authorities of England and Wales, in the tables' order
    tables: dict[str, CensusTableLayout]


def read_census_layout(realdata: Path) -> CensusLayout:
    """Header, categories and areas of each real table. No real TS019 is at hand: its layout is the one
    sources/census2021.py declares (the ONS API's, as for the other four)."""
    areas: list[tuple[str, str]] = []
    tables = {}
    for table in census_source.TABLES:
        if table.id in REAL_CENSUS:
            rows = read_rows(realdata / REAL_CENSUS[table.id])
            header, body = rows[0], rows[1:]
            listed = unique((r[0], r[1]) for r in body)
            if areas and listed != areas:
                raise SystemExit(
                    f"make_sample_data: the real {table.id} lists other areas than the other tables"
                )
            areas = listed
            published = [(int(r[2]), r[3]) for r in body if r[0] == listed[0][0]]
        else:
            header = [
                census_source.AREA_CODE_HEADER,
                census_source.AREA_NAME_HEADER,
                f"{table.variable} Code",
                table.variable,
                census_source.VALUE_HEADER,
            ]
            published = [(census_source.NOT_APPLICABLE_CODE, census_source.NOT_APPLICABLE_LABEL)]
            published += [(c.code, c.label) for c in table.categories]
        categories = []
        for code, label in published:
            category = table.category(code)
            if category is None and code != census_source.NOT_APPLICABLE_CODE:
                raise SystemExit(
                    f"make_sample_data: {table.id} category {code} ({label!r}) is not declared in "
                    "sources/census2021.py"
                )
            categories.append((code, label, category.measure if category else ""))
        if categories[0][0] != census_source.NOT_APPLICABLE_CODE:
            raise SystemExit(f"make_sample_data: the real {table.id} does not list 'Does not apply' first")
        tables[table.id] = CensusTableLayout(table.id, table.file_name, header, categories)
    return CensusLayout(areas, tables)


def _passports(total: np.ndarray, by_birth: np.ndarray) -> list[np.ndarray]:
    """People by passport held, in the groups' declared order: UK, Irish, other EU, rest of Europe,
    Africa, Middle East and Asia, the Americas, Oceania, British Overseas Territories, none."""
    uk_born = total - by_birth.sum(axis=1)
    kept = by_birth * np.array(PASSPORT_KEPT)
    irish = IRISH_PASSPORT * by_birth[:, 0] + 0.004 * uk_born
    other_eu = kept[:, 0] - IRISH_PASSPORT * by_birth[:, 0] + kept[:, 1]
    none = 0.2 * uk_born + 0.07 * by_birth.sum(axis=1)
    foreign = [irish, other_eu, *kept[:, 2:].T, 0.0003 * total]
    uk = total - sum(foreign) - none
    return list(split_rows(total, np.stack([uk, *foreign, none], axis=1)).T)


def _census_cells(
    layout: CensusTableLayout, groups: dict[str, np.ndarray], countries: list[str], rng: np.random.Generator
) -> np.ndarray:
    """Each group's count spread over its categories: (areas, categories other than 'Does not apply')."""
    categories = layout.categories[1:]
    cells = np.zeros((len(countries), len(categories)), dtype=np.int64)
    for measure, counts in groups.items():
        columns = [j for j, (_, _, m) in enumerate(categories) if m == measure]
        if len(columns) == 1:
            cells[:, columns[0]] = counts
            continue
        if measure == census_source.COB.groups[0][0]:  # born in the UK: by UK country
            base = np.array([UK_BIRTH_MIX[letter] for letter in countries])
        else:
            base = np.tile(np.exp(rng.normal(0.0, 0.8, len(columns))), (len(countries), 1))
        cells[:, columns] = split_rows(counts, base * noise(rng, 0.3, base.shape))
    return cells


def _country_of_birth_12(uk_born: np.ndarray, by_birth: np.ndarray, total: np.ndarray):
    """TS004's groups from TS012's: EU joiners split three ways, a few UK-born moved to British Overseas."""
    n = len(total)
    eu2 = EU_JOINERS_MIX[1] + EU2_SPREAD * (np.arange(n) * 7 % 5 - 2)
    weights = np.column_stack([np.full(n, EU_JOINERS_MIX[0]), eu2, np.full(n, EU_JOINERS_MIX[2])])
    joiners = split_rows(by_birth[:, 1], weights)
    overseas = np.minimum(np.rint(total * BRITISH_OVERSEAS).astype(np.int64), uk_born)
    groups = [uk_born - overseas, by_birth[:, 0], *joiners.T, *by_birth[:, 2:].T, overseas]
    return groups, np.zeros(n, dtype=np.int64)


def perturb(counts: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """ONS's cell-key perturbation, roughly: many counts move by a person or two; zeros stay zero."""
    step = rng.choice(np.array(PERTURBATION), size=counts.shape)
    return np.where(counts > 0, np.maximum(counts + step, 0), 0)


def make(
    layout: CensusLayout, comps: Components, traits: Traits, rng: np.random.Generator
) -> dict[str, bytes]:
    """Six tables describing one invented population per area, each perturbed on its own."""
    index = {code: i for i, code in enumerate(comps.lads)}
    at = np.array([index[code] for code, _ in layout.areas])
    n = len(at)
    total = np.rint(comps.population(MYE_LAST_YEAR)[at] * 1.004 * noise(rng, 0.006, n)).astype(np.int64)
    share = traits.nonuk_share[at] * (1 + traits.share_growth[at]) ** 10 * noise(rng, 0.05, n)
    abroad = np.rint(total * np.minimum(share, 0.7)).astype(np.int64)
    uk_born = total - abroad

    def mixed(counts: np.ndarray, mix: tuple[float, ...], sd: float) -> np.ndarray:
        return split_rows(counts, np.array(mix) * noise(rng, sd, (n, len(mix))))

    by_birth = mixed(abroad, BIRTH_REGION_MIX, 0.35)
    under_3 = np.rint(total * rng.uniform(0.028, 0.036, n)).astype(np.int64)
    other_language = np.rint((total - under_3) * share * rng.uniform(0.45, 0.7, n)).astype(np.int64)
    under_1 = np.rint(total * rng.uniform(0.009, 0.012, n)).astype(np.int64)
    aged_1 = total - under_1
    boost = np.array([5.0 if code in UNIVERSITY_TOWNS else 1.0 for code, _ in layout.areas])
    students = np.rint(aged_1 * rng.uniform(0.001, 0.003, n) * boost).astype(np.int64)
    from_abroad = np.rint(comps.component("international_in", MYE_LAST_YEAR)[at] * rng.uniform(0.4, 0.6, n))
    within_uk = np.rint(aged_1 * rng.uniform(0.07, 0.11, n)).astype(np.int64)
    nobody = np.zeros(n, dtype=np.int64)
    # table -> (counts in the order sources/census2021.py declares its groups, 'Does not apply')
    tables = {
        "TS012": ([uk_born, *by_birth.T], nobody),
        "TS005": (_passports(total, by_birth), nobody),
        "TS015": ([uk_born, *mixed(abroad, ARRIVAL_MIX, 0.25).T], nobody),
        "TS029": ([total - under_3 - other_language, *mixed(other_language, ENGLISH_MIX, 0.2).T], under_3),
        "TS019": ([aged_1 - students - within_uk - from_abroad, students, within_uk, from_abroad], under_1),
        "TS004": _country_of_birth_12(uk_born, by_birth, total),
    }
    countries = [code[0] for code, _ in layout.areas]
    files = {}
    for table in census_source.TABLES:
        counts, not_applicable = tables[table.id]
        groups = dict(zip([m for m, _ in table.groups], counts, strict=True))
        table_layout = layout.tables[table.id]
        cells = np.column_stack([not_applicable, _census_cells(table_layout, groups, countries, rng)])
        cells = perturb(cells.astype(np.int64), rng)
        rows = [
            [code, name, category, label, int(cells[i, j])]
            for i, (code, name) in enumerate(layout.areas)
            for j, (category, label, _) in enumerate(table_layout.categories)
        ]
        data = csv_bytes(table_layout.header, rows, bom=False, crlf=False)
        if len(data) > 1_000_000:  # TS012 is 1.7 MB as ONS publishes it; keep the committed copy small
            files[table_layout.file_name + ".gz"] = gzip.compress(data, mtime=0)
        else:
            files[table_layout.file_name] = data
    return files
