#!/usr/bin/env python3
"""Write the demonstration snapshot: real publishers' layouts, invented figures.

A fresh clone builds its demonstration site from ``data/sample/snapshots``. This script writes
those files. Each is laid out exactly like the file its publisher releases (header rows, markers,
blank separator rows, footnotes, encodings, byte-order marks, line endings), for the real area
codes and names, but every statistic in it is invented here from a seeded random generator.

It reads the real files in ``../shared/realdata`` (``--realdata``) for facts only: the lists of
area codes and names with their hierarchy, the order in which each table lists them, category
labels, and the header layouts. No figure is read from them, and nothing is copied from them except
those facts. Three layouts also come from the package's own declarations: the Census 2021 migrant
indicator and 12-category country of birth tables (TS019, TS004), of which no real file is at hand,
and the HESA provider list.

One snapshot folder per source is written, each ``<out>/<source_id>/<release>/`` with a manifest.json:

* ``geography/demo-2025/``: ``uk_local_authorities_current.csv`` (mySociety layout) and
  ``changes.csv`` (ONS code-change list layout);
* ``mye/demo-mid-2025/``: ONS's current "detailed time series" workbooks on 2023 boundaries, the
  England and Wales edition to mid-2025 beside the UK edition to mid-2024 (MYEB3, components of change);
* ``lami/demo-2021-09/``: ONS Local Area Migration Indicators workbook, 2021 edition layout;
* ``census2021/demo-2021/``: Census 2021 TS005, TS012, TS015, TS029, TS019 and TS004 as the ONS API's CSVs,
  331 lower-tier authorities of England and Wales;
* ``dfe_eal/demo-2021-22/``: DfE's EES data set of pupils by first language (gzip CSV and meta CSV),
  2015/16 to 2021/22, England, regions and upper-tier authorities;
* ``aps_cob/demo-2016/``: NRS's council table of population by country of birth (APS), 2016;
* ``hesa/demo-2018-19/``: HESA open data Table 1 with a domicile breakdown, 2014/15 to 2018/19;
* ``asylum_support/demo-jun-2026/`` and ``resettlement/demo-jun-2026/``: Home Office tables Asy_D11
  and Res_D01 in the 2025-26 workbook layout (sheets Data_Asy_D11 and Data_Res_D01), quarterly to
  30 June 2026, with the councils created in April 2023 under their own codes from June 2023 and one
  fault of each kind the real files have (see make_asylum_support).

The figures hang together: population change adds up in the MYE workbooks, the LAMI Migration Flows
sheet repeats the MYE populations and flows for local authorities (to mid-2020, on the 2021 boundaries
the workbooks sum into the councils of April 2023), and counts for counties,
regions and countries are the sums of their local authorities. The census tables describe one
population per area close to its mid-2020 estimate, perturbed table by table as ONS does; school
pupils, asylum seekers and refugees are drawn in proportion to the invented populations; the NRS
table repeats the LAMI workbook's survey estimates for Scotland. Reruns with the same seed give
byte-identical files (fixed timestamps, fixed zip and gzip dates). Each source added after the first
three draws from a random stream of its own, so changing one leaves the others' files unchanged.

This is a maintenance script; the package never imports it. ``--years`` scales the series for
benchmarks: the LAMI tables get that many periods (short-term inflows and births one fewer, as
in the real workbook), always ending where the real tables end, and the MYE file reaches back
further than 2002 when they need it. The sources added later keep their published spans.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import math
import re
import sys
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

import sample_context as sc  # the sources beyond the migration core, in a module of their own
from migration_profiles.sources import census2021 as census_source
from migration_profiles.sources import hesa as hesa_source

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "data" / "sample" / "snapshots"
DEFAULT_REALDATA = REPO.parent / "shared" / "realdata"
DEFAULT_SEED = 20210917
DEFAULT_YEARS = 10

IMPORTED_FROM = "scripts/make_sample_data.py (demonstration data)"
CREATED_AT = "2025-06-02T09:00:00Z"  # fixed so that reruns give identical manifests
XLSX_TIME = dt.datetime(2021, 9, 17, 9, 30, 0)  # workbook properties and zip entry dates
ZIP_TIME = (2021, 9, 17, 9, 30, 0)

# source_id -> (release folder, release date)
GEOGRAPHY = ("geography", "demo-2025", "2025-04-01")
MYE = ("mye", "demo-mid-2025", "2026-07-29")  # the England and Wales mid-2025 edition's day
LAMI = ("lami", "demo-2021-09", "2021-09-17")
LAMI_PUBLISHED = "17 September 2021"
CENSUS = ("census2021", "demo-2021", "2022-11-29")  # the last of the five tables came out that day
DFE_EAL = ("dfe_eal", "demo-2021-22", "2022-06-09")
APS_COB = ("aps_cob", "demo-2016", "2017-08-24")
HESA = ("hesa", "demo-2018-19", "2020-01-16")
ASYLUM = ("asylum_support", "demo-jun-2026", "2026-08-27")
RESETTLEMENT = ("resettlement", "demo-jun-2026", "2026-08-27")
HO_PUBLISHED, HO_NEXT = "27 August 2026", "26 November 2026"  # as the cover sheets say
# Sources beyond the migration core (scripts/sample_context.py): (source, release folder, release date)
DWP_NINO = ("dwp_nino", "demo-2024-q4", "2025-05-20")
BIRTHS = ("births_parents_cob", "demo-2023", "2024-11-27")
APS_ECONOMIC = ("aps_economic", "demo-2024", "2025-04-15")
CORE = ("core_lettings", "demo-2023-24", "2024-12-05")
ROUGH = ("rough_sleeping", "demo-autumn-2024", "2025-02-27")
CLA = ("cla_uasc", "demo-2024", "2024-11-14")
CRIME = ("police_crime", "demo-2024-25", "2025-07-24")
HATE = ("hate_crime", "demo-2023-24", "2024-10-10")
NRM = ("nrm", "demo-2024-q4", "2025-03-06")
IMD = ("imd", "demo-2025", "2025-10-30")

REAL_MYSOCIETY = "lookups/mysociety_uk_local_authorities_current.csv"
REAL_CHANGES = "lookups/onsvisual_la_changes_2018-2025.csv"
REAL_MYE = "mye/gsscogs_MYEB3_summary_components_of_change_series_UK_(2020_geog21).csv"
REAL_LAMI = "lami/owenwntr_2021lamistables.xlsx"
REAL_CENSUS = {
    table: f"census2021/gsscogs_{table}_2021_ltla.csv" for table in ("TS005", "TS012", "TS015", "TS029")
}
REAL_EAL = "dfe_eal/ees_spc_pupils_ethnicity_and_language.data.csv.gz"
REAL_NRS = "aps/owenwntr_nrs_pop-count-birth-tab3-counc-16-cob-cor.csv"
REAL_HESA = "hesa/kjp07_hesa_table1_students_filtered_scotland_2018-19.csv"
REAL_FILES = (
    REAL_MYSOCIETY,
    REAL_CHANGES,
    REAL_MYE,
    REAL_LAMI,
    *REAL_CENSUS.values(),
    REAL_EAL,
    REAL_NRS,
    REAL_HESA,
)

MYE_UK_FILE = "myebtablesuk20112024.xlsx"
MYE_EW_FILE = "myebtablesenglandwales20112025.xlsx"
LAMI_FILE = "2021lamistables.xlsx"
MYSOCIETY_FILE = "uk_local_authorities_current.csv"
CHANGES_FILE = "changes.csv"
EAL_FILE = "spc_pupils_ethnicity_and_language.csv.gz"
EAL_META_FILE = "spc_pupils_ethnicity_and_language.meta.csv"
NRS_FILE = "pop-count-birth-tab3-counc-16-cob-cor.csv"
ASYLUM_FILE = "support-local-authority-datasets-jun-2026.xlsx"
RESETTLEMENT_FILE = "resettlement-local-authority-datasets-jun-2026.xlsx"

MYE_LAST_YEAR = 2020  # the sources drawn from the components end at mid-2020, as LAMI does
MYE_CURRENT_FIRST_YEAR, MYE_CURRENT_LAST_YEAR = 2011, 2025  # the current workbooks: mid-2011 to mid-2025
MYE_REVISED_YEARS = (2022, 2023, 2024)  # revised by the England and Wales mid-2025 edition
# (immigration, emigration) after mid-2020 against each council's 2017-2019 rates: the surge of
# arrivals after 2021 and its easing, as the national estimates tell it.
MYE_CURRENT_TREND = {2021: (0.95, 1.0), 2022: (1.7, 0.95), 2023: (2.2, 1.05), 2024: (1.9, 1.25),
                     2025: (1.4, 1.3)}
MYE_REAL_FIRST_YEAR = 2002
MYE_COMPONENTS = (
    "births",
    "deaths",
    "natchange",
    "internal_in",
    "internal_out",
    "internal_net",
    "international_in",
    "international_out",
    "international_net",
    "other_change",
    "population",
)

# mySociety columns filled from the real list (facts about areas); the rest are left empty,
# except pop-2020, which is invented.
MYSOCIETY_IDENTITY = (
    "local-authority-code",
    "official-name",
    "nice-name",
    "gss-code",
    "start-date",
    "end-date",
    "replaced-by",
    "nation",
    "region",
    "local-authority-type",
    "local-authority-type-name",
    "county-la",
    "former-gss-codes",
    "current-authority",
)

# Metropolitan counties are not in the mySociety list; their districts are fixed by statute.
MET_COUNTIES = {
    "E11000001": [f"E080000{n:02d}" for n in range(1, 11)],  # Greater Manchester
    "E11000002": [f"E080000{n:02d}" for n in range(11, 16)],  # Merseyside
    "E11000003": [f"E080000{n:02d}" for n in range(16, 20)],  # South Yorkshire
    "E11000005": [f"E080000{n:02d}" for n in range(25, 32)],  # West Midlands
    "E11000006": [f"E080000{n:02d}" for n in range(32, 37)],  # West Yorkshire
    "E11000007": ["E08000021", "E08000022", "E08000023", "E08000024", "E08000037"],  # Tyne and Wear
}
COUNTRY_CODES = {"E": "E92000001", "W": "W92000004", "S": "S92000003", "N": "N92000002"}
REGION_ALIASES = {"East of England": "East"}  # mySociety wording -> LAMI wording

# Areas the LAMI tables fold into a neighbour (the real workbook says so in its footnotes).
CITY_OF_LONDON, WESTMINSTER = "E09000001", "E09000033"
ISLES_OF_SCILLY, CORNWALL = "E06000053", "E06000052"
BUCKINGHAMSHIRE_UA = "E06000060"
SUFFOLK = "E10000029"  # re-aggregated from its 2019 districts, so it has mid-2011/12 internal flows
EAST_DUNBARTONSHIRE = "S12000045"

# Size classes for inventing populations. Only the class is chosen by name; every figure is drawn
# at random within the class.
TINY = {ISLES_OF_SCILLY: (2_000, 2_500), CITY_OF_LONDON: (6_000, 9_500)}
ISLANDS = {"S12000013", "S12000023", "S12000027"}  # Western Isles, Orkney, Shetland
LARGE = {
    "E08000025",
    "E08000035",
    "E08000019",
    "E08000003",
    "E08000032",
    "E08000012",
    "E08000034",
    "E08000036",
    "E08000026",
    "E06000023",
    "E06000052",
    "E06000047",
    "E06000054",
    "E06000060",
    "E06000057",
    "E06000051",
    "E06000049",
    "E06000050",
    "E06000059",
    "E06000058",
    "E06000018",
    "E06000016",
    "S12000049",
    "S12000036",
    "W06000015",
    "N09000003",
    "E08000021",
    "E08000018",
    "E08000017",
    "E08000033",
    "E08000028",
    "E08000031",
    "E08000027",
    "E08000001",
    "E08000010",
}
UNIVERSITY_TOWNS = {"E07000008", "E07000178", "E06000014", "E06000043", "E06000045", "E08000021"}
# The areas of the quick demonstration build (York, Leeds, Burnley): every source gives them figures,
# so that build shows every kind of section. Only their presence is chosen; the figures are drawn.
DEMO_AREAS = ("E06000014", "E08000035", "E07000117")


# --------------------------------------------------------------------------------------------
# What the real files tell us: areas, order, hierarchy, headers
# --------------------------------------------------------------------------------------------


@dataclass
class SheetLayout:
    """The body of one LAMI table as the real workbook orders it: areas and blank rows."""

    name: str
    rows: list[tuple[str, str] | None]  # (code, name) or None for a blank separator row


@dataclass
class Facts:
    mye_areas: list[tuple[str, str, str]]  # (ladcode21, laname21, country letter)
    mysociety_header: list[str]
    mysociety_rows: list[dict[str, str]]
    changes_header: list[str]
    changes_rows: list[dict[str, str]]
    lami_sheets: dict[str, SheetLayout]
    lami_headers: dict[str, list[list[object]]] = field(default_factory=dict)  # for the layout check


def read_facts(realdata: Path) -> Facts:
    missing = [p for p in REAL_FILES if not (realdata / p).is_file()]
    if missing:
        raise SystemExit(
            f"make_sample_data: the real files are needed for area lists and layouts; not found under "
            f"{realdata}: {', '.join(missing)} (use --realdata DIR)"
        )
    with open(realdata / REAL_MYE, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        mye_areas = [(row[0], row[1], row[2]) for row in reader if row]

    with open(realdata / REAL_MYSOCIETY, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        ms_header = list(reader.fieldnames or [])
        ms_rows = [dict(row) for row in reader]

    with open(realdata / REAL_CHANGES, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        ch_header = list(reader.fieldnames or [])
        ch_rows = [dict(row) for row in reader]

    sheets: dict[str, SheetLayout] = {}
    headers: dict[str, list[list[object]]] = {}
    wb = openpyxl.load_workbook(realdata / REAL_LAMI, read_only=True)
    try:
        for ws in wb.worksheets[1:]:
            header_rows: list[list[object]] = []
            for row in ws.iter_rows(max_row=6, values_only=True):
                header_rows.append(list(row))
                if row and row[0] == "Area Code":
                    break
            body: list[tuple[str, str] | None] = []
            for row in ws.iter_rows(min_row=len(header_rows) + 1, max_col=2, values_only=True):
                first = row[0] if row else None
                if isinstance(first, str) and re.fullmatch(r"[EKNSW]\d{8}", first):
                    body.append((first, row[1]))
                elif first is None or first == "":
                    body.append(None)
                else:
                    break  # the footnotes start
            while body and body[-1] is None:
                body.pop()
            sheets[ws.title] = SheetLayout(ws.title, body)
            headers[ws.title] = header_rows
    finally:
        wb.close()
    return Facts(mye_areas, ms_header, ms_rows, ch_header, ch_rows, sheets, headers)


@dataclass
class Hierarchy:
    lads: list[str]  # 2021 local authority codes, MYE order
    members: dict[str, list[str]]  # aggregate code -> its local authorities


def build_hierarchy(facts: Facts) -> Hierarchy:
    lads = [code for code, _, _ in facts.mye_areas]
    country_of = {code: letter for code, _, letter in facts.mye_areas}
    lad_set = set(lads)
    by_gss = {r["gss-code"]: r for r in facts.mysociety_rows if r["gss-code"]}
    by_register = {r["local-authority-code"]: r for r in facts.mysociety_rows}

    members: dict[str, list[str]] = {}
    for letter, code in COUNTRY_CODES.items():
        members[code] = [c for c in lads if country_of[c] == letter]

    region_codes: dict[str, str] = {}
    for layout in facts.lami_sheets.values():
        for entry in layout.rows:
            if entry and entry[0].startswith("E12"):
                region_codes[entry[1].strip()] = entry[0]
    for code in lads:
        row = by_gss[code]
        if row["nation"] != "England":
            continue
        region = REGION_ALIASES.get(row["region"], row["region"])
        members.setdefault(region_codes[region], []).append(code)

    # Counties: districts whose county-la points at them, and 2021 unitary authorities that
    # replaced the districts of a county abolished in 2021 (Northamptonshire).
    for code in lads:
        county = by_gss[code]["county-la"]
        if county:
            members.setdefault(by_register[county]["gss-code"], []).append(code)
    for row in facts.mysociety_rows:
        county = row["county-la"]
        if not county or row["gss-code"] in lad_set or not row["replaced-by"]:
            continue
        county_code = by_register[county]["gss-code"]
        for successor in row["replaced-by"].split(","):
            succ = by_register.get(successor.strip())
            if succ and succ["gss-code"] in lad_set and by_register[county]["end-date"] >= "2021":
                bucket = members.setdefault(county_code, [])
                if succ["gss-code"] not in bucket:
                    bucket.append(succ["gss-code"])
    members.update(MET_COUNTIES)
    for code, lad_list in members.items():
        unknown = [c for c in lad_list if c not in lad_set]
        if unknown:
            raise SystemExit(f"make_sample_data: {code} has members outside the 2021 list: {unknown}")
    return Hierarchy(lads, members)


# --------------------------------------------------------------------------------------------
# Inventing the figures
# --------------------------------------------------------------------------------------------


def _year_factor(year: int, table: dict[int, float]) -> float:
    """Piecewise-linear factor by year; flat beyond the ends."""
    keys = sorted(table)
    if year <= keys[0]:
        return table[keys[0]]
    if year >= keys[-1]:
        return table[keys[-1]]
    for lo, hi in zip(keys, keys[1:], strict=False):
        if lo <= year <= hi:
            return table[lo] + (table[hi] - table[lo]) * (year - lo) / (hi - lo)
    raise AssertionError(year)


# The shape of the invented national story: immigration rising to 2007, dipping, peaking in
# 2015-2016 and falling sharply in the pandemic year to mid-2020.
IMMIGRATION_TREND = {
    1995: 0.7,
    2002: 0.9,
    2007: 1.25,
    2010: 1.1,
    2013: 1.15,
    2016: 1.4,
    2019: 1.3,
    2020: 0.85,
}
EMIGRATION_TREND = {1995: 0.9, 2002: 0.95, 2008: 1.2, 2012: 1.05, 2017: 1.15, 2019: 1.2, 2020: 1.1}
NINO_TREND = {2008: 0.8, 2011: 0.9, 2015: 1.25, 2016: 1.3, 2018: 1.0, 2019: 1.1, 2020: 0.45}
STIM_TREND = {2005: 0.8, 2009: 0.85, 2012: 1.0, 2016: 1.35, 2017: 1.2}


@dataclass
class Components:
    """Invented MYE components for the 2021 local authorities, one column per year."""

    lads: list[str]
    years: list[int]  # years of change (mid-(y-1) to mid-y); population also has years[0] - 1
    data: dict[str, np.ndarray]  # component -> int64 array (n_lads, n_years)
    base_population: np.ndarray  # population at mid-(years[0] - 1)

    def population(self, year: int) -> np.ndarray:
        if year == self.years[0] - 1:
            return self.base_population
        return self.data["population"][:, self.years.index(year)]

    def component(self, name: str, year: int) -> np.ndarray:
        return self.data[name][:, self.years.index(year)]


@dataclass
class Traits:
    """Per-area characters drawn once and reused by every table, so the tables agree."""

    kind: list[str]
    nonuk_share: np.ndarray  # share of residents born outside the UK, about 2011
    nonbritish_ratio: np.ndarray  # non-British as a share of non-UK born
    share_growth: np.ndarray
    household_share: np.ndarray  # APS resident population as a share of the mid-year estimate
    working_age: np.ndarray  # share aged 16 to 64
    nino_ratio: np.ndarray
    gp_ratio: np.ndarray
    stim_rate: np.ndarray
    aps_weight: np.ndarray  # drives the width of APS confidence intervals
    mothers_factor: np.ndarray


def _kind(code: str) -> str:
    if code in TINY:
        return "tiny"
    if code in ISLANDS:
        return "island"
    if code == CITY_OF_LONDON:
        return "tiny"
    if code.startswith("E09"):
        return "london"
    if code in LARGE:
        return "large"
    return code[:3]


def invent_traits(lads: list[str], rng: np.random.Generator) -> Traits:
    n = len(lads)
    kind = [_kind(c) for c in lads]
    share = np.empty(n)
    for i, k in enumerate(kind):
        low, high = {
            "london": (0.22, 0.52),
            "large": (0.08, 0.26),
            "E08": (0.05, 0.18),
            "E06": (0.04, 0.2),
            "E07": (0.02, 0.16),
            "S12": (0.03, 0.11),
            "W06": (0.03, 0.08),
            "N09": (0.03, 0.09),
            "island": (0.005, 0.02),
            "tiny": (0.04, 0.3),
        }[k]
        # District shares spread log-uniformly, so a few are small enough to be suppressed.
        share[i] = (
            math.exp(rng.uniform(math.log(low), math.log(high))) if k == "E07" else rng.uniform(low, high)
        )
    return Traits(
        kind=kind,
        nonuk_share=share,
        nonbritish_ratio=rng.uniform(0.55, 0.78, n),
        share_growth=rng.uniform(0.005, 0.03, n),
        household_share=rng.uniform(0.972, 0.992, n),
        working_age=np.array(
            [rng.uniform(0.66, 0.73) if k == "london" else rng.uniform(0.58, 0.66) for k in kind]
        ),
        nino_ratio=rng.uniform(0.55, 1.05, n),
        gp_ratio=rng.uniform(0.75, 1.25, n),
        stim_rate=np.exp(rng.normal(math.log(0.0022), 0.45, n))
        * np.array([2.2 if k == "london" else 1.0 for k in kind]),
        aps_weight=rng.uniform(160, 360, n),
        mothers_factor=rng.uniform(1.15, 1.6, n),
    )


def invent_components(
    lads: list[str], traits: Traits, first_year: int, rng: np.random.Generator
) -> Components:
    n = len(lads)
    years = list(range(first_year, MYE_LAST_YEAR + 1))
    pop = np.empty(n)
    for i, (code, k) in enumerate(zip(lads, traits.kind, strict=True)):
        if code in TINY:
            pop[i] = rng.uniform(*TINY[code])
        elif k == "island":
            pop[i] = rng.uniform(18_000, 28_000)
        elif k == "london":
            pop[i] = rng.uniform(150_000, 330_000)
        elif k == "large":
            pop[i] = math.exp(rng.uniform(math.log(290_000), math.log(1_000_000)))
        elif k == "E07":
            pop[i] = math.exp(rng.uniform(math.log(55_000), math.log(170_000)))
        elif k in ("E06", "E08"):
            pop[i] = math.exp(rng.uniform(math.log(90_000), math.log(300_000)))
        elif k == "S12":
            pop[i] = math.exp(rng.uniform(math.log(50_000), math.log(330_000)))
        elif k == "W06":
            pop[i] = math.exp(rng.uniform(math.log(55_000), math.log(240_000)))
        else:  # N09
            pop[i] = rng.uniform(115_000, 215_000)
    # Begin a little lower when the series reaches back before 2002.
    pop = np.rint(pop * (1 - 0.004 * max(0, MYE_REAL_FIRST_YEAR - first_year)))

    london = np.array([k == "london" for k in traits.kind])
    student = np.array([c in UNIVERSITY_TOWNS for c in lads])
    birth_rate = rng.uniform(0.0088, 0.0128, n) + 0.0025 * london
    death_rate = rng.uniform(0.0072, 0.0118, n) - 0.0025 * london
    internal_in = rng.uniform(0.032, 0.068, n) + 0.03 * london + 0.03 * student
    internal_balance = rng.uniform(-0.09, 0.11, n) - 0.14 * london
    immigration = np.exp(rng.normal(math.log(0.0055), 0.45, n)) * (1 + 2.6 * london + 1.2 * student)
    emigration_share = rng.uniform(0.42, 0.72, n)
    other_rate = rng.uniform(-0.0003, 0.0009, n)

    names = MYE_COMPONENTS
    data = {name: np.zeros((n, len(years)), dtype=np.int64) for name in names}
    current = pop.copy()
    for j, year in enumerate(years):
        ageing = 1 - 0.008 * max(0, year - 2012)

        def noise(sd: float) -> np.ndarray:
            return np.exp(rng.normal(0.0, sd, n))

        births = np.rint(current * birth_rate * ageing * noise(0.03))
        deaths = np.rint(current * death_rate * (1.12 if year == 2020 else 1.0) * noise(0.04))
        i_in = np.rint(current * internal_in * noise(0.04))
        i_out = np.rint(i_in * (1 - internal_balance * 0.5) * noise(0.03))
        m_in = np.rint(current * immigration * _year_factor(year, IMMIGRATION_TREND) * noise(0.12))
        m_out = np.rint(m_in * emigration_share * _year_factor(year, EMIGRATION_TREND) * noise(0.1))
        other = np.rint(current * other_rate * noise(0.3))
        natchange = births - deaths
        new = current + natchange + (i_in - i_out) + (m_in - m_out) + other
        for name, values in (
            ("births", births),
            ("deaths", deaths),
            ("natchange", natchange),
            ("internal_in", i_in),
            ("internal_out", i_out),
            ("internal_net", i_in - i_out),
            ("international_in", m_in),
            ("international_out", m_out),
            ("international_net", m_in - m_out),
            ("other_change", other),
            ("population", new),
        ):
            data[name][:, j] = values.astype(np.int64)
        current = new
    return Components(lads, years, data, pop.astype(np.int64))


# --------------------------------------------------------------------------------------------
# Writing: small helpers
# --------------------------------------------------------------------------------------------


def _csv_bytes(
    header: list[str], rows: list[list[object]], *, bom: bool, crlf: bool, encoding: str = "utf-8"
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n" if crlf else "\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    text = buffer.getvalue()
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)


def _normalise_xlsx(data: bytes, empty_strings: dict[str, list[str]] | None = None) -> bytes:
    """Fix the zip entry dates and the document dates so equal workbooks give equal bytes.

    `empty_strings` maps a worksheet part (``xl/worksheets/sheet8.xml``) to cells that must hold an
    empty string rather than nothing, as some publishers' files do; openpyxl drops such values.
    """
    stamp = XLSX_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            refs = (empty_strings or {}).get(info.filename, [])
            for row in sorted({int(re.sub(r"[A-Z]", "", ref)) for ref in refs}):
                bare = f'<row r="{row}"></row>'.encode()  # how openpyxl writes a row of empty cells
                if bare not in body:
                    raise SystemExit(f"make_sample_data: row {row} of {info.filename} is not empty")
                cells = "".join(
                    f'<c r="{ref}" t="inlineStr"><is><t></t></is></c>'
                    for ref in refs
                    if int(re.sub(r"[A-Z]", "", ref)) == row
                )
                body = body.replace(bare, f'<row r="{row}">{cells}</row>'.encode())
            if info.filename == "docProps/core.xml":
                body = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                    lambda m: m.group(1) + stamp + m.group(3),
                    body,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, body, compresslevel=9)
    return out.getvalue()


def _write_snapshot(out: Path, source: tuple[str, str, str], files: dict[str, bytes]) -> list[Path]:
    source_id, release, release_date = source
    folder = out / source_id / release
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    written = []
    for name, body in files.items():
        path = folder / name
        tmp = path.with_name(f".{name}.tmp")
        tmp.write_bytes(body)
        tmp.replace(path)
        written.append(path)
        entries.append(
            {
                "name": name,
                "sha256": hashlib.sha256(body).hexdigest(),
                "size": len(body),
                "url": "",
                "retrieved_at": CREATED_AT,
                "etag": None,
                "last_modified": None,
                "imported_from": IMPORTED_FROM,
            }
        )
    manifest = {
        "source_id": source_id,
        "release": release,
        "release_date": release_date,
        "created_at": CREATED_AT,
        "files": entries,
    }
    tmp = folder / ".manifest.json.tmp"
    tmp.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    tmp.replace(folder / "manifest.json")
    # Anything else in the folder would fail the snapshot check; a rerun replaces the folder's files.
    for stray in folder.iterdir():
        if stray.name not in files and stray.name != "manifest.json":
            stray.unlink()
    return written


# --------------------------------------------------------------------------------------------
# 1. Geography
# --------------------------------------------------------------------------------------------


def make_geography(facts: Facts, hierarchy: Hierarchy, comps: Components) -> dict[str, bytes]:
    pop2020 = dict(zip(comps.lads, comps.population(MYE_LAST_YEAR).tolist(), strict=True))
    by_register = {r["local-authority-code"]: r for r in facts.mysociety_rows}
    wanted = [
        r for r in facts.mysociety_rows if r["gss-code"] and r["local-authority-type"] not in ("COMB", "SRA")
    ]
    # Areas created after 2021 get the sum of the 2021 authorities they replaced.
    successors: dict[str, list[str]] = {}
    for r in facts.mysociety_rows:
        if r["gss-code"] in pop2020 and r["replaced-by"]:
            for reg in r["replaced-by"].split(","):
                succ = by_register.get(reg.strip())
                if succ:
                    successors.setdefault(succ["gss-code"], []).append(r["gss-code"])

    rows = []
    for r in wanted:
        code = r["gss-code"]
        value: float | None = None
        if r.get("pop-2020"):  # the real list gives a 2020 population for this row
            if code in pop2020:
                value = pop2020[code]
            elif code in hierarchy.members:
                value = sum(pop2020[c] for c in hierarchy.members[code])
            elif code in successors:
                value = sum(pop2020[c] for c in successors[code])
        out = {column: "" for column in facts.mysociety_header}
        for column in MYSOCIETY_IDENTITY:
            out[column] = r[column]
        out["pop-2020"] = "" if value is None else f"{float(value):.1f}"
        rows.append([out[c] for c in facts.mysociety_header])
    mysociety = _csv_bytes(facts.mysociety_header, rows, bom=False, crlf=False)

    codes = {r["gss-code"] for r in wanted}
    change_rows = [
        [r[c] for c in facts.changes_header]
        for r in facts.changes_rows
        if r["oldcd"] in codes or r["newcd"] in codes
    ]
    changes = _csv_bytes(facts.changes_header, change_rows, bom=True, crlf=False)
    return {MYSOCIETY_FILE: mysociety, CHANGES_FILE: changes}


# --------------------------------------------------------------------------------------------
# 2. Mid-year estimates, components of change
# --------------------------------------------------------------------------------------------


def make_mye(facts: Facts, comps: Components, rng: np.random.Generator) -> dict[str, bytes]:
    """ONS's current "detailed time series" workbooks on 2023 boundaries, as a release holds them in
    December 2026: the England and Wales edition to mid-2025 (July 2026), which revises mid-2022 to
    mid-2024, beside the UK edition to mid-2024 (September 2025), which still brings Scotland and
    Northern Ireland. The years after mid-2020 continue each council's series from its own stream."""
    full = extend_components(comps, MYE_CURRENT_LAST_YEAR, rng)
    codes, names, countries, data = _on_2023_boundaries(facts, full)
    uk = _myeb_workbook(codes, names, countries, data, full, MYE_CURRENT_LAST_YEAR - 1, "UK")
    revised = _revise_recent_international(data, full, rng)
    ew = [i for i, c in enumerate(countries) if c in "EW"]
    ew_data = {k: v[ew] for k, v in revised.items()}
    england_wales = _myeb_workbook([codes[i] for i in ew], [names[i] for i in ew], [countries[i] for i in ew],
                                   ew_data, full, MYE_CURRENT_LAST_YEAR, "England and Wales")
    return {MYE_UK_FILE: uk, MYE_EW_FILE: england_wales}


