"""Rows of the Home Office's local authority tables (Asy_D11, Res_D01) and the faults they carry:
codes and names that disagree, spellings that differ only in capitals, repeated rows, pseudo-areas,
and which quarters' absences mean zero. The faults become entries of the data-quality log.

Shared by asylum_support.py and resettlement.py; reading the cells is _home_office_tables.py's.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from migration_profiles.sources._home_office_tables import (
    GSS,
    LA,
    LABEL,
    QUARTER_END,
    UNKNOWN,
    Table,
    fold,
    month_label,
    show,
)
from migration_profiles.sources.base import observation
from migration_profiles.util import status as st


@dataclass(frozen=True)
class Row:
    line: int
    quarter: date  # quarter end
    code: str  # as published
    name: str  # as published (whitespace tidied)
    kind: str  # LA, LABEL or UNKNOWN
    measure: str
    group: str  # what the row is about, for grouping faults (a support type or a scheme)
    detail: str  # the category within it, folded (an accommodation type; the scheme again)
    people: int


def area_kind(table: Table, code: str, name: str, row: int, column: str) -> str:
    if GSS.match(code):
        return LA
    if code.casefold().startswith("n/a - ") or name.casefold().startswith("n/a - "):
        return LABEL
    if code.casefold() in ("n/a", "unknown") or name.casefold() == "unknown":
        return UNKNOWN
    raise table.error("a GSS council code such as 'E06000014', 'N/A' or a Home Office note "
                      "starting 'N/A - '", show(code), row=row, column=column)


_WHAT = {"Accommodation Type": "accommodation type", "UK Region": "region", "Support Type": "support type",
         "Resettlement Scheme": "scheme"}


class Spellings:
    """Categories whose spelling varies only in capitals or spacing: grouped, then reported."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str], Counter] = defaultdict(Counter)
        self._where: dict[tuple[str, str, str], list] = defaultdict(list)

    def add(self, column: str, text: str, quarter: date) -> str:
        identity = fold(text)
        self._seen[(column, identity)][text] += 1
        self._where[(column, identity, text)].append(quarter)
        return identity

    def issues(self) -> list[dict]:
        out = []
        for (column, identity), spellings in sorted(self._seen.items()):
            if len(spellings) < 2:
                continue
            usual = max(spellings, key=lambda s: (spellings[s], s))
            for text, count in sorted(spellings.items()):
                if text == usual:
                    continue
                quarters = sorted(set(self._where[(column, identity, text)]))
                out.append({
                    "area_code": "",
                    "fault": "spelling",
                    "issue": f"'{text}' in the {column} column differs only in capitals or spacing from "
                             f"'{usual}' (used {spellings[usual]} times); {count} rows, "
                             f"{_quarter_span(quarters)}. Treated as the same {_WHAT.get(column, 'value')}.",
                    "rows": count,
                    "found": text,
                    "usual": usual,
                })
        return out


def _quarter_span(quarters: list[date]) -> str:
    if not quarters:
        return ""
    if len(quarters) == 1:
        return f"quarter ending {quarters[0].isoformat()}"
    return f"{len(quarters)} quarters from {quarters[0].isoformat()} to {quarters[-1].isoformat()}"


def _usual(counter: Counter) -> str:
    return max(counter, key=lambda v: (counter[v], v))


@dataclass
class Faults:
    """What the rows say about codes and names: the usual name of each code and the misplaced rows."""

    usual_name: dict[str, str]  # code -> the name most often published with it
    usual_code: dict[str, str]  # folded name -> the code it is most often published under
    misplaced: list[Row]  # rows under a code whose usual name belongs to another council
    renamed: list[Row]  # rows whose name differs from the code's usual one, no other council's name
    replaced: dict[str, date]  # code -> last quarter it is used, where a later code took its name
    issues: list[dict] = field(default_factory=list)


