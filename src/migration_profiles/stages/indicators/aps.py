"""Indicators, theme and charts built on the APS population by country of birth (source 'aps_cob')."""

from __future__ import annotations

import pandas as pd

from migration_profiles.stages.indicators.registry import (
    INDICATOR_COLUMNS,
    ChartDef,
    Indicator,
    Theme,
    remembered,
    select_measure,
    source_rows,
)

SOURCE = "aps_cob"
# The survey's own total: UK-born plus non-UK-born, added up by survey_total() below. The NRS tables
# publish no total column; the survey total, not the mid-year estimate, is the right denominator for
# a share of survey estimates (caveat aps_cob_not_mid_year).
TOTAL = "aps_survey_total"
# The counts behind the shares are rounded to the nearest 1,000, which moves the share of an area of
# 100,000 residents by a whole point: shares are shown as whole points, not to 0.1.
SHARE_DECIMALS = 0
PARTS = ("aps_uk_born", "aps_non_uk_born")
UNCERTAIN = ("aps_cob_uncertainty", "aps_cob_households_only")
PERCENT = "% of residents"


def survey_total(obs: pd.DataFrame) -> pd.DataFrame:
    """The observations plus a total (UK-born + non-UK-born) for every area and period with both parts.

    The total is not available when either part is missing for whatever reason (a part rounded to
    zero is fewer than 500 people, not zero, so the sum is unknown); it is provisional when either
    part is. It carries no interval: none is published for the sum.
    """
    mine = obs[(obs["source_id"] == SOURCE) & obs["measure"].isin(PARTS)]
    if mine.empty:
        return obs
    keys = ["area_code", "period_label"]
    uk = mine[mine["measure"] == PARTS[0]]
    non_uk = mine[mine["measure"] == PARTS[1]][[*keys, "value", "status"]]
    both = uk.merge(non_uk, on=keys, how="inner", suffixes=("", "_other"))
    if both.empty:
        return obs
    has_value = ["ok", "provisional"]
    ok = both["status"].isin(has_value) & both["status_other"].isin(has_value)
    provisional = (both["status"] == "provisional") | (both["status_other"] == "provisional")
    both["value"] = (both["value"] + both["value_other"]).where(ok)
    both["status"] = "not_available"
    both.loc[ok, "status"] = "ok"
    both.loc[ok & provisional, "status"] = "provisional"
    both["measure"] = TOTAL
    both[["ci_lower", "ci_upper"]] = float("nan")
    return pd.concat([obs, both.reindex(columns=obs.columns)], ignore_index=True)


def share_of_survey_total(numerator: str):
    """numerator / (UK-born + non-UK-born) * 100 for the same area and the same survey period.

    Like the registry's ratio(), but paired on the exact period: ratio() pairs on the year a period
    ends, which would match a July-to-June survey year with a calendar one ending in the same year.
    """

    def compute(obs: pd.DataFrame) -> pd.DataFrame:
        columns = [c for c in INDICATOR_COLUMNS if c != "indicator_id"]
        # The source's rows with their totals, made once for the four shares: the same rows as adding the
        # totals to the whole table and picking the source's rows out again, which cost most of a share.
        with_total = remembered(obs, ("survey totals", SOURCE),
                                lambda: survey_total(source_rows(obs, SOURCE)))
        mine = with_total[with_total["source_id"] == SOURCE]
        num = mine[mine["measure"] == numerator]
        den = mine[mine["measure"] == TOTAL][["area_code", "period_label", "value", "status"]]
        if num.empty or den.empty:
            return pd.DataFrame(columns=columns)
        merged = num.merge(den, on=["area_code", "period_label"], how="left", suffixes=("", "_den"))
        total = merged["value_den"].where(merged["value_den"] > 0)
        for column in ("value", "ci_lower", "ci_upper"):
            merged[column] = merged[column] * 100 / total  # multiply first: no 100.0000001 %
        den_missing = merged["value"].isna() & merged["status"].isin(["ok", "provisional"])
        merged.loc[den_missing, "status"] = merged.loc[den_missing, "status_den"].fillna("not_available")
        den_provisional = (merged["status_den"] == "provisional") & (merged["status"] == "ok")
        merged.loc[den_provisional, "status"] = "provisional"
        return merged.reindex(columns=columns)

    return compute