def extend_components(comps: Components, last_year: int, rng: np.random.Generator) -> Components:
    """`comps` continued to `last_year`: each council's rates of its last three years before the
    pandemic, with the national surge of immigration after 2021 (MYE_CURRENT_TREND)."""
    recent = [comps.years.index(y) for y in (2017, 2018, 2019) if y in comps.years]
    base = comps.data["population"][:, recent].astype(float)
    rate = {name: (comps.data[name][:, recent] / base).mean(axis=1)
            for name in ("births", "deaths", "internal_in", "internal_out", "international_in",
                         "international_out", "other_change")}
    years = list(range(comps.years[-1] + 1, last_year + 1))
    data = {name: np.zeros((len(comps.lads), len(years)), dtype=np.int64) for name in MYE_COMPONENTS}
    current = comps.data["population"][:, -1].astype(float)
    n = len(comps.lads)
    for j, year in enumerate(years):
        births = np.rint(current * rate["births"] * 0.95 * _noise(rng, 0.03, n))
        deaths = np.rint(current * rate["deaths"] * (1.08 if year == 2021 else 1.0) * _noise(rng, 0.04, n))
        i_in = np.rint(current * rate["internal_in"] * _noise(rng, 0.04, n))
        i_out = np.rint(current * rate["internal_out"] * _noise(rng, 0.03, n))
        trend = MYE_CURRENT_TREND[year]
        m_in = np.rint(current * rate["international_in"] * trend[0] * _noise(rng, 0.1, n))
        m_out = np.rint(current * rate["international_out"] * trend[1] * _noise(rng, 0.1, n))
        other = np.rint(current * rate["other_change"] * _noise(rng, 0.3, n))
        new = current + (births - deaths) + (i_in - i_out) + (m_in - m_out) + other
        for name, values in (("births", births), ("deaths", deaths), ("natchange", births - deaths),
                             ("internal_in", i_in), ("internal_out", i_out), ("internal_net", i_in - i_out),
                             ("international_in", m_in), ("international_out", m_out),
                             ("international_net", m_in - m_out), ("other_change", other),
                             ("population", new)):
            data[name][:, j] = values.astype(np.int64)
        current = new
    joined = {name: np.concatenate([comps.data[name], data[name]], axis=1) for name in MYE_COMPONENTS}
    return Components(comps.lads, comps.years + years, joined, comps.base_population)


