"""Factoring (DOMAIN §7, "Factoring"): the supplier discounts part of its IMSS invoices with
financial intermediaries, as the bank's statement would list them.

Only an invoice the institution has accepted (it has a contrarecibo) can be offered: it is
published a few days after its contrarecibo, most offers are taken within days (the factor pays
the advance: `assigned`), the factor collects when the institution pays it (PREI `Pagado`) and
confirms that a few days later (`collected_by_factor`), then settles with the supplier
(`settled`). An offer nobody took stays `offered` until the institution pays. Which state each
operation shows is read at the as-of date, so it always agrees with the PREI dates.

Two profiles: "Cadenas" advances the whole face minus the discount interest, no reserve, no
recourse; "Classic" advances 80-90 %, keeps the rest as a reserve released at settlement minus a
fixed fee and interest, with recourse. Interest runs from the advance to the institution's
payment date (the statement's due date) at the factor's annual rate over 360 days.

Recent invoices are factored more often than old ones (the supplier discounts when cash is short,
and a year-old statement would list only settled operations). A fifth of the rows name the
invoice only by its folio. One planted row asks for an advance larger than its invoice: the
importer must set it aside.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .randomness import stream

STATES = ("offered", "assigned", "collected_by_factor", "settled")


@dataclass(frozen=True)
class Factor:
    name: str
    profile: str  # "Cadenas" or "Classic"
    share: float  # of the factored invoices
    annual_rate_pct: float
    fixed_fee: float
    recourse: bool


FACTORS = (
    Factor("NAFIN Cadenas – Banco A", "Cadenas", 0.45, 11.9, 0.0, False),
    Factor("NAFIN Cadenas – Banco B", "Cadenas", 0.25, 12.6, 0.0, False),
    Factor("Factor Clásico SA", "Classic", 0.30, 18.0, 350.0, True),
)
CLASSIC_ADVANCE_PCT = (80, 85, 90)
OLD_SHARE = 0.08  # of the invoices offered more than RECENT_DAYS before the as-of date
RECENT_SHARE = 0.45
RECENT_DAYS = 120
NOT_TAKEN = 0.3  # offers nobody takes before the institution pays
BY_FOLIO_ONLY = 0.2
OVER_ADVANCE = 1.2  # the planted row asks for 120 % of its invoice
MIN_FACE = 5_000.0  # factors do not buy invoices whose fees would eat the reserve


def eligible_invoices(invoices: pd.DataFrame, altas: pd.DataFrame) -> pd.DataFrame:
    """Valid IMSS invoices that alone bill an alta known to SAI: what a factor would buy."""
    imss = invoices[
        (invoices["institution"] == "IMSS") & (invoices["tipo"] == "I") & ~invoices["cancelled"]
    ]
    per_alta = invoices.loc[
        (invoices["institution"] == "IMSS") & (invoices["tipo"] == "I"), "alta_idx"
    ].value_counts()
    alone = imss["alta_idx"].map(per_alta).to_numpy() == 1
    in_sai = altas["in_sai"].to_numpy()[imss["alta_idx"].to_numpy()]
    plain = (imss["kind"].to_numpy() == "base") & alone & in_sai
    eligible: pd.DataFrame = imss.loc[plain]
    return eligible


def build_factoring(
    seed: int, invoices: pd.DataFrame, altas: pd.DataFrame, prei: pd.DataFrame, as_of_day: int
) -> pd.DataFrame:
    """One row per statement line, in the statement's order; `refused` marks the planted
    over-advance."""
    rng = stream(seed, "factoring")
    candidates = eligible_invoices(invoices, altas)
    life = prei[["uuid", "cr_day", "paid_day"]].merge(
        candidates[["uuid", "factura", "total"]], on="uuid", how="inner", sort=False
    )
    n = len(life)
    offer = life["cr_day"].to_numpy() + rng.integers(0, 4, n)
    recent = offer > as_of_day - RECENT_DAYS
    chosen = (
        (offer <= as_of_day)
        & (life["total"].to_numpy() >= MIN_FACE)
        & (rng.random(n) < np.where(recent, RECENT_SHARE, OLD_SHARE))
    )
    ops = life[chosen].reset_index(drop=True)
    m = len(ops)
    offer = offer[chosen]
    paid = ops["paid_day"].to_numpy()
    advance = offer + rng.integers(1, 6, m)
    # Nobody takes some offers; an offer is withdrawn once the institution pays.
    taken = (rng.random(m) >= NOT_TAKEN) | (paid <= as_of_day)
    collected = paid + rng.integers(1, 5, m)
    settled = collected + rng.integers(3, 13, m)
    rank = np.where(
        ~taken | (advance > as_of_day),
        0,
        1 + (collected <= as_of_day).astype(np.int64) + (settled <= as_of_day),
    )
    which = rng.choice(len(FACTORS), size=m, p=[f.share for f in FACTORS])
    face = np.round(ops["total"].to_numpy(dtype=np.float64), 2)
    out = pd.DataFrame(
        {
            "factor": np.asarray([f.name for f in FACTORS], dtype=object)[which],
            "uuid": ops["uuid"].to_numpy(),
            "folio": ops["factura"].to_numpy(),
            "by_folio": rng.random(m) < BY_FOLIO_ONLY,
            "state": np.asarray(STATES, dtype=object)[rank],
            "offer_day": offer,
            "advance_day": np.where(rank >= 1, advance, -1),
            "due_day": paid,
            "collected_day": np.where(rank >= 2, collected, -1),
            "settled_day": np.where(rank >= 3, settled, -1),
            "face": face,
            "refused": np.zeros(m, dtype=bool),
        }
    )
    _price(out, which, advance, rng)
    rows = pd.concat([out, _over_advance(rng, candidates, out, as_of_day)], ignore_index=True)
    # The statement lists operations by publication date.
    return rows.sort_values(["offer_day", "folio"], kind="stable").reset_index(drop=True)


def _price(
    out: pd.DataFrame, which: np.ndarray, advance_day: np.ndarray, rng: np.random.Generator
) -> None:
    face = out["face"].to_numpy()
    cadenas = np.asarray([f.profile == "Cadenas" for f in FACTORS])[which]
    rate = np.asarray([f.annual_rate_pct for f in FACTORS])[which]
    fixed = np.asarray([f.fixed_fee for f in FACTORS])[which]
    days = np.maximum(out["due_day"].to_numpy() - advance_day, 0)
    fee = np.round(fixed + face * rate / 100 * days / 360, 2)
    pct = np.where(cadenas, 100, rng.choice(CLASSIC_ADVANCE_PCT, len(out)))
    # Cadenas: the interest comes off the advance; Classic: fees come off the reserve later.
    advance = np.where(cadenas, np.round(face - fee, 2), np.round(face * pct / 100, 2))
    out["advance_pct"] = pct
    out["advance"] = advance
    out["reserve"] = np.round(face - np.where(cadenas, face, advance), 2)
    out["fee"] = fee
    out["rate_pct"] = rate
    out["recourse"] = np.asarray([f.recourse for f in FACTORS])[which]


def _over_advance(
    rng: np.random.Generator, candidates: pd.DataFrame, ops: pd.DataFrame, as_of_day: int
) -> pd.DataFrame:
    """The planted row: a Classic operation on an invoice nobody else factored, asking for more
    than the invoice is worth."""
    free = candidates[~candidates["uuid"].isin(ops["uuid"]) & (candidates["day"] + 22 <= as_of_day)]
    if free.empty:
        return ops.iloc[0:0]
    pick = free.iloc[int(rng.integers(0, len(free)))]
    classic = next(f for f in FACTORS if f.profile == "Classic")
    face = round(float(pick["total"]), 2)
    day = int(pick["day"]) + 20
    return pd.DataFrame(
        {
            "factor": [classic.name],
            "uuid": [pick["uuid"]],
            "folio": [pick["factura"]],
            "by_folio": [False],
            "state": ["assigned"],
            "offer_day": [day],
            "advance_day": [day + 2],
            "due_day": [day + 45],
            "collected_day": [-1],
            "settled_day": [-1],
            "face": [face],
            "refused": [True],
            "advance_pct": [90],
            "advance": [round(face * OVER_ADVANCE, 2)],
            "reserve": [0.0],
            "fee": [0.0],
            "rate_pct": [classic.annual_rate_pct],
            "recourse": [classic.recourse],
        }
    )
