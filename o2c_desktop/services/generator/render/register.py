"""The supplier's invoice registers ("Reporte Paq"): IMSS (one row per concept, headers of the
real sample) and IMSS-B (DOMAIN §3.7), each with two title rows above the header."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..catalog import SUPPLIER_NAME
from ..model import Checkpoint, GeneratedFile
from ..noise import some_lowercase
from ..randomness import stream
from ..world import World
from .cfdi import descriptions
from .common import as_list, timestamp_text, write_table

IMSS_HEADERS = (
    "Folio",
    "Referencia",
    "Alta",
    "UUID",
    "Fecha",
    "Nombre",
    "Rfc",
    "Descripcion",
    "Cantidad",
    "Importe",
    "Archivo",
)
IMSSB_HEADERS = (
    "Fecha",
    "Serie",
    "Folio",
    "Razón Social",
    "Total",
    "UUID",
    "UUID Descripción",
    "Referencia",
    "INSABI",
    "Método de pago clave",
    "Uso CFDI",
    "Forma de pago clave",
)


def _titles(world: World, what: str) -> list[list[str]]:
    return [[f"{SUPPLIER_NAME} - Reporte Paq {what}"], [f"Generado al {world.as_of:%d/%m/%Y}"]]


def render_registers(world: World, out: Path, checkpoint: Checkpoint) -> list[GeneratedFile]:
    rng = stream(world.seed, "render-register")
    inv = world.invoices
    imss = inv[(inv["institution"] == "IMSS") & (inv["tipo"] == "I")]
    path = out / "registro" / "Reporte Paq IMSS.xlsx"
    cols = [
        imss["factura"].to_numpy(dtype=object),
        imss["referencia"].astype(np.int64).to_numpy(),  # numeric, as the real export has it
        imss["alta"].to_numpy(dtype=object),
        some_lowercase(imss["uuid"].to_numpy(dtype=object), rng, 0.005),
        timestamp_text(imss["ts"].to_numpy()),
        imss["receptor_nombre"].to_numpy(dtype=object),
        imss["receptor_rfc"].to_numpy(dtype=object),
        descriptions(imss),
        imss["cantidad"].to_numpy(),
        imss["total"].to_numpy(),
        imss["archivo"].to_numpy(dtype=object),
    ]
    rows = write_table(
        path,
        "Reporte Paq",
        IMSS_HEADERS,
        [as_list(c) for c in cols],
        checkpoint,
        title_rows=_titles(world, "IMSS"),
    )
    files = [GeneratedFile("invoice-register", path, rows)]

    b = inv[inv["institution"] == "IMSS-B"]
    credit = b["tipo"].to_numpy() == "E"
    path_b = out / "registro" / "Reporte Paq IMSS-B.xlsx"
    cols_b = [
        timestamp_text(b["ts"].to_numpy()),
        b["serie"].to_numpy(dtype=object),
        b["folio"].to_numpy(),
        b["receptor_nombre"].to_numpy(dtype=object),
        b["total"].to_numpy(),
        # Keys carry stray spaces in this register; loaders remove all whitespace.
        np.where(rng.random(len(b)) < 0.01, b["uuid"].to_numpy(dtype=object) + " ", b["uuid"]),
        np.where(b["cancelled"].to_numpy(dtype=bool), "Cancelado", "Vigente").astype(object),
        b["referencia"].to_numpy(dtype=object),
        np.where(b["client_tag"].to_numpy() == "INSABI", "SI", "NO").astype(object),
        np.where(credit, "PUE", "PPD").astype(object),
        np.where(credit, "G02", "G01").astype(object),
        np.where(credit, "17", "99").astype(object),
    ]
    rows_b = write_table(
        path_b,
        "Reporte PAQ",
        IMSSB_HEADERS,
        [as_list(np.asarray(c, dtype=object)) for c in cols_b],
        checkpoint,
        title_rows=_titles(world, "IMSS-BIENESTAR"),
    )
    files.append(GeneratedFile("invoice-register", path_b, rows_b))
    return files
