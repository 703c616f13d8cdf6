"""DfE school census: pupils whose first language is other than English, by local authority and phase.

The publication 'Schools, pupils and their characteristics' on Explore Education Statistics (EES)
ships the data set ``spc_pupils_ethnicity_and_language`` as one long CSV in the EES standard
layout (often gzip-compressed), beside a companion ``meta.csv`` naming its filters and indicators::

    time_period,time_identifier,geographic_level,country_code,country_name,region_name,region_code,
    old_la_code,la_name,new_la_code,phase_type_grouping,ethnicity,language,headcount,percent_of_pupils
    202122,Academic year,Local authority,E92000001,England,Yorkshire and The Humber,E12000003,816,York,
    E06000014,Total,Total,Known or believed to be other than English,...

One row per school year (``201516`` = 2015/16), area, school type, ethnic group and first-language
group. Areas are England, its regions, and the 150-odd local authorities responsible for education
(counties, unitary authorities, metropolitan districts, London boroughs), each with both its old
three-digit DfE code and its nine-character GSS code. There are no rows for districts within a
county: the indicators are declared upper tier, so a district's page shows its county's figure.

We read the rows for all ethnic groups together (ethnicity 'Total') and two language groups:
'Known or believed to be other than English' (EAL) and 'Total' (all pupils), for all school types
together and for state-funded primary and secondary schools. Every filter value in the file must be
one we know, so that a new school type or language group cannot slip unnoticed into a total.

Headcounts and DfE's percentage column are kept as published. The share indicators are computed
from the headcounts, because in the real 2021/22 file every percentage for Bournemouth, Christchurch
and Poole and for Dorset in the last two years is 0; ``quality`` reports such disagreements.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import zlib
from datetime import date, timedelta
from functools import partial
from pathlib import Path

import pandas as pd

from migration_profiles.sources.base import (
    EES_API,
    OGL,
    OGL_URL,
    Caveat,
    Discover,
    Download,
    FileSpec,
    KnownRelease,
    Measure,
    Source,
    Term,
    observation,
    tidy_frame,
)
from migration_profiles.sources.checks import read_figure
from migration_profiles.util import status
from migration_profiles.util.errors import LayoutError

SOURCE_ID = "dfe_eal"

# The columns the parser reads; an EES file may carry more (they are ignored).
REQUIRED_COLUMNS = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "la_name",
    "new_la_code",
    "phase_type_grouping",
    "ethnicity",
    "language",
    "headcount",
    "percent_of_pupils",
)

# Geographic levels we read, and the other levels EES defines, which we skip. A level outside both
# lists is refused: it would mean the file is not the one we think it is.
NATIONAL, REGIONAL, LOCAL_AUTHORITY = "National", "Regional", "Local authority"
READ_LEVELS = (NATIONAL, REGIONAL, LOCAL_AUTHORITY)
OTHER_EES_LEVELS = (
    "Local authority district",
    "Local enterprise partnership",
    "English devolved area",
    "Local skills improvement plan area",
    "Mayoral combined authority",
    "Opportunity area",
    "Parliamentary constituency",
    "Police force area",
    "RSC region",
    "Ward",
    "MAT",
    "Sponsor",
    "School",
    "Provider",
    "Institution",
    "Planning area",
)

# School types (phase_type_grouping) -> the phase suffix of our measure ids.
PHASES = {"Total": "all", "State-funded primary": "primary", "State-funded secondary": "secondary"}
# School types the file also has, which we do not show separately ("State-funded AP school" is the
# name newer releases give to pupil referral units and other alternative provision).
OTHER_PHASES = (
    "State-funded nursery",
    "State-funded special school",
    "Non-maintained special school",
    "Pupil referral unit",
    "State-funded AP school",
)

EAL = "Known or believed to be other than English"
ALL_PUPILS = "Total"
LANGUAGES = (EAL, ALL_PUPILS)
OTHER_LANGUAGES = ("Known or believed to be English", "Language unclassified")

ALL_ETHNIC_GROUPS = "Total"
ACADEMIC_YEAR = "Academic year"

# Meta file: the filters and indicators the data file must be described with.
META_COLUMNS = ("col_name", "col_type")
META_FILTERS = ("phase_type_grouping", "ethnicity", "language")
META_INDICATORS = ("headcount", "percent_of_pupils")

_TIME_PERIOD = re.compile(r"^(\d{4})(\d{2})$")
_COUNTRY = re.compile(r"^E92000001$")
_REGION = re.compile(r"^E12\d{6}$")
# Counties (E10), metropolitan counties (E11), unitary authorities (E06), districts (E07),
# metropolitan districts (E08), London boroughs (E09).
_LA_CODE = re.compile(r"^E(?:0[6-9]|1[01])\d{6}$")
_OLD_LA_CODE = re.compile(r"^\d{3}$")
_GSS = re.compile(r"^[EWSNK]\d{8}$")

# Codes of upper-tier authorities replaced since 2019, with the date the successor took over. The
# quality check reports figures published under such a code for a census held after that date:
# the figures are kept as published, but a reader should know which council they now belong to.
ENDED_CODES = {
    "E06000028": ("Bournemouth", "2019-04-01", "Bournemouth, Christchurch and Poole (E06000058)"),
    "E06000029": ("Poole", "2019-04-01", "Bournemouth, Christchurch and Poole (E06000058)"),
    "E10000009": ("Dorset County", "2019-04-01", "Dorset Council (E06000059)"),
    "E10000002": ("Buckinghamshire County", "2020-04-01", "Buckinghamshire Council (E06000060)"),
    "E10000021": ("Northamptonshire", "2021-04-01",
                  "North Northamptonshire (E06000061) and West Northamptonshire (E06000062)"),
    "E10000006": ("Cumbria", "2023-04-01", "Cumberland (E06000063) and Westmorland and Furness (E06000064)"),
    "E10000023": ("North Yorkshire County", "2023-04-01", "North Yorkshire Council (E06000065)"),
    "E10000027": ("Somerset County", "2023-04-01", "Somerset Council (E06000066)"),
}


# --------------------------------------------------------------------------------------------
# Periods


def census_day(year: int) -> date:
    """The spring school census is normally held on the third Thursday of January."""
    first = date(year, 1, 1)
    first_thursday = first + timedelta(days=(3 - first.weekday()) % 7)
    return first_thursday + timedelta(days=14)


def period_of(time_period: str) -> tuple[str, str, str]:
    """'202122' -> ('January 2022 (school year 2021/22)', '2022-01-20', '2022-01-20')."""
    match = _TIME_PERIOD.match(time_period)
    if match is None:
        raise ValueError(time_period)
    first, second = int(match.group(1)), int(match.group(2))
    if (first + 1) % 100 != second:
        raise ValueError(time_period)
    year = first + 1
    day = census_day(year).isoformat()
    return f"January {year} (school year {first}/{second:02d})", day, day


# --------------------------------------------------------------------------------------------
# Reading


def _error(path: Path, expected: str, found: str = "", row: int | None = None, column: str | None = None):
    return LayoutError(
        source_id=SOURCE_ID, file=Path(path).name, expected=expected, found=found, row=row, column=column
    )


def _is_gzip(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(2) == b"\x1f\x8b"


def _first_line(path: Path) -> str:
    opener = gzip.open if _is_gzip(path) else open
    try:
        with opener(path, "rb") as handle:
            raw = handle.readline()
    except (OSError, EOFError, zlib.error) as exc:
        raise _error(path, "readable gzip-compressed CSV", f"a damaged file ({exc})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _error(path, "UTF-8 text", f"a byte that is not UTF-8 at position {exc.start}", 1) from None


def _check_header(path: Path) -> list[str]:
    line = _first_line(path)
    if not line.strip():
        raise _error(path, "a header row naming the EES columns", "an empty first line", 1)
    names = [name.strip() for name in next(csv.reader([line]))]
    seen: dict[str, int] = {}
    for position, name in enumerate(names, start=1):
        if name in seen and name in REQUIRED_COLUMNS:
            raise _error(path, "each column once", f"'{name}' in columns {seen[name]} and {position}", 1,
                         name)
        seen.setdefault(name, position)
    missing = [c for c in REQUIRED_COLUMNS if c not in seen]
    if missing:
        others = [n for n in names if n not in REQUIRED_COLUMNS]
        found = "no such column"
        if others:
            found += "; columns not recognised: " + ", ".join(f"'{n}'" for n in others)
        raise _error(path, f"a column '{missing[0]}' (EES columns: {', '.join(REQUIRED_COLUMNS)})", found, 1,
                     missing[0])
    return names


def _read_table(path: Path) -> pd.DataFrame:
    """Every cell as text, with each row's line number in the file (the header is row 1).

    All columns are read, not only the needed ones: an EES file has few, and reading them all lets
    pandas refuse a row with more cells than the header, which it ignores when told to pick columns.
    """
    try:
        frame = pd.read_csv(
            path,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            encoding="utf-8-sig",
            compression="gzip" if _is_gzip(path) else None,
            skip_blank_lines=False,
        )
    except pd.errors.ParserError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise _error(path, "the same number of cells on every row as in the header",
                     str(exc).strip(), int(line.group(1)) if line else None) from None
    except UnicodeDecodeError as exc:
        raise _error(path, "UTF-8 text", f"a byte that is not UTF-8 at position {exc.start}") from None
    except (OSError, EOFError, zlib.error) as exc:
        raise _error(path, "readable gzip-compressed CSV", f"a damaged file ({exc})") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame[list(REQUIRED_COLUMNS)].copy()
    for column in REQUIRED_COLUMNS:
        frame[column] = frame[column].str.strip()
    frame["row"] = frame.index + 2
    blank = (frame[list(REQUIRED_COLUMNS)] == "").all(axis=1)
    return frame[~blank]


def _refuse_first(path: Path, frame: pd.DataFrame, bad: pd.Series, column: str, expected: str) -> None:
    if bad.any():
        first = frame[bad].iloc[0]
        raise _error(path, expected, repr(first[column]), int(first["row"]), column)


def _listing(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _check_kinds(path: Path, frame: pd.DataFrame) -> dict[str, tuple[str, str, str]]:
    """Every row, whether we read it or not, must be of a kind we know. Returns the periods."""
    _refuse_first(path, frame, frame["time_identifier"] != ACADEMIC_YEAR, "time_identifier",
                  f"'{ACADEMIC_YEAR}'")
    periods = {}
    for value in frame["time_period"].unique():
        try:
            periods[value] = period_of(value)
        except ValueError:
            _refuse_first(path, frame, frame["time_period"] == value, "time_period",
                          "a school year written as six digits, such as '202122' for 2021/22")
    _refuse_first(path, frame, ~frame["geographic_level"].isin(READ_LEVELS + OTHER_EES_LEVELS),
                  "geographic_level",
                  f"an EES geographic level ({_listing(READ_LEVELS)} or another EES level)")
    _refuse_first(path, frame, ~frame["phase_type_grouping"].isin(list(PHASES) + list(OTHER_PHASES)),
                  "phase_type_grouping", f"a known school type ({_listing([*PHASES, *OTHER_PHASES])})")
    _refuse_first(path, frame, ~frame["language"].isin(LANGUAGES + OTHER_LANGUAGES), "language",
                  f"a known first-language group ({_listing(LANGUAGES + OTHER_LANGUAGES)})")
    if not (frame["ethnicity"] == ALL_ETHNIC_GROUPS).any():
        raise _error(path, f"rows for all ethnic groups together (ethnicity '{ALL_ETHNIC_GROUPS}')", "none",
                     column="ethnicity")
    # EES files mark a missing figure with a symbol and leave no indicator cell blank; a blank one
    # is most likely a row that lost cells.
    for column in ("headcount", "percent_of_pupils"):
        _refuse_first(path, frame, frame[column] == "", column,
                      "a number or an EES symbol such as c, x, z or low (EES leaves no figure blank)")
    return periods


def _with_areas(path: Path, frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of the levels we read, each with its area code and name."""
    frame = frame[frame["geographic_level"].isin(READ_LEVELS)].copy()
    level = frame["geographic_level"]
    national, regional, local = level == NATIONAL, level == REGIONAL, level == LOCAL_AUTHORITY
    new, old = frame["new_la_code"], frame["old_la_code"]
    _refuse_first(path, frame, national & ~frame["country_code"].str.match(_COUNTRY.pattern), "country_code",
                  "England's code E92000001 on a national row")
    _refuse_first(path, frame, regional & ~frame["region_code"].str.match(_REGION.pattern), "region_code",
                  "a region code (E12...) on a regional row")
    _refuse_first(path, frame, local & (new != "") & ~new.str.match(_LA_CODE.pattern), "new_la_code",
                  "a nine-character GSS code of an English local authority (E06, E07, E08, E09, E10 or E11)")
    _refuse_first(path, frame, local & (new == "") & ~old.str.match(_OLD_LA_CODE.pattern), "old_la_code",
                  "a three-digit old_la_code where new_la_code is blank")
    _refuse_first(path, frame, local & (frame["la_name"] == ""), "la_name", "the local authority's name")
    # A local authority without a GSS code is kept under its old DfE code, as published; the quality
    # check reports it.
    frame["area_code"] = new.where(new != "", old).where(local, frame["region_code"].where(regional,
                                                                                         frame["country_code"]))
    country_name = frame["country_name"].where(frame["country_name"] != "", "England")
    frame["area_name"] = frame["la_name"].where(local, frame["region_name"].where(regional, country_name))
    return frame