THEMES = (
    Theme(
        "aps_cob",
        "Residents by country of birth (Annual Population Survey)",
        "Survey estimates of how many residents were born in the UK, in another EU country and outside "
        "the EU. Each comes with a margin of error, shown as a range or a shaded band.",
    ),
)

_SHARE_METHOD = ("{what} divided by the survey's population (UK-born plus non-UK-born), as a percentage; the "
                 "interval is the published interval of the count divided the same way.")

INDICATORS = (
    Indicator("aps_cob_uk_born", "Residents born in the UK", "people", "aps_cob", SOURCE, ("aps_uk_born",),
              UNCERTAIN, "Annual Population Survey estimate, published to the nearest 1,000.",
              select_measure(SOURCE, "aps_uk_born"), round_to=1000),
    Indicator("aps_cob_non_uk_born", "Residents born outside the UK", "people", "aps_cob", SOURCE,
              ("aps_non_uk_born",), UNCERTAIN,
              "Annual Population Survey estimate, published to the nearest 1,000.",
              select_measure(SOURCE, "aps_non_uk_born"), round_to=1000),
    Indicator("aps_cob_eu_born", "Residents born in another EU country", "people", "aps_cob", SOURCE,
              ("aps_eu_born",), (*UNCERTAIN, "aps_cob_small_groups"),
              "Annual Population Survey estimate, published to the nearest 1,000.",
              select_measure(SOURCE, "aps_eu_born"), round_to=1000),
    Indicator("aps_cob_non_eu_born", "Residents born outside the EU", "people", "aps_cob", SOURCE,
              ("aps_non_eu_born",), (*UNCERTAIN, "aps_cob_small_groups"),
              "Annual Population Survey estimate, published to the nearest 1,000.",
              select_measure(SOURCE, "aps_non_eu_born"), round_to=1000),
    Indicator("aps_cob_uk_born_share", "Share of residents born in the UK", PERCENT, "aps_cob", SOURCE,
              ("aps_uk_born", *PARTS), (*UNCERTAIN, "aps_cob_not_mid_year"),
              _SHARE_METHOD.format(what="The UK-born estimate"),
              share_of_survey_total("aps_uk_born"), decimals=SHARE_DECIMALS, percent=True,
              comparable=True, rate_of="aps_cob_uk_born"),
    Indicator("aps_cob_non_uk_born_share", "Share of residents born outside the UK", PERCENT, "aps_cob",
              SOURCE, ("aps_non_uk_born", *PARTS), (*UNCERTAIN, "aps_cob_not_mid_year"),
              _SHARE_METHOD.format(what="The non-UK-born estimate"),
              share_of_survey_total("aps_non_uk_born"), decimals=SHARE_DECIMALS, percent=True,
              comparable=True, rate_of="aps_cob_non_uk_born"),
    Indicator("aps_cob_eu_born_share", "Share of residents born in another EU country", PERCENT, "aps_cob",
              SOURCE, ("aps_eu_born", *PARTS), (*UNCERTAIN, "aps_cob_not_mid_year", "aps_cob_small_groups"),
              _SHARE_METHOD.format(what="The EU-born estimate"),
              share_of_survey_total("aps_eu_born"), decimals=SHARE_DECIMALS, percent=True,
              comparable=True, rate_of="aps_cob_eu_born"),
    Indicator("aps_cob_non_eu_born_share", "Share of residents born outside the EU", PERCENT, "aps_cob",
              SOURCE, ("aps_non_eu_born", *PARTS),
              (*UNCERTAIN, "aps_cob_not_mid_year", "aps_cob_small_groups"),
              _SHARE_METHOD.format(what="The non-EU-born estimate"),
              share_of_survey_total("aps_non_eu_born"), decimals=SHARE_DECIMALS, percent=True,
              comparable=True, rate_of="aps_cob_non_eu_born"),
)

CHARTS = (
    # The latest year's split; the area's region and country are set beside it in the table below.
    ChartDef("aps_cob_split", "aps_cob", "Residents by country of birth, latest year",
             ("aps_cob_uk_born_share", "aps_cob_eu_born_share", "aps_cob_non_eu_born_share"), False,
             kind="bar"),
    # Over time, with the confidence interval as a band; with a single year it is a single point.
    ChartDef("aps_cob_non_uk_born_share", "aps_cob", "Share of residents born outside the UK",
             ("aps_cob_non_uk_born_share",), True, with_interval=True),
)
