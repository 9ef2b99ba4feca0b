"""IMSS side of the world: receiving units, yearly contracts, SAI orders and altas.

Orders carry one clave each (as observed). Confirmed and pending orders are delivered with the
profile of DOMAIN §9.2: ~70 % on time, ~20 % 1-5 days late, ~10 % later or never, in 1-3 altas.
A few cancelled orders are delivered anyway, and a few altas are later withdrawn from SAI so that
an invoice cites an alta SAI no longer shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from .catalog import DELEGATIONS, HOSPITAL_TYPES, PREI_BUSINESS_UNITS, PRODUCTS
from .randomness import (
    IntArray,
    day_number,
    group_rank,
    quantile_sample,
    stream,
    weighted_days,
)

START = date(2023, 1, 1)
QTY_KNOTS = [(0.0, 5), (0.25, 90), (0.5, 500), (0.75, 1400), (0.97, 6000), (1.0, 21000)]
ORDER_STATUSES = ["Confirmada", "Pendiente", "Cancelada"]


@dataclass(frozen=True)
class ImssTables:
    units: pd.DataFrame
    orders: pd.DataFrame
    altas: pd.DataFrame


def build_units() -> pd.DataFrame:
    """Receiving units: one delegation warehouse per delegation, extra warehouses, UMAEs."""
    unit6: list[str] = []
    names: list[str] = []
    hospital: list[bool] = []
    for i, state in enumerate(DELEGATIONS, start=1):
        unit6.append(f"{i:02d}8001")
        # Accents and wording are inconsistent in real unit names.
        names.append(
            f"ALMACÉN DELEGACIONAL {state}" if i % 9 == 5 else f"ALMACEN DELEGACIONAL EN {state}"
        )
        hospital.append(False)
    for code, kind in (("09", "8002"), ("15", "8002"), ("21", "8003"), ("16", "8003")):
        unit6.append(f"{code}{kind}")
        names.append(f"ALMACEN DE MEDICAMENTOS {DELEGATIONS[int(code) - 1]} {kind[-1]}")
        hospital.append(False)
    unit6.append("328005")
    names.append("SUBALMACEN ZACATECAS")
    hospital.append(False)
    for code, (kind, name) in zip(
        ("14", "36", "09", "37", "09", "09", "37", "37", "21"), HOSPITAL_TYPES, strict=True
    ):
        unit6.append(f"{code}{kind}")
        names.append(name)
        hospital.append(True)
    hosp = np.array(hospital)
    business = [
        PREI_BUSINESS_UNITS[int(u[:2]) - 1]
        if not h
        else PREI_BUSINESS_UNITS[37 + i % (len(PREI_BUSINESS_UNITS) - 37)]
        for i, (u, h) in enumerate(zip(unit6, hospital, strict=True))
    ]
    return pd.DataFrame(
        {
            "unit6": unit6,
            "name": names,
            "hospital": hosp,
            "clas_ptal_recep": [
                u + ("200203" if h else "150900") for u, h in zip(unit6, hospital, strict=True)
            ],
            "business_unit": business,
            "weight": np.where(hosp, 1.0, 3.0),
        }
    )


def imss_contract_ids(seed: int, years: list[int]) -> dict[int, str]:
    """One contract per year: `U` + 6 digits, or 8 digits for one year (both seen)."""
    rng = stream(seed, "imss-contracts")
    out = {}
    for year in years:
        six = f"U{year % 100}{rng.integers(0, 10_000):04d}"
        out[year] = six + f"{rng.integers(10, 100)}" if year == 2024 else six
    return out


def build_orders(
    seed: int, n: int, as_of: date, units: pd.DataFrame, contracts: dict[int, str]
) -> pd.DataFrame:
    rng = stream(seed, "imss-orders")
    issue = weighted_days(rng, n, START, as_of)
    step = max(2, min(16, 9_000_000 // max(n, 1)))
    orden = 40_000_000 + np.cumsum(rng.integers(1, step, n, dtype=np.int64))
    weights = np.array([p.demand_weight for p in PRODUCTS])
    product = rng.choice(len(PRODUCTS), size=n, p=weights / weights.sum())
    price = np.array([p.price for p in PRODUCTS], dtype=np.int64)[product]
    qty = np.maximum(1, np.rint(quantile_sample(rng, n, QTY_KNOTS))).astype(np.int64)
    uw = units["weight"].to_numpy()
    unit = rng.choice(len(units), size=n, p=uw / uw.sum())
    status = rng.choice(3, size=n, p=[0.85, 0.10, 0.05])
    year = issue.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    return pd.DataFrame(
        {
            "orden": orden,
            "contrato": pd.Series(year).map(contracts).to_numpy(dtype=object),
            "solicitud": (30_000_000 + orden % 10_000_000 + rng.integers(0, 9, n)).astype(str),
            "generacion": np.asarray(["G1", "G2", "G3"], dtype=object)[rng.integers(0, 3, n)],
            "product": product,
            "fecha_expedicion": issue,
            "unit": unit,
            "estatus": np.asarray(ORDER_STATUSES, dtype=object)[status],
            "fecha_entrega": issue + rng.integers(10, 31, n),
            "cantidad": qty,
            "precio": price,
            "importe": qty * price,
        }
    )


def build_altas(seed: int, orders: pd.DataFrame, as_of: date, units: pd.DataFrame) -> pd.DataFrame:
    rng = stream(seed, "imss-altas")
    n = len(orders)
    status = orders["estatus"].to_numpy()
    cancelled = status == "Cancelada"
    # A few cancelled orders are delivered anyway: a fact the reconciliation must surface.
    delivered_cancelled = cancelled & (rng.random(n) < 0.08)
    profile = rng.random(n)
    timing = np.select([profile < 0.70, profile < 0.90, profile < 0.95], [0, 1, 2], 3)
    timing = np.where(delivered_cancelled, 0, timing)
    n_altas = rng.choice([1, 2, 3], size=n, p=[0.70, 0.22, 0.08])
    qty = orders["cantidad"].to_numpy()
    n_altas = np.where(qty < n_altas * 2, 1, n_altas)
    never = timing == 3
    nothing = never & (rng.random(n) < 0.5)
    has_altas = (~cancelled | delivered_cancelled) & ~nothing
    issue = orders["fecha_expedicion"].to_numpy()
    deadline = orders["fecha_entrega"].to_numpy()
    window = deadline - issue
    final_day = np.select(
        [timing == 0, timing == 1, timing == 2],
        [
            deadline - rng.integers(0, np.maximum(window - 1, 1)),
            deadline + rng.integers(1, 6, n),
            deadline + rng.integers(6, 41, n),
        ],
        deadline - rng.integers(0, np.maximum(window - 1, 1)),
    )
    # Partial "never" orders lose their last alta: the shortfall stays undelivered.
    drop_last = never & ~nothing & (n_altas > 1)

    idx = np.repeat(np.flatnonzero(has_altas), n_altas[has_altas])
    j = group_rank(idx)
    k = n_altas[idx]
    span = np.maximum(final_day[idx] - issue[idx] - 1, 0)
    day = np.where(
        j == k - 1, final_day[idx], issue[idx] + 1 + np.floor(rng.random(len(idx)) * span)
    ).astype(np.int64)
    order_key = np.lexsort((day, idx))
    idx, day, j, k = idx[order_key], day[order_key], j[order_key], k[order_key]
    j = group_rank(idx)
    share = rng.random(len(idx)) + 0.3
    share_sum = np.bincount(idx, weights=share, minlength=n)[idx]
    part = np.floor(qty[idx] * share / share_sum).astype(np.int64)
    part = np.maximum(part, 1)
    taken = np.bincount(idx, weights=part, minlength=n).astype(np.int64)
    last = j == k - 1
    part = np.where(last, part + qty[idx] - taken[idx], part)
    keep = ~(last & drop_last[idx]) & (day <= day_number(as_of)) & (part > 0)
    idx, day, part = idx[keep], day[keep], part[keep]

    unit = orders["unit"].to_numpy()[idx]
    price = orders["precio"].to_numpy()[idx]
    altas = pd.DataFrame(
        {
            "order_idx": idx,
            "noOrden": orders["orden"].to_numpy()[idx],
            "contrato": orders["contrato"].to_numpy()[idx],
            "product": orders["product"].to_numpy()[idx],
            "unit": unit,
            "fecha_alta": day,
            "cantidad": part,
            "importe": part * price,
            "fpp": day + 45,
        }
    )
    altas["noAlta"] = _alta_numbers(rng, altas, units)
    # Altas withdrawn from SAI after being invoiced (rare): invoices then cite a missing alta.
    altas["in_sai"] = rng.random(len(altas)) >= 0.004
    return altas.sort_values(["fecha_alta", "noOrden"], kind="stable").reset_index(drop=True)


def _alta_numbers(rng: np.random.Generator, altas: pd.DataFrame, units: pd.DataFrame) -> IntArray:
    """`<unit6>-<seq6>`, unique and increasing per unit; gaps stand for other suppliers' altas."""
    unit = altas["unit"].to_numpy()
    order = np.lexsort((altas["noOrden"].to_numpy(), altas["fecha_alta"].to_numpy(), unit))
    sorted_unit = unit[order]
    steps = rng.integers(1, 3, len(order))
    csum = np.cumsum(steps)
    starts = np.r_[True, sorted_unit[1:] != sorted_unit[:-1]]
    base_at_start = np.maximum.accumulate(np.where(starts, csum - steps, 0))
    hospital = units["hospital"].to_numpy()[sorted_unit]
    unit_offset = rng.integers(0, 3000, len(units))[sorted_unit]
    seq = np.where(hospital, 800_000, 100_000) + unit_offset + csum - base_at_start
    unit6 = units["unit6"].to_numpy(dtype=object)[sorted_unit]
    text = unit6 + "-" + pd.Series(seq).astype(str).str.zfill(6).to_numpy(dtype=object)
    out = np.empty(len(order), dtype=object)
    out[order] = text
    return out


def build_imss(seed: int, n_orders: int, as_of: date) -> ImssTables:
    units = build_units()
    contracts = imss_contract_ids(seed, list(range(START.year, as_of.year + 1)))
    orders = build_orders(seed, n_orders, as_of, units, contracts)
    altas = build_altas(seed, orders, as_of, units)
    return ImssTables(units=units, orders=orders, altas=altas)
