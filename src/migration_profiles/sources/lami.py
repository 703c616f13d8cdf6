"""ONS Local Area Migration Indicators, UK (LAMI): the 2021 edition, the last one published.

One workbook with a Notes sheet and seven data sheets. Each data sheet is a wide table: an
'Area Code', 'Area Name' header row, one or two header rows above it, and then the same block of
columns repeated once per period (for example a mid-year population column followed by inflow and
outflow columns). Areas come in blocks (countries, regions, counties, local authorities) separated by
blank rows, and footnotes follow the table.

The parser reads every block against a declared layout and refuses anything it does not recognise,
naming the sheet, row and column, so that a changed layout can never shift figures into the wrong
measure or period.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from migration_profiles.sources.base import (
    OGL,
    OGL_URL,
    Caveat,
    Download,
    FileSpec,
    Measure,
    Release,
    Source,
    Term,
    excel_column,
    open_workbook,
    tidy_frame,
)
from migration_profiles.sources.checks import count_measures, read_figure
from migration_profiles.util import status as st
from migration_profiles.util.errors import LayoutError

SOURCE_ID = "lami"

# The 'Area Code' header row must be within this many rows of the top of a sheet.
HEADER_SEARCH_ROWS = 10
# How far further down to look, only to say where a misplaced header row went.
_HEADER_REPORT_ROWS = 60

_AREA_CODE = re.compile(r"^[EWSNK]\d{8}$")
_MID_PERIOD = re.compile(r"mid-(\d{4})tomid-(\d{4})")
_CALENDAR_PERIOD = re.compile(r"jan(?:uary)?(\d{4})todec(?:ember)?(\d{4})")
_PUBLISHED_ON = re.compile(r"published\s+on\s+(\d{1,2}\s+[A-Za-z]+\s+\d{4})", re.IGNORECASE)


def _key(value: object) -> str:
    """Header text for comparison: all whitespace (spaces, line breaks) removed, case ignored."""
    if value is None:
        return ""
    return "".join(str(value).split()).casefold()


def _show(value: object) -> str:
    """A cell's content for an error message."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "a blank cell"
    return repr(" ".join(str(value).split()) if isinstance(value, str) else value)


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --------------------------------------------------------------------------------------------
# The declared layout of each data sheet.


@dataclass(frozen=True)
class _Head:
    """What one header cell must say."""

    pattern: str  # regular expression; spaces in it are dropped, like whitespace in the cell text
    describe: str  # the header as a reader would recognise it, for error messages

    def match(self, value: object) -> re.Match[str] | None:
        return re.fullmatch(self.pattern.replace(" ", ""), _key(value))


_BLANK = _Head("", "a blank cell")


def _exact(text: str) -> _Head:
    return _Head(re.escape(_key(text)), repr(text))


def _exact_or_blank(text: str) -> _Head:
    """The continuation of a heading spread over several columns: blank (merged) or repeated."""
    return _Head(f"(?:{re.escape(_key(text))})?", f"{text!r} or a blank cell")


_MID_POPULATION = _Head(r"mid-(?P<year>\d{4}) population estimate", "'Mid-YYYY Population Estimate'")
_MID_POPULATION_16_64 = _Head(
    r"mid-(?P<year>\d{4}) population estimate \(16 to 64\)",
    "'Mid-YYYY Population Estimate (16 to 64)'",
)
# ONS marks a provisional column by appending 'p' to its heading.
_STIM_INFLOW = _Head(
    r"short-term international migration inflow estimates (?P<provisional>p|\(p\)|\[p\])?",
    "'Short-Term International Migration Inflow Estimates' (with 'p' when provisional)",
)

VALUE = "value"  # a figure for the block's period
POINT = "point"  # a mid-year population: a point in time whose year the header states
CI = "ci"  # the +/- half-width of a 95% confidence interval for the column before it


@dataclass(frozen=True)
class _Column:
    measure: str | None  # None for a confidence interval column
    heads: tuple[_Head, ...]  # one per header row below the period row; the last is the 'Area Code' row
    role: str = VALUE


@dataclass(frozen=True)
class _Sheet:
    name: str
    calendar: bool  # periods 'Jan YYYY to Dec YYYY'; otherwise 'Mid-YYYY to Mid-YYYY'
    block: tuple[_Column, ...]  # the columns repeated once per period, from column C

    @property
    def header_rows(self) -> int:
        return len(self.block[0].heads) + 1  # + the period row