def analyse_codes(rows: list[Row], source_label: str) -> Faults:
    names: dict[str, Counter] = defaultdict(Counter)
    codes: dict[str, Counter] = defaultdict(Counter)
    latest: dict[tuple[str, str], date] = {}
    for r in rows:
        if r.kind == LA:
            names[r.code][r.name] += 1
            latest[(r.code, r.name)] = max(latest.get((r.code, r.name), r.quarter), r.quarter)
    # The name most often published with the code; on a tie, the one used most recently.
    usual_name = {code: max(counter, key=lambda n, c=code, k=counter: (k[n], latest[(c, n)], n))
                  for code, counter in names.items()}
    for r in rows:
        # A name's own code is judged only from rows where name and code agree.
        if r.kind == LA and fold(r.name) == fold(usual_name[r.code]):
            codes[fold(r.name)][r.code] += 1
    usual_code = {name: _usual(counter) for name, counter in codes.items()}

    misplaced, renamed = [], []
    for r in rows:
        if r.kind != LA or fold(r.name) == fold(usual_name[r.code]):
            continue
        other = usual_code.get(fold(r.name))
        (misplaced if other and other != r.code else renamed).append(r)

    # A code whose usual name later appears under a different code (Glasgow City S12000046, then
    # S12000049 from 2018): the earlier code stops at its last quarter.
    first: dict[str, date] = {}
    last: dict[str, date] = {}
    for r in rows:
        if r.kind == LA:
            first[r.code] = min(first.get(r.code, r.quarter), r.quarter)
            last[r.code] = max(last.get(r.code, r.quarter), r.quarter)
    by_name: dict[str, list[str]] = defaultdict(list)
    for code, name in usual_name.items():
        by_name[fold(name)].append(code)
    replaced = {}
    for same in by_name.values():
        for code in same:
            if any(first[other] > last[code] for other in same if other != code):
                replaced[code] = last[code]

    faults = Faults(usual_name, usual_code, misplaced, renamed, replaced)
    faults.issues = _code_issues(faults, source_label)
    return faults


def council_sums(rows: list[Row], faults: Faults) -> dict[tuple[str, date, str], int]:
    """Published figures summed per code, quarter and measure (repeated rows as settle_repeats left them).

    A row published under one council's code but naming another council (Section 98 rows for councils
    across Yorkshire under Hull's code at 31 December 2022) counts for the council it names: the name
    is what the Home Office meant, the code a slip. Each such row is reported (``_code_issues``).
    """
    misplaced = {id(r) for r in faults.misplaced}
    sums: dict[tuple[str, date, str], int] = defaultdict(int)
    for r in rows:
        code = faults.usual_code[fold(r.name)] if id(r) in misplaced else r.code
        sums[(code, r.quarter, r.measure)] += r.people
    return sums


