"""Home Office: refugees resettled, by local authority and scheme (table Res_D01), quarterly.

Two layouts of the same table are read, by the reader shared with asylum_support.py
(_home_office_tables.py):

* The Home Office's workbook ``resettlement-local-authority-datasets-<mon>-<yyyy>.xlsx``, sheet
  ``Data - Res_D01`` (``Data_Res_D01`` in the 2025-26 editions): a title row, then a header row
  with ``Year``, ``Quarter`` (``2024 Q3``), ``UK Region``, ``LAD Code``, ``Local Authority``,
  ``Resettlement Scheme`` and ``Persons``. Newer editions add a ``Community Sponsorship`` column,
  which we accept and do not read (the scheme column already says which scheme).
* The same sheet tidied to a long CSV by a third party (the ``asylum`` R package of humaniverse):
  ``Date,Year,Quarter,UK Region,LAD Code,Local Authority,Resettlement Scheme,Persons`` with the
  quarter's last day as an ISO date and the quarter as 1-4. This is the layout of the real file.

Each row is the number of people who arrived in the quarter under one scheme and were first housed
in one council area. Only non-zero rows are published; zeros are inferred as for Asy_D11 (see
``_home_office_rows.code_spans``) and, for each scheme, only within the quarters the scheme appears in
the file. A council that never appears has no rows at all: nothing was recorded there.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import pandas as pd

from migration_profiles.sources import _home_office_rows as ho_rows
from migration_profiles.sources import _home_office_tables as ho
from migration_profiles.sources._home_office_rows import Row, Spellings, record
from migration_profiles.sources._home_office_tables import (
    COUNTRIES,
    LA,
    UK,
    Column,
    Layout,
    Table,
    clean,
    fold,
    show,
)
from migration_profiles.sources.base import (
    OGL,
    OGL_URL,
    Caveat,
    Download,
    FileSpec,
    KnownRelease,
    Measure,
    Release,
    Source,
    Term,
    tidy_frame,
)

SOURCE_ID = "resettlement"

# Scheme (folded) -> measure. The ACRS pathways, with or without a community sponsor, are one measure.
SCHEMES = {
    "vulnerable persons resettlement scheme": "resettlement_vprs",
    "vulnerable children resettlement scheme": "resettlement_vcrs",
    "uk resettlement scheme": "resettlement_ukrs",
    "uk resettlement scheme - community sponsorship scheme": "resettlement_community_sponsorship",
    "mandate scheme": "resettlement_mandate",
    "relocation - arap": "resettlement_arap",
    "resettlement - afghan route not recorded": "resettlement_afghan_not_recorded",
}
_ACRS = re.compile(r"^resettlement - acrs pathway [123]( - .+)?$")
SCHEME_MEASURES = (
    "resettlement_vprs",
    "resettlement_vcrs",
    "resettlement_ukrs",
    "resettlement_community_sponsorship",
    "resettlement_mandate",
    "resettlement_acrs",
    "resettlement_arap",
    "resettlement_afghan_not_recorded",
)
TOTAL = "resettlement_total"

_QUARTER_TEXT = re.compile(r"^(\d{4})\s*Q([1-4])$", re.IGNORECASE)
_MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"]

_C = Column
_DATE = _C("date", ("date",), "'Date' (the quarter's last day, YYYY-MM-DD)")
_YEAR = _C("year", ("year",), "'Year'")
_QUARTER = _C("quarter", ("quarter",), "'Quarter'")
_REGION = _C("region", ("ukregion", "ukregionnation", "region"), "'UK Region'")
_LA_CODE = _C("la_code", ("ladcode",), "'LAD Code'")
_LA_NAME = _C("la_name", ("localauthority",), "'Local Authority'")
_SCHEME = _C("scheme", ("resettlementscheme",), "'Resettlement Scheme'")
_PERSONS = _C("persons", ("persons",), "'Persons' (number of people arriving)")
_SPONSORSHIP = _C("community_sponsorship", ("communitysponsorship",), "'Community Sponsorship'")

CSV_LAYOUT = Layout(
    "Date, Year, Quarter, UK Region, LAD Code, Local Authority, Resettlement Scheme, Persons",
    (_DATE, _YEAR, _QUARTER, _REGION, _LA_CODE, _LA_NAME, _SCHEME, _PERSONS),
)
XLSX_LAYOUT = Layout(
    "Year, Quarter, UK Region, LAD Code, Local Authority, Resettlement Scheme, Persons",
    (_QUARTER, _REGION, _LA_CODE, _LA_NAME, _SCHEME, _PERSONS),
    optional=(_YEAR,),
    ignored=(_SPONSORSHIP,),
)
SHEETS = ("Data - Res_D01", "Data_Res_D01")


def _flow(end: date) -> tuple[str, str, str]:
    first_month = end.month - 2
    start = date(end.year, first_month, 1)
    return (f"{_MONTH_NAMES[first_month - 1]} to {_MONTH_NAMES[end.month - 1]} {end.year}", start.isoformat(),
            end.isoformat())


def _quarter_end(year: int, quarter: int) -> date:
    month = quarter * 3
    return date(year, month, {3: 31, 6: 30, 9: 30, 12: 31}[month])


def _read_table(path: Path) -> Table:
    if Path(path).suffix.lower() == ".xlsx":
        return ho.read_xlsx_table(path, SOURCE_ID, SHEETS, XLSX_LAYOUT)
    return ho.read_csv_table(path, SOURCE_ID, CSV_LAYOUT)


def _quarter_of(table: Table, cells: list[object], line: int) -> date:
    if "date" in table.positions:
        day = ho.parse_date_cell(table, table.cell(cells, "date"), line, "date")
        ho.check_year_quarter(table, cells, line, day)
        return day
    text = clean(table.cell(cells, "quarter"))
    match = _QUARTER_TEXT.match(text)
    if match is None:
        raise table.error("a quarter such as '2024 Q3'", show(text), row=line, column="quarter")
    day = _quarter_end(int(match.group(1)), int(match.group(2)))
    if "year" in table.positions and clean(table.cell(cells, "year")) not in ("", str(day.year)):
        raise table.error(f"{day.year}, to agree with the quarter {text!r}", show(table.cell(cells, "year")),
                          row=line, column="year")
    return day


def scheme_measure(text: str) -> str | None:
    identity = fold(text)
    if _ACRS.match(identity):
        return "resettlement_acrs"
    return SCHEMES.get(identity)


def _read_rows(path: Path) -> tuple[list[Row], Spellings]:
    table = _read_table(path)
    spellings = Spellings()
    rows: list[Row] = []
    for line, cells in table.rows:
        if ho.is_end_of_table(cells):
            break
        if ho.is_blank(cells):
            continue
        day = _quarter_of(table, cells, line)
        scheme = clean(table.cell(cells, "scheme"))
        measure = scheme_measure(scheme)
        if measure is None:
            raise table.error("a resettlement scheme we know (VPRS, VCRS, UK Resettlement Scheme and its "
                              "Community Sponsorship strand, Mandate Scheme, ACRS pathways 1-3, ARAP, "
                              "'Afghan route not recorded')", show(scheme), row=line, column="scheme")
        spellings.add("Resettlement Scheme", scheme, day)
        region = clean(table.cell(cells, "region"))
        if region and fold(region) != "unknown":
            spellings.add("UK Region", region, day)
        code = clean(table.cell(cells, "la_code"))
        name = clean(table.cell(cells, "la_name"))
        kind = ho_rows.area_kind(table, code, name, line, "la_code")
        count = ho.parse_count(table, cells, "persons", line)
        rows.append(Row(line, day, code, name, kind, measure, scheme, fold(scheme), count))
    if not rows:
        raise table.error("at least one row of figures below the header", "none", row=table.header_row + 1)
    rows, repeats = ho_rows.settle_repeats(table, rows, lambda r: r.group, "Res_D01", SOURCE.repeated_rows)
    return rows, spellings, repeats


def parse(path: Path) -> pd.DataFrame:
    """Read Res_D01 (workbook sheet or tidied CSV) into the tidy long table."""
    rows, spellings, repeats = _read_rows(Path(path))
    quarters = ho_rows.all_quarters(rows)
    faults = ho_rows.analyse_codes(rows, "Res_D01")
    by_council, national_only = ho_rows.coverage(rows)

    sums = ho_rows.council_sums(rows, faults)
    lifetime: dict[str, tuple[date, date]] = {}
    for r in rows:
        first, last = lifetime.get(r.measure, (r.quarter, r.quarter))
        lifetime[r.measure] = (min(first, r.quarter), max(last, r.quarter))

    spans = ho_rows.code_spans(rows, quarters[-1], faults.replaced)
    records: list[dict] = []
    for code, (first, last) in sorted(spans.items()):
        name = faults.usual_name[code]
        for q in quarters:
            if first <= q <= last:
                cell = {}
                for measure in SCHEME_MEASURES:
                    start, end = lifetime.get(measure, (date.max, date.min))
                    if not start <= q <= end or measure not in by_council:
                        continue  # the scheme was not running then, or is never given by council
                    if (code, q, measure) in sums:
                        cell[measure] = float(sums[(code, q, measure)])
                    elif (q, measure) in national_only:
                        cell[measure] = None
                    else:
                        cell[measure] = 0.0
                records.extend(_records(code, name, q, cell))

    for r_code, r_name in sorted({(r.code, r.name) for r in rows if r.kind != LA}):
        for q in quarters:
            cell = {m: float(sums[(r_code, q, m)]) for m in SCHEME_MEASURES if (r_code, q, m) in sums}
            if cell:
                records.extend(_records(r_code, r_name, q, cell, by_council))

    records.extend(_country_totals(rows, quarters, lifetime, by_council, national_only, sums))
    frame = tidy_frame(records)
    issues = ho_rows.pseudo_issues(rows, lambda r: r.group)
    issues += faults.issues
    issues += repeats
    issues += spellings.issues()
    frame.attrs["quality"] = issues
    return frame


def _records(code: str, name: str, q: date, cell: dict[str, float | None],
             counted: set[str] | None = None) -> list[dict]:
    """The scheme figures and their total. The total adds only schemes given by council
    (``counted``), so that it means the same for a council, a nation and the UK."""
    label, start, end = _flow(q)
    out = [record(code, name, label, start, end, m, v) for m, v in cell.items()]
    values = [v for m, v in cell.items() if counted is None or m in counted]
    if values:
        total = None if any(v is None for v in values) else float(sum(values))
        out.append(record(code, name, label, start, end, TOTAL, total))
    return out


def _country_totals(rows: list[Row], quarters: list[date], lifetime: dict, by_council: set[str],
                    national_only: set, sums: dict) -> list[dict]:
    by_country: dict[tuple[str, date, str], int] = defaultdict(int)
    by_uk: dict[tuple[date, str], int] = defaultdict(int)
    for (code, q, measure), count in sums.items():
        by_uk[(q, measure)] += count
        if ho.GSS.match(code) and code[0] in COUNTRIES:
            by_country[(code[0], q, measure)] += count

    def running(measure: str, q: date) -> bool:
        start, end = lifetime.get(measure, (date.max, date.min))
        return start <= q <= end

    out = []
    for letter, (country_code, country_name) in COUNTRIES.items():
        if not any(r.kind == LA and r.code[0] == letter for r in rows):
            continue
        for q in quarters:
            cell = {m: None if (q, m) in national_only else float(by_country.get((letter, q, m), 0))
                    for m in SCHEME_MEASURES if running(m, q) and m in by_council}
            out.extend(_records(country_code, country_name, q, cell))
    for q in quarters:
        cell = {m: float(by_uk.get((q, m), 0)) for m in SCHEME_MEASURES if running(m, q)}
        out.extend(_records(UK[0], UK[1], q, cell, by_council))
    return out


def release_of(path: Path) -> Release | None:
    """Named after the last quarter the file covers ('sep-2024'); a workbook's cover may give the date."""
    rows, _, _ = _read_rows(Path(path))
    return Release(name=ho.release_name(max(r.quarter for r in rows)), date=ho.published_date(Path(path)))


