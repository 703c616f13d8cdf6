"""DWP: National Insurance numbers allocated to adult overseas nationals, by local authority and nationality.

Two files carry the same figures; both become the same measures.

* The answer of DWP's Stat-Xplore Open Data API to the table query declared below (``API_QUERY``),
  saved unchanged as ``stat-xplore-nino-*.json``. ``fetch.refresh_source`` posts the query with the
  user's API key, read from the environment variable ``STAT_XPLORE_API_KEY`` (only from there: the key
  is personal, so it never goes into a config file, a snapshot or a log). The answer is the SuperSTAR
  "Open Data API" table layout::

      {"query": {...}, "database": {"uri": ..., "label": ...},
       "measures": [{"uri": "str:count:...", "label": ...}],
       "fields": [{"uri": ..., "label": ..., "items": [
                      {"type": "RecodeItem", "uris": ["str:value:...:E06000014"], "labels": ["York"]},
                      {"type": "Total", "labels": ["Total"]}, ...]}, ...],
       "cubes": {"str:count:...": {"values": [[[...]]], "precision": 0}}}

  ``values`` nests one array level per field, in the order of ``fields``; a field's items are in the
  order of its array. The three fields are told apart by their ids and labels (local authority,
  nationality, quarter), so their order does not matter. An area comes from the GSS code that ends
  its value id; a quarter from the ``YYYYMM`` code (the quarter's last month) that ends its value id,
  or from its label; a nationality from its label, looked up in ``data/nino_nationalities.csv``.
* A table of the same figures saved as CSV or .xlsx (DWP's summary tables, or a table downloaded from
  Stat-Xplore's web interface): a header row with the area code, the area name, a column per
  nationality and usually a ``Total`` column; the quarter either in a ``Quarter`` column or in a
  heading above the header row. **Not confirmed against a real file** (checked May 2026): no public
  copy of DWP's summary tables by local authority and nationality was found, so this layout is the
  one documented for Stat-Xplore table downloads; the JSON layout above is the API's documented one.

Nationalities become one measure each, ``nino_nat_<slug>``, declared from the committed list. A
nationality the list does not know is not dropped: its figures are added into ``nino_nat_unlisted``
and each such label is named, with its count, in the data-quality log. Likewise an area item without
a GSS code (for example registrations whose address could not be placed) is kept under the code it
was published with and named in the log. Cells that are zero are not written as rows: the tidy table
holds a total row for every area and quarter, and a nationality without a row in a quarter had none.

The files hold local authorities. We add the four countries and the UK by summing the published
local authority cells (the UK also takes in the items that are not areas); regions are added later
by the pipeline in the same way. Everything else is refused with an error naming the file, the JSON
path or the sheet, row and column.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

import pandas as pd

from migration_profiles.util import status as st
from migration_profiles.util.errors import LayoutError
from migration_profiles.sources.base import (
    GOVUK,
    OGL,
    OGL_URL,
    Caveat,
    Discover,
    FileSpec,
    Measure,
    Source,
    Term,
    excel_column,
    open_workbook,
    tidy_frame,
)
from migration_profiles.sources.checks import read_figure
from migration_profiles.sources.geography import NATIONS, REGIONS, UK_CODE, UK_NAME

SOURCE_ID = "dwp_nino"

# --------------------------------------------------------------------------------------------
# The Stat-Xplore query.

API_URL = "https://stat-xplore.dwp.gov.uk/webapi/rest/v1/table"
API_KEY_ENV = "STAT_XPLORE_API_KEY"
API_KEY_HEADER = "APIKey"
API_FILE_NAME = "stat-xplore-nino-table.json"

DATABASE = "str:database:Ninos"
COUNT = "str:count:Ninos:V_F_NINOS"
LA_VALUESET = "str:valueset:Ninos:V_F_NINOS:UK_COA:V_C_MASTERGEOG11_LA_TO_REGION_NI"
NATIONALITY_VALUESET = "str:valueset:Ninos:V_F_NINOS:NEWNAT:C_NINO_COUNTRY"
QUARTER_FIELD = "str:field:Ninos:F_NINO_QTR:QTR_NAME"
QUARTER_VALUE = "str:value:Ninos:F_NINO_QTR:QTR_NAME:C_NINO_QTR:"

# The newest quarter the query asks for (year, last month). Stat-Xplore refuses a table of more than
# about a million cells, and local authorities x nationalities x every quarter since 2002 is several
# million, so the query names the latest QUARTERS_ASKED quarters: enough for a year and the year
# before it. Move this on when DWP publishes a new quarter (the release watcher's next_release).
LATEST_QUARTER = (2026, 6)
QUARTERS_ASKED = 8


def quarters_back(latest: tuple[int, int], count: int) -> list[tuple[int, int]]:
    """The `count` quarters ending with `latest`, oldest first, as (year, last month)."""
    year, month = latest
    if month not in (3, 6, 9, 12):
        raise ValueError(f"a quarter ends in March, June, September or December, not month {month}")
    out = []
    for _ in range(count):
        out.append((year, month))
        month -= 3
        if month == 0:
            year, month = year - 1, 12
    return out[::-1]


def table_query(latest: tuple[int, int] = LATEST_QUARTER, count: int = QUARTERS_ASKED) -> str:
    """The body of the POST to the /table endpoint: registrations by LA, nationality and quarter."""
    quarters = [[f"{QUARTER_VALUE}{y}{m:02d}"] for y, m in quarters_back(latest, count)]
    query = {
        "database": DATABASE,
        "measures": [COUNT],
        "recodes": {QUARTER_FIELD: {"map": quarters, "total": False}},
        "dimensions": [[LA_VALUESET], [NATIONALITY_VALUESET], [QUARTER_FIELD]],
    }
    return json.dumps(query, indent=2)


API_QUERY = table_query()

# --------------------------------------------------------------------------------------------
# Nationalities: one declared measure each, from the committed list.

NATIONALITIES_FILE = "nino_nationalities.csv"
NATIONALITY_COLUMNS = ["slug", "label", "also_written"]
TOTAL = "nino_total"
UNLISTED = "nino_nat_unlisted"
_SLUG = re.compile(r"^[a-z0-9_]+$")


@dataclass(frozen=True)
class Nationality:
    slug: str
    label: str
    also_written: tuple[str, ...] = ()

    @property
    def measure(self) -> str:
        return f"nino_nat_{self.slug}"


def label_key(text: object) -> str:
    """A label for comparison: accents, case, apostrophes, punctuation and spacing ignored; '&' is 'and'."""
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    plain = plain.casefold().replace("&", " and ").replace("'", "").replace("\u2019", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def load_nationalities(text: str | None = None) -> tuple[Nationality, ...]:
    """The nationalities shipped in ``sources/data/nino_nationalities.csv``."""
    if text is None:
        text = resources.files("migration_profiles.sources").joinpath("data", NATIONALITIES_FILE).read_text(
            encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames != NATIONALITY_COLUMNS:
        raise ValueError(f"{NATIONALITIES_FILE}: columns {reader.fieldnames}, expected {NATIONALITY_COLUMNS}")
    out: list[Nationality] = []
    keys: dict[str, str] = {}
    for line, row in enumerate(reader, start=2):
        if None in row or None in row.values():
            raise ValueError(f"{NATIONALITIES_FILE} line {line}: {len(NATIONALITY_COLUMNS)} fields expected")
        slug, label = row["slug"].strip(), row["label"].strip()
        if not _SLUG.match(slug) or slug in ("unlisted",):
            raise ValueError(f"{NATIONALITIES_FILE} line {line}: {slug!r} is not a usable slug")
        also = tuple(a.strip() for a in row["also_written"].split(";") if a.strip())
        for name in (label, *also):
            key = label_key(name)
            if keys.get(key, slug) != slug:
                raise ValueError(f"{NATIONALITIES_FILE} line {line}: {name!r} is already listed for "
                                 f"'{keys[key]}'")
            keys[key] = slug
        out.append(Nationality(slug, label, also))
    return tuple(out)


NATIONALITIES = load_nationalities()
_BY_KEY = {label_key(name): nat for nat in NATIONALITIES for name in (nat.label, *nat.also_written)}


def nationality_of(label: object) -> Nationality | None:
    return _BY_KEY.get(label_key(label))


# --------------------------------------------------------------------------------------------
# Areas and quarters.

_GSS = re.compile(r"^[EWSNK]\d{8}$")
_GSS_IN_TEXT = re.compile(r"\b([EWSNK]\d{8})\b")
# Local authority codes we add up into countries; counties (E10) and regions (E12) are not summed.
_LA_PREFIXES = ("E06", "E07", "E08", "E09", "W06", "S12", "N09")
_COUNTRY_OF_LETTER = {NATIONS[name][0]: (code, name) for name, code in NATIONS.items()}
_NAMED_AREAS = {label_key(name): code for name, code in {**REGIONS, **NATIONS, UK_NAME: UK_CODE}.items()}
_NAMED_AREAS[label_key("Yorkshire and the Humber")] = REGIONS["Yorkshire and The Humber"]
_NAMED_AREAS[label_key("East")] = REGIONS["East of England"]

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_WORD = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_YYYYMM = re.compile(r"^(\d{4})(\d{2})$")
_LEADING_YYYYMM = re.compile(r"^(\d{4})(0[369]|1[2])\b")
_QUARTER_NUMBER = re.compile(
    r"\b(?:q|quarter)\s*([1-4])\s*,?\s*(\d{4})\b|\b(\d{4})\s*,?\s*(?:q|quarter)\s*([1-4])\b"
)
_MONTH_RANGE = re.compile(
    rf"\b{_MONTH_WORD}[\s-]*(\d{{4}}|\d{{2}})?\s*(?:-|to|–)\s*{_MONTH_WORD}[\s-]*(\d{{4}}|\d{{2}})\b"
)


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    last_month: int  # 3, 6, 9 or 12

    @property
    def label(self) -> str:
        first = MONTHS[self.last_month - 3].title()
        return f"{first}-{MONTHS[self.last_month - 1].title()} {self.year}"

    @property
    def start(self) -> str:
        return date(self.year, self.last_month - 2, 1).isoformat()

    @property
    def end(self) -> str:
        day = 31 if self.last_month in (3, 12) else 30
        return date(self.year, self.last_month, day).isoformat()


def _year(text: str) -> int:
    return int(text) if len(text) == 4 else 2000 + int(text)


def quarter_from_code(code: str) -> Quarter | None:
    """Stat-Xplore's quarter code: the quarter's last month as YYYYMM ('202403' is Jan-Mar 2024)."""
    match = _YYYYMM.match(code.strip())
    if match and int(match.group(2)) in (3, 6, 9, 12):
        return Quarter(int(match.group(1)), int(match.group(2)))
    return None


def quarter_from_text(text: object) -> Quarter | None:
    """A quarter written out: 'Jan-Mar 2024', 'January to March 2024', 'Jan-24 to Mar-24',
    '2024 Q1', 'Q1 2024', or a label that starts with the quarter code ('202403 (Jan-24 to Mar-24)')."""
    plain = " ".join(str(text).casefold().split())
    match = _LEADING_YYYYMM.match(plain)
    if match:
        return Quarter(int(match.group(1)), int(match.group(2)))
    match = _QUARTER_NUMBER.search(plain)
    if match:
        if match.group(1):
            number, year = match.group(1), match.group(2)
        else:
            number, year = match.group(4), match.group(3)
        return Quarter(int(year), int(number) * 3)
    match = _MONTH_RANGE.search(plain)
    if match:
        first, first_year, last, last_year = match.groups()
        start, end = MONTHS.index(first[:3]), MONTHS.index(last[:3])
        if end - start != 2 or end % 3 != 2:
            return None
        if first_year and _year(first_year) != _year(last_year):
            return None
        return Quarter(_year(last_year), end + 1)
    return None


def quarters_in_text(text: object) -> set[Quarter]:
    """Every quarter a heading names (a title may name two, which is an error for its table)."""
    plain = " ".join(str(text).casefold().split())
    found = set()
    for match in _QUARTER_NUMBER.finditer(plain):
        found.add(quarter_from_text(match.group(0)))
    for match in _MONTH_RANGE.finditer(plain):
        found.add(quarter_from_text(match.group(0)))
    found.discard(None)
    return found  # type: ignore[return-value]


# --------------------------------------------------------------------------------------------
# Shared: from cells to tidy records.


@dataclass
class _Cells:
    """Figures read from a file, before country totals are added."""

    # (area code, area name, quarter) -> measure -> (value, status)
    values: dict[tuple[str, str, Quarter], dict[str, tuple[float | None, str]]]
    has_total: bool
    issues: list[dict]

    def add(self, code: str, name: str, quarter: Quarter, measure: str, value: float | None, status: str):
        cell = self.values.setdefault((code, name, quarter), {})
        if measure == UNLISTED and measure in cell:  # several unlisted labels share one measure
            old_value, old_status = cell[measure]
            if old_value is None or value is None:
                cell[measure] = (None, old_status if old_value is None else status)
            else:
                cell[measure] = (old_value + value, old_status)
            return
        cell[measure] = (value, status)


def _sum(parts: Iterable[tuple[float | None, str]]) -> tuple[float | None, str]:
    total, provisional = 0.0, False
    for value, status in parts:
        if value is None:
            return None, status
        total += value
        provisional = provisional or status == st.PROVISIONAL
    return total, st.PROVISIONAL if provisional else st.OK


def _records(cells: _Cells) -> list[dict]:
    records: list[dict] = []
    published = {code for code, _, _ in cells.values}
    sums: dict[tuple[str, Quarter], dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for (code, name, quarter), measures in sorted(cells.values.items(), key=lambda kv: (kv[0][2], kv[0][0])):
        measures = dict(measures)
        if not cells.has_total:
            measures[TOTAL] = _sum(v for m, v in measures.items() if m != TOTAL)
        records.extend(_record(code, name, quarter, m, *v) for m, v in measures.items() if _kept(m, *v))
        # Local authorities add up into their country and the UK; items that are not areas into the UK.
        targets = []
        if code.startswith(_LA_PREFIXES):
            targets = [_COUNTRY_OF_LETTER[code[0]][0], UK_CODE]
        elif not _GSS.match(code):
            targets = [UK_CODE]
        for target in targets:
            for measure, value in measures.items():
                sums[(target, quarter)][measure].append(value)
    names = {code: name for code, name in _COUNTRY_OF_LETTER.values()} | {UK_CODE: UK_NAME}
    for (target, quarter), measures in sorted(sums.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if target in published:
            continue  # published in the file: never replaced by our sum
        for measure, parts in measures.items():
            value, status = _sum(parts)
            if _kept(measure, value, status):
                records.append(_record(target, names[target], quarter, measure, value, status))
    return records


def _kept(measure: str, value: float | None, status: str) -> bool:
    """Zero cells of a nationality are not written; totals always are (see the module notes)."""
    return measure == TOTAL or value != 0 or status != st.OK


def _record(code: str, name: str, quarter: Quarter, measure: str, value: float | None, status: str) -> dict:
    return {
        "area_code": code,
        "area_name": name,
        "period_label": quarter.label,
        "period_start": quarter.start,
        "period_end": quarter.end,
        "measure": measure,
        "value": float("nan") if value is None else float(value),
        "ci_lower": float("nan"),
        "ci_upper": float("nan"),
        "status": st.NOT_AVAILABLE if value is None and status in st.HAS_VALUE else status,
    }


def _frame(cells: _Cells) -> pd.DataFrame:
    frame = tidy_frame(_records(cells))
    frame.attrs["quality"] = cells.issues
    return frame


def quality(frame: pd.DataFrame) -> list[dict]:
    """The FileSpec quality hook: labels and area items the parser could not place, noted as it read."""
    return list(frame.attrs.get("quality", []))


def _unlisted_issue(label: str, where: str, rows: int, count: float) -> dict:
    return {
        "area_code": "",
        "issue": f"nationality {label!r} ({where}) is not in our list (sources/data/{NATIONALITIES_FILE}): "
                 f"its {count:,.0f} registrations in {rows} area-quarter cell(s) are counted under 'other "
                 "nationalities not in our list'. Add it to the list to show it by name.",
        "rows": rows,
    }


def _pseudo_area_issue(code: str, label: str, where: str, rows: int, count: float) -> dict:
    return {
        "area_code": code,
        "issue": f"{label!r} ({where}) is not an area we can place: no GSS code, and not the name of a "
                 f"country or region. Its {count:,.0f} registrations are kept under the code {code!r} as "
                 "published, counted in the UK total only, and shown on no area page.",
        "rows": rows,
    }


# --------------------------------------------------------------------------------------------
# The Stat-Xplore JSON answer.


class _Json:
    """Reads one Stat-Xplore answer; every error names the file and the JSON path."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def error(self, where: str, expected: str, found: object = "") -> LayoutError:
        if not isinstance(found, str):
            found = _show(found)
        return LayoutError(SOURCE_ID, self.path.name, expected=expected, found=found, column=where)

    def error_at(self, expected: str, found: str = "", row: None = None, column: str = "") -> LayoutError:
        """The shared number check's way of calling `error`: a JSON file's place is its path (`column`)."""
        return self.error(column, expected, found)

    def load(self) -> dict:
        raw = self.path.read_bytes()
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise self.error("$", "UTF-8 JSON text",
                             f"a byte that is not UTF-8 at position {exc.start}") from None
        except ValueError as exc:
            raise self.error("$", "a JSON document (the Stat-Xplore /table answer)",
                             f"invalid JSON: {exc}") from None
        if not isinstance(data, dict):
            raise self.error("$", "a JSON object with 'fields' and 'cubes'", data)
        for key in ("fields", "cubes"):
            if key not in data:
                raise self.error(f"$.{key}", f"the '{key}' of a Stat-Xplore table answer",
                                 "no such key; keys: " + ", ".join(repr(k) for k in data))
        database = data.get("database") or {}
        named = " ".join(str(x) for x in (
            database.get("uri", "") if isinstance(database, dict) else database,
            (data.get("query") or {}).get("database", "") if isinstance(data.get("query"), dict) else "",
        ))
        if "nino" not in named.casefold():
            raise self.error("$.database.uri", "the NINo registrations database (an id containing 'NINO')",
                             named.strip() or "no database id")
        return data


