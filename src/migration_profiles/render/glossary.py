"""Terms every profile uses that belong to no single source; sources declare their own terms."""

from migration_profiles.sources.base import Term

GENERAL_TERMS = (
    Term("Stock", "How many people with a characteristic live in an area at one moment, for example "
                  "residents born outside the UK in 2020."),
    Term("Flow", "How many people moved, or registered, over a period, for example arrivals from abroad "
                 "in the year to mid-2020. Flows add to or take from stocks."),
    Term("Net migration", "Arrivals minus departures over a period. It can fall because fewer people "
                          "arrived or because more people left, so it is read with its two parts."),
    Term("Rate per 1,000 residents", "A count divided by the area's population and multiplied by 1,000, "
                                     "so that areas of different sizes can be compared."),
    Term("Provisional", "A figure the publisher expects to revise when more complete data arrive."),
)