# ============================================================================================
# The declaration

# The December 2025 edition (published February 2026), the newest whose address we could confirm.
DOWNLOAD_URL = ("https://assets.publishing.service.gov.uk/media/69959395bfdab2546272bf06/"
                "resettlement-local-authority-datasets-dec-2025.xlsx")

MEASURES = (
    Measure("resettlement_vprs", "Arrivals under the Vulnerable Persons Resettlement Scheme (VPRS)", "people",
            "flow"),
    Measure("resettlement_vcrs", "Arrivals under the Vulnerable Children's Resettlement Scheme (VCRS)",
            "people", "flow"),
    Measure("resettlement_ukrs", "Arrivals under the UK Resettlement Scheme (UKRS)", "people", "flow"),
    Measure("resettlement_community_sponsorship", "Arrivals under UKRS community sponsorship", "people",
            "flow"),
    Measure("resettlement_mandate", "Arrivals under the Mandate Scheme", "people", "flow"),
    Measure("resettlement_acrs", "Arrivals under the Afghan Citizens Resettlement Scheme (ACRS)", "people",
            "flow"),
    Measure("resettlement_arap", "Relocations under the Afghan Relocations and Assistance Policy (ARAP)",
            "people", "flow"),
    Measure("resettlement_afghan_not_recorded", "Afghan resettlement, route not recorded", "people", "flow"),
    Measure("resettlement_total", "Refugees resettled or relocated, all schemes given by council", "people",
            "flow",
            counts="refugees arriving under a government resettlement or relocation scheme that the Home "
                   "Office reports by council, first housed in the area during the quarter"),
)

