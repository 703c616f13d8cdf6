"""What both DWP NINo layouts (the Stat-Xplore JSON answer and a saved table) share: the declared
nationalities, the areas and quarters their labels name, and the tidy records the cells become, with
country and UK sums and the data-quality entries for labels we cannot place.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from importlib import resources

import pandas as pd

from migration_profiles.sources.base import (
    tidy_frame,
)
from migration_profiles.sources.geography import COUNTRY_OF_LETTER, NATIONS, REGIONS, UK_CODE, UK_NAME
from migration_profiles.util import status as st

SOURCE_ID = "dwp_nino"

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

GSS = re.compile(r"^[EWSNK]\d{8}$")
GSS_IN_TEXT = re.compile(r"\b([EWSNK]\d{8})\b")
# Local authority codes we add up into countries; counties (E10) and regions (E12) are not summed.
_LA_PREFIXES = ("E06", "E07", "E08", "E09", "W06", "S12", "N09")
NAMED_AREAS = {label_key(name): code for name, code in {**REGIONS, **NATIONS, UK_NAME: UK_CODE}.items()}
NAMED_AREAS[label_key("Yorkshire and the Humber")] = REGIONS["Yorkshire and The Humber"]
NAMED_AREAS[label_key("East")] = REGIONS["East of England"]

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

    # Each worked out once per quarter (cached_property keeps it in the instance's __dict__, which the
    # frozen dataclass allows): a table asks every quarter for them on tens of thousands of rows.
    @functools.cached_property
    def label(self) -> str:
        first = MONTHS[self.last_month - 3].title()
        return f"{first}-{MONTHS[self.last_month - 1].title()} {self.year}"

    @functools.cached_property
    def start(self) -> str:
        return date(self.year, self.last_month - 2, 1).isoformat()

    @functools.cached_property
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
class Cells:
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


def _records(cells: Cells) -> list[dict]:
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
            targets = [COUNTRY_OF_LETTER[code[0]][0], UK_CODE]
        elif not GSS.match(code):
            targets = [UK_CODE]
        for target in targets:
            for measure, value in measures.items():
                sums[(target, quarter)][measure].append(value)
    names = {code: name for code, name in COUNTRY_OF_LETTER.values()} | {UK_CODE: UK_NAME}
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


def frame_of(cells: Cells) -> pd.DataFrame:
    frame = tidy_frame(_records(cells))
    frame.attrs["quality"] = cells.issues
    return frame


def quality(frame: pd.DataFrame) -> list[dict]:
    """The FileSpec quality hook: labels and area items the parser could not place, noted as it read."""
    return list(frame.attrs.get("quality", []))


def unlisted_issue(label: str, where: str, rows: int, count: float) -> dict:
    return {
        "area_code": "",
        "issue": f"nationality {label!r} ({where}) is not in our list (sources/data/{NATIONALITIES_FILE}): "
                 f"its {count:,.0f} registrations in {rows} area-quarter cell(s) are counted under 'other "
                 "nationalities not in our list'. Add it to the list to show it by name.",
        "rows": rows,
    }


def pseudo_area_issue(code: str, label: str, where: str, rows: int, count: float) -> dict:
    return {
        "area_code": code,
        "issue": f"{label!r} ({where}) is not an area we can place: no GSS code, and not the name of a "
                 f"country or region. Its {count:,.0f} registrations are kept under the code {code!r} as "
                 "published, counted in the UK total only, and shown on no area page.",
        "rows": rows,
    }
