"""Camunda "Gestor de Insumos" exports: `ordenesSuministro.xlsx` for 2023-24 orders and monthly
CSV exports for 2025 (`camunda/<YYYY MM DD>_<n>.csv`, UTF-8 with BOM, `\\,` escaped commas, `\\N`
nulls, mixed date formats, `.0` artefacts, hospital suffixes on the contract)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..catalog import (
    CONTRACT_HOSPITAL_SUFFIXES,
    PRODUCTS,
    STATE_NAMES,
    SUPPLIER_NAME,
    SUPPLIER_RFC,
    TENDER,
)
from ..model import Checkpoint, GeneratedFile
from ..randomness import NULL, from_day_number, stream
from ..world import World
from .common import as_list, day_text, write_table

XLSX_HEADERS = (
    "ITEM", "RFC", "RAZÓN SOCIAL", "ALMACÉN ENTREGA", "DIRECCIÓN ALMACÉN", "INSTITUCIÓN REQUIRENTE",
    "NÚMERO DE ORDEN DE SUMINISTRO", "FECHA EXPEDICIÓN DE LA ORDEN",
    "FECHA LÍMITE DE ENTREGA DE LA ORDEN", "CLAVE INSUMO", "DESCRIPCIÓN", "CLUES",
    "ENTIDAD DESTINO FINAL", "CANTIDAD SOLICITADA", "ESTATUS",
)  # fmt: skip
CSV_HEADERS = (
    "numero_orden_suministro", "numero_contrato", "rfc_proveedor", "razon_social",
    "clave_medicamento", "medicamento", "precio_unitario", "cantidad_solicitada",
    "almacen_entrega", "clues_destino", "entidad_destino", "nombre_unidad",
    "descripcion_estatus_orden_suministro", "fecha_autorizacion", "fecha_limite_entrega",
    "numero_procedimiento", "orden_remision", "estatus",
)  # fmt: skip


def _status(world: World, orders: pd.DataFrame) -> np.ndarray:
    delivered = np.zeros(len(world.imssb.orders), dtype=bool)
    delivered[world.imssb.deliveries["order_idx"].to_numpy()] = True
    d = delivered[orders.index.to_numpy()]
    return np.select(
        [orders["cancelled"].to_numpy(), d], ["Cancelada", "Entregada"], "Pendiente de remisión"
    ).astype(object)


def render_camunda(world: World, out: Path, checkpoint: Checkpoint) -> list[GeneratedFile]:
    orders = world.imssb.orders
    clues = world.imssb.clues.set_index("clues")["unit_name"]
    state = np.asarray(STATE_NAMES, dtype=object)[orders["state"].to_numpy() - 1]
    almacen = "ALMACÉN ESTATAL " + state
    clave = np.asarray([p.clave for p in PRODUCTS], dtype=object)[orders["product"].to_numpy()]
    desc = np.asarray([p.description for p in PRODUCTS], dtype=object)[orders["product"].to_numpy()]
    inst = np.where(orders["year"].to_numpy() < 2025, "INSABI", "IMSS-BIENESTAR").astype(object)
    old = np.flatnonzero(orders["year"].to_numpy() < 2025)
    o = orders.iloc[old]
    cols: list[list[Any]] = [
        list(range(1, len(o) + 1)),
        [SUPPLIER_RFC] * len(o),
        [SUPPLIER_NAME] * len(o),
        as_list(almacen[old]),
        as_list("DOMICILIO CONOCIDO, " + state[old]),
        as_list(inst[old]),
        as_list(o["numero_orden_suministro"].to_numpy(dtype=object)),
        as_list(day_text(o["fecha_expedicion"].to_numpy())),
        as_list(day_text(o["fecha_limite"].to_numpy())),
        as_list(clave[old]),
        as_list(desc[old]),
        as_list(o["clues"].to_numpy(dtype=object)),
        as_list(state[old]),
        as_list(o["cantidad"].to_numpy()),
        as_list(_status(world, o)),
    ]
    path = out / "camunda" / "ordenesSuministro.xlsx"
    files = [
        GeneratedFile("camunda", path, write_table(path, "Sheet1", XLSX_HEADERS, cols, checkpoint))
    ]

    rng = stream(world.seed, "render-camunda-csv")
    new = np.flatnonzero(orders["year"].to_numpy() >= 2025)
    o = orders.iloc[new]
    n = len(o)
    status = _status(world, o)
    suffix = np.asarray(CONTRACT_HOSPITAL_SUFFIXES, dtype=object)[rng.integers(0, 7, n)]
    contract = np.where(
        rng.random(n) < 0.15, o["contrato"].to_numpy(dtype=object) + suffix, o["contrato"]
    )
    iso = rng.random(n) < 0.4
    limit = np.where(
        iso,
        day_text(o["fecha_limite"].to_numpy(), "%Y-%m-%d"),
        day_text(o["fecha_limite"].to_numpy()),
    )
    remision = o["orden_remision"].astype(str).to_numpy(dtype=object)
    remision = np.where(rng.random(n) < 0.3, remision + ".0", remision)
    remision = np.where(status == "Entregada", remision, NULL)
    frame = pd.DataFrame(
        {
            "numero_orden_suministro": o["numero_orden_suministro"].to_numpy(dtype=object),
            "numero_contrato": contract,
            "rfc_proveedor": SUPPLIER_RFC,
            "razon_social": "FARMACEUTICA DEMO, S.A. DE C.V.",
            "clave_medicamento": clave[new],
            "medicamento": desc[new],
            "precio_unitario": o["precio"].astype(str).to_numpy(dtype=object),
            "cantidad_solicitada": o["cantidad"].astype(str).to_numpy(dtype=object),
            "almacen_entrega": almacen[new],
            "clues_destino": o["clues"].to_numpy(dtype=object),
            "entidad_destino": state[new],
            "nombre_unidad": clues.reindex(o["clues"]).to_numpy(dtype=object),
            "descripcion_estatus_orden_suministro": np.where(
                status == "Entregada", "Orden entregada, en validación", np.where(
                    status == "Cancelada", NULL, "Pendiente de remisión, en tránsito")),
            "fecha_autorizacion": day_text(o["fecha_autorizacion"].to_numpy()),
            "fecha_limite_entrega": limit,
            "numero_procedimiento": TENDER,
            "orden_remision": remision,
            "estatus": np.where(status == "Cancelada", "CANCELADA", "ACTIVA").astype(object),
        }
    )  # fmt: skip
    month = o["fecha_expedicion"].to_numpy().astype("datetime64[D]").astype("datetime64[M]")
    for m in np.unique(month):
        pick = month == m
        last_day = min(
            int((m + 1).astype("datetime64[D]").astype(np.int64)) - 1,
            int((world.as_of - from_day_number(0)).days),
        )
        stamp = from_day_number(last_day)
        path = out / "camunda" / f"{stamp:%Y %m %d}_1.csv"
        rows = _write_csv(path, frame[pick])
        files.append(GeneratedFile("camunda", path, rows))
        checkpoint()
    return files


def _write_csv(path: Path, frame: pd.DataFrame) -> int:
    escaped = []
    for c in frame.columns:
        values = frame[c].astype(object)
        missing = values.isna().to_numpy()
        text = values.astype(str).str.replace(",", "\\,", regex=False).to_numpy(dtype=object)
        text[missing] = "\\N"
        escaped.append(pd.Series(text, dtype=object))
    lines = escaped[0].str.cat(escaped[1:], sep=",")  # type: ignore[arg-type]
    body = ",".join(frame.columns) + "\n" + "".join(line + "\n" for line in lines.tolist())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8-sig")
    return len(frame)
