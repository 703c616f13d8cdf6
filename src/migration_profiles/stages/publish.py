"""The one path every published figure takes: pages, charts, downloads and PDFs all read its output.

Rules that decide what may be shown live here and nowhere else: rounding to the precision the
source supports, which sources an audience may see, and small-number suppression for sources that
are not public, and for local partner data the audience's classification rule and disclosure control
(disclosure.py) before any local count reaches a page, download, PDF or search index.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from migration_profiles.sources.base import PUBLIC, Source
from migration_profiles.stages.disclosure import DisclosureRules, protect
from migration_profiles.stages.indicators import INDICATORS, Indicator
from migration_profiles.stages.linked_figures import neighbours_to_withhold
from migration_profiles.util import status as st

PUBLIC_AUDIENCE = "public"
INTERNAL_AUDIENCE = "internal"


@dataclass(frozen=True)
class PublicationRules:
    audience: str = PUBLIC_AUDIENCE
    # Counts from non-public sources below this are withheld (the toolkit's reporting threshold).
    small_number_threshold: int = 5


def round_half_up(values: pd.Series, step) -> pd.Series:
    """Rounded to the step, as published: 3.8, not 3.8000000000000003; 0, not -0.0."""
    rounded = np.floor(values / step + 0.5) * step
    return rounded.round(DECIMALS_KEPT) + 0.0


DECIMALS_KEPT = 6  # more than any source publishes; drops the binary noise of multiplying by a step


def _rounding_step(ind: Indicator) -> float:
    """The unit a figure of this indicator is rounded to: its source's precision."""
    return 10.0 ** -ind.decimals if ind.decimals else float(ind.round_to)


def visible_sources(sources: dict[str, Source], rules: PublicationRules) -> set[str]:
    """The sources whose figures the audience may see."""
    return {sid for sid, source in sources.items()
            if rules.audience == INTERNAL_AUDIENCE or source.classification == PUBLIC}


def publish(indicators: pd.DataFrame, sources: dict[str, Source], rules: PublicationRules) -> pd.DataFrame:
    """Return the figures that may be published, rounded, with withheld values marked as such."""
    figures = indicators[indicators["source_id"].isin(visible_sources(sources, rules))].copy()
    if figures.empty:
        return figures.reset_index(drop=True)
    by_id = {ind.id: ind for ind in INDICATORS}
    ids = figures["indicator_id"]
    steps = _per_indicator(ids, lambda ind: _rounding_step(by_id[ind]))
    for column in ("value", "ci_lower", "ci_upper"):
        figures[column] = round_half_up(figures[column].astype(float), steps.astype(float))
    # A published interval wider than its estimate gives a negative lower bound; no count or share
    # can be below zero, so the reader sees zero (the tidy table keeps the published arithmetic).
    figures["ci_lower"] = figures["ci_lower"].clip(lower=0)
    # Small numbers (the policy the methodology page states): a count below the threshold from a
    # source that is not public is withheld, with the neighbours (a total beside its parts, an inflow and
    # outflow beside their net) and the rates that would give it back. Public figures are
    # shown as the publisher shows them, and so are counts derived here from public figures (a net
    # flow, a total of schemes): they can be worked out from the published figures beside them, so
    # withholding them would hide a number without protecting anyone.
    not_public = figures["source_id"].map({sid: s.classification != PUBLIC for sid, s in sources.items()})
    is_count = _per_indicator(ids, lambda ind: not by_id[ind].decimals and not by_id[ind].percent)
    below = figures["value"].abs() < rules.small_number_threshold
    small = is_count.astype(bool) & not_public.fillna(True).astype(bool) & below
    small |= neighbours_to_withhold(figures, small, not_public.fillna(True).astype(bool))
    small |= _rates_of(figures, small, by_id)
    figures.loc[small, ["value", "ci_lower", "ci_upper"]] = float("nan")
    figures.loc[small, "status"] = st.SUPPRESSED
    figures.loc[_rates_over_small_populations(figures, by_id) & (figures["status"] == st.OK), "status"] = \
        st.SMALL_BASE
    # A figure without a publishable status never carries a number.
    no_value = ~figures["status"].isin(st.HAS_VALUE)
    figures.loc[no_value, ["value", "ci_lower", "ci_upper"]] = float("nan")
    return figures.reset_index(drop=True)


def publish_log(log: list[dict], sources: dict[str, Source], rules: PublicationRules) -> list[dict]:
    """The data-quality entries the audience may see: those about a source it may not see are left out
    (their words can carry that source's figures), wherever they would be printed (the log page, an
    area's notes, the search index)."""
    visible = visible_sources(sources, rules)
    return [entry for entry in log if not entry.get("source_id") or entry["source_id"] in visible]


SMALL_POPULATION = 10_000  # below this, a rate per 1,000 residents is flagged (City of London, Scilly)


