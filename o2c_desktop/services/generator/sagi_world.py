"""SAGI upload history and OAP payment notices for IMSS-Bienestar invoices.

Only invoices of the 2023/2024 contracts live in SAGI. Every invoice is uploaded 1-12 times
(most once); each re-upload withdraws the previous one, which then shows `Cancelado`. The live
upload moves through `Cargada` → `Fechas validadas` → `Plantilla Generada` → `Con Penas` (orders
with a penalty letter) or `Sin sanciones`. About a quarter of the rows lose their supply order, as
in the real scrape. Invoices that reached a final state are paid by the OAP in weekly notices; a
few are paid short.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from .randomness import NULL, day_number, group_rank, stream

STATES = ("Cargada", "Fechas validadas", "Plantilla Generada")
UPLOADS_P = [0.59, 0.07, 0.19, 0.06, 0.04, 0.02, 0.01, 0.01, 0.004, 0.003, 0.002, 0.001]


def snapshot_days(as_of: date) -> list[int]:
    return [day_number(as_of - timedelta(days=d)) for d in (28, 14, 0)]


def build_uploads(seed: int, invoices: pd.DataFrame, penalties: pd.DataFrame) -> pd.DataFrame:
    rng = stream(seed, "sagi")
    # SAGI is the INSABI-era portal: it holds the invoices of the 2023/2024 contracts only.
    inv = invoices[
        (invoices["institution"] == "IMSS-B")
        & (invoices["tipo"] == "I")
        & ~invoices["cancelled"]
        & invoices["contrato"].astype(str).str.endswith("2023/2024")
    ]
    n = len(inv)
    p = np.asarray(UPLOADS_P) / sum(UPLOADS_P)
    count = rng.choice(np.arange(1, 13), size=n, p=p)
    idx = np.repeat(np.arange(n), count)
    j = group_rank(idx)
    m = len(idx)
    step = rng.integers(1, 21, m)
    step[j == 0] = rng.integers(0, 16, int(np.count_nonzero(j == 0)))
    csum = np.cumsum(step)
    base = np.maximum.accumulate(np.where(j == 0, csum - step, 0))
    upload_day = inv["day"].to_numpy()[idx] + csum - base
    last = np.r_[idx[1:] != idx[:-1], True]
    withdrawn_day = np.where(last, np.iinfo(np.int64).max // 2, np.r_[upload_day[1:], 0])
    validated = upload_day + rng.integers(1, 16, m)
    template = validated + rng.integers(3, 26, m)
    final = template + rng.integers(5, 46, m)
    penalised = inv["order_idx"].isin(penalties["order_idx"]).to_numpy()[idx]
    return pd.DataFrame(
        {
            "uuid": inv["uuid"].to_numpy()[idx],
            "upload": j,
            "orden": np.where(
                rng.random(m) < 0.25, NULL, inv["referencia"].to_numpy(dtype=object)[idx]
            ),
            "referencia": inv["referencia"].to_numpy(dtype=object)[idx],
            "contrato": inv["contrato"].to_numpy(dtype=object)[idx],
            "folio": inv["folio"].to_numpy()[idx],
            "total": inv["total"].to_numpy()[idx],
            "clues": inv["clues"].to_numpy(dtype=object)[idx],
            "upload_day": upload_day,
            "withdrawn_day": withdrawn_day,
            "validated_day": validated,
            "template_day": template,
            "final_day": final,
            "final_state": np.where(penalised, "Con Penas", "Sin sanciones").astype(object),
        }
    )


def snapshot(uploads: pd.DataFrame, day: int) -> pd.DataFrame:
    rows = uploads[uploads["upload_day"].to_numpy() <= day]
    state = np.select(
        [
            rows["withdrawn_day"].to_numpy() <= day,
            rows["final_day"].to_numpy() <= day,
            rows["template_day"].to_numpy() <= day,
            rows["validated_day"].to_numpy() <= day,
        ],
        ["Cancelado", rows["final_state"].to_numpy(dtype=object), STATES[2], STATES[1]],
        STATES[0],
    )
    out = rows[["uuid", "orden", "contrato", "folio", "total", "clues"]].copy()
    out["estado"] = state
    return out.reset_index(drop=True)


def build_payments(seed: int, uploads: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """OAP payments: weekly notices (Thursdays) for invoices whose live upload is final."""
    rng = stream(seed, "oap")
    live = uploads[uploads["withdrawn_day"] > uploads["final_day"]]
    pay_day = live["final_day"].to_numpy() + rng.integers(10, 41, len(live))
    # Align to the next Thursday: notices go out once a week.
    pay_day = pay_day + (3 - (pay_day + 3) % 7) % 7
    paid = live[pay_day <= day_number(as_of)].copy()
    paid["pay_day"] = pay_day[pay_day <= day_number(as_of)]
    n = len(paid)
    short = rng.random(n) < 0.01
    total = paid["total"].to_numpy()
    paid["importe"] = np.where(short, np.round(total * rng.uniform(0.85, 0.99, n), 2), total)
    paid["paid_short"] = short
    weeks = paid["pay_day"].to_numpy()
    clc_seq = pd.Series(weeks).rank(method="dense").astype(np.int64).to_numpy()
    year = weeks.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    paid["clc"] = (
        year.astype(str).astype(object)
        + "-12-"
        + pd.Series(clc_seq * 37 + 1000).astype(str).str.zfill(6).to_numpy(object)
    )
    paid["excluded"] = ""
    paid = paid[
        ["uuid", "referencia", "importe", "total", "clc", "pay_day", "paid_short", "excluded"]
    ]
    # Notices carry a few unusable rows: a non-numeric Importe or no UUID (DOMAIN §3.8).
    junk_at = rng.choice(n, size=min(n, max(1, n // 400)), replace=False)
    junk = paid.iloc[junk_at].copy()
    no_uuid = rng.random(len(junk)) < 0.5
    junk["excluded"] = np.where(no_uuid, "no_uuid", "non_numeric_importe")
    junk["uuid"] = np.where(no_uuid, NULL, junk["uuid"].to_numpy(dtype=object))
    junk["paid_short"] = False
    out = pd.concat([paid, junk], ignore_index=True)
    return out.sort_values(["pay_day", "referencia"], kind="stable").reset_index(drop=True)
