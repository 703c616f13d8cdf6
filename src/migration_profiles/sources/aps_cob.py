"""Population by country of birth from the Annual Population Survey (APS): ONS's UK series, and the
council table National Records of Scotland (NRS) publishes from the same survey.

ONS published "Population of the UK by country of birth and nationality" once or twice a year, with
95% confidence intervals, for the UK, its countries, regions and local authorities. The last edition
covers July 2020 to June 2021; the edition for the year ending June 2022 was cancelled and the series
discontinued (NRS's publication page says so in a notice of 27 October 2022). The same APS figures
remain queryable on Nomis.

What this module parses is NRS's council table ("Table 3" of the 2016 edition,
``pop-count-birth-tab3-counc-16-cob-cor.csv``). Its layout, as published:

* ISO-8859-1 text (the copyright line carries a 0xA9 byte that is not UTF-8);
* a title in row 1 that states the period ("for year ending December 2016") and the unit
  ("(Thousands)");
* header rows: one with "Of Non-UK Born" over the EU and non-EU groups, one with the groups
  ("Total UK Born", "Total Non-UK Born", "EU ", "Non-EU ", trailing spaces and all), and the
  'Council area' row with "estimate" and "CI +/-" under each group; blank rows between them;
* a blank spacer column after the name and after each group;
* one row per council (names only, no codes) and one for Scotland, in thousands, numbers over 999
  quoted with a thousands separator ("4,838"); markers 'c', '0~' and ':'; then a blank row and
  footnotes.

Each name is matched to its GSS code through an explicit table (``COUNCIL_CODES``), tolerant of the
spellings in use ('&' for 'and', "Edinburgh, City of", "Na h-Eileanan Siar" or "Western Isles"); a
name the table does not know is an error that names the file, row and name. Codes are today's: four
councils (Fife, Perth and Kinross, Glasgow City, North Lanarkshire) were given new codes in 2018 and
2019 after small boundary changes, and their figures for earlier years are filed under the new code.

Figures are multiplied by 1,000 to give people, confidence intervals likewise. Where the published
margin is larger than the estimate, the lower limit is set to zero (NRS: "users should assume the
estimate is above zero").

A parser for ONS's own local authority workbook is not written: its sheet layout could not be
confirmed from a copy of the file, and guessing at a layout is how figures end up under the wrong
heading. Import NRS's council table by hand (``refresh aps_cob --file PATH``).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd

from migration_profiles.sources.base import (
    OGL,
    OGL_URL,
    PAGE,
    Caveat,
    Discover,
    FileSpec,
    Measure,
    Source,
    Term,
    excel_column,
    tidy_frame,
)
from migration_profiles.sources.checks import read_figure
from migration_profiles.sources.lami import TERMS as LAMI_TERMS
from migration_profiles.util import status as st
from migration_profiles.util.errors import LayoutError

SOURCE_ID = "aps_cob"

LANDING_PAGE = (
    "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/internationalmigration/"
    "datasets/populationoftheunitedkingdombycountryofbirthandnationality"
)
# The last ONS edition (July 2020 to June 2021): one .xls workbook. Kept as a fact for readers; not a
# declared download, because no parser for its layout exists (see the module docstring).
ONS_LAST_WORKBOOK_URL = (
    "https://www.ons.gov.uk/file?uri=/peoplepopulationandcommunity/populationandmigration/"
    "internationalmigration/datasets/populationoftheunitedkingdombycountryofbirthandnationality/"
    "july2020tojune2021/populationbycountryofbirthandnationalityjul20tojun21.xls"
)
NRS_LANDING_PAGE = (
    "https://www.nrscotland.gov.uk/statistics-and-data/statistics/statistics-by-theme/population/"
    "population-estimates/population-by-country-of-birth-and-nationality/"
)
# The series is discontinued, but a refresh still finds NRS's council table on its page (the only layout
# parsed here). Confirmed: the file's name (pop-count-birth-tab3-counc-16-cob-cor.csv, from a public
# copy). Not confirmed: that NRS's rebuilt site still links the CSV from this page.
NRS_DISCOVER = Discover(
    PAGE, NRS_LANDING_PAGE, file="*pop-count-birth*counc*.csv",
    confirmed="the council table's file name from a public copy; its link on NRS's current page is not "
              "confirmed",
)
# Nomis serves the APS as dataset NM_17_5, with dimensions geography, date, variable and measures
# (20599 the estimate, 21001 numerator, 21002 denominator, 21003 confidence). The variable codes for
# the country-of-birth counts are listed at NM_17_5/variable.def.sdmx.json; geography takes GSS codes
# or a TYPE code for all local authorities.
NOMIS_API_QUERY = (
    "https://www.nomisweb.co.uk/api/v01/dataset/NM_17_5.data.csv?geography=<GSS codes or TYPE code>"
    "&date=latest&variable=<country-of-birth variable codes from NM_17_5/variable.def.sdmx.json>"
    "&measures=20599,21001,21002,21003"
)

# How many rows from the top the 'Council area' row may be; further down is a changed layout.
HEADER_SEARCH_ROWS = 15

SCOTLAND = ("S92000003", "Scotland")

# The 32 council areas with their current GSS codes (S12), and the spellings they go by. Names are
# compared after _normalise(): case, spacing and '&' do not matter, nor "X, City of" for "City of X".
COUNCILS: dict[str, tuple[str, ...]] = {
    "S12000033": ("Aberdeen City", "City of Aberdeen"),
    "S12000034": ("Aberdeenshire",),
    "S12000041": ("Angus",),
    "S12000035": ("Argyll and Bute",),
    "S12000036": ("City of Edinburgh", "Edinburgh City", "Edinburgh"),
    "S12000005": ("Clackmannanshire",),
    "S12000006": ("Dumfries and Galloway",),
    "S12000042": ("Dundee City", "City of Dundee"),
    "S12000008": ("East Ayrshire",),
    "S12000045": ("East Dunbartonshire",),
    "S12000010": ("East Lothian",),
    "S12000011": ("East Renfrewshire",),
    "S12000014": ("Falkirk",),
    "S12000047": ("Fife",),
    "S12000049": ("Glasgow City", "City of Glasgow"),
    "S12000017": ("Highland", "The Highland Council"),
    "S12000018": ("Inverclyde",),
    "S12000019": ("Midlothian",),
    "S12000020": ("Moray",),
    "S12000013": (
        "Na h-Eileanan Siar",
        "Na h-Eileanan an Iar",
        "Eilean Siar",
        "Comhairle nan Eilean Siar",
        "Western Isles",
    ),
    "S12000021": ("North Ayrshire",),
    "S12000050": ("North Lanarkshire",),
    "S12000023": ("Orkney Islands", "Orkney"),
    "S12000048": ("Perth and Kinross",),
    "S12000038": ("Renfrewshire",),
    "S12000026": ("Scottish Borders", "The Scottish Borders", "Borders"),
    "S12000027": ("Shetland Islands", "Shetland"),
    "S12000028": ("South Ayrshire",),
    "S12000029": ("South Lanarkshire",),
    "S12000030": ("Stirling",),
    "S12000039": ("West Dunbartonshire",),
    "S12000040": ("West Lothian",),
}


def _normalise(name: str) -> str:
    """A name for matching: accents, case, spacing, full stops and '&' versus 'and' set aside."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = " ".join(text.replace("&", " and ").replace(".", " ").split()).casefold()
    # "Edinburgh, City of" -> "city of edinburgh"
    match = re.fullmatch(r"(.+?)\s*,\s*(city of|the)", text)
    if match:
        text = f"{match.group(2)} {match.group(1)}"
    return text


