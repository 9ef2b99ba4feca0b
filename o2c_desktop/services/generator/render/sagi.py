"""SAGI scrapes saved as `sagi/<YYYY MM DD HHh> SAGI_2024.xlsx`: 12 columns including the scrape
artefacts (`Unnamed: 0`, `Número de oficio`, `Opciones`), `Total` as text `$571182.00`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from ..catalog import SUPPLIER_NAME, SUPPLIER_RFC
from ..model import Checkpoint, GeneratedFile
from ..noise import some_lowercase
from ..randomness import from_day_number, stream
from ..world import World
from .common import as_list, nullable, write_table

HEADERS = (
    "Unnamed: 0", "Número de oficio", "Proveedor", "RFC", "Número de contrato",
    "Orden de suministro", "Número de factura", "Folio fiscal", "Total", "CLUES",
    "Estado de la factura", "Opciones",
)  # fmt: skip


def render_sagi(world: World, out: Path, checkpoint: Checkpoint) -> list[GeneratedFile]:
    files = []
    for day in world.sagi_snapshot_days:
        rng = stream(world.seed, f"render-sagi-{day}")
        snap = world.sagi_snapshot(day)
        n = len(snap)
        empty = [None] * n
        total = "$" + pd.Series(snap["total"].to_numpy()).map("{:.2f}".format).to_numpy(object)
        cols: list[list[Any]] = [
            empty,
            empty,
            [SUPPLIER_NAME] * n,
            [SUPPLIER_RFC] * n,
            as_list(snap["contrato"].to_numpy(dtype=object)),
            nullable(snap["orden"]),
            as_list(snap["folio"].astype(str).to_numpy(dtype=object)),
            as_list(some_lowercase(snap["uuid"].to_numpy(dtype=object), rng, 0.005)),
            as_list(total),
            as_list(snap["clues"].to_numpy(dtype=object)),
            as_list(snap["estado"].to_numpy(dtype=object)),
            ["error"] * n,
        ]
        stamp = from_day_number(day)
        path = out / "sagi" / f"{stamp:%Y %m %d} 10h SAGI_2024.xlsx"
        files.append(
            GeneratedFile("sagi", path, write_table(path, "Sheet1", HEADERS, cols, checkpoint))
        )
    return files