def _aps_block(population: str, estimate: str, group: str, estimate_header: str) -> tuple[_Column, ...]:
    return (
        _Column(population, (_exact(group), _exact("Resident Population"))),
        _Column(estimate, (_exact_or_blank(group), _exact(estimate_header))),
        _Column(None, (_exact_or_blank(group), _exact("CI +/-")), CI),
    )


SHEETS: tuple[_Sheet, ...] = (
    _Sheet(
        "Migration Flows",
        calendar=False,
        block=(
            _Column("mid_year_population", (_MID_POPULATION, _BLANK), POINT),
            _Column("ltim_inflow", (_exact("Long-Term International Migration"), _exact("Inflow"))),
            _Column(
                "ltim_outflow", (_exact_or_blank("Long-Term International Migration"), _exact("Outflow"))
            ),
            _Column("internal_inflow", (_exact("Internal Migration (within UK)"), _exact("Inflow"))),
            _Column(
                "internal_outflow", (_exact_or_blank("Internal Migration (within UK)"), _exact("Outflow"))
            ),
        ),
    ),
    _Sheet(
        "Short-Term Migration Inflows",
        calendar=False,
        block=(
            _Column("stim_population", (_MID_POPULATION,), POINT),
            _Column("stim_inflow", (_STIM_INFLOW,)),
        ),
    ),
    _Sheet(
        "Non-UK Born Population",
        calendar=True,
        block=_aps_block("aps_population_cob", "non_uk_born", "Country of Birth", "Non-UK Born Estimate"),
    ),
    _Sheet(
        "Non-British Population",
        calendar=True,
        block=_aps_block("aps_population_nat", "non_british", "Nationality", "Non-British Estimate"),
    ),
    _Sheet(
        "NINo Registrations",
        calendar=True,
        block=(
            _Column("population_16_64", (_MID_POPULATION_16_64,), POINT),
            _Column("nino_registrations", (_exact("Migrant NINo Registrations"),)),
        ),
    ),
    _Sheet(
        "GP Registrations",
        calendar=False,
        block=(
            _Column("gp_population", (_MID_POPULATION,), POINT),
            _Column("gp_registrations", (_exact("New Migrant GP Registrations"),)),
        ),
    ),
    _Sheet(
        "Births to Non-UK Born Mothers",
        calendar=True,
        block=(
            _Column("live_births", (_exact("Live births"), _exact("All live births"))),
            _Column(
                "live_births_non_uk_mother",
                (_exact_or_blank("Live births"), _exact("Live births to mothers born outside of UK")),
            ),
            _Column(
                "live_births_non_uk_mother_pct",
                (
                    _exact_or_blank("Live births"),
                    _exact("Percentage of live births to non-UK born mothers"),
                ),
            ),
        ),
    ),
)


# --------------------------------------------------------------------------------------------
# Parsing.


@dataclass(frozen=True)
class _Period:
    label: str
    start: str
    end: str
    end_year: int


@dataclass(frozen=True)
class _BlockLayout:
    first_column: int  # 1-based
    period: _Period
    points: tuple[int | None, ...]  # per column: the mid-year a POINT column's header names
    provisional: tuple[bool, ...]  # per column: the header flags the column as provisional


