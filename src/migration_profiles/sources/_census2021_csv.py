"""Census 2021: reading a topic summary table's CSV against its declaration (census2021_tables.py)
into the tidy long table, with the England and Wales sums and the 'Does not apply' check."""

from __future__ import annotations

import csv
import functools
import gzip
import io
import re
from pathlib import Path

import pandas as pd

from migration_profiles.sources.base import (
    tidy_frame,
)
from migration_profiles.sources.census2021_tables import (
    AREA_CODE_HEADER,
    AREA_NAME_HEADER,
    CENSUS_DAY,
    NOT_APPLICABLE_CODE,
    NOT_APPLICABLE_LABEL,
    PERIOD_LABEL,
    SOURCE_ID,
    TABLES,
    VALUE_HEADER,
    Table,
)
from migration_profiles.sources.checks import read_figure
from migration_profiles.sources.geography import COUNTRY_OF_LETTER
from migration_profiles.util import status
from migration_profiles.util.errors import LayoutError

# Lower-tier local authorities in England (unitary, district, metropolitan, London borough) and Wales.
_LTLA_CODE = re.compile(r"^(?:E0[6-9]|W06)\d{6}$")
_CATEGORY_CODE = re.compile(r"^-?\d+$")
_VARIABLE = re.compile(r"^(?P<name>.+?)\s*\((?P<count>\d+) categories\)$", re.IGNORECASE)

# Countries the parser adds up from their authorities.
COUNTRIES = {letter: COUNTRY_OF_LETTER[letter] for letter in "EW"}


@functools.lru_cache(maxsize=4096)  # the same few labels and names on every row of a table
def _key(text: str) -> str:
    """Text for comparison: whitespace collapsed, case ignored."""
    return " ".join(str(text).split()).casefold()


# --------------------------------------------------------------------------------------------
# Parsing.


class _Reader:
    def __init__(self, path: Path, table: Table) -> None:
        self.path = path
        self.table = table

    def error(self, expected: str, found: str = "", row: int | None = None, column: str | None = None):
        return LayoutError(source_id=SOURCE_ID, file=self.path.name, expected=expected, found=found, row=row,
                           column=column)

    def rows(self) -> list[tuple[int, list[str]]]:
        raw = self.path.read_bytes()
        if self.path.name.lower().endswith(".gz"):  # a large table kept compressed (the demo's TS012)
            raw = gzip.decompress(raw)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise self.error("UTF-8 text", f"a byte that is not UTF-8 at position {exc.start}") from None
        reader = csv.reader(io.StringIO(text, newline=""))
        rows = []
        try:
            for cells in reader:
                if not cells or (not cells[0].strip() and not "".join(cells).strip()):  # every cell blank
                    continue  # a blank line, such as a trailing one, carries nothing
                rows.append((reader.line_num, cells))
        except csv.Error as exc:
            raise self.error("well-formed CSV", str(exc), row=reader.line_num) from None
        return rows

    def check_header(self, line: int, header: list[str]) -> list[str]:
        names = [h.strip() for h in header]
        table = self.table
        variable_code = f"{table.variable} Code"
        expected = [AREA_CODE_HEADER, AREA_NAME_HEADER, variable_code, table.variable, VALUE_HEADER]
        if len(names) != len(expected):
            raise self.error(
                f"a header of {len(expected)} columns: " + ", ".join(f"'{e}'" for e in expected),
                f"{len(names)} column(s): " + ", ".join(f"'{n}'" for n in names),
                row=line,
            )
        for position in (0, 1, 4):
            if _key(names[position]) != _key(expected[position]):
                raise self.error(f"column {position + 1} to be '{expected[position]}'", repr(names[position]),
                                 row=line, column=names[position] or expected[position])
        if _key(names[2]) != _key(variable_code) or _key(names[3]) != _key(table.variable):
            raise self.error(
                f"columns 3 and 4 to be '{variable_code}' and '{table.variable}' ({table.id}, {table.title})",
                f"'{names[2]}' and '{names[3]}'" + self._other_table(names[3]),
                row=line,
                column=names[2] if _key(names[2]) != _key(variable_code) else names[3],
            )
        return names

    @staticmethod
    def _other_table(variable: str) -> str:
        for other in TABLES:
            if _key(other.variable) == _key(variable):
                return f", the header of {other.id} ({other.title})"
        match = _VARIABLE.match(variable.strip())
        if match:
            for other in TABLES:
                stem = _VARIABLE.match(other.variable)
                if stem and _key(stem.group("name")) == _key(match.group("name")):
                    return (f": the same question grouped into {match.group('count')} categories, not "
                            f"{stem.group('count')}, which is a different ONS table")
        return ""

    def _category(self, category_text: str, label: str, line: int, cells: list[str], names: list[str]) -> int:
        """The category code of a row whose code cell and label are those of one of the table's categories."""
        table = self.table
        if not _CATEGORY_CODE.match(category_text):
            raise self.error("a whole-number category code", repr(cells[2]), row=line, column=names[2])
        category_code = int(category_text)
        if category_code == NOT_APPLICABLE_CODE:
            wanted = NOT_APPLICABLE_LABEL
        else:
            category = table.category(category_code)
            if category is None:
                codes = [NOT_APPLICABLE_CODE, *(c.code for c in table.categories)]
                known = ", ".join(str(c) for c in codes)
                raise self.error(f"one of {table.id}'s category codes ({known})",
                                 f"{category_code} ({label!r})", row=line, column=names[2])
            wanted = category.label
        if _key(label) != _key(wanted):
            raise self.error(f"the label {table.id} gives category {category_code}: {wanted!r}",
                             repr(label), row=line, column=names[3])
        return category_code

    def read(self) -> dict[str, tuple[str, int, dict[int, int]]]:
        """Area code -> (name, first row, {category code: count}), checked against the declaration."""
        rows = self.rows()
        if not rows:
            raise self.error("a header row and rows of counts", "an empty file")
        line, header = rows[0]
        names = self.check_header(line, header)
        if len(rows) == 1:
            raise self.error("at least one row of counts", "only the header")
        table = self.table
        areas: dict[str, tuple[str, int, dict[int, int]]] = {}
        seen: dict[tuple[str, int], int] = {}
        # What has passed its check once passes again without it: a table repeats the same few hundred
        # codes and (category, label) pairs on every row.
        good_codes: set[str] = set()
        good_categories: dict[tuple[str, str], int] = {}
        for line, cells in rows[1:]:
            if len(cells) != len(names):
                raise self.error(f"{len(names)} cells, as in the header", f"{len(cells)} cells", row=line)
            code, name, category_text, label, count = map(str.strip, cells)
            if code not in good_codes:
                if not _LTLA_CODE.match(code):
                    raise self.error(
                        "a lower-tier local authority code (E06, E07, E08, E09 or W06 and six digits)",
                        repr(cells[0]), row=line, column=names[0],
                    )
                good_codes.add(code)
            if not name:
                raise self.error("the local authority's name", "a blank cell", row=line, column=names[1])
            category_code = good_categories.get((category_text, label))
            if category_code is None:
                category_code = self._category(category_text, label, line, cells, names)
                good_categories[category_text, label] = category_code
            number, _ = read_figure(count, self.error, line, names[4], whole=True, required=True)
            if (code, category_code) in seen:
                raise self.error(f"each category once for each area; {code} category {category_code} is "
                                 f"already on row {seen[code, category_code]}", repr(label), row=line,
                                 column=names[2])
            seen[code, category_code] = line
            area = areas.setdefault(code, (name, line, {}))
            if area[0] != name and _key(area[0]) != _key(name):
                raise self.error(f"the name {area[0]!r} that {code} has on row {area[1]}", repr(name),
                                 row=line, column=names[1])
            area[2][category_code] = int(number)
        wanted_codes = [NOT_APPLICABLE_CODE, *(c.code for c in table.categories)]
        for code, (name, first, counts) in areas.items():
            missing = [c for c in wanted_codes if c not in counts]
            if missing:
                category = table.category(missing[0])
                label = category.label if category else NOT_APPLICABLE_LABEL
                raise self.error(
                    f"all {len(wanted_codes)} categories of {table.id} for each area",
                    f"no category {missing[0]} ({label!r}) for {code} {name}"
                    + (f" and {len(missing) - 1} more missing" if len(missing) > 1 else ""),
                    row=first, column=names[2],
                )
        return areas


