"""The Home Office's local authority tables (Asy_D11, Res_D01): what both share, from the rows
kept by council and category to the 2025-26 workbook they are written in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import openpyxl

from .councils import Councils
from .facts import Facts
from .writers import xlsx_bytes

# Both in the 2025-26 workbook layout: Cover_sheet, Contents, a summary sheet and the data sheet
# ('Data_Asy_D11', 'Data_Res_D01') with a title row, the header on the second row, one row per quarter
# end, council and category with anyone in it (none for the others), and 'End of table' below.
HO_PUBLISHED, HO_NEXT = "27 August 2026", "26 November 2026"  # as the cover sheets say
HO_FIRST, HO_LAST = dt.date(2014, 3, 31), dt.date(2026, 6, 30)
# From 30 June 2023 the tables file the councils created that April under their own codes; at 30 Sep
# 2023 some resettlement arrivals were still filed under a former district's code (as in the real file).
REORGANISED = dt.date(2023, 6, 30)
OLD_CODE_QUARTER, OLD_CODE_DISTRICT = dt.date(2023, 9, 30), "E07000168"  # Scarborough
UNKNOWN = "Unknown"
SUPPORT, ACCOMMODATION, SCHEME = "Support Type", "Accommodation Type", "Resettlement Scheme"
HULL, LEEDS, FOLKESTONE = "E06000010", "E08000035", "E07000112"
FORMER_NAME = "Shepway"


def quarter_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    days = {3: 31, 6: 30, 9: 30, 12: 31}
    ends = [dt.date(y, m, d) for y in range(first.year, last.year + 1) for m, d in days.items()]
    return [q for q in ends if first <= q <= last]


def decimal_year(day: dt.date) -> float:
    """A date as a decimal year, for the trend tables."""
    return day.year + (day.month - 0.5) / 12


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
        return xlsx_bytes(book)
