"""Disclosure control when a local dataset covers part of a council or part of a year, and across
periods: a year is the sum of the quarters inside it, so a withheld quarter must not be recoverable
from the year.

The checks here do not use disclosure.py's equations. They model what is true: every published
cell is a sum of atoms (ward x nationality x quarter), including the atoms of wards and quarters
the partner never sent. A quantity can be worked out by a reader exactly when it is a linear
combination of the published cells, tested with exact fractions.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import product

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from migration_profiles.stages.disclosure import (
    MARKER,
    SECONDARY,
    DisclosureRules,
    period_constraints,
    protect,
)
from migration_profiles.util.periods import local_phrase, month_span

KEYS = ["period", "subarea", "nationality"]
QUARTERS = ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]


class Span:
    """The row space of some vectors, kept in reduced form, to ask whether a vector lies in it."""

    def __init__(self, width: int):
        self.width, self.pivots = width, {}  # pivot column -> reduced row

    def reduce(self, vector: list[Fraction]) -> list[Fraction]:
        v = list(vector)
        for col, row in self.pivots.items():
            if v[col]:
                factor = v[col]
                v = [a - factor * b for a, b in zip(v, row, strict=True)]
        return v

    def add(self, vector: list[Fraction]) -> None:
        v = self.reduce(vector)
        col = next((i for i, a in enumerate(v) if a), None)
        if col is None:
            return
        v = [a / v[col] for a in v]
        for other, row in self.pivots.items():
            if row[col]:
                self.pivots[other] = [a - row[col] * b for a, b in zip(row, v, strict=True)]
        self.pivots[col] = v

    def holds(self, vector: list[Fraction]) -> bool:
        return not any(self.reduce(vector))


def dataset(atoms: dict[tuple, int], wards_sent: list[str], quarters_sent: list[str], with_year: bool):
    """The rows a partner sends: the council ("") and the wards sent, by nationality and in total, for
    each quarter sent and (with_year) the whole year; and each row's atoms, for the checks."""
    wards = sorted({w for w, _, _ in atoms})
    nats = sorted({n for _, n, _ in atoms})
    periods = [*quarters_sent, *(["2025"] if with_year else [])]
    rows, members = [], []
    for period, area, nat in product(periods, ["", *wards_sent], ["", *nats]):
        inside = [a for a in atoms if (area in ("", a[0])) and (nat in ("", a[1]))
                  and (period == "2025" or period == a[2])]
        rows.append({"period": period, "subarea": area, "nationality": nat,
                     "count": sum(atoms[a] for a in inside)})
        members.append(inside)
    return pd.DataFrame(rows), members, wards


def vector(inside, order) -> list[Fraction]:
    chosen = set(inside)
    return [Fraction(int(a in chosen)) for a in order]


def workable(published: pd.DataFrame, members: list, order: list) -> Span:
    span = Span(len(order))
    for i, shown in enumerate(published["shown"]):
        if shown != MARKER:
            span.add(vector(members[i], order))
    return span


def unseen_sums(atoms, wards_sent, quarters_sent, with_year):
    """Counts no row publishes that a reader might still reach: what lies outside the wards sent, or
    outside the quarters sent, for each nationality (and all) and each period or area."""
    nats = sorted({n for _, n, _ in atoms})
    found = []
    for nat in ["", *nats]:
        for period in [*quarters_sent, *(["2025"] if with_year else [])]:
            found.append([a for a in atoms if a[0] not in wards_sent and nat in ("", a[1])
                          and (period == "2025" or a[2] == period)])
        if with_year:
            for area in ["", *wards_sent]:
                found.append([a for a in atoms if a[2] not in quarters_sent and nat in ("", a[1])
                              and area in ("", a[0])])
    return [f for f in found if f]


counts = hs.integers(min_value=0, max_value=30)


@hs.composite
def returns(draw):
    wards = [f"W{i}" for i in range(draw(hs.integers(1, 3)))]
    nats = [f"N{i}" for i in range(draw(hs.integers(1, 2)))]
    quarters = QUARTERS[: draw(hs.integers(1, 4))] if draw(hs.booleans()) else QUARTERS[:1]
    atoms = {(w, n, q): draw(counts) for w in wards for n in nats for q in QUARTERS}
    wards_sent = wards[: draw(hs.integers(0, len(wards)))]
    return atoms, wards_sent, quarters, draw(hs.booleans())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(returns(), hs.sampled_from([5, 10]))
def test_nothing_small_can_be_worked_out_with_partial_wards_and_quarters(sent, threshold):
    atoms, wards_sent, quarters_sent, with_year = sent
    cells, members, _ = dataset(atoms, wards_sent, quarters_sent, with_year)
    published = protect(cells, KEYS, DisclosureRules(threshold=threshold))
    order = sorted(atoms)
    span = workable(published, members, order)
    for i, shown in enumerate(published["shown"]):
        if shown == MARKER:
            assert not span.holds(vector(members[i], order)), f"withheld row {i} can be worked out"
    for inside in unseen_sums(atoms, wards_sent, quarters_sent, with_year):
        value = sum(atoms[a] for a in inside)
        if 0 < value < threshold:
            assert not span.holds(vector(inside, order)), f"a small unseen count ({value}) can be worked out"
    small = (cells["count"] > 0) & (cells["count"] < threshold)
    assert (published.loc[small, "shown"] == MARKER).all()


