"""ONS mid-year population estimates with their components of change (the MYEB3 summary series).

The file is one wide CSV, one row per local authority:

    ladcode21,laname21,country,population_2001,
    births_2002,deaths_2002,natchange_2002,internal_in_2002,internal_out_2002,internal_net_2002,
    international_in_2002,international_out_2002,international_net_2002,other_change_2002,
    population_2002, ... (the same eleven columns for every year up to the last)

The two-digit suffix of ``ladcode``/``laname`` is the year of the local authority boundaries the
series is built on; ONS republishes the back series on each new geography, so any suffix is
accepted. The file starts with a UTF-8 byte order mark.

The file holds local authorities only. We add the four countries and the UK by summing the
published local authority figures (see the caveat ``country-totals-are-our-sums``); regions are not
added here, because the file does not say which region an authority belongs to.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from migration_profiles import status
from migration_profiles.errors import LayoutError
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
    tidy_frame,
)

SOURCE_ID = "mye"

# Column stem in the file -> measure id in our tidy table, in the order ONS publishes them.
COMPONENTS = {
    "births": "births",
    "deaths": "deaths",
    "natchange": "natural_change",
    "internal_in": "internal_in",
    "internal_out": "internal_out",
    "internal_net": "internal_net",
    "international_in": "international_in",
    "international_out": "international_out",
    "international_net": "international_net",
    "other_change": "other_change",
}
POPULATION = "population"
# Summing local authorities' moves in (or out) within the UK would count every move between two
# authorities of the same country, so the sum is no inflow to the country: ONS's own country figures
# count only moves across the country's border. The net figures do add up (moves inside a country
# cancel out), so only internal_in and internal_out are left out of the totals we add.
SUMMED_COMPONENTS = {k: v for k, v in COMPONENTS.items() if k not in ("internal_in", "internal_out")}

COUNTRIES = {
    "E": ("E92000001", "England"),
    "W": ("W92000004", "Wales"),
    "S": ("S92000003", "Scotland"),
    "N": ("N92000002", "Northern Ireland"),
}
UK = ("K02000001", "United Kingdom")

# ladcode21 / laname21 (any two-digit geography year). Older editions wrote lad2014_code style names;
# those are accepted too so that a back series on an older geography still reads.
_CODE_COLUMN = re.compile(r"^(?:ladcode(\d{2})|lad(\d{2}|\d{4})_?code|lad(\d{2})cd)$", re.IGNORECASE)
_NAME_COLUMN = re.compile(r"^(?:laname(\d{2})|lad(\d{2}|\d{4})_?name|lad(\d{2})nm)$", re.IGNORECASE)
_YEAR_COLUMN = re.compile(r"^(?P<stem>[a-z_]+?)_(?P<year>\d{4})$")
_INTEGER = re.compile(r"^-?\d+$")
_GSS_CODE = re.compile(r"^[EWSN]\d{8}$")
_RELEASE_IN_NAME = re.compile(r"\((?P<year>\d{4})(?:_geog(?P<geog>\d{2}))?\)", re.IGNORECASE)

LANDING_PAGE = (
    "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates/"
    "datasets/populationestimatesforukenglandandwalesscotlandandnorthernireland"
)
# The "detailed time series" zip of the mid-2020 edition; it holds the MYEB1 (age and sex), MYEB2
# (detailed components, England and Wales) and MYEB3 (summary components, UK) CSVs. ONS reissued the
# series on 2021 boundaries inside the same zip, so the member name carries "(2020_geog21)"; an older
# copy of the zip names it "(2020_geog20)".
DOWNLOAD_URL = (
    "https://www.ons.gov.uk/file?uri=/peoplepopulationandcommunity/populationandmigration/"
    "populationestimates/datasets/populationestimatesforukenglandandwalesscotlandandnorthernireland/"
    "mid2001tomid2020detailedtimeseries/ukdetailedtimeseries2001to2020.zip"
)
ZIP_MEMBER = "MYEB3_summary_components_of_change_series_UK_(2020_geog21).csv"


def _point(year: int) -> tuple[str, str, str]:
    return f"Mid-{year}", f"{year}-06-30", f"{year}-06-30"


def _flow(year: int) -> tuple[str, str, str]:
    return f"Mid-{year - 1} to Mid-{year}", f"{year - 1}-07-01", f"{year}-06-30"


def release_of(path: Path) -> Release | None:
    """The edition named in the file name: "(2020_geog21)" -> mid-2020 estimates on 2021 boundaries."""
    match = _RELEASE_IN_NAME.search(Path(path).name)
    if match is None:
        return None
    name = f"mid-{match.group('year')}"
    if match.group("geog"):
        name += f"-geog{match.group('geog')}"
    return Release(name=name, date="")


def _error(path: Path, expected: str, found: str = "", row: int | None = None, column: str | None = None):
    return LayoutError(
        source_id=SOURCE_ID, file=Path(path).name, expected=expected, found=found, row=row, column=column
    )


def _read_rows(path: Path) -> list[tuple[int, list[str]]]:
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _error(path, "UTF-8 text", f"a byte that is not UTF-8 at position {exc.start}") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    for cells in reader:
        if not cells or all(cell.strip() == "" for cell in cells):
            continue  # a blank line (for example a trailing one) carries nothing
        rows.append((reader.line_num, cells))
    return rows


def _check_header(path: Path, header: list[str]) -> tuple[list[int], list[int]]:
    """Check the header and return (population years, years with a full set of components)."""
    names = [h.strip() for h in header]
    if len(names) < 4:
        raise _error(
            path, "a header with ladcodeNN, lanameNN, country and yearly columns", ",".join(names), 1
        )
    if not _CODE_COLUMN.match(names[0]):
        raise _error(path, "a local authority code column such as 'ladcode21'", repr(names[0]), 1, names[0])
    if not _NAME_COLUMN.match(names[1]):
        raise _error(path, "a local authority name column such as 'laname21'", repr(names[1]), 1, names[1])
    if names[2].lower() != "country":
        raise _error(path, "a column 'country' (E, W, S or N)", repr(names[2]), 1, names[2])

    seen: dict[str, int] = {}
    by_year: dict[int, set[str]] = {}
    for position, name in enumerate(names[3:], start=4):
        if name in seen:
            raise _error(
                path, "each column once", f"'{name}' in columns {seen[name]} and {position}", 1, name
            )
        seen[name] = position
        match = _YEAR_COLUMN.match(name)
        stem = match.group("stem") if match else None
        if stem not in COMPONENTS and stem != POPULATION:
            known = ", ".join([POPULATION, *COMPONENTS])
            raise _error(
                path, f"a column named <measure>_<year> with measure one of {known}", repr(name), 1, name
            )
        by_year.setdefault(int(match.group("year")), set()).add(stem)

    population_years = sorted(y for y, stems in by_year.items() if POPULATION in stems)
    if not population_years:
        raise _error(path, "population_<year> columns", "none", 1)
    first, last = population_years[0], max(by_year)
    for year in range(first, last + 1):
        stems = by_year.get(year, set())
        wanted = [POPULATION] if year == first else [*COMPONENTS, POPULATION]
        missing = [s for s in wanted if s not in stems]
        if missing:
            unexpected = sorted(n for n in names[3:] if n not in _expected_columns(first, last))
            found = f"no column '{missing[0]}_{year}'"
            if unexpected:
                found += "; columns not recognised: " + ", ".join(f"'{n}'" for n in unexpected)
            if year == first:
                what = f"a population column for the first year, {year}"
            else:
                what = f"a full set of components for {year} ({', '.join(wanted)})"
            raise _error(path, what, found, 1, f"{missing[0]}_{year}")
        extra = [s for s in stems if s not in wanted]
        if extra:
            raise _error(
                path,
                f"only a population column for the first year, {year}",
                f"'{extra[0]}_{year}'",
                1,
                f"{extra[0]}_{year}",
            )
    return population_years, list(range(first + 1, last + 1))


def _expected_columns(first: int, last: int) -> set[str]:
    expected = {f"{POPULATION}_{first}"}
    for year in range(first + 1, last + 1):
        expected.update(f"{stem}_{year}" for stem in [*COMPONENTS, POPULATION])
    return expected


def parse(path: Path) -> pd.DataFrame:
    """Read a MYEB3 summary components of change CSV into the tidy long table."""
    path = Path(path)
    rows = _read_rows(path)
    if not rows:
        raise _error(path, "a header row and at least one local authority", "an empty file")
    _, header = rows[0]
    population_years, flow_years = _check_header(path, header)
    names = [h.strip() for h in header]
    column_of = {name: i for i, name in enumerate(names)}
    if len(rows) == 1:
        raise _error(path, "at least one local authority row", "only the header")

    areas: list[tuple[str, str, str, dict[str, int]]] = []  # code, name, country letter, values
    seen_codes: dict[str, int] = {}
    for line, cells in rows[1:]:
        if len(cells) != len(names):
            raise _error(path, f"{len(names)} cells, as in the header", f"{len(cells)} cells", line)
        code = cells[0].strip()
        if not _GSS_CODE.match(code):
            raise _error(path, "a 9-character GSS local authority code", repr(cells[0]), line, names[0])
        if code in seen_codes:
            raise _error(
                path, "each local authority once", f"'{code}' also on row {seen_codes[code]}", line, names[0]
            )
        seen_codes[code] = line
        country = cells[2].strip().upper()
        if country not in COUNTRIES:
            raise _error(path, "a country letter E, W, S or N", repr(cells[2]), line, names[2])
        if code[0] != country:
            raise _error(
                path, f"a code starting with '{country}' for country {country}", repr(code), line, names[0]
            )
        values: dict[str, int] = {}
        for name in names[3:]:
            cell = cells[column_of[name]].strip()
            if not _INTEGER.match(cell):
                raise _error(path, "a whole number", repr(cells[column_of[name]]), line, name)
            values[name] = int(cell)
        areas.append((code, cells[1].strip(), country, values))

    totals: dict[str, dict[str, int]] = {}
    for _code, _name, country, values in areas:
        for key in (country, "UK"):
            bucket = totals.setdefault(key, {})
            for name, value in values.items():
                bucket[name] = bucket.get(name, 0) + value

    summed: list[tuple[str, str, dict[str, int]]] = []
    for letter, (code, name) in COUNTRIES.items():
        if letter in totals:
            summed.append((code, name, totals[letter]))
    # A UK total only when every country is present: a sum over part of the UK is no UK figure.
    if all(letter in totals for letter in COUNTRIES):
        summed.append((UK[0], UK[1], totals["UK"]))

    records: list[dict] = []
    blocks = [(c, n, v, COMPONENTS) for c, n, _, v in areas]
    blocks += [(c, n, v, SUMMED_COMPONENTS) for c, n, v in summed]
    for code, name, values, components in blocks:
        for year in population_years:
            label, start, end = _point(year)
            records.append(_record(code, name, label, start, end, POPULATION, values[f"{POPULATION}_{year}"]))
        for year in flow_years:
            label, start, end = _flow(year)
            for stem, measure in components.items():
                records.append(_record(code, name, label, start, end, measure, values[f"{stem}_{year}"]))
    return tidy_frame(records)


def _record(code: str, name: str, label: str, start: str, end: str, measure: str, value: int) -> dict:
    return {
        "area_code": code,
        "area_name": name,
        "period_label": label,
        "period_start": start,
        "period_end": end,
        "measure": measure,
        "value": float(value),
        "ci_lower": float("nan"),
        "ci_upper": float("nan"),
        "status": status.OK,
    }


_MEASURES = (
    Measure("population", "Usual resident population at 30 June", "people", "stock"),
    Measure("births", "Live births in the year to 30 June", "births", "count"),
    Measure("deaths", "Deaths in the year to 30 June", "deaths", "count"),
    Measure("natural_change", "Natural change (births minus deaths)", "people", "count"),
    Measure("internal_in", "Moves in from elsewhere in the UK", "people", "flow"),
    Measure("internal_out", "Moves out to elsewhere in the UK", "people", "flow"),
    Measure("internal_net", "Net internal migration (in minus out)", "people", "flow"),
    Measure("international_in", "International migrants arriving", "people", "flow"),
    Measure("international_out", "International migrants leaving", "people", "flow"),
    Measure("international_net", "Net international migration (arrivals minus departures)", "people", "flow"),
    Measure("other_change", "Other change (special populations and adjustments)", "people", "flow"),
)

_CAVEATS = (
    Caveat(
        "international-migration-modelled",
        "Local figures for people arriving from and leaving for other countries are not counted directly. "
        "ONS estimates the national totals, mainly from surveys, then shares them out between local "
        "authorities using administrative records such as GP registrations, National Insurance numbers "
        "and student records. Treat a single authority's figure as an estimate with a margin of error, "
        "especially in small authorities and for people leaving the UK.",
    ),
    Caveat(
        "internal-migration-from-records",
        "Moves between local authorities within the UK come from changes of address in GP patient "
        "registers, supplemented by higher education student records. People who move without "
        "re-registering with a doctor (young men in particular) are picked up late or missed.",
    ),
    Caveat(
        "other-change",
        "'Other change' is a balancing item: it covers groups handled outside the usual method, such as "
        "armed forces personnel (UK and foreign) and prisoners, and other adjustments. It is not migration "
        "and should not be read as such.",
    ),
    Caveat(
        "revised-after-census",
        "Estimates drift from the truth the further they get from a census. After each census ONS "
        "rebases and revises the series, sometimes by several per cent for one authority. This file "
        "predates the revisions that followed the 2021 and 2022 censuses, so its figures for the 2010s "
        "differ from the current official ones; do not mix editions in one chart.",
    ),
    Caveat(
        "country-totals-are-our-sums",
        "The file gives local authorities only. The figures shown for England, Wales, Scotland, Northern "
        "Ireland and the UK are our own sums of the published local authority figures, not separately "
        "published totals; they can differ slightly from the national figures ONS publishes elsewhere. "
        "We give no internal inflow or outflow for a country: adding up its authorities' moves would count "
        "moves between two of its own authorities. Net internal migration does add up, and for the UK as a "
        "whole it is zero apart from rounding.",
    ),
    Caveat(
        "scotland-rounded",
        "In this file Scotland's populations are rounded to the nearest 10, and so are its migration "
        "flows for the years from mid-2017 to mid-2018 onwards. For Scottish councils the components may "
        "therefore not add up exactly to the change in population, and a net flow may differ from inflow "
        "minus outflow by 10 or 20 people.",
    ),
    Caveat(
        "false-precision",
        "Figures are published as whole numbers but are estimates: the last digits carry no meaning. "
        "Round them when quoting, and compare areas with rates rather than counts.",
    ),
)

_TERMS = (
    Term(
        "Mid-year estimate",
        "ONS's official estimate of the number of people usually living in an area on 30 June of a year. "
        "It starts from the last census and rolls forward each year using births, deaths and migration.",
    ),
    Term(
        "Components of change",
        "The parts that together explain how a population changed over a year: natural change, "
        "internal migration, international migration and other change.",
    ),
    Term(
        "Natural change",
        "Births minus deaths among residents over the year; negative when deaths exceed births.",
    ),
    Term(
        "Internal migration",
        "Moves of residence between one local authority and another within the UK.",
    ),
    Term(
        "Net migration",
        "People arriving minus people leaving over the same period. Positive means more came than left; "
        "it says nothing about how many moved in each direction.",
    ),
)

SOURCE = Source(
    id=SOURCE_ID,
    title="Population estimates for the UK: components of population change by local authority (MYEB3)",
    publisher="Office for National Statistics (ONS)",
    landing_page=LANDING_PAGE,
    downloads=(
        Download(
            url=DOWNLOAD_URL,
            file_name=ZIP_MEMBER,
            zip_member=ZIP_MEMBER,
        ),
    ),
    licence=OGL,
    licence_url=OGL_URL,
    cadence=(
        "annual; England and Wales estimates usually in June or July, the UK-wide edition with Scotland "
        "and Northern Ireland sometimes later in the year"
    ),
    # Our best estimate, not an announced date: the next UK edition after the one due in autumn 2026
    # (ONS released the mid-2024 UK edition on 26 September 2025). Check the ONS release calendar.
    # Newer editions are workbooks in a different layout from this CSV series, which ends at mid-2020
    # and would need their own parser.
    next_release="2027-07-31",
    geography_levels=("country", "local_authority"),
    measures=_MEASURES,
    measures_summary=(
        "The resident population of each local authority at 30 June each year, and how it changed over "
        "the year before: births, deaths, moves within the UK, moves to and from other countries, and "
        "other change."
    ),
    kind="stock and flow",
    coverage=(
        "All usual residents of each UK local authority, of any nationality and age, including students "
        "at their term-time address and people living in communal establishments."
    ),
    not_covered=(
        "Short-term visitors and migrants staying under 12 months; no breakdown by country of birth or "
        "nationality; no figures below local authority level in this file."
    ),
    lag="about a year: estimates for 30 June appear the following summer or autumn",
    rounding=(
        "published as unrounded whole numbers (Scotland's populations, and its migration flows from the "
        "year to mid-2018 onwards, rounded to the nearest 10); they are estimates, not accurate to the unit"
    ),
    caveats=_CAVEATS,
    files=(
        FileSpec(
            patterns=(
                "*MYEB3*.csv",
                "*myeb3*summary*components*.csv",
                "*summary_components_of_change_series*.csv",
            ),
            parse=parse,
            release_of=release_of,
            expect="csv",
        ),
    ),
    terms=_TERMS,
)