class _Reader:
    """Reads one sheet; knows where it is so that every error can say so."""

    def __init__(self, file_name: str, sheet: _Sheet) -> None:
        self.file_name = file_name
        self.sheet = sheet
        self._plans: dict[int, tuple[_BlockLayout, list[tuple]]] = {}  # id(block) -> (block, its cells)

    def error(self, expected: str, found: str = "", row: int | None = None, column: int | None = None):
        return LayoutError(
            source_id=SOURCE_ID,
            file=self.file_name,
            sheet=self.sheet.name,
            row=row,
            column=excel_column(column) if column is not None else None,
            expected=expected,
            found=found,
        )

    # ---- header

    def find_header(self, rows: Iterator[tuple]) -> tuple[int, list[tuple]]:
        """Return the 1-based number of the 'Area Code' row and all rows up to and including it."""
        seen: list[tuple] = []
        for number, row in enumerate(rows, start=1):
            seen.append(row)
            first = row[0] if row else None
            second = row[1] if len(row) > 1 else None
            if _key(first) != "areacode":
                if number >= _HEADER_REPORT_ROWS:
                    break
                continue
            if number > HEADER_SEARCH_ROWS:
                raise self.error(
                    f"the header row ('Area Code' in column A) within the first {HEADER_SEARCH_ROWS} rows",
                    f"it at row {number}",
                    row=number,
                    column=1,
                )
            if _key(second) != "areaname":
                raise self.error("'Area Name' next to 'Area Code'", _show(second), row=number, column=2)
            if number < self.sheet.header_rows:
                raise self.error(
                    f"{self.sheet.header_rows - 1} header row(s) above the 'Area Code' row",
                    f"the 'Area Code' row at row {number}",
                    row=number,
                    column=1,
                )
            return number, seen
        raise self.error(
            f"a header row with 'Area Code' in column A within the first {HEADER_SEARCH_ROWS} rows",
            f"none in rows 1 to {len(seen)}" if seen else "an empty sheet",
            column=1,
        )

    def parse_period(self, value: object, row: int, column: int) -> _Period:
        text = _key(value)
        if self.sheet.calendar:
            match = _CALENDAR_PERIOD.fullmatch(text)
            if match and match.group(1) == match.group(2):
                year = int(match.group(1))
                return _Period(f"Jan {year} to Dec {year}", f"{year}-01-01", f"{year}-12-31", year)
            expected = "a calendar-year period such as 'Jan 2020 to Dec 2020'"
        else:
            match = _MID_PERIOD.fullmatch(text)
            if match and int(match.group(2)) == int(match.group(1)) + 1:
                first, last = int(match.group(1)), int(match.group(2))
                return _Period(f"Mid-{first} to Mid-{last}", f"{first}-07-01", f"{last}-06-30", last)
            expected = "a mid-year period such as 'Mid-2019 to Mid-2020'"
        raise self.error(expected, _show(value), row=row, column=column)

    def read_blocks(self, header_rows: list[tuple], header_row: int) -> list[_BlockLayout]:
        """Check every block of columns against the declared layout; return where each one is."""
        count = self.sheet.header_rows
        numbers = list(range(header_row - count + 1, header_row + 1))  # period row ... 'Area Code' row
        rows = [header_rows[n - 1] for n in numbers]
        width = max(len(r) for r in rows)

        def cell(index: int, column: int) -> object:
            row = rows[index]
            return row[column - 1] if column <= len(row) else None

        block_width = len(self.sheet.block)
        blocks: list[_BlockLayout] = []
        labels: dict[str, int] = {}
        column = 3
        while column <= width:
            span = range(column, column + block_width)
            if all(_is_blank(cell(i, c)) for i in range(count) for c in span):
                break
            # Below the period row, each header cell must say what the layout declares.
            points: list[int | None] = []
            provisional: list[bool] = []
            for offset, spec in enumerate(self.sheet.block):
                year = None
                flagged = False
                for level, head in enumerate(spec.heads, start=1):
                    value = cell(level, column + offset)
                    match = head.match(value)
                    if match is None:
                        raise self.error(
                            head.describe, _show(value), row=numbers[level], column=column + offset
                        )
                    groups = match.groupdict()
                    if groups.get("year"):
                        year = int(groups["year"])
                        point_at = (numbers[level], column + offset)
                    if groups.get("provisional"):
                        flagged = True
                points.append(year)
                provisional.append(flagged)
            # The period is written once over the block (as if merged) or repeated in each column.
            period: _Period | None = None
            for c in span:
                value = cell(0, c)
                if _is_blank(value):
                    continue
                this = self.parse_period(value, numbers[0], c)
                if period is not None and this != period:
                    raise self.error(
                        f"the same period as the rest of its block ({period.label!r})",
                        _show(value),
                        row=numbers[0],
                        column=c,
                    )
                period = this
            if period is None:
                raise self.error(
                    f"a period heading over columns {excel_column(column)} to {excel_column(span[-1])}",
                    "blank cells",
                    row=numbers[0],
                    column=column,
                )
            if period.label in labels:
                raise self.error(
                    f"each period once; {period.label!r} is already in column "
                    f"{excel_column(labels[period.label])}",
                    _show(cell(0, column)),
                    row=numbers[0],
                    column=column,
                )
            labels[period.label] = column
            for year in points:
                if year is not None and year != period.end_year:
                    # The population heading must belong to the same year as the block's period.
                    raise self.error(
                        f"a mid-year population for Mid-{period.end_year} under {period.label!r}",
                        f"Mid-{year}",
                        row=point_at[0],
                        column=point_at[1],
                    )
            blocks.append(_BlockLayout(column, period, tuple(points), tuple(provisional)))
            column += block_width
        if not blocks:
            raise self.error(
                "at least one block of column headings from column C", "none", row=numbers[-1], column=3
            )
        # Nothing may be headed to the right of the last block: it would be a column we do not read.
        for index in range(count):
            for c in range(column, width + 1):
                if not _is_blank(cell(index, c)):
                    raise self.error(
                        "no headings to the right of the last complete block of columns",
                        _show(cell(index, c)),
                        row=numbers[index],
                        column=c,
                    )
        return blocks

    # ---- data

    def read_data(self, rows: Iterator[tuple], first_row: int, blocks: list[_BlockLayout]) -> list[dict]:
        records: list[dict] = []
        last_column = blocks[-1].first_column + len(self.sheet.block) - 1
        codes: dict[str, int] = {}
        ended_at: int | None = None
        for number, row in enumerate(rows, start=first_row):
            if all(_is_blank(value) for value in row):
                continue
            first = row[0] if row else None
            is_code = isinstance(first, str) and _AREA_CODE.match(first.strip()) is not None
            if ended_at is not None:
                if is_code:
                    raise self.error(
                        f"no area codes below the end of the table at row {ended_at}",
                        _show(first),
                        row=number,
                        column=1,
                    )
                continue
            if not is_code:
                if not codes:
                    raise self.error(
                        "an area code (such as E06000014) in column A", _show(first), row=number, column=1
                    )
                ended_at = number  # footnotes start here
                continue
            code = first.strip()
            if code in codes:
                raise self.error(
                    f"each area once; {code} is already at row {codes[code]}",
                    _show(first),
                    row=number,
                    column=1,
                )
            codes[code] = number
            name_cell = row[1] if len(row) > 1 else None
            if _is_blank(name_cell):
                raise self.error(f"the name of area {code}", "a blank cell", row=number, column=2)
            name = " ".join(str(name_cell).split())
            for c in range(last_column + 1, len(row) + 1):
                if not _is_blank(row[c - 1]):
                    raise self.error(
                        "a blank cell (there is no column heading above it)",
                        _show(row[c - 1]),
                        row=number,
                        column=c,
                    )
            for block in blocks:
                records.extend(self.read_block(row, number, code, name, block))
        if not codes:
            raise self.error("rows of areas below the header row", "none", row=first_row, column=1)
        return records

    def _plan(self, block: _BlockLayout) -> list[tuple]:
        """Each cell of a block: (column, is an interval, is a count, provisional, period, measure), worked
        out once per block rather than once per area's row."""
        held = self._plans.get(id(block))
        if held is None or held[0] is not block:
            plan = []
            for offset, spec in enumerate(self.sheet.block):
                period = None
                if spec.role == POINT:
                    year = block.points[offset]
                    period = f"Mid-{year}", f"{year}-06-30", f"{year}-06-30"
                elif spec.role != CI:
                    period = block.period.label, block.period.start, block.period.end
                plan.append((block.first_column + offset, spec.role == CI,
                             spec.role == CI or spec.measure in _COUNTS,
                             spec.role != CI and block.provisional[offset], period, spec.measure))
            held = self._plans[id(block)] = (block, plan)
        return held[1]

    def read_block(self, row: tuple, number: int, code: str, name: str, block: _BlockLayout) -> list[dict]:
        out: list[dict] = []
        for column, interval, count, provisional, period, measure in self._plan(block):
            raw = row[column - 1] if column <= len(row) else None
            value, status = read_figure(raw, self.error, number, column, count=count)
            if interval:
                estimate = out[-1]
                if value is not None and estimate["status"] in st.HAS_VALUE:
                    estimate["ci_lower"] = estimate["value"] - value
                    estimate["ci_upper"] = estimate["value"] + value
                continue
            if status == st.OK and provisional:
                status = st.PROVISIONAL
            label, start, end = period
            out.append(
                {
                    "area_code": code,
                    "area_name": name,
                    "period_label": label,
                    "period_start": start,
                    "period_end": end,
                    "measure": measure,
                    "value": float("nan") if value is None else value,
                    "ci_lower": float("nan"),
                    "ci_upper": float("nan"),
                    "status": status,
                }
            )
        return out


