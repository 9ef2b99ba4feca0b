"""Contracts: the demand sheet (min/max per institution, unit, clave and year) and the contract
register with its amendments (CM1, CM2, ...).

Maxima are set above what the world actually ordered (by 5-60 %), minima are 40 % of the maximum
rounded to whole pieces (DOMAIN §5), so balances, burn rates and minimum-at-risk all have real
values to compute.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from .catalog import PRODUCTS, STATE_NAMES, TENDER
from .imss_world import ImssTables
from .imssb_world import ImssbTables
from .randomness import day_number, stream

FUND_LABELS = {"034": "RAMO 12", "122": "FONSABI (Acdo. E.VI.7/1122)", "188": "E023"}


def build_demand(seed: int, imss: ImssTables, imssb: ImssbTables) -> pd.DataFrame:
    rng = stream(seed, "demand")
    o = imss.orders[imss.orders["estatus"] != "Cancelada"]
    year = o["fecha_expedicion"].to_numpy().astype("datetime64[D]").astype("datetime64[Y]")
    a = pd.DataFrame(
        {
            "institucion": "IMSS",
            "homologada": "IMSS",
            "unidad": imss.units["name"].to_numpy(dtype=object)[o["unit"].to_numpy()],
            "entidad": imss.units["unit6"].str[:2].to_numpy(dtype=object)[o["unit"].to_numpy()],
            "anio": year.astype(np.int64) + 1970,
            "fte": "Propia",
            "contrato": o["contrato"].to_numpy(dtype=object),
            "product": o["product"].to_numpy(),
            "ordered": o["cantidad"].to_numpy(),
        }
    )
    b_orders = imssb.orders[~imssb.orders["cancelled"]]
    b = pd.DataFrame(
        {
            "institucion": np.where(b_orders["year"] < 2025, "INSABI", "IMSS-BIENESTAR"),
            "homologada": np.where(b_orders["year"] < 2025, "INSABI ESTADOS", "IMSS-BIENESTAR"),
            "unidad": np.asarray(STATE_NAMES, dtype=object)[b_orders["state"].to_numpy() - 1],
            "entidad": np.asarray(STATE_NAMES, dtype=object)[b_orders["state"].to_numpy() - 1],
            "anio": b_orders["year"].to_numpy(),
            "fte": b_orders["family"].map(FUND_LABELS).to_numpy(dtype=object),
            "contrato": b_orders["contrato"].to_numpy(dtype=object),
            "product": b_orders["product"].to_numpy(),
            "ordered": b_orders["cantidad"].to_numpy(),
        }
    )
    both = pd.concat([a, b], ignore_index=True)
    keys = ["institucion", "homologada", "unidad", "entidad", "anio", "fte", "contrato", "product"]
    demand: pd.DataFrame = both.groupby(keys, sort=True)["ordered"].sum().reset_index()
    n = len(demand)
    factor = rng.uniform(1.05, 1.6, n)
    demand["qty_max"] = (np.ceil(demand["ordered"].to_numpy() * factor / 10) * 10).astype(np.int64)
    demand["qty_min"] = np.rint(demand["qty_max"].to_numpy() * 0.4).astype(np.int64)
    demand["precio"] = np.array([p.price for p in PRODUCTS])[demand["product"].to_numpy()]
    demand["clave"] = np.asarray([p.clave for p in PRODUCTS], dtype=object)[demand["product"]]
    demand["proveedor2"] = np.where(rng.random(n) < 0.5, "PROVEEDOR DOS SA DE CV", "")
    return demand


def build_contract_lines(demand: pd.DataFrame) -> pd.DataFrame:
    lines = demand.groupby(["contrato", "institucion", "product", "clave"], as_index=False).agg(
        qty_min=("qty_min", "sum"), qty_max=("qty_max", "sum"), precio=("precio", "first")
    )
    start_year = lines["contrato"].str.extract(r"(20\d\d)(?:/20\d\d)?$")[0]
    imss_year = "20" + lines["contrato"].str[1:3]
    year = start_year.fillna(imss_year).astype(int)
    end_year = np.where(lines["contrato"].str.contains("/").to_numpy(), year + 1, year)
    lines["start_day"] = [day_number(date(int(y), 1, 1)) for y in year]
    lines["end_day"] = [day_number(date(int(y), 12, 31)) for y in end_year]
    return lines


def build_register(seed: int, lines: pd.DataFrame) -> pd.DataFrame:
    """One `Primigenio` row per contract plus amendments in force from their date."""
    rng = stream(seed, "contract-register")
    rows: list[dict[str, object]] = []
    for contrato, group in lines.groupby("contrato", sort=True):
        inst = str(group["institucion"].iat[0])
        start, end = int(group["start_day"].min()), int(group["end_day"].max())
        maxima = {str(c): int(q) for c, q in zip(group["clave"], group["qty_max"], strict=True)}
        prices = {str(c): int(p) for c, p in zip(group["clave"], group["precio"], strict=True)}
        rows.append(
            _register_row(inst, str(contrato), start, end, maxima, prices, "Primigenio", "")
        )
        n_amend = int(rng.choice([0, 1, 2, 3], p=[0.4, 0.3, 0.2, 0.1]))
        for k in range(1, n_amend + 1):
            kind = str(
                rng.choice(["Ampliación de fecha", "Ampliación de máximos", "Inclusión de marca"])
            )
            if kind == "Ampliación de fecha":
                end += int(rng.integers(30, 121))
            elif kind == "Ampliación de máximos":
                maxima = {c: int(q * rng.uniform(1.05, 1.2)) for c, q in maxima.items()}
            rows.append(
                _register_row(inst, str(contrato), start, end, maxima, prices, f"CM{k}", kind)
            )
    return pd.DataFrame(rows)


def _register_row(
    inst: str,
    contrato: str,
    start: int,
    end: int,
    maxima: dict[str, int],
    prices: dict[str, int],
    version: str,
    objeto: str,
) -> dict[str, object]:
    products = "; ".join(
        f"Clave {c}, Precio ${prices[c]:,.2f}, Piezas {q:,}" for c, q in sorted(maxima.items())
    )
    label = version if version != "Primigenio" else "Contrato"
    status = "Formalizado" if version == "Primigenio" or int(version[2:]) < 3 else "NO formalizado"
    return {
        "institucion": inst,
        "procedimiento": TENDER,
        "contrato": contrato,
        "start_day": start,
        "end_day": end,
        "productos": products,
        "total": sum(prices[c] * q for c, q in maxima.items()),
        "archivo": f"{contrato.replace('/', '-')}_{label}_{status}.pdf",
        "estatus": status,
        "convenio": "" if version == "Primigenio" else version,
        "objeto": objeto,
        "tipo": "Primigenio" if version == "Primigenio" else "Modificatorio",
    }
