"""The factoring statement a bank sends the supplier (`factoraje/Estado de cuenta factoraje
<YYYY-MM-DD>.xlsx`): NAFIN "Cadenas Productivas"-style headers, title rows above them, the states
and recourse in the bank's Spanish words, dates as real Excel dates and blank until reached.
A fifth of the rows leave the UUID blank and name the invoice by its folio only."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt

from ..catalog import SUPPLIER_NAME, SUPPLIER_RFC
from ..model import Checkpoint, GeneratedFile
from ..world import World
from .common import EXCEL_EPOCH_OFFSET, write_table

SHEET = "Operaciones"
HEADERS = (
    "Intermediario Financiero", "Folio Fiscal", "Número de documento", "Fecha de publicación",
    "Fecha de operación", "Fecha de vencimiento", "Fecha de cobro", "Fecha de liquidación",
    "Monto del documento", "Porcentaje de anticipo", "Monto a recibir", "Reserva", "Intereses",
    "Tasa", "Recurso", "Estatus",
)  # fmt: skip
ADVANCE_HEADER = "Monto a recibir"
STATE_WORDS = {
    "offered": "Publicada",
    "assigned": "Operada",
    "collected_by_factor": "Cobrada",
    "settled": "Liquidada",
}
TITLE_ROWS = 3


def statement_path(world: World, out: Path) -> Path:
    return out / "factoraje" / f"Estado de cuenta factoraje {world.as_of:%Y-%m-%d}.xlsx"


def spreadsheet_row(position: int) -> int:
    """The 1-based spreadsheet row of the statement's `position`-th operation (0-based)."""
    return TITLE_ROWS + 2 + position


def _dates(days: npt.NDArray[np.int64]) -> list[float | None]:
    serial = (days + EXCEL_EPOCH_OFFSET).astype(np.float64)
    return [
        float(s) if d >= 0 else None for s, d in zip(serial.tolist(), days.tolist(), strict=True)
    ]


def render_factoring(world: World, out: Path, checkpoint: Checkpoint) -> list[GeneratedFile]:
    ops = world.factoring
    if ops.empty:
        return []
    path = statement_path(world, out)
    titles = [
        ["Estado de cuenta de operaciones de factoraje"],
        [f"Proveedor: {SUPPLIER_NAME} (RFC {SUPPLIER_RFC})"],
        [f"Operaciones al {world.as_of:%d/%m/%Y}"],
    ]
    by_folio = ops["by_folio"].to_numpy(dtype=bool)
    columns = [
        ops["factor"].tolist(),
        [None if f else u for f, u in zip(by_folio.tolist(), ops["uuid"].tolist(), strict=True)],
        ops["folio"].tolist(),
        _dates(ops["offer_day"].to_numpy()),
        _dates(ops["advance_day"].to_numpy()),
        _dates(ops["due_day"].to_numpy()),
        _dates(ops["collected_day"].to_numpy()),
        _dates(ops["settled_day"].to_numpy()),
        ops["face"].astype(float).tolist(),
        ops["advance_pct"].astype(int).tolist(),
        ops["advance"].astype(float).tolist(),
        ops["reserve"].astype(float).tolist(),
        ops["fee"].astype(float).tolist(),
        ops["rate_pct"].astype(float).tolist(),
        ["Sí" if r else "No" for r in ops["recourse"].tolist()],
        [STATE_WORDS[s] for s in ops["state"].tolist()],
    ]
    rows = write_table(
        path, SHEET, HEADERS, columns, checkpoint, title_rows=titles, date_columns=range(3, 8)
    )
    return [GeneratedFile("factoring", path, rows)]
