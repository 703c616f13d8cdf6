"""Context: work, housing, children's services, crime and deprivation.

Figures that are not about migration itself but help read it: how many people born abroad are in
work, who gets new social homes, rough sleeping, unaccompanied children in care, crime, hate crime,
modern slavery referrals and deprivation. Some are published only for areas larger than a council
(counties for children's services, police force areas for crime): a council's page shows the larger
area's figure and names it (Indicator.larger_area).
"""

from __future__ import annotations

import pandas as pd

from migration_profiles.stages.indicators import rates
from migration_profiles.stages.indicators.registry import (
    INDICATOR_COLUMNS,
    ChartDef,
    Indicator,
    Theme,
    measure_rows,
    select_measure,
)

THEME = "context"
PFA = "police_force_area"

THEMES = (
    Theme(
        THEME,
        "Context: work, housing, children's services, crime and deprivation",
        "Figures that are not about migration itself but help to read it: work, new social housing, rough "
        "sleeping, children in care, crime and deprivation. Some are published only for a county or a police "
        "force area; the page then shows that area's figure and says which area it is.",
    ),
)

_KEYS = ["area_code", "period_label"]


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=[c for c in INDICATOR_COLUMNS if c != "indicator_id"])


def scaled(source_id: str, measure: str, factor: float):
    """A published measure times a constant (a proportion shown as a percentage)."""

    def compute(obs: pd.DataFrame) -> pd.DataFrame:
        rows = measure_rows(obs, source_id, measure).copy()
        if rows.empty:
            return _empty()
        for column in ("value", "ci_lower", "ci_upper"):
            rows[column] = rows[column] * factor
        return rows.reindex(columns=[c for c in INDICATOR_COLUMNS if c != "indicator_id"])

    return compute


def share_of_known(source_id: str, parts: tuple[str, ...], total: str, unknown: str):
    """sum(parts) / (total - unknown) * 100 for the same area and period.

    A part, the total or the unknown count that is missing (suppressed, not available) makes the
    share missing with that reason: a share is never worked out from an incomplete sum.
    """
    needed = [*parts, total, unknown]

    def compute(obs: pd.DataFrame) -> pd.DataFrame:
        mine = measure_rows(obs, source_id, *needed)
        if mine.empty or total not in set(mine["measure"]):
            return _empty()
        out = mine[mine["measure"] == total].set_index(_KEYS)
        value = mine.pivot_table(
            index=_KEYS, columns="measure", values="value", aggfunc="first", dropna=False
        ).reindex(index=out.index, columns=needed)
        status = (
            mine.pivot_table(index=_KEYS, columns="measure", values="status", aggfunc="first", dropna=False)
            .reindex(index=out.index, columns=needed)
            .fillna("not_available")
        )
        known = value[total] - value[unknown]
        out["value"] = 100 * value[list(parts)].sum(axis=1, min_count=len(parts)) / known.where(known > 0)
        out[["ci_lower", "ci_upper"]] = float("nan")
        reason = status.where(~status.isin(["ok", "provisional"])).bfill(axis=1).iloc[:, 0]
        out["status"] = "ok"
        out.loc[status.eq("provisional").any(axis=1), "status"] = "provisional"
        out.loc[reason.notna(), "status"] = reason[reason.notna()]
        out.loc[reason.notna(), "value"] = float("nan")
        out.loc[out["value"].isna() & out["status"].isin(["ok", "provisional"]), "status"] = "not_available"
        return out.reset_index().reindex(columns=[c for c in INDICATOR_COLUMNS if c != "indicator_id"])

    return compute


def _count(ind_id, title, unit, source, measure, caveats, method, **kw) -> Indicator:
    return Indicator(
        ind_id, title, unit, THEME, source, (measure,), caveats, method, select_measure(source, measure), **kw
    )


_APS = (
    "aps_economic_survey",
    "aps_economic_suppressed",
    "aps_economic_not_students",
    "aps_economic_households",
)
_CORE = ("core_lead_tenant", "core_eligibility", "core_new_lettings_only", "core_completeness")
_ROUGH = ("rough_sleeping_one_night", "rough_sleeping_methods_differ", "rough_sleeping_small_numbers")
_CLA = ("cla_uasc_council_responsible", "cla_uasc_upper_tier", "cla_uasc_one_day", "cla_uasc_small_numbers")
_CRIME = (
    "police_crime_force_area",
    "police_crime_recording",
    "police_crime_no_migration",
    "police_crime_fraud",
)
_HATE = (
    "hate_crime_force_area",
    "hate_crime_recording",
    "hate_crime_strands_overlap",
    "hate_crime_missing_forces",
)
_NRM = ("nrm_referrals_not_victims", "nrm_force_area", "nrm_changes", "nrm_includes_uk_nationals")
_IMD = ("imd_relative", "imd_areas_not_people", "imd_not_migration", "imd_data_years")
_DOMAINS = (
    ("imd", "Overall deprivation (IMD)"),
    ("income", "Income deprivation"),
    ("employment", "Employment deprivation"),
)