def _wards(council: int, parts: dict[str, int]) -> pd.DataFrame:
    rows = [{"period": "2025", "subarea": "", "nationality": "", "count": council}]
    rows += [{"period": "2025", "subarea": w, "nationality": "", "count": v} for w, v in parts.items()]
    return pd.DataFrame(rows)


def test_wards_covering_part_of_a_council_withhold_only_the_small_ward():
    wards = {"W1": 4, "W2": 60, "W3": 50}
    rules = DisclosureRules(threshold=10)
    # Wards covering the whole council (114): the council's total would give W1 away, so a second
    # ward is withheld with it.
    whole = protect(_wards(114, wards), KEYS, rules)
    assert list(whole["shown"]) == ["114", MARKER, "60", MARKER]
    # The same wards beside a council of 200 cover only part of it. The council's total minus the
    # wards shown is W1 plus the 86 people of the wards not sent: W1 cannot be found, so W3 used to
    # be withheld for nothing and is shown now.
    partial = protect(_wards(200, wards), KEYS, rules)
    assert list(partial["shown"]) == ["200", MARKER, "60", "50"]
    assert list(partial["withheld"]) == ["", "primary", "", ""]


def test_a_small_remainder_outside_the_wards_sent_is_protected():
    # 97 of the council's 100 are in the two wards sent: the other 3 would be 100 - 60 - 37.
    published = protect(_wards(100, {"W1": 60, "W2": 37}), KEYS, DisclosureRules(threshold=10))
    assert MARKER in set(published["shown"])
    assert list(published["withheld"]).count(SECONDARY) == 1


def _quarters(year: int | None, quarters: dict[str, int], period_of_year: str = "2025") -> pd.DataFrame:
    rows = [{"period": q, "subarea": "", "nationality": "", "count": v} for q, v in quarters.items()]
    if year is not None:
        rows.append({"period": period_of_year, "subarea": "", "nationality": "", "count": year})
    return pd.DataFrame(rows)


def test_a_year_and_its_quarters_are_linked():
    quarters = dict(zip(QUARTERS, [40, 35, 50, 6], strict=True))
    published = protect(_quarters(131, quarters), KEYS, DisclosureRules(threshold=10))
    shown = dict(zip(published["period"], published["shown"], strict=True))
    # Q4 is small; 131 - 40 - 35 - 50 would give it away, so one more figure is withheld.
    assert shown["2025-Q4"] == MARKER
    assert list(published["shown"]).count(MARKER) == 2
    assert shown["2025-Q2"] == MARKER  # the smallest inner partner


def test_a_year_with_quarters_missing_withholds_only_the_small_quarter():
    quarters = dict(zip(QUARTERS[:3], [6, 35, 50], strict=True))  # Q4 (40 people) not sent
    published = protect(_quarters(131, quarters), KEYS, DisclosureRules(threshold=10))
    assert list(published["shown"]) == [MARKER, "35", "50", "131"]


def test_a_small_quarter_not_sent_cannot_be_worked_out_from_the_year():
    quarters = dict(zip(QUARTERS[:3], [40, 35, 50], strict=True))  # Q4 would be 131 - 125 = 6
    published = protect(_quarters(131, quarters), KEYS, DisclosureRules(threshold=10))
    assert list(published["shown"]).count(MARKER) == 1


def test_a_financial_year_links_to_the_calendar_quarters_inside_it():
    quarters = {"2024-Q2": 30, "2024-Q3": 30, "2024-Q4": 3, "2025-Q1": 30}
    cells = _quarters(93, quarters, period_of_year="2024/25")
    assert period_constraints(cells, KEYS) == [(4, [0, 1, 2, 3])]
    published = protect(cells, KEYS, DisclosureRules(threshold=10))
    assert list(published["shown"]).count(MARKER) == 2


def test_a_count_on_a_day_is_no_part_of_a_year():
    cells = _quarters(131, {"2025-01-16": 6})
    assert period_constraints(cells, KEYS) == []
    assert list(protect(cells, KEYS, DisclosureRules(threshold=10))["shown"]) == [MARKER, "131"]


def test_the_checker_finds_a_quarter_worked_out_from_its_year():
    """The independent check must be able to fail: withhold only the small quarter and ask."""
    atoms = {("W0", "N0", q): v for q, v in zip(QUARTERS, [40, 35, 50, 6], strict=True)}
    cells, members, _ = dataset(atoms, [], QUARTERS, True)
    naive = cells.assign(shown=[MARKER if c == 6 else str(c) for c in cells["count"]])
    span = workable(naive, members, sorted(atoms))
    hidden = naive.index[naive["shown"] == MARKER]
    assert any(span.holds(vector(members[i], sorted(atoms))) for i in hidden)


def test_local_periods_read_as_spans_and_words():
    assert month_span("2025-Q3") == (2025 * 12 + 6, 2025 * 12 + 8)
    assert month_span("2024/25") == (2024 * 12 + 3, 2025 * 12 + 2)
    assert month_span("2024/26") is None and month_span("2025-13") is None
    assert local_phrase("2025-Q4") == "Oct-Dec 2025"
    assert local_phrase("2024/25") == "Apr 2024 to Mar 2025 (financial year 2024/25)"
    assert local_phrase("2026") == "2026"
