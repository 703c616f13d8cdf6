"""The tidy stage parses sources in this process and a forked one side by side (stages/tidy.py,
_parse_two_at_a_time): what it returns, and the error it raises, must be those of parsing one source
after another."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest

from migration_profiles.acquire import snapshots
from migration_profiles.sources import get_source
from migration_profiles.stages import tidy
from migration_profiles.stages.packed import PackedFrame
from migration_profiles.util.errors import LayoutError

from .workspace import BASIC_FIXTURES, fixture_downloads

SOURCES = tuple(get_source(s) for s in BASIC_FIXTURES)


def _one_at_a_time(monkeypatch) -> None:
    monkeypatch.setattr(tidy, "_parse_two_at_a_time", lambda latest, cache: {})


def _snapshots(tmp_path):
    downloads = fixture_downloads(tmp_path / "downloads")
    root = tmp_path / "snapshots"
    snapshots.import_from_dir(root, downloads)
    return root


def test_sources_parsed_side_by_side_give_the_tables_parsed_one_after_another(tmp_path, monkeypatch):
    root = _snapshots(tmp_path)
    latest = [(s, snapshots.latest_snapshot(root, s.id)) for s in SOURCES]
    ahead = tidy._parse_two_at_a_time(latest, None)
    assert sorted(ahead) == sorted(BASIC_FIXTURES)  # every source parsed ahead, none left over
    both = tidy.read_snapshots(root, SOURCES)
    _one_at_a_time(monkeypatch)
    single = tidy.read_snapshots(root, SOURCES)
    for table in ("observations", "areas", "code_changes"):
        pd.testing.assert_frame_equal(getattr(both, table), getattr(single, table), check_exact=True)
        assert list(getattr(both, table).dtypes) == list(getattr(single, table).dtypes)
    assert both.quality == single.quality and both.snapshots == single.snapshots


def test_the_first_source_in_order_that_fails_raises_its_error_either_way(tmp_path, monkeypatch):
    # Two sources fail; whichever process parsed them, the error raised is that of the first in the
    # sources' order, as when they were parsed one after another.
    root = _snapshots(tmp_path)
    parse = tidy.parse_snapshot

    def failing(source, snapshot):
        if source.id in ("mye", "geography"):
            raise LayoutError(source.id, snapshot.files[0].name, expected="a readable file", found="a fault")
        return parse(source, snapshot)

    monkeypatch.setattr(tidy, "parse_snapshot", failing)
    with pytest.raises(LayoutError) as both:
        tidy.read_snapshots(root, SOURCES)
    _one_at_a_time(monkeypatch)
    with pytest.raises(LayoutError) as single:
        tidy.read_snapshots(root, SOURCES)
    assert "'mye'" in str(single.value)
    assert str(both.value) == str(single.value)


def test_a_table_sent_back_from_the_forked_process_is_the_table_it_parsed():
    # Text columns travel as Arrow arrays; columns with None, NaN, numbers or nothing go as they are,
    # so None stays None, and the index, column order and dtypes are kept.
    frame = pd.DataFrame({
        "code": pd.Series(["E06000014", "E06000015", "é ü"], dtype=object),
        "name": pd.Series(["York", None, "Derby"], dtype=object),
        "label": pd.Series(["2020", np.nan, "2021"], dtype=object),
        "mixed": pd.Series(["a", 1, "b"], dtype=object),
        "value": [1.5, np.nan, 3.0],
        "empty": pd.Series([None, None, None], dtype=object),
        "arrow": pd.Series(["x", "y", None], dtype="str"),
    }).set_axis([5, 7, 9])
    frame.attrs["quality"] = [{"row": 3}]
    back = pickle.loads(pickle.dumps(PackedFrame(frame))).frame()
    pd.testing.assert_frame_equal(back, frame, check_exact=True)
    assert back["name"].iloc[1] is None and list(back.dtypes) == list(frame.dtypes)
    assert list(back.columns) == list(frame.columns) and back.columns.dtype == frame.columns.dtype
    assert back.attrs == frame.attrs