CAVEATS = (
    Caveat(
        "arrivals-not-residents",
        "These are arrivals: people who came to the UK under a resettlement scheme during the quarter and "
        "were first housed in the council area. They do not say how many still live there, because people "
        "move on after arriving and nobody is taken off the count when they do, and adding up quarters "
        "gives arrivals over time, not a current population.",
    ),
    Caveat(
        "zero-means-none-recorded",
        "The Home Office lists a council only in quarters when someone arrived. We show 0 for the other "
        "quarters from the first quarter the council's code appears in the file, and for each scheme only "
        "in the quarters the scheme appears at all. A council that never appears in the file has had no "
        "resettlement arrivals recorded since 2014, so its page has no resettlement chart rather than a "
        "chart of zeros. A council abolished in a reorganisation has no figure dated after it ended: "
        "arrivals the file still gives under its code are counted for the council that took it over.",
    ),
    Caveat(
        "schemes-open-and-close",
        "Schemes opened and closed during the period: the Vulnerable Persons and Vulnerable Children's "
        "schemes ran from 2014 and 2016 until early 2021, the UK Resettlement Scheme replaced them in 2021, "
        "and the Afghan schemes started in 2021 and 2022. Changes over time reflect the schemes and the "
        "places councils offered, as much as need.",
    ),
    Caveat(
        "not-all-refugees",
        "Only arrivals under these schemes are counted. Refugees granted asylum after claiming in the UK, "
        "people joining family through refugee family reunion, people from Ukraine under the Homes for "
        "Ukraine and family schemes, and Hong Kong British Nationals (Overseas) are not resettlement and are "
        "not in these figures. ARAP is a relocation route for Afghans who worked with the UK, shown because "
        "the Home Office reports it with resettlement.",
    ),
    Caveat(
        "schemes-without-council",
        "Where the Home Office records a scheme's arrivals without a council, they appear in the UK figures "
        "only. In the edition to September 2024 every arrival under the Afghan schemes (ACRS, ARAP and "
        "'Afghan route not recorded') is recorded that way: nine in ten arrivals since April 2021. Totals "
        "for councils, nations and the UK add up only the schemes given by council, so that they mean the "
        "same everywhere; they leave the Afghan schemes out.",
    ),
    Caveat(
        "small-numbers",
        "The Home Office publishes these counts unrounded, and many are a handful of people, often one or "
        "two families. Resettled refugees can be identified from small numbers in a small area; quote them "
        "with care, and never combine them with other local details in a way that could point to a family.",
    ),
    Caveat(
        "totals-are-our-sums",
        "Figures for England, Wales, Scotland, Northern Ireland and the English regions are our sums of the "
        "council figures. The UK figure also includes arrivals whose council the Home Office did not record.",
    ),
)