def parse(path: Path) -> pd.DataFrame:
    """Read an EES spc_pupils_ethnicity_and_language CSV (plain or gzip) into the tidy long table.

    Headcounts and DfE's percentages are kept as published; the share indicators are computed
    from the headcounts, and ``quality`` reports where the published percentages disagree with them.
    """
    path = Path(path)
    _check_header(path)
    frame = _read_table(path)
    if frame.empty:
        raise _error(path, "at least one row of figures", "only the header")
    periods = _check_kinds(path, frame)
    frame = _with_areas(path, frame)

    # Filter early: the rows we read are a small part of the file.
    wanted = frame[
        (frame["ethnicity"] == ALL_ETHNIC_GROUPS)
        & frame["phase_type_grouping"].isin(list(PHASES))
        & frame["language"].isin(LANGUAGES)
    ]
    if wanted.empty:
        raise _error(path, "national, regional or local authority rows for all pupils", "none")
    key = ["time_period", "area_code", "phase_type_grouping", "language"]
    repeated = wanted.duplicated(key, keep="first")
    if repeated.any():
        again = wanted[repeated].iloc[0]
        first = wanted[(wanted[key] == again[key]).all(axis=1)].iloc[0]
        raise _error(
            path,
            "one row per school year, area, school type and language group (for all ethnic groups)",
            f"the same as row {int(first['row'])}", int(again["row"]), "time_period",
        )

    records: list[dict] = []
    columns = ["row", "time_period", "area_code", "area_name", "phase_type_grouping", "language", "headcount",
               "percent_of_pupils"]
    for row, period, code, name, phase, language, headcount, percent in zip(
        *(wanted[c].tolist() for c in columns), strict=True
    ):
        label, start, end = periods[period]
        suffix = PHASES[phase]
        count = _cell(path, headcount, row, "headcount", whole=True)
        share = _cell(path, percent, row, "percent_of_pupils", whole=False)
        if language == EAL:
            records.append(_record(code, name, label, start, end, f"eal_pupils_{suffix}", count))
            records.append(_record(code, name, label, start, end, f"eal_share_{suffix}", share))
        else:
            records.append(_record(code, name, label, start, end, f"pupils_{suffix}", count))
    return tidy_frame(records)


