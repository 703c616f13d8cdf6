"""Statistical disclosure control for local partner data: what publish.py applies to every local count.

A local dataset is a set of cells. Each cell is a count for one combination of categories; a blank
category means "all", so a cell with a blank nationality is the total over every nationality, and the
cells of one dataset link up through those totals: a table by nationality and a table by sex share
their grand total, and ward rows add up to their council's row. The rules:

1. primary suppression: a count from 1 to threshold - 1 is withheld (zero is shown: it tells
   nothing about a person);
2. secondary suppression: more cells are withheld until no withheld cell can be worked out from
   what is shown, by adding and subtracting across every table of the dataset (every total in
   it is an equation a reader could use, and so is a year beside the quarters or months in it);
3. optional rounding of what is shown to a base (5), after the decisions above are made on the
   exact counts.

Why our own code: `acro` (SACRO) checks outputs cell by cell (threshold, dominance, p-ratio) but
does no secondary suppression, and pulls in statsmodels and matplotlib. The check here is exact for
linear recovery: a withheld cell can be worked out only if the equations pin it to one value, which
is tested on the null space of the equations restricted to the withheld cells. Ranges that follow
from counts being non-negative (a reader may know a withheld cell is at most 7) are not hidden;
totals are kept small-number-safe by the threshold itself.

Partial coverage. A partner may send a few wards of a council, or three quarters of a year, beside
the whole council's or the whole year's figure. Then the total is not the sum of the parts shown:
the gap is the people of the wards or months not sent, which no reader sees. Such a gap enters the
equation as a cell that is never published, so a withheld ward is not counted as recoverable from
the council's total (which used to withhold more wards than needed). The gap is itself a count of
people: when it is small (1 to threshold - 1) it is protected like any small cell, so that the
total minus the parts shown never gives it away. A total that is less than its parts (a count on
one day beside counts for months) is no sum, so it gives no equation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from migration_profiles.util.periods import month_span, within

MARKER = "[c]"
FOOTNOTE = (
    "[c] withheld: a count from 1 to {below} could help identify people, so it is not shown; "
    "some larger counts are withheld too, so that a withheld count cannot be worked out from "
    "the totals shown."
)
ROUNDING_NOTE = "Counts shown are rounded to the nearest {base}, so they may not add up to their totals."
PRIMARY = "primary"
SECONDARY = "secondary"
UNSEEN = "unseen"  # the part of a total that no published cell covers (partial coverage): never shown
PERIOD = "period"  # the key naming a cell's period (local/kinds.py), linked across years and quarters


@dataclass(frozen=True)
class DisclosureRules:
    threshold: int = 10  # the toolkit's reporting threshold; a provider may ask for another
    round_to: int = 0  # 0: exact counts; 5: counts shown rounded to base 5

    def footnotes(self) -> list[str]:
        notes = [FOOTNOTE.format(below=self.threshold - 1)]
        if self.round_to > 1:
            notes.append(ROUNDING_NOTE.format(base=self.round_to))
        return notes


def constraints(cells: pd.DataFrame, keys: list[str]) -> list[tuple[int, list[int]]]:
    """Every total in the cells as (total's position, [its parts' positions]).

    A cell with key k blank is the total of the cells that equal it on every other key and have
    a value for k. Key columns hold strings, "" for "all".
    """
    rows = [tuple(r) for r in cells[keys].astype(str).itertuples(index=False)]
    equations = []
    for k, _ in enumerate(keys):
        parts: dict[tuple, list[int]] = {}
        for position, row in enumerate(rows):
            if row[k] != "":
                parts.setdefault(row[:k] + row[k + 1 :], []).append(position)
        for position, row in enumerate(rows):
            members = parts.get(row[:k] + row[k + 1 :]) if row[k] == "" else None
            if members:
                equations.append((position, members))
    return equations


def period_constraints(
    cells: pd.DataFrame, keys: list[str], period: str = PERIOD
) -> list[tuple[int, list[int]]]:
    """Every longer period as the sum of the periods inside it, for cells alike on every other key.

    A year's parts are the periods held inside it that lie in no other held period inside it (its
    quarters, and the months of any quarter not held), so parts never overlap. Periods that are points
    in time (dates) or unreadable link to nothing."""
    others = [k for k in keys if k != period]
    spans = {label: month_span(label) for label in set(cells[period].astype(str))}
    groups: dict[tuple, dict[str, int]] = {}
    for position, row in enumerate(cells[[period, *others]].astype(str).itertuples(index=False)):
        if spans[row[0]] is not None:
            groups.setdefault(tuple(row[1:]), {})[row[0]] = position
    equations = []
    for by_period in groups.values():
        for label, position in by_period.items():
            inside = [q for q in by_period if within(spans[q], spans[label])]
            parts = [q for q in inside if not any(within(spans[q], spans[r]) for r in inside)]
            if parts:
                equations.append((position, [by_period[q] for q in sorted(parts)]))
    return equations


def _with_gaps(
    equations: list[tuple[int, list[int]]], values: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The equations as a matrix (total - parts - gap = 0) and the gap cells' values, one gap column
    for each total that exceeds its parts; a total below its parts is no sum and is left out."""
    rows, gaps = [], []
    for total, parts in equations:
        gap = values[total] - values[parts].sum()
        if gap < 0:
            continue
        row = np.zeros(len(values) + len(equations))
        row[total] = 1.0
        row[parts] -= 1.0
        if gap > 0:
            row[len(values) + len(gaps)] = -1.0
            gaps.append(gap)
        rows.append(row)
    width = len(values) + len(gaps)
    matrix = np.array([r[:width] for r in rows]) if rows else np.zeros((0, width))
    return matrix, np.array(gaps, dtype=float)