def _on_2023_boundaries(facts: Facts, comps: Components):
    """The councils of April 2023 (ladcode23): the districts merged that month summed into their new
    unitary councils, in the order ONS lists codes. Returns (codes, names, country letters, data)."""
    merged = {r["oldcd"]: (r["newcd"], r["newnm"]) for r in facts.changes_rows
              if r["type"] == "merger" and r["start"] == "2023" and r["oldcd"][:3] in ("E06", "E07", "E08")}
    rows: dict[str, list[int]] = {}
    name_of: dict[str, str] = {}
    country_of: dict[str, str] = {}
    for i, (code, name, country) in enumerate(facts.mye_areas):
        code, name = merged.get(code, (code, name))
        rows.setdefault(code, []).append(i)
        name_of[code], country_of[code] = name, country
    codes = sorted(rows, key=lambda c: ("EWSN".index(country_of[c]), c))
    data = {name: np.stack([comps.data[name][rows[c]].sum(axis=0) for c in codes]) for name in MYE_COMPONENTS}
    data["base"] = np.array([comps.base_population[rows[c]].sum() for c in codes], dtype=np.int64)
    return codes, [name_of[c] for c in codes], [country_of[c] for c in codes], data


def _revise_recent_international(data: dict, comps: Components, rng: np.random.Generator) -> dict:
    """The next summer's revision: immigration for the years to mid-2022, mid-2023 and mid-2024 revised
    by a few per cent, net migration and every later population moving with it."""
    revised = {name: values.copy() for name, values in data.items()}
    carried = np.zeros(len(data["base"]), dtype=np.int64)
    for year in comps.years:
        j = comps.years.index(year)
        if year in MYE_REVISED_YEARS:
            change = np.rint(revised["international_in"][:, j] * rng.uniform(-0.02, 0.06, len(carried)))
            change = change.astype(np.int64)
            revised["international_in"][:, j] += change
            revised["international_net"][:, j] += change
            carried += change
        revised["population"][:, j] += carried
    return revised


def _myeb_workbook(codes, names, countries, data, comps: Components, last_year: int, where: str) -> bytes:
    """One edition's workbook: cover, contents, notes and related publications sheets, MYEB1 to MYEB5,
    a title row above each header. MYEB3 holds the figures; the age and sex tables (MYEB1, MYEB2) and
    MYEB4 and MYEB5 keep their title and header but no rows, to keep the demonstration data small."""
    first = MYE_CURRENT_FIRST_YEAR
    years = [y for y in comps.years if first < y <= last_year]
    at = {y: comps.years.index(y) for y in years}
    base = data["base"] if first == comps.years[0] - 1 else data["population"][:, comps.years.index(first)]
    wb = openpyxl.Workbook()
    cover = wb.active
    cover.title = "Cover sheet"
    cover.append([f"Population estimates for {where}, mid-{first} to mid-{last_year} "
                  "(demonstration data, invented figures)"])
    cover["A1"].font = Font(bold=True)
    cover.append(["Every figure in this workbook is invented for the demonstration site; the layout is "
                  "ONS's."])
    wb.create_sheet("Contents").append(["Table of contents"])
    wb.create_sheet("Notes").append(["Notes"])
    wb.create_sheet("Related publications").append(["Related publications"])
    titles = {
        "MYEB1": ("Population estimates by local authority, sex and single year of age",
                  ["ladcode23", "laname23", "country", "sex", "age",
                   *[f"population_{y}" for y in [first, *years]]]),
        "MYEB2": ("Population estimates and components of change by local authority, sex and single year "
                  "of age", ["ladcode23", "laname23", "country", "sex", "age", f"population_{first}"]),
        "MYEB3": ("Summary of population estimates and components of change by local authority",
                  ["ladcode23", "laname23", "country", f"population_{first}",
                   *[f"{name}_{y}" for y in years for name in MYE_COMPONENTS]]),
        "MYEB4": ("Population estimates by local authority and broad age group", ["ladcode23", "laname23"]),
        "MYEB5": ("Population density by local authority", ["ladcode23", "laname23"]),
    }
    for sheet, (title, header) in titles.items():
        ws = wb.create_sheet(sheet)
        ws.append([f"{sheet}: {title}, {where}, mid-{first} to mid-{last_year}"])
        ws["A1"].font = Font(bold=True)
        ws.append(header)
        if sheet != "MYEB3":
            continue
        stacked = np.stack([data[name][:, [at[y] for y in years]] for name in MYE_COMPONENTS], axis=2)
        flat = stacked.reshape(len(codes), -1)
        for i, code in enumerate(codes):
            ws.append([code, names[i], countries[i], int(base[i]), *flat[i].tolist()])
    wb.properties.creator = "make_sample_data.py"
    wb.properties.created = XLSX_TIME
    wb.properties.modified = XLSX_TIME
    buffer = io.BytesIO()
    wb.save(buffer)
    return _normalise_xlsx(buffer.getvalue())


# --------------------------------------------------------------------------------------------
# 3. Local Area Migration Indicators workbook
# --------------------------------------------------------------------------------------------


def mid_label(end_year: int, trailing: bool = False) -> str:
    return f"Mid-{end_year - 1} to Mid-{end_year}" + (" " if trailing else "")


def cal_label(year: int) -> str:
    return f"Jan {year} to Dec {year}"


@dataclass
class Spans:
    flows: list[int]  # Migration Flows and GP registrations: periods ending mid-year
    short_term: list[int]
    aps: list[int]  # APS and NINo: calendar years
    births: list[int]


def spans_for(years: int) -> Spans:
    n, n1 = max(1, years), max(1, years - 1)
    return Spans(
        flows=list(range(2021 - n, 2021)),
        short_term=list(range(2018 - n1, 2018)),
        aps=list(range(2021 - n, 2021)),
        births=list(range(2020 - n1, 2020)),
    )


class Aggregator:
    """Values for any area in a LAMI table: a 2021 authority, or the sum over its members."""

    def __init__(self, hierarchy: Hierarchy):
        self.index = {code: i for i, code in enumerate(hierarchy.lads)}
        self.members = {
            code: np.array([self.index[c] for c in lads], dtype=np.int64)
            for code, lads in hierarchy.members.items()
        }

    def rows_of(self, code: str) -> np.ndarray:
        if code in self.index:
            return np.array([self.index[code]], dtype=np.int64)
        if code in self.members:
            return self.members[code]
        raise SystemExit(f"make_sample_data: no 2021 local authorities known for area {code}")

    def total(self, values: np.ndarray, code: str) -> np.ndarray:
        return values[self.rows_of(code)].sum(axis=0)


@dataclass
class ApsEstimates:
    """The survey estimates behind the APS tables, unrounded, one row per 2021 authority."""

    years: list[int]
    resident: np.ndarray  # (authorities, years)
    nonuk: np.ndarray


def _round_thousand(x: float) -> int:
    return int(math.floor(x / 1000.0 + 0.5)) * 1000


def _level(code: str) -> str:
    if code[:3] in ("E92", "W92", "S92", "N92"):
        return "country"
    if code.startswith("E12"):
        return "region"
    if code[:3] in ("E10", "E11"):
        return "county"
    return "lad"


