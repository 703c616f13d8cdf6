"""Checks every figure a parser read, whichever parser it was, before a file is stored or built from.

`read_figure` is the one rule every parser calls where it reads a cell: infinity, "NaN", "1,2,3", a value
beyond any plausible figure, a negative count or a fraction of a whole count is a layout error naming the
cell's sheet, row and column. `check_figures` runs again on what every parser returns and adds what only
the declaration knows: a count is never negative, and one file gives one figure per area, period and
measure (a repeated row would otherwise be summed into a figure twice).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd

from migration_profiles.sources._tabular import cell, show
from migration_profiles.sources.base import Source
from migration_profiles.util import status as st
from migration_profiles.util.errors import LayoutError

# Units whose figures count something, so a negative figure is a damaged cell (not offences: police
# recorded crime tables publish negative adjustments) ...
COUNT_UNITS = frozenset(
    {
        "people",
        "births",
        "deaths",
        "registrations",
        "households",
        "referrals",
        "children",
        "pupils",
        "students",
        "enrolments",
        "lettings",
        "applications",
        "decisions",
    }
)
# ... unless the measure is a balance or a change, which can go either way.
SIGNED_WORDS = ("net", "change", "balance", "difference")


def signed(measure_id: str) -> bool:
    words = measure_id.lower().replace("-", "_").split("_")
    return any(word in SIGNED_WORDS for word in words)


def count_measures(measures) -> frozenset[str]:
    """The ids of the measures whose figures can never be negative."""
    return frozenset(m.id for m in measures if m.unit in COUNT_UNITS and not signed(m.id))


# A parser's own error maker: (expected, found, row=..., column=...) -> LayoutError naming its source, file
# and sheet, so that the shared rule below reports a cell the way that parser names its places.
ErrorAt = Callable[..., LayoutError]


def read_figure(
    raw: object,
    error: ErrorAt,
    row: int,
    column: int | str,
    *,
    count: bool = True,
    whole: bool = False,
    percent: bool = False,
    markers: dict[str, str] | None = None,
    blank: bool = True,
    required: bool = False,
    label: str = "",
) -> tuple[float | None, str]:
    """(value, status) of one published cell, or a LayoutError at its row and column.

    The one rule every parser applies where it reads a figure: a number as publishers write it (thousands
    separated in threes, finite, within SANE_BOUND) or a known marker; `count`: zero or more; `whole`: a
    whole number; `percent`: 0 to 100. `markers` adds a publisher's own markers (lower case); `blank=False`
    refuses an empty cell, `required=True` any cell without a number; `label` names the figure expected.
    """
    def expected() -> str:
        # Worded only when a cell is refused: this runs for every figure of every file.
        kind = "a count of zero or more" if count else "a number"
        if whole:
            kind = "a count (a whole number, 0 or more)" if count else "a whole number"
        if percent:
            kind = "a percentage between 0 and 100"
        if label:
            kind += f" ({label})"
        return kind if required else f"{kind}, or one of the publisher's markers (such as ':', 'c' or '[x]')"

    # Most cells are plain numbers: a number within the bound, or digits alone (a CSV's count), is what
    # cell() would make of it, without its marker and pattern checks (this runs for every figure).
    kind = type(raw)
    if kind is float or kind is int:
        fast = float(raw) if -st.SANE_BOUND <= raw <= st.SANE_BOUND else None  # False for NaN
    elif kind is str and len(raw) < 13 and raw.isdigit() and raw.isascii() and raw not in (markers or ()):
        fast = float(raw)  # twelve digits at most: within SANE_BOUND
    else:
        fast = None
    if fast is not None and not (
            (count and fast < 0) or (whole and not fast.is_integer()) or (percent and not 0 <= fast <= 100)):
        return fast, st.OK
    try:
        value, status = cell(raw, markers)
    except st.UnknownCell as exc:
        raise error(expected(), str(exc), row=row, column=column) from None
    if value is None:
        if required or (status == st.BLANK and not blank):
            raise error(expected(), show(raw), row=row, column=column)
        return value, status
    if (count and value < 0) or (whole and not value.is_integer()) or (percent and not 0 <= value <= 100):
        raise error(expected(), show(raw), row=row, column=column)
    return value, status


def _where(row: pd.Series) -> str:
    return (
        f"area {row['area_code']}, measure '{row['measure']}', period '{row['period_label']}' "
        f"({row['period_start']} to {row['period_end']})"
    )


def check_figures(source: Source, file_name: str, frame: pd.DataFrame) -> None:
    """Raise a LayoutError naming the area, measure and period of the first figure that cannot be right."""
    if frame.empty or "value" not in frame:
        return

    def refuse(bad: pd.Series, expected: str, found) -> None:
        if bad.any():
            row = frame[bad].iloc[0]
            raise LayoutError(source.id, file_name, expected=expected,
                              found=f"{found(row)} for {_where(row)}")

    values = pd.to_numeric(frame["value"], errors="coerce")
    for column in ("value", "ci_lower", "ci_upper"):
        numbers = pd.to_numeric(frame[column], errors="coerce")
        refuse(numbers.notna() & ~numbers.abs().le(st.SANE_BOUND),  # infinity fails le() too
               f"a finite {column} within {st.SANE_BOUND:,.0f}", lambda row, c=column: repr(row[c]))
    refuse(frame["status"].isin(st.HAS_VALUE) & values.isna(),
           "a number where the figure is marked as published", lambda row: "no number (NaN)")
    refuse(frame["measure"].isin(count_measures(source.measures)) & (values < 0),
           "a count of zero or more", lambda row: _fmt(row["value"]))
    keys = ["area_code", "period_start", "period_end", "measure"]
    repeated = frame.duplicated(keys, keep=False)

    def all_of_them(first: pd.Series) -> str:
        same = frame[repeated & (frame[keys] == first[keys]).all(axis=1)]
        return (f"{len(same)} rows ({', '.join(_fmt(v) for v in same['value'])}) of {int(repeated.sum())} "
                "repeated rows in all, which would be summed into one figure,")

    refuse(repeated, "one row for each area, period and measure", all_of_them)


def _fmt(value: object) -> str:
    if isinstance(value, float) and not math.isnan(value) and value.is_integer():
        return f"{value:,.0f}"
    return repr(value)
