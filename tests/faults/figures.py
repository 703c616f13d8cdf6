"""Published-figure rows for the fault tests of items 13 to 17: one dict per row, the rest filled in."""

from __future__ import annotations

import math

import pandas as pd

from migration_profiles.sources import get_source

SOURCES = {sid: get_source(sid) for sid in ("lami", "mye", "aps_cob", "resettlement", "dwp_nino", "dfe_eal")}


def rows(*figures: dict) -> pd.DataFrame:
    base = {"area_code": "E06000014", "period_label": "p", "period_start": "2020-01-01",
            "period_end": "2020-12-31", "ci_lower": math.nan, "ci_upper": math.nan, "status": "ok",
            "source_id": "lami", "release": "r", "snapshot_sha256": "s"}
    return pd.DataFrame([{**base, **f} for f in figures])
