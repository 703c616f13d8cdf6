"""Census 2021 by middle layer super output area (MSOA): for the settlement maps on council pages.

Two tables, as the settlement mapping in the seed paper and the toolkit ask for: TS019, migrant
indicator (residents whose address a year before the census was outside the UK) and TS029,
proficiency in English (residents whose main language is not English). MSOAs hold about 5,000 to
15,000 residents; England and Wales have 7,264 of them.

Two layouts are read, told apart by their header:

* ONS's own (the dissemination API's and Nomis bulk CSVs): the long layout of the council-level
  tables (sources/census2021.py), with the geography columns named for MSOAs:

      Middle layer Super Output Areas Code,Middle layer Super Output Areas,<Variable> Code,<Variable>,
      Observation       (one line in the file)

  one row per MSOA and category, including the -8 'Does not apply' row. Category codes and labels are
  checked against census2021's declaration of the same table.
* A third party's wide re-publication (the demographr R package), one row per MSOA: TS019 with
  ``msoa21_code, msoa21_name, all_usual_residents, address_one_year_ago_is_the_same,
  address_one_year_ago_is_student_or_boarding, migrant_from_within_uk, migrant_from_outside_uk`` and
  proportions; TS029 with ``msoa21_code`` and a column per ONS category label (the "Main language is
  not English" total, then its four parts) and a proportion. Counts are written "10132.0".
  Confirmed against a copy of each file.

Each table's total is the sum of its categories other than 'Does not apply', as for councils, so a
share never divides by another table's perturbed total. The files hold MSOAs only; which council an
MSOA lies in is read from its name ("York 001" lies in York) when the maps are drawn (msoa_maps.py).
"""

from __future__ import annotations

import csv
import io
import re
from functools import partial
from pathlib import Path

import pandas as pd

from migration_profiles.sources.base import (
    OGL,
    OGL_URL,
    Caveat,
    FileSpec,
    KnownRelease,
    Measure,
    Source,
    Term,
    observation,
    tidy_frame,
)
from migration_profiles.sources.census2021_tables import (
    CENSUS_DAY,
    CENSUS_RELEASES,
    ENGLISH,
    MIGRANT,
    NOT_APPLICABLE_CODE,
    PERIOD_LABEL,
    VALUE_HEADER,
)
from migration_profiles.sources.checks import read_figure
from migration_profiles.util import status
from migration_profiles.util.errors import LayoutError

SOURCE_ID = "census2021_msoa"
CODE_HEADER = "Middle layer Super Output Areas Code"
NAME_HEADER = "Middle layer Super Output Areas"
_MSOA = re.compile(r"^[EW]02\d{6}$")

OUTSIDE_UK, MIGRANT_TOTAL = "msoa_migrant_outside_uk", "msoa_migrant_total"
OTHER_LANGUAGE, ENGLISH_TOTAL = "msoa_english_other_main", "msoa_english_total"

# The wide layout's columns that make up each table's total, and the one mapped.
_WIDE_TS019 = (
    "address_one_year_ago_is_the_same",
    "address_one_year_ago_is_student_or_boarding",
    "migrant_from_within_uk",
    "migrant_from_outside_uk",
)
_MAIN_ENGLISH = ENGLISH.categories[0].label
_NOT_ENGLISH = "Main language is not English (English or Welsh in Wales)"


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def _error(path: Path, expected: str, found: str = "", row: int | None = None, column: str | None = None):
    return LayoutError(SOURCE_ID, Path(path).name, expected=expected, found=found, row=row, column=column)


def _rows(path: Path) -> list[tuple[int, list[str]]]:
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _error(path, "UTF-8 text", f"a byte that is not UTF-8 at position {exc.start}") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    return [(reader.line_num, cells) for cells in reader if any(c.strip() for c in cells)]


def _count(path: Path, text: str, line: int, column: str) -> int:
    number, _ = read_figure(text, partial(_error, path), line, column, whole=True, required=True)
    return int(number)


def _code(path: Path, text: str, line: int, column: str) -> str:
    code = text.strip()
    if not _MSOA.match(code):
        raise _error(path, "an MSOA code (E02 or W02 and six digits)", repr(text), row=line, column=column)
    return code


