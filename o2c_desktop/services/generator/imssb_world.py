"""IMSS-Bienestar (and INSABI, its predecessor) side: contracts, Camunda supply orders,
warehouse deliveries and the penalty letters for late deliveries.

Supply order ids follow `<INST>-<EE>-02-<YYYY>-<ID>-<FUND>` (DOMAIN §9.1): INSABI-era `U00`
dominates 2023, `IMB` 2024 and `IMBB` 2025; the fund suffix follows the contract family
(-034- → ASF, -122- → F7/F, -188- → E023; 2025: U013 / E001).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from .catalog import CLUES_STATES, IMSSB_MINOR_INSTITUTIONS, PRODUCTS, STATE_NAMES
from .randomness import IntArray, ObjArray, day_number, quantile_sample, stream, weighted_days

START = date(2023, 1, 1)
QTY_KNOTS = [(0.0, 1), (0.25, 8), (0.5, 30), (0.75, 110), (0.98, 2500), (1.0, 12000)]
FAMILIES = ("034", "122", "188")
FAMILY_WEIGHTS = (0.6, 0.25, 0.15)


@dataclass(frozen=True)
class ImssbTables:
    clues: pd.DataFrame
    orders: pd.DataFrame
    deliveries: pd.DataFrame
    penalties: pd.DataFrame


def contract_id(family: str, period: str) -> str:
    agency = "INSABI" if period == "2023/2024" else "IMSSB"
    return f"LA-E115-2022-MED-{agency}-{family}-{period}"


def build_clues(seed: int, scale: int) -> pd.DataFrame:
    rng = stream(seed, "imssb-clues")
    n = int(min(3000, 64 + scale // 200))
    state = np.r_[np.arange(31), rng.integers(0, 31, n - 31)] + 1  # index into CLUES_STATES
    state = np.sort(state)
    inst = np.asarray(["SSA", "SMP", "IMB"], dtype=object)[rng.choice(3, n, p=[0.6, 0.15, 0.25])]
    number = rng.choice(1_000_000, size=n, replace=False)
    codes = (
        np.asarray(CLUES_STATES, dtype=object)[state]
        + inst
        + pd.Series(number).astype(str).str.zfill(6).to_numpy(dtype=object)
    )
    return pd.DataFrame(
        {
            "clues": codes,
            "state": state,
            "unit_name": [
                f"HOSPITAL GENERAL {STATE_NAMES[s]} {i % 7 + 1}" for i, s in enumerate(state)
            ],
        }
    )


def _institution_prefix(rng: np.random.Generator, year: IntArray) -> ObjArray:
    n = len(year)
    u = rng.random(n)
    minor = np.asarray(IMSSB_MINOR_INSTITUTIONS, dtype=object)[
        rng.integers(0, len(IMSSB_MINOR_INSTITUTIONS), n)
    ]
    y2023 = np.where(u < 0.70, "U00", np.where(u < 0.85, "IMB", minor))
    y2024 = np.where(u < 0.85, "IMB", np.where(u < 0.90, "U00", minor))
    y2025 = np.where(u < 0.80, "IMBB", np.where(u < 0.90, "HECB", minor + "B"))
    return np.select([year == 2023, year == 2024], [y2023, y2024], y2025).astype(object)


def build_orders(seed: int, n: int, as_of: date, clues: pd.DataFrame) -> pd.DataFrame:
    rng = stream(seed, "imssb-orders")
    issue = weighted_days(rng, n, START, as_of)
    year = issue.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    clues_state = clues["state"].to_numpy()
    pick = rng.integers(0, len(clues), n)
    state = clues_state[pick]  # 1-based index: EE = state + 1 (02-32)
    ee = pd.Series(state + 1).astype(str).str.zfill(2).to_numpy(dtype=object)
    family = np.asarray(FAMILIES, dtype=object)[rng.choice(3, n, p=list(FAMILY_WEIGHTS))]
    fund = np.select(
        [year < 2025, year >= 2025],
        [
            pd.Series(family).map({"034": "ASF", "122": "F7", "188": "E023"}).to_numpy(object),
            pd.Series(family).map({"034": "U013", "122": "F", "188": "E001"}).to_numpy(object),
        ],
    ).astype(object)
    fund = np.where((fund == "F7") & (rng.random(n) < 0.3), "F", fund).astype(object)
    counter = rng.permutation(n).astype(np.int64)
    fmt = rng.random(n)
    other_ee = pd.Series((state + 7) % 31 + 2).astype(str).str.zfill(2).to_numpy(dtype=object)
    lead = np.where(rng.random(n) < 0.97, ee, other_ee)
    eight = lead + pd.Series(counter % 1_000_000).astype(str).str.zfill(6).to_numpy(object)
    ten = lead + pd.Series(counter).astype(str).str.zfill(8).to_numpy(object)
    six = pd.Series(counter).astype(str).str.zfill(6).to_numpy(object)
    ident = np.where(fmt < 0.80, eight, np.where(fmt < 0.95, ten, six))
    if n > 1_000_000:  # six- and eight-digit ids would repeat; keep them unique
        ident = ten
    period = np.where(year < 2025, "2023/2024", "2025").astype(object)
    contract = (
        "LA-E115-2022-MED-"
        + np.where(year < 2025, "INSABI-", "IMSSB-").astype(object)
        + family
        + "-"
        + period
    )
    numero = (
        _institution_prefix(rng, year)
        + "-"
        + ee
        + "-02-"
        + year.astype(str).astype(object)
        + "-"
        + ident
        + "-"
        + fund
    )
    weights = np.array([p.demand_weight for p in PRODUCTS])
    product = rng.choice(len(PRODUCTS), size=n, p=weights / weights.sum())
    price = np.array([p.price for p in PRODUCTS], dtype=np.int64)[product]
    qty = np.maximum(1, np.rint(quantile_sample(rng, n, QTY_KNOTS))).astype(np.int64)
    cancelled = rng.random(n) < 0.03
    return pd.DataFrame(
        {
            "numero_orden_suministro": numero,
            "contrato": contract,
            "family": family,
            "year": year,
            "fecha_expedicion": issue,
            "fecha_limite": issue + rng.integers(10, 31, n),
            "fecha_autorizacion": issue - rng.integers(0, 3, n),
            "clues": clues["clues"].to_numpy(dtype=object)[pick],
            "state": state,
            "product": product,
            "cantidad": qty,
            "precio": price,
            "importe": qty * price,
            "cancelled": cancelled,
            "orden_remision": 7_000_000 + rng.permutation(n).astype(np.int64),
        }
    )


def build_deliveries(seed: int, orders: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """One stamped delivery per order (a few short), with the IMSS lateness profile."""
    rng = stream(seed, "imssb-deliveries")
    n = len(orders)
    profile = rng.random(n)
    deadline = orders["fecha_limite"].to_numpy()
    issue = orders["fecha_expedicion"].to_numpy()
    window = np.maximum(deadline - issue - 1, 1)
    day = np.select(
        [profile < 0.70, profile < 0.90, profile < 0.95],
        [
            deadline - rng.integers(0, window),
            deadline + rng.integers(1, 6, n),
            deadline + rng.integers(6, 41, n),
        ],
        -1,
    )
    qty = orders["cantidad"].to_numpy()
    short = (rng.random(n) < 0.04) & (qty > 3)
    pieces = np.where(short, np.maximum(1, qty * rng.uniform(0.3, 0.9, n)).astype(np.int64), qty)
    keep = (day >= 0) & (day <= day_number(as_of)) & ~orders["cancelled"].to_numpy()
    idx = np.flatnonzero(keep)
    return pd.DataFrame(
        {
            "order_idx": idx,
            "orden": orders["numero_orden_suministro"].to_numpy()[idx],
            "fecha_entrega": day[idx],
            "piezas": pieces[idx],
            "days_late": np.maximum(day[idx] - deadline[idx], 0),
        }
    )


def build_penalties(
    seed: int, orders: pd.DataFrame, deliveries: pd.DataFrame, as_of: date
) -> pd.DataFrame:
    """Letters (OFICIO) for most late deliveries; the amount is the institution's call."""
    rng = stream(seed, "imssb-penalties")
    late = deliveries[deliveries["days_late"] > 0]
    n = len(late)
    oficio_day = late["fecha_entrega"].to_numpy() + rng.integers(30, 91, n)
    chosen = (rng.random(n) < 0.8) & (oficio_day <= day_number(as_of))
    late = late[chosen]
    oficio_day = oficio_day[chosen]
    n = len(late)
    idx = late["order_idx"].to_numpy()
    price = orders["precio"].to_numpy()[idx]
    days = np.minimum(late["days_late"].to_numpy(), 5)
    pena = np.round(late["piezas"].to_numpy() * price * days * 0.02, 2)
    year = oficio_day.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    oficio = (
        "IMSSB/OAP/"
        + pd.Series(np.arange(1, n + 1) * 3 + 100).astype(str).to_numpy(object)
        + "/"
        + year.astype(str).astype(object)
    )
    return pd.DataFrame(
        {
            "order_idx": idx,
            "orden": late["orden"].to_numpy(),
            "pena": pena,
            "oficio": oficio,
            "oficio_day": oficio_day,
            "credit_note_day": oficio_day + rng.integers(5, 31, n),
        }
    ).reset_index(drop=True)


def build_imssb(seed: int, n_orders: int, as_of: date, scale: int) -> ImssbTables:
    clues = build_clues(seed, scale)
    orders = build_orders(seed, n_orders, as_of, clues)
    deliveries = build_deliveries(seed, orders, as_of)
    penalties = build_penalties(seed, orders, deliveries, as_of)
    return ImssbTables(clues=clues, orders=orders, deliveries=deliveries, penalties=penalties)
