"""Census 2021: the six migration topic summary tables as ONS publishes them (the API's long CSV
layout, see census2021.py): each table's variable, every category with its label, and the group
(measure) each category counts in.
"""

from __future__ import annotations

from dataclasses import dataclass

from migration_profiles.sources.base import KnownRelease

SOURCE_ID = "census2021"
PERIOD_LABEL = "Census 2021"
CENSUS_DAY = "2021-03-21"
NOT_APPLICABLE_CODE = -8
NOT_APPLICABLE_LABEL = "Does not apply"

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

AREA_CODE_HEADER = "Lower Tier Local Authorities Code"
AREA_NAME_HEADER = "Lower Tier Local Authorities"
VALUE_HEADER = "Observation"

DOWNLOAD_BASE = "https://download.ons.gov.uk/downloads/datasets"


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