def _show(value: object) -> str:
    text = json.dumps(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _role(field: dict) -> str | None:
    text = f"{field.get('uri', '')} {field.get('label', '')}".casefold()
    if "newnat" in text or "nationality" in text:
        return "nationality"
    if "qtr" in text or "quarter" in text:
        return "quarter"
    if any(w in text for w in ("coa", "local authority", "geograph", "region", "_la", "la_code")):
        return "area"
    return None


def _items(reader: _Json, field: dict, index: int) -> list[dict]:
    items = field.get("items")
    if not isinstance(items, list) or not items:
        raise reader.error(f"$.fields[{index}].items", "a non-empty list of the field's items", items)
    for position, item in enumerate(items):
        where = f"$.fields[{index}].items[{position}]"
        if not isinstance(item, dict):
            raise reader.error(where, "an item object with 'labels'", item)
        labels = item.get("labels")
        if not isinstance(labels, list) or not labels or not isinstance(labels[0], str):
            raise reader.error(f"{where}.labels", "a list holding the item's label", labels)
        uris = item.get("uris", [])
        if not isinstance(uris, list) or not all(isinstance(u, str) for u in uris):
            raise reader.error(f"{where}.uris", "a list of value ids", uris)
    return items


def _is_total(item: dict) -> bool:
    return not item.get("uris") and (str(item.get("type", "")).casefold() == "total"
                                     or label_key(item["labels"][0]) == "total")


def parse_json(path: Path) -> pd.DataFrame:
    """Read a saved Stat-Xplore /table answer into the tidy table."""
    path = Path(path)
    reader = _Json(path)
    data = reader.load()
    fields = data["fields"]
    if not isinstance(fields, list) or len(fields) != 3:
        raise reader.error("$.fields", "three fields: local authority, nationality and quarter",
                           f"{len(fields) if isinstance(fields, list) else 0} field(s)")
    roles: dict[str, int] = {}
    for index, field in enumerate(fields):
        role = _role(field) if isinstance(field, dict) else None
        if role is None or role in roles:
            found = (field.get("uri") or field.get("label")) if isinstance(field, dict) else field
            raise reader.error(f"$.fields[{index}]",
                               "one field each for local authority, nationality and quarter", found)
        roles[role] = index
    items = {role: _items(reader, fields[i], i) for role, i in roles.items()}

    cubes = data["cubes"]
    if not isinstance(cubes, dict) or len(cubes) != 1:
        raise reader.error("$.cubes", "one cube (the count of registrations)",
                           f"{len(cubes) if isinstance(cubes, dict) else 0} cube(s)")
    cube_key, cube = next(iter(cubes.items()))
    if not isinstance(cube, dict) or "values" not in cube:
        raise reader.error(f"$.cubes[{cube_key!r}]", "an object with 'values'", cube)

    issues: list[dict] = []
    areas = _json_areas(reader, items["area"], roles["area"])
    nationalities = _json_nationalities(reader, items["nationality"], roles["nationality"])
    quarters = _json_quarters(reader, items["quarter"], roles["quarter"])

    cells = _Cells({}, has_total=any(n == TOTAL for n, _ in nationalities), issues=issues)
    unlisted: dict[str, list[float]] = defaultdict(list)
    pseudo: dict[int, list[float]] = defaultdict(list)
    shape = [len(items[role]) for role in sorted(roles, key=roles.get)]
    for index, value in _leaves(reader, cube["values"], shape, f"$.cubes[{cube_key!r}].values"):
        by_role = {role: index[position] for role, position in roles.items()}
        code, name = areas[by_role["area"]]
        measure, label = nationalities[by_role["nationality"]]
        number, status = (None, st.NOT_AVAILABLE) if value is None else (float(value), st.OK)
        cells.add(code, name, quarters[by_role["quarter"]], measure, number, status)
        if measure == UNLISTED:
            unlisted[label].append(number or 0.0)
        if not _GSS.match(code):
            pseudo[by_role["area"]].append(0.0 if measure == TOTAL else (number or 0.0))
    field_of = f"$.fields[{roles['nationality']}]"
    for label, counts in sorted(unlisted.items()):
        issues.append(_unlisted_issue(label, f"Stat-Xplore item in {field_of}", len(counts), sum(counts)))
    for position, counts in sorted(pseudo.items()):
        code, name = areas[position]
        where = f"Stat-Xplore item $.fields[{roles['area']}].items[{position}]"
        issues.append(_pseudo_area_issue(code, name, where, len(quarters), sum(counts)))
    return _frame(cells)


def _json_areas(reader: _Json, items: list[dict], index: int) -> list[tuple[str, str]]:
    out, seen = [], {}
    for position, item in enumerate(items):
        where = f"$.fields[{index}].items[{position}]"
        label = item["labels"][0].strip()
        uris = item.get("uris") or []
        if _is_total(item):
            raise reader.error(where, "local authorities only (the declared query asks for no total over "
                                      "areas; a total would be counted twice)", repr(label))
        if len(uris) != 1:
            raise reader.error(f"{where}.uris", "one value id per area (a combined group is not an area)",
                               f"{len(uris)} ids")
        token = uris[0].rsplit(":", 1)[-1].strip()
        code = token if _GSS.match(token) else None
        if code is None:
            found = _GSS_IN_TEXT.search(label)
            code = found.group(1) if found else _NAMED_AREAS.get(label_key(label))
        if code is None:
            code = token or label  # kept as published; named in the quality log by parse_json
        if code in seen:
            raise reader.error(where, f"each area once; {code} is also item {seen[code]}", repr(label))
        seen[code] = position
        out.append((code, label))
    return out


def _json_nationalities(reader: _Json, items: list[dict], index: int) -> list[tuple[str, str]]:
    out, seen = [], {}
    for position, item in enumerate(items):
        where = f"$.fields[{index}].items[{position}]"
        label = item["labels"][0].strip()
        if _is_total(item):
            measure = TOTAL
        else:
            if len(item.get("uris") or []) > 1:
                raise reader.error(f"{where}.uris", "one value id per nationality (not a combined group)",
                                   f"{len(item['uris'])} ids")
            nationality = nationality_of(label)
            measure = nationality.measure if nationality else UNLISTED
        if measure != UNLISTED:
            if measure in seen:
                raise reader.error(where, f"each nationality once; {label!r} is the same as item "
                                          f"{seen[measure]}", repr(label))
            seen[measure] = position
        out.append((measure, label))
    return out


def _json_quarters(reader: _Json, items: list[dict], index: int) -> list[Quarter]:
    out, seen = [], {}
    for position, item in enumerate(items):
        where = f"$.fields[{index}].items[{position}]"
        label = item["labels"][0]
        if _is_total(item):
            raise reader.error(where, "single quarters (a total over quarters is not read)", repr(label))
        uris = item.get("uris") or []
        by_code = quarter_from_code(uris[0].rsplit(":", 1)[-1]) if len(uris) == 1 else None
        by_label = quarter_from_text(label)
        if by_code and by_label and by_code != by_label:
            raise reader.error(where, f"a label that agrees with the quarter code ({by_code.label})",
                               repr(label))
        quarter = by_code or by_label
        if quarter is None:
            raise reader.error(f"{where}.labels[0]", "a quarter such as 'Jan-Mar 2024', or a value id "
                                                     "ending in its YYYYMM code", repr(label))
        if quarter in seen:
            raise reader.error(where, f"each quarter once; {quarter.label} is also item {seen[quarter]}",
                               label)
        seen[quarter] = position
        out.append(quarter)
    return out


def _leaves(reader: _Json, values: object, shape: list[int], where: str,
            index: tuple[int, ...] = ()) -> Iterator[tuple[tuple[int, ...], float | None]]:
    depth = len(index)
    if depth == len(shape):
        if values is None:
            yield index, None
            return
        if isinstance(values, bool) or not isinstance(values, int | float):
            raise reader.error(where, "a count (a number of zero or more, or null)", values)
        yield index, read_figure(values, reader.error_at, None, where, required=True)[0]
        return
    if not isinstance(values, list) or len(values) != shape[depth]:
        found = f"{len(values)} entries" if isinstance(values, list) else _show(values)
        raise reader.error(where, f"{shape[depth]} entries, one per item of the field at this depth", found)
    for position, child in enumerate(values):
        yield from _leaves(reader, child, shape, f"{where}[{position}]", (*index, position))


# --------------------------------------------------------------------------------------------
# A table saved as CSV or .xlsx.

_CODE_HEADERS = {"area code", "la code", "local authority code", "lad code", "ons code", "code", "gss code",
                 "local authority district code"}
_NAME_HEADERS = {"area name", "la name", "local authority", "local authority name", "area", "name",
                 "local authority district", "local authority district name"}
_TOTAL_HEADERS = {"total", "all nationalities", "all", "total all nationalities"}
_QUARTER_HEADERS = {"quarter", "period", "registration quarter", "quarter of registration", "time period"}
_ROLE_HEADERS = (("code", _CODE_HEADERS), ("name", _NAME_HEADERS), ("quarter", _QUARTER_HEADERS))
_NOTE = re.compile(r"\[\s*(?:note|x)\s*\d*\s*\]", re.IGNORECASE)
HEADER_SEARCH_ROWS = 20


def _header_key(value: object) -> str:
    return label_key(_NOTE.sub("", "" if value is None else str(value)))


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _Table:
    """Reads one sheet (or a CSV) of registrations by area and nationality."""

    def __init__(self, path: Path, sheet: str | None, rows: list[tuple[int, list[object]]]) -> None:
        self.path, self.sheet, self.rows = path, sheet, rows
        self.heading: list[object] = []

    def error(self, expected: str, found: str = "", row: int | None = None, column: int | None = None):
        """`column` is 1-based: a letter in a workbook, the column's heading (or number) in a CSV."""
        return LayoutError(SOURCE_ID, self.path.name, expected=expected, found=found, sheet=self.sheet,
                           row=row, column=None if column is None else self.name_of(column))

    def name_of(self, column: int) -> str:
        if self.sheet is not None:
            return excel_column(column)
        heading = self.heading[column - 1] if column - 1 < len(self.heading) else None
        return str(heading).strip() if not _blank(heading) else str(column)

    def header(self) -> int | None:
        for index, (_, cells) in enumerate(self.rows[:HEADER_SEARCH_ROWS]):
            if cells and _header_key(cells[0]) in _CODE_HEADERS | _QUARTER_HEADERS and any(
                    _header_key(c) in _CODE_HEADERS for c in cells[:3]):
                return index
        return None

    def read(self, cells_out: _Cells, unlisted: dict, pseudo: dict) -> None:
        at = self.header()
        if at is None:
            raise self.error(f"a header row with an area code column ('Area code') within the first "
                             f"{HEADER_SEARCH_ROWS} rows", "none", column=1)
        number, header = self.rows[at]
        self.heading = list(header)
        keys = [_header_key(c) for c in header]
        while keys and not keys[-1]:
            keys.pop()
        roles: dict[str, int] = {}
        columns: dict[int, tuple[str, str]] = {}  # position (0-based) -> (measure, label)
        seen: dict[str, int] = {}
        for position, key in enumerate(keys):
            text = "" if header[position] is None else str(header[position]).strip()
            where = position + 1
            if not key:
                raise self.error("a heading over every column of the table", "a blank cell", number, where)
            for role, names in _ROLE_HEADERS:
                if key in names and role not in roles:
                    roles[role] = position
                    break
            else:
                if key in _TOTAL_HEADERS:
                    measure = TOTAL
                else:
                    nationality = nationality_of(_NOTE.sub("", text))
                    measure = nationality.measure if nationality else UNLISTED
                if measure != UNLISTED and measure in seen:
                    raise self.error(f"each nationality once; {text!r} repeats column "
                                     f"{self.name_of(seen[measure] + 1)}", repr(text), number, where)
                seen[measure] = position
                columns[position] = (measure, _NOTE.sub("", text).strip())
        for role in ("code", "name"):
            if role not in roles:
                raise self.error(f"an area {role} column", "none in the header row", number, 1)
        if not columns:
            raise self.error("a column per nationality after the area columns", "none", number,
                             len(keys) + 1)
        cells_out.has_total = cells_out.has_total or TOTAL in seen
        fixed_quarter = None if "quarter" in roles else self.title_quarter(at)

        started = ended = False
        for line, row in self.rows[at + 1:]:
            row = list(row) + [None] * (len(keys) - len(row))
            for position in range(len(keys), len(row)):
                if not _blank(row[position]):
                    raise self.error("nothing to the right of the table", repr(row[position]), line,
                                     position + 1)
            if all(_blank(c) for c in row):
                if started:
                    ended = True
                continue
            code_text = "" if row[roles["code"]] is None else str(row[roles["code"]]).strip()
            name = "" if row[roles["name"]] is None else str(row[roles["name"]]).strip()
            values = [row[p] for p in columns]
            if not _GSS.match(code_text) and all(_blank(v) for v in values):
                ended = started  # a footnote under the table
                if started:
                    break
                continue
            if ended:
                raise self.error("nothing but notes after the blank row that ends the table",
                                 repr(code_text or name), line, roles["code"] + 1)
            started = True
            quarter = fixed_quarter
            if quarter is None:
                raw = row[roles["quarter"]]
                quarter = quarter_from_code(str(raw)) if raw is not None else None
                quarter = quarter or quarter_from_text("" if raw is None else raw)
                if quarter is None:
                    raise self.error("a quarter such as 'Jan-Mar 2024'", repr(raw), line,
                                     roles["quarter"] + 1)
            code = code_text if _GSS.match(code_text) else None
            if code is None:
                named = _NAMED_AREAS.get(label_key(name or code_text))
                code = named or code_text or name
                if not named:
                    pseudo.setdefault((code, name), []).append(line)
            if (code, name, quarter) in cells_out.values:
                raise self.error(f"each area once per quarter; {code} {quarter.label} is repeated",
                                 repr(code_text), line, roles["code"] + 1)
            for position, (measure, label) in columns.items():
                value, status = read_figure(row[position], self.error, line, position + 1)
                if status == st.BLANK:
                    status = st.NOT_AVAILABLE
                cells_out.add(code, name or code, quarter, measure, value, status)
                if measure == UNLISTED:
                    unlisted.setdefault(label, []).append(value or 0.0)
        if not started:
            raise self.error("at least one area row under the header", "none", number + 1, 1)

    def title_quarter(self, header_at: int) -> Quarter:
        found: list[tuple[int, Quarter]] = []
        for line, cells in self.rows[:header_at]:
            for cell in cells:
                if isinstance(cell, str):
                    found.extend((line, quarter) for quarter in quarters_in_text(cell))
        quarters = {q for _, q in found}
        if len(quarters) != 1:
            return_row = self.rows[header_at][0]
            raise self.error("one quarter named above the header (for example 'January to March 2024'), or a "
                             "'Quarter' column", f"{len(quarters)} quarters" if quarters else "none",
                             return_row, 1)
        return next(iter(quarters))


def _csv_rows(path: Path) -> list[tuple[int, list[object]]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="strict") if not raw.startswith(b"PK") else ""
    reader = csv.reader(io.StringIO(text, newline=""))
    return [(reader.line_num, list(cells)) for cells in reader]


def parse_table(path: Path) -> pd.DataFrame:
    """Read a table of registrations by area and nationality saved as CSV or .xlsx."""
    path = Path(path)
    cells = _Cells({}, has_total=False, issues=[])
    unlisted: dict[str, list[float]] = {}
    pseudo: dict[tuple[str, str], list[int]] = {}
    if path.suffix.lower() == ".csv":
        _Table(path, None, _csv_rows(path)).read(cells, unlisted, pseudo)
    else:
        workbook = open_workbook(path)
        try:
            read = 0
            for sheet in workbook.worksheets:
                rows = [(n, list(r)) for n, r in enumerate(sheet.iter_rows(values_only=True), start=1)]
                table = _Table(path, sheet.title, rows)
                if table.header() is None:
                    continue  # a cover, contents or notes sheet
                table.read(cells, unlisted, pseudo)
                read += 1
            if not read:
                raise LayoutError(SOURCE_ID, path.name, expected="a sheet with an 'Area code' header row",
                                  found="sheets " + ", ".join(repr(s) for s in workbook.sheetnames))
        finally:
            workbook.close()
    for label, counts in sorted(unlisted.items()):
        cells.issues.append(_unlisted_issue(label, "a column of the table", len(counts), sum(counts)))
    for (code, name), lines in sorted(pseudo.items()):
        total = sum((v[TOTAL][0] or 0.0) for (c, _, _), v in cells.values.items() if c == code and TOTAL in v)
        cells.issues.append(_pseudo_area_issue(code, name or code, f"row(s) {', '.join(map(str, lines))}",
                                               len(lines), total))
    return _frame(cells)


# --------------------------------------------------------------------------------------------
# The declaration.


def _nationality_measure(nat: Nationality) -> Measure:
    return Measure(nat.measure, f"NINo registrations by nationals of {nat.label}", "registrations", "flow",
                   counts=f"adults from overseas who gave their nationality as {nat.label} when they were "
                          "given a National Insurance number")


MEASURES = (
    Measure(TOTAL, "National Insurance numbers given to adults from overseas", "registrations", "flow",
            counts="adults from overseas given a National Insurance number to work or claim benefits, short "
                   "or long stays alike, dated when the number was registered rather than when they arrived"),
    *(_nationality_measure(n) for n in NATIONALITIES),
    Measure(UNLISTED, "NINo registrations by nationals of countries not in our list", "registrations", "flow",
            counts="adults from overseas whose recorded nationality is not one of those we list by name"),
)

CAVEATS = (
    Caveat(
        "nino_registrations_not_arrivals",
        "These are National Insurance numbers handed out, not people arriving. Someone who came years ago "
        "and only now needs a number is counted now; someone who registered and then left the country stays "
        "in the count. The figures show the flow of newcomers into work and benefits, not how many live "
        "here.",
    ),
    Caveat(
        "nino_adults_who_work_or_claim",
        "Only adults who need a number, mostly to work or to claim benefits or a student loan, apply for "
        "one. Children are not counted, and many students, partners and retired people never apply, so "
        "places with large universities can see many arrivals but few registrations.",
    ),
    Caveat(
        "nino_short_and_long_stays",
        "A number is given whatever the length of stay, so seasonal and other short-term workers count the "
        "same as people who settle. The figures are therefore not comparable with ONS estimates of long-term "
        "migration, which count only people staying a year or more.",
    ),
    Caveat(
        "nino_dated_at_registration",
        "Each registration is dated when the number was recorded on HMRC's system, after the application has "
        "been dealt with: usually weeks, sometimes many months or years after the person arrived. Processing "
        "delays and catch-ups move registrations from one quarter to another.",
    ),
    Caveat(
        "nino_nationality_as_recorded",
        "Nationality is the one the person gave when the number was allocated, and it is not updated if they "
        "later take another citizenship. It is not country of birth and says nothing about ethnicity.",
    ),
    Caveat(
        "nino_address_at_registration",
        "The area is the address given at registration, DWP's best estimate of where the person lived then. "
        "They may since have moved elsewhere in the UK or left; registrations that could not be placed are "
        "counted in the UK total only.",
    ),
    Caveat(
        "nino_random_adjustment",
        "DWP does not round these counts but protects them by adding small random changes, so a cell may be "
        "off by a few registrations and the parts need not add up exactly to the totals. Very small figures "
        "for one nationality in one area are not reliable. Our country and UK figures, and any total the "
        "file did not publish, are our sums of the published local figures.",
    ),
    Caveat(
        "nino_2020_pause",
        "From mid-March 2020 most allocations stopped because evidence-of-identity interviews could not be "
        "held face to face; a postal route for people whose identity another department had already checked "
        "resumed in June 2020. EU nationals were hit hardest. Registrations in 2020 and early 2021 were "
        "unusually low and were followed by a backlog being cleared, so those quarters say little about "
        "migration itself.",
    ),
    Caveat(
        "nino_nationalities_we_list",
        "Each nationality is shown under the name in our list. A nationality DWP names that our list does "
        "not know is counted as 'other nationalities not in our list' and named in the data-quality log, so "
        "no registration is lost.",
    ),
)

TERMS = (
    Term(
        "NINo allocation",
        "The issue of a National Insurance number, the reference that links a person to their National "
        "Insurance contributions, tax and benefits. Adults from abroad apply to DWP for one when they need "
        "it, usually to work or to claim a benefit; it is not a permission to work or to stay.",
    ),
    Term(
        "Adult overseas national",
        "In these statistics, a person aged 16 or over who is not a UK national and was given a National "
        "Insurance number as an adult, typically after arriving from abroad.",
    ),
    Term(
        "Stat-Xplore",
        "DWP's online tool for its statistics. Its Open Data API answers a table query with a JSON document; "
        "using it needs a free account and the personal API key that comes with it.",
    ),
)

LANDING_PAGE = ("https://www.gov.uk/government/collections/"
                "national-insurance-number-allocations-to-adult-overseas-nationals-entering-the-uk")

# Without a Stat-Xplore key, refresh takes DWP's published summary tables from the newest quarterly
# release in the collection. Confirmed: the collection's address (DWP's own links to it). Inferred, not
# checked: the releases' titles ("National Insurance number allocations to adult overseas nationals
# ...") and a spreadsheet attachment titled "... summary tables ..." in .xlsx; it is stored under a name
# the table parser recognises.
SUMMARY_TABLES = Discover(
    GOVUK, LANDING_PAGE, file="*.xlsx", document=r"^National Insurance number allocations to adult overseas",
    title=r"summary tables", store_as="nino-allocations-summary-tables.xlsx",
    confirmed="the collection's address; release titles, the attachment's title and format are inferred",
)

SOURCE = Source(
    id=SOURCE_ID,
    title="National Insurance numbers allocated to adult overseas nationals",
    publisher="Department for Work and Pensions (DWP)",
    landing_page=LANDING_PAGE,
    # The figures are fetched through the Stat-Xplore API (API_QUERY) when STAT_XPLORE_API_KEY is set;
    # otherwise the summary tables are found in the newest quarterly release (SUMMARY_TABLES).
    downloads=(),
    discover=(SUMMARY_TABLES,),
    licence=OGL,
    licence_url=OGL_URL,
    cadence="quarterly; each release adds the figures for another quarter of the year",
    next_release="2027-02-25",
    geography_levels=("country", "local_authority"),
    measures=MEASURES,
    measures_summary=(
        "How many adults from overseas were given a National Insurance number in each quarter, by the local "
        "authority of their address at registration and by the nationality they gave."
    ),
    kind="flow",
    coverage=(
        "The UK by local authority, all adult overseas nationals given a number, whatever their reason or "
        "intended length of stay, by registration quarter. The Stat-Xplore query asks for the latest "
        f"{QUARTERS_ASKED} quarters."
    ),
    not_covered=(
        "Children; adults who never need a number (many students, dependants and retired people); people who "
        "already had a number from an earlier stay; departures. No breakdown by age or sex here. Stat-Xplore "
        "also holds earlier quarters back to 2002, which this query does not ask for."
    ),
    lag="usually two to three months after the end of the quarter",
    rounding=(
        "Counts are unrounded but DWP protects them with small random adjustments, so parts may not add up "
        "to totals exactly. Country and UK figures are our sums of the local authority figures."
    ),
    caveats=CAVEATS,
    files=(
        # JSON is text: the "csv" check (text, not an HTML error page) is the one that applies.
        FileSpec(patterns=("stat-xplore-nino*.json", "*nino*stat*xplore*.json"), parse=parse_json,
                 expect="csv", quality=quality),
        FileSpec(patterns=("*nino*allocation*.csv", "*national*insurance*number*allocation*.csv"),
                 parse=parse_table, expect="csv", quality=quality),
        FileSpec(patterns=("*nino*allocation*.xlsx", "*national*insurance*number*allocation*.xlsx"),
                 parse=parse_table, expect="xlsx", quality=quality),
    ),
    terms=TERMS,
    api_query=API_QUERY,
    api_key_env=API_KEY_ENV,
    extra={"api_url": API_URL, "api_key_header": API_KEY_HEADER, "api_file_name": API_FILE_NAME},
)