def determined(matrix: np.ndarray, hidden: list[int]) -> list[int]:
    """The hidden columns whose value the equations (matrix @ x = 0) pin down once the other
    columns are known: those with no freedom in the null space of the hidden columns."""
    if not hidden:
        return []
    sub = matrix[:, hidden]
    if not sub.any():
        return []
    _, singular, vh = np.linalg.svd(sub)
    rank = int((singular > 1e-9 * max(1.0, singular.max(initial=0))).sum())
    null = vh[rank:]  # rows spanning the null space
    free = np.abs(null).max(axis=0) if len(null) else np.zeros(len(hidden))
    return [h for h, f in zip(hidden, free, strict=True) if f < 1e-9]


def protect(
    cells: pd.DataFrame, keys: list[str], rules: DisclosureRules, count: str = "count"
) -> pd.DataFrame:
    """The cells as they may be published: `value` (NaN where withheld), `withheld` ("" , primary or
    secondary) and `shown` (the text a reader sees: a number or the marker)."""
    out = cells.reset_index(drop=True).copy()
    values = out[count].astype(float).to_numpy()
    equations = constraints(out, keys)
    if PERIOD in keys:
        equations += period_constraints(out, keys)
    matrix, gaps = _with_gaps(equations, values)
    every = np.concatenate([values, gaps])  # the cells, then the unseen gaps of partial totals
    withheld = np.array([""] * len(every), dtype=object)
    withheld[(every > 0) & (every < rules.threshold)] = PRIMARY
    small_gaps = {len(values) + i for i in np.nonzero(withheld[len(values):] == PRIMARY)[0]}
    withheld[len(values):] = UNSEEN
    blanks = (out[keys].astype(str) == "").sum(axis=1).to_numpy()
    blanks = np.concatenate([blanks, np.full(len(gaps), len(keys) + 1)])
    withheld = _secondary(matrix, every, withheld, blanks, small_gaps)[: len(values)]
    out["withheld"] = withheld
    shown = np.where(withheld == "", values, np.nan)
    if rules.round_to > 1:
        shown = np.floor(shown / rules.round_to + 0.5) * rules.round_to
    out["value"] = shown
    out["shown"] = [MARKER if w else f"{v:,.0f}" for w, v in zip(withheld, shown, strict=True)]
    return out


def add_secondary(values: np.ndarray, equations: list[tuple[int, list[int]]], withheld: np.ndarray,
                  blanks: np.ndarray, unknown: np.ndarray | None = None) -> np.ndarray:
    """`withheld` ("" or PRIMARY per cell) with SECONDARY added until no withheld cell can be worked out
    from the shown ones through the `equations` (total's position, [its parts' positions]).

    Also used by publish.py for the figures of a source that is not public, whose totals, parts and net
    flows link the same way. `unknown` marks cells with no published value: a reader cannot use them,
    and they need no protecting. `blanks` ranks totals after their parts when a partner is chosen.
    """
    matrix = np.zeros((len(equations), len(values)))
    for row, (total, parts) in enumerate(equations):
        matrix[row, total] = 1.0
        matrix[row, parts] -= 1.0
    marked = withheld.copy()
    if unknown is not None:
        marked[unknown & (marked == "")] = UNSEEN
    marked = _secondary(matrix, values, marked, blanks, set())
    marked[marked == UNSEEN] = ""
    return marked


def _secondary(matrix: np.ndarray, values: np.ndarray, withheld: np.ndarray, blanks: np.ndarray,
               small_unseen: set[int]) -> np.ndarray:
    """SECONDARY added to `withheld` until no cell that must stay unknown can be worked out through
    `matrix` (@ x = 0): every PRIMARY or SECONDARY cell, and those UNSEEN cells (values nobody is shown)
    in `small_unseen`, which are small enough to identify people."""
    withheld = withheld.copy()
    while True:
        hidden = [i for i in range(len(values)) if withheld[i]]
        exposed = [i for i in determined(matrix, hidden) if withheld[i] != UNSEEN or i in small_unseen]
        if not exposed:
            break
        partner = _complement(exposed[0], matrix, values, withheld, blanks)
        if partner is None:
            break  # every linked cell is withheld already
        withheld[partner] = SECONDARY
    return withheld


def _complement(
    cell: int, matrix: np.ndarray, values: np.ndarray, withheld: np.ndarray, blanks: np.ndarray
) -> int | None:
    """The shown cell to withhold beside an exposed one: from an equation it is in, the smallest
    non-zero count, preferring inner cells to totals (so that as little as possible is lost)."""
    rows = np.nonzero(matrix[:, cell])[0]
    linked = np.unique(np.nonzero(matrix[rows])[1]) if len(rows) else np.array([], dtype=int)
    candidates = [i for i in linked if not withheld[i] and i != cell]
    if not candidates:  # its own totals are all withheld: widen to every total with a withheld cell
        hidden = np.nonzero(withheld != "")[0]
        rows = np.nonzero(matrix[:, hidden].any(axis=1))[0]
        linked = np.unique(np.nonzero(matrix[rows])[1]) if len(rows) else np.array([], dtype=int)
        candidates = [i for i in linked if not withheld[i]]
    if not candidates:
        return None
    return min(candidates, key=lambda i: (values[i] == 0, blanks[i], values[i], i))