def _code_issues(faults: Faults, source_label: str) -> list[dict]:
    issues: list[dict] = []
    grouped: dict[tuple, list[Row]] = defaultdict(list)
    for r in faults.misplaced:
        grouped[(r.code, r.quarter, r.group, r.name)].append(r)
    per_code: dict[tuple, list[Row]] = defaultdict(list)
    for (code, quarter, group, _name), rows in grouped.items():
        per_code[(code, quarter, group)].extend(rows)
    notes = {}
    for (code, quarter, group), rows in per_code.items():
        councils = sorted({r.name for r in rows})
        count = sum(r.people for r in rows)
        notes[(code, quarter, group)] = (
            f"At {_long(quarter)}, {len(rows)} {source_label} rows for {group} naming "
            f"{len(councils)} other council{'s' if len(councils) != 1 else ''} ({people(count)}) were "
            f"published under this area's code {code}. They are counted for the councils they name, not "
            f"in this area's {group} figure for that date; see the data-quality log.")
    for (code, quarter, group, name), rows in sorted(grouped.items(),
                                                      key=lambda i: (i[0][0], i[0][1], i[0][3])):
        count = sum(r.people for r in rows)
        own = faults.usual_code[fold(name)]
        lines = ", ".join(str(r.line) for r in rows)
        issues.append({
            "area_code": code,
            "fault": "wrong code",
            "issue": f"{len(rows)} row(s) for {group} at {quarter.isoformat()} name '{name}' (usually "
                     f"{own}) but carry the code {code}, whose usual name in this file is "
                     f"'{faults.usual_name[code]}': {people(count)}. Counted for {own}, the council the "
                     f"row names (rows {lines}).",
            "rows": len(rows),
            "people": count,
            "period": quarter.isoformat(),
            "name_found": name,
            "usual_name": faults.usual_name[code],
            "note": notes[(code, quarter, group)],
        })
        issues.append({
            "area_code": own,
            "fault": "figures under another code",
            "issue": f"{group} figures naming '{name}' at {quarter.isoformat()} ({people(count)}, "
                     f"{len(rows)} row(s)) were published under {code} ('{faults.usual_name[code]}'), "
                     f"not under {own}; they are counted here, for the council they name.",
            "rows": len(rows),
            "people": count,
            "period": quarter.isoformat(),
            "name_found": name,
            "note": f"At {_long(quarter)}, {source_label} rows for {group} naming {name} "
                    f"({people(count)}) were published under {code} ({faults.usual_name[code]}), "
                    f"not under this area's code. They are counted in this area's {group} figure for "
                    f"that date, as the rows name it; see the data-quality log.",
        })
    renamed: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in faults.renamed:
        renamed[(r.code, r.name)].append(r)
    for (code, name), rows in sorted(renamed.items()):
        quarters = sorted({r.quarter for r in rows})
        issues.append({
            "area_code": code,
            "fault": "name differs",
            "issue": f"'{name}' is published with {code} in {len(rows)} row(s) ({_quarter_span(quarters)}); "
                     f"the usual name for this code in the file is '{faults.usual_name[code]}'. A former "
                     f"name or a misspelling: the figures are kept under {code}.",
            "rows": len(rows),
            "people": sum(r.people for r in rows),
            "name_found": name,
            "usual_name": faults.usual_name[code],
        })
    return issues


def people(n: int) -> str:
    return f"{n:,} {'person' if n == 1 else 'people'}"


def _long(day: date) -> str:
    return f"{day.day} {month_label(day)}"


def settle_repeats(table: Table, rows: list[Row], describe: Callable[[Row], str], source_label: str,
                   accepted: str) -> tuple[list[Row], list[dict]]:
    """Rows that repeat a council, quarter and category, treated as the source's declaration says
    (`Source.repeated_rows`, given as `accepted`): "" refuses them. Otherwise a word-for-word copy of a row
    is counted once, and rows that differ in their count are added together (the real Asy_D11 has two
    such pairs); each case is an entry of the data-quality log with a note for the area's page."""
    seen: dict[tuple, list[Row]] = defaultdict(list)
    for r in rows:
        seen[(r.code, r.name, r.quarter, describe(r))].append(r)
    copies: set[int] = set()
    out = []
    for (code, name, quarter, what), same in sorted(seen.items(), key=lambda i: (i[0][0], i[0][2], i[0][3])):
        if len(same) < 2:
            continue
        lines = " and ".join(str(r.line) for r in same)
        if not accepted:
            raise table.error(f"one row for each council, date and category ({source_label} repeats none)",
                              f"rows {lines} for '{name}', {what}, at {quarter.isoformat()}",
                              row=same[1].line)
        counted: dict[int, Row] = {}
        for r in same:
            if r.people in counted:
                copies.add(id(r))  # the same row again: counted once
            else:
                counted[r.people] = r
        total = sum(counted)  # the people the rows count, each copy once
        entry = {"area_code": code, "rows": len(same), "period": quarter.isoformat(), "people": total}
        if len(counted) < len(same):
            out.append({**entry, "fault": "copied rows",
                        "issue": f"{len(same)} rows for '{name}', {what}, at {quarter.isoformat()} include "
                                 f"word-for-word copies (people: {', '.join(str(r.people) for r in same)}; "
                                 f"rows {lines}). Each copy is counted once.",
                        "note": f"The Home Office's {source_label} table repeats a row for this area word "
                                f"for word ({what}, {_long(quarter)}; rows {lines}). The figure for that "
                                f"date counts it once, not twice; see the data-quality log."})
        if len(counted) > 1:
            out.append({**entry, "fault": "duplicate rows",
                        "issue": f"{len(same)} rows for '{name}', {what}, at {quarter.isoformat()} (people: "
                                 f"{', '.join(str(r.people) for r in same)}; rows {lines}). Rows with "
                                 f"different counts are added together: {people(total)}.",
                        "note": f"The Home Office's {source_label} table gives this area "
                                f"{len(counted)} rows with different counts for {what} at "
                                f"{_long(quarter)} ({' and '.join(people(n) for n in counted)}; rows "
                                f"{lines}). The figure for that date is their sum, {people(total)}; see the "
                                f"data-quality log."})
    return [r for r in rows if id(r) not in copies], out


