"""Noise of real exports (DOMAIN §9.3), applied by renderers with their own seeded streams."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

ObjArray = npt.NDArray[np.object_]


def money_text(values: npt.NDArray[np.float64], rng: np.random.Generator, share: float) -> ObjArray:
    """Mostly numbers; a share becomes text like `$83.00` or `1,350`, as SAI sometimes exports."""
    out = np.asarray(values, dtype=object).copy()
    pick = np.flatnonzero(rng.random(len(values)) < share)
    dollar = rng.random(len(pick)) < 0.5
    for i, d in zip(pick.tolist(), dollar.tolist(), strict=True):
        v = float(values[i])
        out[i] = f"${v:.2f}" if d else f"{v:,.0f}"
    return out


def some_lowercase(uuids: ObjArray, rng: np.random.Generator, share: float) -> ObjArray:
    out = uuids.copy()
    pick = np.flatnonzero(rng.random(len(uuids)) < share)
    out[pick] = pd.Series(uuids[pick], dtype=object).str.lower().to_numpy(dtype=object)
    return out


def pad(values: ObjArray, width: int) -> ObjArray:
    return pd.Series(values, dtype=object).str.ljust(width).to_numpy(dtype=object)
