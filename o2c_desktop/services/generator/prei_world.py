"""PREI "Facturas vs CR": upload, contrarecibo, approval and payment of IMSS invoices, and the
weekly snapshots a clerk would have downloaded.

Snapshots run weekly over the ten weeks before the as-of date, plus the as-of date itself. The
as-of snapshot queries every year; the weekly runs before it query only the as-of year, as a
clerk's routine sync does (older invoices have long reached their final state). A few invoices
are never uploaded, and a few snapshots show a status that went backwards (kept and flagged by
the loader, DOMAIN §4.3).
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from .catalog import PREI_BUSINESS_UNITS
from .randomness import day_number, skewed_lag, stream

STATES = ("Sin Contra Recibo", "En proceso", "Aprobado", "Pagado")
NEVER_UPLOADED_RATE = 0.02


def snapshot_days(as_of: date) -> list[int]:
    return [day_number(as_of - timedelta(weeks=w)) for w in range(10, 0, -1)] + [day_number(as_of)]


def build_prei(seed: int, invoices: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """One lifecycle row per uploaded IMSS invoice (uploaded means: it may appear in PREI)."""
    rng = stream(seed, "prei")
    imss = invoices[
        (invoices["institution"] == "IMSS") & (invoices["tipo"] == "I") & ~invoices["cancelled"]
    ]
    n = len(imss)
    uploaded = rng.random(n) >= NEVER_UPLOADED_RATE
    inv = imss[uploaded]
    n = len(inv)
    carga_ts = (
        inv["ts"].to_numpy() + skewed_lag(rng, n, 9, 53) * 86_400 + rng.integers(600, 8 * 3600, n)
    )
    carga_day = carga_ts // 86_400
    business = units["business_unit"].to_numpy(dtype=object)[inv["unit"].to_numpy()]
    proposed_cr = carga_day + skewed_lag(rng, n, 12, 60) + 1
    # A contrarecibo groups 1-31 invoices of one business unit (mean ≈ 3).
    order = np.lexsort((proposed_cr, business))
    sizes = np.minimum(rng.geometric(0.33, n), 31)
    boundary = np.zeros(n, dtype=bool)
    boundary[np.cumsum(sizes)[np.cumsum(sizes) < n]] = True
    sorted_business = business[order]
    boundary[1:] |= sorted_business[1:] != sorted_business[:-1]
    boundary[0] = True
    group_sorted = np.cumsum(boundary) - 1
    group = np.empty(n, dtype=np.int64)
    group[order] = group_sorted
    n_groups = int(group_sorted[-1]) + 1 if n else 0
    cr_day = np.zeros(n_groups, dtype=np.int64)
    np.maximum.at(cr_day, group, proposed_cr)
    approved_day = cr_day + rng.integers(3, 26, n_groups)
    paid_day = approved_day + rng.integers(5, 41, n_groups)
    cr_number = (
        150_000 + rng.permutation(max(n_groups, 1))[:n_groups] * 7 + rng.integers(0, 7, n_groups)
    )
    documento = np.empty(n, dtype=np.int64)
    by_upload = np.argsort(carga_ts, kind="stable")
    documento[by_upload] = 32_000_000 + np.cumsum(rng.integers(1, 6, n))
    return pd.DataFrame(
        {
            "uuid": inv["uuid"].to_numpy(),
            "invoice_ts": inv["ts"].to_numpy(),
            "importe": inv["total"].to_numpy(),
            "documento": documento,
            "carga_ts": carga_ts,
            "carga_day": carga_day,
            "unidad_negocio": business,
            "contra_recibo": cr_number[group],
            "cr_day": cr_day[group],
            "approved_day": approved_day[group],
            "paid_day": paid_day[group],
        }
    )


def state_codes(prei: pd.DataFrame, day: int) -> np.ndarray:
    """0..3 index into STATES as of `day`."""
    return (
        (prei["cr_day"].to_numpy() <= day).astype(np.int64)
        + (prei["approved_day"].to_numpy() <= day)
        + (prei["paid_day"].to_numpy() <= day)
    )


def plan_regressions(seed: int, prei: pd.DataFrame, days: list[int]) -> pd.DataFrame:
    """Rare backward moves: an invoice already Aprobado/Pagado shows `En proceso` in one
    intermediate snapshot (both neighbours cover it, so the regression is observable)."""
    rng = stream(seed, "prei-regressions")
    # Intermediate snapshots only cover the as-of year, so only its invoices can show a regression.
    as_of_year = int(np.datetime64(days[-1], "D").astype("datetime64[Y]").astype(np.int64)) + 1970
    year = (prei["invoice_ts"].to_numpy() // 86_400).astype("datetime64[D]").astype(
        "datetime64[Y]"
    ).astype(np.int64) + 1970
    eligible = np.flatnonzero(year == as_of_year)
    n = len(prei)
    rows = []
    target = max(1, n // 2000) if n else 0
    candidates = rng.permutation(eligible)[: target * 4]
    for k in range(1, len(days) - 1):
        before = state_codes(prei, days[k - 1])[candidates]
        now = state_codes(prei, days[k])[candidates]
        ok = (before >= 2) & (now >= 2)
        rows.append(pd.DataFrame({"row": candidates[ok], "snapshot_day": days[k]}))
    pool = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()
    if pool.empty:
        return pd.DataFrame({"uuid": [], "snapshot_day": []})
    pool = pool.drop_duplicates("row").head(target)
    return pd.DataFrame(
        {
            "uuid": prei["uuid"].to_numpy()[pool["row"].to_numpy()],
            "snapshot_day": pool["snapshot_day"].to_numpy(),
        }
    )


def snapshot(
    prei: pd.DataFrame, regressions: pd.DataFrame, day: int, years: list[int] | None
) -> pd.DataFrame:
    """The rows a PREI export made on `day` contains (optionally only invoices of `years`)."""
    present = prei["carga_day"].to_numpy() <= day
    if years is not None:
        year = (prei["invoice_ts"].to_numpy() // 86_400).astype("datetime64[D]").astype(
            "datetime64[Y]"
        ).astype(np.int64) + 1970
        present &= np.isin(year, years)
    rows = prei[present]
    code = state_codes(rows, day)
    regressed = rows["uuid"].isin(regressions.loc[regressions["snapshot_day"] == day, "uuid"])
    code = np.where(regressed.to_numpy(), 1, code)
    out = rows[["uuid", "documento", "invoice_ts", "importe", "carga_ts"]].copy()
    has_cr = code >= 1
    out["unidad_negocio"] = np.where(has_cr, rows["unidad_negocio"].to_numpy(dtype=object), " ")
    out["contra_recibo"] = np.where(
        has_cr,
        pd.Series(rows["contra_recibo"].to_numpy()).astype(str).str.zfill(8).to_numpy(object),
        " ",
    )
    out["estado"] = np.asarray(STATES, dtype=object)[code]
    return out.sort_values("documento", kind="stable").reset_index(drop=True)


__all__ = ["PREI_BUSINESS_UNITS", "STATES", "build_prei", "snapshot", "snapshot_days"]
