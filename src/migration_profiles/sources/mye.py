"""ONS mid-year population estimates with their components of change (the MYEB3 summary series).

ONS has published the series in two layouts, and this module reads both:

* the current workbooks, the "detailed time series" of each edition:
  ``myebtablesenglandwales2011YYYY.xlsx`` (England and Wales, out first each summer) and
  ``myebtablesuk2011YYYY.xlsx`` (the UK, with Scotland and Northern Ireland, out some months later),
  sometimes reissued with a version suffix (``...v2.xlsx``). Their sheet MYEB3 (``MYEB3 (2023
  Geography)`` in older editions) has a title row above the header and then the wide layout below;
* the old CSV series, ``MYEB3_summary_components_of_change_series_UK_(2020_geog21).csv``, which ONS
  stopped after its mid-2020 edition; it starts with a UTF-8 byte order mark.

The wide layout, one row per local authority:

    ladcode23,laname23,country,population_2011,
    births_2012,deaths_2012,natchange_2012,internal_in_2012,internal_out_2012,internal_net_2012,
    international_in_2012,international_out_2012,international_net_2012,other_change_2012,
    population_2012, ... (the same eleven columns for every year up to the last)

The two-digit suffix of the code and name columns is the year of the local authority boundaries the
series is built on (23 in the current editions); ONS republishes the back series on each new
geography, so any suffix, and the spellings ``lacodeNN`` and ``ladNNcd``, are accepted.

The files hold local authorities only. We add the four countries and the UK by summing the
published local authority figures (see the caveat ``country-totals-are-our-sums``); regions are not
added here, because the file does not say which region an authority belongs to.

A release may hold both workbooks: the England and Wales edition a year ahead of the UK one, which
still brings Scotland and Northern Ireland. `combine_editions` makes one table of them: for every
area, year and measure the figure of the newest edition, so that a revision replaces the older figure.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from migration_profiles.sources._tabular import Place, show
from migration_profiles.sources.base import (
    OGL,
    OGL_URL,
    PAGE,
    TIDY_COLUMNS,
    Caveat,
    Discover,
    Download,
    FileSpec,
    KnownRelease,
    Measure,
    Release,
    Source,
    Term,
    observation,
    open_workbook,
    tidy_frame,
)
from migration_profiles.sources.checks import read_figure, signed
from migration_profiles.sources.geography import COUNTRY_OF_LETTER, UK_CODE, UK_NAME
from migration_profiles.util import status

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
SUMMED_MEASURES = (POPULATION, *SUMMED_COMPONENTS.values())

COUNTRIES = COUNTRY_OF_LETTER
UK = (UK_CODE, UK_NAME)
_TOTAL_CODES = {code for code, _ in COUNTRIES.values()} | {UK[0]}

# ladcode23 / laname23 (any two-digit geography year). Editions have also spelt them lacode21,
# lad21cd and lad2014_code; all are accepted so that a back series on an older geography still reads.
_CODE_COLUMN = re.compile(r"^(?:lad?code(\d{2})|lad(\d{2}|\d{4})_?code|lad(\d{2})cd)$", re.IGNORECASE)
_NAME_COLUMN = re.compile(r"^(?:lad?name(\d{2})|lad(\d{2}|\d{4})_?name|lad(\d{2})nm)$", re.IGNORECASE)
# The workbooks' summary sheet; editions before mid-2023 named sheets like "MYEB3 (2023 Geography)".
_SUMMARY_SHEET = re.compile(r"^MYEB3(?:\s*\(.*\))?$", re.IGNORECASE)
# The header is on row 2 in the workbooks seen; more title rows than this would be a new layout.
_MAX_TITLE_ROWS = 20
_YEAR_COLUMN = re.compile(r"^(?P<stem>[a-z_]+?)_(?P<year>\d{4})$")
_GSS_CODE = re.compile(r"^[EWSN]\d{8}$")
_RELEASE_IN_NAME = re.compile(r"\((?P<year>\d{4})(?:_geog(?P<geog>\d{2}))?\)", re.IGNORECASE)
# myebtablesuk20112024.xlsx, myebtablesenglandwales20112022v2.xlsx: the last year is the edition's.
_WORKBOOK_NAME = re.compile(r"myebtables(?P<where>uk|englandwales)\d{4}(?P<year>\d{4})(?:v\d+)?\.xlsx$",
                            re.IGNORECASE)

LANDING_PAGE = (
    "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates/"
    "datasets/populationestimatesforukenglandandwalesscotlandandnorthernireland"
)
EW_PAGE = (
    "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates/"
    "datasets/estimatesofthepopulationforenglandandwales"
)
_ONS_FILES = ("https://www.ons.gov.uk/file?uri=/peoplepopulationandcommunity/populationandmigration/"
              "populationestimates/datasets/")
# The newest editions known when this was written; refresh looks the current ones up on the two pages.
UK_WORKBOOK_URL = (
    _ONS_FILES + "populationestimatesforukenglandandwalesscotlandandnorthernireland/mid2011tomid2024/"
    "myebtablesuk20112024.xlsx"
)
EW_WORKBOOK_URL = (
    _ONS_FILES + "estimatesofthepopulationforenglandandwales/mid2011tomid2025detailedtimeseries/"
    "myebtablesenglandwales20112025.xlsx"
)
# The old series, still read when imported by hand: MYEB3 of the mid-2020 edition's "detailed time
# series" zip (mid2001tomid2020detailedtimeseries/ukdetailedtimeseries2001to2020.zip on the UK page).
# ONS reissued it on 2021 boundaries inside the same zip, so the member name carries "(2020_geog21)";
# an older copy of the zip names it "(2020_geog20)".
ZIP_MEMBER = "MYEB3_summary_components_of_change_series_UK_(2020_geog21).csv"
CONFIRMED = (
    "Confirmed from public code that downloads and reads these files (GitHub, 2023-2026: R and Python "
    "scripts reading myebtablesuk20112022.xlsx, myebtablesuk20112024.xlsx, "
    "myebtablesenglandwales20112023.xlsx, "
    "...20112022v2.xlsx/v3.xlsx and ...20112025.xlsx): the two dataset pages and the file addresses under "
    "them (mid2011tomid2024/, mid2011tomid2025detailedtimeseries/); the sheets Cover sheet, Contents, Notes, "
    "Related publications, MYEB1 to MYEB5 of the UK mid-2024 workbook; sheet names such as 'MYEB2 (2023 "
    "Geography)' in the 2022 editions; one title row, so the header is on row 2 (read with skip=1 / "
    "header=1); ladcode23, laname23, country then population_YYYY, international_in_YYYY, internal_in_YYYY "
    "and the like on MYEB3, one row per local authority (the E&W mid-2025 edition released 29 July 2026, "
    "the UK mid-2024 edition 26 September 2025). Inferred, not seen: that MYEB3 keeps every column name of "
    "the old CSV series; a file that does not is refused with the column named."
)
def _point(year: int) -> tuple[str, str, str]:
    return f"Mid-{year}", f"{year}-06-30", f"{year}-06-30"


def _flow(year: int) -> tuple[str, str, str]:
    return f"Mid-{year - 1} to Mid-{year}", f"{year - 1}-07-01", f"{year}-06-30"


def release_of(path: Path) -> Release | None:
    """The edition named in the old CSV's name: "(2020_geog21)" -> mid-2020 estimates on 2021 boundaries.

    A workbook states no release of its own: one release may hold the England and Wales edition and an
    older UK one, so the release is named by its date (refresh) or the day it was imported."""
    match = _RELEASE_IN_NAME.search(Path(path).name)
    if match is None:
        return None
    name = f"mid-{match.group('year')}"
    if match.group("geog"):
        name += f"-geog{match.group('geog')}"
    return Release(name=name, date="")


def edition(file_name: str) -> tuple[int, int]:
    """(last mid-year, 1 for the UK edition) of a file, from its name; (0, 0) when the name does not say.

    Between two editions with the same last year the UK one comes later (it is published after the
    England and Wales one), so it is taken as the newer."""
    workbook = _WORKBOOK_NAME.search(file_name)
    if workbook:
        return int(workbook.group("year")), int(workbook.group("where").lower() == "uk")
    old = _RELEASE_IN_NAME.search(file_name)
    return (int(old.group("year")), 1) if old else (0, 0)


def combine_editions(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """One table from the files of one release (each with its provenance columns): for every country and
    period, the local authorities of the newest edition that has that country and period; then the
    countries and the UK summed again from what was kept, so that they agree with their authorities.

    A country's year is taken whole from one edition, never council by council: editions on different
    boundaries (the old CSV on 2021 councils, the workbooks on 2023 ones) would otherwise count a merged
    district and its successor both."""
    rank = {name: year * 10 + uk for name, (year, uk) in
            ((name, edition(name)) for f in frames for name in f["file_name"].unique())}
    ranked = [f.assign(_edition=f["file_name"].map(rank)) for f in frames if len(f)]
    merged = pd.concat(ranked, ignore_index=True)
    las = merged[~merged["area_code"].isin(_TOTAL_CODES)]
    las = las.assign(_country=_letters(las["area_code"]))
    newest = las.groupby(["_country", "period_label"])["_edition"].transform("max")
    las = las[las["_edition"] == newest].drop(columns=["_edition", "_country"])
    provenance = [c for c in las.columns if c not in TIDY_COLUMNS]
    totals = with_country_totals(las[TIDY_COLUMNS])
    totals = totals[totals["area_code"].isin(_TOTAL_CODES)].copy()
    # A total's provenance: every file its authorities' figures came from. Each column's distinct
    # values per group are found by pandas first, so the Python join sees a few values, not every row.
    letters = _letters(las["area_code"])

    def listed(keys: list[pd.Series]) -> pd.DataFrame:
        def join(values: pd.Series) -> str:
            return "; ".join(sorted(values))

        return pd.DataFrame({column: pd.concat([*keys, las[column]], axis=1).drop_duplicates()
                             .groupby([k.name for k in keys])[column].agg(join)
                             for column in provenance})

    joined = listed([letters.rename("letter"), las["period_label"]])
    every = listed([las["period_label"]])
    letter_of = {code: letter for letter, (code, _) in COUNTRIES.items()}
    keys = [(letter_of.get(code), label) for code, label in zip(totals["area_code"], totals["period_label"],
                                                                strict=True)]
    for column in provenance:
        by_letter, by_period = joined[column].to_dict(), every[column].to_dict()  # not a lookup a row
        totals[column] = [by_letter.get(key) if key[0] else by_period.get(key[1]) for key in keys]
    return pd.concat([las, totals], ignore_index=True)


def _read_csv_rows(path: Path, place: Place) -> list[tuple[int, list]]:
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise place.error("UTF-8 text", f"a byte that is not UTF-8 at position {exc.start}") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    for cells in reader:
        if not cells or (not cells[0].strip() and not "".join(cells).strip()):  # every cell blank
            continue  # a blank line (for example a trailing one) carries nothing
        rows.append((reader.line_num, cells))
    return rows


def _summary_sheet(names: list[str]) -> str | None:
    """The MYEB3 sheet: 'MYEB3' in current workbooks, 'MYEB3 (2023 Geography)' in some older ones."""
    return next((n for n in names if _SUMMARY_SHEET.match(n.strip())), None)


def _read_workbook_rows(path: Path, place: Place) -> tuple[str, list[tuple[int, list]]]:
    """(sheet name, [(row number, cells)]) of the MYEB3 sheet, from its header row to the end of the
    table. Title rows above the header are skipped; blank rows are skipped; a row with text in its first
    cell only, after the table, is a note and ends it."""
    workbook = open_workbook(path)
    try:
        sheet = _summary_sheet(workbook.sheetnames)
        if sheet is None:
            raise place.error("a sheet 'MYEB3' (summary components of change by local authority)",
                              "sheets " + ", ".join(repr(n) for n in workbook.sheetnames))
        place.sheet = sheet
        rows: list[tuple[int, list]] = []
        header_seen = False
        for number, cells in enumerate(workbook[sheet].iter_rows(values_only=True), start=1):
            cells = list(cells)
            while cells and (cells[-1] is None or (isinstance(cells[-1], str) and not cells[-1].strip())):
                cells.pop()  # read-only sheets pad rows to the widest row
            if not cells:
                continue
            first = "" if cells[0] is None else str(cells[0]).strip()
            if not header_seen:
                if _CODE_COLUMN.match(first):
                    header_seen = True
                    rows.append((number, [str(c).strip() if c is not None else "" for c in cells]))
                elif number >= _MAX_TITLE_ROWS:
                    raise place.error("a header row starting with a code column such as 'ladcode23' within "
                                      f"the first {_MAX_TITLE_ROWS} rows", f"{first!r} in row {number}",
                                      number, 1)
                continue  # a title row
            if len(cells) == 1 and not _GSS_CODE.match(first):
                break  # a note under the table
            rows.append((number, cells))
        if not header_seen:
            raise place.error("a header row starting with a code column such as 'ladcode23'", "no such row")
        return sheet, rows
    finally:
        workbook.close()



def _check_header(place: Place, header: list[str], row: int) -> tuple[list[int], list[int]]:
    """Check the header and return (population years, years with a full set of components)."""
    names = [h.strip() for h in header]
    if len(names) < 4:
        raise place.error("a header with ladcodeNN, lanameNN, country and yearly columns", ",".join(names),
                          row)
    if not _CODE_COLUMN.match(names[0]):
        raise place.error("a local authority code column such as 'ladcode23'", repr(names[0]), row, names[0])
    if not _NAME_COLUMN.match(names[1]):
        raise place.error("a local authority name column such as 'laname23'", repr(names[1]), row, names[1])
    if names[2].lower() != "country":
        raise place.error("a column 'country' (E, W, S or N)", repr(names[2]), row, names[2])

    seen: dict[str, int] = {}
    by_year: dict[int, set[str]] = {}
    for position, name in enumerate(names[3:], start=4):
        if name in seen:
            raise place.error("each column once", f"'{name}' in columns {seen[name]} and {position}", row,
                              name)
        seen[name] = position
        match = _YEAR_COLUMN.match(name)
        stem = match.group("stem") if match else None
        if stem not in COMPONENTS and stem != POPULATION:
            known = ", ".join([POPULATION, *COMPONENTS])
            raise place.error(f"a column named <measure>_<year> with measure one of {known}", repr(name), row,
                              name)
        by_year.setdefault(int(match.group("year")), set()).add(stem)

    population_years = sorted(y for y, stems in by_year.items() if POPULATION in stems)
    if not population_years:
        raise place.error("population_<year> columns", "none", row)
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
            raise place.error(what, found, row, f"{missing[0]}_{year}")
        extra = [s for s in stems if s not in wanted]
        if extra:
            raise place.error(f"only a population column for the first year, {year}", f"'{extra[0]}_{year}'",
                              row, f"{extra[0]}_{year}")
    return population_years, list(range(first + 1, last + 1))


def _expected_columns(first: int, last: int) -> set[str]:
    expected = {f"{POPULATION}_{first}"}
    for year in range(first + 1, last + 1):
        expected.update(f"{stem}_{year}" for stem in [*COMPONENTS, POPULATION])
    return expected


def parse(path: Path) -> pd.DataFrame:
    """Read MYEB3, summary components of change by local authority, into the tidy long table: from
    the old CSV series or from the sheet of a current workbook (England and Wales, or UK)."""
    path = Path(path)
    place = Place(SOURCE_ID, path)
    if path.suffix.lower() == ".csv":
        rows = _read_csv_rows(path, place)
    else:
        _, rows = _read_workbook_rows(path, place)
    if not rows:
        raise place.error("a header row and at least one local authority", "an empty file")
    header_row, header = rows[0]
    population_years, flow_years = _check_header(place, header, header_row)
    names = [h.strip() for h in header]
    if len(rows) == 1:
        raise place.error("at least one local authority row", "only the header", header_row)

    records: list[dict] = []
    seen_codes: dict[str, int] = {}
    # Whether each column is a count (never negative), decided once per column rather than per cell.
    counts = {name: not signed(COMPONENTS.get(name.rsplit("_", 1)[0], POPULATION)) for name in names[3:]}
    points = [(_point(year), f"{POPULATION}_{year}") for year in population_years]  # once, not per row
    flows = [(_flow(year), measure, f"{stem}_{year}")
             for year in flow_years for stem, measure in COMPONENTS.items()]
    for line, cells in rows[1:]:
        if len(cells) > len(names) or (len(cells) < len(names) and place.sheet is None):
            raise place.error(f"{len(names)} cells, as in the header", f"{len(cells)} cells", line)
        cells = cells + [None] * (len(names) - len(cells))
        code = str(cells[0] or "").strip()
        if not _GSS_CODE.match(code):
            raise place.error("a 9-character GSS local authority code", show(cells[0]), line, names[0])
        if code in seen_codes:
            raise place.error("each local authority once", f"'{code}' also on row {seen_codes[code]}", line,
                              names[0])
        seen_codes[code] = line
        country = str(cells[2] or "").strip().upper()
        if country not in COUNTRIES:
            raise place.error("a country letter E, W, S or N", show(cells[2]), line, names[2])
        if code[0] != country:
            raise place.error(f"a code starting with '{country}' for country {country}", repr(code), line,
                              names[0])
        values: dict[str, int] = {}
        for position, name in enumerate(names[3:], start=3):
            # a spreadsheet's column letter; a CSV's header. Net flows and natural change may be negative.
            number, _ = read_figure(cells[position], place.error, line, position + 1 if place.sheet else name,
                                    whole=True, required=True, label=name, count=counts[name])
            values[name] = int(number)
        name = str(cells[1] or "").strip()
        for period, column in points:
            records.append(_record(code, name, period, POPULATION, values[column]))
        for period, measure, column in flows:
            records.append(_record(code, name, period, measure, values[column]))
    return with_country_totals(tidy_frame(records))


def with_country_totals(frame: pd.DataFrame) -> pd.DataFrame:
    """Local authorities' rows with the countries' and the UK's added, as sums of the authorities.

    A country is added only when the table holds some of its authorities, and the UK only for periods
    with authorities of all four countries: a sum over part of the UK is no UK figure (the England and
    Wales edition holds no Scottish or Northern Irish authority; a newer E&W edition may run a year
    beyond the UK one)."""
    las = frame[~frame["area_code"].isin(_TOTAL_CODES)]
    summed = las[las["measure"].isin(SUMMED_MEASURES)]
    summed = summed.assign(letter=_letters(summed["area_code"]))
    keys = ["period_label", "period_start", "period_end", "measure"]
    by_country = summed.groupby(["letter", *keys], sort=False)["value"].sum().reset_index()
    by_country["area_code"] = by_country["letter"].map(lambda c: COUNTRIES[c][0])
    by_country["area_name"] = by_country["letter"].map(lambda c: COUNTRIES[c][1])
    letters = summed.groupby("period_label")["letter"].nunique()
    whole_uk = summed[summed["period_label"].map(letters) == len(COUNTRIES)]
    uk = whole_uk.groupby(keys, sort=False)["value"].sum().reset_index()
    uk = uk.assign(area_code=UK[0], area_name=UK[1])
    totals = pd.concat([by_country.drop(columns="letter"), uk], ignore_index=True)
    totals = totals.assign(ci_lower=float("nan"), ci_upper=float("nan"), status=status.OK)[TIDY_COLUMNS]
    las = las[TIDY_COLUMNS]
    return pd.concat([las, totals.astype(las.dtypes.to_dict())], ignore_index=True)


def _letters(codes: pd.Series) -> pd.Series:
    """Each code's first letter (its country), as `codes.str[0]` gives it, found once per distinct code
    rather than once per row."""
    return codes.map({code: code[0] if isinstance(code, str) and code else float("nan")
                      for code in codes.unique()})


def _record(code: str, name: str, period: tuple[str, str, str], measure: str, value: int) -> dict:
    return observation(code, name, period, measure, float(value), status.OK)


_MEASURES = (
    Measure("population", "Usual resident population at 30 June", "people", "stock"),
    Measure("births", "Live births in the year to 30 June", "births", "count"),
    Measure("deaths", "Deaths in the year to 30 June", "deaths", "count"),
    Measure("natural_change", "Natural change (births minus deaths)", "people", "count"),
    Measure("internal_in", "Moves in from elsewhere in the UK", "people", "flow"),
    Measure("internal_out", "Moves out to elsewhere in the UK", "people", "flow"),
    Measure("internal_net", "Net internal migration (in minus out)", "people", "flow"),
    # Whom it counts: "Three measures of immigration" says it beside GP and NINo registrations.
    Measure("international_in", "International migrants arriving", "people", "flow",
            counts="people of any age arriving from abroad to live in the area for a year or more, in the "
                   "year to 30 June, as estimated by ONS for its mid-year population estimates"),
    Measure("international_out", "International migrants leaving", "people", "flow"),
    Measure("international_net", "Net international migration (arrivals minus departures)", "people", "flow"),
    Measure("other_change", "Other change (special populations and adjustments)", "people", "flow"),
)

_CAVEATS = (
    Caveat(
        "editions-cover-different-years",
        "ONS publishes England and Wales first, in the summer, and the whole UK some months later. Until "
        "the UK edition catches up, councils in England and Wales have a year more than those in Scotland "
        "and Northern Ireland, and there is no UK total for that year. National Records of Scotland and "
        "NISRA publish their own estimates earlier; they are not read here.",
    ),
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
        "rebases and revises the series, sometimes by several per cent for one authority, and each "
        "summer it revises recent years as better migration data arrive (in July 2026, mid-2022 to "
        "mid-2024). The figures shown are each year's latest edition; the old CSV series, which ends at "
        "mid-2020, predates the revisions that followed the 2021 and 2022 censuses.",
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
        "Scotland's populations are rounded to the nearest 10 in ONS's files, and so are its migration "
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
        Download(url=UK_WORKBOOK_URL, file_name="myebtablesuk20112024.xlsx"),
        Download(url=EW_WORKBOOK_URL, file_name="myebtablesenglandwales20112025.xlsx"),
    ),
    # ONS lists an edition's files first on its dataset page, the newest edition at the top. Where the
    # UK edition lags, National Records of Scotland (nrscotland.gov.uk, "mid-2025 population estimates",
    # released 14 July 2026) and NISRA (nisra.gov.uk, "MYE24-POP_TOTALS.xlsx") publish Scotland's and
    # Northern Ireland's own estimates first; not read here, said in the caveat
    # editions-cover-different-years. Their layouts differ (NRS "Table 3", NISRA a "Flat" sheet).
    discover=(
        Discover(PAGE, LANDING_PAGE, file="myebtablesuk2011*.xlsx", confirmed=CONFIRMED),
        Discover(PAGE, EW_PAGE, file="myebtablesenglandwales2011*.xlsx", confirmed=CONFIRMED),
    ),
    combine=combine_editions,
    licence=OGL,
    licence_url=OGL_URL,
    cadence=(
        "annual; England and Wales estimates usually in June or July, the UK-wide edition with Scotland "
        "and Northern Ireland sometimes later in the year"
    ),
    # Our best estimate, not an announced date: the England and Wales mid-2026 edition, a year after the
    # mid-2025 one (released 29 July 2026). Check the ONS release calendar.
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
        FileSpec(patterns=("myebtablesuk*.xlsx",), parse=parse, release_of=release_of, expect="xlsx"),
        FileSpec(patterns=("myebtablesenglandwales*.xlsx",), parse=parse, release_of=release_of,
                 expect="xlsx"),
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
    # The old CSV names its edition ("(2020_geog21)": mid-2020 estimates on 2021 boundaries) but not its
    # day. ONS published the mid-2020 edition on 25 June 2021: the bulletin "Population estimates for
    # the UK, England and Wales, Scotland and Northern Ireland: mid-2020" (ons.gov.uk, bulletins/
    # annualmidyearpopulationestimates/mid2020) gives that release date and counts 374 local
    # authorities, the 2021 councils this file has (North and West Northamptonshire among them).
    known_releases=(
        KnownRelease("mid-2020-geog21", "2021-06-25",
                     confirmed="ONS bulletin 'Population estimates for the UK, England and Wales, Scotland "
                               "and Northern Ireland: mid-2020', release date 25 June 2021"),
    ),
)
