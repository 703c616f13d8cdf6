"""ONS: Births by parents' country of birth, England and Wales (the local authority table).

ONS's annual workbook holds several tables; the one read here gives, for England and Wales, its
regions and every local authority, the number of live births by the mother's country of birth in
world-region groups. We read it against a declared set of columns rather than fixed positions:

* the header row is the row with an area code heading ('Area code', 'Code', ...) within the first
  rows of a sheet; a row just above it that carries a heading over several columns (a merged group
  heading such as "Mother's country of birth") and rows just below it that carry sub-headings are
  read with it, so a stacked two- or three-row header and ONS's newer one-row headers both work;
* each other column's heading must name one of the groups in ``GROUPS`` (the UK, the EU and its
  sub-groups, the rest of Europe, the Middle East and Asia, Africa, the Americas and the Caribbean,
  Antarctica and Oceania, not stated, all births, all births to mothers born outside the UK, or the
  percentage of those), ignoring ONS's ``[note n]`` markers; a heading it does not recognise, a
  column about fathers, or the same group twice stops the parse, naming sheet, row and column;
* the year comes from the table's title ("..., 2023"), or the file name when the title has none;
* rows follow until the first blank row or note under the table; a row with figures must carry a
  GSS code.

The sheet is the one whose header has the groups above; when several sheets do, the one whose title
speaks of mothers, and not of percentages, is taken. Figures are kept as published, ONS's markers
(':', 'z', '[x]', 'c' ...) becoming missing values with their reason.

What is confirmed and what is not (checked May 2026): a public script reading the 2023 edition
(``2023birthsbyparentscountryofbirth.xlsx``, from the dataset page below) shows sheets named
``Table_2a`` and so on, a header row under eight lines of title and notes (within the rows searched
here), and headings that put the year in the text (such as "Percentage of all live births ... 2023").
That is the national time-series table. The local authority table's sheet name and exact headings
could not be seen in any public copy, so the group headings above are matched by meaning and any
unknown heading stops the parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from migration_profiles.sources.base import (
    OGL,
    OGL_URL,
    PAGE,
    Caveat,
    Discover,
    Download,
    FileSpec,
    Measure,
    Source,
    Term,
    excel_column,
    observation,
    open_workbook,
    tidy_frame,
)
from migration_profiles.sources.checks import read_figure
from migration_profiles.util import status as st
from migration_profiles.util.errors import LayoutError

SOURCE_ID = "births_parents_cob"

HEADER_SEARCH_ROWS = 20
_GSS = re.compile(r"^[EWK]\d{8}$")
_NOTE = re.compile(r"\[\s*(?:note|x)\s*\d*\s*\]", re.IGNORECASE)
_YEAR = re.compile(r"\b(19[6-9]\d|20\d\d)\b")
_YEAR_IN_NAME = re.compile(r"(?<!\d)(19[6-9]\d|20\d\d)(?!\d)")
# A heading's leading words that only say "mother's country of birth", dropped before it is matched.
_MOTHER_PREFIX = re.compile(
    r"^(?:number of )?(?:live births (?:to|by) )?(?:mothers? )?(?:country of birth |region of birth )?"
    r"(?:of mother )?"
)

_CODE_HEADERS = {"area code", "code", "area of usual residence code", "geography code", "la code",
                 "local authority code", "area codes"}
_NAME_HEADERS = {"area name", "area of usual residence", "name", "local authority", "geography", "area",
                 "local authority name", "area of usual residence name", "area names"}

TOTAL = "births_total"
UK = "births_mother_uk"
NON_UK = "births_mother_non_uk"
NON_UK_PCT = "births_mother_non_uk_pct"
EU = "births_mother_eu"
REST_OF_EUROPE = "births_mother_rest_of_europe"
ASIA = "births_mother_asia_middle_east"
AFRICA = "births_mother_africa"
AMERICAS = "births_mother_americas"
OCEANIA = "births_mother_oceania"
NOT_STATED = "births_mother_not_stated"

# The world-region groups that, with the UK and 'not stated', make up all births.
WORLD_GROUPS = (EU, REST_OF_EUROPE, ASIA, AFRICA, AMERICAS, OCEANIA)
REQUIRED = (TOTAL, UK, *WORLD_GROUPS)


@dataclass(frozen=True)
class Group:
    measure: str
    pattern: str  # full match against the normalised heading
    describe: str


# Tried in order: the first whose pattern matches the heading wins.
GROUPS = (
    Group(NON_UK_PCT, r"(?:percentage|per cent|percent|%)\b.*\b(?:outside|non uk)\b.*",
          "percentage born outside the UK"),
    Group(TOTAL, r"(?:all live births|total live births|all births|live births|total|all"
                 r"|all countries of birth|all mothers)", "all live births"),
    Group(NON_UK, r"(?:born )?(?:outside (?:the )?(?:uk|united kingdom)|non uk(?: born)?|total non uk|"
                  r"total outside (?:the )?(?:uk|united kingdom))", "born outside the UK"),
    Group(UK, r"(?:born )?(?:in )?(?:the )?(?:uk|united kingdom)(?: born)?", "born in the UK"),
    Group("births_mother_eu14", r"eu ?14(?: countries)?", "EU14"),
    Group("births_mother_eu8", r"eu ?8(?: countries)?", "EU8"),
    Group("births_mother_eu2", r"eu ?2(?: countries)?", "EU2"),
    Group("births_mother_eu_other", r"(?:other eu|rest of (?:the )?eu|eu other)(?: countries)?", "other EU"),
    Group(EU, r"(?:eu|european union)(?: total| countries)?", "EU"),
    Group(REST_OF_EUROPE, r"(?:rest of europe|non eu europe|other europe|europe non eu"
                          r"|rest of europe non eu)", "rest of Europe"),
    Group(ASIA, r"(?:middle east and asia|asia and (?:the )?middle east)", "Middle East and Asia"),
    Group(AFRICA, r"africa", "Africa"),
    Group(AMERICAS, r"(?:the )?americas(?: and (?:the )?caribbean)?", "the Americas and the Caribbean"),
    Group(OCEANIA, r"(?:antarctica and )?oceania(?: including australasia)?|australasia",
          "Antarctica and Oceania"),
    Group(NOT_STATED, r"(?:not stated|other|other or not stated|not known|unknown|other and not stated)",
          "not stated"),
)
_GROUP_OF = {g.measure: g for g in GROUPS}


def heading_key(value: object) -> str:
    """A heading for comparison: notes, case, apostrophes, punctuation and spacing ignored."""
    text = _NOTE.sub(" ", "" if value is None else str(value))
    text = text.casefold().replace("&", " and ").replace("'", "").replace("\u2019", "")
    return " ".join(re.sub(r"[^a-z0-9%]+", " ", text).split())


def classify(heading: str) -> str | None:
    """The measure a heading names, or None."""
    key = _MOTHER_PREFIX.sub("", heading_key(heading)).strip()
    for group in GROUPS:
        if re.fullmatch(group.pattern, key):
            return group.measure
    return None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _show(value: object) -> str:
    if _blank(value):
        return "a blank cell"
    return repr(" ".join(str(value).split()) if isinstance(value, str) else value)


@dataclass
class _Layout:
    sheet: str
    header_row: int  # 1-based: the row with the area code heading
    last_header_row: int  # 1-based: the last row of the (possibly stacked) header
    code_column: int  # 0-based
    name_column: int
    columns: dict[int, str]  # 0-based column -> measure
    title: str


class _Sheet:
    def __init__(self, file_name: str, name: str, rows: list[tuple]) -> None:
        self.file_name, self.name, self.rows = file_name, name, rows

    def error(self, expected: str, found: str = "", row: int | None = None, column: int | None = None):
        return LayoutError(SOURCE_ID, self.file_name, expected=expected, found=found, sheet=self.name,
                           row=row, column=excel_column(column + 1) if column is not None else None)

    def cell(self, row: int, column: int) -> object:
        """0-based row and column."""
        cells = self.rows[row] if row < len(self.rows) else ()
        return cells[column] if column < len(cells) else None

    def find_header(self) -> tuple[int, int, int] | None:
        """(row, code column, name column), all 0-based, of the area code heading."""
        for r in range(min(HEADER_SEARCH_ROWS, len(self.rows))):
            keys = [heading_key(c) for c in self.rows[r]]
            codes = [i for i, k in enumerate(keys) if k in _CODE_HEADERS]
            names = [i for i, k in enumerate(keys) if k in _NAME_HEADERS]
            if codes and names:
                return r, codes[0], names[0]
        return None

    def layout(self) -> _Layout | None:
        """The table's layout, or None when this sheet holds no such table (a cover or notes sheet)."""
        found = self.find_header()
        if found is None:
            return None
        r, code_col, name_col = found
        width = max(len(self.rows[r]), *(len(self.rows[i]) for i in range(r, min(r + 3, len(self.rows)))))
        # Sub-heading rows: under the header, before the first data row, with no code in the code column.
        last = r
        while last + 1 < len(self.rows) and _blank(self.cell(last + 1, code_col)) and any(
                not _blank(self.cell(last + 1, c)) for c in range(width) if c not in (code_col, name_col)):
            last += 1
        # A group heading row just above: text over the value columns, not only in the first column.
        top = r
        right = max(code_col, name_col)
        if r > 0 and any(not _blank(self.cell(r - 1, c)) for c in range(right + 1, width)):
            top = r - 1
        header_rows = list(range(top, last + 1))
        carried = {h: None for h in header_rows}
        columns: dict[int, str] = {}
        seen: dict[str, int] = {}
        headings: dict[int, list[str]] = {}
        for c in range(width):
            parts = []
            for h in header_rows:
                value = self.cell(h, c)
                if not _blank(value):
                    carried[h] = str(value)
                elif h != last and c > max(code_col, name_col):
                    value = carried[h]  # a merged heading spreads to the right over its group
                else:
                    value = None
                if value is not None and not _blank(value):
                    parts.append(str(value))
            headings[c] = parts
        for c in range(width):
            if c in (code_col, name_col):
                continue
            parts = headings[c]
            own = [str(self.cell(h, c)) for h in header_rows if not _blank(self.cell(h, c))]
            if not own:
                if all(_blank(self.cell(i, c)) for i in range(last + 1, min(last + 4, len(self.rows)))):
                    continue  # an empty column at the edge of the table
                raise self.error("a heading over every column with figures", "a blank heading", r + 1, c)
            combined = " ".join(parts)
            if "father" in heading_key(combined):
                raise self.error("figures by the mother's country of birth only (this parser reads no "
                                 "father's columns)", _show(combined), last + 1, c)
            measure = classify(own[-1]) or classify(combined)
            if measure is None:
                groups = "; ".join(g.describe for g in GROUPS)
                raise self.error(f"a heading naming one of: {groups}", _show(combined), last + 1, c)
            if measure in seen:
                raise self.error(f"each group once; {_GROUP_OF[measure].describe} is already column "
                                 f"{excel_column(seen[measure] + 1)}", _show(combined), last + 1, c)
            seen[measure] = c
            columns[c] = measure
        title = " ".join(str(v) for i in range(top) for v in self.rows[i] if isinstance(v, str))
        return _Layout(self.name, r + 1, last + 1, code_col, name_col, columns, title)

    def records(self, layout: _Layout, year: int) -> list[dict]:
        missing = [m for m in REQUIRED if m not in layout.columns.values()]
        if missing:
            raise self.error("columns for " + ", ".join(_GROUP_OF[m].describe for m in REQUIRED),
                             "no column for " + ", ".join(_GROUP_OF[m].describe for m in missing),
                             layout.last_header_row, None)
        label, start, end = f"Jan {year} to Dec {year}", f"{year}-01-01", f"{year}-12-31"
        out: list[dict] = []
        seen: dict[str, int] = {}
        started = False
        for index in range(layout.last_header_row, len(self.rows)):
            number = index + 1
            row = self.rows[index]
            if all(_blank(v) for v in row):
                if started:
                    break  # the blank row that ends the table
                continue
            code = self.cell(index, layout.code_column)
            name = self.cell(index, layout.name_column)
            code_text = "" if code is None else str(code).strip()
            figures = [self.cell(index, c) for c in layout.columns]
            if not _GSS.match(code_text):
                if all(_blank(v) for v in figures):
                    if started:
                        break  # a note under the table
                    continue
                raise self.error("a GSS area code (such as E06000014) on a row with figures", _show(code),
                                 number, layout.code_column)
            if code_text in seen:
                raise self.error(f"each area once; {code_text} is also on row {seen[code_text]}", _show(code),
                                 number, layout.code_column)
            seen[code_text] = number
            started = True
            for c, measure in layout.columns.items():
                value, status = read_figure(self.cell(index, c), self.error, number, c,
                                            whole=measure != NON_UK_PCT, percent=measure == NON_UK_PCT)
                area_name = "" if name is None else " ".join(_NOTE.sub(" ", str(name)).split())
                out.append(observation(code_text, area_name, (label, start, end), measure, value, status))
        if not started:
            raise self.error("at least one area row under the header", "none", layout.last_header_row + 1,
                             layout.code_column)
        return out


