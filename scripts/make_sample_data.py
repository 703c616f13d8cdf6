#!/usr/bin/env python3
"""Write the demonstration snapshot: real publishers' layouts, invented figures.

A fresh clone builds its demonstration site from ``data/sample/snapshots``. This script writes
those files. Each is laid out exactly like the file its publisher releases (header rows, markers,
blank separator rows, footnotes, encodings, byte-order marks, line endings), for the real area
codes and names, but every statistic in it is invented here from a seeded random generator.

It reads the real files in ``../shared/realdata`` (``--realdata``) for three things only: the lists
of area codes and names with their hierarchy, the order in which each table lists them, and the
header layouts. No figure is read from them, and nothing is copied from them except those facts.

Three snapshot folders are written, each ``<out>/<source_id>/<release>/`` with a manifest.json:

* ``geography/demo-2025/``: ``uk_local_authorities_current.csv`` (mySociety layout) and
  ``changes.csv`` (ONS code-change list layout);
* ``mye/demo-mid-2020/``: ONS MYEB3 components of change, 2002-2020, 374 local authorities;
* ``lami/demo-2021-09/``: ONS Local Area Migration Indicators workbook, 2021 edition layout.

The figures hang together: population change adds up in the MYE file, the LAMI Migration Flows
sheet repeats the MYE populations and flows for local authorities, and counts for counties,
regions and countries are the sums of their local authorities. Reruns with the same seed give
byte-identical files (fixed timestamps, fixed zip dates inside the xlsx).

This is a maintenance script; the package never imports it. ``--years`` scales the series for
benchmarks: the LAMI tables get that many periods (short-term inflows and births one fewer, as
in the real workbook), always ending where the real tables end, and the MYE file reaches back
further than 2002 when they need it.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import json
import math
import re
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

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
MYE = ("mye", "demo-mid-2020", "2021-06-25")
LAMI = ("lami", "demo-2021-09", "2021-09-17")
LAMI_PUBLISHED = "17 September 2021"

REAL_MYSOCIETY = "lookups/mysociety_uk_local_authorities_current.csv"
REAL_CHANGES = "lookups/onsvisual_la_changes_2018-2025.csv"
REAL_MYE = "mye/gsscogs_MYEB3_summary_components_of_change_series_UK_(2020_geog21).csv"
REAL_LAMI = "lami/owenwntr_2021lamistables.xlsx"

MYE_FILE = "MYEB3_summary_components_of_change_series_UK_(2020_geog21).csv"
LAMI_FILE = "2021lamistables.xlsx"
MYSOCIETY_FILE = "uk_local_authorities_current.csv"
CHANGES_FILE = "changes.csv"

MYE_LAST_YEAR = 2020  # mid-2020 estimates: periods labelled by the year they end in
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
    missing = [p for p in (REAL_MYSOCIETY, REAL_CHANGES, REAL_MYE, REAL_LAMI) if not (realdata / p).is_file()]
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


def _csv_bytes(header: list[str], rows: list[list[object]], *, bom: bool, crlf: bool) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n" if crlf else "\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    text = buffer.getvalue()
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


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


def make_mye(facts: Facts, comps: Components) -> dict[str, bytes]:
    first = comps.years[0]
    header = ["ladcode21", "laname21", "country", f"population_{first - 1}"]
    for year in comps.years:
        header += [f"{name}_{year}" for name in MYE_COMPONENTS]
    stacked = np.stack([comps.data[name] for name in MYE_COMPONENTS], axis=2)  # (n, years, comps)
    flat = stacked.reshape(len(comps.lads), -1)
    rows = []
    for i, (code, name, country) in enumerate(facts.mye_areas):
        rows.append([code, name, country, int(comps.base_population[i]), *flat[i].tolist()])
    return {MYE_FILE: _csv_bytes(header, rows, bom=True, crlf=True)}


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
) -> dict[str, bytes]:
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
    return {LAMI_FILE: _normalise_xlsx(buffer.getvalue(), empty_strings)}


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(
            "Write the demonstration snapshot (geography, mye, lami) in the real publishers' layouts "
            "with invented figures for real area codes and names."
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
        "spans; short-term inflows and births get one fewer); the MYE file always covers "
        "2002-2020 and reaches further back when needed",
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

    payloads = [
        (GEOGRAPHY, make_geography(facts, hierarchy, comps)),
        (MYE, make_mye(facts, comps)),
        (LAMI, make_lami(facts, hierarchy, comps, traits, spans, rng)),
    ]
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