def parse(path: Path) -> pd.DataFrame:
    """Read every data sheet of a LAMI workbook into the tidy observations table."""
    path = Path(path)
    workbook = open_workbook(path)
    try:
        records: list[dict] = []
        for sheet in SHEETS:
            if sheet.name not in workbook.sheetnames:
                raise LayoutError(
                    source_id=SOURCE_ID,
                    file=path.name,
                    sheet=sheet.name,
                    expected=f"a sheet called {sheet.name!r}",
                    found="sheets " + ", ".join(repr(n) for n in workbook.sheetnames),
                )
            reader = _Reader(path.name, sheet)
            # One pass over the sheet: the header search and the data share this iterator.
            rows = iter(workbook[sheet.name].iter_rows(values_only=True))
            header_row, header_rows = reader.find_header(rows)
            blocks = reader.read_blocks(header_rows, header_row)
            records.extend(reader.read_data(rows, header_row + 1, blocks))
    finally:
        workbook.close()
    return tidy_frame(records)


def release_of(path: Path) -> Release | None:
    """The publication date the Notes sheet states ('Published on 17 September 2021 by ...')."""
    workbook = open_workbook(path)
    try:
        if "Notes" not in workbook.sheetnames:
            return None
        for row in workbook["Notes"].iter_rows(values_only=True):
            for value in row:
                if not isinstance(value, str):
                    continue
                match = _PUBLISHED_ON.search(value)
                if match is None:
                    continue
                try:
                    day = datetime.strptime(" ".join(match.group(1).split()), "%d %B %Y").date()
                except ValueError:
                    continue
                return Release(name=day.isoformat(), date=day.isoformat())
    finally:
        workbook.close()
    return None


