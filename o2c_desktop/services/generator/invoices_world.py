"""The supplier's CFDI: one invoice per IMSS alta and per IMSS-B delivery, plus the planted
exceptions (altas never invoiced, duplicate billing, cancelled and replaced invoices, amount
mismatches, split IMSS-B invoices) and the credit notes that settle IMSS-B penalties.

All income invoices share the `P` series, numbered in issue order with the real gap profile
(~17 % of folios missing) and ~20 % of neighbouring folios dated out of order. Credit notes use
their own contiguous `NC` series so they never disturb the `P` gap profile.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from .catalog import IMSS_NAME, IMSS_RFC, IMSSB_NAME, IMSSB_RFC, INSABI_NAME, INSABI_RFC
from .imss_world import ImssTables
from .imssb_world import ImssbTables
from .randomness import NULL, day_number, seconds_of_day, stream, uuids
from .sequences import number_with_gaps, swap_neighbours

P_FIRST_FOLIO = 1306
CFDI40_FROM = day_number(date(2023, 4, 1))  # CFDI 4.0 became mandatory in April 2023
CANCEL_RATE = 0.01


def _frame(**cols: object) -> pd.DataFrame:
    return pd.DataFrame(cols)


def _imss_invoices(rng: np.random.Generator, imss: ImssTables, as_of_day: int) -> pd.DataFrame:
    altas = imss.altas
    n = len(altas)
    in_sai = altas["in_sai"].to_numpy()
    never = in_sai & (rng.random(n) < 0.02)
    day = altas["fecha_alta"].to_numpy() + rng.integers(0, 11, n)
    billed = ~never & (day <= as_of_day)
    idx = np.flatnonzero(billed)
    base = _frame(
        alta_idx=idx,
        day=day[idx],
        kind=np.full(len(idx), "base", dtype=object),
    )
    dup_src = idx[rng.random(len(idx)) < 0.005]
    dup = _frame(
        alta_idx=dup_src,
        day=day[dup_src] + rng.integers(1, 6, len(dup_src)),
        kind=np.full(len(dup_src), "duplicate", dtype=object),
    )
    out = pd.concat([base, dup], ignore_index=True)
    out = out[out["day"] <= as_of_day].reset_index(drop=True)
    a = out["alta_idx"].to_numpy()
    price = imss.orders["precio"].to_numpy()[altas["order_idx"].to_numpy()[a]]
    qty = altas["cantidad"].to_numpy()[a]
    unit = altas["unit"].to_numpy()[a]
    out["institution"] = "IMSS"
    out["client_tag"] = "IMSS"
    out["receptor_rfc"] = IMSS_RFC
    out["receptor_nombre"] = IMSS_NAME
    out["referencia"] = altas["noOrden"].to_numpy()[a].astype(str).astype(object)
    out["alta"] = altas["noAlta"].to_numpy()[a]
    out["order_idx"] = altas["order_idx"].to_numpy()[a]
    out["product"] = altas["product"].to_numpy()[a]
    out["unit"] = unit
    out["cantidad"] = qty
    out["valor_unitario"] = price
    return out


def _imssb_invoices(rng: np.random.Generator, imssb: ImssbTables, as_of_day: int) -> pd.DataFrame:
    dl = imssb.deliveries
    n = len(dl)
    day = dl["fecha_entrega"].to_numpy() + rng.integers(0, 11, n)
    pieces = dl["piezas"].to_numpy()
    # 51 of 910 real orders carry two invoices: the delivery is billed in two parts.
    split = (rng.random(n) < 0.056) & (pieces >= 2)
    first_qty = np.where(split, pieces // 2, pieces)
    rows = [
        _frame(
            delivery_idx=np.arange(n),
            day=day,
            cantidad=first_qty,
            kind=np.full(n, "base", dtype=object),
        )
    ]
    s = np.flatnonzero(split)
    rows.append(
        _frame(
            delivery_idx=s,
            day=day[s] + rng.integers(0, 4, len(s)),
            cantidad=pieces[s] - first_qty[s],
            kind=np.full(len(s), "split", dtype=object),
        )
    )
    out = pd.concat(rows, ignore_index=True)
    out = out[out["day"] <= as_of_day].reset_index(drop=True)
    d = out["delivery_idx"].to_numpy()
    order_idx = dl["order_idx"].to_numpy()[d]
    orders = imssb.orders
    year = orders["year"].to_numpy()[order_idx]
    insabi = year == 2023
    out["institution"] = "IMSS-B"
    out["client_tag"] = np.where(insabi, "INSABI", "IMSS B").astype(object)
    out["receptor_rfc"] = np.where(insabi, INSABI_RFC, IMSSB_RFC).astype(object)
    out["receptor_nombre"] = np.where(insabi, INSABI_NAME, IMSSB_NAME).astype(object)
    out["referencia"] = orders["numero_orden_suministro"].to_numpy()[order_idx]
    out["contrato"] = orders["contrato"].to_numpy()[order_idx]
    out["clues"] = orders["clues"].to_numpy()[order_idx]
    out["alta"] = None
    out["order_idx"] = order_idx
    out["product"] = orders["product"].to_numpy()[order_idx]
    out["unit"] = -1
    out["alta_idx"] = -1
    out["valor_unitario"] = orders["precio"].to_numpy()[order_idx]
    return out.drop(columns=["delivery_idx"])


def _cancel_and_replace(
    rng: np.random.Generator, inv: pd.DataFrame, as_of_day: int
) -> pd.DataFrame:
    """Cancel ~1 % of invoices; most get a replacement CFDI citing them (TipoRelacion 04)."""
    n = len(inv)
    inv["key"] = np.arange(n)
    cancelled = (rng.random(n) < CANCEL_RATE) & (inv["kind"].to_numpy() == "base")
    inv["cancelled"] = cancelled
    inv["replaces"] = -1
    src = np.flatnonzero(cancelled & (rng.random(n) < 0.6))
    repl = inv.iloc[src].copy()
    repl["day"] = repl["day"].to_numpy() + rng.integers(0, 4, len(src))
    repl["kind"] = "replacement"
    repl["cancelled"] = False
    repl["replaces"] = src
    repl["key"] = np.arange(n, n + len(src))
    out = pd.concat([inv, repl], ignore_index=True)
    return out[out["day"] <= as_of_day].reset_index(drop=True)


def _credit_notes(
    rng: np.random.Generator, imssb: ImssbTables, inv: pd.DataFrame, as_of_day: int
) -> pd.DataFrame:
    pen = imssb.penalties
    valid = inv[(inv["institution"] == "IMSS-B") & ~inv["cancelled"]]
    first_uuid = valid.drop_duplicates("order_idx").set_index("order_idx")
    has = pen["order_idx"].isin(first_uuid.index).to_numpy()
    due = pen["credit_note_day"].to_numpy() <= as_of_day
    p = pen[has & due]
    target = first_uuid.loc[p["order_idx"].to_numpy()]
    n = len(p)
    return _frame(
        day=p["credit_note_day"].to_numpy(),
        kind=np.full(n, "credit_note", dtype=object),
        institution=np.full(n, "IMSS-B", dtype=object),
        client_tag=target["client_tag"].to_numpy(),
        receptor_rfc=target["receptor_rfc"].to_numpy(),
        receptor_nombre=target["receptor_nombre"].to_numpy(),
        referencia=target["referencia"].to_numpy(),
        contrato=target["contrato"].to_numpy(),
        clues=target["clues"].to_numpy(),
        alta=np.full(n, None, dtype=object),
        alta_idx=np.full(n, -1),
        order_idx=p["order_idx"].to_numpy(),
        product=target["product"].to_numpy(),
        unit=np.full(n, -1),
        cantidad=np.ones(n, dtype=np.int64),
        valor_unitario=p["pena"].to_numpy(),
        cancelled=np.zeros(n, dtype=bool),
        replaces=np.full(n, -1),
        key=np.full(n, -1),
        related_uuid=target["uuid"].to_numpy(),
        penalty_idx=p.index.to_numpy(),
    )


def build_invoices(
    seed: int, imss: ImssTables, imssb: ImssbTables, as_of: date
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (invoices, p_series_gaps); gaps are rows (start, end) of missing `P` folios."""
    rng = stream(seed, "invoices")
    as_of_day = day_number(as_of)
    inv = pd.concat(
        [_imss_invoices(rng, imss, as_of_day), _imssb_invoices(rng, imssb, as_of_day)],
        ignore_index=True,
    )
    inv = _cancel_and_replace(rng, inv, as_of_day)
    n = len(inv)
    inv["seconds"] = seconds_of_day(rng, n)
    inv = inv.sort_values(["day", "seconds"], kind="stable").reset_index(drop=True)
    inv["uuid"] = uuids(rng, n)
    uuid_by_key = pd.Series(inv["uuid"].to_numpy(), index=inv["key"].to_numpy())
    replaces = inv["replaces"].to_numpy()
    related = np.full(n, None, dtype=object)
    has = replaces >= 0
    related[has] = uuid_by_key.reindex(replaces[has]).to_numpy()
    inv["related_uuid"] = related
    inv["relation"] = np.where(has, "04", NULL).astype(object)
    inv["penalty_idx"] = -1

    # Amount mismatch: the invoiced quantity differs from what was received.
    mismatch = (rng.random(n) < 0.01) & (inv["kind"].to_numpy() == "base")
    delta = np.where(rng.random(n) < 0.5, -1, 1) * rng.integers(1, 20, n)
    qty = inv["cantidad"].to_numpy()
    mismatch &= qty + delta > 0
    inv["expected_total"] = qty * inv["valor_unitario"].to_numpy()
    inv["cantidad"] = np.where(mismatch, qty + delta, qty)
    inv["amount_mismatch"] = mismatch

    domain = np.zeros(n, dtype=np.int64)
    series = number_with_gaps(rng, domain, np.full(n, P_FIRST_FOLIO), 0.17)
    inv["serie"] = "P"
    inv["folio"] = swap_neighbours(rng, series.folio, domain, 0.40)
    inv["tipo"] = "I"
    gap_at = series.gap_after > 0
    gaps = pd.DataFrame(
        {
            "start": series.folio[gap_at] + 1,
            "end": series.folio[gap_at] + series.gap_after[gap_at],
        }
    )
    notes = _credit_notes(stream(seed, "credit-notes"), imssb, inv, as_of_day)
    notes = notes.sort_values("day", kind="stable").reset_index(drop=True)
    notes["seconds"] = seconds_of_day(rng, len(notes))
    notes["uuid"] = uuids(rng, len(notes))
    notes["relation"] = "01"
    notes["serie"] = "NC"
    notes["folio"] = np.arange(1, len(notes) + 1)
    notes["tipo"] = "E"
    notes["amount_mismatch"] = False
    notes["expected_total"] = notes["valor_unitario"]
    notes["kind"] = "credit_note"
    out = pd.concat([inv, notes], ignore_index=True)
    return _derived_columns(out.drop(columns=["key", "replaces"])), gaps


def _derived_columns(out: pd.DataFrame) -> pd.DataFrame:
    out["total"] = out["cantidad"].to_numpy() * out["valor_unitario"].to_numpy()
    out["version"] = np.where(out["day"].to_numpy() < CFDI40_FROM, "3.3", "4.0").astype(object)
    out["ts"] = out["day"].to_numpy() * 86_400 + out["seconds"].to_numpy()
    factura = out["serie"].to_numpy(dtype=object) + "-" + out["folio"].astype(str).to_numpy(object)
    out["factura"] = factura
    out["archivo"] = (
        factura
        + " "
        + out["client_tag"].to_numpy(dtype=object)
        + np.where(out["cancelled"].to_numpy(dtype=bool), " CANCELADA", "").astype(object)
        + ".xml"
    )
    return out