def _year(sheet: _Sheet, layout: _Layout, path: Path) -> int:
    years = set(_YEAR.findall(layout.title))
    if len(years) == 1:
        return int(next(iter(years)))
    if len(years) > 1:
        raise sheet.error("one year in the table's title", ", ".join(sorted(years)), 1, 0)
    from_name = set(_YEAR_IN_NAME.findall(path.stem))
    if len(from_name) == 1:
        return int(next(iter(from_name)))
    raise sheet.error("the year in the table's title (for example '..., 2023') or in the file name",
                      _show(layout.title) if layout.title else "no title", 1, 0)


def parse(path: Path) -> pd.DataFrame:
    """Read the local authority table of a 'Births by parents' country of birth' workbook."""
    path = Path(path)
    workbook = open_workbook(path)
    try:
        candidates: list[tuple[_Sheet, _Layout]] = []
        for ws in workbook.worksheets:
            sheet = _Sheet(path.name, ws.title, [tuple(r) for r in ws.iter_rows(values_only=True)])
            found = sheet.find_header()
            if found is None:
                continue
            keys = {classify(v) for r in sheet.rows[found[0]:found[0] + 3] for v in r if isinstance(v, str)}
            if len(keys & set(WORLD_GROUPS)) < 3:
                continue  # an area table, but not by the mother's region of birth
            layout = sheet.layout()
            if layout is not None:
                candidates.append((sheet, layout))
        if not candidates:
            raise LayoutError(SOURCE_ID, path.name,
                              expected="a sheet with an 'Area code' header and columns by the mother's "
                                       "region of birth (EU, rest of Europe, Middle East and Asia, ...)",
                              found="sheets " + ", ".join(repr(n) for n in workbook.sheetnames))
        if len(candidates) > 1:
            mothers = [(s, lay) for s, lay in candidates
                       if "mother" in lay.title.casefold() and "percentage" not in lay.title.casefold()]
            candidates = mothers or candidates
        if len(candidates) > 1:
            raise LayoutError(SOURCE_ID, path.name,
                              expected="one table of births by the mother's region of birth and area",
                              found="several: sheets " + ", ".join(repr(s.name) for s, _ in candidates))
        sheet, layout = candidates[0]
        return tidy_frame(sheet.records(layout, _year(sheet, layout, path)))
    finally:
        workbook.close()


