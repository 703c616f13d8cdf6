"""HESA open data Table 1, HE student enrolments by HE provider: students from outside the UK,
summed over the providers in each local authority.

The table is one long CSV, one row per provider and combination of breakdowns:

    UKPRN,HE provider,Country of HE provider,Region of HE provider,First year marker,Level of study,
    Mode of study,Academic Year,Category marker,Category,Number

HESA prepends a block of metadata lines (title, filters, licence; some 13 to 16 lines, depending on
the table and the years it holds) above that header; copies that others have trimmed start with the
header itself. Both are read: the header is the first row that starts with 'UKPRN'. The file starts
with a UTF-8 byte order mark.

'Category marker' says which breakdown a row belongs to and 'Category' which group within it. This
parser reads the 'Total' marker and the students' domicile, which HESA has labelled 'Permanent
address' or 'Domicile', with the groups UK, Other EU (or Other European Union) and Non-EU (or
Non-European Union); 'Not known' is counted in the total only. Other markers, such as sex, are
ignored; an unfamiliar group under the domicile marker is an error, since it could mean the groups
were redefined. Only the rows for all years of study, all levels and all modes are used: the others
are subsets of them.

What is confirmed and what is not: the header, the 'Total'/'Total' rows, the BOM and rounding to 5
are seen in a real copy of the file (Scottish providers, 2018/19, with the 'Total' category only).
A HESA table of 2016/17 seen in a third party's script split domicile into 'UK', 'Other European
Union', 'Non-European Union' and 'Not known' (there under a combined 'Sex/Domicile marker' column).
The marker name 'Permanent address' and the short group names 'Other EU' and 'Non-EU' are accepted
as the newer wording but were not seen in a real file.

Providers are placed in a local authority through ``data/hesa_providers.csv``: a short, hand-checked
list of UK Provider Reference Numbers (UKPRN) with the local authority of each provider's main site.
A provider in the file but not in the list, or listed as not attributable (a distance-learning
provider, a federation of colleges), contributes to no area and is named in the data-quality log.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import partial
from importlib import resources
from pathlib import Path

import pandas as pd

from migration_profiles.sources.base import (
    Caveat,
    Download,
    FileSpec,
    KnownRelease,
    Measure,
    Source,
    Term,
    tidy_frame,
)
from migration_profiles.sources.checks import read_figure
from migration_profiles.util import status as st
from migration_profiles.util.errors import LayoutError

SOURCE_ID = "hesa"

LANDING_PAGE = "https://www.hesa.ac.uk/data-and-analysis/students/table-1"
DOWNLOAD_URL = "https://www.hesa.ac.uk/data-and-analysis/students/table-1.csv"
DOWNLOAD_NAME = "hesa_table-1.csv"

# The header must start within this many lines of the top (HESA's metadata block is shorter).
HEADER_SEARCH_LINES = 40

UKPRN = "UKPRN"
PROVIDER = "HE provider"
COUNTRY = "Country of HE provider"
REGION = "Region of HE provider"
FIRST_YEAR = "First year marker"
LEVEL = "Level of study"
MODE = "Mode of study"
YEAR = "Academic Year"
MARKER = "Category marker"
CATEGORY = "Category"
NUMBER = "Number"
COLUMNS = (UKPRN, PROVIDER, COUNTRY, REGION, FIRST_YEAR, LEVEL, MODE, YEAR, MARKER, CATEGORY, NUMBER)

TOTAL_MARKER = "total"
DOMICILE_MARKERS = ("permanent address", "domicile")
# Group under the domicile marker -> measure; None: read but not a measure of its own.
DOMICILE_GROUPS: dict[str, str | None] = {
    "uk": "hesa_students_uk",
    "other eu": "hesa_students_eu",
    "other european union": "hesa_students_eu",
    "eu": "hesa_students_eu",
    "non-eu": "hesa_students_non_eu",
    "non-european union": "hesa_students_non_eu",
    "not known": None,
    "unknown": None,
    "total": None,
}
MEASURE_ORDER = ("hesa_students_total", "hesa_students_uk", "hesa_students_eu", "hesa_students_non_eu",
                 "hesa_students_non_uk")

_UKPRN = re.compile(r"^\d{8}$")
_ACADEMIC_YEAR = re.compile(r"^(\d{4})/(\d{2})$")
_GSS_LA = re.compile(r"^[EWSN]\d{8}$")
PROVIDERS_FILE = "hesa_providers.csv"
PROVIDERS_COLUMNS = ["ukprn", "provider", "la_code", "la_name", "basis"]


def _key(value: object) -> str:
    return " ".join(str(value).split()).casefold()


def _show(value: str) -> str:
    return "a blank cell" if not str(value).strip() else repr(" ".join(str(value).split()))


def _name_key(name: str) -> str:
    """A provider name for comparison: 'The University of St. Andrews' ~ 'University of St Andrews'."""
    text = re.sub(r"[.,'’()]", " ", name.replace("&", " and ")).casefold()
    text = " ".join(text.split())
    return text.removeprefix("the ")


# --------------------------------------------------------------------------------------------
# Providers and their local authorities.


@dataclass(frozen=True)
class Provider:
    ukprn: str
    name: str
    la_code: str  # "" when the provider is not attributed to one local authority
    la_name: str
    basis: str  # where the main site is, or why the provider is not attributed


def load_providers(text: str | None = None) -> dict[str, Provider]:
    """The UKPRN -> local authority table shipped in ``sources/data/hesa_providers.csv``."""
    if text is None:
        text = resources.files("migration_profiles.sources").joinpath("data", PROVIDERS_FILE).read_text(
            encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames != PROVIDERS_COLUMNS:
        raise ValueError(f"{PROVIDERS_FILE}: columns {reader.fieldnames}, expected {PROVIDERS_COLUMNS}")
    providers: dict[str, Provider] = {}
    for line, row in enumerate(reader, start=2):
        if None in row or None in row.values():
            raise ValueError(f"{PROVIDERS_FILE} line {line}: {len(PROVIDERS_COLUMNS)} fields expected (quote "
                             "text that holds a comma)")
        ukprn, code = row["ukprn"].strip(), row["la_code"].strip()
        if not _UKPRN.match(ukprn):
            raise ValueError(f"{PROVIDERS_FILE} line {line}: {ukprn!r} is not an 8-digit UKPRN")
        if ukprn in providers:
            raise ValueError(f"{PROVIDERS_FILE} line {line}: UKPRN {ukprn} is listed twice")
        if code and not _GSS_LA.match(code):
            raise ValueError(f"{PROVIDERS_FILE} line {line}: {code!r} is not a GSS area code")
        if bool(code) != bool(row["la_name"].strip()) or not row["basis"].strip():
            raise ValueError(f"{PROVIDERS_FILE} line {line}: give a code and name together, and the basis")
        providers[ukprn] = Provider(ukprn, row["provider"].strip(), code, row["la_name"].strip(),
                                    row["basis"].strip())
    return providers


# --------------------------------------------------------------------------------------------
# Parsing.


def _error(path: Path, expected: str, found: str = "", row: int | None = None,
           column: str | None = None) -> LayoutError:
    return LayoutError(SOURCE_ID, Path(path).name, expected=expected, found=found, row=row, column=column)


def _records(path: Path) -> list[list[str]]:
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _error(path, "UTF-8 text", f"a byte that is not UTF-8 at position {exc.start}") from None
    return list(csv.reader(io.StringIO(text, newline="")))


def _find_header(path: Path, records: list[list[str]]) -> tuple[int, dict[str, int]]:
    """(0-based index of the header record, column name -> position)."""
    for index, cells in enumerate(records):
        if cells and _key(cells[0]) == _key(UKPRN):
            if index >= HEADER_SEARCH_LINES:
                raise _error(path,
                             f"the header row ('UKPRN', ...) within the first {HEADER_SEARCH_LINES} lines",
                             f"it at row {index + 1}", row=index + 1, column=UKPRN)
            break
    else:
        raise _error(path, f"a header row starting with 'UKPRN' within the first {HEADER_SEARCH_LINES} lines",
                     "none" if records else "an empty file")
    names = [" ".join(c.split()) for c in records[index]]
    wanted = {_key(c): c for c in COLUMNS}
    position: dict[str, int] = {}
    for number, name in enumerate(names):
        column = wanted.get(_key(name))
        if column is None:
            missing = [c for c in COLUMNS if c not in position and _key(c) not in map(_key, names)]
            hint = f"; missing: {', '.join(repr(m) for m in missing)}" if missing else ""
            raise _error(path, f"only the columns {', '.join(repr(c) for c in COLUMNS)}",
                         f"a column {_show(name)}{hint}", row=index + 1, column=name or f"#{number + 1}")
        if column in position:
            raise _error(path, "each column once", f"{column!r} twice", row=index + 1, column=column)
        position[column] = number
    missing = [c for c in COLUMNS if c not in position]
    if missing:
        raise _error(path, f"the columns {', '.join(repr(c) for c in COLUMNS)}",
                     "no column " + ", ".join(repr(m) for m in missing), row=index + 1, column=missing[0])
    return index, position


@dataclass(frozen=True)
class _Figure:
    ukprn: str
    provider: str
    country: str
    year: str
    measure: str
    value: float | None
    status: str
    row: int


def _academic_year(path: Path, value: str, row: int) -> tuple[str, str, str]:
    match = _ACADEMIC_YEAR.match(value.strip())
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise _error(path, "an academic year such as '2018/19'", _show(value), row=row, column=YEAR)
    first = int(match.group(1))
    return f"Academic year {value.strip()}", f"{first}-08-01", f"{first + 1}-07-31"


def _read_figures(path: Path, records: list[list[str]], header: int,
                  position: dict[str, int]) -> tuple[list[_Figure], dict[str, dict]]:
    figures: list[_Figure] = []
    providers: dict[str, dict] = {}  # ukprn -> name, rows, countries
    for index in range(header + 1, len(records)):
        cells, row = records[index], index + 1
        if not cells or all(not c.strip() for c in cells):
            continue
        if len(cells) != len(position):
            raise _error(path, f"{len(position)} cells, as in the header", f"{len(cells)} cells", row=row)

        def get(column: str, cells: list[str] = cells) -> str:
            return " ".join(cells[position[column]].split())

        ukprn, provider = get(UKPRN), get(PROVIDER)
        value, status = read_figure(cells[position[NUMBER]], partial(_error, path), row, NUMBER, whole=True)
        _academic_year(path, get(YEAR), row)
        for column in (MARKER, CATEGORY, FIRST_YEAR, LEVEL, MODE):
            if not get(column):
                raise _error(path, f"a value in {column!r}", "a blank cell", row=row, column=column)
        if not ukprn:
            if _key(provider) != "total":
                raise _error(path, "an 8-digit UKPRN (blank only on the 'Total' row)", "a blank cell",
                             row=row, column=UKPRN)
            continue  # HESA's own total over the providers in the file
        if not _UKPRN.match(ukprn):
            raise _error(path, "an 8-digit UKPRN", _show(ukprn), row=row, column=UKPRN)
        entry = providers.setdefault(ukprn, {"name": provider, "rows": 0})
        entry["rows"] += 1
        if not all(_key(get(c)) == "all" for c in (FIRST_YEAR, LEVEL, MODE)):
            continue  # a breakdown by year, level or mode of study: a subset of the 'All' row
        marker, category = _key(get(MARKER)), _key(get(CATEGORY))
        if marker == TOTAL_MARKER:
            if category != "total":
                raise _error(path, "the category 'Total' under the marker 'Total'", _show(get(CATEGORY)),
                             row=row, column=CATEGORY)
            measure = "hesa_students_total"
        elif marker in DOMICILE_MARKERS:
            if category not in DOMICILE_GROUPS:
                known = ", ".join(repr(g) for g in ("UK", "Other EU", "Non-EU", "Not known"))
                raise _error(path, f"a domicile group ({known}, or the longer 'European Union' wording)",
                             _show(get(CATEGORY)), row=row, column=CATEGORY)
            measure = DOMICILE_GROUPS[category]
            if measure is None:
                continue
        else:
            continue  # another breakdown (sex, ...), not used here
        figures.append(_Figure(ukprn, provider, get(COUNTRY), get(YEAR), measure, value, status, row))
    return figures, providers


def _provider_values(path: Path, figures: list[_Figure]) -> dict[tuple[str, str], dict[str, _Figure]]:
    """(ukprn, year) -> measure -> figure, one per provider.

    Some editions list a provider once per region and again under 'All', or once per UK country (The
    Open University): rows for the same country must agree and are counted once; countries add up.
    """
    grouped: dict[tuple[str, str, str], dict[str, list[_Figure]]] = {}
    for f in figures:
        grouped.setdefault((f.ukprn, f.year, f.measure), {}).setdefault(f.country, []).append(f)
    out: dict[tuple[str, str], dict[str, _Figure]] = {}
    for (ukprn, year, measure), by_country in grouped.items():
        if len(by_country) > 1:
            by_country.pop("All", None)
        parts: list[_Figure] = []
        for rows in by_country.values():
            first = rows[0]
            for other in rows[1:]:
                if (other.value, other.status) != (first.value, first.status):
                    raise _error(path, f"the same figure on every row for UKPRN {ukprn}, {year}, {measure} "
                                       f"(first at row {first.row})",
                                 f"{other.value} against {first.value}", row=other.row, column=NUMBER)
            parts.append(first)
        if len(parts) == 1:
            out.setdefault((ukprn, year), {})[measure] = parts[0]
            continue
        values = [p.value for p in parts]
        missing = any(v is None for v in values)
        total = None if missing else float(sum(values))
        status = next((p.status for p in parts if p.status not in st.HAS_VALUE), None) if missing else (
            st.PROVISIONAL if any(p.status == st.PROVISIONAL for p in parts) else st.OK)
        combined = _Figure(ukprn, parts[0].provider, "", year, measure, total, status, parts[0].row)
        out.setdefault((ukprn, year), {})[measure] = combined
    return out


def parse(path: Path, providers: dict[str, Provider] | None = None) -> pd.DataFrame:
    """Read HESA Table 1 into tidy rows of enrolments per local authority (sums over its providers)."""
    path = Path(path)
    providers = load_providers() if providers is None else providers
    records = _records(path)
    header, position = _find_header(path, records)
    figures, seen = _read_figures(path, records, header, position)
    if not seen:
        raise _error(path, "rows of HE providers below the header", "none", row=header + 2)
    values = _provider_values(path, figures)

    # Sum the providers of each local authority, year by year.
    by_area: dict[tuple[str, str], list[dict[str, _Figure]]] = {}
    for (ukprn, year), measures in values.items():
        known = providers.get(ukprn)
        if known is None or not known.la_code or "hesa_students_total" not in measures:
            continue
        by_area.setdefault((known.la_code, year), []).append(measures)
    names = {p.la_code: p.la_name for p in providers.values() if p.la_code}
    records_out: list[dict] = []
    for (code, year), members in sorted(by_area.items()):
        label, start, end = _academic_year(path, year, 0)
        for m in members:  # other EU plus non-EU: the students from outside the UK
            eu, non_eu = m.get("hesa_students_eu"), m.get("hesa_students_non_eu")
            if eu is not None and non_eu is not None:
                both = None if eu.value is None or non_eu.value is None else eu.value + non_eu.value
                bad = next((f.status for f in (eu, non_eu) if f.status not in st.HAS_VALUE), st.OK)
                m["hesa_students_non_uk"] = _Figure(eu.ukprn, eu.provider, "", year, "hesa_students_non_uk",
                                                    both, bad, eu.row)
        for measure in MEASURE_ORDER:
            have = [m[measure] for m in members if measure in m]
            if not have:
                continue  # no provider here publishes this breakdown (a file with totals only)
            complete = len(have) == len(members) and all(f.value is not None for f in have)
            if complete:
                value = float(sum(f.value for f in have))
                status = st.PROVISIONAL if any(f.status == st.PROVISIONAL for f in have) else st.OK
            else:
                value = float("nan")
                status = next((f.status for f in have if f.status not in st.HAS_VALUE), st.NOT_AVAILABLE)
            records_out.append({
                "area_code": code, "area_name": names[code], "period_label": label, "period_start": start,
                "period_end": end, "measure": measure, "value": value, "ci_lower": float("nan"),
                "ci_upper": float("nan"), "status": status,
            })
    frame = tidy_frame(records_out)
    frame.attrs["hesa_providers"] = _attribution(seen, providers)
    return frame


def _attribution(seen: dict[str, dict], providers: dict[str, Provider]) -> list[dict]:
    """Every provider in the file and what became of it, for the data-quality log."""
    out = []
    for ukprn, entry in sorted(seen.items()):
        known = providers.get(ukprn)
        if known is None:
            state, note = "unknown", "not in our provider list (sources/data/hesa_providers.csv)"
        elif not known.la_code:
            state, note = "not_attributed", known.basis
        else:
            state, note = "attributed", known.basis
        out.append({"ukprn": ukprn, "provider": entry["name"], "state": state,
                    "la_code": known.la_code if known else "", "note": note, "rows": entry["rows"],
                    "listed_name": known.name if known else ""})
    return out


def quality(frame: pd.DataFrame) -> list[dict]:
    """Providers whose students are not counted in any area, and names that disagree with our list."""
    issues: list[dict] = []
    for p in frame.attrs.get("hesa_providers", []):
        who = f"{p['provider']} (UKPRN {p['ukprn']})"
        if p["state"] == "unknown":
            issues.append({"area_code": "", "rows": p["rows"],
                           "issue": f"{who}: no local authority known for this provider, so its students "
                                    "are counted in no area; add it to sources/data/hesa_providers.csv"})
        elif p["state"] == "not_attributed":
            issues.append({"area_code": "", "rows": p["rows"],
                           "issue": f"{who}: counted in no area ({p['note']})"})
        if p["listed_name"] and _name_key(p["listed_name"]) != _name_key(p["provider"]):
            issues.append({"area_code": p["la_code"], "rows": p["rows"],
                           "issue": f"UKPRN {p['ukprn']} is '{p['provider']}' in the file but "
                                    f"'{p['listed_name']}' in our provider list: check the UKPRN"})
    if not frame.empty and set(frame["measure"]) == {"hesa_students_total"}:
        issues.append({"area_code": "", "rows": len(frame),
                       "issue": "the file has no breakdown by domicile, only total enrolments, so it gives "
                                "no figures for students from outside the UK"})
    return issues


# --------------------------------------------------------------------------------------------
# The declaration.

MEASURES = (
    Measure("hesa_students_total", "Students enrolled at universities and colleges in the area",
            "enrolments", "stock",
            counts="enrolments in the academic year at higher education providers whose main site is in "
                   "the area, whatever the students' home or where they live"),
    Measure("hesa_students_uk", "Enrolments of students from the UK", "enrolments", "stock",
            counts="enrolments at the area's higher education providers of students whose home address "
                   "before starting the course was in the UK"),
    Measure("hesa_students_eu", "Enrolments of students from other EU countries", "enrolments", "stock",
            counts="enrolments at the area's higher education providers of students whose home address "
                   "before starting the course was in another EU country"),
    Measure("hesa_students_non_eu", "Enrolments of students from outside the EU", "enrolments", "stock",
            counts="enrolments at the area's higher education providers of students whose home address "
                   "before starting the course was outside the UK and the EU"),
    Measure("hesa_students_non_uk", "Enrolments of students from outside the UK", "enrolments", "stock",
            counts="enrolments at the area's higher education providers of students whose home address "
                   "before starting the course was outside the UK (other EU plus non-EU), whatever "
                   "their nationality"),
)

CAVEATS = (
    Caveat(
        "hesa_domicile_not_nationality",
        "Students are grouped by their permanent home address before they started the course, not by "
        "nationality or country of birth. A British citizen whose family lives abroad counts as from "
        "outside the UK, and a foreign national already living in the UK counts as from the UK.",
    ),
    Caveat(
        "hesa_enrolments_not_residents",
        "These are enrolments over an academic year (August to July) at universities and colleges, not "
        "residents. They include part-time and distance learners who may never live in the area, and "
        "students who study here but live in a neighbouring authority. They are not a count of migrants.",
    ),
    Caveat(
        "hesa_main_site",
        "Each provider is placed in the local authority of its main site. Students on other campuses "
        "(for example the University of the West of Scotland outside Paisley) are counted there too. "
        "Providers spread over many areas or teaching at a distance (the Open University, the University "
        "of the Highlands and Islands, SRUC) are counted in no area; the data-quality log lists them.",
    ),
    Caveat(
        "hesa_partial_list",
        "Only providers in our checked list of provider locations are placed in an area. An area with a "
        "university or college missing from the list shows no figure, which does not mean it has no "
        "students; every provider left out is named in the data-quality log.",
    ),
    Caveat(
        "hesa_coverage",
        "HESA's student record covers publicly funded universities and some other registered higher "
        "education providers. Students at most private providers, and higher education students at "
        "further education colleges outside Wales, are not included, so these figures undercount "
        "international students in the area.",
    ),
    Caveat(
        "hesa_rounding",
        "HESA rounds every published count to the nearest 5 (0, 1 and 2 become 0), and rounds totals "
        "separately from their parts. Our figure for an area adds up the rounded figures of its "
        "providers, so it can differ from the true total by a few students for each provider, and "
        "parts may not add up to the total.",
    ),
)

TERMS = (
    Term(
        "Domicile",
        "A student's permanent home address before starting their course, which HESA uses to say "
        "whether a student comes from the UK, another EU country or elsewhere. It is not nationality.",
    ),
    Term(
        "HE provider",
        "A university, college or other organisation that teaches higher education courses (degrees and "
        "other qualifications above A level) and reports its students to HESA.",
    ),
    Term(
        "Enrolment",
        "A student registered on a higher education course at some point in the academic year. A student "
        "on two courses at once can count twice; people who study part-time or at a distance are included.",
    ),
)

SOURCE = Source(
    id=SOURCE_ID,
    title="Higher education student enrolments by provider (HESA open data, Table 1)",
    publisher="Higher Education Statistics Agency (HESA), part of Jisc",
    landing_page=LANDING_PAGE,
    downloads=(Download(url=DOWNLOAD_URL, file_name=DOWNLOAD_NAME),),
    licence="Creative Commons Attribution 4.0 International (CC BY 4.0)",
    licence_url="https://creativecommons.org/licenses/by/4.0/",
    cadence=(
        "annual: each academic year's figures follow HESA's student statistics bulletin, in January until "
        "the 2021/22 data and later in the year since the student record was redesigned (spring in recent "
        "years)"
    ),
    # Our estimate, not an announced date: the 2025/26 academic year's data, expected in spring 2027 if the
    # recent pattern holds. Check HESA's release schedule.
    next_release="2027-03-31",
    geography_levels=("local_authority",),
    measures=MEASURES,
    measures_summary=(
        "How many students were enrolled at higher education providers in the area during an academic "
        "year, and how many of them came from the UK, other EU countries and the rest of the world."
    ),
    kind="stock",
    coverage=(
        "Enrolments at HE providers that report a full student record to HESA (publicly funded "
        "universities and colleges across the UK and other registered providers), full-time and "
        "part-time, all levels from foundation courses to doctorates."
    ),
    not_covered=(
        "Most private (alternative) providers that do not report to HESA; higher education at further "
        "education colleges in England, Scotland and Northern Ireland; students studying wholly outside "
        "the UK; incoming exchange students; providers not in our list of provider locations."
    ),
    lag="six to nine months after the academic year ends on 31 July",
    rounding=(
        "counts rounded to the nearest 5 under HESA's rounding methodology (0, 1 and 2 become 0), totals "
        "rounded independently of their parts; our area figures are sums of rounded provider figures"
    ),
    caveats=CAVEATS,
    files=(
        FileSpec(
            patterns=("*hesa*table-1.csv", "*hesa*table1.csv", "*hesa*table-1_*.csv", "*hesa*table1_*.csv"),
            parse=parse,
            expect="csv",
            quality=quality,
        ),
    ),
    terms=TERMS,
    # Rechecked: HESA's bulletin SB255 is at hesa.ac.uk/news/16-01-2020/sb255-higher-education-student-
    # statistics, the first publication of the 2018/19 figures. Not confirmed: that open data Table 1 came
    # out that same day (Wonkhe wrote of HESA's "full open data release" for 2018/19 in early February
    # 2020). The real copy this was checked against is a third party's, downloaded in September 2023
    # from the table then current and filtered to 2018/19: a table of five years ending 2018/19 is the
    # release dated here, and a later table cut down to that year would be dated by it too.
    known_releases=(
        KnownRelease("2018-19", "2020-01-16", data_end="2019-07-31",
                     confirmed="HESA's release 'Higher Education Student Statistics: UK, 2018/19' (SB255), "
                               "16 January 2020, with its open data tables"),
    ),
)