def all_quarters(rows: list[Row]) -> list[date]:
    """Every quarter end from the first to the last in the file, including quarters with no rows at
    all (no resettlement arrivals anywhere from April to September 2020, for example)."""
    first, last = min(r.quarter for r in rows), max(r.quarter for r in rows)
    out, year, month = [], first.year, first.month
    while date(year, month, QUARTER_END[month]) <= last:
        out.append(date(year, month, QUARTER_END[month]))
        year, month = (year + 1, 3) if month == 12 else (year, month + 3)
    return out


def coverage(rows: list[Row]) -> tuple[set[str], set[tuple[date, str]]]:
    """What the file gives by council: (measures with any council row, (quarter, measure) pairs given
    for the UK only).

    A measure never given under a council code (Afghan resettlement in the 2024 edition, all under
    'Unknown') is not a council figure at all. A quarter's category given only by a 'N/A - ...' note,
    or only under 'Unknown', is not available by council that quarter, not 0.
    """
    by_council = {r.measure for r in rows if r.kind == LA}
    seen: dict[tuple[date, str], set[str]] = defaultdict(set)
    for r in rows:
        seen[(r.quarter, r.measure)].add(r.kind)
    national = {k for k, kinds in seen.items() if LABEL in kinds or LA not in kinds}
    return by_council, national


def code_spans(rows: list[Row], last_quarter: date,
               replaced: dict[str, date]) -> dict[str, tuple[date, date]]:
    """The quarters in which a council's absence from the file means zero.

    From the first quarter its code appears to the last quarter in the file; to its own last
    quarter instead when the file moved the council to a new code (see Faults.replaced). Before a
    code first appears we infer nothing: a new code and a council with nobody counted look alike.
    """
    first: dict[str, date] = {}
    for r in rows:
        if r.kind == LA:
            first[r.code] = min(first.get(r.code, r.quarter), r.quarter)
    return {code: (start, replaced.get(code, last_quarter)) for code, start in first.items()}


def record(code: str, name: str, label: str, start: str, end: str, measure: str,
           value: float | None, status: str = st.OK) -> dict:
    return observation(code, name, (label, start, end), measure, None if value is None else float(value),
                       status if value is not None else st.NOT_AVAILABLE)


def pseudo_issues(rows: list[Row], what: Callable[[Row], str]) -> list[dict]:
    grouped: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in rows:
        if r.kind != LA:
            grouped[(r.code, r.name)].append(r)
    out = []
    for (code, name), same in sorted(grouped.items()):
        quarters = sorted({r.quarter for r in same})
        count = sum(r.people for r in same)
        if same[0].kind == LABEL:
            covers = ", ".join(sorted({what(r) for r in same}))
            issue = (f"'{name}' (code '{code}') is not an area: the Home Office's figure for the UK as a "
                     f"whole where it gives no breakdown by council ({covers}; "
                     f"{_quarter_span(quarters)}; {people(count)} in all). Kept under this code; council "
                     f"figures it covers are shown as not available, and it counts in the UK total only.")
        else:
            issue = (f"'{name}' (code '{code}'): people whose council is not recorded "
                     f"({', '.join(sorted({what(r) for r in same}))}; {_quarter_span(quarters)}; "
                     f"{people(count)} in all). Kept under this code; they count in the UK total only.")
        out.append({"area_code": code, "fault": "pseudo-area", "issue": issue, "rows": len(same),
                    "people": count})
    return out


def quality_from_attrs(frame: pd.DataFrame) -> list[dict]:
    """The FileSpec quality hook: the faults the parser noted while reading the rows."""
    return list(frame.attrs.get("quality", []))
