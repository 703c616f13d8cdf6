"""Home Office Asy_D11: asylum seekers in receipt of support by local authority, with one fault
of each kind the real file has."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

from .councils import Councils
from .draws import noise, year_factor
from .home_office import (
    ACCOMMODATION,
    FOLKESTONE,
    FORMER_NAME,
    HO_FIRST,
    HO_LAST,
    HULL,
    LEEDS,
    SUPPORT,
    UNKNOWN,
    HomeOfficeRows,
    Successor,
    decimal_year,
    quarter_ends,
    sample,
)
from .population import DEMO_AREAS

SNAPSHOT = ("asylum_support", "demo-jun-2026", "2026-08-27")
ASYLUM_FILE = "support-local-authority-datasets-jun-2026.xlsx"

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
WRONG_CODE_QUARTER = dt.date(2022, 12, 31)
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
    t = decimal_year(q)
    trend = year_factor(t, ASYLUM_TREND)
    s4_uk = subsistence_uk = 0.0
    for c, first in at.start.items():
        if q < first:
            continue
        dispersed = pop[c] * at.rate[c] * trend * float(noise(rng, 0.08))
        out.add(q, c, dispersed, {SUPPORT: S95, ACCOMMODATION: DISPERSAL})
        s4 = round(dispersed * rng.uniform(0.05, 0.12)) if c in at.section_4 else 0
        if q >= S4_BY_COUNCIL:
            out.add(q, c, s4, {SUPPORT: S4, ACCOMMODATION: DISPERSAL})
        else:
            s4_uk += s4
        if q >= S98_BY_COUNCIL and c in at.section_98:
            out.add(q, c, dispersed * rng.uniform(0.01, 0.05), {SUPPORT: S98, ACCOMMODATION: DISPERSAL})
    for c in at.subsistence:
        people = round(pop[c] * 0.0001 * trend * float(noise(rng, 0.3))) if rng.random() < 0.75 else 0
        if q <= SUBSISTENCE_BY_COUNCIL_UNTIL or q >= SUBSISTENCE_BY_COUNCIL_AGAIN:
            out.add(q, c, people, {SUPPORT: S95, ACCOMMODATION: SUBSISTENCE})
        else:
            subsistence_uk += people
    if SUBSISTENCE_BY_COUNCIL_UNTIL < q < SUBSISTENCE_BY_COUNCIL_AGAIN:
        out.add(q, SUBSISTENCE_UK_ONLY, subsistence_uk, {SUPPORT: S95, ACCOMMODATION: SUBSISTENCE})
    if q < S4_BY_COUNCIL:
        out.add(q, S4_UK_ONLY, s4_uk, {SUPPORT: S4, ACCOMMODATION: DISPERSAL})
    if q < S98_BY_COUNCIL:
        people = sum(pop.values()) * 4e-5 * year_factor(t, UK_ONLY_S98_TREND) * float(noise(rng, 0.05))
        out.add(q, S98_UK_ONLY, people, {SUPPORT: S98, ACCOMMODATION: S98_UK_ONLY_ACCOMMODATION})
    else:
        housing = S98 if q < S95_CONTINGENCY else S95
        busy = year_factor(t, HOTEL_TREND)
        for c, hotel_rate in at.hotels.items():
            people = pop[c] * hotel_rate * busy * float(noise(rng, 0.1))
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
                people = pop[c] * scale * busy * float(noise(rng, 0.2))
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


def make(councils: Councils, successors: dict[str, Successor],
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