class Lami:
    def __init__(
        self, facts: Facts, hierarchy: Hierarchy, comps: Components, traits: Traits, spans: Spans, rng
    ):
        self.facts = facts
        self.comps = comps
        self.traits = traits
        self.spans = spans
        self.rng = rng
        self.agg = Aggregator(hierarchy)
        self.lads = hierarchy.lads
        self.n = len(self.lads)
        # LAMI tables fold these authorities into a neighbour.
        self.folded = {CITY_OF_LONDON: WESTMINSTER, ISLES_OF_SCILLY: CORNWALL}
        # Share of an area's summed internal moves that cross its own boundary (the rest are
        # moves between its own districts, which do not count as moves in or out of it).
        self.crossing: dict[str, float] = {}
        self._ni: dict[str, np.ndarray] = {}  # Northern Ireland's APS shares (no local estimates)

    # --- shared pieces ------------------------------------------------------------------

    def _fold(
        self, values: np.ndarray, only: tuple[str, ...] = (CITY_OF_LONDON, ISLES_OF_SCILLY)
    ) -> np.ndarray:
        """Add folded authorities' values to their neighbour (for tables that do so)."""
        out = values.astype(float).copy()
        for small in only:
            host = self.folded[small]
            i, j = self.agg.index[small], self.agg.index[host]
            out[j] += out[i]
            out[i] = 0  # so that sums over a region count it once, through its neighbour
        return out

    def _crossing_share(self, code: str) -> float:
        if code not in self.crossing:
            low, high = {
                "county": (0.5, 0.72),
                "region": (0.28, 0.42),
                "country": (0.03, 0.05) if code == "E92000001" else (0.16, 0.3),
            }[_level(code)]
            self.crossing[code] = float(self.rng.uniform(low, high))
        return self.crossing[code]

    # --- Migration Flows ----------------------------------------------------------------

    def migration_flows(self) -> tuple[list[list[object]], list[str], dict[str, list[object]]]:
        years = self.spans.flows
        top: list[object] = [None, None]
        mid: list[object] = [None, None]
        sub: list[object] = ["Area Code", "Area Name"]
        merges = []
        for k, y in enumerate(years):
            c = 3 + 5 * k
            top += [mid_label(y), None, None, None, None]
            mid += [
                f"Mid-{y} Population Estimate",
                "Long-Term International Migration",
                None,
                "Internal Migration\n (within UK)",
                None,
            ]
            sub += [None, "Inflow", "Outflow", "Inflow", "Outflow"]
            L = get_column_letter
            merges += [
                f"{L(c)}1:{L(c + 4)}1",
                f"{L(c)}2:{L(c)}3",
                f"{L(c + 1)}2:{L(c + 2)}2",
                f"{L(c + 3)}2:{L(c + 4)}2",
            ]
        pop = np.stack([self.comps.population(y) for y in years], axis=1)
        series = {
            "pop": pop,
            "m_in": np.stack([self.comps.component("international_in", y) for y in years], axis=1),
            "m_out": np.stack([self.comps.component("international_out", y) for y in years], axis=1),
            "i_in": np.stack([self.comps.component("internal_in", y) for y in years], axis=1),
            "i_out": np.stack([self.comps.component("internal_out", y) for y in years], axis=1),
        }
        values: dict[str, list[object]] = {}
        for code in self._codes("Migration Flows"):
            level = _level(code)
            tot = {key: self.agg.total(arr, code) for key, arr in series.items()}
            if level != "lad":
                share = self._crossing_share(code)
                drift = np.exp(self.rng.normal(0, 0.03, (2, len(years))))
                tot["i_in"] = np.rint(tot["i_in"] * share * drift[0])
                tot["i_out"] = np.rint(tot["i_out"] * share * drift[1])
            cells: list[object] = []
            for k, y in enumerate(years):
                internal: list[object] = [int(tot["i_in"][k]), int(tot["i_out"][k])]
                if y == 2012 and code != SUFFOLK and (level == "county" or code == BUCKINGHAMSHIRE_UA):
                    internal = [":", ":"]  # county-level internal flows not available that year
                cells += [int(tot["pop"][k]), int(tot["m_in"][k]), int(tot["m_out"][k]), *internal]
            values[code] = cells
        return [top, mid, sub], merges, values

    # --- Short-term inflows ---------------------------------------------------------------

    def short_term(self) -> tuple[list[list[object]], list[str], dict[str, list[object]]]:
        years = self.spans.short_term
        top: list[object] = [None, None]
        sub: list[object] = ["Area Code", "Area Name"]
        for k, y in enumerate(years):
            label = mid_label(y, trailing=y <= 2010)
            top += [label, label]
            provisional = "p" if k == len(years) - 1 else ""
            sub += [
                f"Mid-{y} Population Estimate",
                f"Short-Term International Migration Inflow Estimates{provisional}",
            ]
        pop = np.stack([self.comps.population(y) for y in years], axis=1)
        trend = np.array([_year_factor(y, STIM_TREND) for y in years])
        noise = np.exp(self.rng.normal(0, 0.18, (self.n, len(years))))
        stim = pop * self.traits.stim_rate[:, None] * trend[None, :] * noise
        ew = np.array([c[0] in "EW" for c in self.lads])
        stim[~ew] = 0.0
        stim = self._fold(stim, only=(ISLES_OF_SCILLY,))
        early = np.array([y <= 2010 for y in years])  # the early years were published as whole numbers
        stim[:, early] = np.rint(stim[:, early])
        values: dict[str, list[object]] = {}
        for code in self._codes("Short-Term Migration Inflows"):
            p = self.agg.total(pop, code)
            s = self.agg.total(stim, code)
            not_available = code[0] in "SN" or code == ISLES_OF_SCILLY
            cells: list[object] = []
            for k, y in enumerate(years):
                if not_available:
                    value: object = ":"
                elif y <= 2010:
                    value = int(s[k])
                else:
                    value = float(s[k])
                cells += [int(p[k]), value]
            values[code] = cells
        return [top, sub], [], values

    # --- APS: non-UK born and non-British -----------------------------------------------------

    def _aps_base(self):
        years = self.spans.aps
        pop = np.stack([self.comps.population(y) for y in years], axis=1).astype(float)
        resident = pop * self.traits.household_share[:, None] * np.exp(self.rng.normal(0, 0.003, pop.shape))
        t = np.array(years, dtype=float) - 2011
        share = self.traits.nonuk_share[:, None] * (1 + self.traits.share_growth[:, None]) ** t[None, :]
        nonuk = resident * share * np.exp(self.rng.normal(0, 0.07, pop.shape))
        nonbrit = nonuk * self.traits.nonbritish_ratio[:, None] * np.exp(self.rng.normal(0, 0.08, pop.shape))
        return years, resident, nonuk, nonbrit

    def aps(self, sheet: str, estimate: np.ndarray, resident: np.ndarray, years: list[int]):
        first_label_in_d = sheet == "Non-British Population"
        measure = "Non-British Estimate" if first_label_in_d else "Non-UK Born Estimate"
        group = "Nationality" if first_label_in_d else "Country of Birth"
        top: list[object] = [None, None]
        mid: list[object] = [None, None]
        sub: list[object] = ["Area Code", "Area Name"]
        merges = []
        for k, y in enumerate(years):
            c = 3 + 3 * k
            L = get_column_letter
            if k == 0 and first_label_in_d:
                top += [None, cal_label(y), None]  # this sheet puts its first period one cell right
            else:
                top += [cal_label(y), None, None]
                merges.append(f"{L(c)}1:{L(c + 2)}1")
            mid += [group, None, None]
            merges.append(f"{L(c)}2:{L(c + 2)}2")
            sub += ["Resident Population", measure, "CI +/-"]
        weight = self.traits.aps_weight[:, None]
        var = estimate * weight  # variance of the unrounded estimate
        res = self._fold(resident)
        est = self._fold(estimate)
        var = self._fold(var)
        values: dict[str, list[object]] = {}
        for code in self._codes(sheet):
            cells: list[object] = []
            if code in (CITY_OF_LONDON, ISLES_OF_SCILLY) or code.startswith("N09"):
                values[code] = [":"] * (3 * len(years))
                continue
            if code == "N92000002":
                r = self.agg.total(res, code)
                e = r * self._ni_share(first_label_in_d, years)
                v = e * 900.0
            else:
                r, e, v = self.agg.total(res, code), self.agg.total(est, code), self.agg.total(var, code)
            ci = 1.96 * np.sqrt(v)
            for k in range(len(years)):
                cells += [_round_thousand(r[k]), *self._aps_pair(code, float(e[k]), float(ci[k]))]
            values[code] = cells
        return [top, mid, sub], merges, values

    def _ni_share(self, nonbritish: bool, years: list[int]) -> np.ndarray:
        key = "ni_nonbritish" if nonbritish else "ni_nonuk"
        if key not in self._ni:
            base = 0.045 if nonbritish else 0.062
            self._ni[key] = (
                base * (1.02 ** (np.array(years) - 2011)) * np.exp(self.rng.normal(0, 0.04, len(years)))
            )
        return self._ni[key]

    @staticmethod
    def _aps_pair(code: str, estimate: float, ci: float) -> list[object]:
        """Rounded estimate and CI, or the markers the APS tables use for small numbers."""
        if estimate < 500:
            return ["0~", "0~" if ci < 500 else _round_thousand(ci)]
        if code.startswith(("E", "W")) and _level(code) == "lad":
            if estimate < 1000:
                return [".", "."]  # no survey contact with anyone in the group
            if estimate < 1500:
                return ["c", "c"]
        if code.startswith("S12") and estimate < 800:
            return ["c", "c"]
        return [_round_thousand(estimate), "0~" if ci < 500 else _round_thousand(ci)]

    # --- NINo registrations -------------------------------------------------------------

    def nino(self) -> tuple[list[list[object]], list[str], dict[str, list[object]]]:
        years = self.spans.aps
        top: list[object] = [None, None]
        sub: list[object] = ["Area Code", "Area Name"]
        for y in years:
            top += [cal_label(y), cal_label(y)]
            sub += [f"Mid-{y} Population Estimate\n (16 to 64)", "Migrant NINo Registrations"]
        pop = np.stack([self.comps.population(y) for y in years], axis=1)
        working = np.rint(
            pop * self.traits.working_age[:, None] * np.exp(self.rng.normal(0, 0.004, pop.shape))
        )
        m_in = np.stack([self.comps.component("international_in", y) for y in years], axis=1)
        trend = np.array([_year_factor(y, NINO_TREND) for y in years])
        regs = np.rint(
            m_in
            * self.traits.nino_ratio[:, None]
            * trend[None, :]
            * np.exp(self.rng.normal(0, 0.08, pop.shape))
        )
        values = {}
        for code in self._codes("NINo Registrations"):
            w, r = self.agg.total(working, code), self.agg.total(regs, code)
            values[code] = [v for k in range(len(years)) for v in (int(w[k]), int(r[k]))]
        return [top, sub], [], values

    # --- GP registrations ---------------------------------------------------------------

    def gp(self) -> tuple[list[list[object]], list[str], dict[str, list[object]]]:
        years = self.spans.flows
        top: list[object] = [None, None]
        sub: list[object] = ["Area Code", "Area Name"]
        for y in years:
            top += [mid_label(y), mid_label(y)]
            sub += [f"Mid-{y} Population Estimate", "New Migrant GP Registrations"]
        pop = np.stack([self.comps.population(y) for y in years], axis=1)
        m_in = np.stack([self.comps.component("international_in", y) for y in years], axis=1)
        regs = np.rint(m_in * self.traits.gp_ratio[:, None] * np.exp(self.rng.normal(0, 0.07, pop.shape)))
        scottish = [c for c in self._codes("GP Registrations") if c.startswith("S12")]
        padded = set(scottish[15:]) - set(scottish[19:21])  # a run of ':' cells padded with spaces
        values = {}
        for code in self._codes("GP Registrations"):
            p, r = self.agg.total(pop, code), self.agg.total(regs, code)
            cells: list[object] = []
            for k, y in enumerate(years):
                if code.startswith("S"):
                    if code == EAST_DUNBARTONSHIRE and y == 2020:
                        reg: object = None  # left blank in the real table
                    elif code in padded and y == 2016:
                        reg = "                  :"
                    else:
                        reg = ":"
                else:
                    reg = int(r[k])
                cells += [int(p[k]), reg]
            values[code] = cells
        return [top, sub], [], values

    # --- Births to non-UK born mothers ------------------------------------------------------

    def births(self) -> tuple[list[list[object]], list[str], dict[str, list[object]]]:
        years = self.spans.births
        top: list[object] = [None, None]
        mid: list[object] = [None, "Mother's area of usual residence"]
        sub: list[object] = ["Area Code", "Area Name"]
        merges = []
        for k, y in enumerate(years):
            c = 3 + 3 * k
            L = get_column_letter
            top += [cal_label(y), None, None]
            mid += ["Live births", None, None]
            sub += [
                "All live births",
                "Live births to mothers born outside of UK",
                "Percentage of live births to non-UK born mothers",
            ]
            merges += [f"{L(c)}1:{L(c + 2)}1", f"{L(c)}2:{L(c + 2)}2"]
        # Calendar-year births straddle two mid-year periods.
        total = np.stack(
            [
                (self.comps.component("births", y) + self.comps.component("births", y + 1)) / 2.0
                for y in years
            ],
            axis=1,
        )
        total = np.rint(total * np.exp(self.rng.normal(0, 0.01, total.shape)))
        t = np.array(years, dtype=float) - 2011
        share = (
            self.traits.nonuk_share[:, None]
            * self.traits.mothers_factor[:, None]
            * (1 + self.traits.share_growth[:, None]) ** t
        )
        mothers = np.rint(total * np.clip(share, 0.01, 0.85) * np.exp(self.rng.normal(0, 0.05, total.shape)))
        total, mothers = (
            self._fold(total, only=(ISLES_OF_SCILLY,)),
            self._fold(mothers, only=(ISLES_OF_SCILLY,)),
        )
        values = {}
        for code in self._codes("Births to Non-UK Born Mothers"):
            if code == ISLES_OF_SCILLY:
                values[code] = [":"] * (3 * len(years))
                continue
            a, m = self.agg.total(total, code), self.agg.total(mothers, code)
            values[code] = [
                v for k in range(len(years)) for v in (int(a[k]), int(m[k]), float(m[k]) / float(a[k]) * 100)
            ]
        return [top, mid, sub], merges, values

    def _codes(self, sheet: str) -> list[str]:
        return [entry[0] for entry in self.facts.lami_sheets[sheet].rows if entry]


# Footnotes: our own short wording, in the real tables' shape (sources line, marker legend, a link
# back to the Notes, section headings, numbered notes with the text one column right).
NOTE = "These figures are invented for demonstration; the notes describe the real table."
FOOTNOTES: dict[str, list[list[object]]] = {
    "Migration Flows": [
        ["Sources: ONS, NRS, NISRA"],
        [": = not available"],
        ["Link to Notes tab"],
        ["Notes on the impact of coronavirus (COVID-19) pandemic on migration flows:"],
        [
            1,
            "In the real table, flows to mid-2020 needed extra modelling "
            "as the passenger survey stopped in March 2020. " + NOTE,
        ],
        [
            2,
            "Internal moves in the year to mid-2020 may be under-recorded: "
            "records were not always updated in time.",
        ],
        ["Notes relating to migration flows data: "],
        ["England and Wales:"],
        [
            2,
            "International flows are the mid-year estimates' components of change, "
            "not the official long-term series.",
        ],
        [3, "Internal flows are derived from the inputs to the mid-year estimates."],
        [
            4,
            "The Isles of Scilly are a separate council but are often combined with Cornwall for statistics.",
        ],
        [5, "County-level internal migration is not available for mid-2011 to mid-2012."],
        [
            6,
            "Areas changed in April 2019 and April 2020; earlier data have been aggregated to the new areas.",
        ],
        ["Scotland:"],
        [7, "Internal migration here includes moves between Scotland and the rest of the UK."],
        ["Northern Ireland:"],
        [8, "Internal migration for Northern Ireland includes moves to and from the Isle of Man."],
        [9, "Historical Northern Ireland international flows before 2014 were revised."],
        [10, "11 Local Government Districts (LGD2014) replaced the 26 earlier districts."],
        [],
        ["Notes relating to Population estimates data:"],
        [11, "Estimates are shown unrounded; this does not mean they are accurate to the last person."],
    ],
    "Short-Term Migration Inflows": [
        ["Sources: International Passenger Survey (IPS), ONS and administrative data sources"],
        ["p = estimates for mid-2016 to mid-2017 are provisional."],
        [": = not available"],
        ["Link to Notes tab"],
        ["Notes relating to Short-term migration inflows:"],
        [
            1,
            "Short-term inflows come from a survey at ports, "
            "shared out to local areas with administrative data. " + NOTE,
        ],
        [
            2,
            "Local figures cover 3 to 12 month stays for work or study by non-British citizens only.",
        ],
        [3, "From 2011 the Isles of Scilly are included with Cornwall."],
        [
            4,
            "Areas changed in April 2019 and April 2020; earlier data have been aggregated to the new areas.",
        ],
        [5, "The administrative sources used to distribute the national total include:"],
        [" ", "- visa and sponsorship records"],
        [None, "- student and learner records"],
        ["Notes relating to Population estimates data:"],
        [6, "Estimates are shown unrounded; this does not mean they are accurate to the last person."],
    ],
    "Non-UK Born Population": [
        ["Source: Annual Population Survey (APS), ONS"],
        [],
        [". = no contact"],
        [": = not available"],
        ["c = not available due to disclosure control"],
        ["0~ = rounded to zero"],
        ["Link to Notes tab"],
        ["Notes on the impact of coronavirus (COVID-19) pandemic on non-UK born population estimates:"],
        [
            1,
            "Interviews moved to telephone in March 2020, changing who responded; "
            "2020 estimates were reweighted. " + NOTE,
        ],
        ["Notes relating to the Annual Population Survey: "],
        [2, "Estimates are rounded to the nearest thousand. Totals may not sum due to rounding."],
        [3, "CI +/- is the half-width of the 95% confidence interval, also rounded to the nearest thousand."],
        [4, "Northern Ireland: local area estimates are not available."],
        [5, "City of London: estimates are included with Westminster; Isles of Scilly with Cornwall."],
    ],
    "Non-British Population": [
        ["Source: Annual Population Survey (APS), ONS"],
        [". = no contact"],
        [": = not available"],
        ["c = not available due to disclosure control"],
        ["0~ = rounded to zero"],
        ["Link to Notes tab"],
        ["Notes on the impact of coronavirus (COVID-19) pandemic on non-UK born population estimates:"],
        [
            1,
            "Interviews moved to telephone in March 2020, changing who responded; "
            "2020 estimates were reweighted. " + NOTE,
        ],
        ["Notes relating to the Annual Population Survey: "],
        [2, "Estimates are rounded to the nearest thousand. Totals may not sum due to rounding."],
        [3, "CI +/- is the half-width of the 95% confidence interval, also rounded to the nearest thousand."],
        [4, "Northern Ireland: local area estimates are not available."],
        [5, "City of London: estimates are included with Westminster; Isles of Scilly with Cornwall."],
    ],
    "NINo Registrations": [
        ["Sources: ONS, NISRA, Department for Work and Pensions (DWP)"],
        ["Link to Notes tab"],
        ["Notes on the impact of coronavirus (COVID-19) pandemic"],
        [1, "Registrations were largely paused from March 2020, so 2020 figures are low. " + NOTE],
        ["Notes relating to NINo data: ", None, " "],
        [2, "Figures are unrounded but have small random changes for disclosure control. As a result:"],
        ["2a", "figures may differ from those published before;"],
        ["2b", "sums of figures may differ from totals."],
        ["Notes relating to Population estimates data:"],
        [3, "Population estimates are for residents aged 16 to 64."],
    ],
    "GP Registrations": [
        ["Sources: ONS, NISRA, Patient Register data from NHS Digital"],
        [],
        [": = not available"],
        ["Link to Notes tab"],
        ["Notes on the impact of coronavirus (COVID-19) pandemic on GP registrations:"],
        [1, "Registrations in the year to mid-2020 may be incomplete because of lockdown. " + NOTE],
        ["Notes relating to GP registrations data:"],
        [2, "Registering with a GP is not compulsory, and may happen some time after arrival."],
        [],
        ["England and Wales:"],
        [
            3,
            "Counts are of new registrations by people previously living abroad. A registration counts when:",
        ],
        ["3a", "someone born abroad registers for the first time; or"],
        ["3b", "someone's previous address was outside the UK."],
        [],
        ["Scotland:"],
        [4, "Data for Scotland are not available."],
        ["Northern Ireland:"],
        [5, "Northern Ireland counts come from the health service's own registration codes."],
    ],
    "Births to Non-UK Born Mothers": [
        ["Sources: ONS, NRS, NISRA"],
        [],
        ["Totals may not sum due to rounding"],
        [": = not available"],
        ["c = not available due to disclosure control"],
        ["Link to Notes tab"],
        ["Notes relating to births to non-UK born mothers:"],
        [
            1,
            "A few registrations lack the mother's country of birth, so parts may not sum to the total. "
            + NOTE,
        ],
        [2, "Counts are by calendar year of registration and the mother's area of usual residence."],
        ["2a", "Country of birth is not a proxy for ethnicity or for recent migration."],
        [" ", "https://www.ons.gov.uk/peoplepopulationandcommunity/birthsdeathsandmarriages/livebirths"],
        [
            3,
            "To preserve confidentiality, counts for Isles of Scilly are combined with those for Cornwall.",
        ],
    ],
}

