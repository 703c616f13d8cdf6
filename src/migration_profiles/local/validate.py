"""Check a partner's return row by row, and report every problem at once.

A file with any problem is refused whole: the partner fixes the list and sends it again. Each
problem names the file, the row (as the spreadsheet numbers it, header = row 1), the column, the
value found and what was expected.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from migration_profiles.local import codes, kinds
from migration_profiles.stages import disclosure

# Columns that identify one person: a return holding them is records, not the counts asked for.
PERSON_COLUMNS = {
    "name",
    "forename",
    "surname",
    "first_name",
    "last_name",
    "date_of_birth",
    "dob",
    "nhs_number",
    "upn",
    "pupil_id",
    "person_id",
    "client_id",
    "case_id",
    "patient_id",
    "address",
    "postcode",
    "email",
    "phone",
}
PERIOD = re.compile(r"^\d{4}(-\d{2}(-\d{2})?|-Q[1-4]|/\d{2})?$")
SUBAREA_PREFIXES = {"ward": ("E05", "W05", "S13", "N08"), "msoa": ("E02", "W02")}
DATA_SHEET = "data"
SUBAREA = "subarea_code"  # a ward or MSOA; "" on rows for the council as a whole
KEYS = [kinds.PERIOD, kinds.AREA, SUBAREA, *kinds.CATEGORIES]  # what makes a row one cell


@dataclass(frozen=True)
class Problem:
    file: str
    row: int
    column: str
    value: str
    expected: str

    def __str__(self) -> str:
        where = f"{self.file}, row {self.row}, column '{self.column}'"
        return f"{where}: found '{self.value}'; expected {self.expected}"


@dataclass
class Checked:
    cells: pd.DataFrame  # one row per cell: KEYS + count + geography_level + area_name
    problems: list[Problem]


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """(header, [(row number, cells as text)]) of a CSV or of an XLSX template's data sheet."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        # Imported here, not at the top: this module is loaded by every page and PDF that shows local
        # data (through the store), and openpyxl takes a tenth of a second or more to import, which
        # a one-area `pdf` paid though only a partner's XLSX return is read with it.
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        sheet = book[DATA_SHEET] if DATA_SHEET in book.sheetnames else book.worksheets[0]
        raw = [[_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
    else:
        raw = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    if not raw:
        return [], []
    header = [h.strip().lower() for h in raw[0]]
    rows = [(n, [c.strip() for c in r]) for n, r in enumerate(raw[1:], start=2) if any(c.strip() for c in r)]
    return header, rows


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def check(path: Path, kind: kinds.Kind, councils: set[str], subareas: dict[str, str]) -> Checked:
    """Every problem in the file; `councils` are the known council codes, `subareas` maps each
    known ward and MSOA code to its council."""
    name = path.name
    header, rows = read_rows(path)
    problems: list[Problem] = []
    missing = [c for c in (kinds.PERIOD, kinds.LEVEL, kinds.AREA, kinds.COUNT) if c not in header]
    problems += [Problem(name, 1, c, "", "this column, as in the template") for c in missing]
    for column in header:
        if column not in kinds.COLUMNS and column not in PERSON_COLUMNS and column:
            problems.append(
                Problem(name, 1, column, column, f"only the template's columns: {', '.join(kinds.COLUMNS)}")
            )
    if missing:
        return Checked(pd.DataFrame(), problems)
    cells, seen = [], {}
    for number, values in rows:
        row = dict(zip(header, values + [""] * (len(header) - len(values)), strict=False))
        found = _check_row(name, number, row, councils, subareas)
        problems += found
        if found:
            continue
        cell = {k: row.get(k, "") for k in (*kinds.COLUMNS,)}
        for column in kinds.CATEGORIES:
            coded = codes.for_category(column)
            if coded and cell[column]:
                cell[column] = coded.canonical(cell[column])
        level = cell[kinds.LEVEL]
        cell[SUBAREA] = cell[kinds.AREA] if level != "local_authority" else ""
        cell[kinds.AREA] = (
            subareas.get(cell[kinds.AREA], cell[kinds.AREA])
            if level != "local_authority"
            else cell[kinds.AREA]
        )
        cell[kinds.COUNT] = int(cell[kinds.COUNT])
        cell["row"] = number
        key = tuple(cell[k] for k in KEYS)
        if key in seen:
            problems.append(
                Problem(
                    name,
                    number,
                    kinds.COUNT,
                    str(cell[kinds.COUNT]),
                    f"one row for each combination of categories: this repeats row {seen[key]} "
                    f"(a list of records about people rather than counts?)",
                )
            )
            continue
        seen[key] = number
        cells.append(cell)
    frame = pd.DataFrame(cells, columns=[*kinds.COLUMNS, SUBAREA, "row"])
    if not frame.empty:
        problems += _totals(name, frame)
    problems.sort(key=lambda p: (p.row, p.column))
    return Checked(frame, problems)


def _check_row(
    name: str, number: int, row: dict, councils: set[str], subareas: dict[str, str]
) -> list[Problem]:
    out = []

    def bad(column: str, expected: str) -> None:
        out.append(Problem(name, number, column, row.get(column, ""), expected))

    for column in PERSON_COLUMNS & row.keys():
        if row[column]:
            bad(column, "counts of people, not a record about one person (this column identifies a person)")
    if not PERIOD.match(row[kinds.PERIOD]):
        bad(kinds.PERIOD, "a period such as 2025, 2025-Q3, 2025-09 or 2024/25")
    level = row[kinds.LEVEL]
    if level not in kinds.LEVELS:
        bad(kinds.LEVEL, f"one of {', '.join(kinds.LEVELS)}")
    code = row[kinds.AREA]
    if level == "local_authority" and code not in councils:
        bad(kinds.AREA, "a current local authority code (E06, E07, E08, E09, W06, S12, N09 ...)")
    elif level in SUBAREA_PREFIXES and code not in subareas:
        what = "ward" if level == "ward" else "MSOA"
        bad(kinds.AREA, f"a {what} code in the council's list of {what}s (data/local/areas.csv)")
    for column in kinds.CATEGORIES:
        value = row.get(column, "")
        if not value:
            continue
        if value[0] in "=+@-\t\r":
            bad(column, "plain text (a value starting with = + - @ could run as a spreadsheet formula)")
            continue
        coded = codes.for_category(column)
        if coded and coded.canonical(value) is None:
            label = "country" if coded is codes.countries() else "language"
            bad(column, f"a {label} from {coded.standard}, or {' / '.join(kinds.RESIDUAL)}")
        fixed = codes.FIXED.get(column)
        if fixed and value not in fixed:
            bad(column, f"one of {', '.join(fixed)}")
    count = row[kinds.COUNT]
    if not re.fullmatch(r"-?\d+", count):
        bad(kinds.COUNT, "a whole number of people, 0 or more (no thousands separators, no markers)")
    elif int(count) < 0:
        bad(kinds.COUNT, "a count of 0 or more")
    return out


def _totals(name: str, frame: pd.DataFrame) -> list[Problem]:
    """Totals (rows with a category left blank) must equal the sum of their breakdown rows."""
    problems = []
    keys = [k for k in KEYS if k != SUBAREA]  # wards may cover part of a council; categories must add up
    groups = frame.groupby(SUBAREA, sort=False, dropna=False)
    for _, group in groups:
        group = group.reset_index(drop=True)
        for total, parts in disclosure.constraints(group, keys):
            expected = int(group.loc[parts, kinds.COUNT].sum())
            found = int(group.loc[total, kinds.COUNT])
            if expected != found:
                rows = ", ".join(str(r) for r in group.loc[parts, "row"])
                problems.append(
                    Problem(
                        name,
                        int(group.loc[total, "row"]),
                        kinds.COUNT,
                        str(found),
                        f"{expected}, the sum of the rows it totals (rows {rows}); add 'Other' or "
                        f"'Not known' rows so that the categories add up",
                    )
                )
    return problems + _subarea_totals(name, frame)


def _subarea_totals(name: str, frame: pd.DataFrame) -> list[Problem]:
    """Wards or MSOAs may cover part of their council, never more: their sum may not pass its row.
    (Disclosure control reads a council's row minus its wards as the people of wards not sent.)"""
    others = [k for k in KEYS if k != SUBAREA]
    parts = frame[frame[SUBAREA] != ""]
    if parts.empty:
        return []
    sums = parts.groupby(others, sort=False)[kinds.COUNT].agg(["sum", lambda rows: list(rows.index)])
    sums.columns = ["sum", "members"]
    problems = []
    for _, council in frame[frame[SUBAREA] == ""].iterrows():
        key = tuple(council[k] for k in others)
        if key in sums.index and sums.loc[key, "sum"] > council[kinds.COUNT]:
            rows = ", ".join(str(frame.loc[i, "row"]) for i in sums.loc[key, "members"])
            problems.append(Problem(
                name, int(council["row"]), kinds.COUNT, str(council[kinds.COUNT]),
                f"at least {int(sums.loc[key, 'sum'])}, the sum of its wards or MSOAs (rows {rows}): "
                "they lie inside the council, so they cannot add up to more"))
    return problems
