"""Indicators, theme and charts built on the Home Office's asylum support (Asy_D11) and resettlement
(Res_D01) tables by local authority.

Every count here is also given per 1,000 residents: a Home Office count divided by an ONS population,
two sources, paired by rates.per_1000.
"""

from __future__ import annotations

import pandas as pd

from migration_profiles.stages.indicators import rates
from migration_profiles.stages.indicators.registry import (
    INDICATOR_COLUMNS,
    ChartDef,
    Compute,
    Indicator,
    Theme,
    is_count,
    measure_rows,
    select_measure,
)
from migration_profiles.util import status as st

SUPPORT = "asylum_support"
RESETTLEMENT = "resettlement"
MAX_POPULATION_AGE_YEARS = rates.MAX_POPULATION_AGE_YEARS

_OUT = [c for c in INDICATOR_COLUMNS if c != "indicator_id"]


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=_OUT)


def sum_of(source_id: str, measures: tuple[str, ...]) -> Compute:
    """The sum of several measures of one source for the same area and period.

    Only periods where at least one of them is published get a row; the sum is missing (with the
    first missing part's reason) when any part present is missing, never an undercount.
    """

    def compute(obs: pd.DataFrame) -> pd.DataFrame:
        rows = measure_rows(obs, source_id, *measures)
        if rows.empty:
            return _empty()
        keys = ["area_code", "period_label", "period_start", "period_end"]
        rows = rows.assign(missing=~rows["status"].isin(st.HAS_VALUE),
                           provisional=rows["status"] == st.PROVISIONAL)
        grouped = rows.groupby(keys, sort=False, dropna=False)
        out = grouped.agg(value=("value", "sum"), missing=("missing", "any"),
                          provisional=("provisional", "any"), source_id=("source_id", "first"),
                          release=("release", "first"),
                          snapshot_sha256=("snapshot_sha256", "first")).reset_index()
        reasons = rows[rows["missing"]].groupby(keys, sort=False)["status"].first()
        out = out.join(reasons.rename("reason"), on=keys)
        out["status"] = st.OK
        out.loc[out["provisional"], "status"] = st.PROVISIONAL
        out.loc[out["missing"], "status"] = out.loc[out["missing"], "reason"]
        out.loc[out["missing"], "value"] = float("nan")
        out["ci_lower"] = float("nan")
        out["ci_upper"] = float("nan")
        return out.reindex(columns=_OUT)

    return compute


def per_1000_residents(source_id: str, measure: str) -> Compute:
    """A published count at a quarter end per 1,000 residents (see rates.per_1000 for the pairing)."""
    return rates.per_1000(select_measure(source_id, measure))


THEMES = (
    Theme(
        "asylum",
        "People seeking asylum and resettled refugees",
        "People the Home Office supports while their asylum claim is decided, counted on the last day of "
        "each quarter, and refugees who arrived under government resettlement schemes in each quarter. "
        "The Home Office lists only councils where it counted someone: an area without a resettlement "
        "chart had no resettlement arrivals recorded since 2014.",
    ),
)

_SNAPSHOT = ("snapshot-not-annual", "who-is-left-out")
_RECORDING = ("initial-and-hotel-accommodation", "local-breakdown-gaps", "zero-means-none-recorded",
              "faults-kept-as-published")
_ARRIVALS = ("arrivals-not-residents", "zero-means-none-recorded")


def _support(indicator_id: str, title: str, caveats: tuple[str, ...], method: str, **options) -> Indicator:
    """A published Asy_D11 measure of the same id, shown as it stands."""
    return Indicator(indicator_id, title, "people", "asylum", SUPPORT, (indicator_id,), caveats, method,
                     select_measure(SUPPORT, indicator_id), **options)


def _schemes(indicator_id: str, title: str, measures: tuple[str, ...], caveats: tuple[str, ...],
             method: str) -> Indicator:
    """Res_D01 schemes added together."""
    return Indicator(indicator_id, title, "people", "asylum", RESETTLEMENT, measures, caveats, method,
                     sum_of(RESETTLEMENT, measures))


