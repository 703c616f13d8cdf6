"""Demonstration files for the sources beyond the migration core: NINo registrations by nationality,
births by mother's country of birth, and the context sources (work, social housing, rough sleeping,
children in care, crime, hate crime, modern slavery referrals, deprivation).

Used by make_sample_data.py. Each function returns {file name: bytes} in the layout its parser in
src/migration_profiles/sources/ declares (and, where that module says so, the layout confirmed from
real files). Every figure is invented: drawn from the invented mid-2020 populations with a random
stream of the source's own, so that the same seed gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import math
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from openpyxl import Workbook

REPO = Path(__file__).resolve().parents[1]
NATIONALITY_LIST = REPO / "src" / "migration_profiles" / "sources" / "data" / "nino_nationalities.csv"
FORCE_LIST = REPO / "src" / "migration_profiles" / "sources" / "data" / "police_force_areas.csv"
FORCE_LOOKUP = REPO / "src" / "migration_profiles" / "sources" / "data" / "la_to_pfa.csv"
ODS_TIME = (2025, 2, 27, 9, 30, 0)  # fixed member dates, so reruns give identical files
ENGLAND, WALES, ENGLAND_AND_WALES = "E92000001", "W92000004", "K04000001"


@dataclass
class Areas:
    """The areas the context files list, with invented populations."""

    name: dict[str, str]  # every code below -> its name
    population: dict[str, int]  # local authorities, upper-tier authorities, regions and countries
    lads: list[str]  # 2021 local authorities of England and Wales, in ONS order
    region_of: dict[str, str]  # English local authority -> E12 region
    regions: list[str]  # E12 codes in order
    upper_tier: list[tuple[str, str, str, str]]  # (old code, name, new code, region) as DfE lists them

    def english(self) -> list[str]:
        return [c for c in self.lads if c.startswith("E")]


def _csv(header: list[str], rows: list[list[object]], quote_all: bool = False) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _xlsx(book: Workbook, normalise) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return normalise(out.getvalue())


def _ods(sheets: dict[str, list[list[object]]]) -> bytes:
    """An .ods workbook, written by the tests' small writer, with fixed member dates."""
    import sys

    sys.path.insert(0, str(REPO))
    from tests.odsfile import write_ods

    with tempfile.TemporaryDirectory() as folder:
        path = write_ods(Path(folder) / "x.ods", sheets)
        with zipfile.ZipFile(path) as source:
            members = [(i.filename, source.read(i.filename), i.compress_type) for i in source.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data, method in members:
            archive.writestr(zipfile.ZipInfo(name, date_time=ODS_TIME), data, compress_type=method)
    return out.getvalue()


def _split(total: int, weights, rng: np.random.Generator) -> list[int]:
    """Whole parts of `total` in proportion to `weights`, the remainder given at random."""
    weights = np.asarray(weights, dtype=float)
    exact = total * weights / weights.sum()
    parts = np.floor(exact).astype(int)
    short = total - int(parts.sum())
    if short:
        parts[rng.choice(len(parts), short, replace=False, p=weights / weights.sum())] += 1
    return [int(p) for p in parts]


def _sum_over(codes, values: dict[str, int]) -> int:
    return int(sum(values[c] for c in codes))


# --------------------------------------------------------------------------------------------
# DWP NINo registrations: the summary-table workbook, one sheet per quarter, a column per nationality.

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


def make_dwp_nino(
    areas: Areas, all_lads: dict[str, str], population: dict[str, int], normalise, rng: np.random.Generator
) -> dict[str, bytes]:
    labels = {row["label"] for row in csv.DictReader(NATIONALITY_LIST.open(encoding="utf-8"))}
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
            parts = _split(total, mixes[code], rng) if total else [0] * (len(names) + 1)
            cells: list[object] = list(parts[:-1])
            sheet.append([code, name, total + int(rng.integers(-2, 3)) if total > 5 else total, *cells])
        sheet.append([])
        sheet.append(["Source: DWP (invented figures for the demonstration)"])
    return {NINO_FILE: _xlsx(book, normalise)}


# --------------------------------------------------------------------------------------------
# ONS births by parents' country of birth: the local authority table by mother's region of birth.

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


def make_births(areas: Areas, normalise, rng: np.random.Generator) -> dict[str, bytes]:
    by_lad: dict[str, list[int]] = {}
    for code in areas.lads:
        total = int(rng.poisson(areas.population[code] * 0.0105))
        abroad = float(np.clip(rng.beta(2, 7) * (2.2 if code.startswith("E09") else 1.0), 0.02, 0.8))
        non_uk = int(round(total * abroad))
        not_stated = int(rng.random() < 0.2)
        groups = _split(non_uk, rng.dirichlet(np.array(BIRTH_MIX) * 30), rng) if non_uk else [0] * 6
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
    return {BIRTHS_FILE: _xlsx(book, normalise)}


# --------------------------------------------------------------------------------------------
# APS employment rates (Nomis NM_17_5 API CSV, the Variable and Confidence measures).

APS_FILE = "nomis_nm_17_5_aps_employment_demo.csv"
APS_YEARS = (2023, 2024)
APS_ALL = "Employment rate - aged 16-64"
APS_NON_UK = "Employment rate - non-UK born - aged 16-64"
NORMAL = "Normal Value"
DISCLOSIVE = (
    "Estimate and confidence interval not available since the group sample size is zero or disclosive (0-2)"
)
UNRELIABLE = "Estimate and confidence interval unreliable since the group sample size is small (3-9)"


def make_aps_economic(areas: Areas, rng: np.random.Generator) -> dict[str, bytes]:
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
    header = [
        "DATE_NAME",
        "GEOGRAPHY_NAME",
        "GEOGRAPHY_CODE",
        "VARIABLE_NAME",
        "MEASURES_NAME",
        "OBS_VALUE",
        "OBS_STATUS_NAME",
    ]
    return {APS_FILE: _csv(header, rows, quote_all=True)}


# --------------------------------------------------------------------------------------------
# CORE social housing lettings by nationality of the lead tenant (the layout the parser declares).

CORE_FILE = "social-housing-lettings-in-england-2023-24-local-authority-tables.ods"


def make_core_lettings(areas: Areas, rng: np.random.Generator) -> dict[str, bytes]:
    figures: dict[str, list[int]] = {}
    for code in areas.english():
        total = int(rng.poisson(areas.population[code] * 0.0046))
        share = rng.dirichlet([89, 4, 8, 3] if not code.startswith("E09") else [70, 9, 21, 3])
        figures[code] = [*_split(total, share, rng), total]
    body = []
    for code, members in [
        (ENGLAND, areas.english()),
        *[(r, [c for c in areas.english() if areas.region_of[c] == r]) for r in areas.regions],
        *[(c, [c]) for c in areas.english()],
    ]:
        cells: list[object] = [sum(figures[m][i] for m in members) for i in range(5)]
        if len(members) == 1:
            cells = [v if not (0 < v < 5 and i < 4) else "[c]" for i, v in enumerate(cells)]
        body.append([code, areas.name[code], *cells])
    table = [
        [
            "Table LA3: New social housing lettings by nationality of lead tenant, by local authority, "
            "April 2023 to March 2024"
        ],
        [
            "This worksheet contains one table. [c] = suppressed small number. DEMONSTRATION DATA: invented "
            "figures."
        ],
        [],
        [
            "Local authority code",
            "Local authority name",
            "UK national",
            "EEA national (non-UK)",
            "Non-EEA national",
            "Not known",
            "Total lettings",
        ],
        *body,
        [],
        ["Source: MHCLG, CORE (invented figures for the demonstration)"],
    ]
    return {
        CORE_FILE: _ods(
            {
                "Cover": [
                    ["Social housing lettings in England, April 2023 to March 2024: local authority tables"]
                ],
                "LA_Nationality": table,
            }
        )
    }


# --------------------------------------------------------------------------------------------
# Rough sleeping snapshot, autumn 2024 (Table_1_Total as confirmed, and a nationality sheet).

ROUGH_FILE = "rough-sleeping-snapshot-in-england-autumn-2024-tables.ods"
ROUGH_YEARS = list(range(2010, 2025))
ROUGH_TREND = (0.45, 0.55, 0.65, 0.7, 0.8, 1.0, 1.2, 1.4, 1.3, 1.2, 0.65, 0.7, 0.85, 1.05, 1.15)


def make_rough_sleeping(areas: Areas, rng: np.random.Generator) -> dict[str, bytes]:
    counts: dict[str, list[int]] = {}
    mixes: dict[str, list[int]] = {}
    for code in areas.english():
        base = areas.population[code] * 0.00004 * float(np.exp(rng.normal(0, 0.6)))
        counts[code] = [int(rng.poisson(base * t)) for t in ROUGH_TREND]
        mixes[code] = (
            _split(counts[code][-1], rng.dirichlet([60, 17, 14, 5]), rng) if counts[code][-1] else [0] * 4
        )
    ids = ["Local Authority Code", "Local Authority Name", "Region Code", "Region Name"]
    total = [
        [
            "Table 1: Estimated number of people sleeping rough, by local authority district and region, "
            "2010 - 2024"
        ],
        ["Shorthand: [x] = Not Available. [z] = Not Applicable. DEMONSTRATION DATA: invented figures."],
        [],
        [*ids, *ROUGH_YEARS],
        [
            "[z]",
            "[z]",
            "[z]",
            "England",
            *[sum(counts[c][i] for c in counts) for i in range(len(ROUGH_YEARS))],
        ],
    ]
    nationality = [
        ["Table 2c: Number of people sleeping rough by nationality, by local authority, autumn 2024"],
        ["Shorthand: [x] = Not Available. DEMONSTRATION DATA: invented figures."],
        [*ids, "UK", "EU (non-UK)", "Non-EU", "Not known", "Total"],
    ]
    england = [sum(mixes[c][i] for c in mixes) for i in range(4)]
    nationality.append(["[z]", "[z]", "[z]", "England", *england, sum(england)])
    for region in areas.regions:
        members = [c for c in areas.english() if areas.region_of[c] == region]
        total.append(
            [
                "[z]",
                "[z]",
                region,
                areas.name[region],
                *[sum(counts[c][i] for c in members) for i in range(len(ROUGH_YEARS))],
            ]
        )
        parts = [sum(mixes[c][i] for c in members) for i in range(4)]
        nationality.append(["[z]", "[z]", region, areas.name[region], *parts, sum(parts)])
    for code in areas.english():
        region = areas.region_of[code]
        row: list[object] = list(counts[code])
        if rng.random() < 0.01:
            row[int(rng.integers(0, 10))] = "[x]"
        total.append([code, areas.name[code], region, areas.name[region], *row])
        nationality.append(
            [code, areas.name[code], region, areas.name[region], *mixes[code], sum(mixes[code])]
        )
    total += [[], ["Source: MHCLG rough sleeping snapshot (invented figures for the demonstration)"]]
    return {
        ROUGH_FILE: _ods(
            {
                "Cover": [
                    ["Annual rough sleeping snapshot in England: autumn 2024"],
                    ["Autumn 2010 to autumn 2024"],
                    ["Publication Date: 27 February 2025"],
                ],
                "Table_1_Total": total,
                "Table_2c_Nationality": nationality,
            }
        )
    }


# --------------------------------------------------------------------------------------------
# DfE children looked after on 31 March by characteristics (the EES CSV), 2020 to 2024.

CLA_FILE = "la_cla_on_31_march_by_characteristics.csv"
CLA_YEARS = (2022, 2023, 2024)
CLA_TREND = (0.95, 1.1, 1.15)


def make_cla(areas: Areas, rng: np.random.Generator) -> dict[str, bytes]:
    header = [
        "time_period",
        "time_identifier",
        "geographic_level",
        "country_code",
        "country_name",
        "region_code",
        "region_name",
        "new_la_code",
        "old_la_code",
        "la_name",
        "cla_group",
        "characteristic",
        "number",
        "percentage",
    ]
    rows: list[list[object]] = []
    # About 70 children in care per 10,000 children; unaccompanied children spread unevenly (the national
    # transfer scheme), at least a handful in each council so that the demonstration pages show them.
    base = {
        new: (
            areas.population[new] * 0.0013,
            max(areas.population[new] * 0.00008 * float(np.exp(rng.normal(0, 0.5))), 8.0),
        )
        for _, _, new, _ in areas.upper_tier
    }
    for year, trend in zip(CLA_YEARS, CLA_TREND, strict=True):
        figures = {
            new: (int(rng.poisson(other)), int(rng.poisson(uasc * trend)))
            for new, (other, uasc) in base.items()
        }
        groups = [("National", ENGLAND, "", "", "", "", list(figures))]
        groups += [
            (
                "Regional",
                r,
                "",
                "",
                areas.name[r],
                "",
                [new for _, _, new, reg in areas.upper_tier if reg == r],
            )
            for r in areas.regions
        ]
        groups += [
            ("Local authority", reg, new, old, name, name, [new]) for old, name, new, reg in areas.upper_tier
        ]
        for level, region, new, old, _, la_name, members in groups:
            other = sum(figures[m][0] for m in members)
            uasc = sum(figures[m][1] for m in members)
            total = other + uasc
            pct = round(100 * uasc / total, 1) if total else "z"
            uasc_cells: tuple[object, object] = (uasc, pct)
            if level == "Local authority" and 0 < uasc < 6:
                uasc_cells = ("c", "c")
            region_code = "" if level == "National" else region
            region_name = "" if level == "National" else areas.name[region]
            place = [
                year,
                "Reporting year",
                level,
                ENGLAND,
                "England",
                region_code,
                region_name,
                new,
                old,
                la_name,
            ]
            unaccompanied = "Unaccompanied asylum-seeking children"
            rows.append([*place, unaccompanied, unaccompanied, *uasc_cells])
            rows.append(
                [
                    *place,
                    unaccompanied,
                    "Non-unaccompanied asylum-seeking children",
                    other,
                    round(100 - pct, 1) if isinstance(pct, float) else pct,
                ]
            )
    return {CLA_FILE: _csv(header, rows)}


# --------------------------------------------------------------------------------------------
# Police force areas: invented populations, from the committed lookup where it is complete.


def force_populations(lad_population: dict[str, int], rng: np.random.Generator) -> dict[str, tuple[str, int]]:
    """Force code -> (name as the Home Office writes it, invented population)."""
    forces = {r["pfa_code"]: r["pfa_name"] for r in csv.DictReader(FORCE_LIST.open(encoding="utf-8"))}
    known: dict[str, int] = {}
    partial: set[str] = set()  # forces with a council the 2021 areas lack (North Yorkshire after 2023)
    for row in csv.DictReader(FORCE_LOOKUP.open(encoding="utf-8")):
        if row["la_code"] not in lad_population:
            partial.add(row["pfa_code"])
        known[row["pfa_code"]] = known.get(row["pfa_code"], 0) + lad_population.get(row["la_code"], 0)
    known = {code: people for code, people in known.items() if code not in partial}
    written = {"Devon & Cornwall": "Devon and Cornwall", "London, City of": "London, City of"}
    out = {}
    for code, name in forces.items():
        people = known.get(code) or int(np.exp(rng.normal(math.log(1_300_000), 0.45)))
        if code == "E23000001":
            people = 8_900_000
        if code == "E23000034":
            people = 9_000
        out[code] = (written.get(name, name), people)
    return out


# Police recorded crime: the PFA open data workbook, one sheet per financial year.
CRIME_FILE = "prc-pfa-mar2013-onwards-tables-demo.ods"
CRIME_YEARS = (2022, 2023, 2024)
OFFENCES = (  # description, group, subgroup, code, offences a resident a year
    ("Assault with injury", "Violence against the person", "Violence with injury", "8N", 0.0075),
    ("Assault without injury", "Violence against the person", "Violence without injury", "105A", 0.011),
    ("Shoplifting", "Theft offences", "Shoplifting", "46", 0.0065),
    ("Criminal damage to a dwelling", "Criminal damage and arson", "Criminal damage", "58A", 0.003),
    ("Burglary - residential", "Theft offences", "Burglary", "28E", 0.0033),
)
CRIME_HEADER = [
    "Financial Year",
    "Financial Quarter",
    "Force Name",
    "Offence Description",
    "Offence Group",
    "Offence Subgroup",
    "Offence Code",
    "Number of Offences",
]


def make_police_crime(forces: dict[str, tuple[str, int]], rng: np.random.Generator) -> dict[str, bytes]:
    sheets: dict[str, list[list[object]]] = {
        "Cover": [
            ["Police recorded crime open data Police Force Area tables"],
            ["DEMONSTRATION DATA: invented figures."],
        ],
        "Notes": [["Quarter 1 is April to June."]],
    }
    for first in CRIME_YEARS:
        label = f"{first}/{str(first + 1)[2:]}"
        rows: list[list[object]] = [CRIME_HEADER]
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
    return {CRIME_FILE: _ods(sheets)}


# Hate crime: the appendix tables, Table 2.01 (the layout the parser declares).
HATE_FILE = "hate-crime-1213-2324-appendix-tables-demo.ods"
STRANDS = (0.70, 0.07, 0.13, 0.08, 0.03)  # race, religion, sexual orientation, disability, transgender


def make_hate_crime(forces: dict[str, tuple[str, int]], rng: np.random.Generator) -> dict[str, bytes]:
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
        [
            "Police force area",
            "Race",
            "Religion",
            "Sexual orientation",
            "Disability",
            "Transgender",
            "Total number of motivating factors",
            "Total number of offences",
        ],
        *body,
        [],
        ["Source: Home Office, police recorded crime (invented figures for the demonstration)"],
    ]
    return {
        HATE_FILE: _ods(
            {
                "Cover": [["Hate crime, England and Wales, year ending March 2024: appendix tables"]],
                "Table_2_01": table,
            }
        )
    }


