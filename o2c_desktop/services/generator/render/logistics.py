"""Logistics files: unified deliveries of both providers (`logistica/entregas.xlsx`) and Provider
A's status report (`logistica/proveedor_a_concentrado.xlsx`, sheet `Concentrado`, header on row 3).

Provider A delivers before the switch date (2025-06-30) and Provider B from then on; a few rows
leave `proveedor3pl` empty so the switch rule has to decide.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..catalog import PRODUCTS, PROVIDER_A, PROVIDER_B, PROVIDER_SWITCH_DAY, SUPPLIER_HEADER_NAME
from ..model import Checkpoint, GeneratedFile
from ..randomness import NULL, day_number, stream
from ..world import World
from .common import as_list, nullable, write_table

UNIFIED_HEADERS = (
    "codigo_entrega",
    "orden",
    "factura",
    "instituto",
    "clave",
    "piezas_entregadas",
    "fecha_entrega",
    "comentarios_entrega",
    "proveedor3pl",
)
CONCENTRADO_HEADERS = (
    "PEDIDO CLIENTE",
    "CANTIDAD SOLICITADA",
    "FECHA DE ENTREGA AL CLIENTE",
    "ESTATUS",
    "MOTIVO",
    "OBSERVACIONES",
    "FACTURA",
    f"OS- {SUPPLIER_HEADER_NAME}",
    "REMISIÓN DE ENTREGA REDI",
    "INSTITUTO",
    "CLAVE",
)
SWITCH = day_number(pd.Timestamp(PROVIDER_SWITCH_DAY).date())


def _first_invoice(inv: pd.DataFrame, key: str) -> pd.Series:
    valid = inv[(inv["tipo"] == "I") & ~inv["cancelled"]]
    return valid.drop_duplicates(key).set_index(key)["factura"]


def render_logistics(world: World, out: Path, checkpoint: Checkpoint) -> list[GeneratedFile]:
    rng = stream(world.seed, "render-logistics")
    inv = world.invoices
    altas = world.imss.altas
    b = world.imssb.deliveries
    border = world.imssb.orders
    spaced = np.asarray([p.spaced for p in PRODUCTS], dtype=object)
    imss_factura = _first_invoice(inv[inv["institution"] == "IMSS"], "alta")
    b_factura = _first_invoice(inv[inv["institution"] == "IMSS-B"], "referencia")
    frame = pd.DataFrame(
        {
            "orden": np.r_[
                altas["noOrden"].astype(str).to_numpy(object), b["orden"].to_numpy(object)
            ],
            "factura": np.r_[
                imss_factura.reindex(altas["noAlta"]).to_numpy(object),
                b_factura.reindex(b["orden"]).to_numpy(object),
            ],
            "instituto": np.r_[
                np.full(len(altas), "IMSS", dtype=object),
                np.where(
                    border["year"].to_numpy()[b["order_idx"].to_numpy()] < 2025,
                    "INSABI",
                    "IMSS-BIENESTAR",
                ),
            ],
            "clave": spaced[
                np.r_[
                    altas["product"].to_numpy(),
                    border["product"].to_numpy()[b["order_idx"].to_numpy()],
                ]
            ],
            "piezas": np.r_[altas["cantidad"].to_numpy(), b["piezas"].to_numpy()],
            "day": np.r_[altas["fecha_alta"].to_numpy(), b["fecha_entrega"].to_numpy()],
        }
    )
    frame = frame.sort_values(["day", "orden"], kind="stable").reset_index(drop=True)
    n = len(frame)
    provider = np.where(frame["day"].to_numpy() < SWITCH, PROVIDER_A, PROVIDER_B).astype(object)
    frame["proveedor3pl"] = np.where(rng.random(n) < 0.03, NULL, provider)
    frame["provider"] = provider
    comment = np.asarray(
        [None, "Entrega parcial", "Sin observaciones", "Recibido en andén"], dtype=object
    )
    frame["comentarios"] = comment[rng.choice(4, n, p=[0.85, 0.05, 0.07, 0.03])]
    frame["codigo"] = "ENT-" + pd.Series(np.arange(1, n + 1)).astype(str).str.zfill(8).to_numpy(
        object
    )
    cols = [
        as_list(frame["codigo"].to_numpy(object)),
        as_list(frame["orden"].to_numpy(object)),
        nullable(frame["factura"]),
        as_list(frame["instituto"].to_numpy(object)),
        as_list(frame["clave"].to_numpy(object)),
        as_list(frame["piezas"].to_numpy()),
        as_list((frame["day"].to_numpy() + 25_569).astype(np.float64)),
        as_list(frame["comentarios"].to_numpy(object)),
        as_list(frame["proveedor3pl"].to_numpy(object)),
    ]
    path = out / "logistica" / "entregas.xlsx"
    rows = write_table(path, "entregas", UNIFIED_HEADERS, cols, checkpoint, date_columns=[6])
    files = [GeneratedFile("deliveries", path, rows)]

    a = frame[(frame["instituto"] != "IMSS") & (frame["provider"] == PROVIDER_A)]
    qty = border.set_index("numero_orden_suministro")["cantidad"]
    remision = border.set_index("numero_orden_suministro")["orden_remision"]
    conc = [
        as_list(a["orden"].to_numpy(object)),
        as_list(qty.reindex(a["orden"]).to_numpy()),
        as_list((a["day"].to_numpy() + 25_569).astype(np.float64)),
        ["Entregado"] * len(a),
        [None] * len(a),
        as_list(a["comentarios"].to_numpy(object)),
        nullable(a["factura"]),
        as_list(a["orden"].to_numpy(object)),
        as_list(remision.reindex(a["orden"]).to_numpy()),
        as_list(a["instituto"].to_numpy(object)),
        as_list(a["clave"].to_numpy(object)),
    ]
    path = out / "logistica" / "proveedor_a_concentrado.xlsx"
    titles = [["PROVIDER A - CONCENTRADO DE ENTREGAS"], [f"Cliente: {SUPPLIER_HEADER_NAME}"]]
    rows = write_table(
        path,
        "Concentrado",
        CONCENTRADO_HEADERS,
        conc,
        checkpoint,
        title_rows=titles,
        date_columns=[2],
    )
    files.append(GeneratedFile("deliveries", path, rows))
    return files
