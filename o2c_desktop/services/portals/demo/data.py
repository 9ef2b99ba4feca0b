"""What the demo portal shows and exports, taken from the data generator's world.

Export files come from the generator's own renderers (real headers, padding, money text, title
rows), so the demo portal serves the same quirks as the generated sample files: the SAI and SAGI
renderers run once at start-up and their rows are filtered per query; PREI files are written per
query by the PREI renderer's writer. The *truth* methods read the clean world tables instead, so
that a test compares what the browser archived with what really happened, not with itself.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from python_calamine import CalamineWorkbook

from o2c_desktop.services.generator import World, build_world
from o2c_desktop.services.generator.randomness import day_number, from_day_number
from o2c_desktop.services.generator.render import prei as prei_render
from o2c_desktop.services.generator.render import sagi as sagi_render
from o2c_desktop.services.generator.render import sai as sai_render
from o2c_desktop.services.generator.render.common import write_table

SAI_KINDS = ("altas", "ordenes")


def _no_checkpoint() -> None:
    return None


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[Any]]


def _read_sheet(path: Path) -> Table:
    workbook = CalamineWorkbook.from_path(str(path))
    values = workbook.get_sheet_by_name(workbook.sheet_names[0]).to_python()
    return Table([str(h) for h in values[0]], [list(r) for r in values[1:]])


def _dmy(text: Any) -> date:
    return datetime.strptime(str(text).strip(), "%d/%m/%Y").date()  # noqa: DTZ007 - a day


class DemoData:
    """The world of one seed and scale, and the portal views of it."""

    def __init__(self, *, seed: int, scale: int, as_of: date) -> None:
        self.world: World = build_world(seed=seed, scale=scale, as_of=as_of)
        self.as_of = as_of
        self._sai: dict[str, Table] = {}
        self._sai_date_column = {"altas": "fechaAltaTrunc", "ordenes": "fechaExpedicion"}
        with tempfile.TemporaryDirectory(prefix="o2c-demo-portal-") as tmp:
            out = Path(tmp)
            for kind, render in (
                ("altas", sai_render.render_altas),
                ("ordenes", sai_render.render_orders),
            ):
                tables = [_read_sheet(f.path) for f in render(self.world, out, _no_checkpoint)]
                self._sai[kind] = Table(tables[0].header, [r for t in tables for r in t.rows])
            sagi_files = sagi_render.render_sagi(self.world, out, _no_checkpoint)
            self.sagi = _read_sheet(sagi_files[-1].path)
        self.sagi_day = from_day_number(self.world.sagi_snapshot_days[-1])
        self.prei = self.world.prei_snapshot(day_number(as_of))
        self._prei_invoice_day = self.prei["invoice_ts"].to_numpy() // 86_400

    # -- SAI ---------------------------------------------------------------------------------

    def sai_rows(self, kind: str, start: date, end: date) -> Table:
        table = self._sai[kind]
        column = table.header.index(self._sai_date_column[kind])
        rows = [r for r in table.rows if start <= _dmy(r[column]) <= end]
        return Table(table.header, rows)

    def sai_export(self, kind: str, start: date, end: date, path: Path) -> int:
        table = self.sai_rows(kind, start, end)
        columns: Sequence[Sequence[Any]] = (
            [list(c) for c in zip(*table.rows, strict=True)]
            if table.rows
            else [[] for _ in table.header]
        )
        return write_table(path, "data", table.header, columns, _no_checkpoint)

    # -- PREI ----------------------------------------------------------------------------------

    def prei_rows(self, start: date, end: date) -> pd.DataFrame:
        day = self._prei_invoice_day
        return self.prei[(day >= day_number(start)) & (day <= day_number(end))]

    def prei_export(self, start: date, end: date, path: Path) -> int:
        frame = self.prei_rows(start, end)
        prei_render.write_prei_xls(path, frame, start, end, _no_checkpoint)
        return len(frame)

    # -- truth (from the clean world) ------------------------------------------------------------

    def truth_keys(self, recipe_id: str, start: date, end: date) -> list[tuple[str, ...]]:
        """Sorted keys of the rows a correct export of ``recipe_id`` for the range holds."""
        if recipe_id == "sai.altas":
            altas = self.world.between("imss_altas", start, end)
            altas = altas[altas["in_sai"]]
            return sorted(
                zip(altas["noAlta"].astype(str), altas["noOrden"].astype(str), strict=True)
            )
        if recipe_id == "sai.ordenes":
            orders = self.world.between("imss_orders", start, end)
            return sorted((str(o),) for o in orders["orden"])
        if recipe_id == "prei.facturas_vs_cr":
            return sorted((str(u).upper(),) for u in self.prei_rows(start, end)["uuid"])
        if recipe_id == "sagi.facturas2024":
            snap = self.world.sagi_snapshot(self.world.sagi_snapshot_days[-1])
            return sorted(zip(snap["uuid"].str.upper(), snap["estado"].astype(str), strict=True))
        raise KeyError(recipe_id)


__all__ = ["SAI_KINDS", "DemoData", "Table", "sagi_render"]