def _read_long(path: Path, rows: list[tuple[int, list[str]]]) -> dict[str, tuple[str, dict[str, int]]]:
    line, header = rows[0]
    names = [h.strip() for h in header]
    table = next(
        (t for t in (MIGRANT, ENGLISH) if len(names) == 5 and _key(names[3]) == _key(t.variable)), None
    )
    if table is None or _key(names[0]) != _key(CODE_HEADER) or _key(names[4]) != _key(VALUE_HEADER):
        raise _error(
            path,
            f"'{CODE_HEADER}', '{NAME_HEADER}', then the variable of TS019 ('{MIGRANT.variable}') "
            f"or TS029 ('{ENGLISH.variable}') with its code, then '{VALUE_HEADER}'",
            ", ".join(f"'{n}'" for n in names),
            row=line,
        )
    wanted = MIGRANT.categories[-1].code if table is MIGRANT else None
    areas: dict[str, tuple[str, dict[str, int]]] = {}
    for line, cells in rows[1:]:
        if len(cells) != 5:
            raise _error(path, "5 cells, as in the header", f"{len(cells)} cells", row=line)
        code = _code(path, cells[0], line, names[0])
        category_code = int(cells[2]) if re.fullmatch(r"-?\d+", cells[2].strip()) else None
        if category_code is None:
            raise _error(path, "a whole-number category code", repr(cells[2]), row=line, column=names[2])
        value = _count(path, cells[4], line, names[4])
        name, counts = areas.setdefault(code, (cells[1].strip(), {}))
        if category_code == NOT_APPLICABLE_CODE:
            continue
        category = table.category(category_code)
        if category is None or _key(category.label) != _key(cells[3]):
            expected = category.label if category else f"one of {table.id}'s category codes"
            raise _error(
                path,
                f"{table.id} category {category_code}: {expected!r}",
                repr(cells[3]),
                row=line,
                column=names[3],
            )
        total, part = (MIGRANT_TOTAL, OUTSIDE_UK) if table is MIGRANT else (ENGLISH_TOTAL, OTHER_LANGUAGE)
        counts[total] = counts.get(total, 0) + value
        is_part = category_code == wanted if table is MIGRANT else category_code != ENGLISH.categories[0].code
        counts[part] = counts.get(part, 0) + (value if is_part else 0)
    return areas


def _read_wide(path: Path, rows: list[tuple[int, list[str]]]) -> dict[str, tuple[str, dict[str, int]]]:
    line, header = rows[0]
    names = [h.strip() for h in header]
    position = {_key(n): i for i, n in enumerate(names)}
    if all(c in position for c in _WIDE_TS019):
        parts, total, part, mapped = _WIDE_TS019, MIGRANT_TOTAL, OUTSIDE_UK, "migrant_from_outside_uk"
    elif _key(_MAIN_ENGLISH) in position and _key(_NOT_ENGLISH) in position:
        parts, total, part, mapped = (
            (_MAIN_ENGLISH, _NOT_ENGLISH),
            ENGLISH_TOTAL,
            OTHER_LANGUAGE,
            _NOT_ENGLISH,
        )
    else:
        raise _error(
            path,
            "the wide layout's TS019 columns (" + ", ".join(_WIDE_TS019) + ") or TS029 columns "
            f"('{_MAIN_ENGLISH}', '{_NOT_ENGLISH}')",
            ", ".join(f"'{n}'" for n in names),
            row=line,
        )
    name_at = position.get("msoa21_name")
    areas = {}
    for line, cells in rows[1:]:
        if len(cells) != len(names):
            raise _error(path, f"{len(names)} cells, as in the header", f"{len(cells)} cells", row=line)
        code = _code(path, cells[0], line, names[0])
        values = {p: _count(path, cells[position[_key(p)]], line, p) for p in parts}
        name = cells[name_at].strip() if name_at is not None else ""
        areas[code] = (name, {total: sum(values.values()), part: values[mapped]})
    return areas


def parse(path: Path) -> pd.DataFrame:
    path = Path(path)
    rows = _rows(path)
    if len(rows) < 2:
        raise _error(
            path,
            "a header row and at least one row of counts",
            "an empty file" if not rows else "only the header",
        )
    first = _key(rows[0][1][0]) if rows[0][1] else ""
    if first == _key(CODE_HEADER):
        areas = _read_long(path, rows)
    elif first == "msoa21_code":
        areas = _read_wide(path, rows)
    else:
        raise _error(
            path,
            f"a first column '{CODE_HEADER}' (ONS) or 'msoa21_code' (the wide layout)",
            repr(rows[0][1][0] if rows[0][1] else ""),
            row=rows[0][0],
        )
    period = (PERIOD_LABEL, CENSUS_DAY, CENSUS_DAY)
    records = [observation(code, name, period, measure, float(value), status.OK)
               for code, (name, counts) in areas.items() for measure, value in counts.items()]
    return tidy_frame(records)