def quality(frame: pd.DataFrame) -> list[dict]:
    """Areas whose groups do not add up to all births (kept as published; reported, never corrected)."""
    issues: list[dict] = []
    if frame.empty:
        return issues
    values = frame[frame["status"].isin(st.HAS_VALUE)]
    wide = values.pivot_table(index=["area_code", "period_label"], columns="measure", values="value",
                              aggfunc="first")
    parts = [UK, *WORLD_GROUPS]
    if not set([TOTAL, *parts]) <= set(wide.columns):
        return issues
    complete = wide.dropna(subset=[TOTAL, *parts])
    added = complete[parts].sum(axis=1) + (complete[NOT_STATED].fillna(0) if NOT_STATED in complete else 0)
    off = complete[(added - complete[TOTAL]).abs() > 0.5]
    for (code, label), row in off.iterrows():
        issues.append({
            "area_code": code,
            "issue": f"{label}: the births to mothers born in the UK, in each world region and with the "
                     "country not stated add up to "
                     f"{added[(code, label)]:,.0f} but all live births are published as {row[TOTAL]:,.0f}. "
                     "Both are kept as published; the "
                     "shares use the published total.",
            "rows": 1,
        })
    return issues


MEASURES = (
    Measure(TOTAL, "Live births", "births", "count",
            counts="babies born alive to mothers living in the area, as registered in the calendar year"),
    Measure(UK, "Live births to mothers born in the UK", "births", "count"),
    Measure(NON_UK, "Live births to mothers born outside the UK", "births", "count",
            counts="babies born to mothers living in the area whose own country of birth, as recorded at the "
                   "birth registration, is outside the UK, however long ago they came"),
    Measure(NON_UK_PCT, "Share of live births to mothers born outside the UK (as published)", "percent",
            "rate"),
    Measure(EU, "Live births to mothers born in the EU", "births", "count"),
    Measure("births_mother_eu14", "Live births to mothers born in the EU14", "births", "count"),
    Measure("births_mother_eu8", "Live births to mothers born in the EU8", "births", "count"),
    Measure("births_mother_eu2", "Live births to mothers born in the EU2 (Bulgaria, Romania)", "births",
            "count"),
    Measure("births_mother_eu_other", "Live births to mothers born in other EU countries", "births", "count"),
    Measure(REST_OF_EUROPE, "Live births to mothers born in the rest of Europe", "births", "count"),
    Measure(ASIA, "Live births to mothers born in the Middle East and Asia", "births", "count"),
    Measure(AFRICA, "Live births to mothers born in Africa", "births", "count"),
    Measure(AMERICAS, "Live births to mothers born in the Americas and the Caribbean", "births", "count"),
    Measure(OCEANIA, "Live births to mothers born in Antarctica and Oceania", "births", "count"),
    Measure(NOT_STATED, "Live births where the mother's country of birth was not stated", "births", "count"),
)