# --------------------------------------------------------------------------------------------
# The declaration.

MEASURES = (
    Measure("mid_year_population", "Mid-year population estimate (all ages)", "people", "stock"),
    Measure("ltim_inflow", "Long-term international migration: arrivals from abroad", "people", "flow",
            counts="people of any age arriving from abroad who intend to stay at least a year, estimated "
                   "by ONS from surveys and administrative records"),
    Measure("ltim_outflow", "Long-term international migration: departures abroad", "people", "flow"),
    Measure("internal_inflow", "Internal migration: moves in from elsewhere in the UK", "people", "flow"),
    Measure("internal_outflow", "Internal migration: moves out to elsewhere in the UK", "people", "flow"),
    Measure(
        "stim_population", "Mid-year population estimate (short-term migration table)", "people", "stock"
    ),
    Measure(
        "stim_inflow", "Short-term international migration: arrivals for 3 to 12 months", "people", "flow"
    ),
    Measure(
        "aps_population_cob", "Household population in the survey (country of birth table)", "people", "stock"
    ),
    Measure("non_uk_born", "Residents born outside the UK", "people", "stock"),
    Measure(
        "aps_population_nat", "Household population in the survey (nationality table)", "people", "stock"
    ),
    Measure("non_british", "Residents who are not British nationals", "people", "stock"),
    Measure("population_16_64", "Mid-year population estimate aged 16 to 64", "people", "stock"),
    Measure(
        "nino_registrations",
        "National Insurance number registrations by adults from overseas",
        "registrations",
        "flow",
        counts="adults from overseas given a National Insurance number to work or claim benefits, short or "
               "long stays alike, dated when they registered rather than when they arrived",
    ),
    Measure("gp_population", "Mid-year population estimate (GP registrations table)", "people", "stock"),
    Measure("gp_registrations", "New migrant GP registrations (Flag 4)", "registrations", "flow",
            counts="people of any age, previously living abroad, who registered with a GP for the first "
                   "time, whatever their length of stay; some register months after arriving and some "
                   "never do"),
    Measure("live_births", "Live births", "births", "count"),
    Measure("live_births_non_uk_mother", "Live births to mothers born outside the UK", "births", "count"),
    Measure(
        "live_births_non_uk_mother_pct",
        "Share of live births to mothers born outside the UK",
        "percent",
        "rate",
    ),
)