# NRM referrals by police first responder (the layout confirmed from a public loader of the workbooks).
NRM_FILE = "national-referral-mechanism-statistics-uk-quarter-4-2024-oct-to-dec-tables.ods"
NRM_NATIONALITIES = ("Albanian", "Eritrean", "Sudanese", "UK", "Vietnamese", "Other")
NRM_MIX = (0.12, 0.05, 0.05, 0.55, 0.08, 0.15)


def make_nrm(forces: dict[str, tuple[str, int]], rng: np.random.Generator) -> dict[str, bytes]:
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
        by_nationality = _split(total, NRM_MIX, rng) if total else [0] * len(NRM_NATIONALITIES)
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
        NRM_FILE: _ods(
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


# --------------------------------------------------------------------------------------------
# English Indices of Deprivation: File 10, local authority district summaries.

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


def _ranks(values: dict[str, float]) -> dict[str, int]:
    """1 for the largest (most deprived), ties broken by code so that each rank is used once."""
    return {code: r for r, code in enumerate(sorted(values, key=lambda c: (-values[c], c)), start=1)}


def make_imd(areas: Areas, normalise, rng: np.random.Generator) -> dict[str, bytes]:
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
        sheet.append(
            [
                "Local Authority District code (2024)",
                "Local Authority District name (2024)",
                *[f"{sheet_name} - {h} " for h in IMD_HEADINGS],
            ]
        )
        for c in sorted(lads):
            sheet.append(
                [c, areas.name[c], avg_rank[c], by_rank[c], score[c], by_score[c], share[c], by_share[c]]
            )
    return {IMD_FILE: _xlsx(book, normalise)}
