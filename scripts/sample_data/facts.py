"""What the real files tell us: area codes and names, their order and hierarchy, and header layouts.

No figure is read from the real files; only these facts."""

from __future__ import annotations

import csv
import gzip
import re
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

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
