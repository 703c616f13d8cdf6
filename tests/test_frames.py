"""stages/frames.py: its shortcuts give what the pandas calls they replace give."""

from __future__ import annotations

import numpy as np
import pandas as pd

from migration_profiles.stages.frames import pairs_in, sorted_rows


def _table() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    n = 500
    return pd.DataFrame({
        "indicator_id": rng.choice(["b", "a", "c", "é"], n),
        "area_code": rng.choice(["E06000014", "E06000001", "W06000001"], n),
        "period_end": rng.choice(["2020-06-30", "2019-06-30", "2021-03-31"], n),
        "value": rng.random(n),
        "status": pd.Series(rng.choice(["ok", "provisional"], n), dtype=object),
    }).astype({"indicator_id": "str", "area_code": "str", "period_end": "str"})


def test_sorted_rows_are_the_stable_sort_of_pandas():
    table = pd.concat([_table(), _table().iloc[::-1]], ignore_index=True)  # a table of two chunks
    keys = ["indicator_id", "area_code", "period_end"]
    expected = table.sort_values(keys, kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(sorted_rows(table, keys), expected, check_exact=True)
    with_missing = table.assign(period_end=table["period_end"].where(table.index % 7 != 0))
    pd.testing.assert_frame_equal(sorted_rows(with_missing, keys),
                                  with_missing.sort_values(keys, kind="stable").reset_index(drop=True))


def test_pairs_in_says_what_a_multiindex_says():
    table = _table()
    table.loc[3, "area_code"] = np.nan
    pairs = {("a", "E06000014"), ("é", "W06000001"), ("z", "E06000014"), ("a", "nowhere")}
    expected = pd.MultiIndex.from_frame(table[["indicator_id", "area_code"]]).isin(list(pairs))
    assert (pairs_in(table["indicator_id"], table["area_code"], pairs) == expected).all()
    assert not pairs_in(table["indicator_id"], table["area_code"], set()).any()
