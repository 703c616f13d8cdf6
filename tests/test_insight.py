"""Change wording and the plain-English summary: golden texts for constructed cases, and properties."""

import math

from hypothesis import given
from hypothesis import strategies as hs

from migration_profiles.render.insight import (
    FALL,
    NO_SIGNIFICANT_CHANGE,
    RISE,
    SummaryInputs,
    assess,
    changes,
    describe,
    summary,
)
from migration_profiles.stages.indicators.catalogue import INDICATORS

from .golden import assert_golden

IND = {i.id: i for i in INDICATORS}
SOURCE_NAMES = {"lami": "ONS Local Area Migration Indicators", "mye": "ONS mid-year estimates"}


def row(period_end, value, lo=None, hi=None, status="ok", label=None):
    year = period_end[:4]
    return {"period_label": label or f"Jan {year} to Dec {year}", "period_start": f"{year}-01-01",
            "period_end": period_end, "value": value, "ci_lower": lo, "ci_upper": hi, "status": status}


def flow_row(year, value, status="ok"):
    return {"period_label": f"Mid-{year - 1} to Mid-{year}", "period_start": f"{year - 1}-07-01",
            "period_end": f"{year}-06-30", "value": value, "ci_lower": None, "ci_upper": None,
            "status": status}


def inputs(data, comparators=(), previous_values=None):
    return SummaryInputs(area_name="Testborough", comparators=list(comparators),
                         series=lambda area, ind: data.get((area, ind), []), code="E06000999", indicators=IND,
                         source_names=SOURCE_NAMES, previous_values=previous_values or {})


def case_text(data, **kw):
    return "\n".join(summary(inputs(data, **kw), driver=None)) + "\n"


BASE = {
    ("E06000999", "population"): [{**flow_row(2020, 200000), "period_label": "Mid-2020"}],
}


def test_significant_rise():
    data = {**BASE, ("E06000999", "non_uk_born_share"): [row("2019-12-31", 6.0, 4.0, 8.0),
                                                           row("2020-12-31", 12.0, 9.5, 14.5)]}
    text = case_text(data)
    assert "rose from 6.0% in 2019 to 12.0% in 2020" in text and "statistically significant" in text
    assert_golden("summary/significant_rise.txt", text)


def test_non_significant_rise_is_not_called_a_rise():
    data = {**BASE, ("E06000999", "non_uk_born_share"): [row("2019-12-31", 6.0, 4.0, 8.0),
                                                           row("2020-12-31", 7.5, 5.0, 10.0)]}
    text = case_text(data)
    assert "no significant change" in text and "rose" not in text and "rise" not in text
    assert_golden("summary/non_significant_rise.txt", text)


def test_fall_driven_by_emigration():
    data = {**BASE,
            ("E06000999", "ltim_inflow"): [flow_row(2019, 3000), flow_row(2020, 3100)],
            ("E06000999", "ltim_outflow"): [flow_row(2019, 1000), flow_row(2020, 1900)],
            ("E06000999", "ltim_net"): [flow_row(2019, 2000), flow_row(2020, 1200)]}
    text = case_text(data)
    assert ("fell from 2,000 in the year to mid-2019" in text
            and "because emigration rose (from 1,000 to 1,900)" in text)
    assert "by more than immigration rose (from 3,000 to 3,100)" in text
    assert_golden("summary/fall_driven_by_emigration.txt", text)


def test_provisional_figure_says_so():
    data = {**BASE, ("E06000999", "non_uk_born_share"): [
        row("2019-12-31", 6.0, 4.0, 8.0), row("2020-12-31", 12.0, 9.5, 14.5, status="provisional")]}
    text = case_text(data)
    assert "Provisional figures are involved" in text
    assert_golden("summary/provisional.txt", text)


def test_revised_figure_says_what_it_was():
    data = {**BASE, ("E06000999", "non_uk_born_share"): [row("2019-12-31", 6.0, 4.0, 8.0),
                                                           row("2020-12-31", 12.0, 9.5, 14.5)]}
    text = case_text(data, previous_values={("E06000999", "non_uk_born_share", "Jan 2019 to Dec 2019"): 5.5})
    assert "revised from 5.5%" in text
    assert_golden("summary/revised.txt", text)


def test_suppressed_figure_is_never_mentioned():
    data = {**BASE,
            ("E06000999", "gp_rate"): [{**flow_row(2020, None, status="suppressed")}],
            ("E12000003", "gp_rate"): [flow_row(2020, 8.8)]}
    text = case_text(data, comparators=[{"code": "E12000003", "name": "Yorkshire and The Humber"}])
    assert "GP" not in text and "8.8" not in text
    assert_golden("summary/suppressed.txt", text)


def test_the_same_figures_always_give_the_same_words():
    data = {**BASE, ("E06000999", "non_uk_born_share"): [row("2019-12-31", 6.0, 4.0, 8.0),
                                                           row("2020-12-31", 7.5, 5.0, 10.0)]}
    assert case_text(data) == case_text(dict(reversed(list(data.items()))))


finite = hs.floats(0, 100, allow_nan=False)


@given(a=finite, b=finite, wa=hs.floats(0, 20), wb=hs.floats(0, 20))
def test_a_change_inside_overlapping_intervals_is_never_a_rise_or_fall(a, b, wa, wb):
    old, new = row("2019-12-31", a, a - wa, a + wa), row("2020-12-31", b, b - wb, b + wb)
    change = assess(IND["non_uk_born_share"], old, new, "x")
    overlap = (a - wa) <= (b + wb) and (b - wb) <= (a + wa)
    if overlap:
        assert change.direction not in (RISE, FALL)
        assert "rose" not in describe(change, IND["non_uk_born_share"])
        assert "fell" not in describe(change, IND["non_uk_born_share"])


@given(a=hs.integers(0, 10**6), b=hs.integers(0, 10**6))
def test_counts_without_intervals_rise_or_fall_with_their_sign(a, b):
    change = assess(IND["gp_registrations"], flow_row(2019, float(a)), flow_row(2020, float(b)), "x")
    assert change.direction == (RISE if b > a else FALL if b < a else "no change")
    assert not change.tested and change.direction != NO_SIGNIFICANT_CHANGE


def test_quarterly_series_compare_with_previous_quarter_and_a_year_earlier():
    ind = IND["gp_registrations"]
    quarters = [row(f"{y}-{m}", v, label=f"{y}-{m}") for y, m, v in
                [(2023, "09-30", 10.0), (2023, "12-31", 12.0), (2024, "03-31", 14.0), (2024, "06-30", 13.0),
                 (2024, "09-30", 9.0)]]
    found = changes(ind, quarters)
    assert [(c.basis, c.from_period, c.direction) for c in found] == [
        ("the previous period", "2024-06-30", FALL), ("the same period a year earlier", "2023-09-30", FALL)]
    assert math.isclose(found[1].difference, -1.0)