TERMS = (
    Term("Resettlement",
         "Bringing refugees identified abroad, usually referred by the UN Refugee Agency (UNHCR), to the UK "
         "under a government scheme, with housing and support arranged by a council or a community sponsor "
         "before they arrive. Unlike asylum seekers, they have permission to stay from the day they arrive."),
    Term("Vulnerable Persons Resettlement Scheme (VPRS)",
         "The scheme that resettled refugees who fled the conflict in Syria, from 2014 until it closed in "
         "early 2021 after reaching its target of 20,000 people."),
    Term("Vulnerable Children's Resettlement Scheme (VCRS)",
         "A scheme from 2016 to early 2021 that resettled children at risk, and their families, from the "
         "Middle East and North Africa."),
    Term("UK Resettlement Scheme (UKRS)",
         "The global resettlement scheme that replaced the VPRS, the VCRS and the Gateway Protection "
         "Programme in 2021, taking refugees referred by UNHCR from any region."),
    Term("Community Sponsorship",
         "A way of resettling refugees in which a local community group, rather than the council, provides "
         "housing and support. The arrivals are counted under the scheme the family came through."),
    Term("Mandate Scheme",
         "Resettlement of refugees recognised by UNHCR who have a close family member in the UK willing to "
         "house them."),
    Term("Afghan Citizens Resettlement Scheme (ACRS)",
         "A scheme opened in January 2022 for Afghans at risk after the Taliban took power, in three "
         "pathways: people evacuated or called forward in 2021, refugees referred by UNHCR, and at-risk "
         "groups referred by partners."),
    Term("Afghan Relocations and Assistance Policy (ARAP)",
         "A route opened in April 2021 to relocate Afghans who worked for or with the UK government in "
         "Afghanistan, and their families."),
)

