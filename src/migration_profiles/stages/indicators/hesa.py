"""Indicators, theme and charts built on HESA student enrolments by provider (source 'hesa')."""

from __future__ import annotations

from migration_profiles.stages.indicators.registry import ChartDef, Indicator, Theme, ratio, select_measure

SOURCE = "hesa"
PLACE = ("hesa_main_site", "hesa_partial_list", "hesa_enrolments_not_residents")
COUNTS = (*PLACE, "hesa_rounding")
SUM_METHOD = ("Enrolments in the academic year at the higher education providers whose main site is in the "
              "area, added up from HESA's figures for each provider (each rounded to the nearest 5).")

THEMES = (
    Theme(
        "students",
        "International students at universities in the area",
        "Students enrolled at universities and colleges based in the area, by where they lived before "
        "their course: the UK, another EU country or elsewhere. They count enrolments, not residents.",
    ),
)

INDICATORS = (
    Indicator("hesa_students_total", "Students enrolled at universities and colleges in the area",
              "enrolments", "students", SOURCE, ("hesa_students_total",), COUNTS, SUM_METHOD,
              select_measure(SOURCE, "hesa_students_total"), round_to=5),
    Indicator("hesa_students_non_uk", "Students from outside the UK", "enrolments", "students", SOURCE,
              ("hesa_students_non_uk",), (*COUNTS, "hesa_domicile_not_nationality"),
              SUM_METHOD + " Students from other EU countries plus those from the rest of the world.",
              select_measure(SOURCE, "hesa_students_non_uk"), round_to=5),
    Indicator("hesa_students_uk", "Students from the UK", "enrolments", "students", SOURCE,
              ("hesa_students_uk",), (*COUNTS, "hesa_domicile_not_nationality"), SUM_METHOD,
              select_measure(SOURCE, "hesa_students_uk"), round_to=5),
    Indicator("hesa_students_eu", "Students from other EU countries", "enrolments", "students", SOURCE,
              ("hesa_students_eu",), (*COUNTS, "hesa_domicile_not_nationality"), SUM_METHOD,
              select_measure(SOURCE, "hesa_students_eu"), round_to=5),
    Indicator("hesa_students_non_eu", "Students from outside the EU", "enrolments", "students", SOURCE,
              ("hesa_students_non_eu",), (*COUNTS, "hesa_domicile_not_nationality"), SUM_METHOD,
              select_measure(SOURCE, "hesa_students_non_eu"), round_to=5),
    # Not set beside the region and country: HESA's figures are not added up into regions here, and a
    # region's figure would leave out every provider missing from our list.
    Indicator("hesa_non_uk_share", "Share of enrolments that are students from outside the UK",
              "% of enrolments", "students", SOURCE, ("hesa_students_non_uk", "hesa_students_total"),
              (*PLACE, "hesa_domicile_not_nationality", "hesa_rounding"),
              "Students from outside the UK divided by all enrolments at the same providers, as a "
              "percentage; both are sums of figures rounded to the nearest 5.",
              ratio(SOURCE, "hesa_students_non_uk", "hesa_students_total", 100), decimals=1, percent=True,
              rate_of="hesa_students_non_uk"),
)
# Enrolments are counted at the provider's main site, not where students live (caveat
# hesa_enrolments_not_residents): divided by the area's residents they would read as a share of
# residents that they are not.
_NOT_RESIDENTS = ("Enrolments are counted where the provider's main site is, not where students live, so "
                  "a rate per 1,000 residents would divide one population by another; the share of "
                  "enrolments from outside the UK is the comparable figure.")
NO_RATE = {i: _NOT_RESIDENTS for i in ("hesa_students_total", "hesa_students_uk", "hesa_students_eu",
                                       "hesa_students_non_eu")}

CHARTS = (
    ChartDef("hesa_enrolments", "students", "Students enrolled at universities and colleges in the area",
             ("hesa_students_total", "hesa_students_non_uk"), False),
    ChartDef("hesa_domicile", "students", "Students by where they lived before their course, latest year",
             ("hesa_students_uk", "hesa_students_eu", "hesa_students_non_eu"), False, kind="bar"),
)
