"""PREI "Facturas vs CR" downloads as real legacy BIFF8 `.xls` files (written with xlwt).

Per snapshot and year: `prei/<YYYY-MM-DD>/[FacturaVsCR][demo.proveedor][dd-mm-yyyy][dd-mm-yyyy].xls`
with an 8-row title block above the 8 headers. A BIFF8 sheet holds at most 65,536 rows, so a year
with more invoices is split into consecutive date ranges, as clerks split refused queries.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import xlwt

from ..catalog import PREI_USER, SUPPLIER_NAME, SUPPLIER_RFC
from ..model import Checkpoint, GeneratedFile
from ..randomness import from_day_number
from ..world import World
from .common import CHECK_EVERY, EXCEL_EPOCH_OFFSET, year_of_day

HEADERS = (
    "Documento", "Folio Fiscal", "Fecha Factura", "Importe", "Fecha Carga", "Unidad Negocio",
    "Contra Recibo", "Estado C.R.",
)  # fmt: skip
MAX_ROWS_PER_FILE = 60_000


def write_prei_xls(
    path: Path, frame: pd.DataFrame, start: date, end: date, checkpoint: Checkpoint
) -> None:
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Facturas vs CR")
    stamp = xlwt.easyxf(num_format_str="YYYY-MM-DD HH:MM:SS")
    bold = xlwt.easyxf("font: bold on")
    titles = [
        "INSTITUTO MEXICANO DEL SEGURO SOCIAL",
        "Portal de Servicios a Proveedores",
        "Consulta de Facturas vs Contra Recibo",
        f"Proveedor: {SUPPLIER_NAME}",
        f"RFC: {SUPPLIER_RFC}",
        f"Fecha inicial: {start:%d/%m/%Y}",
        f"Fecha final: {end:%d/%m/%Y}",
        "",
    ]
    for r, text in enumerate(titles):
        ws.write(r, 0, text, bold)
    for c, h in enumerate(HEADERS):
        ws.write(8, c, h, bold)
    serial_invoice = (frame["invoice_ts"].to_numpy() / 86_400.0 + EXCEL_EPOCH_OFFSET).tolist()
    serial_upload = (frame["carga_ts"].to_numpy() / 86_400.0 + EXCEL_EPOCH_OFFSET).tolist()
    rows = zip(
        frame["documento"].tolist(),
        frame["uuid"].tolist(),
        serial_invoice,
        frame["importe"].astype(float).tolist(),
        serial_upload,
        frame["unidad_negocio"].tolist(),
        frame["contra_recibo"].tolist(),
        frame["estado"].tolist(),
        strict=True,
    )
    for i, (doc, uuid, f_inv, amount, f_up, unit, cr, state) in enumerate(rows):
        r = 9 + i
        ws.write(r, 0, doc)
        ws.write(r, 1, uuid)
        ws.write(r, 2, f_inv, stamp)
        ws.write(r, 3, amount)
        ws.write(r, 4, f_up, stamp)
        ws.write(r, 5, unit)
        ws.write(r, 6, cr)
        ws.write(r, 7, state)
        if i % CHECK_EVERY == 0:
            checkpoint()
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(str(path))


def _ranges(days: np.ndarray, first: int, last: int) -> list[tuple[int, int]]:
    """Split [first, last] into day ranges holding at most MAX_ROWS_PER_FILE invoices."""
    if len(days) <= MAX_ROWS_PER_FILE:
        return [(first, last)]
    sorted_days = np.sort(days)
    out, lo, pos = [], first, 0
    while pos + MAX_ROWS_PER_FILE < len(sorted_days):
        cut = int(sorted_days[pos + MAX_ROWS_PER_FILE]) - 1
        cut = max(cut, lo)
        out.append((lo, cut))
        lo = cut + 1
        pos = int(np.searchsorted(sorted_days, lo))
    out.append((lo, last))
    return out


def render_prei(world: World, out: Path, checkpoint: Checkpoint) -> list[GeneratedFile]:
    files = []
    days = world.prei_snapshot_days
    for i, day in enumerate(days):
        full = i == len(days) - 1
        years = list(range(2023, world.as_of.year + 1)) if full else [world.as_of.year]
        snap = world.prei_snapshot(day, None if full else years)
        snap_date = from_day_number(day)
        invoice_day = snap["invoice_ts"].to_numpy() // 86_400
        year = year_of_day(invoice_day)
        for y in years:
            first = (date(y, 1, 1) - date(1970, 1, 1)).days
            last = min((date(y, 12, 31) - date(1970, 1, 1)).days, day)
            in_year = year == y
            for lo, hi in _ranges(invoice_day[in_year], first, last):
                pick = in_year & (invoice_day >= lo) & (invoice_day <= hi)
                start, end = from_day_number(lo), from_day_number(hi)
                name = f"[FacturaVsCR][{PREI_USER}][{start:%d-%m-%Y}][{end:%d-%m-%Y}].xls"
                path = out / "prei" / snap_date.isoformat() / name
                write_prei_xls(path, snap[pick], start, end, checkpoint)
                files.append(GeneratedFile("prei", path, int(pick.sum())))
    return files