INDICATORS = (
    # Work (APS on Nomis)
    Indicator(
        "employment_rate_non_uk_born",
        "Employment rate of residents aged 16 to 64 born outside the UK",
        "% aged 16 to 64",
        THEME,
        "aps_economic",
        ("employment_rate_non_uk_born_16_64",),
        _APS,
        "Annual Population Survey estimate over 12 months, as Nomis publishes it, with its 95% confidence "
        "interval.",
        select_measure("aps_economic", "employment_rate_non_uk_born_16_64"),
        decimals=1,
        percent=True,
        comparable=True,
    ),
    Indicator(
        "employment_rate_16_64",
        "Employment rate of all residents aged 16 to 64",
        "% aged 16 to 64",
        THEME,
        "aps_economic",
        ("employment_rate_16_64",),
        _APS,
        "Annual Population Survey estimate over 12 months, as Nomis publishes it, with its 95% confidence "
        "interval.",
        select_measure("aps_economic", "employment_rate_16_64"),
        decimals=1,
        percent=True,
        comparable=True,
    ),
    # Housing (CORE)
    Indicator(
        "social_lettings_non_uk_share",
        "Share of new social lettings to non-UK nationals",
        "% of new lettings",
        THEME,
        "core_lettings",
        (
            "social_lettings_eea_non_uk",
            "social_lettings_non_eea",
            "social_lettings_total",
            "social_lettings_nationality_not_known",
        ),
        _CORE,
        "New lettings whose lead tenant is an EEA (other than UK) or other non-UK national, as a percentage "
        "of new lettings whose lead tenant's nationality is known.",
        share_of_known(
            "core_lettings",
            ("social_lettings_eea_non_uk", "social_lettings_non_eea"),
            "social_lettings_total",
            "social_lettings_nationality_not_known",
        ),
        decimals=1,
        percent=True,
        comparable=True,
    ),
    # Rough sleeping
    _count(
        "rough_sleeping_total",
        "People sleeping rough on a single autumn night",
        "people",
        "rough_sleeping",
        "rough_sleeping_total",
        _ROUGH,
        "The autumn snapshot count or estimate, as published.",
    ),
    *(
        _count(
            f"rough_sleeping_{group}",
            title,
            "people",
            "rough_sleeping",
            f"rough_sleeping_{group}",
            (*_ROUGH, "rough_sleeping_nationality"),
            "People in the autumn snapshot by recorded nationality, as published.",
        )
        for group, title in (
            ("uk", "UK nationals"),
            ("eu_non_uk", "EU nationals other than UK"),
            ("non_eu", "Nationals of countries outside the EU"),
            ("nationality_not_known", "Nationality not known"),
        )
    ),
    # Children's services (DfE): counties and unitary councils
    _count(
        "uasc_looked_after",
        "Unaccompanied asylum-seeking children looked after on 31 March",
        "children",
        "cla_uasc",
        "uasc_looked_after",
        _CLA,
        "Children looked after by the council on 31 March who were "
        "unaccompanied asylum-seeking children, as published.",
        larger_area="county",
    ),
    _count(
        "uasc_looked_after_share",
        "Unaccompanied asylum-seeking children as a share of looked-after children",
        "% of looked-after children",
        "cla_uasc",
        "uasc_looked_after_pct",
        _CLA,
        "DfE's percentage of all children looked after on 31 March who were unaccompanied asylum-seeking "
        "children.",
        percent=True,
        comparable=True,
        larger_area="county",
    ),
    # Crime (Home Office): police force areas
    _count(
        "recorded_crime",
        "Police recorded crime",
        "offences",
        "police_crime",
        "recorded_crime",
        _CRIME,
        "Offences recorded by the police force in the financial year (four quarters added up), excluding "
        "fraud and computer misuse recorded nationally.",
        larger_area=PFA,
    ),
    _count(
        "hate_crime_race",
        "Race hate crimes recorded by the police",
        "offences",
        "hate_crime",
        "hate_crime_race",
        _HATE,
        "Offences recorded in the financial year in which race was a motivating factor, as published.",
        larger_area=PFA,
    ),
    _count(
        "hate_crime_offences",
        "Hate crimes recorded by the police (all strands)",
        "offences",
        "hate_crime",
        "hate_crime_offences",
        _HATE,
        "Offences recorded in the financial year with any monitored hate crime "
        "motivation, each counted once, as published.",
        larger_area=PFA,
    ),
    _count(
        "nrm_referrals",
        "Potential victims of modern slavery referred to the NRM by the police force",
        "referrals",
        "nrm",
        "nrm_referrals",
        _NRM,
        "Referrals to the National Referral Mechanism that the police force made as first responder in "
        "the quarter, as published.",
        larger_area=PFA,
    ),
    # Deprivation (MHCLG)
    *(
        Indicator(
            f"{stem}_share_most_deprived",
            f"{title}: neighbourhoods among England's most deprived 10%",
            "% of neighbourhoods",
            THEME,
            "imd",
            (f"{stem}_share_most_deprived_10pc",),
            _IMD,
            "The published proportion of the district's neighbourhoods (LSOAs) in the most deprived tenth of "
            "England's, shown as a percentage.",
            scaled("imd", f"{stem}_share_most_deprived_10pc", 100),
            decimals=1,
            percent=True,
        )
        for stem, title in _DOMAINS
    ),
    *(
        _count(
            f"{stem}_rank",
            f"{title}: rank among English districts",
            "rank (1 = most deprived)",
            "imd",
            f"{stem}_rank_of_average_score",
            _IMD,
            "The published rank of the district's average score among "
            "all English districts, 1 being the most deprived.",
        )
        for stem, title in _DOMAINS
    ),
)
_COUNTS = {ind.id: ind for ind in INDICATORS}
# Counts per 1,000 residents. Those published for a county or a police force area divide by that
# area's population (see rates.py). Recorded crime is large enough for one decimal place; the rest
# are small counts, exact to the person, given to two.
INDICATORS += (
    *(rates.rate(_COUNTS[i], decimals=2) for i in (
        "rough_sleeping_total", "rough_sleeping_uk", "rough_sleeping_eu_non_uk", "rough_sleeping_non_eu",
        "rough_sleeping_nationality_not_known", "uasc_looked_after", "hate_crime_race", "hate_crime_offences",
        "nrm_referrals")),
    rates.rate(_COUNTS["recorded_crime"], decimals=1),
)
NO_RATE = {f"{stem}_rank": "A rank among districts, not a count of people or events: there is nothing to "
                           "divide by the population." for stem, _ in _DOMAINS}