def _code_table() -> dict[str, str]:
    table: dict[str, str] = {_normalise(SCOTLAND[1]): SCOTLAND[0]}
    for code, names in COUNCILS.items():
        for name in names:
            key = _normalise(name)
            if table.get(key, code) != code:
                raise AssertionError(f"'{name}' would match two areas")
            table[key] = code
    return table


COUNCIL_CODES = _code_table()
CANONICAL_NAMES = {code: names[0] for code, names in COUNCILS.items()} | {SCOTLAND[0]: SCOTLAND[1]}


def area_code_for(name: str) -> str | None:
    """The GSS code of a Scottish council (or Scotland) from a name as NRS writes it; None if unknown."""
    return COUNCIL_CODES.get(_normalise(name))


# --------------------------------------------------------------------------------------------
# The NRS council table.

# Group headings -> measure. Compared after _key(), so trailing spaces and case do not matter.
GROUPS = {
    "total uk born": "aps_uk_born",
    "total non-uk born": "aps_non_uk_born",
    "eu": "aps_eu_born",
    "non-eu": "aps_non_eu_born",
}
# The groups that sit under the "Of Non-UK Born" heading.
OF_NON_UK = ("aps_eu_born", "aps_non_eu_born")

_YEAR_ENDING = re.compile(
    r"year\s+ending\s+(january|february|march|april|may|june|july|august|september|october|november|"
    r"december)\s+(\d{4})",
    re.IGNORECASE,
)
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"]