NOTES_DESCRIPTIONS = {
    "Migration Flows": (
        "Long-term international and internal migration in and out, with mid-year population.",
        "Available for all UK countries at country, region, county and local authority level.",
    ),
    "Short-Term Migration Inflows": (
        "Short-term international migration inflows, with mid-year population.",
        "Available for England and Wales.",
    ),
    "Non-UK Born Population": (
        "Residents born outside the UK, from the Annual Population Survey (APS).",
        "Local authority estimates for England, Wales and Scotland; Northern Ireland as a whole.",
    ),
    "Non-British Population": (
        "Residents who are not British citizens, from the APS.",
        "Local authority estimates for England, Wales and Scotland; Northern Ireland as a whole.",
    ),
    "NINo Registrations": (
        "National Insurance number registrations by adults from overseas, with population aged 16 to 64.",
        "Available for all UK countries.",
    ),
    "GP Registrations": (
        "New registrations with a GP by people previously living abroad.",
        "Available for England, Wales and Northern Ireland.",
    ),
    "Births to Non-UK Born Mothers": (
        "Live births, and births to mothers born outside the UK.",
        "Available for all UK countries.",
    ),
}


def _latest_label(sheet: str, spans: Spans) -> str:
    if sheet in ("Migration Flows", "GP Registrations"):
        return mid_label(spans.flows[-1])
    if sheet == "Short-Term Migration Inflows":
        return mid_label(spans.short_term[-1]) + " (provisional)"
    if sheet == "Births to Non-UK Born Mothers":
        return f"January {spans.births[-1]} to December {spans.births[-1]}"
    return f"January {spans.aps[-1]} to December {spans.aps[-1]}"


def _notes_sheet(ws, sheets: list[str], spans: Spans) -> None:
    rows: list[tuple[int, str, str | None]] = []  # (row, column A text, internal link target)
    r = 2
    for text in (
        "Local Area Migration Indicators, UK",
        "DEMONSTRATION DATA — invented figures. This workbook copies the layout of the ONS Local Area "
        "Migration Indicators workbook (2021 edition) so that software can be built and tested against it. "
        "Every number in it was made up by scripts/make_sample_data.py. These are not official statistics: "
        "do not use or quote them.",
        "Purpose: the real workbook brings together indicators from several statistics producers to give "
        "an indication of migration at local authority level.",
        f"Latest Year Available: {spans.aps[-1]}",
        f"Timeseries: most tables run from {spans.flows[0] - 1} to {spans.flows[-1]}; births to non-UK born "
        f"mothers end in {spans.births[-1]}, and short-term migration inflows end with "
        f"{mid_label(spans.short_term[-1])}, which is provisional.",
        "Geography: 2021 administrative geography: 4 countries of the UK, 9 English regions, English "
        "counties and 374 local authorities.",
    ):
        rows.append((r, text, None))
        r += 1
    r += 1
    rows.append((r, "Contained in this workbook:", None))
    r += 2
    for sheet in sheets:
        what, where = NOTES_DESCRIPTIONS[sheet]
        rows.append((r, sheet, sheet))
        rows.append((r + 1, what, None))
        rows.append((r + 2, where, None))
        rows.append((r + 3, f"Latest data available: {_latest_label(sheet, spans)}.", None))
        r += 5
    rows.append((r, "Copyright and Reproduction:", None))
    rows.append((r + 1, f"Published on {LAMI_PUBLISHED} by the Office for National Statistics.  ", None))
    rows.append(
        (
            r + 2,
            "The date above is that of the real edition whose layout this copy follows; "
            "its figures are invented.",
            None,
        )
    )
    rows.append(
        (
            r + 3,
            "Layout © Crown copyright, re-used under the Open Government Licence v3.0: "
            "http://www.nationalarchives.gov.uk/doc/open-government-licence/",
            None,
        )
    )
    bold = Font(bold=True)
    for row, text, link in rows:
        cell = ws.cell(row=row, column=1, value=text)
        if row == 2 or text.endswith(":") or link:
            cell.font = bold
        if link:
            target = ws.cell(row=row, column=2, value=f"'{link}'!A1")
            target.hyperlink = Hyperlink(ref=target.coordinate, location=f"'{link}'!A1")
    ws.column_dimensions["A"].width = 120
    ws.column_dimensions["B"].width = 40


def _data_sheet(
    ws,
    layout: SheetLayout,
    header: list[list[object]],
    merges: list[str],
    values: dict[str, list[object]],
    footnotes: list[list[object]],
    pct_every: int = 0,
    blank_quirk: dict[int, list[int]] | None = None,
) -> None:
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(header, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                cell = ws.cell(row=r, column=c, value=value)
                cell.font = bold
                cell.alignment = wrap
    for rng_ in merges:
        ws.merge_cells(rng_)
    r = len(header) + 1
    blanks_seen = 0
    width = len(header[-1])
    for entry in layout.rows:
        if entry is None:
            for c in (blank_quirk or {}).get(blanks_seen, []):
                ws.cell(row=r, column=c)  # becomes an empty string: see _normalise_xlsx
            blanks_seen += 1
            r += 1
            continue
        code, name = entry
        ws.cell(row=r, column=1, value=code)
        ws.cell(row=r, column=2, value=name)
        for c, value in enumerate(values[code], start=3):
            if value is None:
                continue
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, int | float):
                cell.number_format = "#,##0.0" if pct_every and (c - 2) % pct_every == 0 else "#,##0"
        r += 1
    r += 1  # one blank row before the footnotes
    for note in footnotes:
        for c, value in enumerate(note, start=1):
            if value is not None:
                cell = ws.cell(row=r, column=c, value=value)
                if value == "Link to Notes tab":
                    cell.hyperlink = Hyperlink(ref=cell.coordinate, location="'Notes'!A1")
        r += 1
    ws.column_dimensions["A"].width = 14.7
    ws.column_dimensions["B"].width = 45.4
    for c in range(3, width + 1):
        ws.column_dimensions[get_column_letter(c)].width = 14.5


def make_lami(
    facts: Facts,
    hierarchy: Hierarchy,
    comps: Components,
    traits: Traits,
    spans: Spans,
    rng: np.random.Generator,
) -> tuple[dict[str, bytes], ApsEstimates]:
    """The workbook, and its unrounded APS estimates for the NRS council table to agree with."""
    lami = Lami(facts, hierarchy, comps, traits, spans, rng)
    aps_years, resident, nonuk, nonbrit = lami._aps_base()
    tables = {
        "Migration Flows": lami.migration_flows(),
        "Short-Term Migration Inflows": lami.short_term(),
        "Non-UK Born Population": lami.aps("Non-UK Born Population", nonuk, resident, aps_years),
        "Non-British Population": lami.aps("Non-British Population", nonbrit, resident, aps_years),
        "NINo Registrations": lami.nino(),
        "GP Registrations": lami.gp(),
        "Births to Non-UK Born Mothers": lami.births(),
    }
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "Notes"
    _notes_sheet(notes, list(tables), spans)
    empty_strings: dict[str, list[str]] = {}
    for sheet, (header, merges, values) in tables.items():
        ws = wb.create_sheet(sheet)
        quirk = None
        pct = 0
        if sheet == "Births to Non-UK Born Mothers":
            pct = 3
            if 2017 in spans.births:  # two empty strings in the first separator row
                c = 3 + 3 * spans.births.index(2017)
                quirk = {0: [c, c + 1]}
                first_blank = len(header) + 1 + facts.lami_sheets[sheet].rows.index(None)
                part = f"xl/worksheets/sheet{len(wb.worksheets)}.xml"
                empty_strings[part] = [f"{get_column_letter(col)}{first_blank}" for col in (c, c + 1)]
        if sheet == "Migration Flows":
            footnotes = FOOTNOTES[sheet] + [[]] * 50 + [[" "]]  # a stray space far below the notes
        else:
            footnotes = FOOTNOTES[sheet]
        _data_sheet(ws, facts.lami_sheets[sheet], header, merges, values, footnotes, pct, quirk)
    wb.properties.creator = "make_sample_data.py"
    wb.properties.title = "Local area migration indicators, UK (demonstration data, invented figures)"
    wb.properties.created = XLSX_TIME
    wb.properties.modified = XLSX_TIME
    buffer = io.BytesIO()
    wb.save(buffer)
    files = {LAMI_FILE: _normalise_xlsx(buffer.getvalue(), empty_strings)}
    return files, ApsEstimates(aps_years, resident, nonuk)


def check_lami_headers(facts: Facts, workbook: bytes) -> list[str]:
    """Compare the generated header rows and area columns with the real workbook's."""
    problems = []
    wb = openpyxl.load_workbook(io.BytesIO(workbook), read_only=True)
    try:
        for sheet, real_header in facts.lami_headers.items():
            ws = wb[sheet]
            ours = [list(row) for row in ws.iter_rows(min_row=1, max_row=len(real_header), values_only=True)]
            for r, (mine, real) in enumerate(zip(ours, real_header, strict=True), start=1):
                width = max(len(mine), len(real))
                mine = (mine + [None] * width)[:width]
                real = (list(real) + [None] * width)[:width]
                if mine != real:
                    problems.append(f"{sheet} header row {r} differs")
            body = [
                (row[0], row[1]) if row[0] else None
                for row in ws.iter_rows(min_row=len(real_header) + 1, max_col=2, values_only=True)
            ]
            expected = facts.lami_sheets[sheet].rows
            if body[: len(expected)] != expected:
                problems.append(f"{sheet}: area rows differ")
    finally:
        wb.close()
    return problems


# --------------------------------------------------------------------------------------------
# Shared by the sources below
# --------------------------------------------------------------------------------------------


def source_rng(seed: int, source_id: str) -> np.random.Generator:
    """A random stream of the source's own: adding or changing a source leaves the others' files alone."""
    return np.random.default_rng([seed, zlib.crc32(source_id.encode())])


def _noise(rng: np.random.Generator, sd: float, size=None):
    """Multiplicative noise around 1."""
    return np.exp(rng.normal(0.0, sd, size))


def split_total(total: int, weights) -> np.ndarray:
    """Whole parts of `total` in proportion to `weights`, by largest remainder: they add up to `total`."""
    w = np.asarray(weights, dtype=float)
    raw = int(total) * w / w.sum()
    parts = np.floor(raw).astype(np.int64)
    order = np.argsort(parts - raw, kind="stable")  # largest remainder first
    parts[order[: int(total) - int(parts.sum())]] += 1
    return parts


