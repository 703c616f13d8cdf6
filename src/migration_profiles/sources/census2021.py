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

How they are read (the tables are declared in census2021_tables.py, read by _census2021_csv.py;
this module declares the source):

- Each table is declared (TABLES): its variable's name, every category code with the label
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
  COB in census2021_tables.py for the mapping and why EU8 and EU2 cannot be told apart in that
  table. The 12-category country of birth table (TS004, COB_EU) does separate them; the pages use
  it where it has been downloaded and fall back to TS012's groups where it has not.
- The files hold local authorities only. We add England (E92000001) and Wales (W92000004) by
  summing their authorities; the pipeline adds the English regions the same way.
"""

from __future__ import annotations

from migration_profiles.sources._census2021_csv import (
    PARSERS,
    quality_check,
)
from migration_profiles.sources.base import (
    BOUNDARY_YEAR,
    OGL,
    OGL_URL,
    Caveat,
    Download,
    FileSpec,
    Measure,
    Release,
    Source,
    Term,
)
from migration_profiles.sources.census2021_tables import (
    CENSUS_RELEASES,
    SOURCE_ID,
    TABLES,
)
from migration_profiles.util.errors import ProfilesError

ONS_API = "https://api.beta.ons.gov.uk/v1/datasets"


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
            quality=quality_check(table),
            exclude=("*msoa*",),  # the same tables for small areas: source census2021_msoa
        )
        for table in TABLES
    ),
    terms=TERMS,
    known_releases=CENSUS_RELEASES,
    # The councils of 2021: a council created since gets the sum of its predecessors (predecessors.py).
    extra={"latest_release": latest_release, BOUNDARY_YEAR: 2021},
)