def _key(value: str) -> str:
    return " ".join(str(value).split()).casefold()


def _show(value: str) -> str:
    return "a blank cell" if not str(value).strip() else repr(" ".join(str(value).split()))


@dataclass(frozen=True)
class _Period:
    label: str
    start: str
    end: str


def _period_from_title(title: str) -> _Period | None:
    """'... for year ending December 2016 ...' -> Jan 2016 to Dec 2016."""
    match = _YEAR_ENDING.search(title)
    if match is None:
        return None
    end_month = _MONTHS.index(match.group(1).lower()) + 1
    end_year = int(match.group(2))
    start_month = end_month % 12 + 1
    start_year = end_year if end_month == 12 else end_year - 1
    last_day = pd.Timestamp(year=end_year, month=end_month, day=1).days_in_month
    label = (f"{_MONTHS[start_month - 1][:3].title()} {start_year} to "
             f"{_MONTHS[end_month - 1][:3].title()} {end_year}")
    return _Period(label, f"{start_year}-{start_month:02d}-01", f"{end_year}-{end_month:02d}-{last_day:02d}")


@dataclass(frozen=True)
class _Group:
    measure: str
    estimate: int  # 0-based column of the estimate; the CI is the next column
    heading: str  # as published, for messages


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def error(self, expected: str, found: str = "", row: int | None = None, column: int | None = None,
              heading: str = "") -> LayoutError:
        where = None
        if column is not None:
            where = excel_column(column + 1) + (f" ({heading})" if heading else "")
        return LayoutError(SOURCE_ID, self.path.name, expected=expected, found=found, row=row, column=where)

    def rows(self) -> list[list[str]]:
        raw = self.path.read_bytes()
        if raw.startswith(b"\xef\xbb\xbf"):
            text = raw[3:].decode("utf-8", errors="strict")
        else:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("iso-8859-1")  # as NRS publishes it; any byte decodes
        return list(csv.reader(io.StringIO(text, newline="")))

    @staticmethod
    def cell(row: list[str], column: int) -> str:
        return row[column] if column < len(row) else ""

    def parse(self) -> pd.DataFrame:
        rows = self.rows()
        if not rows or not any(c.strip() for c in rows[0]):
            raise self.error("a title in row 1 naming the period and the unit", "an empty first row", row=1)
        title = " ".join(rows[0][0].split()) if rows[0] else ""
        if "country of birth" not in title.casefold():
            raise self.error("a title naming 'country of birth'", _show(title), row=1, column=0)
        if "thousands" not in title.casefold():
            # Without the unit we cannot know the figures are thousands: refuse rather than guess.
            raise self.error("a title stating the unit '(Thousands)'", _show(title), row=1, column=0)
        period = _period_from_title(title)
        if period is None:
            raise self.error("a title naming the period, such as 'for year ending December 2016'",
                             _show(title), row=1, column=0)
        for column, value in enumerate(rows[0][1:], start=1):
            if value.strip():
                raise self.error("nothing beside the title", _show(value), row=1, column=column)

        header_index = self.find_header(rows)
        groups = self.read_header(rows, header_index)
        records = self.read_data(rows, header_index, groups, period)
        return tidy_frame(records)

    def find_header(self, rows: list[list[str]]) -> int:
        for index, row in enumerate(rows):
            if _key(self.cell(row, 0)) == "council area":
                if index + 1 > HEADER_SEARCH_ROWS:
                    raise self.error(
                        f"the 'Council area' header row within the first {HEADER_SEARCH_ROWS} rows",
                        f"it at row {index + 1}", row=index + 1, column=0)
                return index
        raise self.error(
            f"a header row with 'Council area' in column A within the first {HEADER_SEARCH_ROWS} rows",
            "none", column=0)

    def read_header(self, rows: list[list[str]], header_index: int) -> list[_Group]:
        header = rows[header_index]
        width = max(len(r) for r in rows[: header_index + 1])
        # The group row is the nearest row above the header with anything in it; the "Of Non-UK Born"
        # row the nearest non-blank row above that.
        above = [i for i in range(1, header_index) if any(c.strip() for c in rows[i])]
        if not above:
            raise self.error("a row of group headings ('Total UK Born', ...) above the 'Council area' row",
                             "none", row=header_index + 1)
        group_index = above[-1]
        super_index = above[-2] if len(above) > 1 else None
        for extra in above[:-2]:
            value = next(c for c in rows[extra] if c.strip())
            raise self.error("only the 'Of Non-UK Born' and group heading rows between the title and the "
                             "'Council area' row", _show(value), row=extra + 1)
        group_row = rows[group_index]

        groups: list[_Group] = []
        seen: dict[str, int] = {}
        claimed = {0}
        for column in range(1, width):
            value = _key(self.cell(header, column))
            if not value:
                continue
            if value != "estimate":
                if value == "ci +/-" and column - 1 in claimed:
                    continue
                raise self.error("'estimate' or, right after it, 'CI +/-'", _show(self.cell(header, column)),
                                 row=header_index + 1, column=column)
            if _key(self.cell(header, column + 1)) != "ci +/-":
                raise self.error("'CI +/-' next to 'estimate'", _show(self.cell(header, column + 1)),
                                 row=header_index + 1, column=column + 1)
            heading = self.cell(group_row, column)
            measure = GROUPS.get(_key(heading))
            if measure is None:
                known = ", ".join(repr(g.title()) for g in GROUPS)
                raise self.error(f"a group heading over 'estimate' (one of {known})", _show(heading),
                                 row=group_index + 1, column=column)
            if measure in seen:
                raise self.error(f"each group once; {_show(heading)} is already over column "
                                 f"{excel_column(seen[measure] + 1)}", _show(heading),
                                 row=group_index + 1, column=column)
            seen[measure] = column
            claimed.update({column, column + 1})
            groups.append(_Group(measure, column, " ".join(heading.split())))

        missing = [m for m in GROUPS.values() if m not in seen]
        if missing:
            names = [h for h, m in GROUPS.items() if m in missing]
            raise self.error("an estimate and CI under each of 'Total UK Born', 'Total Non-UK Born', 'EU' "
                             "and 'Non-EU'", "no columns for " + ", ".join(repr(n) for n in names),
                             row=header_index + 1)
        # Nothing else may be headed: a column we do not read would be a figure we silently drop.
        for column in range(1, width):
            value = self.cell(group_row, column)
            if value.strip() and column not in {g.estimate for g in groups}:
                raise self.error("group headings only over 'estimate' columns", _show(value),
                                 row=group_index + 1, column=column)
        if super_index is None:
            raise self.error("an 'Of Non-UK Born' heading over the EU and non-EU groups", "none",
                             row=group_index)
        super_row = rows[super_index]
        for column in range(width):
            value = self.cell(super_row, column)
            if not value.strip():
                continue
            if _key(value) != "of non-uk born" or column != seen[OF_NON_UK[0]]:
                raise self.error(f"'Of Non-UK Born' over column {excel_column(seen[OF_NON_UK[0]] + 1)} only",
                                 _show(value), row=super_index + 1, column=column)
        if not any(_key(self.cell(super_row, c)) == "of non-uk born" for c in range(width)):
            raise self.error("'Of Non-UK Born' over the EU and non-EU groups", "a blank row",
                             row=super_index + 1)
        if not seen[OF_NON_UK[0]] < seen[OF_NON_UK[1]] or seen["aps_non_uk_born"] > seen[OF_NON_UK[0]]:
            raise self.error("the EU and then the non-EU group after 'Total Non-UK Born'",
                             "the groups in another order", row=group_index + 1)
        return groups

    def read_data(self, rows: list[list[str]], header_index: int, groups: list[_Group],
                  period: _Period) -> list[dict]:
        records: list[dict] = []
        read_columns = {0} | {g.estimate for g in groups} | {g.estimate + 1 for g in groups}
        seen: dict[str, int] = {}
        ended_at: int | None = None
        for index in range(header_index + 1, len(rows)):
            row, number = rows[index], index + 1
            blank = not any(c.strip() for c in row)
            if ended_at is not None:
                name = self.cell(row, 0)
                if name.strip() and area_code_for(name) is not None:
                    raise self.error(f"no council rows below the end of the table at row {ended_at}",
                                     _show(name), row=number, column=0)
                continue
            if blank:
                if seen:
                    ended_at = number  # footnotes follow
                continue
            name = " ".join(self.cell(row, 0).split())
            if not name:
                value = next(c for c in row if c.strip())
                raise self.error("a council name in column A", f"a blank name beside {_show(value)}",
                                 row=number, column=0)
            code = area_code_for(name)
            if code is None:
                raise self.error("the name of a Scottish council area or 'Scotland' (see COUNCILS in "
                                 "sources/aps_cob.py)", f"unknown name {name!r}", row=number, column=0)
            if code in seen:
                raise self.error(f"each area once; {CANONICAL_NAMES[code]} ({code}) is already at row "
                                 f"{seen[code]}", repr(name), row=number, column=0)
            seen[code] = number
            for column, value in enumerate(row):
                if column not in read_columns and value.strip():
                    raise self.error("a blank cell (a spacer column, with no heading above it)", _show(value),
                                     row=number, column=column)
            for group in groups:
                records.append(self.record(row, number, code, name, group, period))
        if not seen:
            raise self.error("rows of council areas below the 'Council area' row", "none",
                             row=header_index + 2, column=0)
        return records

    def figure(self, row: list[str], number: int, column: int, heading: str) -> tuple[float | None, str]:
        return read_figure(self.cell(row, column), partial(self.error, heading=heading), number, column)

    def record(self, row: list[str], number: int, code: str, name: str, group: _Group,
               period: _Period) -> dict:
        value, status = self.figure(row, number, group.estimate, f"{group.heading} estimate")
        margin, _ = self.figure(row, number, group.estimate + 1, f"{group.heading} CI +/-")
        people = None if value is None else value * 1000
        lower = upper = float("nan")
        if people is not None and status in st.HAS_VALUE and margin is not None:
            lower = max(people - margin * 1000, 0.0)
            upper = people + margin * 1000
        return {
            "area_code": code,
            "area_name": name,
            "period_label": period.label,
            "period_start": period.start,
            "period_end": period.end,
            "measure": group.measure,
            "value": float("nan") if people is None else people,
            "ci_lower": lower,
            "ci_upper": upper,
            "status": status,
        }


