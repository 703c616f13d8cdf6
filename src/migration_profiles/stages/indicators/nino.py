"""Indicators, theme and charts built on DWP's NINo registrations by nationality (source 'dwp_nino').

Three kinds of indicator:

* ``nino_quarterly_total``: registrations in each quarter, as published;
* ``nino_year_total``: registrations in the latest four quarters of the data, added up here;
* ``nino_year_<nationality>``: each nationality's registrations in the same four quarters. These are
  what the "top nationalities" bar chart ranks; they are computed for the latest four quarters only
  (the question a page answers is "who registered in the last year"), and only where the area had
  at least one registration of that nationality, so that two hundred nationalities do not add
  thousands of zero rows to every page's downloads.

The four quarters are the same for every area: the newest quarter anywhere in the source and the three
before it. An area that lacks any of the four quarters gets no year figure rather than an undercount.
All the year figures come from one computation, cached for the observations table it was given.
"""

from __future__ import annotations

import pandas as pd

from migration_profiles.sources.dwp_nino import (
    MONTHS,
    NATIONALITIES,
    TOTAL,
    UNLISTED,
    Quarter,
    quarters_back,
)
from migration_profiles.stages.indicators import rates
from migration_profiles.stages.indicators.registry import (
    INDICATOR_COLUMNS,
    ChartDef,
    Indicator,
    Theme,
    source_rows,
)
from migration_profiles.util import status as st

SOURCE = "dwp_nino"
THEME = "nino"
TOP_N = 5
YEAR_TOTAL = "nino_year_total"
_OUT = [c for c in INDICATOR_COLUMNS if c != "indicator_id"]
_ALL = ("nino_registrations_not_arrivals", "nino_adults_who_work_or_claim", "nino_short_and_long_stays",
        "nino_dated_at_registration", "nino_random_adjustment", "nino_2020_pause")
_BY_NATIONALITY = _ALL + ("nino_nationality_as_recorded", "nino_nationalities_we_list")

THEMES = (
    Theme(
        THEME,
        "Who is registering: nationalities of new National Insurance numbers",
        "Adults from overseas given a National Insurance number, mostly to start work or to claim a benefit, "
        "by the nationality they gave and the quarter they registered. A count of registrations, not of "
        "arrivals: many students, dependants and children never register, and some people register long "
        "after they came.",
    ),
)


_EMPTY = pd.DataFrame(columns=_OUT)


def _empty() -> pd.DataFrame:
    return _EMPTY.copy()  # a copy of one made once: building an empty frame costs ten times more


def _mine(obs: pd.DataFrame) -> pd.DataFrame:
    """This source's rows, one per area, period and measure: where a snapshot holds both the API's
    answer and a table covering the same quarter, the API's answer is used."""
    rows = source_rows(obs, SOURCE)  # the table split once by source, not compared row by row again
    if rows.empty or "file_name" not in rows.columns:
        return rows
    preference = ~rows["file_name"].astype(str).str.lower().str.endswith(".json")
    return (rows.assign(_pref=preference).sort_values("_pref", kind="stable")
            .drop_duplicates(["area_code", "period_label", "measure"]).drop(columns="_pref"))


def quarterly_total(obs: pd.DataFrame) -> pd.DataFrame:
    rows = _mine(obs)
    rows = rows[rows["measure"] == TOTAL]
    return _empty() if rows.empty else rows.reindex(columns=_OUT)


def latest_quarters(obs: pd.DataFrame) -> list[Quarter]:
    """The latest four quarters in the source's data, oldest first; [] when there is none."""
    ends = _mine(obs)
    ends = ends.loc[ends["measure"] == TOTAL, "period_end"]
    if ends.empty:
        return []
    last = str(ends.max())
    return [Quarter(y, m) for y, m in quarters_back((int(last[:4]), int(last[5:7])), 4)]


def year_label(quarters: list[Quarter]) -> str:
    first, last = quarters[0], quarters[-1]
    return (f"{MONTHS[first.last_month - 3].title()} {first.year} to "
            f"{MONTHS[last.last_month - 1].title()} {last.year}")


_cache: dict[str, object] = {"obs": None, "table": None, "by_measure": {}}


def latest_year(obs: pd.DataFrame) -> pd.DataFrame:
    """Every measure of the source added up over the latest four quarters, one row per area and measure
    (column ``measure``), in the indicator columns."""
    if _cache["obs"] is not obs:
        table = _latest_year(obs)
        by_measure = {m: rows.reindex(columns=_OUT).reset_index(drop=True)
                      for m, rows in table.groupby("measure", sort=False)}
        _cache.update(obs=obs, table=table, by_measure=by_measure)
    return _cache["table"]  # type: ignore[return-value]


