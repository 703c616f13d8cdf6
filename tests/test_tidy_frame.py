"""tidy_frame reads each column out of the parsers' records itself (sources/base.py): the table must be
the one from_records made, with its types, None and NaN where from_records and astype left them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from migration_profiles.sources.base import TIDY_COLUMNS, observation, tidy_frame

TEXT = ("area_code", "area_name", "period_label", "period_start", "period_end", "measure", "status")


def _as_from_records(records: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=TIDY_COLUMNS)
    for column in ("value", "ci_lower", "ci_upper"):
        frame[column] = pd.to_numeric(frame[column], errors="raise").astype("float64")
    for column in TEXT:
        frame[column] = frame[column].astype("object")
    return frame


def _same(records: list[dict]) -> None:
    made, expected = tidy_frame(records), _as_from_records(records)
    pd.testing.assert_frame_equal(made, expected, check_exact=True)
    assert made.columns.dtype == expected.columns.dtype and list(made.dtypes) == list(expected.dtypes)
    for column in TEXT:  # None stays None only where from_records kept it
        assert [type(v) for v in made[column]] == [type(v) for v in expected[column]], column


def test_a_table_of_records_is_the_one_from_records_made():
    period = ("2020", "2020-01-01", "2020-12-31")
    _same([observation("E06000014", "York", period, "people", 5, "ok", (1, 9.5)),
           observation("E06000015", None, period, "people", None, "suppressed"),
           observation("E06000016", float("nan"), period, "people", "7", "ok")])
    _same([observation("E06000014", None, period, "people", 1.0, "ok"),  # a column all None
           observation("E06000015", None, (2020, "2020-01-01", "2020-12-31"), "people", 2.0, "ok")])
    _same([{**observation("E06000014", "York", period, "people", 1.0, "ok"), "extra": 1}])
    _same([])
    partial = [{"area_code": "E06000014", "value": 1.0}]  # a record without every column: from_records
    _same(partial)
    assert np.isnan(tidy_frame(partial)["ci_lower"].iloc[0])
