"""The kinds of partner dataset a council can ask for (the toolkit's Appendix 2), and their fields.

Every kind shares one layout, so that partners' returns line up: one row per count, for a period
and an area, broken down by any of the categories below (a blank category means "all", so a row
with every category blank is the area's total). A kind names the categories its partner usually
records and what the request should ask for; a partner may fill in fewer.
"""

from __future__ import annotations

from dataclasses import dataclass

from migration_profiles.util.errors import ProfilesError

# The columns of every template, in order. "count" is the only number.
PERIOD = "period"
LEVEL = "geography_level"
AREA = "area_code"
AREA_NAME = "area_name"
COUNT = "count"
CATEGORIES = (
    "country_of_birth",
    "nationality",
    "main_language",
    "migrant_type",
    "age_band",
    "sex",
    "service_category",
)
COLUMNS = (PERIOD, LEVEL, AREA, AREA_NAME, *CATEGORIES, COUNT)

LEVELS = ("local_authority", "ward", "msoa")
SEXES = ("Female", "Male", "Not known")
AGE_BANDS = ("0-4", "5-10", "11-15", "16-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+", "Not known")
MIGRANT_TYPES = (
    "Asylum seeker",
    "Refugee",
    "Resettled refugee",
    "Economic migrant",
    "International student",
    "Family migrant",
    "EU Settlement Scheme",
    "No recourse to public funds",
    "Other",
    "Not known",
)
# Values any coded category may take besides a code from its list, so that categories add up.
RESIDUAL = ("Other", "Not known")


@dataclass(frozen=True)
class Kind:
    id: str
    title: str
    provider: str  # who usually holds it
    categories: tuple[str, ...]  # the breakdowns worth asking for
    ask: str  # what to request, in a sentence
    caveat: str  # what a reader should know about figures of this kind


KINDS = (
    Kind(
        "electoral_register",
        "Non-UK national electors on the electoral register",
        "Democratic services",
        ("nationality",),
        "Electors by nationality and ward, as at the annual canvass.",
        "Only Irish, EU and qualifying Commonwealth citizens can register, so most non-UK residents are "
        "not in it.",
    ),
    Kind(
        "school_census_eal",
        "Pupils with English as an additional language",
        "Council school census team",
        ("main_language", "age_band", "sex"),
        "Pupils whose first language is not English, by first language and ward of residence, from the "
        "January school census.",
        "First language is what parents report; it says nothing about how well a pupil speaks English.",
    ),
    Kind(
        "new_arrivals_education",
        "International new arrivals in schools",
        "Education support services",
        ("nationality", "main_language", "age_band"),
        "Pupils who joined from abroad during the school year, by nationality, language and term.",
        "Counts pupils the service knew of; arrivals placed without its involvement are missing.",
    ),
    Kind(
        "esol",
        "ESOL learners",
        "FE colleges and community learning providers",
        ("country_of_birth", "nationality", "age_band", "sex", "service_category"),
        "Learners of English for speakers of other languages by level, age, sex and country of birth.",
        "Counts enrolments, not people: a learner on two courses is counted twice unless the provider "
        "removes duplicates.",
    ),
    Kind(
        "university_students",
        "International students at the local university",
        "Higher education institution",
        ("nationality", "age_band", "sex", "service_category"),
        "Non-UK enrolments by nationality, level and mode of study.",
        "Students are counted where they study, which may not be where they live.",
    ),
    Kind(
        "childrens_social_care",
        "Children's social care",
        "Council children's services",
        ("nationality", "country_of_birth", "migrant_type", "main_language", "age_band", "sex"),
        "Children in need and looked after, by nationality, immigration status and language.",
        "Immigration status is often recorded only when it matters to a case.",
    ),
    Kind(
        "adult_social_care",
        "Adult social care",
        "Council adult social care",
        ("nationality", "country_of_birth", "main_language", "age_band", "sex", "service_category"),
        "People receiving services, by nationality, country of birth and main language.",
        "These fields are seldom mandatory, so many records have them blank.",
    ),
    Kind(
        "housing_register",
        "Housing register applicants",
        "Social housing provider",
        ("nationality", "service_category"),
        "Active applicants by nationality and priority band, as a snapshot on one date.",
        "Nationality is optional on most application forms.",
    ),
    Kind(
        "health_services",
        "Hospital and mental health service users",
        "Acute and mental health trusts",
        ("nationality", "main_language", "age_band", "sex", "service_category"),
        "Patients by service (inpatient, outpatient, A&E, maternity; CAMHS, adult, older people), "
        "nationality and main language.",
        "A trust's catchment may be wider than the council; ask for the council's residents only.",
    ),
    Kind(
        "gp_registrations",
        "GP registrations",
        "GP practices and primary care networks",
        ("main_language", "country_of_birth", "age_band", "sex"),
        "Registered patients by main language, and new registrations from abroad (Flag 4), by practice area.",
        "People stay registered after they leave, so GP lists overstate who lives here.",
    ),
    Kind(
        "police",
        "Hate crime and other police records",
        "Local police force",
        ("nationality", "country_of_birth", "age_band", "sex", "service_category"),
        "Recorded offences by type and ward, with victims' nationality or country of birth.",
        "Nationality and place of birth are often not recorded for victims.",
    ),
    Kind(
        "asylum_liaison",
        "Asylum seekers arriving and leaving",
        "Local authority asylum liaison officer",
        ("nationality", "migrant_type", "age_band", "sex", "service_category"),
        "Arrivals and departures of supported asylum seekers by month and nationality, and decisions "
        "notified.",
        "Supplied for planning; the Home Office's support provider may restrict its use.",
    ),
    Kind(
        "voluntary_sector",
        "Voluntary organisations' service users",
        "Local voluntary and community sector",
        ("country_of_birth", "nationality", "main_language", "migrant_type", "sex", "service_category"),
        "People supported by country of birth, language and immigration status, including destitution "
        "and no recourse to public funds.",
        "Counts the organisations' own users; people who do not seek help are not in it.",
    ),
)


# The public measure (indicator id) that counts the same kind of people as each kind of return, so that
# a page can set the local figure beside the public one for the same period (render/local_links.py).
PUBLIC_MEASURES = {
    "electoral_register": ("non_british",),
    "school_census_eal": ("eal_pupils_all",),
    "new_arrivals_education": ("eal_pupils_all",),
    "university_students": ("hesa_students_non_uk",),
    "gp_registrations": ("gp_registrations",),
    "asylum_liaison": ("asylum_total", "resettlement_total"),
}


def kind(kind_id: str) -> Kind:
    for k in KINDS:
        if k.id == kind_id:
            return k
    known = ", ".join(k.id for k in KINDS)
    raise ProfilesError(f"no local dataset kind '{kind_id}'; the kinds are: {known}")
