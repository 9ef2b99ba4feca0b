"""The facts the generator planted, in compact form (keys and ranges, never table copies), so
tests and benchmarks can assert exact answers about the rendered files.

At large scales the per-invoice PREI history and factoring operations are sampled
(`prei_history_complete` and `factoring_operations_complete` say so); every other list is
complete.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from .prei_world import STATES as PREI_STATES
from .randomness import from_day_number
from .render.factoring import ADVANCE_HEADER, SHEET, spreadsheet_row
from .world import World

PREI_HISTORY_LIMIT = 5000
FACTORING_LIMIT = 5000


@dataclass(frozen=True)
class GroundTruth:
    seed: int
    scale: int
    as_of: str
    counts: dict[str, int]
    imss_order_lines: int
    imssb_orders: int
    altas_in_sai: int
    altas_without_invoice: list[list[Any]]  # [noAlta, noOrden]
    invoices_citing_missing_alta: list[list[Any]]  # [uuid, noAlta, noOrden]
    invoices_without_prei: list[str]  # IMSS UUIDs absent from the as-of PREI snapshot
    invoices_never_uploaded_to_prei: list[str]
    amount_mismatches: list[list[Any]]  # [uuid, expected amount, invoiced amount]
    altas_with_several_invoices: list[list[Any]]  # [noAlta, noOrden, [uuids]]
    cancelled_invoices_linked: list[list[Any]]  # [uuid, factura, referencia, alta or None]
    # Of those, the UUIDs a valid CFDI citing them (TipoRelacion 04) replaces on the same alta or
    # supply order: normal substitutions, not exceptions (DOMAIN §4.1).
    cancelled_invoices_replaced: list[str]
    cancelled_orders_delivered: list[int]
    paid_short: list[list[Any]]  # [uuid, invoiced, paid]
    late_deliveries: list[list[Any]]  # [order, days late] (IMSS by SAI altas, IMSS-B by stamp)
    undelivered_lines: list[list[Any]]  # [IMSS order, pieces not received] past the deadline
    prei_snapshots: dict[str, dict[str, int]]  # snapshot date → state → invoices
    prei_history: dict[str, dict[str, str]]  # uuid → state → first-seen snapshot date
    prei_history_complete: bool
    prei_regressions: list[list[str]]  # [uuid, snapshot date]
    sagi_snapshots: dict[str, int]  # snapshot date → rows
    penalties: int
    penalties_total: float
    credit_notes: int
    oap_payments: int  # usable rows
    oap_excluded: dict[str, int]  # reason → rows
    supplier_series: dict[str, Any]
    store_series: dict[str, Any]
    # uuid → {factor, state, recourse, folio_only, face, advance, reserve, fee}: the operation
    # the statement names for each factored invoice (DOMAIN §7 states); the first
    # FACTORING_LIMIT in statement order at large scales.
    factoring_operations: dict[str, dict[str, Any]]
    factoring_operations_complete: bool
    # The statement rows the importer must set aside: {sheet, row, column, uuid, folio, face,
    # advance}, row being the spreadsheet's 1-based row.
    factoring_refused: list[dict[str, Any]]
    # Receivables of the factored invoices by portfolio (cartera) → [invoices, amount].
    factoring_receivables: dict[str, list[Any]]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _iso(day: int) -> str:
    return from_day_number(day).isoformat()


def build_truth(world: World, counts: dict[str, int]) -> GroundTruth:
    imss, inv = world.imss, world.invoices
    altas = imss.altas
    sai = altas[altas["in_sai"]]
    imss_inv = inv[(inv["institution"] == "IMSS") & (inv["tipo"] == "I")]
    invoiced_altas = set(imss_inv["alta"].tolist())
    no_invoice = sai[~sai["noAlta"].isin(invoiced_altas)]
    missing_alta = altas[~altas["in_sai"]]
    citing = imss_inv[imss_inv["alta"].isin(set(missing_alta["noAlta"].tolist()))]

    as_of_day = world.prei_snapshot_days[-1]
    final = world.prei_snapshot(as_of_day)
    valid_imss = imss_inv[~imss_inv["cancelled"]]
    without_prei = valid_imss[~valid_imss["uuid"].isin(set(final["uuid"].tolist()))]
    never = valid_imss[~valid_imss["uuid"].isin(set(world.prei["uuid"].tolist()))]

    mism = inv[inv["amount_mismatch"]]
    expected = mism["expected_total"].to_numpy()
    several = imss_inv.groupby(["alta", "referencia"], sort=True)["uuid"].agg(list)
    several = several[several.map(len) > 1]
    cancelled = inv[inv["cancelled"]]
    # A replacement is a copy of the cancelled invoice (same alta and order) that cites it.
    replacements = inv[(inv["relation"] == "04") & ~inv["cancelled"]]
    replaced = sorted(set(replacements["related_uuid"]) & set(cancelled["uuid"]))
    orders = imss.orders
    delivered_cancel = orders.loc[
        (orders["estatus"] == "Cancelada") & orders["orden"].isin(set(sai["noOrden"].tolist())),
        "orden",
    ]
    return GroundTruth(
        seed=world.seed,
        scale=world.scale,
        as_of=world.as_of.isoformat(),
        counts=counts,
        imss_order_lines=len(orders),
        imssb_orders=len(world.imssb.orders),
        altas_in_sai=len(sai),
        altas_without_invoice=[
            [a, int(o)] for a, o in zip(no_invoice["noAlta"], no_invoice["noOrden"], strict=True)
        ],
        invoices_citing_missing_alta=[
            [u, a, r]
            for u, a, r in zip(citing["uuid"], citing["alta"], citing["referencia"], strict=True)
        ],
        invoices_without_prei=sorted(without_prei["uuid"].tolist()),
        invoices_never_uploaded_to_prei=sorted(never["uuid"].tolist()),
        amount_mismatches=[
            [u, float(e), float(t)]
            for u, e, t in zip(mism["uuid"], expected, mism["total"], strict=True)
        ],
        altas_with_several_invoices=[
            [a, int(r), sorted(u)]
            for a, r, u in zip(
                several.index.get_level_values(0),
                several.index.get_level_values(1),
                several.to_numpy(),
                strict=True,
            )
        ],
        cancelled_invoices_linked=[
            [u, f, r, a]
            for u, f, r, a in zip(
                cancelled["uuid"],
                cancelled["factura"],
                cancelled["referencia"],
                cancelled["alta"],
                strict=True,
            )
        ],
        cancelled_invoices_replaced=replaced,
        cancelled_orders_delivered=sorted(int(o) for o in delivered_cancel),
        paid_short=[
            [u, float(t), float(i)]
            for u, t, i in zip(
                *(
                    world.payments.loc[world.payments["paid_short"], c]
                    for c in ("uuid", "total", "importe")
                ),
                strict=True,
            )
        ],
        late_deliveries=_late(world),
        undelivered_lines=_undelivered(world),
        **_prei_facts(world),
        sagi_snapshots={_iso(d): len(world.sagi_snapshot(d)) for d in world.sagi_snapshot_days},
        penalties=len(world.imssb.penalties),
        penalties_total=round(float(world.imssb.penalties["pena"].sum()), 2),
        credit_notes=int((inv["tipo"] == "E").sum()),
        oap_payments=int((world.payments["excluded"] == "").sum()),
        oap_excluded={
            str(k): int(v)
            for k, v in world.payments.loc[world.payments["excluded"] != "", "excluded"]
            .value_counts()
            .sort_index()
            .items()
        },
        supplier_series=_supplier_series(world),
        store_series=dict(world.stores.facts),
        **_factoring_facts(world),
    )


def _late(world: World) -> list[list[Any]]:
    orders, altas = world.imss.orders, world.imss.altas
    sai = altas[altas["in_sai"]]
    last = sai.groupby("order_idx")["fecha_alta"].max()
    deadline = orders["fecha_entrega"].to_numpy()[last.index.to_numpy()]
    late_days = last.to_numpy() - deadline
    ok = (late_days > 0) & (orders["estatus"].to_numpy()[last.index.to_numpy()] != "Cancelada")
    out: list[list[Any]] = [
        [int(o), int(d)]
        for o, d in zip(
            orders["orden"].to_numpy()[last.index.to_numpy()[ok]], late_days[ok], strict=True
        )
    ]
    dl = world.imssb.deliveries[world.imssb.deliveries["days_late"] > 0]
    out.extend([o, int(d)] for o, d in zip(dl["orden"], dl["days_late"], strict=True))
    return out


def _undelivered(world: World) -> list[list[Any]]:
    orders, altas = world.imss.orders, world.imss.altas
    sai = altas[altas["in_sai"]]
    received = np.bincount(
        sai["order_idx"].to_numpy(), weights=sai["cantidad"].to_numpy(), minlength=len(orders)
    )
    short = orders["cantidad"].to_numpy() - received.astype(np.int64)
    due = orders["fecha_entrega"].to_numpy() < world.prei_snapshot_days[-1]
    pick = (short > 0) & due & (orders["estatus"].to_numpy() != "Cancelada")
    return [
        [int(o), int(q)] for o, q in zip(orders["orden"].to_numpy()[pick], short[pick], strict=True)
    ]


def _prei_facts(world: World) -> dict[str, Any]:
    days = world.prei_snapshot_days
    snapshots: dict[str, dict[str, int]] = {}
    history: dict[str, dict[str, str]] = {}
    frames = []
    for i, day in enumerate(days):
        full = i == len(days) - 1
        snap = world.prei_snapshot(day, None if full else [world.as_of.year])
        counts = snap["estado"].value_counts()
        snapshots[_iso(day)] = {s: int(counts.get(s, 0)) for s in PREI_STATES}
        frames.append(
            pd.DataFrame(
                {"uuid": snap["uuid"].to_numpy(), "estado": snap["estado"].to_numpy(), "day": day}
            )
        )
    allrows = pd.concat(frames, ignore_index=True)
    first = allrows.groupby(["uuid", "estado"], sort=True)["day"].min().reset_index()
    changed = first.groupby("uuid")["estado"].transform("size") > 1
    first = first[changed]
    uuids_sorted = first["uuid"].drop_duplicates()
    complete = len(uuids_sorted) <= PREI_HISTORY_LIMIT
    keep = set(uuids_sorted.head(PREI_HISTORY_LIMIT).tolist())
    for u, s, d in zip(first["uuid"], first["estado"], first["day"], strict=True):
        if u in keep:
            history.setdefault(u, {})[s] = _iso(int(d))
    regs = world.prei_regressions
    return {
        "prei_snapshots": snapshots,
        "prei_history": history,
        "prei_history_complete": complete,
        "prei_regressions": [
            [u, _iso(int(d))] for u, d in zip(regs["uuid"], regs["snapshot_day"], strict=True)
        ],
    }


def _supplier_series(world: World) -> dict[str, Any]:
    p = world.invoices[world.invoices["serie"] == "P"]["folio"].to_numpy()
    gaps = world.p_series_gaps
    return {
        "serie": "P",
        "first": int(p.min()) if len(p) else 0,
        "last": int(p.max()) if len(p) else 0,
        "present": len(p),
        "missing": int((gaps["end"] - gaps["start"] + 1).sum()),
        "missing_ranges": gaps[["start", "end"]].to_numpy().tolist(),
    }


def _portfolio(state: str, recourse: bool) -> str | None:
    """Where a factored invoice shows among receivables: an offer is still the supplier's own; a
    sold invoice is the factor's until it collects, and with recourse the supplier's risk until
    the factor settles."""
    if state == "offered":
        return "Propia"
    if state == "assigned":
        return "Con recurso" if recourse else "Factorada"
    if state == "collected_by_factor" and recourse:
        return "Con recurso"
    return None


def _factoring_facts(world: World) -> dict[str, Any]:
    ops = world.factoring
    operations: dict[str, dict[str, Any]] = {}
    refused: list[dict[str, Any]] = []
    receivables: dict[str, list[Any]] = {}
    complete = True
    for position, op in enumerate(ops.to_dict("records")):
        if op["refused"]:
            refused.append(
                {
                    "sheet": SHEET,
                    "row": spreadsheet_row(position),
                    "column": ADVANCE_HEADER,
                    "uuid": op["uuid"],
                    "folio": op["folio"],
                    "face": float(op["face"]),
                    "advance": float(op["advance"]),
                }
            )
            continue
        if len(operations) == FACTORING_LIMIT:
            complete = False
        else:
            operations[op["uuid"]] = {
                "factor": op["factor"],
                "state": op["state"],
                "recourse": bool(op["recourse"]),
                "folio_only": bool(op["by_folio"]),
                "face": float(op["face"]),
                "advance": float(op["advance"]),
                "reserve": float(op["reserve"]),
                "fee": float(op["fee"]),
            }
        portfolio = _portfolio(op["state"], bool(op["recourse"]))
        if portfolio is not None:
            count, amount = receivables.get(portfolio, [0, 0.0])
            receivables[portfolio] = [count + 1, round(amount + float(op["face"]), 2)]
    return {
        "factoring_operations": operations,
        "factoring_operations_complete": complete,
        "factoring_refused": refused,
        "factoring_receivables": receivables,
    }
