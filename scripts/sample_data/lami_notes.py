"""The LAMI workbook's words: footnotes under each table and the Notes sheet's descriptions."""

from __future__ import annotations

# Footnotes: our own short wording, in the real tables' shape (sources line, marker legend, a link
# back to the Notes, section headings, numbered notes with the text one column right).
NOTE = "These figures are invented for demonstration; the notes describe the real table."
# The legend and notes under both APS tables (Non-UK Born and Non-British).
APS_NOTES: list[list[object]] = [
    [". = no contact"],
    [": = not available"],
    ["c = not available due to disclosure control"],
    ["0~ = rounded to zero"],
    ["Link to Notes tab"],
    ["Notes on the impact of coronavirus (COVID-19) pandemic on non-UK born population estimates:"],
    [
        1,
        "Interviews moved to telephone in March 2020, changing who responded; "
        "2020 estimates were reweighted. " + NOTE,
    ],
    ["Notes relating to the Annual Population Survey: "],
    [2, "Estimates are rounded to the nearest thousand. Totals may not sum due to rounding."],
    [3, "CI +/- is the half-width of the 95% confidence interval, also rounded to the nearest thousand."],
    [4, "Northern Ireland: local area estimates are not available."],
    [5, "City of London: estimates are included with Westminster; Isles of Scilly with Cornwall."],
]
FOOTNOTES: dict[str, list[list[object]]] = {
    "Migration Flows": [
        ["Sources: ONS, NRS, NISRA"],
        [": = not available"],
        ["Link to Notes tab"],
        ["Notes on the impact of coronavirus (COVID-19) pandemic on migration flows:"],
        [
            1,
            "In the real table, flows to mid-2020 needed extra modelling "
            "as the passenger survey stopped in March 2020. " + NOTE,
        ],
        [
            2,
            "Internal moves in the year to mid-2020 may be under-recorded: "
            "records were not always updated in time.",
        ],
        ["Notes relating to migration flows data: "],
        ["England and Wales:"],
        [
            2,
            "International flows are the mid-year estimates' components of change, "
            "not the official long-term series.",
        ],
        [3, "Internal flows are derived from the inputs to the mid-year estimates."],
        [
            4,
            "The Isles of Scilly are a separate council but are often combined with Cornwall for statistics.",
        ],
        [5, "County-level internal migration is not available for mid-2011 to mid-2012."],
        [
            6,
            "Areas changed in April 2019 and April 2020; earlier data have been aggregated to the new areas.",
        ],
        ["Scotland:"],
        [7, "Internal migration here includes moves between Scotland and the rest of the UK."],
        ["Northern Ireland:"],
        [8, "Internal migration for Northern Ireland includes moves to and from the Isle of Man."],
        [9, "Historical Northern Ireland international flows before 2014 were revised."],
        [10, "11 Local Government Districts (LGD2014) replaced the 26 earlier districts."],
        [],
        ["Notes relating to Population estimates data:"],
        [11, "Estimates are shown unrounded; this does not mean they are accurate to the last person."],
    ],
    "Short-Term Migration Inflows": [
        ["Sources: International Passenger Survey (IPS), ONS and administrative data sources"],
        ["p = estimates for mid-2016 to mid-2017 are provisional."],
        [": = not available"],
        ["Link to Notes tab"],
        ["Notes relating to Short-term migration inflows:"],
        [
            1,
            "Short-term inflows come from a survey at ports, "
            "shared out to local areas with administrative data. " + NOTE,
        ],
        [
            2,
            "Local figures cover 3 to 12 month stays for work or study by non-British citizens only.",
        ],
        [3, "From 2011 the Isles of Scilly are included with Cornwall."],
        [
            4,
            "Areas changed in April 2019 and April 2020; earlier data have been aggregated to the new areas.",
        ],
        [5, "The administrative sources used to distribute the national total include:"],
        [" ", "- visa and sponsorship records"],
        [None, "- student and learner records"],
        ["Notes relating to Population estimates data:"],
        [6, "Estimates are shown unrounded; this does not mean they are accurate to the last person."],
    ],
    # The two APS sheets carry the same legend and notes; the first has a blank row under its source.
    "Non-UK Born Population": [["Source: Annual Population Survey (APS), ONS"], [], *APS_NOTES],
    "Non-British Population": [["Source: Annual Population Survey (APS), ONS"], *APS_NOTES],
    "NINo Registrations": [
        ["Sources: ONS, NISRA, Department for Work and Pensions (DWP)"],
        ["Link to Notes tab"],
        ["Notes on the impact of coronavirus (COVID-19) pandemic"],
        [1, "Registrations were largely paused from March 2020, so 2020 figures are low. " + NOTE],
        ["Notes relating to NINo data: ", None, " "],
        [2, "Figures are unrounded but have small random changes for disclosure control. As a result:"],
        ["2a", "figures may differ from those published before;"],
        ["2b", "sums of figures may differ from totals."],
        ["Notes relating to Population estimates data:"],
        [3, "Population estimates are for residents aged 16 to 64."],
    ],
    "GP Registrations": [
        ["Sources: ONS, NISRA, Patient Register data from NHS Digital"],
        [],
        [": = not available"],
        ["Link to Notes tab"],
        ["Notes on the impact of coronavirus (COVID-19) pandemic on GP registrations:"],
        [1, "Registrations in the year to mid-2020 may be incomplete because of lockdown. " + NOTE],
        ["Notes relating to GP registrations data:"],
        [2, "Registering with a GP is not compulsory, and may happen some time after arrival."],
        [],
        ["England and Wales:"],
        [
            3,
            "Counts are of new registrations by people previously living abroad. A registration counts when:",
        ],
        ["3a", "someone born abroad registers for the first time; or"],
        ["3b", "someone's previous address was outside the UK."],
        [],
        ["Scotland:"],
        [4, "Data for Scotland are not available."],
        ["Northern Ireland:"],
        [5, "Northern Ireland counts come from the health service's own registration codes."],
    ],
    "Births to Non-UK Born Mothers": [
        ["Sources: ONS, NRS, NISRA"],
        [],
        ["Totals may not sum due to rounding"],
        [": = not available"],
        ["c = not available due to disclosure control"],
        ["Link to Notes tab"],
        ["Notes relating to births to non-UK born mothers:"],
        [
            1,
            "A few registrations lack the mother's country of birth, so parts may not sum to the total. "
            + NOTE,
        ],
        [2, "Counts are by calendar year of registration and the mother's area of usual residence."],
        ["2a", "Country of birth is not a proxy for ethnicity or for recent migration."],
        [" ", "https://www.ons.gov.uk/peoplepopulationandcommunity/birthsdeathsandmarriages/livebirths"],
        [
            3,
            "To preserve confidentiality, counts for Isles of Scilly are combined with those for Cornwall.",
        ],
    ],
}

NOTES_DESCRIPTIONS = {
    "Migration Flows": (
        "Long-term international and internal migration in and out, with mid-year population.",
        "Available for all UK countries at country, region, county and local authority level.",
    ),
    "Short-Term Migration Inflows": (
        "Short-term international migration inflows, with mid-year population.",
        "Available for England and Wales.",
    ),
    "Non-UK Born Population": (
        "Residents born outside the UK, from the Annual Population Survey (APS).",
        "Local authority estimates for England, Wales and Scotland; Northern Ireland as a whole.",
    ),
    "Non-British Population": (
        "Residents who are not British citizens, from the APS.",
        "Local authority estimates for England, Wales and Scotland; Northern Ireland as a whole.",
    ),
    "NINo Registrations": (
        "National Insurance number registrations by adults from overseas, with population aged 16 to 64.",
        "Available for all UK countries.",
    ),
    "GP Registrations": (
        "New registrations with a GP by people previously living abroad.",
        "Available for England, Wales and Northern Ireland.",
    ),
    "Births to Non-UK Born Mothers": (
        "Live births, and births to mothers born outside the UK.",
        "Available for all UK countries.",
    ),
}