CAVEATS = (
    Caveat(
        "births_cob_not_ethnicity",
        "Where a mother was born is not her ethnicity and not a sign that she arrived recently. Many "
        "mothers born abroad have lived in the UK for decades, and the daughters of earlier migrants, born "
        "here, count as UK-born.",
    ),
    Caveat(
        "births_cob_registration",
        "The figures come from birth registrations, which by law take place within 42 days of the birth, and "
        "count births by where the mother usually lives. A year's figures are the births registered that "
        "year, which take in a few late registrations of babies born the year before.",
    ),
    Caveat(
        "births_cob_england_wales",
        "The table covers England and Wales only. Scotland and Northern Ireland register births separately "
        "and are not in it.",
    ),
    Caveat(
        "births_cob_small_numbers",
        "In a small authority a region-of-birth group can hold only a handful of births, so a share moves a "
        "lot from one year to the next by chance. Compare several years, and read small groups with care. "
        "The Isles of Scilly are counted with Cornwall.",
    ),
    Caveat(
        "births_cob_groups",
        "ONS groups countries into world regions. The EU group follows ONS's definition for the year of the "
        "table, which changed as countries joined and the UK left, so the EU and rest-of-Europe groups are "
        "not quite the same from year to year.",
    ),
)

TERMS = (
    Term(
        "Mother's country of birth",
        "The country the mother names as her birthplace when the birth is registered. It is recorded for "
        "every birth and has been since 1969, unlike nationality, ethnicity or when she came to the UK.",
    ),
    Term(
        "Live birth",
        "A baby showing signs of life at birth, whatever the length of the pregnancy. Births are counted "
        "where the mother usually lives, not where the baby was born.",
    ),
)