INDICATORS = (
    _support("asylum_s95_dispersed", "Section 95: in dispersal accommodation",
             (*_SNAPSHOT, "zero-means-none-recorded", "casework-system-2018"),
             "People on Section 95 support housed in dispersal accommodation in the area on the last day "
             "of the quarter, as published."),
    _support("asylum_s95_hotel", "Section 95: in hotels",
             (*_SNAPSHOT, "initial-and-hotel-accommodation", "zero-means-none-recorded"),
             "People on Section 95 support in hotels used as contingency accommodation on the last day of "
             "the quarter; a category of the local figures from 31 December 2022."),
    _support("asylum_s95_other", "Section 95: in initial or other accommodation",
             (*_SNAPSHOT, "initial-and-hotel-accommodation", "zero-means-none-recorded"),
             "People on Section 95 support in initial accommodation, contingency sites other than hotels, or "
             "other accommodation, added together; categories of the local figures from 31 December 2022."),
    _support("asylum_s95_subsistence_only", "Section 95: subsistence only",
             (*_SNAPSHOT, "local-breakdown-gaps", "zero-means-none-recorded"),
             "People receiving the Section 95 allowance without Home Office housing on the last day of the "
             "quarter; not available by council from 31 December 2023 to 30 September 2024."),
    _support("asylum_s95_total", "Section 95 support: all",
             (*_SNAPSHOT, *_RECORDING, "casework-system-2018"),
             "All people on Section 95 support on the last day of the quarter: the accommodation types "
             "added together; not available where one of them is given for the UK only."),
    _support("asylum_s4", "Section 4 support",
             (*_SNAPSHOT, "local-breakdown-gaps", "zero-means-none-recorded"),
             "Refused asylum seekers on Section 4 support on the last day of the quarter, whatever their "
             "accommodation; given by council from 31 March 2018."),
    _support("asylum_s98", "Section 98 support", (*_SNAPSHOT, *_RECORDING),
             "People on Section 98 emergency support on the last day of the quarter, whatever their "
             "accommodation; given by council from 31 December 2022."),
    _support("asylum_accommodated", "People in asylum accommodation",
             (*_SNAPSHOT, *_RECORDING, "small-numbers"),
             "People housed by the Home Office in the area under Section 95, 4 or 98 on the last day of the "
             "quarter (everyone supported except those on subsistence only); complete by council from "
             "31 December 2022.", overview=True),
    _support("asylum_total", "People on asylum support: all types", (*_SNAPSHOT, *_RECORDING),
             "Everyone on Section 95, 4 or 98 support on the last day of the quarter, housed or on "
             "subsistence only; by council only where every part is given by council (31 December 2022 "
             "to 30 September 2023 in the edition to September 2024)."),
    Indicator("asylum_accommodated_rate", "People in asylum accommodation per 1,000 residents",
              "per 1,000 residents", "asylum", SUPPORT, ("asylum_accommodated",),
              (*_SNAPSHOT, *_RECORDING, "totals-are-our-sums"),
              "People in asylum accommodation at the quarter end (Home Office, Asy_D11) divided by the "
              "ONS mid-year population estimate (source 'mye') of the latest mid-year on or before the "
              f"quarter end, no more than {MAX_POPULATION_AGE_YEARS} years earlier, times 1,000. Where the "
              "newest estimate is some years old it is used as it stands. Regions and nations divide our "
              "sums of their councils.",
              per_1000_residents(SUPPORT, "asylum_accommodated"), decimals=2, overview=True, comparable=True,
              rate_of="asylum_accommodated"),
    Indicator("resettlement_total", "Resettled refugees arriving: all schemes given by council", "people",
              "asylum", RESETTLEMENT, ("resettlement_total",),
              (*_ARRIVALS, "schemes-without-council", "small-numbers"),
              "Refugees arriving in the quarter under the resettlement schemes the Home Office reports by "
              "council, first housed in the area.", select_measure(RESETTLEMENT, "resettlement_total")),
    _schemes("resettlement_syria_schemes", "Vulnerable Persons and Children's schemes (VPRS, VCRS)",
             ("resettlement_vprs", "resettlement_vcrs"), (*_ARRIVALS, "schemes-open-and-close"),
             "Arrivals in the quarter under the Vulnerable Persons and Vulnerable Children's Resettlement "
             "Schemes, added together (2014 to early 2021)."),
    _schemes("resettlement_global_schemes", "UK Resettlement Scheme, community sponsorship and Mandate",
             ("resettlement_ukrs", "resettlement_community_sponsorship", "resettlement_mandate"),
             (*_ARRIVALS, "schemes-open-and-close"),
             "Arrivals in the quarter under the UK Resettlement Scheme (including its community sponsorship "
             "strand) and the Mandate Scheme, added together."),
    _schemes("resettlement_afghan_schemes", "Afghan schemes (ACRS, ARAP)",
             ("resettlement_acrs", "resettlement_arap", "resettlement_afghan_not_recorded"),
             (*_ARRIVALS, "schemes-without-council"),
             "Arrivals in the quarter under the Afghan Citizens Resettlement Scheme and the Afghan "
             "Relocations and Assistance Policy, added together, where the Home Office gives them by "
             "council."),
)
# Every other count per 1,000 residents. Two decimal places: these are small counts, exact to the
# person, and at one place most councils would show 0.0.
INDICATORS += tuple(rates.rate(ind, decimals=2) for ind in INDICATORS
                    if is_count(ind) and ind.id != "asylum_accommodated")

CHARTS = (
    ChartDef("asylum_s95_accommodation", "asylum", "People on Section 95 support by type of accommodation",
             ("asylum_s95_dispersed", "asylum_s95_hotel", "asylum_s95_other", "asylum_s95_subsistence_only"),
             False),
    ChartDef("asylum_support_types", "asylum", "People on asylum support: Sections 95, 4 and 98",
             ("asylum_s95_total", "asylum_s4", "asylum_s98"), False),
    ChartDef("asylum_accommodated_rate", "asylum", "People in asylum accommodation per 1,000 residents",
             ("asylum_accommodated_rate",), True),
    ChartDef("resettlement_schemes", "asylum", "Resettled refugees arriving, by scheme",
             ("resettlement_total", "resettlement_syria_schemes", "resettlement_global_schemes",
              "resettlement_afghan_schemes"), False),
    ChartDef("resettlement_rate", "asylum", "Resettled refugees arriving per 1,000 residents",
             ("resettlement_total_rate",), True),
)