def _rates_over_small_populations(figures: pd.DataFrame, by_id: dict[str, Indicator]) -> pd.Series:
    """Rates per 1,000 residents of areas whose latest population is below SMALL_POPULATION: a handful
    of registrations gives City of London a NINo rate of 191 per 1,000, so the figure is flagged."""
    population = figures[(figures["indicator_id"] == "population") & figures["value"].notna()]
    if population.empty:
        return pd.Series(False, index=figures.index)
    latest = population.sort_values("period_end").groupby("area_code")["value"].last()
    small = set(latest[latest < SMALL_POPULATION].index)
    per_1000 = _per_indicator(figures["indicator_id"], lambda ind: "per 1,000" in by_id[ind].unit)
    return per_1000.astype(bool) & figures["area_code"].isin(small)


def _per_indicator(ids: pd.Series, attribute) -> pd.Series:
    """attribute(indicator id) for every row, worked out once per indicator and spread over the rows by
    the ids' integer codes: Series.map looked up each row's Arrow-backed text on its own, a fifth of
    publishing a build's figures. A missing id gives NaN, as map does."""
    codes, uniques = pd.factorize(ids)
    values = np.array([attribute(ind) for ind in uniques] + [np.nan], dtype=object)
    return pd.Series(values[codes], index=ids.index)


def _rates_of(figures: pd.DataFrame, withheld: pd.Series, by_id: dict[str, Indicator]) -> pd.Series:
    """The rates of withheld counts, same area and period: times the population, they would give
    the count back."""
    keys = ["area_code", "period_label", "indicator_id"]
    gone = pd.MultiIndex.from_frame(figures.loc[withheld, keys])
    if gone.empty:
        return pd.Series(False, index=figures.index)
    count_of = _per_indicator(figures["indicator_id"], lambda ind: by_id[ind].rate_of)
    rates = pd.MultiIndex.from_arrays([figures["area_code"], figures["period_label"], count_of])
    return pd.Series(rates.isin(gone), index=figures.index) & (count_of != "")


def format_number(value: float, ind: Indicator) -> str:
    if ind.decimals:
        text = f"{value:,.{ind.decimals}f}"
    else:
        text = f"{value:,.0f}"
    return text + ("%" if ind.percent else "")


def format_figure(value: float, status: str, ind: Indicator) -> str:
    """A figure as a reader sees it: the number, or in words why there is none."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return st.STATUS_TEXT.get(status) or "not available"
    text = format_number(value, ind)
    if status == st.PROVISIONAL:
        text += " (provisional)"
    elif status == st.SMALL_BASE:
        text += " (very small population: read with care)"
    return text


def format_interval(lower: float, upper: float, ind: Indicator, value: float | None = None) -> str:
    """The 95% confidence interval in words a reader can use, or '' when none is published.

    A count's interval is its published ±. When the lower bound was shown as zero (publish), the
    distance from the estimate to the upper bound is still the published ±, so it is measured there.
    """
    if lower is None or upper is None or math.isnan(lower) or math.isnan(upper):
        return ""
    if ind.percent or ind.decimals:
        return format_range(lower, upper, ind)
    half = (upper - lower) / 2
    if value is not None and not math.isnan(value):
        half = max(upper - value, value - lower)
    return f"±{format_number(half, ind)}"


def format_range(lower: float, upper: float, ind: Indicator) -> str:
    """The 95% confidence interval as its two bounds ("9.3% to 15.5%"), or '' when none is published:
    what a chart's table shows, and the web chart reads its band back from (assets/site.js)."""
    if lower is None or upper is None or math.isnan(lower) or math.isnan(upper):
        return ""
    return f"{format_number(lower, ind)} to {format_number(upper, ind)}"


# ------------------------------------------------------------------------------ local partner data

@dataclass
class LocalPublication:
    """Local datasets as this audience may see them: every count through disclosure control."""

    datasets: list[dict]  # manifest facts + "cells": protected cells, with no exact counts left in them
    left_out: list[dict]  # datasets held but not for this audience: {title, provider, classification}


def local_visible(classification: str, rules: PublicationRules) -> bool:
    """Public builds show cleared (public) local data only; internal builds show restricted data too."""
    return classification == PUBLIC or rules.audience == INTERNAL_AUDIENCE


def publish_local(held: list, keys: list[str], rules: PublicationRules) -> LocalPublication:
    """The one path local counts take to any output: audience first, then disclosure control with the
    threshold and rounding agreed with each provider. The exact counts are dropped here."""
    datasets, left_out = [], []
    for item in held:
        facts = {k: v for k, v in item.manifest.items() if k not in ("sha256", "file")}
        if not local_visible(item.classification, rules):
            left_out.append({k: facts[k] for k in ("title", "provider", "classification")})
            continue
        disclosure_rules = DisclosureRules(threshold=int(facts["threshold"]), round_to=int(facts["round_to"]))
        cells = protect(item.cells(), keys, disclosure_rules)
        datasets.append({**facts, "footnotes": disclosure_rules.footnotes(),
                         "cells": cells.drop(columns=["count"])})
    return LocalPublication(datasets, left_out)
