"""Drawing invented figures: each source's own random stream, noise, trends, and whole-number splits."""

from __future__ import annotations

import zlib

import numpy as np


def source_rng(seed: int, source_id: str) -> np.random.Generator:
    """A random stream of the source's own: adding or changing a source leaves the others' files alone."""
    return np.random.default_rng([seed, zlib.crc32(source_id.encode())])


def noise(rng: np.random.Generator, sd: float, size=None):
    """Multiplicative noise around 1."""
    return np.exp(rng.normal(0.0, sd, size))


def year_factor(year: float, table: dict[float, float]) -> float:
    """Piecewise-linear factor by year; flat beyond the ends."""
    keys = sorted(table)
    if year <= keys[0]:
        return table[keys[0]]
    if year >= keys[-1]:
        return table[keys[-1]]
    for lo, hi in zip(keys, keys[1:], strict=False):
        if lo <= year <= hi:
            return table[lo] + (table[hi] - table[lo]) * (year - lo) / (hi - lo)
    raise AssertionError(year)


def split_total(total: int, weights) -> np.ndarray:
    """Whole parts of `total` in proportion to `weights`, by largest remainder: they add up to `total`."""
    w = np.asarray(weights, dtype=float)
    raw = int(total) * w / w.sum()
    parts = np.floor(raw).astype(np.int64)
    order = np.argsort(parts - raw, kind="stable")  # largest remainder first
    parts[order[: int(total) - int(parts.sum())]] += 1
    return parts


def split_rows(totals: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """split_total for each area: totals (areas,), weights (areas, parts) -> (areas, parts)."""
    return np.stack([split_total(t, w) for t, w in zip(totals, weights, strict=True)])


def split_at_random(total: int, weights, rng: np.random.Generator) -> list[int]:
    """Whole parts of `total` in proportion to `weights`, the remainder given at random (unlike
    split_total, which gives it to the largest remainders)."""
    weights = np.asarray(weights, dtype=float)
    exact = total * weights / weights.sum()
    parts = np.floor(exact).astype(int)
    short = total - int(parts.sum())
    if short:
        parts[rng.choice(len(parts), short, replace=False, p=weights / weights.sum())] += 1
    return [int(p) for p in parts]
