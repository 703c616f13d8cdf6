"""DWP NINo registrations: the parser of Stat-Xplore's JSON answer to the table query (dwp_nino.py)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from migration_profiles.sources._dwp_nino_cells import (
    GSS,
    GSS_IN_TEXT,
    NAMED_AREAS,
    SOURCE_ID,
    TOTAL,
    UNLISTED,
    Cells,
    Quarter,
    frame_of,
    label_key,
    nationality_of,
    pseudo_area_issue,
    quarter_from_code,
    quarter_from_text,
    unlisted_issue,
)
from migration_profiles.sources.checks import read_figure
from migration_profiles.util import status as st
from migration_profiles.util.errors import LayoutError

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

    cells = Cells({}, has_total=any(n == TOTAL for n, _ in nationalities), issues=issues)
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
        if not GSS.match(code):
            pseudo[by_role["area"]].append(0.0 if measure == TOTAL else (number or 0.0))
    field_of = f"$.fields[{roles['nationality']}]"
    for label, counts in sorted(unlisted.items()):
        issues.append(unlisted_issue(label, f"Stat-Xplore item in {field_of}", len(counts), sum(counts)))
    for position, counts in sorted(pseudo.items()):
        code, name = areas[position]
        where = f"Stat-Xplore item $.fields[{roles['area']}].items[{position}]"
        issues.append(pseudo_area_issue(code, name, where, len(quarters), sum(counts)))
    return frame_of(cells)


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
        code = token if GSS.match(token) else None
        if code is None:
            found = GSS_IN_TEXT.search(label)
            code = found.group(1) if found else NAMED_AREAS.get(label_key(label))
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
