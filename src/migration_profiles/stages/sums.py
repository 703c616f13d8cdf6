"""Adding areas' figures into a larger area's: a sum is a figure only when every member has one.

Shared by the councils created since a source's date (the sum of their predecessors, predecessors.py)
and the populations of counties and police force areas that their rates divide by (indicators/rates.py).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from migration_profiles.util import status as st


def sum_members(rows: pd.DataFrame, parent_of: dict[str, str], size: dict | None,
                keys: list[str], size_by: tuple[str, ...] = ()) -> pd.DataFrame:
    """One row per parent area and `keys`: the sum of its members' `rows` (area_code -> parent in
    `parent_of`, `size` members each). With `size_by`, `size` is keyed by (parent, *those key values),
    for members that differ from one period to another; with `size` None, every row in a group counts.

    The sum is 'ok', or provisional when any part is. When a member has no value the sum has none
    either (`complete` False), with that member's reason, or 'not available' when it has no row.
    """
    # Per-row flags computed once, so that each group's answer is a built-in aggregation (a Python
    # function per group cost ~1 ms each, for thousands of groups).
    framed = rows.assign(parent=rows["area_code"].map(parent_of), _bad=~rows["status"].isin(st.HAS_VALUE),
                         _provisional=rows["status"].eq(st.PROVISIONAL))
    grouped = framed.groupby(["parent", *keys], dropna=False)
    out = grouped["value"].sum(min_count=1).rename("value").to_frame()
    if size is None:
        expected = grouped.size()
    elif size_by:
        index = out.index.to_frame(index=False)
        wanted = list(zip(index["parent"], *(index[k] for k in size_by), strict=True))
        expected = pd.Series([size.get(w) for w in wanted], index=out.index)
    else:
        expected = out.index.get_level_values("parent").map(size)
    out["complete"] = grouped["value"].count() == expected
    out["provisional"] = grouped["_provisional"].any()
    # The reason is the first status, in row order, that carries no value: rows without a value are
    # moved (stably) to the front of their group, so each group's first status is that one if it has any.
    first = (framed.sort_values("_bad", ascending=False, kind="stable")
             .groupby(["parent", *keys], dropna=False)["status"].first(skipna=False))
    out["reason"] = np.where(grouped["_bad"].any().to_numpy(), first.to_numpy(dtype=object), st.NOT_AVAILABLE)
    out = out.reset_index().rename(columns={"parent": "area_code"})
    out["status"] = st.OK
    out.loc[out["provisional"], "status"] = st.PROVISIONAL
    out.loc[~out["complete"], "status"] = out.loc[~out["complete"], "reason"]
    out.loc[~out["complete"], "value"] = float("nan")
    return out.assign(ci_lower=float("nan"), ci_upper=float("nan")).drop(columns=["provisional", "reason"])
