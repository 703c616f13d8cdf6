"""Home Office: asylum seekers in receipt of support, by local authority (table Asy_D11), quarterly.

Two layouts of the same table are read:

* The Home Office's workbook ``support-local-authority-datasets-<mon>-<yyyy>.xlsx``, sheet
  ``Data - Asy_D11`` (``Data_Asy_D11`` in the 2025-26 editions): one title row, then a header row
  ``Date (as at…) | Support Type | UK Region [/ Nation] | Local Authority | LAD Code |
  Accommodation Type | People`` and one row per quarter end, support type, council and
  accommodation type, with dates written like ``30 Sep 2024``; older editions end with an
  ``End of table`` row. Columns are found by name, so their order does not matter.
* The same sheet tidied to a long CSV by a third party (the ``asylum`` R package of humaniverse):
  ``Date,Year,Quarter,Support Type,UK Region,Local Authority,LAD Code,Accommodation Type,People``
  with ISO dates. This is the layout of the real file we hold.

Both list only non-zero cells: a council with nobody in a category at a quarter end has no row.
How we turn that into zeros, and where we do not, is set out in ``_fill`` and in the caveat
``zero-means-none-recorded``. Rows that are not councils (``N/A - Section 4 (pre-2018)``,
``N/A - Section 98 (pre-Dec 2022)``, ``N/A - Subsistence Only (Dec 2023 - Sep 2024)`` and
``Unknown`` rows whose code is ``N/A``) stay in the tidy table under the code as published.

Faults in the file are reported through the ``quality`` hook: rows whose council name is not the
name usually seen with their code (for example Section 98 rows at 31 December 2022 for councils
across Yorkshire and the North East published under Hull's code, which count for the council named),
spellings that differ only in capitals, duplicate rows, and the pseudo-areas. The parser records
them on ``frame.attrs["quality"]`` while it reads the rows, because the tidy table alone no
longer shows which name a row carried.

The reader and the row checks shared with ``resettlement.py`` (same publisher, same table
conventions) are in ``_home_office_tables.py`` and ``_home_office_rows.py``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

import pandas as pd

from migration_profiles.sources._home_office_rows import (
    Row,
    Spellings,
    all_quarters,
    analyse_codes,
    area_kind,
    code_spans,
    council_sums,
    coverage,
    pseudo_issues,
    quality_from_attrs,
    record,
    settle_repeats,
)
from migration_profiles.sources._home_office_tables import (
    COUNTRIES,
    GSS,
    LA,
    LANDING_PAGE,
    UK,
    Column,
    Layout,
    Table,
    check_year_quarter,
    clean,
    discover_on_regional_page,
    fold,
    is_blank,
    is_end_of_table,
    month_label,
    parse_count,
    parse_date_cell,
    published_date,
    read_csv_table,
    read_xlsx_table,
    release_name,
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

SOURCE_ID = "asylum_support"

# ============================================================================================
# Asy_D11

SUPPORT_TYPES = {"section 95": "Section 95", "section 4": "Section 4", "section 98": "Section 98"}

# Accommodation type (folded) -> the Section 95 measure it counts in.
S95_GROUPS = {
    "dispersal accommodation": "asylum_s95_dispersed",
    "subsistence only": "asylum_s95_subsistence_only",
    "contingency accommodation - hotel": "asylum_s95_hotel",
    "contingency accommodation - other": "asylum_s95_other",
    "initial accommodation": "asylum_s95_other",
    "other accommodation": "asylum_s95_other",
}
S95_PARTS = ("asylum_s95_dispersed", "asylum_s95_hotel", "asylum_s95_other", "asylum_s95_subsistence_only")
ACCOMMODATED_PARTS = ("asylum_s95_dispersed", "asylum_s95_hotel", "asylum_s95_other", "asylum_s4",
                      "asylum_s98")
BASE_MEASURES = (*S95_PARTS, "asylum_s4", "asylum_s98")
# Parts of a total whose classification had not started yet count as nobody, not as missing.
TOTALS = {
    "asylum_s95_total": S95_PARTS,
    "asylum_accommodated": ACCOMMODATED_PARTS,
    "asylum_total": (*S95_PARTS, "asylum_s4", "asylum_s98"),
}

_C = Column
_DATE_CSV = _C("date", ("date",), "'Date' (the quarter end, YYYY-MM-DD)")
_DATE_XLSX = _C("date", ("dateasat", "date"), "'Date (as at…)'")
_YEAR = _C("year", ("year",), "'Year'")
_QUARTER = _C("quarter", ("quarter",), "'Quarter'")
_SUPPORT = _C("support", ("supporttype",), "'Support Type'")
_REGION = _C("region", ("ukregion", "ukregionnation", "region"), "'UK Region'")
_LA_NAME = _C("la_name", ("localauthority",), "'Local Authority'")
_LA_CODE = _C("la_code", ("ladcode",), "'LAD Code'")
_ACCOMMODATION = _C("accommodation", ("accommodationtype",), "'Accommodation Type'")
_PEOPLE = _C("people", ("people",), "'People' (number of people)")

CSV_LAYOUT = Layout(
    "Date, Year, Quarter, Support Type, UK Region, Local Authority, LAD Code, Accommodation Type, People",
    (_DATE_CSV, _YEAR, _QUARTER, _SUPPORT, _REGION, _LA_NAME, _LA_CODE, _ACCOMMODATION, _PEOPLE),
)
XLSX_LAYOUT = Layout(
    "Date (as at…), Support Type, UK Region, Local Authority, LAD Code, Accommodation Type, People",
    (_DATE_XLSX, _SUPPORT, _REGION, _LA_NAME, _LA_CODE, _ACCOMMODATION, _PEOPLE),
)
SHEETS = ("Data - Asy_D11", "Data_Asy_D11")


def _point(day: date) -> tuple[str, str, str]:
    return f"End of {month_label(day)}", day.isoformat(), day.isoformat()


def _read_table(path: Path) -> Table:
    if Path(path).suffix.lower() == ".xlsx":
        return read_xlsx_table(path, SOURCE_ID, SHEETS, XLSX_LAYOUT)
    return read_csv_table(path, SOURCE_ID, CSV_LAYOUT)


def _read_rows(path: Path) -> tuple[list[Row], Spellings]:
    table = _read_table(path)
    spellings = Spellings()
    rows: list[Row] = []
    for line, cells in table.rows:
        if is_end_of_table(cells):
            break
        if is_blank(cells):
            continue
        day = parse_date_cell(table, table.cell(cells, "date"), line, "date")
        check_year_quarter(table, cells, line, day)
        support_text = clean(table.cell(cells, "support"))
        support = SUPPORT_TYPES.get(fold(support_text))
        if support is None:
            raise table.error("a support type 'Section 95', 'Section 4' or 'Section 98'", show(support_text),
                              row=line, column="support")
        spellings.add("Support Type", support_text, day)
        accommodation = clean(table.cell(cells, "accommodation"))
        identity = fold(accommodation)
        if support == "Section 95":
            measure = S95_GROUPS.get(identity)
            if measure is None:
                raise table.error("a Section 95 accommodation type (" + ", ".join(
                    f"'{a.title()}'" for a in S95_GROUPS) + ")", show(accommodation), row=line,
                    column="accommodation")
        else:
            # Sections 4 and 98 are counted whatever the accommodation; the type must still be one we
            # know, or a Home Office 'N/A - ...' note.
            if identity not in S95_GROUPS and not identity.startswith("n/a"):
                raise table.error("an accommodation type such as 'Dispersal Accommodation' or "
                                  "'Contingency Accommodation - Hotel'", show(accommodation), row=line,
                                  column="accommodation")
            measure = "asylum_s4" if support == "Section 4" else "asylum_s98"
        spellings.add("Accommodation Type", accommodation, day)
        region = clean(table.cell(cells, "region"))
        if region and not region.casefold().startswith("n/a"):
            spellings.add("UK Region", region, day)
        code = clean(table.cell(cells, "la_code"))
        name = clean(table.cell(cells, "la_name"))
        kind = area_kind(table, code, name, line, "la_code")
        count = parse_count(table, cells, "people", line)
        rows.append(Row(line, day, code, name, kind, measure, support, identity, count))
    if not rows:
        raise table.error("at least one row of figures below the header", "none", row=table.header_row + 1)
    rows, repeats = settle_repeats(table, rows, lambda r: f"{r.group}, {r.detail}", "Asy_D11",
                                   SOURCE.repeated_rows)
    return rows, spellings, repeats


def _describe_category(r: Row) -> str:
    if r.group == "Section 95":
        return f"Section 95, {r.detail}"
    return r.group


def _starts(rows: list[Row]) -> dict[str, date]:
    """The first quarter each measure's categories appear in the file, for any council or note.

    Hotels and initial accommodation became accommodation types of the local figures only in the
    redesigned table (from 31 December 2022); before that they are not 0, they are not a category.
    """
    starts: dict[str, date] = {}
    by_type: dict[str, date] = {}
    for r in rows:
        starts[r.measure] = min(starts.get(r.measure, r.quarter), r.quarter)
        by_type[r.detail] = min(by_type.get(r.detail, r.quarter), r.quarter)
    for identity, measure in S95_GROUPS.items():
        if identity in by_type:
            starts[measure] = min(starts.get(measure, by_type[identity]), by_type[identity])
    return starts


def parse(path: Path) -> pd.DataFrame:
    """Read Asy_D11 (workbook sheet or tidied CSV) into the tidy long table."""
    path = Path(path)
    rows, spellings, repeats = _read_rows(path)
    quarters = all_quarters(rows)
    starts = _starts(rows)
    by_council, national_only = coverage(rows)
    faults = analyse_codes(rows, "Asy_D11")

    sums = council_sums(rows, faults)

    spans = code_spans(rows, quarters[-1], faults.replaced)
    records: list[dict] = []
    values: dict[tuple[str, date], dict[str, float | None]] = {}
    for code, (first, last) in sorted(spans.items()):
        name = faults.usual_name[code]
        for q in quarters:
            if q < first or q > last:
                continue
            cell: dict[str, float | None] = {}
            for measure in BASE_MEASURES:
                if q < starts.get(measure, date.max) or measure not in by_council:
                    continue  # not yet a category of the table, or never one given by council
                if (code, q, measure) in sums:
                    cell[measure] = float(sums[(code, q, measure)])
                elif (q, measure) in national_only:
                    cell[measure] = None  # given for the UK only (a 'N/A - ...' note): not 0 for a council
                else:
                    cell[measure] = 0.0
            values[(code, q)] = cell
            records.extend(_records(code, name, q, cell))

    # Rows that are not councils: as published, no zeros inferred, no totals.
    for r_code, r_name in sorted({(r.code, r.name) for r in rows if r.kind != LA}):
        for q in quarters:
            cell = {m: float(sums[(r_code, q, m)]) for m in BASE_MEASURES if (r_code, q, m) in sums}
            for measure, value in cell.items():
                label, start, end = _point(q)
                records.append(record(r_code, r_name, label, start, end, measure, value))

    records.extend(_country_totals(rows, quarters, starts, by_council, national_only, sums))

    frame = tidy_frame(records)
    issues = pseudo_issues(rows, _describe_category)
    issues += faults.issues
    issues += repeats
    issues += spellings.issues()
    frame.attrs["quality"] = issues
    return frame


def _records(code: str, name: str, q: date, cell: dict[str, float | None]) -> list[dict]:
    label, start, end = _point(q)
    out = [record(code, name, label, start, end, m, v) for m, v in cell.items()]
    for total, parts in TOTALS.items():
        present = [cell[p] for p in parts if p in cell]
        if not present:
            continue
        value = None if any(v is None for v in present) else sum(present)
        out.append(record(code, name, label, start, end, total, value))
    return out


def _country_totals(rows: list[Row], quarters: list[date], starts: dict[str, date], by_council: set[str],
                    national_only: set, sums: dict) -> list[dict]:
    """Our sums of the councils of each nation, and of every row for the UK.

    A nation's figure is missing where the Home Office gave the category for the UK only. Rows
    published under the wrong council code stay within the same nation, so nations' sums hold;
    the UK sum also takes in the 'N/A' notes and councils not recorded.
    """
    by_country: dict[tuple[str, date, str], int] = defaultdict(int)
    by_uk: dict[tuple[date, str], int] = defaultdict(int)
    for (code, q, measure), people in sums.items():
        by_uk[(q, measure)] += people
        if GSS.match(code) and code[0] in COUNTRIES:
            by_country[(code[0], q, measure)] += people
    out = []
    for letter, (country_code, country_name) in COUNTRIES.items():
        if not any(r.kind == LA and r.code[0] == letter for r in rows):
            continue
        for q in quarters:
            cell = {}
            for measure in BASE_MEASURES:
                if q < starts.get(measure, date.max) or measure not in by_council:
                    continue
                cell[measure] = (None if (q, measure) in national_only
                                 else float(by_country.get((letter, q, measure), 0)))
            out.extend(_records(country_code, country_name, q, cell))
    for q in quarters:
        cell = {m: float(by_uk.get((q, m), 0)) for m in BASE_MEASURES if q >= starts.get(m, date.max)}
        out.extend(_records(UK[0], UK[1], q, cell))
    return out


def release_of(path: Path) -> Release | None:
    """Named after the last quarter the file covers ('sep-2024'), as the Home Office names editions.

    A workbook's cover sheet may state its publication date; the tidied CSV does not.
    """
    rows, _, _ = _read_rows(Path(path))
    last = max(r.quarter for r in rows)
    return Release(name=release_name(last), date=published_date(Path(path)))


# ============================================================================================
# The declaration



# The workbook of the June 2026 edition (published August 2026), as linked from the landing page.
# The Home Office changes the media id and the '-jun-2026' part every quarter; until December 2023
# the same files were listed on .../statistical-data-sets/asylum-and-resettlement-datasets and were
# named 'section-95-support-local-authority-datasets-<mon>-<yyyy>.xlsx' before 2023.
DOWNLOAD_URL = ("https://assets.publishing.service.gov.uk/media/6a85c5e654bcee010d514574/"
                "support-local-authority-datasets-jun-2026.xlsx")

MEASURES = (
    Measure("asylum_s95_dispersed", "Section 95 support: people in dispersal accommodation", "people",
            "stock",
            counts="people waiting for an asylum decision whom the Home Office houses in longer-term "
                   "dispersal accommodation in the area, on the last day of the quarter"),
    Measure("asylum_s95_hotel", "Section 95 support: people in hotels (contingency accommodation)", "people",
            "stock"),
    Measure("asylum_s95_other", "Section 95 support: people in initial or other accommodation", "people",
            "stock"),
    Measure("asylum_s95_subsistence_only", "Section 95 support: subsistence only (no Home Office housing)",
            "people", "stock"),
    Measure("asylum_s95_total", "Section 95 support: all people", "people", "stock",
            counts="people waiting for an asylum decision who receive Home Office housing or a cash "
                   "allowance under section 95, on the last day of the quarter"),
    Measure("asylum_s4", "Section 4 support: refused asylum seekers supported", "people", "stock"),
    Measure("asylum_s98", "Section 98 support: emergency support", "people", "stock"),
    Measure("asylum_accommodated", "People in asylum accommodation (Sections 95, 4 and 98)", "people",
            "stock",
            counts="people the Home Office houses in the area under any of the three kinds of asylum "
                   "support, on the last day of the quarter; people on subsistence only are not included"),
    Measure("asylum_total", "People receiving asylum support (Sections 95, 4 and 98)", "people", "stock"),
)

CAVEATS = (
    Caveat(
        "snapshot-not-annual",
        "Each figure counts the people receiving support on the last day of the quarter. It is not the "
        "number supported over a year: people arrive, are moved, get a decision or leave support between "
        "two quarter ends, and that movement is not visible. Someone who waits years for a decision is "
        "counted at every quarter end; someone decided quickly may never be counted.",
    ),
    Caveat(
        "who-is-left-out",
        "Only people the Home Office supports are counted, so these are not all the asylum seekers in an "
        "area. Left out: people who support themselves or live with friends or family without any Home "
        "Office help; refused asylum seekers who get no support; unaccompanied children, who are looked "
        "after by the council rather than the Home Office; and refugees, whose support ends soon after "
        "they are granted protection. A council that takes no dispersed asylum seekers can still have "
        "residents in all of these groups.",
    ),
    Caveat(
        "initial-and-hotel-accommodation",
        "Where people in initial accommodation and hotels are counted changed. Until 30 September 2022 "
        "the council figures cover only dispersal accommodation and subsistence-only support: everyone in "
        "initial accommodation or hotels, waiting to be dispersed, was given as one figure for the UK "
        "(the 'N/A - Section 98' line). From 31 December 2022 hotels, other contingency sites and initial "
        "accommodation are counted in the council where they are, at first mostly under Section 98 and "
        "from 30 June 2023 mostly under Section 95. A jump in an area's figures at these dates can be a "
        "change in recording rather than in people.",
    ),
    Caveat(
        "local-breakdown-gaps",
        "Some figures exist only for the UK as a whole, and we show them as not available for councils "
        "rather than as 0: Section 4 support before 31 March 2018, Section 98 support before 31 December "
        "2022, and subsistence-only support from 31 December 2023 to 30 September 2024. Totals that "
        "include one of these (all Section 95 support, all support) are not available for those quarters; "
        "the count of people in asylum accommodation is complete from 31 December 2022.",
    ),
    Caveat(
        "casework-system-2018",
        "The Home Office moved asylum support to a new casework system in March 2018, and figures from "
        "then on are not directly comparable with earlier ones. The file also records the figures from "
        "31 March 2018 on later council boundaries (for example Buckinghamshire, Dorset and the two "
        "Northamptonshire councils as they became in 2019-21), and from 30 June 2023 on the councils "
        "created that April, such as North Yorkshire and Cumberland.",
    ),
    Caveat(
        "zero-means-none-recorded",
        "The Home Office lists a council only when it has at least one person in a category, so a "
        "missing row means nobody. We show 0 for such quarters from the first quarter the council's code "
        "appears in the file up to the latest quarter, or up to its last quarter when the file later uses "
        "a new code for the same council. Before a code first appears we show no figure, because the file "
        "cannot tell a council with nobody supported from a code not yet in use; a council that never "
        "appears has no figures at all. Where a category was given only for the UK, the figure is shown as "
        "not available, not 0. A council abolished in a reorganisation has no figure dated after it ended: "
        "rows the file still gives under its code are counted for the council that took it over.",
    ),
    Caveat(
        "faults-kept-as-published",
        "Some rows carry the wrong council code. At 31 December 2022 Section 98 rows for about twenty "
        "councils in Yorkshire and the Humber and the North East were published under Hull's code, and "
        "rows for five Scottish councils under Aberdeen's; a few more sit under Belfast's and Glasgow's. "
        "Each row also names its council, and we count it for the council it names, not the code it "
        "carries; every such row is listed in the data-quality log, and the pages of the councils "
        "concerned carry a note.",
    ),
    Caveat(
        "small-numbers",
        "The Home Office publishes these counts unrounded and does not suppress small numbers. In a small "
        "area a count of a few people can point to particular families; quote small figures with care, "
        "and do not combine them with other local information in a way that could identify anyone.",
    ),
    Caveat(
        "totals-are-our-sums",
        "Figures for England, Wales, Scotland, Northern Ireland and the English regions are our own sums of "
        "the council figures. The UK figure also includes people the Home Office could not place in a "
        "council and figures it gave only for the UK, so it matches the national total.",
    ),
)

TERMS = (
    Term("Section 95 support",
         "Housing and a weekly allowance, or the allowance alone, that the Home Office gives under "
         "section 95 of the Immigration and Asylum Act 1999 to people who have claimed asylum and would "
         "otherwise be destitute, until their claim and any appeal are decided. Families with children "
         "under 18 keep it after a final refusal while they remain in the UK."),
    Term("Section 4 support",
         "Basic accommodation and a payment card for people whose asylum claim has been finally refused, who "
         "are destitute and meet a condition such as taking steps to leave the UK or being unable to travel "
         "(section 4(2) of the 1999 Act)."),
    Term("Section 98 support",
         "Emergency support, normally a bed in initial accommodation or a hotel, for a destitute asylum "
         "seeker while the Home Office decides whether they qualify for Section 95 support."),
    Term("Dispersal accommodation",
         "Longer-term housing, mostly shared houses and flats, that the Home Office's contractors provide "
         "in council areas taking part in asylum dispersal once someone qualifies for Section 95 support. "
         "People have no choice of where they are sent."),
    Term("Initial accommodation",
         "Hostel-style accommodation where newly arrived asylum seekers stay for a few weeks while their "
         "application for support is assessed, before they are dispersed."),
    Term("Contingency accommodation",
         "Hotels and other temporary sites the Home Office uses when initial and dispersal accommodation are "
         "full. People may stay in them for many months."),
    Term("Subsistence-only support",
         "The Section 95 cash allowance without Home Office housing, for asylum seekers who live with "
         "friends or family or otherwise have somewhere to stay."),
)

SOURCE = Source(
    id=SOURCE_ID,
    title="Asylum seekers in receipt of support, by local authority (Home Office, Asy_D11)",
    publisher="Home Office",
    landing_page=LANDING_PAGE,
    downloads=(Download(url=DOWNLOAD_URL, file_name="support-local-authority-datasets-jun-2026.xlsx"),),
    discover=(discover_on_regional_page("support-local-authority-datasets-*.xlsx"),),
    licence=OGL,
    licence_url=OGL_URL,
    cadence="quarterly, in the Home Office's immigration system statistics, late in February, May, August "
            "and November",
    # Our estimate, not an announced date: the release for the year ending September 2026, due on a
    # Thursday late in November 2026 like its predecessors. Check the research and statistics calendar.
    next_release="2026-11-26",
    geography_levels=("country", "region", "local_authority"),
    measures=MEASURES,
    measures_summary=(
        "How many asylum seekers the Home Office supports in each council area on the last day of each "
        "quarter, by type of support (Sections 95, 4 and 98) and type of accommodation: dispersal housing, "
        "initial accommodation, hotels and other contingency sites, or a cash allowance only."
    ),
    kind="stock",
    coverage=(
        "People receiving Home Office asylum support at each quarter end from 31 March 2014, in every UK "
        "council area where there was at least one: Section 95 support throughout, Section 4 by council from "
        "31 March 2018 and Section 98 by council from 31 December 2022. Dependants are counted as well as "
        "main applicants."
    ),
    not_covered=(
        "Asylum seekers without Home Office support (living with friends or family, or self-funding), "
        "refused asylum seekers who get no support, unaccompanied children looked after by councils, and "
        "refugees after their support ends. Before 31 December 2022, people in initial accommodation and "
        "hotels are not given by council. No breakdown by nationality, age or sex at council level; no "
        "count of how many people were supported during a year."
    ),
    lag="about two months: figures for a quarter end appear in the release late in the second month after "
        "it (30 September figures in late November)",
    rounding="as published: whole numbers, not rounded, and small numbers are not suppressed by the Home "
             "Office; our own publication rules still apply to what we show",
    caveats=CAVEATS,
    files=(
        FileSpec(patterns=("*support-local-authority-datasets*.xlsx",
                           "*support*local*authority*datasets*.xlsx"),
                 parse=parse, release_of=release_of, expect="xlsx", quality=quality_from_attrs),
        FileSpec(patterns=("*local_authority_support*.csv", "*local-authority-support*.csv"),
                 parse=parse, release_of=release_of, expect="csv", quality=quality_from_attrs),
    ),
    # The tidied CSV states no publication date (a workbook's cover sheet does). The Home Office
    # published the edition to September 2024 on 28 November 2024.
    known_releases=(
        KnownRelease("sep-2024", "2024-11-28",
                     confirmed="Home Office, 'Immigration system statistics, year ending September 2024', "
                               "28 November 2024"),
    ),
    terms=TERMS,
    repeated_rows=(
        "Expected: the table gives a few councils two rows for the same date, support type and accommodation "
        "type with different counts (two pairs in the edition to September 2024, both Section 98). Such rows "
        "are added together, a word-for-word copy of a row is counted once, and each case is said on the "
        "area's page and in the data-quality log."
    ),
)