def _latest_year(obs: pd.DataFrame) -> pd.DataFrame:
    quarters = latest_quarters(obs)
    if not quarters:
        return pd.DataFrame(columns=[*_OUT, "measure"])
    ends = [q.end for q in quarters]
    rows = _mine(obs)
    rows = rows[rows["period_end"].isin(ends)]
    base = {"period_label": year_label(quarters), "period_start": quarters[0].start,
            "period_end": quarters[-1].end, "ci_lower": float("nan"), "ci_upper": float("nan"),
            "source_id": SOURCE}
    totals = rows[rows["measure"] == TOTAL].sort_values(["area_code", "period_end"], kind="stable")
    # Each area's quarters side by side (one row per area), then one short loop over the areas.
    by_quarter = (totals.drop_duplicates(["area_code", "period_end"], keep="last")
                  .pivot(index="area_code", columns="period_end", values="status").reindex(columns=ends))
    sums = totals.groupby("area_code")["value"].sum()
    latest = (totals.groupby("area_code").tail(1).set_index("area_code")
              .reindex(columns=["release", "snapshot_sha256"]).fillna(""))
    rows_by_area = zip(by_quarter.index, by_quarter.itertuples(index=False), strict=True)
    year_status = {area: _status(list(statuses)) for area, statuses in rows_by_area}
    out = [{**base, "area_code": area, "measure": TOTAL, "status": status,
            "value": float(sums[area]) if status in st.HAS_VALUE else float("nan"),
            "release": latest.at[area, "release"], "snapshot_sha256": latest.at[area, "snapshot_sha256"]}
           for area, status in year_status.items()]
    with_value = [area for area, status in year_status.items() if status in st.HAS_VALUE]
    parts = rows[(rows["measure"] != TOTAL) & rows["area_code"].isin(with_value)]
    tables = [pd.DataFrame(out, columns=[*_OUT, "measure"])]
    if not parts.empty:
        parts = parts.assign(bad=~parts["status"].isin(st.HAS_VALUE),
                             provisional=parts["status"] == st.PROVISIONAL)
        keys = ["area_code", "measure"]
        summed = parts.groupby(keys, sort=True).agg(value=("value", "sum"), bad=("bad", "any"),
                                                    provisional=("provisional", "any"))
        first_bad = parts[parts["bad"]].groupby(keys, sort=False)["status"].first()
        summed["withheld"] = first_bad.reindex(summed.index)
        summed = summed.reset_index()
        summed = summed.join(latest, on="area_code")
        year_provisional = summed["area_code"].map(year_status) == st.PROVISIONAL
        # A quarter's figure withheld: no year figure, for the same reason. A nationality without a
        # row in a quarter had none then (see dwp_nino), so a sum of 0 is no row at all.
        kept = summed["bad"] | (summed["value"] > 0)
        summed = summed.assign(
            value=summed["value"].where(~summed["bad"], float("nan")).astype(float),
            status=summed["withheld"].where(summed["bad"], (summed["provisional"] | year_provisional).map(
                {True: st.PROVISIONAL, False: st.OK})))[kept]
        tables.append(summed.assign(**base).reindex(columns=[*_OUT, "measure"]))
    table = pd.concat([t for t in tables if not t.empty] or tables[:1], ignore_index=True)
    # Each area's total first, then its nationalities in order, as they were added up.
    order = table.assign(part=table["measure"] != TOTAL).sort_values(["area_code", "part", "measure"],
                                                                     kind="stable").index
    return table.loc[order].reset_index(drop=True)


def _status(statuses: list) -> str:
    """The year's status from its quarters' statuses, in order (NaN where a quarter has no row)."""
    for status in statuses:
        if not isinstance(status, str):
            return st.NOT_AVAILABLE
        if status not in st.HAS_VALUE:
            return status
    return st.PROVISIONAL if st.PROVISIONAL in statuses else st.OK


def year_of(measure: str):
    def compute(obs: pd.DataFrame) -> pd.DataFrame:
        latest_year(obs)
        rows = _cache["by_measure"].get(measure)  # type: ignore[union-attr]
        return _empty() if rows is None else rows.copy()

    return compute


