"""The mall operator's store-invoice feed, the input of invoice-sequence gap audits (DOMAIN §8).

Each store issues one series; folios follow the real gap profile, ~20 % of neighbouring folios are
dated out of order, 1-3 % are cancelled (present, not gaps), 5 % reach the operator 1-30 days
late. Per feed there is one series restart, one absurd jump (a typo such as 60000 for 6000), a few
duplicated folios (one folio, two UUIDs) and a few non-numeric folios.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .randomness import IntArray, day_number, stream, uuid_bytes, uuids
from .sequences import (
    NumberedSeries,
    count_inversions,
    missing_ranges,
    number_with_gaps,
    swap_neighbours,
)

NON_NUMERIC_FOLIOS = ("S/N", "12-B", "FOLIO?", "7A7", "N/D")
RESTART_ROWS = 6


@dataclass(frozen=True)
class StorePlan:
    store: IntArray
    folio: IntArray
    gap_after: IntArray
    emitted: IntArray  # seconds since epoch
    uploaded: IntArray
    cancelled: np.ndarray
    first_folio: IntArray  # per store


def _plan(
    rng: np.random.Generator,
    stores: int,
    invoices: int,
    missing_rate: float,
    start: date,
    end: date,
    high_first: int = -1,
) -> StorePlan:
    weights = rng.lognormal(0.0, 0.8, stores)
    counts = np.maximum(rng.multinomial(invoices, weights / weights.sum()), 2)
    store = np.repeat(np.arange(stores, dtype=np.int64), counts)
    n = len(store)
    first, last = day_number(start) * 86_400, (day_number(end) + 1) * 86_400
    span = last - first
    key = store * span + rng.integers(0, span, n)
    key.sort()
    emitted = key - store * span + first
    first_folio = rng.integers(1, 5000, stores)
    if 0 <= high_first < stores:
        first_folio[high_first] = 1000 + int(first_folio[high_first])
    series = number_with_gaps(rng, store, first_folio[store], missing_rate)
    emitted = swap_neighbours(rng, emitted, store, 0.40)
    late = rng.random(n) < 0.05
    uploaded = emitted + np.where(
        late,
        rng.integers(1, 31, n) * 86_400 + rng.integers(0, 6 * 3600, n),
        rng.integers(60, 6 * 3600, n),
    )
    cancelled = rng.random(n) < 0.02
    return StorePlan(
        store, series.folio, series.gap_after, emitted, uploaded, cancelled, first_folio
    )


def _chain_rfcs(stores: int) -> list[str]:
    """Issuer RFCs: stores belong to chains (about four stores each) that share one RFC."""
    chains = max(3, stores // 4)
    return [
        f"T{chr(65 + i % 26)}{chr(65 + (i // 26) % 26)}{100101 + i % 9000:06d}A{i % 10}"
        for i in range(chains)
    ]


def _store_names(stores: int) -> tuple[list[str], list[str], list[str]]:
    rfcs = _chain_rfcs(stores)
    rfc_of_store = [rfcs[s % len(rfcs)] for s in range(stores)]
    tienda = [f"T{s + 1:05d}" for s in range(stores)]
    serie = ["A" if s % 7 else "F" for s in range(stores)]
    return rfc_of_store, tienda, serie


def store_invoice_table(
    *,
    seed: int,
    stores: int,
    invoices: int,
    missing_rate: float = 0.15,
    start: date = date(2024, 1, 1),
    end: date = date(2025, 8, 25),
) -> pa.Table:
    """The store feed straight into Arrow, for benchmarks of the gap analysis (no extras)."""
    rng = stream(seed, "store-table")
    plan = _plan(rng, stores, invoices, missing_rate, start, end)
    n = len(plan.store)
    _, tienda, _ = _store_names(stores)
    chain_rfcs = _chain_rfcs(stores)
    index = pa.array(plan.store.astype(np.int32))
    raw = uuid_bytes(rng, n)
    offsets = pa.py_buffer((np.arange(n + 1, dtype=np.int32) * 36).tobytes())
    uuid_col = pa.Array.from_buffers(pa.string(), n, [None, offsets, pa.py_buffer(raw.tobytes())])
    del raw
    return pa.table(
        {
            "emisor_rfc": pa.DictionaryArray.from_arrays(
                pa.array((plan.store % len(chain_rfcs)).astype(np.int32)), pa.array(chain_rfcs)
            ),
            "tienda": pa.DictionaryArray.from_arrays(index, pa.array(tienda)),
            "serie": pa.DictionaryArray.from_arrays(
                pa.array((plan.store % 7 == 0).astype(np.int8)), pa.array(["A", "F"])
            ),
            "folio": pc.cast(pa.array(plan.folio), pa.string()),
            "uuid": uuid_col,
            "fecha_emision": pa.array(plan.emitted, type=pa.timestamp("s")),
            "fecha_carga": pa.array(plan.uploaded, type=pa.timestamp("s")),
            "estado": pa.DictionaryArray.from_arrays(
                pa.array(plan.cancelled.astype(np.int8)), pa.array(["Vigente", "Cancelado"])
            ),
        }
    )


@dataclass(frozen=True)
class StoreFeed:
    table: pd.DataFrame  # one row per CFDI the operator received
    facts: dict[str, object] = field(default_factory=dict)


def build_store_feed(seed: int, scale: int, as_of: date) -> StoreFeed:
    rng = stream(seed, "store-feed")
    stores = max(5, scale // 50)
    plan = _plan(rng, stores, max(scale, 200), 0.17, date(2024, 1, 1), as_of, high_first=0)
    rfc, tienda, serie = _store_names(stores)
    domain_key = np.asarray(
        [f"{r}|{t}|{s}" for r, t, s in zip(rfc, tienda, serie, strict=True)], dtype=object
    )
    n = len(plan.store)
    frame = pd.DataFrame(
        {
            "store": plan.store,
            "folio": plan.folio.astype(str).astype(object),
            "folio_num": plan.folio,
            "emitted": plan.emitted,
            "uploaded": plan.uploaded,
            "cancelled": plan.cancelled,
            "extra": np.full(n, "", dtype=object),
        }
    )
    last_row = np.r_[plan.store[1:] != plan.store[:-1], True]
    last_folio = plan.folio[last_row]
    last_emitted = np.maximum.reduceat(plan.emitted, np.r_[0, np.flatnonzero(last_row)[:-1] + 1])
    limit = (day_number(as_of) + 1) * 86_400 - 1
    extras = []
    # Store 0 restarts its series at folio 1 (its first folio is forced above 1000).
    restart_ts = np.minimum(last_emitted[0] + 3600 * np.arange(1, RESTART_ROWS + 1), limit)
    extras.append(
        pd.DataFrame(
            {
                "store": 0,
                "folio": [str(i) for i in range(1, RESTART_ROWS + 1)],
                "folio_num": np.arange(1, RESTART_ROWS + 1),
                "emitted": restart_ts,
                "uploaded": restart_ts + 600,
                "cancelled": False,
                "extra": "restart",
            }
        )
    )
    jump_store = 1
    jump_folio = 10 * (int(last_folio[jump_store]) + 1)
    jump_ts = min(int(last_emitted[jump_store]) + 7200, limit)
    extras.append(
        pd.DataFrame(
            {
                "store": [jump_store],
                "folio": [str(jump_folio)],
                "folio_num": [jump_folio],
                "emitted": [jump_ts],
                "uploaded": [jump_ts + 900],
                "cancelled": [False],
                "extra": ["jump"],
            }
        )
    )
    dup_rows = rng.choice(n, size=max(1, n // 5000), replace=False)
    dup = frame.iloc[dup_rows].copy()
    dup["emitted"] = np.minimum(dup["emitted"].to_numpy() + 300, limit)
    dup["uploaded"] = dup["emitted"] + 600
    dup["cancelled"] = False
    dup["extra"] = "duplicate"
    extras.append(dup)
    k = max(2, n // 20000)
    nn_store = rng.integers(2, stores, k) if stores > 2 else np.zeros(k, dtype=np.int64)
    nn_ts = day_number(date(2024, 1, 1)) * 86_400 + rng.integers(
        0, limit - day_number(date(2024, 1, 1)) * 86_400, k
    )
    extras.append(
        pd.DataFrame(
            {
                "store": nn_store,
                "folio": np.asarray(NON_NUMERIC_FOLIOS, dtype=object)[
                    np.arange(k) % len(NON_NUMERIC_FOLIOS)
                ],
                "folio_num": -1,
                "emitted": nn_ts,
                "uploaded": nn_ts + 1200,
                "cancelled": False,
                "extra": "non_numeric",
            }
        )
    )
    table = pd.concat([frame, *extras], ignore_index=True)
    table["uuid"] = uuids(rng, len(table))
    table["emisor_rfc"] = np.asarray(rfc, dtype=object)[table["store"].to_numpy()]
    table["tienda"] = np.asarray(tienda, dtype=object)[table["store"].to_numpy()]
    table["serie"] = np.asarray(serie, dtype=object)[table["store"].to_numpy()]
    table["estado"] = np.where(
        table["cancelled"].to_numpy(dtype=bool), "Cancelado", "Vigente"
    ).astype(object)

    ranges = missing_ranges(NumberedSeries(plan.folio, plan.gap_after))
    gap_store = plan.store[plan.gap_after > 0]
    missing: dict[str, list[list[int]]] = {}
    for key, (s, e) in zip(domain_key[gap_store], ranges.tolist(), strict=True):
        missing.setdefault(str(key), []).append([int(s), int(e)])
    dups = table[table["extra"] == "duplicate"]
    facts: dict[str, object] = {
        "stores": stores,
        "missing": missing,
        "restarts": [
            {
                "domain": str(domain_key[0]),
                "last_folio_before": int(last_folio[0]),
                "restart_folio": 1,
                "restart_rows": RESTART_ROWS,
            }
        ],
        "absurd_jumps": [
            {
                "domain": str(domain_key[jump_store]),
                "from_folio": int(last_folio[jump_store]),
                "to_folio": jump_folio,
            }
        ],
        "duplicates": [
            {
                "domain": str(domain_key[s]),
                "folio": int(f),
                "uuids": sorted([str(table["uuid"].iat[int(orig)]), str(u)]),
            }
            for s, f, orig, u in zip(
                dups["store"], dups["folio_num"], dup_rows, dups["uuid"], strict=True
            )
        ],
        "non_numeric": [
            [str(domain_key[s]), str(f), str(u)]
            for s, f, u in zip(
                table.loc[table["extra"] == "non_numeric", "store"],
                table.loc[table["extra"] == "non_numeric", "folio"],
                table.loc[table["extra"] == "non_numeric", "uuid"],
                strict=True,
            )
        ],
        "cancelled_present": [
            [str(domain_key[s]), int(f)]
            for s, f in zip(
                table.loc[table["cancelled"], "store"],
                table.loc[table["cancelled"], "folio_num"],
                strict=True,
            )
        ],
        "date_inversions": count_inversions(plan.emitted, plan.store),
    }
    late = table["uploaded"] - table["emitted"] >= 86_400
    facts["late_uploads"] = [
        [str(u), str(f), _iso(int(c))]
        for u, f, c in zip(
            table.loc[late, "uuid"],
            table.loc[late, "folio"],
            table.loc[late, "uploaded"],
            strict=True,
        )
    ]
    return StoreFeed(table=table, facts=facts)


def _iso(ts: int) -> str:
    return str(np.datetime64(ts, "s"))