def _cell(path: Path, raw: str, row: int, column: str, *, whole: bool) -> tuple[float | None, str]:
    return read_figure(raw, partial(_error, path), row, column, whole=whole, percent=not whole)


def _record(code: str, name: str, label: str, start: str, end: str, measure: str,
            cell: tuple[float | None, str]) -> dict:
    value, state = cell
    return observation(code, name, (label, start, end), measure,
                       None if value is None else float(value), state)


# How far DfE's percentage may be from the one its headcounts give before we report it.
SHARE_TOLERANCE = 0.05  # percentage points


def _label_list(labels) -> str:
    labels = sorted(set(labels), key=lambda label: label.split(" (")[0][-4:])
    return " and ".join([", ".join(labels[:-1]), labels[-1]]) if len(labels) > 1 else labels[0]


def quality(frame: pd.DataFrame) -> list[dict]:
    """Faults in the published file, kept as published and reported here.

    * a local authority published with only its old three-digit DfE code;
    * a code used for a census held after its council was replaced;
    * percentages that disagree with the headcounts they should be computed from.
    """
    issues: list[dict] = []
    if frame.empty:
        return issues
    old = frame[~frame["area_code"].str.match(_GSS.pattern)]
    for code, rows in old.groupby("area_code", sort=True):
        name = rows["area_name"].iloc[0]
        issues.append({
            "area_code": code,
            "issue": f"DfE published figures for {name} with only its old three-digit DfE code {code} and no "
                     f"nine-character GSS code. They are kept under {code}, so they appear on no area page.",
            "rows": int(len(rows)),
        })
    for code, (name, ended, successor) in ENDED_CODES.items():
        late = frame[(frame["area_code"] == code) & (frame["period_start"] >= ended)]
        if late.empty:
            continue
        issues.append({
            "area_code": code,
            "issue": f"DfE publishes the figures for {_label_list(late['period_label'])} under the code "
                     f"{code} of {name}, although {successor} took over from it on {ended}. They are kept "
                     f"under {code} as published"
                     + (", so a page for one of its former districts shows them as the county's figure"
                        if code.startswith("E10") else "")
                     + ", and the page of the council that took over does not show them.",
            "rows": int(len(late)),
        })
    issues.extend(_share_mismatches(frame))
    return issues


