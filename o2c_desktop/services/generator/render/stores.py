"""The mall operator's store feed as monthly CSV files `tiendas/store_invoices_<YYYY-MM>.csv`
(UTF-8, split by issue month)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..model import Checkpoint, GeneratedFile
from ..world import World
from .common import timestamp_text

COLUMNS = (
    "emisor_rfc",
    "tienda",
    "serie",
    "folio",
    "uuid",
    "fecha_emision",
    "fecha_carga",
    "estado",
)


def render_stores(world: World, out: Path, checkpoint: Checkpoint) -> list[GeneratedFile]:
    t = world.stores.table
    frame = pd.DataFrame(
        {
            "emisor_rfc": t["emisor_rfc"].to_numpy(dtype=object),
            "tienda": t["tienda"].to_numpy(dtype=object),
            "serie": t["serie"].to_numpy(dtype=object),
            "folio": t["folio"].to_numpy(dtype=object),
            "uuid": t["uuid"].to_numpy(dtype=object),
            "fecha_emision": timestamp_text(t["emitted"].to_numpy()),
            "fecha_carga": timestamp_text(t["uploaded"].to_numpy()),
            "estado": t["estado"].to_numpy(dtype=object),
        }
    )
    month = (t["emitted"].to_numpy() // 86_400).astype("datetime64[D]").astype("datetime64[M]")
    folder = out / "tiendas"
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for m in np.unique(month):
        pick = month == m
        path = folder / f"store_invoices_{m}.csv"
        frame[pick].to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
        files.append(GeneratedFile("store-invoices", path, int(pick.sum())))
        checkpoint()
    return files


__all__ = ["COLUMNS", "render_stores"]
