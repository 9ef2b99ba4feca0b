"""IMSS-B penalty breakdown `penas/desglose.xlsx`, sheet `Desglose`: ORDEN DE SUMINISTRO, PENA
(sometimes text with thousands commas), OFICIO and the credit note that settled it (`Folio NC`)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..model import Checkpoint, GeneratedFile
from ..randomness import stream
from ..world import World
from .common import as_list, nullable, write_table

HEADERS = ("ORDEN DE SUMINISTRO", "PENA", "OFICIO", "Folio NC")


def render_penalties(world: World, out: Path, checkpoint: Checkpoint) -> list[GeneratedFile]:
    rng = stream(world.seed, "render-penalties")
    pen = world.imssb.penalties
    inv = world.invoices
    notes = inv[inv["tipo"] == "E"].set_index("penalty_idx")["factura"]
    folio_nc = notes.reindex(pen.index).astype(object)
    pena = pen["pena"].to_numpy()
    as_text = rng.random(len(pen)) < 0.1
    shown = np.where(as_text, [f"{v:,.2f}" for v in pena.tolist()], pena.astype(object))
    cols = [
        as_list(pen["orden"].to_numpy(dtype=object)),
        as_list(np.asarray(shown, dtype=object)),
        as_list(pen["oficio"].to_numpy(dtype=object)),
        nullable(folio_nc),
    ]
    path = out / "penas" / "desglose.xlsx"
    return [
        GeneratedFile("penalties", path, write_table(path, "Desglose", HEADERS, cols, checkpoint))
    ]
