"""OAP payment notices (`pagos/<YYYY-MM-DD HH-MM> Farmaceutica Demo.xlsx`): title rows above the
header, the header repeated inside the data (page breaks of the original PDF-to-Excel), and a few
unusable rows (non-numeric Importe, no UUID)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from xlsxwriter.worksheet import Worksheet

from ..catalog import OAP_FILE_SUPPLIER, SUPPLIER_NAME
from ..model import Checkpoint, GeneratedFile
from ..randomness import from_day_number
from ..world import World
from .common import discard, nullable, workbook

HEADERS = ("Folio Fiscal", "Referencia", "Importe", "CLC")
REPEAT_EVERY = 40


def render_payments(world: World, out: Path, checkpoint: Checkpoint) -> list[GeneratedFile]:
    pay = world.payments
    files = []
    for pay_day in sorted(set(pay["pay_day"].tolist())):
        notice = pay[pay["pay_day"] == pay_day]
        stamp = from_day_number(pay_day)
        minute = pay_day % 50
        path = out / "pagos" / f"{stamp:%Y-%m-%d} 10-{minute:02d} {OAP_FILE_SUPPLIER}.xlsx"
        wb = workbook(path)
        ws = wb.add_worksheet("Hoja1")
        ws.write_row(0, 0, ["SERVICIOS DE SALUD DEL IMSS-BIENESTAR"])
        ws.write_row(1, 0, ["OFICINA DE ATENCIÓN A PROVEEDORES - AVISO DE PAGO"])
        ws.write_row(2, 0, [f"Proveedor: {SUPPLIER_NAME}", None, f"Fecha: {stamp:%d/%m/%Y}"])
        row = 4
        ws.write_row(row, 0, HEADERS)
        row += 1
        try:
            _write_notice(ws, row, notice, checkpoint)
        except BaseException:
            discard(wb, path)
            raise
        wb.close()
        files.append(GeneratedFile("payments", path, len(notice)))
    return files


def _write_notice(ws: Worksheet, row: int, notice: pd.DataFrame, checkpoint: Checkpoint) -> None:
    importe = np.where(
        notice["excluded"].to_numpy() == "non_numeric_importe",
        "PENDIENTE",
        notice["importe"].astype(object).to_numpy(),
    )
    values = zip(
        nullable(notice["uuid"]),
        notice["referencia"].tolist(),
        importe.tolist(),
        notice["clc"].tolist(),
        strict=True,
    )
    for i, record in enumerate(values):
        if i and i % REPEAT_EVERY == 0:
            ws.write_row(row, 0, HEADERS)
            row += 1
        ws.write_row(row, 0, record)
        row += 1
        if i % 5000 == 0:
            checkpoint()