def _share_mismatches(frame: pd.DataFrame) -> list[dict]:
    keys = ["area_code", "period_label"]
    values = frame[frame["status"].isin(status.HAS_VALUE)]
    wide = values.pivot_table(index=keys, columns="measure", values="value", aggfunc="first")
    names = dict(frame[["area_code", "area_name"]].drop_duplicates("area_code").itertuples(index=False))
    found: dict[str, list[tuple[str, str, float, float]]] = {}
    for phase, words in PHASE_WORDS.items():
        columns = [f"eal_share_{phase}", f"eal_pupils_{phase}", f"pupils_{phase}"]
        if not set(columns) <= set(wide.columns):
            continue
        both = wide[columns].dropna()
        both = both[both[f"pupils_{phase}"] > 0]
        computed = 100 * both[f"eal_pupils_{phase}"] / both[f"pupils_{phase}"]
        off = (both[f"eal_share_{phase}"] - computed).abs() > SHARE_TOLERANCE
        for (code, label), published, share in zip(both.index[off], both.loc[off, f"eal_share_{phase}"],
                                                   computed[off], strict=True):
            found.setdefault(code, []).append((label, words, published, share))
    issues = []
    for code, cases in sorted(found.items()):
        label, words, published, share = cases[0]
        issues.append({
            "area_code": code,
            "issue": f"DfE's published percentages of pupils with English as an additional language for "
                     f"{names.get(code, code)} in {_label_list(c[0] for c in cases)} do not match its "
                     f"headcounts: for {words} the file says {published:g}% where the headcounts give "
                     f"{share:.1f}%. The shares shown are computed from the headcounts, as for every area; "
                     f"the published percentages are kept unchanged in the data.",
            "rows": len(cases),
        })
    return issues