def _nationality_indicator(indicator_id: str, title: str, measure: str, method: str) -> Indicator:
    return Indicator(indicator_id, title, "registrations", THEME, SOURCE, (measure, TOTAL), _BY_NATIONALITY,
                     method, year_of(measure))


NATIONALITY_INDICATORS = tuple(
    _nationality_indicator(f"nino_year_{n.slug}", n.label, n.measure,
                           f"Registrations by nationals of {n.label} in the latest four quarters of the "
                           "data, added up; shown only where there was at least one.")
    for n in NATIONALITIES
)
UNLISTED_INDICATOR = _nationality_indicator(
    "nino_year_unlisted", "Other nationalities not in our list", UNLISTED,
    "Registrations in the latest four quarters by nationals of countries our list does not name (each is "
    "named in the data-quality log).")
# Not nationalities: left out of the ranking of top nationalities.
NOT_RANKED = {"nino_year_unknown", "nino_year_unlisted"}
RANKED_IDS = tuple(i.id for i in NATIONALITY_INDICATORS if i.id not in NOT_RANKED)

INDICATORS = (
    Indicator("nino_quarterly_total", "National Insurance numbers given to adults from overseas, by quarter",
              "registrations", THEME, SOURCE, (TOTAL,), _ALL,
              "Registrations in each quarter by adults from overseas whose address was in the area, as "
              "published.", quarterly_total),
    Indicator(YEAR_TOTAL, "National Insurance numbers given to adults from overseas, latest year",
              "registrations", THEME, SOURCE, (TOTAL,), _ALL,
              "Registrations in the latest four quarters of the data, added up; no figure when one of the "
              "four quarters is missing.", year_of(TOTAL), overview=True),
    *NATIONALITY_INDICATORS,
    UNLISTED_INDICATOR,
)
# Registrations of all nationalities per 1,000 residents (all ages: DWP gives no population aged 16
# to 64, and the mid-year estimates used here give all residents).
INDICATORS += (
    rates.rate(INDICATORS[0], title="National Insurance numbers given to adults from overseas per 1,000 "
                                    "residents, by quarter"),
    rates.rate(INDICATORS[1], title="National Insurance numbers given to adults from overseas per 1,000 "
                                    "residents, latest year"),
)
# A nationality's registrations are kept only where there was at least one, so a rate for one
# nationality could not be compared across areas: those with none would be missing, not zero.
NO_RATE = {i.id: "Kept only where the area had at least one registration of that nationality, so a rate "
                 "could not be compared or ranked across areas (those with none have no row, not a zero); "
                 "the area's registrations of all nationalities carry the rate."
           for i in (*NATIONALITY_INDICATORS, UNLISTED_INDICATOR)}

CHARTS = (
    ChartDef("nino_quarterly", THEME, "National Insurance numbers given to adults from overseas, by quarter",
             ("nino_quarterly_total",), False),
    ChartDef("nino_quarterly_rate", THEME,
             "National Insurance numbers given to adults from overseas per 1,000 residents, by quarter",
             ("nino_quarterly_total_rate",), True),
)
# The top five nationalities of the latest year: a bar chart whose categories differ from area to area.
# It needs ChartDef.top_n (a generic "draw the N largest of these indicators for this area"), which
# registry.py and profiles.py gain in a separate change; until then the chart is left out rather than
# drawing all two hundred nationalities.
if "top_n" in getattr(ChartDef, "__dataclass_fields__", {}):
    CHARTS += (
        ChartDef("nino_top_nationalities", THEME,
                 f"Top {TOP_N} nationalities of new National Insurance numbers, latest year", RANKED_IDS,
                 False, kind="bar", top_n=TOP_N),  # type: ignore[call-arg]
    )


def top_nationalities(table: pd.DataFrame, area: str, n: int = TOP_N) -> list[tuple[str, float]]:
    """The n nationalities with most registrations in `area` in the latest year, as (label, count),
    largest first; ties in the order of our list. For text and checks that do not go through a chart."""
    labels = {nat.measure: nat.label for nat in NATIONALITIES}
    rows = table[(table["area_code"] == area) & table["measure"].isin(labels)
                 & table["status"].isin(st.HAS_VALUE)]
    rows = rows[~rows["measure"].isin({"nino_nat_unknown"})]
    order = {nat.measure: i for i, nat in enumerate(NATIONALITIES)}
    ranked = sorted(zip(rows["measure"], rows["value"], strict=True), key=lambda mv: (-mv[1], order[mv[0]]))
    return [(labels[m], v) for m, v in ranked[:n]]