def split_rows(totals: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """split_total for each area: totals (areas,), weights (areas, parts) -> (areas, parts)."""
    return np.stack([split_total(t, w) for t, w in zip(totals, weights, strict=True)])


def iter_rows(path: Path, encoding: str = "utf-8-sig"):
    """The rows of a CSV file, gzip-compressed or not, one at a time."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding=encoding, newline="") as handle:
        yield from csv.reader(handle)


def read_rows(path: Path, encoding: str = "utf-8-sig") -> list[list[str]]:
    return list(iter_rows(path, encoding))


def unique(items) -> list:
    """Distinct items, in the order first seen."""
    return list(dict.fromkeys(items))


def quarter_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    days = {3: 31, 6: 30, 9: 30, 12: 31}
    ends = [dt.date(y, m, d) for y in range(first.year, last.year + 1) for m, d in days.items()]
    return [q for q in ends if first <= q <= last]


def _when(day: dt.date) -> float:
    """A date as a decimal year, for the trend tables."""
    return day.year + (day.month - 0.5) / 12


@dataclass
class Councils:
    """The 2021 authorities, with what the sources below need to know about each."""

    codes: list[str]
    name: dict[str, str]  # ONS name, as the Home Office also writes it
    region: dict[str, str]  # English region, or the nation elsewhere, as mySociety words them
    kind: dict[str, str]
    population: dict[str, int]  # invented mid-2020 population

    def pick(self, rng: np.random.Generator, odds: dict[str, float], forced=()) -> list[str]:
        """Councils drawn with the odds of their kind (none for a kind not named), plus `forced`."""
        draws = rng.random(len(self.codes))
        return [
            c
            for c, u in zip(self.codes, draws, strict=True)
            if u < odds.get(self.kind[c], 0.0) or c in forced
        ]


def councils_of(facts: Facts, comps: Components, traits: Traits) -> Councils:
    by_gss = {r["gss-code"]: r for r in facts.mysociety_rows if r["gss-code"]}
    region = {}
    for code, _, _ in facts.mye_areas:
        row = by_gss[code]
        region[code] = row["region"] if row["nation"] == "England" else row["nation"]
        if not region[code]:
            raise SystemExit(f"make_sample_data: no region known for {code}")
    population = comps.population(MYE_LAST_YEAR)
    return Councils(
        codes=list(comps.lads),
        name={code: name for code, name, _ in facts.mye_areas},
        region=region,
        kind=dict(zip(comps.lads, traits.kind, strict=True)),
        population={c: int(p) for c, p in zip(comps.lads, population, strict=True)},
    )


def authorities_of(code: str, hierarchy: Hierarchy, facts: Facts) -> list[tuple[str, float]]:
    """The 2021 authorities whose figures make up an area's, each with the fraction it contributes.

    A 2021 authority is itself, also under a former code (Gateshead's E08000020), and a county the sum
    of its districts. An upper-tier council replaced before 2021 (Bournemouth, Dorset County,
    Buckinghamshire County) is a share of its successors, each successor split evenly between the
    upper-tier councils it replaced.
    """
    if code in hierarchy.members:
        return [(c, 1.0) for c in hierarchy.members[code]]
    if code in hierarchy.lads:
        return [(code, 1.0)]
    rows = facts.mysociety_rows
    for row in rows:
        if code in row["former-gss-codes"].split(",") and row["gss-code"] in hierarchy.lads:
            return [(row["gss-code"], 1.0)]
    by_register = {r["local-authority-code"]: r for r in rows}
    row = next((r for r in rows if r["gss-code"] == code and r["replaced-by"]), None)
    if row is None:
        raise SystemExit(f"make_sample_data: no 2021 local authorities known for area {code}")
    parts: list[tuple[str, float]] = []
    for register in row["replaced-by"].split(","):
        register = register.strip()
        upper = [
            r
            for r in rows
            if register in [x.strip() for x in r["replaced-by"].split(",")]
            and r["local-authority-type"] in ("CTY", "UA")
        ]
        successor = by_register[register]["gss-code"]
        parts += [(c, f / len(upper)) for c, f in authorities_of(successor, hierarchy, facts)]
    return parts


# --------------------------------------------------------------------------------------------
# 4. Census 2021 topic summaries (ONS dissemination API CSVs)
# --------------------------------------------------------------------------------------------

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
        cells[:, columns] = split_rows(counts, base * _noise(rng, 0.3, base.shape))
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


def make_census(
    layout: CensusLayout, comps: Components, traits: Traits, rng: np.random.Generator
) -> dict[str, bytes]:
    """Six tables describing one invented population per area, each perturbed on its own."""
    index = {code: i for i, code in enumerate(comps.lads)}
    at = np.array([index[code] for code, _ in layout.areas])
    n = len(at)
    total = np.rint(comps.population(MYE_LAST_YEAR)[at] * 1.004 * _noise(rng, 0.006, n)).astype(np.int64)
    share = traits.nonuk_share[at] * (1 + traits.share_growth[at]) ** 10 * _noise(rng, 0.05, n)
    abroad = np.rint(total * np.minimum(share, 0.7)).astype(np.int64)
    uk_born = total - abroad

    def mixed(counts: np.ndarray, mix: tuple[float, ...], sd: float) -> np.ndarray:
        return split_rows(counts, np.array(mix) * _noise(rng, sd, (n, len(mix))))

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
        data = _csv_bytes(table_layout.header, rows, bom=False, crlf=False)
        if len(data) > 1_000_000:  # TS012 is 1.7 MB as ONS publishes it; keep the committed copy small
            files[table_layout.file_name + ".gz"] = gzip.compress(data, mtime=0)
        else:
            files[table_layout.file_name] = data
    return files


# --------------------------------------------------------------------------------------------
# 5. DfE school census: pupils by first language (Explore Education Statistics data set)
# --------------------------------------------------------------------------------------------

EES_ALL = "Total"  # EES's word for 'all' in each filter
EAL_LANGUAGE = "Known or believed to be other than English"
ENGLISH_LANGUAGE = "Known or believed to be English"
UNKNOWN_LANGUAGE = "Language unclassified"
WHITE_BRITISH = "White - White British"
# School type -> (share of an authority's pupils, its EAL share relative to all types together, odds that
# an authority has pupils of that type at all).
EAL_PHASES = {
    "State-funded nursery": (0.005, 1.1, 0.6),
    "State-funded primary": (0.555, 1.06, 1.0),
    "State-funded secondary": (0.42, 0.92, 1.0),
    "State-funded special school": (0.016, 0.8, 1.0),
    "Non-maintained special school": (0.0006, 0.6, 0.4),
    "Pupil referral unit": (0.0017, 0.7, 0.85),
}
# The EES companion metadata, in our words where EES has words: one row per filter and indicator.
EAL_META_HEADER = [
    "col_name",
    "col_type",
    "label",
    "indicator_grouping",
    "indicator_unit",
    "indicator_dp",
    "filter_hint",
    "filter_grouping_column",
]
EAL_META = [
    ["phase_type_grouping", "Filter", "School type", "", "", "", "Filter by type of school", ""],
    ["ethnicity", "Filter", "Ethnicity", "", "", "", "Filter by ethnic group", ""],
    ["language", "Filter", "First language", "", "", "", "Filter by first language", ""],
    ["headcount", "Indicator", "Headcount", "Pupil counts", "", "0", "", ""],
    ["percent_of_pupils", "Indicator", "Percent", "Pupil counts", "", "1", "", ""],
]
EES_LEVELS = ("Local authority", "Regional", "National")


@dataclass
class EalLayout:
    header: list[str]
    periods: list[str]  # '201516', ..., oldest first
    phases: list[str]  # school types other than 'Total'
    ethnicities: list[str]  # ethnic groups other than 'Total'
    languages: list[str]  # first-language groups other than 'Total'
    regions: dict[str, str]  # code -> name
    authorities: list[tuple[str, str, str, str]]  # (old code, name, new code, region code)
    published: dict[str, list[str]]  # new code -> the periods the authority is published for


def read_eal_layout(realdata: Path) -> EalLayout:
    rows = iter_rows(realdata / REAL_EAL)  # 150,000 rows: read as they come
    header = next(rows)
    at = {name: i for i, name in enumerate(header)}
    filters = ("time_period", "phase_type_grouping", "ethnicity", "language")
    seen: dict[str, set[str]] = {column: set() for column in filters}
    authorities: set[tuple[str, ...]] = set()
    regions: dict[str, str] = {}
    published: dict[str, set[str]] = {}
    for r in rows:
        for column in filters:
            seen[column].add(r[at[column]])
        if r[at["geographic_level"]] == EES_LEVELS[0]:
            authorities.add(tuple(r[at[k]] for k in ("old_la_code", "la_name", "new_la_code", "region_code")))
            regions[r[at["region_code"]]] = r[at["region_name"]]
            published.setdefault(r[at["new_la_code"]], set()).add(r[at["time_period"]])
    layout = EalLayout(
        header=header,
        periods=sorted(seen["time_period"]),
        phases=sorted(seen["phase_type_grouping"] - {EES_ALL}),
        ethnicities=sorted(seen["ethnicity"] - {EES_ALL}),
        languages=sorted(seen["language"] - {EES_ALL}),
        regions=dict(sorted(regions.items())),
        authorities=sorted(authorities),
        published={code: sorted(periods) for code, periods in published.items()},
    )
    if (
        set(layout.phases) != set(EAL_PHASES)
        or layout.languages != sorted([EAL_LANGUAGE, ENGLISH_LANGUAGE, UNKNOWN_LANGUAGE])
        or WHITE_BRITISH not in layout.ethnicities
    ):
        raise SystemExit(
            "make_sample_data: the real EES file has other school types, languages or ethnic groups"
        )
    return layout


def _ees_percent(count: int, total: int) -> str:
    """As EES writes an unrounded percentage: up to ten significant figures, '100' for all."""
    return format(100 * count / total, ".10g") if total else "0"


def _add_counts(target: dict[str, int], source: dict[str, int]) -> None:
    for key, count in source.items():
        target[key] = target.get(key, 0) + count


# period -> school type -> first-language group -> pupils, for one area
EalCounts = dict[str, dict[str, dict[str, int]]]
EalArea = tuple[str, str, str, str, str]  # (geographic level, region code, old code, name, new code)


def _eal_authorities(
    layout: EalLayout, facts: Facts, hierarchy: Hierarchy, comps: Components, traits: Traits, rng
) -> dict[EalArea, EalCounts]:
    """Each authority's pupils, in the years the real file lists it, from its 2021 authorities."""
    index = {code: i for i, code in enumerate(comps.lads)}
    pupils = comps.population(MYE_LAST_YEAR) * rng.uniform(0.13, 0.17, len(index))
    share_2021 = traits.nonuk_share * (1 + traits.share_growth) ** 10 * rng.uniform(1.0, 1.5, len(index))
    eal = pupils * np.clip(share_2021, 0.004, 0.8)
    last = int(layout.periods[-1][:4]) + 1
    areas: dict[EalArea, EalCounts] = {}
    for old, name, new, region in layout.authorities:
        parts = authorities_of(new, hierarchy, facts)
        rows, fraction = np.array([index[c] for c, _ in parts]), np.array([f for _, f in parts])
        base = float((pupils[rows] * fraction).sum())
        share = float((eal[rows] * fraction).sum()) / base
        phases = [p for p in layout.phases if rng.random() < EAL_PHASES[p][2]]
        mix = {p: EAL_PHASES[p][0] * float(_noise(rng, 0.1)) for p in phases}
        unknown = rng.uniform(0.001, 0.006)
        by_period = areas.setdefault((EES_LEVELS[0], region, old, name, new), {})
        for period in layout.published[new]:
            year = int(period[:4]) + 1
            roll = base * (1 - 0.008 * (last - year)) * float(_noise(rng, 0.01))
            year_share = share * (1 + 0.01 * (year - last)) * float(_noise(rng, 0.02))
            by_phase = {}
            for p in phases:
                headcount = round(roll * mix[p])
                others = round(headcount * min(year_share * EAL_PHASES[p][1], 0.95))
                unrecorded = min(round(headcount * unknown), headcount - others)
                english = headcount - others - unrecorded
                by_phase[p] = {
                    EES_ALL: headcount,
                    EAL_LANGUAGE: others,
                    UNKNOWN_LANGUAGE: unrecorded,
                    ENGLISH_LANGUAGE: english,
                }
            by_period[period] = {EES_ALL: {}, **by_phase}
            for counts in by_phase.values():
                _add_counts(by_period[period][EES_ALL], counts)
    return areas


def _eal_totals(areas: dict[EalArea, EalCounts]) -> None:
    """Add each region and England, as sums of their authorities."""
    for (_, region, *_), by_period in list(areas.items()):
        for key in ((EES_LEVELS[1], region, "", "", ""), (EES_LEVELS[2], "", "", "", "")):
            for period, by_phase in by_period.items():
                for phase, counts in by_phase.items():
                    _add_counts(
                        areas.setdefault(key, {}).setdefault(period, {}).setdefault(phase, {}), counts
                    )


def _eal_ethnic_groups(
    layout: EalLayout, areas: dict[EalArea, EalCounts], rng: np.random.Generator
) -> dict[EalArea, dict[tuple[str, str], np.ndarray]]:
    """Pupils of each region by ethnic group, per year and school type; England's are the regions' sums."""
    groups: dict[EalArea, dict[tuple[str, str], np.ndarray]] = {}
    national = groups.setdefault((EES_LEVELS[2], "", "", "", ""), {})
    for key, by_period in areas.items():
        if key[0] != EES_LEVELS[1]:
            continue
        base = np.exp(rng.normal(0.0, 0.9, len(layout.ethnicities)))
        base[layout.ethnicities.index(WHITE_BRITISH)] = base.sum() * rng.uniform(1.2, 4.0)
        for period, by_phase in by_period.items():
            for phase, by_language in by_phase.items():
                split = split_total(by_language[EES_ALL], base * _noise(rng, 0.1, len(base)))
                groups.setdefault(key, {})[(period, phase)] = split
                national[(period, phase)] = national.get((period, phase), 0) + split
    return groups


def make_dfe_eal(
    layout: EalLayout,
    facts: Facts,
    hierarchy: Hierarchy,
    comps: Components,
    traits: Traits,
    rng: np.random.Generator,
) -> dict[str, bytes]:
    """Pupils by school type and first language for each authority and year, as the real file lists them;
    regions and England are sums of their authorities, and they alone are also split by ethnic group."""
    areas = _eal_authorities(layout, facts, hierarchy, comps, traits, rng)
    _eal_totals(areas)
    groups = _eal_ethnic_groups(layout, areas, rng)
    rows = []
    for period in reversed(layout.periods):
        for key in sorted(areas, key=lambda k: (EES_LEVELS.index(k[0]), k[1:])):
            by_phase = areas[key].get(period, {})
            level, region, old, name, new = key
            place = {
                "time_period": period,
                "time_identifier": "Academic year",
                "geographic_level": level,
                "country_code": "E92000001",
                "country_name": "England",
                "region_code": region,
                "region_name": layout.regions.get(region, ""),
                "old_la_code": old,
                "la_name": name,
                "new_la_code": new,
            }
            for phase in [p for p in [EES_ALL, *layout.phases] if p in by_phase]:
                split = groups.get(key, {}).get((period, phase), [])
                cells = [(e, EES_ALL, int(c)) for e, c in zip(layout.ethnicities, split, strict=False)]
                cells += [(EES_ALL, g, by_phase[phase][g]) for g in [EES_ALL, *layout.languages]]
                for ethnicity, language, count in cells:
                    row = place | {
                        "phase_type_grouping": phase,
                        "ethnicity": ethnicity,
                        "language": language,
                        "headcount": str(count),
                        "percent_of_pupils": _ees_percent(count, by_phase[phase][EES_ALL]),
                    }
                    rows.append([row[h] for h in layout.header])
    data = gzip.compress(_csv_bytes(layout.header, rows, bom=False, crlf=False), compresslevel=9, mtime=0)
    return {EAL_FILE: data, EAL_META_FILE: _csv_bytes(EAL_META_HEADER, EAL_META, bom=True, crlf=False)}


# --------------------------------------------------------------------------------------------
# 6. NRS: population by country of birth, Scottish council areas (APS)
# --------------------------------------------------------------------------------------------

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


def make_aps_cob(
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
            cells += ["", *(_thousands(x) for x in Lami._aps_pair(code, float(e), 1.96 * math.sqrt(v)))]
        body.append(cells)

    def pad(cells) -> list:
        return list(cells) + [""] * (NRS_WIDTH - len(cells))

    title = re.sub(r"December \d{4}", f"December {year}", layout.title)
    rows = [pad(r) for r in layout.header_rows] + body + [pad([])] + [pad([line]) for line in NRS_FOOTNOTES]
    return {NRS_FILE: _csv_bytes(pad([title]), rows, bom=False, crlf=False, encoding="iso-8859-1")}


# --------------------------------------------------------------------------------------------
# 7. HESA open data Table 1: enrolments by provider
# --------------------------------------------------------------------------------------------

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


def make_hesa(layout: HesaLayout, councils: Councils, rng: np.random.Generator) -> dict[str, bytes]:
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
        total = size * (1 + growth) ** (year - HESA_YEARS[-1]) * _noise(rng, 0.02, n)
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
    return {hesa_source.DOWNLOAD_NAME: _csv_bytes(layout.header, rows, bom=True, crlf=True)}


# --------------------------------------------------------------------------------------------
# 8. Home Office: asylum support (Asy_D11) and resettlement (Res_D01) by local authority
# --------------------------------------------------------------------------------------------
# Both in the 2025-26 workbook layout: Cover_sheet, Contents, a summary sheet and the data sheet
# ('Data_Asy_D11', 'Data_Res_D01') with a title row, the header on the second row, one row per quarter
# end, council and category with anyone in it (none for the others), and 'End of table' below.

HO_FIRST, HO_LAST = dt.date(2014, 3, 31), dt.date(2026, 6, 30)
# From 30 June 2023 the tables file the councils created that April under their own codes; at 30 Sep
# 2023 some resettlement arrivals were still filed under a former district's code (as in the real file).
REORGANISED = dt.date(2023, 6, 30)
OLD_CODE_QUARTER, OLD_CODE_DISTRICT = dt.date(2023, 9, 30), "E07000168"  # Scarborough
UNKNOWN = "Unknown"
SUPPORT, ACCOMMODATION, SCHEME = "Support Type", "Accommodation Type", "Resettlement Scheme"
S95, S4, S98 = "Section 95", "Section 4", "Section 98"
DISPERSAL = "Dispersal Accommodation"
SUBSISTENCE = "Subsistence Only"
HOTEL = "Contingency Accommodation - Hotel"
CONTINGENCY_OTHER = "Contingency Accommodation - Other"
INITIAL = "Initial Accommodation"
OTHER_ACCOMMODATION = "Other Accommodation"
# Figures the Home Office gives for the UK only, on rows whose region, name and code all carry a note.
S4_UK_ONLY = "N/A - Section 4 (pre-2018)"
S98_UK_ONLY = "N/A - Section 98 (pre-Dec 2022)"
S98_UK_ONLY_ACCOMMODATION = "N/A - Section 98 (pre-2023)"
SUBSISTENCE_UK_ONLY = "N/A - Subsistence Only (Dec 2023 - Sep 2024)"
# When the table began to give each kind of figure by council.
S4_BY_COUNCIL = dt.date(2018, 3, 31)
S98_BY_COUNCIL = dt.date(2022, 12, 31)  # also hotels, initial and other contingency accommodation
S4_CONTINGENCY = dt.date(2023, 3, 31)
S95_CONTINGENCY = dt.date(2023, 6, 30)
OTHER_ACCOMMODATION_FROM = dt.date(2023, 9, 30)
SUBSISTENCE_BY_COUNCIL_UNTIL = dt.date(2023, 9, 30)
SUBSISTENCE_BY_COUNCIL_AGAIN = dt.date(2024, 12, 31)  # given by council again after the gap

DISPERSAL_ODDS = {
    "large": 0.6,
    "E08": 0.4,
    "E06": 0.25,
    "london": 0.15,
    "W06": 0.15,
    "S12": 0.06,
    "N09": 0.05,
    "E07": 0.03,
}
HOTEL_ODDS = {
    "large": 0.5,
    "E08": 0.3,
    "london": 0.4,
    "E06": 0.25,
    "E07": 0.1,
    "W06": 0.15,
    "S12": 0.08,
    "N09": 0.08,
}
ASYLUM_TREND = {
    2014.2: 0.55,
    2016: 0.65,
    2018: 0.75,
    2020: 0.95,
    2021: 1.05,
    2022.9: 1.25,
    2023.7: 1.5,
    2024.7: 1.35,
    2025.5: 1.3,
    2026.4: 1.2,
}
UK_ONLY_S98_TREND = {2014.2: 1.0, 2019: 1.6, 2020.5: 4.0, 2021.5: 6.0, 2022.7: 9.0}
HOTEL_TREND = {2022.9: 1.0, 2023.5: 1.2, 2023.7: 1.25, 2024.2: 0.75, 2024.7: 0.55, 2025.5: 0.5, 2026.4: 0.35}

# One fault of each kind the real file has and the parser reports, so that the data-quality page shows
# them: Section 98 rows for another council under Hull's code; Folkestone and Hythe's former name;
# 'Subsistence only' and 'Yorkshire And The Humber' spelt with other capitals; a row split in two; and
# the 'N/A - ...' and 'Unknown' pseudo-areas above.
HULL, LEEDS, FOLKESTONE = "E06000010", "E08000035", "E07000112"
WRONG_CODE_QUARTER = dt.date(2022, 12, 31)
FORMER_NAME = "Shepway"
FORMER_NAME_QUARTERS = (
    dt.date(2015, 3, 31),
    dt.date(2016, 3, 31),
    dt.date(2017, 3, 31),
    dt.date(2017, 12, 31),
)
SPELLING_QUARTER = dt.date(2022, 12, 31)
SPELLINGS = {"Subsistence Only": "Subsistence only", "Yorkshire and The Humber": "Yorkshire And The Humber"}
DUPLICATE_QUARTER = dt.date(2023, 3, 31)
# Rows for people whose council is not recorded: (support, accommodation, from, odds a quarter, most people)
UNKNOWN_COUNCIL = (
    (S95, DISPERSAL, HO_FIRST, 0.8, 40),
    (S95, SUBSISTENCE, HO_FIRST, 0.8, 25),
    (S4, DISPERSAL, S4_BY_COUNCIL, 0.4, 6),
)


def sample(rng: np.random.Generator, codes: list[str], k: int, weights=None) -> list[str]:
    """k of `codes` without repeats (fewer if there are fewer), in their own order."""
    p = None if weights is None else np.asarray(weights, dtype=float) / np.sum(weights)
    chosen = rng.choice(len(codes), size=min(k, len(codes)), replace=False, p=p)
    return [codes[i] for i in sorted(chosen)]


@dataclass(frozen=True)
class Successor:
    code: str
    name: str
    region: str


def successors_of(facts: Facts, councils: Councils) -> dict[str, Successor]:
    """2021 districts merged whole into a unitary council created in 2023 (North Yorkshire, Somerset,
    Cumberland, Westmorland and Furness): district code -> the new council."""
    by_register = {r["local-authority-code"]: r for r in facts.mysociety_rows}
    found = {}
    for row in facts.mysociety_rows:
        code, registers = row["gss-code"], [r.strip() for r in row["replaced-by"].split(",") if r.strip()]
        if code not in councils.name or not row["end-date"].startswith("2023") or len(registers) != 1:
            continue
        new = by_register[registers[0]]
        if new["gss-code"] and new["local-authority-type"] == "UA":
            found[code] = Successor(new["gss-code"], new["nice-name"], new["region"] or councils.region[code])
    return found


class HomeOfficeRows:
    """Rows of a Home Office table, keyed by column: only those with anyone in them."""

    def __init__(self, councils: Councils, count_column: str, unknown_code: str,
                 successors: dict[str, Successor] | None = None):
        self.councils = councils
        self.count_column = count_column
        self.unknown_code = unknown_code  # the code of the 'Unknown' council's rows
        self.successors = successors or {}
        self.rows: list[dict[str, str]] = []
        self._index: dict[tuple, dict[str, str]] = {}

    def add(self, quarter: dt.date, code: str, people: float, categories: dict[str, str],
            as_published: bool = False) -> None:
        """A council's row (`code` a GSS code) or a pseudo-area's (`code` its note, or UNKNOWN).

        From REORGANISED a district merged in 2023 is filed under its new council (rows for the same
        council and category added together), unless `as_published` keeps the district's code.
        """
        people = round(people)
        if people < 1:
            return
        successor = self.successors.get(code)
        if successor and quarter >= REORGANISED and not as_published:
            place = (successor.region, successor.name, successor.code)
        elif code in self.councils.name:
            place = (self.councils.region[code], self.councils.name[code], code)
        elif code == UNKNOWN:
            place = (UNKNOWN, UNKNOWN, self.unknown_code)
        else:
            place = (code, code, code)
        key = (quarter, place[2], place[1], tuple(sorted(categories.items())))
        if key in self._index:
            row = self._index[key]
            row[self.count_column] = str(int(row[self.count_column]) + people)
            return
        row = {
            "Date": quarter.isoformat(),
            "Year": str(quarter.year),
            "Quarter": str((quarter.month - 1) // 3 + 1),
            "UK Region": place[0],
            "Local Authority": place[1],
            "LAD Code": place[2],
            **categories,
            self.count_column: str(people),
        }
        self._index[key] = row
        self.rows.append(row)

    def where(self, quarter: dt.date, **cells: str) -> list[dict[str, str]]:
        """The rows of a quarter with the given cells (keyword: the column with '_' for ' ')."""
        wanted = {"Date": quarter.isoformat()} | {k.replace("_", " "): v for k, v in cells.items()}
        return [r for r in self.rows if all(r[k] == v for k, v in wanted.items())]

    def workbook(self, table: str, title: str, header: list[str], cells, order: tuple[str, ...]) -> bytes:
        """The 2025-26 workbook: Cover_sheet, Contents, a summary sheet named like the table, and
        'Data_<table>' with its title row, `header` on the second row, `cells(row)` for each row and
        'End of table' below."""
        rows = sorted(self.rows, key=lambda r: tuple(r[c] for c in order))
        book = openpyxl.Workbook()
        cover = book.active
        cover.title = "Cover_sheet"
        for line in (f"Immigration system statistics: {title}", "Demonstration data: invented figures",
                     "Home Office", f"Published: {HO_PUBLISHED}", f"Next update: {HO_NEXT}"):
            cover.append([line])
        contents = book.create_sheet("Contents")
        for line in (["Contents"], ["Sheet", "Description"], [table, f"{title}: summary"],
                     [f"Data_{table}", f"{title}: data"]):
            contents.append(line)
        summary = book.create_sheet(table)
        summary.append([f"{table}: {title}, summary (demonstration data)"])
        summary.append(["Total", sum(int(r[self.count_column]) for r in rows)])
        data = book.create_sheet(f"Data_{table}")
        data.append([f"{table}: {title}, to {HO_LAST.strftime('%d %B %Y')} (demonstration data)"])
        data.append(header)
        for row in rows:
            data.append(cells(row))
        data.append(["End of table"])
        out = io.BytesIO()
        book.save(out)
        return _normalise_xlsx(out.getvalue())


@dataclass
class AsylumPlaces:
    """Which councils house asylum seekers, and how: drawn once by kind of council."""

    start: dict[str, dt.date]  # council -> first quarter with dispersed asylum seekers
    rate: dict[str, float]  # dispersed people per resident, at the trend's level 1
    section_4: set[str]  # councils with refused asylum seekers supported (Section 4)
    section_98: set[str]  # councils with emergency support in dispersal housing (from December 2022)
    subsistence: list[str]  # councils with people on a cash allowance only
    hotels: dict[str, float]  # council -> hotel residents per resident (from December 2022)
    hotels_98: set[str]  # hotels still partly under Section 98 after June 2023
    hotels_4: set[str]  # hotels with Section 4 residents (from March 2023)
    other_sites: list[str]  # other contingency sites
    initial: list[str]  # initial accommodation
    other_housing: list[str]  # 'Other Accommodation' (from September 2023)


def _asylum_places(councils: Councils, rng: np.random.Generator) -> AsylumPlaces:
    forced = (*DEMO_AREAS, HULL, FOLKESTONE)
    quarters = quarter_ends(HO_FIRST, HO_LAST)
    dispersal = councils.pick(rng, DISPERSAL_ODDS, forced)
    start = {
        c: quarters[0] if c in forced or rng.random() < 0.7 else quarters[rng.integers(0, 36)]
        for c in dispersal
    }
    full_dispersal = councils.pick(rng, {"E07": 0.08, "E06": 0.15, "W06": 0.15})  # more councils from 2022
    start |= {c: S98_BY_COUNCIL for c in full_dispersal if c not in start}
    rate = {c: float(np.exp(rng.normal(math.log(0.0015), 0.5))) for c in start}
    section_4 = {c for c in dispersal if c in forced or rng.random() < 0.35}
    section_98 = {c for c in dispersal if rng.random() < 0.3}
    elsewhere = councils.pick(rng, {"E07": 0.02, "london": 0.1})
    subsistence = sorted({c for c in dispersal if rng.random() < 0.25} | set(elsewhere))
    hotels = councils.pick(rng, HOTEL_ODDS, DEMO_AREAS)
    return AsylumPlaces(
        start=start,
        rate=rate,
        section_4=section_4,
        section_98=section_98,
        subsistence=subsistence,
        hotels={c: float(np.exp(rng.normal(math.log(0.0012), 0.6))) for c in hotels},
        hotels_98=set(sample(rng, hotels, len(hotels) // 4)),
        hotels_4=set(sample(rng, hotels, len(hotels) // 6)),
        other_sites=sample(rng, hotels, 5),
        initial=sample(rng, councils.pick(rng, {"large": 1.0}), 6),
        other_housing=sample(rng, dispersal, 2),
    )


def _asylum_quarter(out: HomeOfficeRows, q: dt.date, at: AsylumPlaces, rng: np.random.Generator) -> None:
    """One quarter's rows: by council where the table gives them, else one row for the UK."""
    pop = out.councils.population
    t = _when(q)
    trend = _year_factor(t, ASYLUM_TREND)
    s4_uk = subsistence_uk = 0.0
    for c, first in at.start.items():
        if q < first:
            continue
        dispersed = pop[c] * at.rate[c] * trend * float(_noise(rng, 0.08))
        out.add(q, c, dispersed, {SUPPORT: S95, ACCOMMODATION: DISPERSAL})
        s4 = round(dispersed * rng.uniform(0.05, 0.12)) if c in at.section_4 else 0
        if q >= S4_BY_COUNCIL:
            out.add(q, c, s4, {SUPPORT: S4, ACCOMMODATION: DISPERSAL})
        else:
            s4_uk += s4
        if q >= S98_BY_COUNCIL and c in at.section_98:
            out.add(q, c, dispersed * rng.uniform(0.01, 0.05), {SUPPORT: S98, ACCOMMODATION: DISPERSAL})
    for c in at.subsistence:
        people = round(pop[c] * 0.0001 * trend * float(_noise(rng, 0.3))) if rng.random() < 0.75 else 0
        if q <= SUBSISTENCE_BY_COUNCIL_UNTIL or q >= SUBSISTENCE_BY_COUNCIL_AGAIN:
            out.add(q, c, people, {SUPPORT: S95, ACCOMMODATION: SUBSISTENCE})
        else:
            subsistence_uk += people
    if SUBSISTENCE_BY_COUNCIL_UNTIL < q < SUBSISTENCE_BY_COUNCIL_AGAIN:
        out.add(q, SUBSISTENCE_UK_ONLY, subsistence_uk, {SUPPORT: S95, ACCOMMODATION: SUBSISTENCE})
    if q < S4_BY_COUNCIL:
        out.add(q, S4_UK_ONLY, s4_uk, {SUPPORT: S4, ACCOMMODATION: DISPERSAL})
    if q < S98_BY_COUNCIL:
        people = sum(pop.values()) * 4e-5 * _year_factor(t, UK_ONLY_S98_TREND) * float(_noise(rng, 0.05))
        out.add(q, S98_UK_ONLY, people, {SUPPORT: S98, ACCOMMODATION: S98_UK_ONLY_ACCOMMODATION})
    else:
        housing = S98 if q < S95_CONTINGENCY else S95
        busy = _year_factor(t, HOTEL_TREND)
        for c, hotel_rate in at.hotels.items():
            people = pop[c] * hotel_rate * busy * float(_noise(rng, 0.1))
            if housing == S95 and c in at.hotels_98:
                out.add(q, c, people * 0.15, {SUPPORT: S98, ACCOMMODATION: HOTEL})
                people *= 0.85
            out.add(q, c, people, {SUPPORT: housing, ACCOMMODATION: HOTEL})
            if q >= S4_CONTINGENCY and c in at.hotels_4:
                out.add(q, c, people * 0.04, {SUPPORT: S4, ACCOMMODATION: HOTEL})
        for sites, kind, scale in (
            (at.other_sites, CONTINGENCY_OTHER, 0.0004),
            (at.initial, INITIAL, 0.0008),
        ):
            for c in sites:
                people = pop[c] * scale * busy * float(_noise(rng, 0.2))
                out.add(q, c, people, {SUPPORT: housing, ACCOMMODATION: kind})
        if q >= OTHER_ACCOMMODATION_FROM:
            for c in at.other_housing:
                out.add(q, c, rng.integers(1, 15), {SUPPORT: S95, ACCOMMODATION: OTHER_ACCOMMODATION})
    for support, kind, since, odds, most in UNKNOWN_COUNCIL:  # people whose council is not recorded
        if since <= q <= SUBSISTENCE_BY_COUNCIL_UNTIL and rng.random() < odds:
            out.add(q, UNKNOWN, rng.integers(1, most), {SUPPORT: support, ACCOMMODATION: kind})


def _asylum_faults(out: HomeOfficeRows) -> None:
    for row in out.where(WRONG_CODE_QUARTER, Support_Type=S98, LAD_Code=LEEDS):
        row["LAD Code"] = HULL
    for q in FORMER_NAME_QUARTERS:
        for row in out.where(q, LAD_Code=FOLKESTONE):
            row["Local Authority"] = FORMER_NAME
    for row in out.where(SPELLING_QUARTER):
        for column in (ACCOMMODATION, "UK Region"):
            row[column] = SPELLINGS.get(row[column], row[column])
    candidates = out.where(DUPLICATE_QUARTER, Support_Type=S98, Accommodation_Type=DISPERSAL)
    if not candidates:
        raise SystemExit("make_sample_data: no Section 98 dispersal row to split into a duplicate")
    largest = max(candidates, key=lambda r: int(r["People"]))
    people = int(largest["People"])
    largest["People"] = str(people - people // 3)
    out.rows.append(largest | {"People": str(people // 3)})


def make_asylum_support(councils: Councils, successors: dict[str, Successor],
                        rng: np.random.Generator) -> dict[str, bytes]:
    """People supported at each quarter end, by support and accommodation type, with one fault of each
    kind the real file has."""
    places = _asylum_places(councils, rng)
    out = HomeOfficeRows(councils, "People", "N/A", successors)
    for q in quarter_ends(HO_FIRST, HO_LAST):
        _asylum_quarter(out, q, places, rng)
    _asylum_faults(out)
    header = ["Date (as at…)", SUPPORT, "UK Region / Nation", "Local Authority", "LAD Code", ACCOMMODATION,
              "People"]

    def cells(row: dict[str, str]) -> list[object]:
        day = dt.date.fromisoformat(row["Date"]).strftime("%d %b %Y")
        return [day, row[SUPPORT], row["UK Region"], row["Local Authority"], row["LAD Code"],
                row[ACCOMMODATION], int(row["People"])]

    order = ("Date", SUPPORT, "Local Authority", ACCOMMODATION, "People")
    return {ASYLUM_FILE: out.workbook("Asy_D11", "asylum seekers in receipt of support by local authority",
                                      header, cells, order)}


# Res_D01 schemes given by council: (name, first and last quarter with arrivals, odds a council takes
# part, rows a quarter at full pace, mean arrivals a row).
COUNCIL_SCHEMES = (
    ("Vulnerable Persons Resettlement Scheme", "2014-03-31", "2021-03-31", 0.45, 70, 7.0),
    ("Vulnerable Children Resettlement Scheme", "2016-12-31", "2021-03-31", 0.15, 15, 4.0),
    ("UK Resettlement Scheme", "2021-03-31", "2026-06-30", 0.25, 25, 6.0),
    ("UK Resettlement Scheme - Community Sponsorship Scheme", "2021-03-31", "2026-06-30", 0.1, 8, 4.0),
    ("Mandate Scheme", "2021-12-31", "2026-06-30", 0.05, 2, 2.0),
)
# The Afghan schemes, published under 'Unknown' only: name -> (first and last quarter with arrivals,
# mean arrivals a quarter).
AFGHAN_SCHEMES = {
    "Relocation - ARAP": ("2021-06-30", "2026-06-30", 60.0),
    "Resettlement - ACRS Pathway 1": ("2021-06-30", "2026-06-30", 40.0),
    "Resettlement - ACRS Pathway 1 - Community Sponsorship Scheme": ("2021-09-30", "2022-03-31", 3.0),
    "Resettlement - ACRS Pathway 2": ("2022-09-30", "2026-06-30", 20.0),
    "Resettlement - ACRS Pathway 2 - Communities for Afghans": ("2024-03-31", "2026-06-30", 5.0),
    "Resettlement - ACRS Pathway 2 - Community Sponsorship Scheme": ("2023-06-30", "2024-06-30", 3.0),
    "Resettlement - ACRS Pathway 3": ("2023-03-31", "2026-06-30", 15.0),
    "Resettlement - ACRS Pathway 3 - Communities for Afghans": ("2024-03-31", "2024-06-30", 3.0),
    "Resettlement - Afghan route not recorded": ("2021-09-30", "2026-06-30", 10.0),
}
# How busy the council schemes were, as a share of their rows at full pace: a trickle until the VPRS
# grew late in 2015; nothing from April to September 2020, when travel stopped; a restart after.
RESETTLEMENT_PACE = {2014.2: 0.03, 2015.7: 0.04, 2015.95: 0.7, 2016.5: 1.0, 2019.9: 0.85, 2020.2: 0.6}
PAUSED = {dt.date(2020, 6, 30): 0.0, dt.date(2020, 9, 30): 0.0, dt.date(2020, 12, 31): 0.05}
# Folkestone and Hythe under its former name once, and under its own in more quarters (the real kind).
FORMER_NAME_RESETTLEMENT = dt.date(2016, 9, 30)
FOLKESTONE_ARRIVALS = (
    FORMER_NAME_RESETTLEMENT,
    dt.date(2017, 6, 30),
    dt.date(2018, 6, 30),
    dt.date(2019, 3, 31),
)


def make_resettlement(councils: Councils, successors: dict[str, Successor],
                      rng: np.random.Generator) -> dict[str, bytes]:
    """People arriving in each quarter by scheme and the council that first housed them."""
    out = HomeOfficeRows(councils, "Persons", UNKNOWN, successors)
    kinds = set(councils.kind.values())
    for scheme, first, last, odds, rows_at_full_pace, mean in COUNCIL_SCHEMES:
        vprs = scheme == COUNCIL_SCHEMES[0][0]
        forced = (*DEMO_AREAS, FOLKESTONE) if vprs else ()
        taking_part = councils.pick(rng, dict.fromkeys(kinds, odds), forced)
        weights = [councils.population[c] for c in taking_part]
        for q in quarter_ends(dt.date.fromisoformat(first), dt.date.fromisoformat(last)):
            pace = PAUSED.get(q, _year_factor(_when(q), RESETTLEMENT_PACE))
            chosen = sample(rng, taking_part, round(rows_at_full_pace * pace), weights) if pace else []
            if vprs and q in FOLKESTONE_ARRIVALS and FOLKESTONE not in chosen:
                chosen.append(FOLKESTONE)
            for c in chosen:
                out.add(q, c, 1 + rng.poisson(mean), {SCHEME: scheme})
    for scheme, (first, last, mean) in AFGHAN_SCHEMES.items():
        for q in quarter_ends(dt.date.fromisoformat(first), dt.date.fromisoformat(last)):
            out.add(q, UNKNOWN, 1 + rng.poisson(mean), {SCHEME: scheme})
    for row in out.where(FORMER_NAME_RESETTLEMENT, LAD_Code=FOLKESTONE):
        row["Local Authority"] = FORMER_NAME
    if OLD_CODE_DISTRICT in councils.name:  # arrivals still filed under a district abolished in April 2023
        out.add(OLD_CODE_QUARTER, OLD_CODE_DISTRICT, 1 + rng.poisson(6.0), {SCHEME: COUNCIL_SCHEMES[2][0]},
                as_published=True)
    header = ["Year", "Quarter", "UK Region", "LAD Code", "Local Authority", SCHEME, "Persons"]

    def cells(row: dict[str, str]) -> list[object]:
        return [int(row["Year"]), f"{row['Year']} Q{row['Quarter']}", row["UK Region"], row["LAD Code"],
                row["Local Authority"], row[SCHEME], int(row["Persons"])]

    order = ("Date", SCHEME, "UK Region", "Local Authority")
    title = "resettlement by local authority"
    return {RESETTLEMENT_FILE: out.workbook("Res_D01", title, header, cells, order)}


# --------------------------------------------------------------------------------------------
# Sources beyond the migration core: the files are written by scripts/sample_context.py.


def context_areas(facts: Facts, hierarchy: Hierarchy, councils: Councils, eal: EalLayout) -> sc.Areas:
    """Names, invented populations and regions of the areas the context files list (England and Wales)."""
    lads = [c for c in councils.codes if c[0] in "EW"]
    population: dict[str, int] = dict(councils.population)
    name = dict(councils.name)
    for code, members in hierarchy.members.items():
        population[code] = sum(councils.population[m] for m in members)
    population[sc.ENGLAND_AND_WALES] = sum(councils.population[c] for c in lads)
    name |= {sc.ENGLAND: "England", sc.WALES: "Wales", sc.ENGLAND_AND_WALES: "England and Wales"}
    regions = sorted(c for c in hierarchy.members if c.startswith("E12"))
    name |= {code: eal.regions.get(code, code) for code in regions}
    region_of = {lad: r for r in regions for lad in hierarchy.members[r]}
    latest = eal.periods[-1]
    upper = [a for a in eal.authorities if latest in eal.published.get(a[2], [])]
    for _, la_name, new, _ in upper:
        population[new] = round(
            sum(councils.population[c] * f for c, f in authorities_of(new, hierarchy, facts))
        )
        name.setdefault(new, la_name)
    return sc.Areas(name, population, lads, region_of, regions, upper)


def context_payloads(
    facts, hierarchy, councils, eal, own
) -> list[tuple[tuple[str, str, str], dict[str, bytes]]]:
    areas = context_areas(facts, hierarchy, councils, eal)
    forces = sc.force_populations(councils.population, own(CRIME))
    return [
        (
            DWP_NINO,
            sc.make_dwp_nino(areas, councils.name, councils.population, _normalise_xlsx, own(DWP_NINO)),
        ),
        (BIRTHS, sc.make_births(areas, _normalise_xlsx, own(BIRTHS))),
        (APS_ECONOMIC, sc.make_aps_economic(areas, own(APS_ECONOMIC))),
        (CORE, sc.make_core_lettings(areas, own(CORE))),
        (ROUGH, sc.make_rough_sleeping(areas, own(ROUGH))),
        (CLA, sc.make_cla(areas, own(CLA))),
        (CRIME, sc.make_police_crime(forces, own(CRIME))),
        (HATE, sc.make_hate_crime(forces, own(HATE))),
        (NRM, sc.make_nrm(forces, own(NRM))),
        (IMD, sc.make_imd(areas, _normalise_xlsx, own(IMD))),
    ]


# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(
            "Write the demonstration snapshot (one folder per source listed in the module docstring) "
            "in the real publishers' layouts with invented figures for real area codes and names."
        ),
        epilog="Reruns with the same --seed and --years write byte-identical files.",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help="folder to write <source_id>/<release>/ snapshots into (default: data/sample/snapshots)",
    )
    parser.add_argument(
        "--years",
        type=int,
        default=DEFAULT_YEARS,
        help="periods in each LAMI table, ending where the real tables end (default: 10, the real "
        "spans; short-term inflows and births get one fewer); the MYE workbooks always cover "
        "mid-2011 to mid-2025",
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default: {DEFAULT_SEED})"
    )
    parser.add_argument(
        "--realdata",
        type=Path,
        default=DEFAULT_REALDATA,
        help="the real files, read only for area codes, names, hierarchy and header layouts "
        "(default: ../shared/realdata beside the repository)",
    )
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    args = parser.parse_args(argv)
    if args.years < 1:
        parser.error("--years must be at least 1")

    started = time.perf_counter()
    facts = read_facts(args.realdata)
    hierarchy = build_hierarchy(facts)
    spans = spans_for(args.years)
    rng = np.random.default_rng(args.seed)
    traits = invent_traits(hierarchy.lads, rng)
    first_year = min(MYE_REAL_FIRST_YEAR, spans.short_term[0], spans.flows[0])
    comps = invent_components(hierarchy.lads, traits, first_year, rng)

    lami, aps = make_lami(facts, hierarchy, comps, traits, spans, rng)
    councils = councils_of(facts, comps, traits)

    def own(source: tuple[str, str, str]) -> np.random.Generator:
        return source_rng(args.seed, source[0])

    eal = read_eal_layout(args.realdata)
    payloads = [
        (GEOGRAPHY, make_geography(facts, hierarchy, comps)),
        (MYE, make_mye(facts, comps, own(MYE))),
        (LAMI, lami),
        (CENSUS, make_census(read_census_layout(args.realdata), comps, traits, own(CENSUS))),
        (
            DFE_EAL,
            make_dfe_eal(eal, facts, hierarchy, comps, traits, own(DFE_EAL)),
        ),
        (APS_COB, make_aps_cob(read_nrs_layout(args.realdata), facts, traits, aps, own(APS_COB))),
        (HESA, make_hesa(read_hesa_layout(args.realdata), councils, own(HESA))),
        (ASYLUM, make_asylum_support(councils, successors_of(facts, councils), own(ASYLUM))),
        (RESETTLEMENT, make_resettlement(councils, successors_of(facts, councils), own(RESETTLEMENT))),
    ]
    payloads += context_payloads(facts, hierarchy, councils, eal, own)
    if args.years == DEFAULT_YEARS:  # the real spans: the headers must match the real workbook's
        problems = check_lami_headers(facts, payloads[2][1][LAMI_FILE])
        for problem in problems:
            print(f"make_sample_data: layout check failed: {problem}", file=sys.stderr)
        if problems:
            return 1
    written: list[Path] = []
    for source, files in payloads:
        written += _write_snapshot(args.out, source, files)
    if not args.quiet:
        for path in written:
            print(f"{path.stat().st_size:>9,} bytes  {path}")
        print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