# --------------------------------------------------------------------------------------------
# The companion meta.csv


def parse_meta(path: Path) -> pd.DataFrame:
    """Check that the EES metadata describes the filters and indicators the data parser reads.

    The file carries no figures, so the result is an empty observations table.
    """
    path = Path(path)
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _error(path, "UTF-8 text", f"a byte that is not UTF-8 at position {exc.start}") from None
    rows = [(number, cells) for number, cells in enumerate(csv.reader(io.StringIO(text, newline="")), start=1)
            if cells and any(c.strip() for c in cells)]
    if not rows:
        raise _error(path, "an EES metadata file (col_name, col_type, label, ...)", "an empty file")
    header = [h.strip() for h in rows[0][1]]
    for name in META_COLUMNS:
        if name not in header:
            raise _error(path, f"a column '{name}'", "columns " + _listing(header), 1, name)
    at = {name: header.index(name) for name in META_COLUMNS}
    described: dict[str, tuple[str, int]] = {}
    for number, cells in rows[1:]:
        cells = [c.strip() for c in cells] + [""] * len(header)
        name, kind = cells[at["col_name"]], cells[at["col_type"]]
        if kind not in ("Filter", "Indicator"):
            raise _error(path, "'Filter' or 'Indicator'", repr(kind), number, "col_type")
        described[name] = (kind, number)
    for name, kind in [*((f, "Filter") for f in META_FILTERS), *((i, "Indicator") for i in META_INDICATORS)]:
        if name not in described:
            raise _error(path, f"a row describing the {kind.lower()} '{name}'", "none", column="col_name")
        if described[name][0] != kind:
            raise _error(path, f"'{name}' described as a {kind}", repr(described[name][0]),
                         described[name][1], "col_type")
    extra = [n for n, (kind, _) in described.items() if kind == "Filter" and n not in META_FILTERS]
    if extra:
        # Another filter would split every figure the parser reads into parts.
        raise _error(path, f"only the filters {_listing(META_FILTERS)}", f"also '{extra[0]}'",
                     described[extra[0]][1], "col_name")
    return tidy_frame([])