def _measures_of(table: Table, counts: dict[int, int]) -> dict[str, int]:
    values: dict[str, int] = {measure: 0 for measure, _ in table.groups}
    for category in table.categories:
        values[category.measure] += counts[category.code]
    for measure, _title, parts in table.derived:
        values[measure] = sum(values[p] for p in parts)
    values[table.total] = sum(counts[c.code] for c in table.categories)
    values[table.not_applicable_measure] = counts[NOT_APPLICABLE_CODE]
    return values


def parse_table(path: Path, table: Table) -> pd.DataFrame:
    """Read one Census 2021 table CSV into the tidy long table, adding England and Wales totals."""
    path = Path(path)
    areas = _Reader(path, table).read()
    blocks: list[tuple[str, str, dict[str, int]]] = []
    totals: dict[str, dict[str, int]] = {}
    for code, (name, _first, counts) in areas.items():
        values = _measures_of(table, counts)
        blocks.append((code, name, values))
        bucket = totals.setdefault(code[0], {})
        for measure, value in values.items():
            bucket[measure] = bucket.get(measure, 0) + value
    for letter, (code, name) in COUNTRIES.items():
        if letter in totals:
            blocks.append((code, name, totals[letter]))
    records = []
    measures = measure_ids(table)  # once, not once an area
    for code, name, values in blocks:
        for measure in measures:
            records.append({
                "area_code": code,
                "area_name": name,
                "period_label": PERIOD_LABEL,
                "period_start": CENSUS_DAY,
                "period_end": CENSUS_DAY,
                "measure": measure,
                "value": float(values[measure]),
                "ci_lower": float("nan"),
                "ci_upper": float("nan"),
                "status": status.OK,
            })
    return tidy_frame(records)


def measure_ids(table: Table) -> list[str]:
    return ([table.total] + [m for m, _ in table.groups] + [m for m, _, _ in table.derived]
            + [table.not_applicable_measure])


def _parser(table: Table):
    def parse(path: Path) -> pd.DataFrame:
        return parse_table(path, table)

    parse.__doc__ = f"Read Census 2021 {table.id} ({table.title}) by lower-tier local authority."
    parse.__name__ = f"parse_{table.id.lower()}"
    return parse


def quality_check(table: Table):
    """A 'Does not apply' count where the table covers every resident is a fault: report it."""

    def check(frame: pd.DataFrame) -> list[dict]:
        if table.not_applicable:
            return []
        rows = frame[(frame["measure"] == table.not_applicable_measure) & (frame["value"] > 0)
                     & frame["area_code"].str.match(_LTLA_CODE.pattern)]
        return [{"area_code": row.area_code,
                 "issue": f"{table.id} ({table.title}) covers every resident, yet puts {int(row.value):,} "
                          f"under 'Does not apply'; kept out of the table's total, as published",
                 "rows": 1} for row in rows.itertuples()]

    return check


PARSERS = {table.id: _parser(table) for table in TABLES}