SOURCE = Source(
    id=SOURCE_ID,
    title="Refugees resettled, by local authority and scheme (Home Office, Res_D01)",
    publisher="Home Office",
    landing_page=ho.LANDING_PAGE,
    downloads=(Download(url=DOWNLOAD_URL, file_name="resettlement-local-authority-datasets-dec-2025.xlsx"),),
    discover=(ho.discover_on_regional_page("resettlement-local-authority-datasets-*.xlsx"),),
    licence=OGL,
    licence_url=OGL_URL,
    cadence="quarterly, in the Home Office's immigration system statistics, late in February, May, August "
            "and November",
    # Our estimate, not an announced date: published with the asylum support tables (see there).
    next_release="2026-11-26",
    geography_levels=("country", "region", "local_authority"),
    measures=MEASURES,
    measures_summary=(
        "How many refugees arrived in each council area in each quarter under the government's resettlement "
        "schemes (VPRS, VCRS, UKRS with community sponsorship, the Mandate Scheme and the Afghan schemes "
        "ACRS and ARAP), by scheme."
    ),
    kind="flow",
    coverage=(
        "Arrivals from January 2014 in every UK council area that received at least one resettled refugee "
        "in a quarter, by the council that first housed them, and for each scheme the Home Office reports "
        "by council."
    ),
    not_covered=(
        "Refugees granted asylum in the UK, family reunion, Ukraine and Hong Kong routes; later moves "
        "between areas; councils with no arrivals (they do not appear); any breakdown by nationality, age "
        "or sex at council level."
    ),
    lag="about two months: arrivals in a quarter appear in the release late in the second month after it "
        "(July to September in late November)",
    rounding="as published: whole numbers, not rounded, and small numbers are not suppressed by the Home "
             "Office; our own publication rules still apply to what we show",
    caveats=CAVEATS,
    files=(
        FileSpec(patterns=("*resettlement-local-authority-datasets*.xlsx",
                           "*resettlement*local*authority*.xlsx"),
                 parse=parse, release_of=release_of, expect="xlsx", quality=ho_rows.quality_from_attrs),
        FileSpec(patterns=("*local_authority_resettlement*.csv", "*local-authority-resettlement*.csv"),
                 parse=parse, release_of=release_of, expect="csv", quality=ho_rows.quality_from_attrs),
    ),
    # The tidied CSV states no publication date (a workbook's cover sheet does). The Home Office
    # published the edition to September 2024 on 28 November 2024.
    known_releases=(
        KnownRelease("sep-2024", "2024-11-28",
                     confirmed="Home Office, 'Immigration system statistics, year ending September 2024', "
                               "28 November 2024"),
    ),
    terms=TERMS,
    repeated_rows="",  # not expected (none in any edition we hold): a repeated row is a layout error
)