CHARTS = (
    ChartDef(
        "context_employment",
        THEME,
        "Employment rate of residents aged 16 to 64: born outside the UK and all residents",
        ("employment_rate_non_uk_born", "employment_rate_16_64"),
        False,
        with_interval=True,
    ),
    ChartDef(
        "context_social_lettings",
        THEME,
        "Share of new social lettings to non-UK nationals",
        ("social_lettings_non_uk_share",),
        True,
    ),
    ChartDef(
        "context_rough_sleeping",
        THEME,
        "People sleeping rough on a single autumn night",
        ("rough_sleeping_total",),
        False,
    ),
    ChartDef(
        "context_rough_sleeping_nationality",
        THEME,
        "People sleeping rough by nationality",
        (
            "rough_sleeping_uk",
            "rough_sleeping_eu_non_uk",
            "rough_sleeping_non_eu",
            "rough_sleeping_nationality_not_known",
        ),
        False,
        kind="bar",
    ),
    ChartDef(
        "context_rough_sleeping_rate",
        THEME,
        "People sleeping rough on a single autumn night per 1,000 residents",
        ("rough_sleeping_total_rate",),
        True,
    ),
    ChartDef(
        "context_rough_sleeping_nationality_rate",
        THEME,
        "People sleeping rough by nationality per 1,000 residents",
        (
            "rough_sleeping_uk_rate",
            "rough_sleeping_eu_non_uk_rate",
            "rough_sleeping_non_eu_rate",
            "rough_sleeping_nationality_not_known_rate",
        ),
        False,
        kind="bar",
    ),
    ChartDef(
        "context_uasc",
        THEME,
        "Unaccompanied asylum-seeking children looked after on 31 March",
        ("uasc_looked_after",),
        False,
    ),
    ChartDef(
        "context_uasc_share",
        THEME,
        "Unaccompanied asylum-seeking children as a share of looked-after children",
        ("uasc_looked_after_share",),
        True,
    ),
    ChartDef(
        "context_uasc_rate",
        THEME,
        "Unaccompanied asylum-seeking children looked after on 31 March per 1,000 residents",
        ("uasc_looked_after_rate",),
        False,
    ),
    ChartDef("context_recorded_crime", THEME, "Police recorded crime", ("recorded_crime",), False),
    ChartDef("context_recorded_crime_rate", THEME, "Police recorded crime per 1,000 residents",
             ("recorded_crime_rate",), False),
    ChartDef(
        "context_hate_crime",
        THEME,
        "Hate crimes recorded by the police",
        ("hate_crime_race", "hate_crime_offences"),
        False,
    ),
    ChartDef(
        "context_hate_crime_rate",
        THEME,
        "Hate crimes recorded by the police per 1,000 residents",
        ("hate_crime_race_rate", "hate_crime_offences_rate"),
        False,
    ),
    ChartDef(
        "context_nrm",
        THEME,
        "Potential victims of modern slavery referred to the NRM by the police force",
        ("nrm_referrals",),
        False,
    ),
    ChartDef(
        "context_nrm_rate",
        THEME,
        "Potential victims of modern slavery referred to the NRM per 1,000 residents",
        ("nrm_referrals_rate",),
        False,
    ),
    ChartDef(
        "context_deprivation_share",
        THEME,
        "Neighbourhoods among England's most deprived 10%",
        tuple(f"{stem}_share_most_deprived" for stem, _ in _DOMAINS),
        False,
        kind="bar",
    ),
    ChartDef(
        "context_deprivation_rank",
        THEME,
        "Rank among English districts (1 = most deprived)",
        tuple(f"{stem}_rank" for stem, _ in _DOMAINS),
        False,
        kind="bar",
    ),
)