def parse_nrs(path: Path) -> pd.DataFrame:
    """Read NRS's APS council table (population by country of birth, thousands) into tidy rows of people."""
    return _Reader(Path(path)).parse()


def quality(frame: pd.DataFrame) -> list[dict]:
    """Areas where EU-born plus non-EU-born misses the non-UK-born total by more than rounding allows.

    Each of the three is rounded to the nearest thousand on its own, so the parts may differ from the
    total by up to 1,000; a larger gap means a figure was misprinted or misread.
    """
    issues: list[dict] = []
    if frame.empty:
        return issues
    wide = frame.pivot_table(index=["area_code", "period_label"], columns="measure", values="value",
                             aggfunc="first")
    needed = {"aps_non_uk_born", "aps_eu_born", "aps_non_eu_born"}
    if not needed <= set(wide.columns):
        return issues
    for (code, period), row in wide.iterrows():
        if row[list(needed)].isna().any():
            continue
        gap = row["aps_eu_born"] + row["aps_non_eu_born"] - row["aps_non_uk_born"]
        if abs(gap) > 1000:
            issues.append({
                "area_code": code,
                "issue": f"{period}: EU-born ({row['aps_eu_born']:,.0f}) plus non-EU-born "
                         f"({row['aps_non_eu_born']:,.0f}) differ from the non-UK-born total "
                         f"({row['aps_non_uk_born']:,.0f}) by {gap:+,.0f}, more than rounding explains",
                "rows": 3,
            })
    return issues


