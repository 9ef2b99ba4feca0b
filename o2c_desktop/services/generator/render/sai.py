"""SAI exports: `Consulta de Órdenes` and `Reporte de Altas`, one file per calendar-year range
(the portal is queried year by year), sheet `data`, real headers and quirks (DOMAIN §3.1-3.2)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..catalog import PRODUCTS
from ..model import Checkpoint, GeneratedFile
from ..noise import money_text, pad
from ..randomness import stream
from ..world import World
from .common import as_list, day_text, write_table, year_of_day

ORDER_HEADERS = (
    "contrato", "solicitud", "orden", "generacion", "cveArticulo", "fechaExpedicion",
    "lugarEntrega", "descripciónEntrega", "direccionEntrega", "destinoFinal", "estatus",
    "fechaEntrega", "cantidadSolicitada", "precio", "importeSinIva",
)  # fmt: skip
ALTA_HEADERS = (
    "noAlta", "fechaAltaTrunc", "noContrato", "noOrden", "clave", "cantRecibida", "importe",
    "fpp", "clasPtalRecep", "descUnidad", "clasPtalDist", "descDist", "totalItems", "resguardo",
)  # fmt: skip


def render_orders(world: World, out: Path, checkpoint: Checkpoint) -> list[GeneratedFile]:
    rng = stream(world.seed, "render-sai-orders")
    orders, units = world.imss.orders, world.imss.units
    n = len(orders)
    spaced = np.asarray([p.spaced for p in PRODUCTS], dtype=object)
    canonical = np.asarray([p.clave for p in PRODUCTS], dtype=object)
    product = orders["product"].to_numpy()
    clave = np.where(rng.random(n) < 0.85, spaced[product], canonical[product])
    unit = orders["unit"].to_numpy()
    unit6 = units["unit6"].to_numpy(dtype=object)[unit]
    name = units["name"].to_numpy(dtype=object)[unit]
    address = "CALLE " + pd.Series(unit % 97 + 1).astype(str).to_numpy(object) + " S/N, " + name
    cols = [
        orders["contrato"].to_numpy(dtype=object),
        orders["solicitud"].to_numpy(dtype=object),
        orders["orden"].to_numpy(),
        orders["generacion"].to_numpy(dtype=object),
        clave,
        day_text(orders["fecha_expedicion"].to_numpy()),
        unit6,
        name,
        address,
        units["clas_ptal_recep"].to_numpy(dtype=object)[unit],
        orders["estatus"].to_numpy(dtype=object),
        day_text(orders["fecha_entrega"].to_numpy()),
        money_text(orders["cantidad"].to_numpy().astype(np.float64), rng, 0.05),
        money_text(orders["precio"].to_numpy().astype(np.float64), rng, 0.08),
        money_text(orders["importe"].to_numpy().astype(np.float64), rng, 0.05),
    ]
    return _per_year(world, out, "ordenes_export", "sai-ordenes", ORDER_HEADERS, cols,
                     year_of_day(orders["fecha_expedicion"].to_numpy()), checkpoint)  # fmt: skip


def render_altas(world: World, out: Path, checkpoint: Checkpoint) -> list[GeneratedFile]:
    rng = stream(world.seed, "render-sai-altas")
    altas = world.imss.altas
    altas = altas[altas["in_sai"]]
    units = world.imss.units
    n = len(altas)
    unit = altas["unit"].to_numpy()
    recep = units["clas_ptal_recep"].to_numpy(dtype=object)[unit]
    # A few reception codes lose their leading zero (11 digits), as in real exports.
    lost = (rng.random(n) < 0.01) & pd.Series(recep).str.startswith("0").to_numpy()
    recep = np.where(lost, pd.Series(recep).str[1:].to_numpy(object), recep)
    hyphen = np.asarray([p.hyphenated for p in PRODUCTS], dtype=object)
    empty = [None] * n
    cols = [
        altas["noAlta"].to_numpy(dtype=object),
        day_text(altas["fecha_alta"].to_numpy()),
        altas["contrato"].to_numpy(dtype=object),
        altas["noOrden"].to_numpy(),
        hyphen[altas["product"].to_numpy()],
        altas["cantidad"].to_numpy(),
        altas["importe"].to_numpy(),
        day_text(altas["fpp"].to_numpy()),
        recep,
        pad(units["name"].to_numpy(dtype=object)[unit], 70),
        empty, empty, empty, empty,
    ]  # fmt: skip
    return _per_year(world, out, "altas_export", "sai-altas", ALTA_HEADERS, cols,
                     year_of_day(altas["fecha_alta"].to_numpy()), checkpoint)  # fmt: skip


def _per_year(
    world: World,
    out: Path,
    stem: str,
    dataset: str,
    headers: tuple[str, ...],
    cols: list[object],
    year: np.ndarray,
    checkpoint: Checkpoint,
) -> list[GeneratedFile]:
    files = []
    for y in range(2023, world.as_of.year + 1):
        pick = np.flatnonzero(year == y)
        path = out / "sai" / f"{stem}_{y}.xlsx"
        columns = [as_list(np.asarray(c, dtype=object)[pick]) for c in cols]
        rows = write_table(path, "data", headers, columns, checkpoint)
        files.append(GeneratedFile(dataset, path, rows))
    return files