# --------------------------------------------------------------------------------------------
# The declaration

PHASE_WORDS = {"all": "all school types", "primary": "state-funded primary schools",
               "secondary": "state-funded secondary schools"}

MEASURES = tuple(
    measure
    for phase, words in PHASE_WORDS.items()
    for measure in (
        Measure(f"eal_pupils_{phase}", f"Pupils with English as an additional language, {words}", "pupils",
                "stock",
                counts=f"pupils on the roll of {words} on census day in January whose first language is "
                       "known or believed to be other than English, whether or not they were born in the UK "
                       "and however well they speak English"),
        Measure(f"pupils_{phase}", f"All pupils, {words}", "pupils", "stock",
                counts=f"every pupil on the roll of {words} on census day in January"),
        Measure(f"eal_share_{phase}",
                f"Share of pupils with English as an additional language, {words}, as DfE publishes it",
                "percent", "rate",
                counts="pupils with English as an additional language as a percentage of all pupils in "
                       f"{words}, in DfE's own percentage column"),
    )
)

CAVEATS = (
    Caveat(
        "eal_not_migration",
        "English as an additional language (EAL) does not measure migration. A pupil is recorded as EAL "
        "when the language they first met at home is known or believed to be something other than "
        "English, wherever they were born. Most EAL pupils in England were born in the UK, many to "
        "families settled here for generations, and the census says nothing about when a pupil or their "
        "family arrived, so a rising share is not in itself evidence of new arrivals.",
    ),
    Caveat(
        "eal_not_proficiency",
        "EAL says nothing about how well a pupil speaks English. The group runs from children who are new "
        "to English to fluent bilingual pupils, so a high share does not by itself mean a high need for "
        "language support. The census recorded pupils' proficiency in English only briefly, as an "
        "optional item around 2017 and 2018, and no longer does.",
    ),
    Caveat(
        "eal_census_day",
        "Each figure is a count of the pupils on the roll on one day, the spring school census in "
        "January. The file gives only the school year; we date each figure to the third Thursday of "
        "January, the usual census day, which may differ by a few days from the actual one. Pupils who "
        "join after that day or leave before it are not counted for that year.",
    ),
    Caveat(
        "eal_where_the_school_is",
        "Pupils are counted in the local authority where their school is, not where they live. Where "
        "many children cross a boundary to go to school, as around cities, the figure describes the "
        "authority's schools rather than the children living there.",
    ),
    Caveat(
        "eal_upper_tier",
        "DfE publishes these figures only for the councils responsible for schools: counties, unitary "
        "authorities, metropolitan districts and London boroughs. A district within a county has no "
        "figure of its own, so its page shows the whole county's figure, labelled as the county's; the "
        "district's own share may be quite different. Counties later replaced by unitary councils (North "
        "Yorkshire, Cumbria and Somerset in 2023) appear under their county codes in the years this file "
        "covers, and Buckinghamshire stays under its county code after its council became unitary in 2020.",
    ),
    Caveat(
        "eal_phases",
        "'All school types' covers pupils in state-funded nursery, primary, secondary and special "
        "schools, non-maintained special schools and pupil referral units; independent schools are not "
        "included. Primary and secondary include academies and free schools, with middle schools counted "
        "in the phase they are deemed to belong to. Nursery pupils are mostly under five, so the share "
        "for all school types can differ from the primary and secondary shares.",
    ),
    Caveat(
        "eal_series_break",
        "The series breaks between 2016/17 and 2017/18: DfE changed which pupils the file covers. "
        "England's primary headcount goes from 3.73 million to 4.72 million between those years, and "
        "the count of all pupils from 7.07 million to 8.15 million. That jump is a change in what is "
        "counted, not in the pupils, so figures from 2017/18 onwards are not compared with earlier "
        "ones; tables mark the first year after the break.",
    ),
    Caveat(
        "eal_share_from_headcounts",
        "The share is EAL pupils as a percentage of all pupils, including the few whose first language "
        "was not recorded. We work it out from DfE's headcounts rather than copying DfE's percentage "
        "column: the two agree everywhere except in a few places where the file's percentages are "
        "wrong (for example all zeros), which the data quality page lists. Shares are shown to one "
        "decimal place.",
    ),
)