# --------------------------------------------------------------------------------------------
# The declaration.

MEASURES = (
    Measure("aps_uk_born", "Residents born in the UK (household survey estimate)", "people", "stock",
            counts="residents of private households who were born in the UK, estimated from the Annual "
                   "Population Survey"),
    Measure("aps_non_uk_born", "Residents born outside the UK (household survey estimate)", "people", "stock",
            counts="residents of private households born outside the UK, whatever their nationality, "
                   "estimated from the Annual Population Survey"),
    Measure("aps_eu_born", "Residents born in another EU country (household survey estimate)", "people",
            "stock", counts="residents of private households born in an EU country other than the UK, "
                            "estimated from the Annual Population Survey"),
    Measure("aps_non_eu_born", "Residents born outside the EU (household survey estimate)", "people", "stock",
            counts="residents of private households born outside both the UK and the rest of the EU, "
                   "estimated from the Annual Population Survey"),
)

CAVEATS = (
    Caveat(
        "aps_cob_households_only",
        "These are survey estimates of people living in private households. Most people in communal "
        "establishments, such as student halls, care homes, hostels and prisons, are not sampled, so an "
        "area with a large university or many care homes has more residents than these figures suggest.",
    ),
    Caveat(
        "aps_cob_uncertainty",
        "Each local figure rests on a small sample, so it comes with a wide 95% confidence interval, "
        "shown as a shaded band or a range. Changes from one year to the next are often within that "
        "range and may be noise. An estimate whose margin is as large as the estimate itself is too "
        "rough to use on its own; where the margin reaches below zero we show the lower limit as zero.",
    ),
    Caveat(
        "aps_cob_not_mid_year",
        "The survey is weighted to population totals but its figures are not adjusted to match the "
        "official mid-year estimates, and adding the UK-born and non-UK-born groups does not give the "
        "official population. Shares are therefore worked out against the survey's own total: people "
        "born in the UK plus people born elsewhere.",
    ),
    Caveat(
        "aps_cob_self_reported",
        "Country of birth, like nationality, is what the person interviewed said, or what another "
        "household member said on their behalf. Being born abroad says nothing about nationality or "
        "how long someone has lived here: it includes British citizens born overseas and people who "
        "arrived decades ago.",
    ),
    Caveat(
        "aps_cob_small_groups",
        "Small groups are not published: a cell marked 'c' was withheld to protect confidentiality, "
        "'0~' means fewer than 500 people (rounded to zero) and ':' means not available. We show these "
        "as gaps, never as zero. Figures are rounded to the nearest thousand, so parts may not add up "
        "to totals.",
    ),
    Caveat(
        "aps_cob_discontinued",
        "The series has stopped. ONS's last edition covered July 2020 to June 2021, and the next was "
        "cancelled in 2022 because of a problem in the survey data; ONS is developing estimates from "
        "administrative records instead. The figures here are for the years published before that.",
    ),
)

