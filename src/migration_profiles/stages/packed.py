"""Tables sent from a forked process back to its parent, their text columns as Arrow arrays.

Why: a parser's table holds its text as Python strings, one object for every cell. Pickled, each is
written and read back one by one: the forked half of the tidy stage spent about a third of a second
sending its tables home. An Arrow array of the same strings travels as a few buffers, and turning it
back into Python strings in the parent costs less than unpickling them. Only object columns holding
nothing but strings travel so (no None, NaN or other object, whose kind Arrow would not keep); the rest
go as they are, so the parent gets back the same table, dtypes and all.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
from pandas.api.types import infer_dtype


class PackedFrame:
    """A DataFrame for pickling; `frame()` gives it back as it was."""

    def __init__(self, frame: pd.DataFrame):
        text = [column for column in frame.columns if frame[column].dtype == object
                and infer_dtype(frame[column], skipna=False) == "string"]
        self._text = {column: pa.array(frame[column].to_numpy(), type=pa.large_string()) for column in text}
        self._rest = frame.drop(columns=text)
        self._columns = frame.columns

    def frame(self) -> pd.DataFrame:
        index = self._rest.index
        data = {column: pd.Series(self._text[column].to_numpy(zero_copy_only=False), index=index,
                                  dtype=object) if column in self._text else self._rest[column]
                for column in self._columns}
        frame = pd.DataFrame(data, index=index, columns=self._columns)
        frame.attrs = self._rest.attrs  # what a parser noted on it (its quality issues, say)
        return frame
