"""One consistent world: contracts → orders → altas → invoices → PREI/SAGI snapshots → payments,
deliveries and penalties, plus the mall operator's store feed.

The scale is the number of order lines: 60 % are IMSS order lines (one clave each) and 40 %
IMSS-Bienestar supply orders, close to the observed yearly mix (IMSS 1,000-1,500 lines, IMSS-B
600-900 orders). Values here are clean; renderers add the noise of DOMAIN §9.3. Dates are stored as
day numbers (days since 1970-01-01) and timestamps as seconds since the epoch, so range queries
are cheap integer comparisons.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from . import prei_world, sagi_world
from .contracts_world import build_contract_lines, build_demand, build_register
from .factoring_world import build_factoring
from .imss_world import ImssTables, build_imss
from .imssb_world import ImssbTables, build_imssb
from .invoices_world import build_invoices
from .randomness import day_number
from .stores_world import StoreFeed, build_store_feed

IMSS_SHARE = 0.6

# Table name → the day (or second) column that places a row in time.
DATE_COLUMNS: dict[str, tuple[str, str]] = {
    "imss_orders": ("fecha_expedicion", "day"),
    "imss_altas": ("fecha_alta", "day"),
    "imssb_orders": ("fecha_expedicion", "day"),
    "imssb_deliveries": ("fecha_entrega", "day"),
    "invoices": ("day", "day"),
    "prei": ("carga_day", "day"),
    "sagi_uploads": ("upload_day", "day"),
    "payments": ("pay_day", "day"),
    "penalties": ("oficio_day", "day"),
    "store_invoices": ("emitted", "second"),
}


@dataclass(frozen=True)
class World:
    seed: int
    scale: int
    as_of: date
    imss: ImssTables
    imssb: ImssbTables
    invoices: pd.DataFrame
    p_series_gaps: pd.DataFrame
    prei: pd.DataFrame
    prei_snapshot_days: list[int]
    prei_regressions: pd.DataFrame
    sagi_uploads: pd.DataFrame
    sagi_snapshot_days: list[int]
    payments: pd.DataFrame
    factoring: pd.DataFrame  # the factoring statement's rows (factoring_world)
    demand: pd.DataFrame
    contract_lines: pd.DataFrame
    contract_register: pd.DataFrame
    stores: StoreFeed

    def table(self, name: str) -> pd.DataFrame:
        tables = {
            "imss_orders": self.imss.orders,
            "imss_altas": self.imss.altas,
            "imssb_orders": self.imssb.orders,
            "imssb_deliveries": self.imssb.deliveries,
            "invoices": self.invoices,
            "prei": self.prei,
            "sagi_uploads": self.sagi_uploads,
            "payments": self.payments,
            "penalties": self.imssb.penalties,
            "store_invoices": self.stores.table,
        }
        return tables[name]

    def between(self, name: str, start: date, end: date) -> pd.DataFrame:
        """Rows of a table whose date falls in [start, end] (both inclusive)."""
        column, unit = DATE_COLUMNS[name]
        values = self.table(name)[column].to_numpy()
        lo, hi = day_number(start), day_number(end)
        if unit == "second":
            lo, hi = lo * 86_400, (hi + 1) * 86_400 - 1
        return self.table(name)[(values >= lo) & (values <= hi)]

    def prei_snapshot(self, day: int, years: list[int] | None = None) -> pd.DataFrame:
        return prei_world.snapshot(self.prei, self.prei_regressions, day, years)

    def sagi_snapshot(self, day: int) -> pd.DataFrame:
        return sagi_world.snapshot(self.sagi_uploads, day)


def build_world(*, seed: int, scale: int, as_of: date) -> World:
    if scale < 10:
        raise ValueError("scale must be at least 10 order lines")
    n_imss = round(scale * IMSS_SHARE)
    imss = build_imss(seed, n_imss, as_of)
    imssb = build_imssb(seed, scale - n_imss, as_of, scale)
    invoices, gaps = build_invoices(seed, imss, imssb, as_of)
    prei = prei_world.build_prei(seed, invoices, imss.units)
    factoring = build_factoring(seed, invoices, imss.altas, prei, day_number(as_of))
    prei_days = prei_world.snapshot_days(as_of)
    uploads = sagi_world.build_uploads(seed, invoices, imssb.penalties)
    payments = sagi_world.build_payments(seed, uploads, as_of)
    demand = build_demand(seed, imss, imssb)
    lines = build_contract_lines(demand)
    return World(
        seed=seed,
        scale=scale,
        as_of=as_of,
        imss=imss,
        imssb=imssb,
        invoices=invoices,
        p_series_gaps=gaps,
        prei=prei,
        prei_snapshot_days=prei_days,
        prei_regressions=prei_world.plan_regressions(seed, prei, prei_days),
        sagi_uploads=uploads,
        sagi_snapshot_days=sagi_world.snapshot_days(as_of),
        payments=payments,
        factoring=factoring,
        demand=demand,
        contract_lines=lines,
        contract_register=build_register(seed, lines),
        stores=build_store_feed(seed, scale, as_of),
    )


def year_of_day(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
