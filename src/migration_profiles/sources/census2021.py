"""Census 2021 (England and Wales): the migration topic summaries by lower-tier local authority.

Six tables from the ONS dissemination API, one CSV each, all in the same long layout:

    Lower Tier Local Authorities Code,Lower Tier Local Authorities,<Variable> Code,<Variable>,Observation
    E06000014,York,-8,Does not apply,0
    E06000014,York,1,Europe: United Kingdom: England,174637
    ...

one row per local authority and category, where <Variable> names the table's classification with its
number of categories, for example 'Country of birth (60 categories)'. Every table has a category
with code -8, 'Does not apply', for residents outside the question's scope: nobody in the country
of birth, passports and year of arrival tables (it is 0 for every area), children under 3 in the
proficiency in English table and babies under 1 in the migrant indicator table.

How this module reads them:

- Each table is declared below (TABLES): its variable's name, every category code with the label
  ONS gives it, and the group (measure) the category is counted in. A file is refused, naming the
  file, row and column, when a header, a category code or a label differs from the declaration, an
  area lacks a category or repeats one, or a count is not a whole number: a changed classification
  can never slide counts into the wrong group.
- The 'Does not apply' count is kept out of the table's total and emitted as a measure of its own
  (``<table>_not_applicable``), so nothing published is dropped. In the three tables that cover every
  resident it should be 0; a non-zero count there is reported in the data-quality log.
- Each table's total is the sum of its categories other than -8. The API's CSVs carry no total
  category (checked in the real files of all four tables we hold). Because ONS perturbs every cell
  (see the caveat ``census2021_perturbation``), the totals of two tables for the same area differ
  by a few people, so every share is computed against its own table's total.
- The groups of the detailed country of birth table follow the hierarchy in its labels; see
  COB below for the mapping and why EU8 and EU2 cannot be told apart in that table. The 12-category
  country of birth table (TS004, COB_EU below) does separate them; the pages use it where it has been
  downloaded and fall back to TS012's groups where it has not.
- The files hold local authorities only. We add England (E92000001) and Wales (W92000004) by
  summing their authorities; the pipeline adds the English regions the same way.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from migration_profiles.util import status
from migration_profiles.util.errors import LayoutError, ProfilesError
from migration_profiles.sources.base import (
    BOUNDARY_YEAR,
    KnownRelease,
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
from migration_profiles.sources.checks import read_figure

SOURCE_ID = "census2021"
PERIOD_LABEL = "Census 2021"
CENSUS_DAY = "2021-03-21"
NOT_APPLICABLE_CODE = -8
NOT_APPLICABLE_LABEL = "Does not apply"

AREA_CODE_HEADER = "Lower Tier Local Authorities Code"
AREA_NAME_HEADER = "Lower Tier Local Authorities"
VALUE_HEADER = "Observation"

# Lower-tier local authorities in England (unitary, district, metropolitan, London borough) and Wales.
_LTLA_CODE = re.compile(r"^(?:E0[6-9]|W06)\d{6}$")
_CATEGORY_CODE = re.compile(r"^-?\d+$")
_VARIABLE = re.compile(r"^(?P<name>.+?)\s*\((?P<count>\d+) categories\)$", re.IGNORECASE)

COUNTRIES = {"E": ("E92000001", "England"), "W": ("W92000004", "Wales")}

ONS_API = "https://api.beta.ons.gov.uk/v1/datasets"
DOWNLOAD_BASE = "https://download.ons.gov.uk/downloads/datasets"


def _key(text: str) -> str:
    """Text for comparison: whitespace collapsed, case ignored."""
    return " ".join(str(text).split()).casefold()


# --------------------------------------------------------------------------------------------
# The declared tables.


@dataclass(frozen=True)
class Category:
    code: int
    label: str  # exactly as ONS publishes it (compared ignoring case and runs of spaces)
    measure: str  # the measure (group) its count adds to


@dataclass(frozen=True)
class Table:
    id: str  # ONS dataset id, e.g. "TS012"
    title: str
    variable: str  # the classification as the header names it, without " Code"
    prefix: str  # measure ids start with it
    universe: str  # who the table's total counts
    not_applicable: str  # who falls under -8 'Does not apply', in words; "" when nobody should
    version: int  # the version of the dataset our download URL names
    categories: tuple[Category, ...]  # in published order, -8 excluded
    groups: tuple[tuple[str, str], ...]  # (measure id, title) in the order pages show them
    derived: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # (measure id, title, groups summed)

    @property
    def total(self) -> str:
        return f"{self.prefix}_total"

    @property
    def not_applicable_measure(self) -> str:
        return f"{self.prefix}_not_applicable"

    @property
    def file_name(self) -> str:
        return f"{self.id}_2021.csv"

    @property
    def url(self) -> str:
        return f"{DOWNLOAD_BASE}/{self.id}/editions/2021/versions/{self.version}.csv"

    def category(self, code: int) -> Category | None:
        for category in self.categories:
            if category.code == code:
                return category
        return None


def _cats(measure: str, first: int, labels: list[str]) -> list[Category]:
    return [Category(first + i, label, measure) for i, label in enumerate(labels)]


# Country of birth (TS012, 60 categories) into groups.
#
# The labels carry ONS's hierarchy ("Europe: Other Europe: EU countries: Member countries in March
# 2001: France"). We group on its upper levels:
#
#   census_cob_uk                 1-6    Europe: United Kingdom (England, Northern Ireland, Scotland,
#                                        Wales, Great Britain and United Kingdom not otherwise specified)
#   census_cob_eu14               7-13   EU countries: Member countries in March 2001 (the EU14:
#                                        Ireland, France, Germany, Italy, Portugal, Spain, other)
#   census_cob_eu_2004_on         14-18  EU countries that joined between April 2001 and March 2011
#                                        (Lithuania, Poland, Romania, other) and between April 2011
#                                        and March 2021 (Croatia)
#   census_cob_other_europe       19-20  Rest of Europe (Turkey, other non-EU Europe)
#   census_cob_africa             21-30  Africa
#   census_cob_middle_east_asia   31-47  Middle East and Asia
#   census_cob_americas_caribbean 48-54  The Americas and the Caribbean
#   census_cob_oceania_antarctica 55-59  Antarctica and Oceania, and 'Other' (code 59), as ONS's own
#                                        12-category table TS004 groups them
#
# EU8 and EU2 cannot be separated in this table: its 'Other EU countries' among the 2001-2011
# joiners (code 17) holds the EU8 countries other than Lithuania and Poland, Bulgaria (EU2), and
# Cyprus and Malta. So the countries that joined in 2004, 2007 and 2013 are one group here. ONS's
# TS004 table (12 categories) publishes EU8, EU2 and 'all other EU countries' separately, should
# that split be needed.
_EU_2001 = "Europe: Other Europe: EU countries: Member countries in March 2001: "
_EU_JOINED = "Europe: Other Europe: EU countries: Countries that joined the EU between "
_EU_2011 = _EU_JOINED + "April 2001 and March 2011: "
_EU_2021 = _EU_JOINED + "April 2011 and March 2021: "
COB = Table(
    id="TS012",
    title="Country of birth (detailed)",
    variable="Country of birth (60 categories)",
    prefix="census_cob",
    universe="all usual residents",
    not_applicable="",
    version=1,
    categories=tuple(
        _cats("census_cob_uk", 1, [
            "Europe: United Kingdom: England",
            "Europe: United Kingdom: Northern Ireland",
            "Europe: United Kingdom: Scotland",
            "Europe: United Kingdom: Wales",
            "Europe: United Kingdom: Great Britain not otherwise specified",
            "Europe: United Kingdom: United Kingdom not otherwise specified",
        ])
        + _cats("census_cob_eu14", 7, [
            _EU_2001 + "Ireland",
            _EU_2001 + "France",
            _EU_2001 + "Germany",
            _EU_2001 + "Italy",
            _EU_2001 + "Portugal (including Madeira and the Azores)",
            _EU_2001 + "Spain (including Canary Islands)",
            _EU_2001 + "Other member countries in March 2001",
        ])
        + _cats("census_cob_eu_2004_on", 14, [
            _EU_2011 + "Lithuania",
            _EU_2011 + "Poland",
            _EU_2011 + "Romania",
            _EU_2011 + "Other EU countries",
            _EU_2021 + "Croatia",
        ])
        + _cats("census_cob_other_europe", 19, [
            "Europe: Other Europe: Rest of Europe: Turkey",
            "Europe: Other Europe: Rest of Europe: Other Europe",
        ])
        + _cats("census_cob_africa", 21, [
            "Africa: North Africa",
            "Africa: Central and Western Africa: Ghana",
            "Africa: Central and Western Africa: Nigeria",
            "Africa: Central and Western Africa: Other Central and Western Africa",
            "Africa: South and Eastern Africa: Kenya",
            "Africa: South and Eastern Africa: Somalia",
            "Africa: South and Eastern Africa: South Africa",
            "Africa: South and Eastern Africa: Zimbabwe",
            "Africa: South and Eastern Africa: Other South and Eastern Africa",
            "Africa: Africa not otherwise specified",
        ])
        + _cats("census_cob_middle_east_asia", 31, [
            "Middle East and Asia: Middle East: Iran",
            "Middle East and Asia: Middle East: Iraq",
            "Middle East and Asia: Middle East: Other Middle East",
            "Middle East and Asia: Eastern Asia: China",
            "Middle East and Asia: Eastern Asia: Hong Kong (Special Administrative Region of China)",
            "Middle East and Asia: Eastern Asia: Other Eastern Asia",
            "Middle East and Asia: Southern Asia: Afghanistan",
            "Middle East and Asia: Southern Asia: India",
            "Middle East and Asia: Southern Asia: Pakistan",
            "Middle East and Asia: Southern Asia: Bangladesh",
            "Middle East and Asia: Southern Asia: Sri Lanka",
            "Middle East and Asia: Southern Asia: Other Southern Asia",
            "Middle East and Asia: South-East Asia: Philippines",
            "Middle East and Asia: South-East Asia: Malaysia",
            "Middle East and Asia: South-East Asia: Singapore",
            "Middle East and Asia: South-East Asia: Other South-East Asia",
            "Middle East and Asia: Central Asia",
        ])
        + _cats("census_cob_americas_caribbean", 48, [
            "The Americas and the Caribbean: North America: United States",
            "The Americas and the Caribbean: North America: Canada",
            "The Americas and the Caribbean: North America: Other North America",
            "The Americas and the Caribbean: Central America: All Central American countries",
            "The Americas and the Caribbean: South America: All South American countries",
            "The Americas and the Caribbean: The Caribbean: Jamaica",
            "The Americas and the Caribbean: The Caribbean: Other Caribbean",
        ])
        + _cats("census_cob_oceania_antarctica", 55, [
            "Antarctica and Oceania: Australasia: Australia",
            "Antarctica and Oceania: Australasia: New Zealand",
            "Antarctica and Oceania: Australasia: Other Australasia",
            "Antarctica and Oceania: Other Oceania and Antarctica",
            "Other",
        ])
    ),
    groups=(
        ("census_cob_uk", "Born in the UK"),
        ("census_cob_eu14", "Born in the EU14 (EU members before 2004)"),
        ("census_cob_eu_2004_on", "Born in countries that joined the EU from 2004"),
        ("census_cob_other_europe", "Born elsewhere in Europe (outside the EU)"),
        ("census_cob_africa", "Born in Africa"),
        ("census_cob_middle_east_asia", "Born in the Middle East or Asia"),
        ("census_cob_americas_caribbean", "Born in the Americas or the Caribbean"),
        ("census_cob_oceania_antarctica", "Born in Oceania, Antarctica or elsewhere"),
    ),
    derived=(
        ("census_cob_non_uk", "Born outside the UK", (
            "census_cob_eu14", "census_cob_eu_2004_on", "census_cob_other_europe", "census_cob_africa",
            "census_cob_middle_east_asia", "census_cob_americas_caribbean", "census_cob_oceania_antarctica")),
    ),
)

# Passports held (TS005, 27 categories). A person with several passports is counted once: UK first,
# then Irish, then any other.
_EU_PASSPORT = "Europe: Other Europe: EU Member countries: "
PASSPORTS = Table(
    id="TS005",
    title="Passports held",
    variable="Passports held (27 categories)",
    prefix="census_passport",
    universe="all usual residents",
    not_applicable="",
    version=2,
    categories=tuple(
        _cats("census_passport_uk", 1, ["Europe: United Kingdom"])
        + _cats("census_passport_irish", 2, ["Europe: Ireland"])
        + _cats("census_passport_eu", 3, [
            _EU_PASSPORT + "France",
            _EU_PASSPORT + "Germany",
            _EU_PASSPORT + "Italy",
            _EU_PASSPORT + "Portugal",
            _EU_PASSPORT + "Spain",
            _EU_PASSPORT + "Lithuania",
            _EU_PASSPORT + "Poland",
            _EU_PASSPORT + "Romania",
            _EU_PASSPORT + "Other EU countries",
        ])
        + _cats("census_passport_other_europe", 12, [
            "Europe: Other Europe: Rest of Europe: Turkey",
            "Europe: Other Europe: Rest of Europe: Other Europe",
        ])
        + _cats("census_passport_africa", 14, [
            "Africa: North Africa",
            "Africa: Central and Western Africa",
            "Africa: South and Eastern Africa",
        ])
        + _cats("census_passport_middle_east_asia", 17, [
            "Middle East and Asia: Middle East",
            "Middle East and Asia: Eastern Asia",
            "Middle East and Asia: Southern Asia",
            "Middle East and Asia: South-East Asia",
            "Middle East and Asia: Central Asia",
        ])
        + _cats("census_passport_americas", 22, [
            "The Americas and the Caribbean: North America and the Caribbean",
            "The Americas and the Caribbean: Central and South America",
        ])
        + _cats("census_passport_oceania", 24, ["Antarctica and Oceania, including Australasia"])
        + _cats("census_passport_british_overseas", 25, ["British Overseas Territories"])
        + _cats("census_passport_none", 26, ["No passport held"])
    ),
    groups=(
        ("census_passport_uk", "UK passport"),
        ("census_passport_irish", "Irish passport (no UK passport)"),
        ("census_passport_eu", "Other EU passport"),
        ("census_passport_other_europe", "Non-EU European passport"),
        ("census_passport_africa", "African passport"),
        ("census_passport_middle_east_asia", "Middle Eastern or Asian passport"),
        ("census_passport_americas", "Passport from the Americas or the Caribbean"),
        ("census_passport_oceania", "Passport from Oceania or Antarctica"),
        ("census_passport_british_overseas", "British Overseas Territories passport"),
        ("census_passport_none", "No passport"),
    ),
    derived=(
        ("census_passport_non_uk", "Holding a passport, none of them a UK passport", (
            "census_passport_irish", "census_passport_eu", "census_passport_other_europe",
            "census_passport_africa", "census_passport_middle_east_asia", "census_passport_americas",
            "census_passport_oceania", "census_passport_british_overseas")),
    ),
)

_BANDS = [
    ("before_1951", "before 1951"),
    ("1951_1960", "1951 to 1960"),
    ("1961_1970", "1961 to 1970"),
    ("1971_1980", "1971 to 1980"),
    ("1981_1990", "1981 to 1990"),
    ("1991_2000", "1991 to 2000"),
    ("2001_2010", "2001 to 2010"),
    ("2011_2013", "2011 to 2013"),
    ("2014_2016", "2014 to 2016"),
    ("2017_2019", "2017 to 2019"),
    ("2020_2021", "2020 to 2021"),
]
ARRIVAL = Table(
    id="TS015",
    title="Year of arrival in UK",
    variable="Year of arrival in the UK (13 categories)",
    prefix="census_arrival",
    universe="all usual residents",
    not_applicable="",
    version=2,
    categories=(Category(1, "Born in the UK", "census_arrival_born_uk"),)
    + tuple(Category(2 + i, f"Arrived {words}", f"census_arrival_{slug}")
            for i, (slug, words) in enumerate(_BANDS)),
    groups=(("census_arrival_born_uk", "Born in the UK"),)
    + tuple((f"census_arrival_{slug}", f"Born abroad, arrived {words}") for slug, words in _BANDS),
    derived=(
        ("census_arrival_2011_2021", "Born abroad, arrived in 2011 or later",
         ("census_arrival_2011_2013", "census_arrival_2014_2016", "census_arrival_2017_2019",
          "census_arrival_2020_2021")),
    ),
)

_NOT_ENGLISH = "Main language is not English (English or Welsh in Wales): "
ENGLISH = Table(
    id="TS029",
    title="Proficiency in English",
    variable="Proficiency in English language (6 categories)",
    prefix="census_english",
    universe="usual residents aged 3 and over",
    not_applicable="children under 3, who were not asked",
    version=2,
    categories=(
        Category(1, "Main language is English (English or Welsh in Wales)", "census_english_main"),
        Category(2, _NOT_ENGLISH + "Can speak English very well", "census_english_very_well"),
        Category(3, _NOT_ENGLISH + "Can speak English well", "census_english_well"),
        Category(4, _NOT_ENGLISH + "Cannot speak English well", "census_english_not_well"),
        Category(5, _NOT_ENGLISH + "Cannot speak English", "census_english_not_at_all"),
    ),
    groups=(
        ("census_english_main", "Main language English (or Welsh, in Wales)"),
        ("census_english_very_well", "Other main language, speaks English very well"),
        ("census_english_well", "Other main language, speaks English well"),
        ("census_english_not_well", "Other main language, cannot speak English well"),
        ("census_english_not_at_all", "Other main language, cannot speak English"),
    ),
    derived=(
        ("census_english_other_main", "Main language not English (or Welsh, in Wales)",
         ("census_english_very_well", "census_english_well", "census_english_not_well",
          "census_english_not_at_all")),
        ("census_english_poor", "Cannot speak English well or at all",
         ("census_english_not_well", "census_english_not_at_all")),
    ),
)

# Migrant indicator (TS019, 5 categories). No real file of it is at hand; its layout and labels are
# those of the ONS dissemination API's CSV (version 2), the same layout as the other four tables.
# Note that its categories are numbered from 0.
MIGRANT = Table(
    id="TS019",
    title="Migrant indicator",
    variable="Migrant indicator (5 categories)",
    prefix="census_migrant",
    universe="usual residents aged 1 and over",
    not_applicable="babies under 1, who had no address a year before",
    version=2,
    categories=(
        Category(0, "Address one year ago is the same as the address of enumeration",
                 "census_migrant_same_address"),
        Category(1, "Address one year ago is student term-time or boarding school address in the UK",
                 "census_migrant_student"),
        Category(2, "Migrant from within the UK: Address one year ago was in the UK",
                 "census_migrant_within_uk"),
        Category(3, "Migrant from outside the UK: Address one year ago was outside the UK",
                 "census_migrant_outside_uk"),
    ),
    groups=(
        ("census_migrant_same_address", "Same address as a year before"),
        ("census_migrant_student", "Student or boarding address a year before"),
        ("census_migrant_within_uk", "Moved within the UK in the past year"),
        ("census_migrant_outside_uk", "Moved from outside the UK in the past year"),
    ),
)

# Country of birth (TS004, 12 categories): the same question as TS012, grouped by ONS so that the EU
# is split by accession: EU14 (members before 2004, Ireland included), EU8 (the eight central and
# eastern European countries that joined in 2004), EU2 (Bulgaria and Romania, 2007) and the other EU
# members (Cyprus and Malta, 2004; Croatia, 2013). It also counts people born in a British Overseas
# Territory on their own. No real file of it is at hand: its variable name and codes are those of the
# ONS dissemination API's LTLA CSV (version 3), the layout of the four tables we hold; its category
# labels were checked against the Nomis bulk-file column headers of TS004 (a third party's list of
# every topic summary's columns, in the shared real data), which name the same eleven groups.
_EU = "Europe: EU countries: "
COB_EU = Table(
    id="TS004",
    title="Country of birth (EU split by accession)",
    variable="Country of birth (12 categories)",
    prefix="census_cobeu",
    universe="all usual residents",
    not_applicable="",
    version=3,
    categories=(
        Category(1, "Europe: United Kingdom", "census_cobeu_uk"),
        Category(2, _EU + "European Union EU14", "census_cobeu_eu14"),
        Category(3, _EU + "European Union EU8", "census_cobeu_eu8"),
        Category(4, _EU + "European Union EU2", "census_cobeu_eu2"),
        Category(5, _EU + "All other EU countries", "census_cobeu_eu_other"),
        Category(6, "Europe: Non-EU countries: All other non-EU countries", "census_cobeu_other_europe"),
        Category(7, "Africa", "census_cobeu_africa"),
        Category(8, "Middle East and Asia", "census_cobeu_middle_east_asia"),
        Category(9, "The Americas and the Caribbean", "census_cobeu_americas_caribbean"),
        Category(10, "Antarctica and Oceania (including Australasia) and Other",
                 "census_cobeu_oceania_antarctica"),
        Category(11, "British Overseas", "census_cobeu_british_overseas"),
    ),
    groups=(
        ("census_cobeu_uk", "Born in the UK"),
        ("census_cobeu_eu14", "Born in the EU14 (EU members before 2004)"),
        ("census_cobeu_eu8", "Born in the EU8 (joined the EU in 2004: Poland, Lithuania and six others)"),
        ("census_cobeu_eu2", "Born in the EU2 (Romania and Bulgaria, joined in 2007)"),
        ("census_cobeu_eu_other", "Born in Cyprus, Malta or Croatia (other EU members)"),
        ("census_cobeu_other_europe", "Born elsewhere in Europe (outside the EU)"),
        ("census_cobeu_africa", "Born in Africa"),
        ("census_cobeu_middle_east_asia", "Born in the Middle East or Asia"),
        ("census_cobeu_americas_caribbean", "Born in the Americas or the Caribbean"),
        ("census_cobeu_oceania_antarctica", "Born in Oceania, Antarctica or elsewhere"),
        ("census_cobeu_british_overseas", "Born in a British Overseas Territory"),
    ),
    derived=(
        ("census_cobeu_eu_2004_on", "Born in countries that joined the EU from 2004",
         ("census_cobeu_eu8", "census_cobeu_eu2", "census_cobeu_eu_other")),
    ),
)

# TS004 last: the demonstration data script draws each table's random numbers in this order.
TABLES: tuple[Table, ...] = (COB, PASSPORTS, ARRIVAL, ENGLISH, MIGRANT, COB_EU)


# --------------------------------------------------------------------------------------------
# Parsing.


class _Reader:
    def __init__(self, path: Path, table: Table) -> None:
        self.path = path
        self.table = table

    def error(self, expected: str, found: str = "", row: int | None = None, column: str | None = None):
        return LayoutError(source_id=SOURCE_ID, file=self.path.name, expected=expected, found=found, row=row,
                           column=column)

    def rows(self) -> list[tuple[int, list[str]]]:
        raw = self.path.read_bytes()
        if self.path.name.lower().endswith(".gz"):  # a large table kept compressed (the demo's TS012)
            raw = gzip.decompress(raw)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise self.error("UTF-8 text", f"a byte that is not UTF-8 at position {exc.start}") from None
        reader = csv.reader(io.StringIO(text, newline=""))
        rows = []
        try:
            for cells in reader:
                if not cells or all(cell.strip() == "" for cell in cells):
                    continue  # a blank line, such as a trailing one, carries nothing
                rows.append((reader.line_num, cells))
        except csv.Error as exc:
            raise self.error("well-formed CSV", str(exc), row=reader.line_num) from None
        return rows

    def check_header(self, line: int, header: list[str]) -> list[str]:
        names = [h.strip() for h in header]
        table = self.table
        variable_code = f"{table.variable} Code"
        expected = [AREA_CODE_HEADER, AREA_NAME_HEADER, variable_code, table.variable, VALUE_HEADER]
        if len(names) != len(expected):
            raise self.error(
                f"a header of {len(expected)} columns: " + ", ".join(f"'{e}'" for e in expected),
                f"{len(names)} column(s): " + ", ".join(f"'{n}'" for n in names),
                row=line,
            )
        for position in (0, 1, 4):
            if _key(names[position]) != _key(expected[position]):
                raise self.error(f"column {position + 1} to be '{expected[position]}'", repr(names[position]),
                                 row=line, column=names[position] or expected[position])
        if _key(names[2]) != _key(variable_code) or _key(names[3]) != _key(table.variable):
            raise self.error(
                f"columns 3 and 4 to be '{variable_code}' and '{table.variable}' ({table.id}, {table.title})",
                f"'{names[2]}' and '{names[3]}'" + self._other_table(names[3]),
                row=line,
                column=names[2] if _key(names[2]) != _key(variable_code) else names[3],
            )
        return names

    @staticmethod
    def _other_table(variable: str) -> str:
        for other in TABLES:
            if _key(other.variable) == _key(variable):
                return f", the header of {other.id} ({other.title})"
        match = _VARIABLE.match(variable.strip())
        if match:
            for other in TABLES:
                stem = _VARIABLE.match(other.variable)
                if stem and _key(stem.group("name")) == _key(match.group("name")):
                    return (f": the same question grouped into {match.group('count')} categories, not "
                            f"{stem.group('count')}, which is a different ONS table")
        return ""

    def read(self) -> dict[str, tuple[str, int, dict[int, int]]]:
        """Area code -> (name, first row, {category code: count}), checked against the declaration."""
        rows = self.rows()
        if not rows:
            raise self.error("a header row and rows of counts", "an empty file")
        line, header = rows[0]
        names = self.check_header(line, header)
        if len(rows) == 1:
            raise self.error("at least one row of counts", "only the header")
        table = self.table
        areas: dict[str, tuple[str, int, dict[int, int]]] = {}
        seen: dict[tuple[str, int], int] = {}
        for line, cells in rows[1:]:
            if len(cells) != len(names):
                raise self.error(f"{len(names)} cells, as in the header", f"{len(cells)} cells", row=line)
            code, name, category_text, label, count = (cell.strip() for cell in cells)
            if not _LTLA_CODE.match(code):
                raise self.error(
                    "a lower-tier local authority code (E06, E07, E08, E09 or W06 and six digits)",
                    repr(cells[0]), row=line, column=names[0],
                )
            if not name:
                raise self.error("the local authority's name", "a blank cell", row=line, column=names[1])
            if not _CATEGORY_CODE.match(category_text):
                raise self.error("a whole-number category code", repr(cells[2]), row=line, column=names[2])
            category_code = int(category_text)
            if category_code == NOT_APPLICABLE_CODE:
                wanted = NOT_APPLICABLE_LABEL
            else:
                category = table.category(category_code)
                if category is None:
                    codes = [NOT_APPLICABLE_CODE, *(c.code for c in table.categories)]
                    known = ", ".join(str(c) for c in codes)
                    raise self.error(f"one of {table.id}'s category codes ({known})",
                                     f"{category_code} ({label!r})", row=line, column=names[2])
                wanted = category.label
            if _key(label) != _key(wanted):
                raise self.error(f"the label {table.id} gives category {category_code}: {wanted!r}",
                                 repr(label), row=line, column=names[3])
            number, _ = read_figure(count, self.error, line, names[4], whole=True, required=True)
            if (code, category_code) in seen:
                raise self.error(f"each category once for each area; {code} category {category_code} is "
                                 f"already on row {seen[code, category_code]}", repr(label), row=line,
                                 column=names[2])
            seen[code, category_code] = line
            area = areas.setdefault(code, (name, line, {}))
            if _key(area[0]) != _key(name):
                raise self.error(f"the name {area[0]!r} that {code} has on row {area[1]}", repr(name),
                                 row=line, column=names[1])
            area[2][category_code] = int(number)
        wanted_codes = [NOT_APPLICABLE_CODE, *(c.code for c in table.categories)]
        for code, (name, first, counts) in areas.items():
            missing = [c for c in wanted_codes if c not in counts]
            if missing:
                category = table.category(missing[0])
                label = category.label if category else NOT_APPLICABLE_LABEL
                raise self.error(
                    f"all {len(wanted_codes)} categories of {table.id} for each area",
                    f"no category {missing[0]} ({label!r}) for {code} {name}"
                    + (f" and {len(missing) - 1} more missing" if len(missing) > 1 else ""),
                    row=first, column=names[2],
                )
        return areas


def _measures_of(table: Table, counts: dict[int, int]) -> dict[str, int]:
    values: dict[str, int] = {measure: 0 for measure, _ in table.groups}
    for category in table.categories:
        values[category.measure] += counts[category.code]
    for measure, _title, parts in table.derived:
        values[measure] = sum(values[p] for p in parts)
    values[table.total] = sum(counts[c.code] for c in table.categories)
    values[table.not_applicable_measure] = counts[NOT_APPLICABLE_CODE]
    return values


def parse_table(path: Path, table: Table) -> pd.DataFrame:
    """Read one Census 2021 table CSV into the tidy long table, adding England and Wales totals."""
    path = Path(path)
    areas = _Reader(path, table).read()
    blocks: list[tuple[str, str, dict[str, int]]] = []
    totals: dict[str, dict[str, int]] = {}
    for code, (name, _first, counts) in areas.items():
        values = _measures_of(table, counts)
        blocks.append((code, name, values))
        bucket = totals.setdefault(code[0], {})
        for measure, value in values.items():
            bucket[measure] = bucket.get(measure, 0) + value
    for letter, (code, name) in COUNTRIES.items():
        if letter in totals:
            blocks.append((code, name, totals[letter]))
    records = []
    for code, name, values in blocks:
        for measure in measure_ids(table):
            records.append({
                "area_code": code,
                "area_name": name,
                "period_label": PERIOD_LABEL,
                "period_start": CENSUS_DAY,
                "period_end": CENSUS_DAY,
                "measure": measure,
                "value": float(values[measure]),
                "ci_lower": float("nan"),
                "ci_upper": float("nan"),
                "status": status.OK,
            })
    return tidy_frame(records)


def measure_ids(table: Table) -> list[str]:
    return ([table.total] + [m for m, _ in table.groups] + [m for m, _, _ in table.derived]
            + [table.not_applicable_measure])


def _parser(table: Table):
    def parse(path: Path) -> pd.DataFrame:
        return parse_table(path, table)

    parse.__doc__ = f"Read Census 2021 {table.id} ({table.title}) by lower-tier local authority."
    parse.__name__ = f"parse_{table.id.lower()}"
    return parse


def _quality(table: Table):
    """A 'Does not apply' count where the table covers every resident is a fault: report it."""

    def check(frame: pd.DataFrame) -> list[dict]:
        if table.not_applicable:
            return []
        rows = frame[(frame["measure"] == table.not_applicable_measure) & (frame["value"] > 0)
                     & frame["area_code"].str.match(_LTLA_CODE.pattern)]
        return [{"area_code": row.area_code,
                 "issue": f"{table.id} ({table.title}) covers every resident, yet puts {int(row.value):,} "
                          f"under 'Does not apply'; kept out of the table's total, as published",
                 "rows": 1} for row in rows.itertuples()]

    return check


PARSERS = {table.id: _parser(table) for table in TABLES}


def latest_release(web) -> Release | None:
    """Ask the ONS API for each table's latest version; report any newer than the one we download.

    Our download URLs name a version, so a conditional request on them can never see a reissue.
    When ONS lists a newer version of any table, the answer names them ("TS019 version 3") so that
    the watcher reports something new; the URL and the layout then need checking by hand. When every
    table is at the version we download, None: the conditional requests decide.
    """
    newer = []
    for table in TABLES:
        url = f"{ONS_API}/{table.id}/editions/2021"
        answer = web.json(url)
        try:
            latest = int(answer["links"]["latest_version"]["id"])
        except (KeyError, TypeError, ValueError):
            raise ProfilesError(f"the ONS API answer from {url} does not name a latest version") from None
        if latest > table.version:
            newer.append(f"{table.id} version {latest}")
    if not newer:
        return None
    return Release(name=", ".join(newer), date="")


# --------------------------------------------------------------------------------------------
# The declaration.

# The files state no publication date. ONS released the topic summaries by theme: international
# migration (TS004, TS005, TS012, TS015, TS019) on 2 November 2022 and language (TS029) on 29
# November 2022, so a release is dated by the last of its tables to come out.
CENSUS_DATES_CONFIRMED = ("ONS release calendar and the bulletins 'International migration, England and "
                          "Wales: Census 2021' (2 November 2022) and 'Language, England and Wales: "
                          "Census 2021' (29 November 2022)")
CENSUS_RELEASES = (
    KnownRelease("census-2021", "2022-11-02", files=tuple(f"*{t}[!0-9]*" for t in
                                                          ("TS004", "TS005", "TS012", "TS015", "TS019")),
                 confirmed=CENSUS_DATES_CONFIRMED),
    KnownRelease("census-2021", "2022-11-29", files=("*TS029[!0-9]*",), confirmed=CENSUS_DATES_CONFIRMED),
)

_TOTAL_TITLES = {
    "census_cob": "All usual residents (country of birth table)",
    "census_passport": "All usual residents (passports held table)",
    "census_arrival": "All usual residents (year of arrival table)",
    "census_english": "Usual residents aged 3 and over (proficiency in English table)",
    "census_migrant": "Usual residents aged 1 and over (migrant indicator table)",
    "census_cobeu": "All usual residents (12-category country of birth table)",
}
_NOT_APPLICABLE_TITLES = {
    "census_cob": "'Does not apply' in the country of birth table (nobody expected)",
    "census_passport": "'Does not apply' in the passports held table (nobody expected)",
    "census_arrival": "'Does not apply' in the year of arrival table (nobody expected)",
    "census_english": "Children under 3, not asked about English ('Does not apply')",
    "census_migrant": "Babies under 1, with no address a year before ('Does not apply')",
    "census_cobeu": "'Does not apply' in the 12-category country of birth table (nobody expected)",
}
_FLOW = {"census_migrant_within_uk", "census_migrant_outside_uk", "census_migrant_student"}
_COUNTS = {
    "census_cob_non_uk": "usual residents on Census Day 2021 who were born outside the UK, however long ago "
                         "they came and whatever their nationality",
    "census_passport_non_uk": "usual residents on Census Day 2021 who held a passport but no UK passport",
    "census_migrant_outside_uk": "usual residents on Census Day 2021 whose address a year earlier was "
                                 "outside the UK, whether or not they were born abroad",
}


def _declared_measures() -> tuple[Measure, ...]:
    measures = []
    for table in TABLES:
        measures.append(Measure(table.total, _TOTAL_TITLES[table.prefix], "people", "stock"))
        for measure, title in table.groups:
            kind = "flow" if measure in _FLOW else "stock"
            measures.append(Measure(measure, title, "people", kind, counts=_COUNTS.get(measure, "")))
        for measure, title, _parts in table.derived:
            measures.append(Measure(measure, title, "people", "stock", counts=_COUNTS.get(measure, "")))
        measures.append(Measure(table.not_applicable_measure, _NOT_APPLICABLE_TITLES[table.prefix], "people",
                                "stock"))
    return tuple(measures)


MEASURES = _declared_measures()

CAVEATS = (
    Caveat(
        "census2021_lockdown",
        "Census Day was 21 March 2021, in the middle of a national lockdown. Students were asked to give "
        "their term-time address even if they were staying elsewhere, but in university towns some may "
        "still have been counted at their family home instead. Many people from abroad had left the UK "
        "during 2020 or had put off coming, so the numbers born abroad, recently arrived or moving in "
        "from outside the UK in the year before may be lower than in an ordinary year.",
    ),
    Caveat(
        "census2021_perturbation",
        "To protect confidentiality ONS adjusts counts slightly (cell-key perturbation): many cells, "
        "small ones above all, are moved up or down by a few people. Nothing is suppressed, but a very "
        "small count is not exact, the categories of one table need not add up to another table's "
        "total, and the same area's total differs by a few people from table to table. Each share here "
        "is worked out against its own table's total.",
    ),
    Caveat(
        "census2021_passports_proxy",
        "Passports held stands in for nationality, imperfectly. Someone with several passports is "
        "counted once, under a UK passport if they hold one, otherwise under an Irish one, otherwise "
        "under another; so a dual British and Polish citizen counts as UK. Expired passports count. "
        "People with no passport, about 13% of residents of England and Wales, are mostly UK-born, but "
        "their nationality is not recorded.",
    ),
    Caveat(
        "census2021_year_of_arrival",
        "Year of arrival is the year a person born abroad most recently came to live in the UK. Someone "
        "who first came in 1995, left, and returned in 2018 is counted as arriving in 2018, so the "
        "table can understate how long people have lived here. Short trips abroad do not count.",
    ),
    Caveat(
        "census2021_england_wales",
        "These tables cover England and Wales only. Scotland held its census a year later, in March "
        "2022, and Northern Ireland's 2021 census is published separately by NISRA with its own "
        "tables, so Scottish and Northern Irish councils have no figures here.",
    ),
    Caveat(
        "census2021_snapshot",
        "The census is a snapshot of one day in March 2021 and is not updated. It gives a thorough "
        "baseline of the settled population but says nothing about arrivals since, such as the people "
        "who came from Hong Kong, Ukraine or Afghanistan from 2021 onwards. The next census in England "
        "and Wales is expected in 2031 at the earliest.",
    ),
    Caveat(
        "census2021_groups_and_sums",
        "The country-of-birth groups are ONS's own where its 12-category table (TS004) has been "
        "downloaded: it separates the EU8 countries that joined in 2004 from Romania and Bulgaria (EU2). "
        "Without it they are our grouping of ONS's 60 detailed categories (TS012), which cannot separate "
        "the EU8 from the EU2, so every country that joined the EU from 2004 onwards is one group. "
        "Figures for England, Wales and the English regions are our sums of their local authorities, "
        "not totals ONS published, and may differ from them by the small adjustments described above.",
    ),
    Caveat(
        "census2021_english_self_assessed",
        "Proficiency in English is how well the person, or whoever filled in the form for them, judged "
        "they speak English; it was asked only of people aged 3 and over whose main language is not "
        "English (or, in Wales, English or Welsh). Children under 3 are left out of the table's total.",
    ),
    Caveat(
        "census2021_migrant_indicator",
        "The migrant indicator compares each resident's address on Census Day with their address a year "
        "before. A move within the same local authority counts as a move from within the UK, babies "
        "under 1 are left out, and students whose address a year before was a term-time or boarding "
        "school address are counted in a group of their own. It counts moves that ended in the area; "
        "people who arrived and left again within the year do not appear.",
    ),
)

TERMS = (
    Term(
        "Country of birth",
        "The country a person was born in, as they stated it in the census. It is not nationality or "
        "ethnicity: it includes British citizens born abroad and people who came to the UK as children "
        "many decades ago.",
    ),
    Term(
        "Passports held",
        "The passports a person had on Census Day, including expired ones they could renew. Someone with "
        "several is counted once: under UK if they hold a UK passport, otherwise Irish, otherwise the "
        "other one. Used as a stand-in for nationality.",
    ),
    Term(
        "Year of arrival",
        "For someone born outside the UK, the year they last came to live in the UK. Earlier stays and "
        "short visits away do not change it.",
    ),
    Term(
        "Proficiency in English",
        "How well a person whose main language is not English (English or Welsh in Wales) can speak "
        "English: very well, well, not well or not at all, as reported on the census form. Asked of "
        "everyone aged 3 and over.",
    ),
    Term(
        "Migrant indicator",
        "A census classification of residents aged 1 and over by where they lived a year earlier: at the "
        "same address, at a student or boarding-school address in the UK, elsewhere in the UK, or "
        "outside the UK.",
    ),
    Term(
        "EU8 and EU2",
        "EU8: the eight central and eastern European countries that joined the EU in May 2004 (Czech "
        "Republic, Estonia, Hungary, Latvia, Lithuania, Poland, Slovakia, Slovenia). EU2: Bulgaria and "
        "Romania, which joined in January 2007. EU14: the members before 2004 other than the UK, Ireland "
        "included. Cyprus and Malta (2004) and Croatia (2013) are in none of these groups.",
    ),
    Term(
        "Cell-key perturbation",
        "The method ONS used to protect confidentiality in the 2021 census tables: a small, repeatable "
        "random adjustment is made to many counts, so that nobody can be identified from a small number "
        "while larger figures stay essentially unchanged. Tables therefore may not add up exactly.",
    ),
)

LANDING_PAGE = (
    "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/internationalmigration/"
    "bulletins/internationalmigrationenglandandwales/census2021"
)

SOURCE = Source(
    id=SOURCE_ID,
    title="Census 2021: country of birth, passports, year of arrival, English and migrant indicator",
    publisher="Office for National Statistics (ONS)",
    landing_page=LANDING_PAGE,
    # One CSV per table from the ONS dissemination API, at the version whose layout this module was
    # checked against. `latest_release` below asks the API whether ONS has issued a newer version.
    downloads=tuple(Download(url=table.url, file_name=table.file_name) for table in TABLES),
    licence=OGL,
    licence_url=OGL_URL,
    cadence=(
        "once a decade: these are one-off results of the census of 21 March 2021, reissued now and then "
        "as corrected versions. The next census in England and Wales is expected in 2031 or later; no "
        "date for its results has been announced, so the next release date given here is our own "
        "estimate (about 20 months after a March 2031 census day, as in 2021)"
    ),
    # Our estimate, not an announced date: results of a March 2031 census on the 2021 timetable.
    next_release="2032-11-30",
    geography_levels=("country", "local_authority"),
    measures=MEASURES,
    measures_summary=(
        "How many residents of each local authority in England and Wales on Census Day 2021 were born "
        "in the UK or in each part of the world, which passports they held, when those born abroad "
        "arrived, how well those whose main language is not English speak it, and whether they had "
        "moved from elsewhere in the UK or from abroad in the year before."
    ),
    kind="stock and flow",
    coverage=(
        "All usual residents of England and Wales on 21 March 2021, including students at their "
        "term-time address and people living in communal establishments such as care homes and halls "
        "of residence, by the 331 lower-tier local authorities of 2021. Proficiency in English covers "
        "residents aged 3 and over; the migrant indicator, residents aged 1 and over."
    ),
    not_covered=(
        "Scotland (census held in 2022) and Northern Ireland (published separately by NISRA); visitors "
        "and people staying less than a year who were not usual residents; anyone who arrived after 21 "
        "March 2021. Nationality is known only through passports held, and the tables here give no "
        "breakdown by age, sex or ethnic group."
    ),
    lag=(
        "about 20 months: the census of 21 March 2021 was published in these tables in November 2022, "
        "and the figures are not updated until the next census"
    ),
    rounding=(
        "published as unrounded whole numbers, but every count has been through cell-key perturbation, "
        "so small counts may be a few people out and tables need not add up exactly"
    ),
    caveats=CAVEATS,
    files=tuple(
        FileSpec(
            # The table's id not followed by another digit: TS012_2021.csv, gsscogs_TS012_2021_ltla.csv.
            patterns=(f"*{table.id}[!0-9]*.csv", f"*{table.id}.csv", f"*{table.id}[!0-9]*.csv.gz"),
            parse=PARSERS[table.id],
            expect="csv",
            quality=_quality(table),
            exclude=("*msoa*",),  # the same tables for small areas: source census2021_msoa
        )
        for table in TABLES
    ),
    terms=TERMS,
    known_releases=CENSUS_RELEASES,
    # The councils of 2021: a council created since gets the sum of its predecessors (predecessors.py).
    extra={"latest_release": latest_release, BOUNDARY_YEAR: 2021},
)