CAVEATS = (
    Caveat(
        "lami_last_edition",
        "This series ended with data for 2020: the September 2021 edition is the last one ONS "
        "produced, so nothing here will be refreshed from this source. Its moves to and from abroad and "
        "within the UK are not shown: the mid-year population estimates, which they were copied from, "
        "carry them on to the latest year. Newer figures for its other indicators have to come from the "
        "separate publications it drew on (DWP for National Insurance numbers).",
    ),
    Caveat(
        "lami_covid_2020",
        "The 2020 figures and those for the year to mid-2020 were disturbed by the pandemic. The "
        "passenger survey behind the international flows stopped in March 2020 and the missing months "
        "were modelled, most National Insurance number registrations were on hold from spring 2020, and "
        "fewer people registered with a GP during lockdown. A drop in 2020 is partly a gap in the "
        "recording, not only a change in how many people moved.",
    ),
    Caveat(
        "lami_gp_flag4",
        "New migrant GP registrations are patients whose NHS record gained a 'Flag 4' because they "
        "joined a GP in England or Wales from abroad. The count comes from a snapshot taken each year at "
        "31 July of flags added in the twelve months before. People may register long after they "
        "arrive, some never register, and the flag is dropped if they move within the UK and register "
        "again, so the figure shows where newcomers first registered rather than where they live now. "
        "There are no figures for Scotland.",
    ),
    Caveat(
        "lami_nino_scope",
        "National Insurance number registrations count adults from overseas who were given a number so "
        "that they could work or claim benefits, whatever their intended length of stay, so short stays "
        "are included. They are dated by when the number was registered, which may be well after "
        "arrival, and they miss adults who neither work nor claim, such as many students and partners. "
        "DWP perturbs the counts slightly to protect confidentiality, so parts may not add to totals.",
    ),
    Caveat(
        "lami_aps_uncertainty",
        "The non-UK-born and non-British populations are survey estimates from the Annual Population "
        "Survey, which samples private households and leaves out most people in communal establishments "
        "such as student halls, care homes and hostels. For a single local authority the sample is "
        "small, so the 95% confidence interval is wide and year-to-year changes are often within it; "
        "ONS regards an estimate whose interval is larger than the estimate itself as unreliable. The "
        "2020 survey was weighted in a new way and should not be compared directly with earlier years.",
    ),
    Caveat(
        "lami_short_and_long_term",
        "Short-term (three to twelve months) and long-term (a year or more) migration are different "
        "definitions covering different people, so adding them gives a meaningless total. Local "
        "short-term arrivals are modelled estimates for non-British citizens coming to England or Wales "
        "to work or study; they are shown with decimals that carry no real precision, end at mid-2017, "
        "and the last year is provisional.",
    ),
    Caveat(
        "lami_births_not_ethnicity",
        "Births to mothers born outside the UK do not measure ethnicity or recent migration: many of "
        "these mothers settled in the UK long ago, and daughters of earlier migrants born here count "
        "as UK-born. The newest year in this edition is 2019.",
    ),
    Caveat(
        "lami_modelled_flows",
        "The long-term international flows for local areas are modelled: national survey totals are "
        "shared out between areas using administrative records. They are printed to the single person "
        "but are not that precise, and they differ from ONS's headline national migration estimates.",
    ),
    Caveat(
        "lami_not_comparable",
        "Each indicator has its own source, definition, coverage and reference period (a year to "
        "mid-year, a calendar year, or a single date), so the indicators count overlapping but "
        "different groups of people and should not be read as measuring the same thing.",
    ),
)

TERMS = (
    Term(
        "Long-term international migrant",
        "A person who moves to a different country and makes it their usual home for at least twelve "
        "months. ONS uses this UN definition for its main migration estimates.",
    ),
    Term(
        "Short-term international migrant",
        "A person who moves to another country for three to twelve months, typically to work or study. "
        "Only non-British citizens arriving in England and Wales for those reasons are counted locally.",
    ),
    Term(
        "NINo registration",
        "The issue of a National Insurance number to an adult from abroad. Most people need one to work "
        "(including self-employment or part-time work while studying) or to claim benefits or tax "
        "credits, so registrations track arrivals who do either.",
    ),
    Term(
        "Flag 4 GP registration",
        "A marker added to an NHS patient record in England or Wales when the person joining a GP was "
        "born abroad and is arriving for the first time, or gives a previous address outside the UK. "
        "Northern Ireland keeps an equivalent marker called Code 4.",
    ),
    Term(
        "Non-UK-born",
        "Someone living in the UK whose country of birth is elsewhere. Nationality does not matter, so "
        "it includes British citizens born abroad and people who came to the UK decades ago.",
    ),
    Term(
        "Non-British",
        "Someone living in the UK whose nationality, as they gave it in the survey, is not British. It "
        "leaves out people born abroad who have since become British and includes some born in the UK.",
    ),
    Term(
        "Confidence interval",
        "The range within which the true figure is likely to lie, given that a survey only asks a "
        "sample. Here it is published as plus or minus a margin at the 95% level: a wide range means a "
        "rough estimate, and a margin shown as zero still means uncertainty of up to about 500.",
    ),
)