TERMS = (
    Term(
        "English as an additional language (EAL)",
        "A school census category for pupils whose first language, the language they were exposed to in "
        "early childhood and continue to meet at home, is known or believed to be other than English. It "
        "includes fluent bilingual pupils and pupils born in the UK.",
    ),
    Term(
        "School census",
        "The return every state-funded school in England makes to the Department for Education each "
        "term, listing its pupils and their characteristics. Local figures come from the spring census, "
        "held in January.",
    ),
    Term(
        "Phase",
        "The stage of education a school provides: nursery, primary (usually ages 4 to 11) or secondary "
        "(usually 11 to 16 or 18). Special schools and alternative provision such as pupil referral units "
        "are grouped separately.",
    ),
    Term(
        "Upper-tier local authority",
        "A council that runs education and social care: a county council, unitary authority, "
        "metropolitan district or London borough. In two-tier areas the districts within a county do "
        "not run schools, so school statistics are published for the county as a whole.",
    ),
)

LANDING_PAGE = "https://explore-education-statistics.service.gov.uk/find-statistics/school-pupils-and-their-characteristics"
# The EES data catalogue serves a data set's CSV at /data-catalogue/data-set/<data set file id>/csv.
# The id belongs to one release of the publication: check the landing page after each June release
# and update it. This is the id of 'Pupil characteristics - Ethnicity and Language' known when this
# declaration was written. The EES public API (https://api.education.gov.uk/statistics/v1/data-sets/
# <id>/csv) serves data sets DfE has published to the API under a different id.
DOWNLOAD_URL = (
    "https://explore-education-statistics.service.gov.uk/data-catalogue/data-set/"
    "04ead355-2db9-48c8-87ab-fcc2477bda73/csv"
)

