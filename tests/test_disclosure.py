"""Disclosure control: no withheld count can be worked out from what is published.

The check here is independent of disclosure.py's: exact rational arithmetic (fractions) on the
equations a reader can write from the published tables, asking whether a withheld cell is fixed by
them (its unit vector lies in the row space of the equations over the withheld cells).
"""

from __future__ import annotations

from fractions import Fraction
from itertools import product

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from migration_profiles.stages.disclosure import MARKER, PRIMARY, DisclosureRules, constraints, protect


def _rank(rows: list[list[Fraction]]) -> int:
    """Rank by Gaussian elimination on exact fractions."""
    matrix = [list(r) for r in rows if any(r)]
    rank, width = 0, len(matrix[0]) if matrix else 0
    for col in range(width):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][col] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        for r in range(len(matrix)):
            if r != rank and matrix[r][col] != 0:
                factor = matrix[r][col] / matrix[rank][col]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank], strict=True)]
        rank += 1
    return rank


def recoverable(cells: pd.DataFrame, keys: list[str], published: pd.DataFrame) -> list[int]:
    """Withheld cells that a reader could work out from the shown cells and every total."""
    hidden = [i for i in range(len(published)) if published.loc[i, "shown"] == MARKER]
    if not hidden:
        return []
    equations = []
    for total, parts in constraints(cells, keys):
        row = {total: Fraction(1)}
        for p in parts:
            row[p] = row.get(p, Fraction(0)) - 1
        equations.append([row.get(h, Fraction(0)) for h in hidden])
    base = _rank(equations)
    found = []
    for j, h in enumerate(hidden):
        unit = [Fraction(int(i == j)) for i in range(len(hidden))]
        if _rank([*equations, unit]) == base:
            found.append(h)
    return found


def crosstab(values: dict[tuple, int], keys: list[str]) -> pd.DataFrame:
    """Inner cells plus every margin (blank = all), for the keys' categories."""
    totals: dict[tuple, int] = {}
    for combo, v in values.items():
        for mask in product([True, False], repeat=len(keys)):
            key = tuple(c if keep else "" for c, keep in zip(combo, mask, strict=True))
            totals[key] = totals.get(key, 0) + v
    return pd.DataFrame([dict(zip(keys, k, strict=True)) | {"count": v} for k, v in totals.items()])


small = hs.integers(min_value=0, max_value=25)


@hs.composite
def dataset(draw):
    """Two tables of one dataset sharing their nationality margin and grand total: nationality by
    sex and nationality by age band, as one frame (cells of the second table have a blank sex)."""
    nats = [f"N{i}" for i in range(draw(hs.integers(1, 4)))]
    sexes = ["F", "M"][: draw(hs.integers(1, 2))]
    ages = [f"A{i}" for i in range(draw(hs.integers(1, 3)))]
    by_sex = {(n, s, ""): draw(small) for n in nats for s in sexes}
    table = crosstab({(n, s): v for (n, s, _), v in by_sex.items()}, ["nationality", "sex"])
    table["age"] = ""
    # The age table must agree with the sex table's nationality totals: split each total by age.
    nat_totals = table[(table["sex"] == "") & (table["nationality"] != "")].set_index("nationality")["count"]
    rows = []
    for n in nats:
        remaining = int(nat_totals[n])
        for i, a in enumerate(ages):
            part = remaining if i == len(ages) - 1 else draw(hs.integers(0, remaining))
            remaining -= part
            rows.append({"nationality": n, "sex": "", "age": a, "count": part})
    for a in ages:
        rows.append(
            {
                "nationality": "",
                "sex": "",
                "age": a,
                "count": sum(r["count"] for r in rows if r["age"] == a and r["nationality"]),
            }
        )
    return pd.concat([table, pd.DataFrame(rows)], ignore_index=True)


KEYS = ["nationality", "sex", "age"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dataset(), hs.sampled_from([5, 10]), hs.sampled_from([0, 5]))
def test_no_withheld_count_can_be_worked_out(cells, threshold, round_to):
    published = protect(cells, KEYS, DisclosureRules(threshold=threshold, round_to=round_to))
    assert recoverable(cells, KEYS, published) == []
    # Every small count is withheld, and nothing withheld carries a number.
    small_counts = (cells["count"] > 0) & (cells["count"] < threshold)
    assert (published.loc[small_counts, "shown"] == MARKER).all()
    assert published.loc[published["shown"] == MARKER, "value"].isna().all()
    if round_to:
        shown = published["value"].dropna()
        assert (shown % round_to == 0).all()


def test_one_small_cell_takes_a_partner_in_its_row_and_column():
    values = {("Syria", "F"): 3, ("Syria", "M"): 40, ("Iran", "F"): 25, ("Iran", "M"): 30}
    cells = crosstab(values, ["nationality", "sex"])
    published = protect(cells, ["nationality", "sex"], DisclosureRules(threshold=10))
    withheld = published[published["shown"] == MARKER]
    # Syria/F primary, then enough partners that neither the Syria row nor the F column gives it away.
    assert set(withheld["withheld"]) == {PRIMARY, "secondary"}
    assert len(withheld) >= 4
    assert recoverable(cells, ["nationality", "sex"], published) == []


def test_a_single_part_total_is_withheld_with_its_part():
    cells = pd.DataFrame([{"ward": "", "count": 4}, {"ward": "W1", "count": 4}])
    published = protect(cells, ["ward"], DisclosureRules(threshold=10))
    assert list(published["shown"]) == [MARKER, MARKER]


def test_the_checker_itself_finds_a_recoverable_cell():
    """The test's own check must be able to fail: withhold one cell of a row by hand and ask."""
    cells = crosstab({("a", "x"): 3, ("a", "y"): 20}, ["r", "c"])
    naive = cells.assign(shown=[MARKER if v == 3 else str(v) for v in cells["count"]])
    assert recoverable(cells, ["r", "c"], naive) != []


class _Held:
    """A stand-in for a stored dataset: what publish_local reads."""

    def __init__(self, classification: str, cells: pd.DataFrame, threshold: int = 10, round_to: int = 0):
        self.classification = classification
        self.manifest = {"dataset": f"d-{classification}", "title": f"T {classification}", "provider": "P",
                         "classification": classification, "threshold": threshold, "round_to": round_to,
                         "sha256": "x", "file": "f.csv"}
        self._cells = cells

    def cells(self) -> pd.DataFrame:
        return self._cells


def test_publish_local_applies_the_audience_then_disclosure_control_and_drops_exact_counts():
    from migration_profiles.stages.publish import PublicationRules, publish_local

    cells = crosstab({("a", "x"): 3, ("a", "y"): 40, ("b", "x"): 22, ("b", "y"): 31}, ["r", "c"])
    held = [_Held("public", cells, threshold=5, round_to=5), _Held("restricted", cells)]
    public = publish_local(held, ["r", "c"], PublicationRules())
    assert [d["title"] for d in public.datasets] == ["T public"]
    assert public.left_out == [{"title": "T restricted", "provider": "P", "classification": "restricted"}]
    published = public.datasets[0]["cells"]
    assert "count" not in published.columns  # no exact count travels further than publish_local
    assert (published["value"].dropna() % 5 == 0).all() and MARKER in set(published["shown"])
    internal = publish_local(held, ["r", "c"], PublicationRules(audience="internal"))
    assert len(internal.datasets) == 2 and internal.left_out == []