TERMS = (
    Term(
        "Annual Population Survey",
        "A continuous household survey run by ONS, combining the Labour Force Survey with extra "
        "interviews so that it can give estimates for local authorities. Each annual figure pools a "
        "year of interviews.",
    ),
    Term(
        "Country of birth",
        "The country where a person was born, as they report it. It does not change when someone moves "
        "or takes another nationality, so it measures people who have migrated at some point in their "
        "lives, not recent arrivals.",
    ),
    Term(
        "Nationality",
        "The country whose passport or citizenship a person says they hold. It can change through "
        "naturalisation, and people born abroad may be British nationals.",
    ),
    # The lami source defines this term for the same survey's figures; one definition serves both.
    next(t for t in LAMI_TERMS if t.name == "Confidence interval"),
)

SOURCE = Source(
    id=SOURCE_ID,
    title="Population by country of birth (Annual Population Survey; NRS council tables for Scotland)",
    publisher="Office for National Statistics (ONS), and National Records of Scotland (NRS) for the "
              "Scottish council tables",
    landing_page=LANDING_PAGE,
    downloads=(),
    licence=OGL,
    licence_url=OGL_URL,
    cadence=(
        "was annual (twice a year at times); discontinued after the edition for July 2020 to June 2021, "
        "published in late 2021"
    ),
    next_release="",
    geography_levels=("country", "local_authority"),
    measures=MEASURES,
    measures_summary=(
        "Estimates of how many residents were born in the UK, in another EU country and outside the EU, "
        "each with a 95% confidence interval, from the Annual Population Survey."
    ),
    kind="stock",
    coverage=(
        "Residents of private households, and of NHS accommodation and student halls where their parents "
        "live in the UK; the Scottish council tables cover Scotland's 32 council areas and Scotland."
    ),
    not_covered=(
        "Most people in communal establishments (halls of residence for overseas students, care homes, "
        "hostels, prisons); groups too small to publish; no detail by individual country at this level."
    ),
    lag="about five months: figures for a calendar year appeared the following May to August",
    rounding="published in thousands (rounded to the nearest 1,000), each with a 95% confidence margin "
             "(+/-), also in thousands",
    caveats=CAVEATS,
    files=(
        FileSpec(
            patterns=("*pop-count-birth*counc*.csv", "*nrs*country*birth*.csv"),
            parse=parse_nrs,
            expect="csv",
            quality=quality,
        ),
    ),
    terms=TERMS,
    api_query=NOMIS_API_QUERY,
    # No known_releases: the day NRS published its 2016 council table is not confirmed. The file says
    # only "© Crown Copyright 2017"; ONS's UK edition for 2016 came out on 24 August 2017, and NRS put
    # out its 2017 and 2018 editions on the same days as ONS (24 May 2018, 24 May 2019), but no NRS page
    # for 2016 was found, and the name's "-cor" may mean a corrected reissue. Pages say the date is not
    # known; `refresh aps_cob --file PATH --published DATE` records it once it is confirmed.
    superseded=True,
    discover=(NRS_DISCOVER,),
    extra={"ons_last_workbook_url": ONS_LAST_WORKBOOK_URL, "nrs_landing_page": NRS_LANDING_PAGE},
)