LANDING_PAGE = ("https://www.ons.gov.uk/peoplepopulationandcommunity/birthsdeathsandmarriages/livebirths/"
                "datasets/parentscountryofbirth")
FILE_NAME = "2025birthbyparentscountry.xlsx"
# Confirmed (the edition's address, .../parentscountryofbirth/2025/2025birthbyparentscountry.xlsx): ONS
# links each edition's workbook from the dataset page as /file?uri=<dataset path>/<year>/<name>, the
# current edition first. A new edition has a new year folder and name, so refresh takes the first
# workbook the page links whose name fits.
DISCOVER = Discover(
    PAGE, LANDING_PAGE, file="*birth*parents*country*.xlsx",
    confirmed="the 2025 edition's address and ONS's /file?uri= links; that the page lists it first is ONS's "
              "usual layout, not checked on this page",
)

SOURCE = Source(
    id=SOURCE_ID,
    title="Births by parents' country of birth, England and Wales",
    publisher="Office for National Statistics (ONS)",
    landing_page=LANDING_PAGE,
    downloads=(
        # The edition's file, under the year's folder of the dataset page; a new edition has a new name.
        Download(
            url="https://www.ons.gov.uk/file?uri=/peoplepopulationandcommunity/birthsdeathsandmarriages/livebirths/"
                f"datasets/parentscountryofbirth/2025/{FILE_NAME}",
            file_name=FILE_NAME,
        ),
    ),
    discover=(DISCOVER,),
    licence=OGL,
    licence_url=OGL_URL,
    cadence="annual; for many years in August, more recently later or earlier in the year",
    next_release="2027-05-27",
    geography_levels=("country", "region", "local_authority"),
    measures=MEASURES,
    measures_summary=(
        "Live births in each local authority of England and Wales in a calendar year, by the world region "
        "where the mother was born: the UK, the EU, the rest of Europe, the Middle East and Asia, Africa, "
        "the Americas and the Caribbean, and Antarctica and Oceania."
    ),
    kind="flow",
    coverage="England and Wales, its regions and local authorities; all live births registered in the year.",
    not_covered=(
        "Scotland and Northern Ireland; stillbirths; the father's country of birth (published by ONS, not "
        "read here); single countries of birth below the world-region groups."
    ),
    lag="about five months to a year after the end of the calendar year",
    rounding="Counts of births are exact, not rounded; published percentages are to one decimal place.",
    caveats=CAVEATS,
    files=(
        FileSpec(patterns=("*birth*parents*country*.xlsx", "*parentscountryofbirth*.xlsx", "*pcob*.xlsx"),
                 parse=parse, expect="xlsx", quality=quality),
    ),
    terms=TERMS,
)
