"""Seeded random streams and vectorized helpers shared by the world builders.

Every part of the world draws from its own stream, derived from the seed and a stable name, so that
adding draws to one part never shifts the numbers of another part.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from datetime import date

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
ObjArray = npt.NDArray[np.object_]

EPOCH = date(1970, 1, 1)
# A 0-d object array holding None: the "missing" branch of np.where over object arrays.
NULL: ObjArray = np.full((), None, dtype=object)


def stream(seed: int, name: str) -> np.random.Generator:
    """An independent generator for one named part of the world."""
    return np.random.default_rng([seed & 0xFFFFFFFF, zlib.crc32(name.encode("utf-8"))])


def day_number(value: date) -> int:
    """Days since 1970-01-01, the integer date representation used inside the world."""
    return (value - EPOCH).days


def from_day_number(days: int) -> date:
    return date.fromordinal(EPOCH.toordinal() + int(days))


def quantile_sample(
    rng: np.random.Generator, n: int, knots: Sequence[tuple[float, float]]
) -> FloatArray:
    """Draw from a distribution given by (probability, value) knots, interpolated in log space.

    Observed data is described by quartiles rather than by a named distribution, so sampling the
    piecewise quantile function reproduces those quartiles directly.
    """
    probs = np.array([k[0] for k in knots])
    logs = np.log(np.array([k[1] for k in knots]))
    values: FloatArray = np.exp(np.interp(rng.random(n), probs, logs))
    return values


def skewed_lag(rng: np.random.Generator, n: int, median: float, maximum: int) -> IntArray:
    """Non-negative integer lags with the given median and hard maximum (log-normal body)."""
    values = rng.lognormal(np.log(median + 1.0), 0.8, n) - 1.0
    return np.clip(np.rint(values), 0, maximum).astype(np.int64)


def uuid_bytes(rng: np.random.Generator, n: int) -> npt.NDArray[np.uint8]:
    """Uppercase random (version 4) UUIDs as an (n, 36) ASCII byte matrix, without a row loop."""
    raw = np.frombuffer(rng.bytes(16 * n), dtype=np.uint8).reshape(n, 16).copy()
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80
    digits = np.frombuffer(b"0123456789ABCDEF", dtype=np.uint8)
    hexed = np.empty((n, 32), dtype=np.uint8)
    hexed[:, 0::2] = digits[raw >> 4]
    hexed[:, 1::2] = digits[raw & 0x0F]
    out = np.full((n, 36), ord("-"), dtype=np.uint8)
    out[:, 0:8] = hexed[:, 0:8]
    out[:, 9:13] = hexed[:, 8:12]
    out[:, 14:18] = hexed[:, 12:16]
    out[:, 19:23] = hexed[:, 16:20]
    out[:, 24:36] = hexed[:, 20:32]
    return out


def uuids(rng: np.random.Generator, n: int) -> ObjArray:
    """Uppercase random UUID strings."""
    return uuid_bytes(rng, n).view("S36").ravel().astype("U36").astype(object)


def weighted_days(
    rng: np.random.Generator, n: int, start: date, end: date, quiet_weight: float = 0.35
) -> IntArray:
    """Sorted day numbers in [start, end] with low volume in January-March, as observed."""
    first, last = day_number(start), day_number(end)
    days = np.arange(first, last + 1, dtype=np.int64)
    months = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64) % 12 + 1
    weights = np.where(months <= 3, quiet_weight, 1.0)
    # Weekends get little activity in public institutions.
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; 0 = Monday
    weights = weights * np.where(weekday >= 5, 0.15, 1.0)
    picked = rng.choice(days, size=n, p=weights / weights.sum())
    return np.sort(picked)


def seconds_of_day(rng: np.random.Generator, n: int) -> IntArray:
    """Office-hours clock times (08:00-18:59) as seconds since midnight."""
    return rng.integers(8 * 3600, 19 * 3600, n, dtype=np.int64)


def choose(rng: np.random.Generator, values: list[str], n: int, p: list[float]) -> ObjArray:
    weights = np.asarray(p, dtype=np.float64)
    idx = rng.choice(len(values), size=n, p=weights / weights.sum())
    return np.asarray(values, dtype=object)[idx]


def group_rank(keys: IntArray) -> IntArray:
    """0-based position of each element inside its run of equal keys (keys must be grouped)."""
    n = len(keys)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.r_[True, keys[1:] != keys[:-1]]
    start_index = np.maximum.accumulate(np.where(starts, np.arange(n), 0))
    return np.arange(n, dtype=np.int64) - start_index