def _parser(total: str, table: str):
    """parse(), checking that the file named for `table` holds that table and not the other one."""

    def parse_table(path: Path) -> pd.DataFrame:
        frame = parse(path)
        if total not in set(frame["measure"]):
            raise _error(path, f"Census 2021 {table} (its name says so)", "the other small-area table")
        return frame

    parse_table.__name__ = f"parse_{table.lower()}"
    return parse_table


SOURCE = Source(
    id=SOURCE_ID,
    title="Census 2021 by small area (MSOA): migrant indicator and main language",
    publisher="Office for National Statistics (ONS)",
    landing_page="https://www.nomisweb.co.uk/sources/census_2021_bulk",
    downloads=(),
    api_query="https://api.beta.ons.gov.uk/v1/datasets/TS019/editions/2021/versions/2 (area type msoa); "
    "Nomis bulk census2021-ts019.zip and census2021-ts029.zip (MSOA files)",
    licence=OGL,
    licence_url=OGL_URL,
    cadence="once a decade: results of the census of 21 March 2021",
    next_release="2032-11-30",  # our estimate for the next census's results, as for the council tables
    geography_levels=("msoa",),
    measures=(
        Measure(MIGRANT_TOTAL, "Usual residents aged 1 and over (TS019 total)", "people", "stock"),
        Measure(
            OUTSIDE_UK,
            "Residents whose address a year before was outside the UK",
            "people",
            "flow",
            counts="residents aged 1 and over whose address on 21 March 2020 was outside the UK",
        ),
        Measure(ENGLISH_TOTAL, "Usual residents aged 3 and over (TS029 total)", "people", "stock"),
        Measure(
            OTHER_LANGUAGE,
            "Residents whose main language is not English (or Welsh, in Wales)",
            "people",
            "stock",
            counts="residents aged 3 and over whose main language is not English (or Welsh)",
        ),
    ),
    measures_summary="For each small area (MSOA) of England and Wales on Census Day 2021: how many residents "
                     "had "
    "arrived from outside the UK in the year before, and how many have a main language other "
    "than English.",
    kind="stock and flow",
    coverage="Usual residents of the 7,264 MSOAs of England and Wales on 21 March 2021; the migrant "
             "indicator "
    "counts those aged 1 and over, proficiency in English those aged 3 and over.",
    not_covered="Scotland and Northern Ireland; anyone who arrived after Census Day; short-term visitors.",
    lag="about 20 months after Census Day",
    rounding="whole numbers after cell-key perturbation: small counts may be a few people out",
    caveats=(
        Caveat(
            "msoa_perturbation",
            "ONS adjusts small counts slightly to protect confidentiality, so an MSOA's "
            "figures are approximate and its tables need not add up exactly.",
        ),
        Caveat(
            "msoa_lockdown",
            "The census was taken during a lockdown: fewer people had just moved, and some "
            "students lived away from their term-time address, so arrivals in the year "
            "before may be undercounted.",
        ),
    ),
    terms=(
        Term(
            "Middle layer super output area (MSOA)",
            "A small statistical area of England and Wales with "
            "about 5,000 to 15,000 residents, used to publish census figures below council level.",
        ),
    ),
    # One kind of file per table: a release holds one of each (snapshots.py refuses two of a kind).
    files=(
        FileSpec(patterns=("*msoa*ts019*.csv", "*ts019*msoa*.csv"), parse=_parser(MIGRANT_TOTAL, "TS019"),
                 expect="csv"),
        FileSpec(patterns=("*msoa*ts029*.csv", "*ts029*msoa*.csv"), parse=_parser(ENGLISH_TOTAL, "TS029"),
                 expect="csv"),
    ),
    # ONS released each topic summary for every geography at once, small areas included.
    known_releases=tuple(KnownRelease(k.name, k.date, files=("*ts019*",) if k.date == "2022-11-02" else
                                      ("*ts029*",), confirmed=k.confirmed) for k in CENSUS_RELEASES),
)