LANDING_PAGE = (
    "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/migrationwithintheuk/"
    "datasets/localareamigrationindicatorsunitedkingdom"
)

_COUNTS = count_measures(MEASURES)  # every LAMI figure counts people, births or registrations

SOURCE = Source(
    id=SOURCE_ID,
    title="Local Area Migration Indicators, UK",
    publisher="Office for National Statistics (ONS)",
    landing_page=LANDING_PAGE,
    downloads=(
        # ONS serves a dataset's current edition under /current/; this is the file the landing page
        # links for the 2021 edition.
        Download(
            url="https://www.ons.gov.uk/file?uri=/peoplepopulationandcommunity/populationandmigration/"
            "migrationwithintheuk/datasets/localareamigrationindicatorsunitedkingdom/current/"
            "2021lamistables.xlsx",
            file_name="2021lamistables.xlsx",
        ),
    ),
    licence=OGL,
    licence_url=OGL_URL,
    cadence="was annual, usually in August or September; discontinued after the 2021 edition "
    "(published 17 September 2021)",
    next_release="",
    geography_levels=("country", "region", "county", "local_authority"),
    measures=MEASURES,
    measures_summary=(
        "Several migration indicators for each UK local authority side by side: long-term international "
        "and internal migration flows, short-term international arrivals, the non-UK-born and "
        "non-British populations, National Insurance number and GP registrations by people from "
        "abroad, and births to mothers born outside the UK, each with the population to compare it to."
    ),
    kind="stock and flow",
    coverage=(
        "The UK on 2021 boundaries: the four countries, English regions, English counties and "
        "metropolitan counties, and all 374 local authorities. Flows, NINo registrations and births "
        "cover the whole UK; survey-based population estimates cover England, Wales and Scotland by "
        "local authority and Northern Ireland only as a whole; GP registrations cover England, Wales "
        "and Northern Ireland; short-term arrivals cover England and Wales."
    ),
    not_covered=(
        "No breakdown by nationality, country of birth, age or sex. No GP registration figures for "
        "Scotland; no short-term migration for Scotland or Northern Ireland; no survey estimates for "
        "Northern Ireland's districts or the City of London (counted within Westminster). The Isles of "
        "Scilly have no survey estimates, and their short-term arrivals and births are counted with "
        "Cornwall. The survey estimates leave out most residents of communal establishments. Births "
        "for 2020 and short-term migration after mid-2017 are not included."
    ),
    lag=(
        "The 2021 edition appeared in September 2021: about 9 months after the end of calendar 2020 "
        "for the survey estimates and NINo registrations, about 15 months after mid-2020 for the "
        "flows, GP registrations and mid-year populations, about 21 months after the end of 2019 for "
        "births, and over four years after mid-2017 for short-term arrivals."
    ),
    rounding=(
        "Survey (APS) estimates and their confidence intervals are rounded to the nearest 1,000. "
        "Population estimates and migration flows are shown unrounded, though they are not accurate "
        "to that level. NINo registrations are unrounded but have small random changes added for "
        "confidentiality. Short-term arrivals are modelled values with decimals, not meaningful "
        "below the nearest ten or so. Birth percentages are unrounded for 2011 to 2016 and to one "
        "decimal place from 2017."
    ),
    caveats=CAVEATS,
    files=(
        FileSpec(
            patterns=("*lamistables*.xlsx", "*local*area*migration*indicators*.xlsx"),
            parse=parse,
            release_of=release_of,
            expect="xlsx",
        ),
    ),
    terms=TERMS,
    superseded=True,
)