# The EES public API serves each data set's latest version (2024/25 onwards) as CSV, with a version
# number that refresh keeps in the file's address; check-releases reads the same catalogue and, when
# there is a newer version, the API's list of what it changed. Confirmed from the API's own reference
# (https://api.education.gov.uk/statistics/docs/: /v1/data-sets/{id}/csv with dataSetVersion,
# /v1/data-sets/{id}/versions/{version}/changes) and from DfE's R client eesyapi (publications with
# ?search=, /v1/publications/{id}/data-sets, results[].latestVersion.version). Inferred, not tried
# against the live API: that the data set's title mentions ethnicity and language, that the catalogue
# fits on its first page, and that the API's CSV has the columns of the EES data file read below.
EES_PUBLIC_API = "https://api.education.gov.uk/statistics/v1"
API_DISCOVER = Discover(
    EES_API,
    f"{EES_PUBLIC_API}/publications?search=pupils%20and%20their%20characteristics",
    document=r"^schools,? pupils and their characteristics$",
    title=r"ethnicity and (first )?language",
    address=EES_PUBLIC_API + "/data-sets/{id}/csv?dataSetVersion={version}",
    store_as="spc_pupils_ethnicity_and_language.csv",
    confirmed="API endpoints from the EES API reference and DfE's eesyapi R client; the data set's title "
              "and the CSV's columns inferred from the data catalogue file",
)

SOURCE = Source(
    id=SOURCE_ID,
    title="Schools, pupils and their characteristics: pupils by ethnicity and first language",
    publisher="Department for Education (DfE)",
    landing_page=LANDING_PAGE,
    downloads=(Download(url=DOWNLOAD_URL, file_name="spc_pupils_ethnicity_and_language.csv"),),
    discover=(API_DISCOVER,),
    licence=OGL,
    licence_url=OGL_URL,
    cadence="annual, in June, with figures from the January school census of the same school year",
    # Our estimate, not an announced date: DfE has published in early June (5 June 2025, 6 June 2024);
    # the exact date is announced on gov.uk at least four weeks ahead.
    next_release="2027-06-03",
    geography_levels=("country", "region", "county", "local_authority"),
    measures=MEASURES,
    measures_summary=(
        "How many pupils in England's state-funded schools have a first language other than English "
        "(English as an additional language), out of how many pupils, and the share, for all school "
        "types together and for primary and secondary schools, on census day each January."
    ),
    kind="stock",
    coverage=(
        "Pupils on the roll of state-funded nursery, primary, secondary and special schools, "
        "non-maintained special schools and pupil referral units in England on census day in January, "
        "counted where their school is: England, its nine regions, and each local authority responsible "
        "for education (counties, unitary authorities, metropolitan districts and London boroughs)."
    ),
    not_covered=(
        "Pupils in independent schools, students in further education and sixth-form colleges, children "
        "educated at home, and young children in private or voluntary nurseries. No figures for districts "
        "within counties, for Wales, Scotland or Northern Ireland, or for particular languages, "
        "countries of birth or nationalities, and nothing on how well pupils speak English."
    ),
    lag="About five months: the January census appears in the June release of the same school year.",
    rounding=(
        "Headcounts are exact counts of pupils, not rounded. Percentages are published unrounded; we "
        "compute shares from the headcounts and show one decimal place. DfE applied no suppression to "
        "this data set; newer files may mark cells with the EES symbols c (confidential), x, z, low or "
        "':', which we keep as missing with their reason."
    ),
    caveats=CAVEATS,
    files=(
        # The companion metadata comes first: its name also matches the data file's patterns.
        FileSpec(
            patterns=("*spc_pupils_ethnicity_and_language*meta*.csv",),
            parse=parse_meta,
        ),
        FileSpec(
            patterns=(
                "*spc_pupils_ethnicity_and_language*.csv.gz",
                "*spc_pupils_ethnicity_and_language*.csv",
            ),
            parse=parse,
            quality=quality,
        ),
    ),
    terms=TERMS,
    # A file downloaded by hand from EES states no publication date; refresh reads the API's answer.
    known_releases=(
        KnownRelease("2021-22", "2022-06-09", data_end="2022-01-20",
                     confirmed="DfE's release 'Schools, pupils and their characteristics: January 2022', "
                               "9 June 2022 (the school census of 20 January 2022)"),
    ),
)
