"""Logistics KPIs on a few hand-written order lines, every figure worked out by hand (DOMAIN §6).

Cut 31/08/2025, provider switch 30/06/2025 (Provider A before, Provider B on and after), penalty
2 % a day capped at 5 days.

| order | pieces × price | deadline | received                        | provider              |
|-------|----------------|----------|---------------------------------|-----------------------|
| L1    | 1,000 × 83     | 10/07    | 600 on 12/07 (2 late)           | B                     |
| L2    |   500 × 69     | 20/06    | 500 on 18/06 (2 early)          | A                     |
| L3    |   200 × 207    | 15/07    | 200 on 25/07 (10 late)          | A (named by the 3PL)  |
| L4    |   300 × 83     | 10/06    | nothing; order cancelled        | left out              |
| L5    |   100 × 83     | 10/09    | nothing, not due yet            | B                     |
| L6    |    50 × 111    | 01/07    | nothing                         | B                     |
| L7    |   100 × 83     | 01/07    | 50 on 05/07, 50 on 09/07 (4, 8) | B                     |
| L8    |   200 × 111    | 20/08    | 200 on 20/08 (on the day)       | B                     |
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from o2c_desktop.services.analytics import make_cut, records
from o2c_desktop.services.analytics.logistics import kpis, lines
from o2c_desktop.settings import AnalyticsSettings

SETTINGS = AnalyticsSettings()
AS_OF = date(2025, 8, 31)
UNIT = "HOSPITAL GENERAL UNO"
CLAVE_BY_PRICE = {83: "010.000.4411.00", 69: "010.000.0246.00", 207: "010.000.4154.00",
                  111: "010.000.4242.00"}  # fmt: skip
ORDERS: list[tuple[str, int, int, date, str, list[tuple[date, int]]]] = [
    ("L1", 1000, 83, date(2025, 7, 10), "Confirmada", [(date(2025, 7, 12), 600)]),
    ("L2", 500, 69, date(2025, 6, 20), "Confirmada", [(date(2025, 6, 18), 500)]),
    ("L3", 200, 207, date(2025, 7, 15), "Confirmada", [(date(2025, 7, 25), 200)]),
    ("L4", 300, 83, date(2025, 6, 10), "Cancelada", []),
    ("L5", 100, 83, date(2025, 9, 10), "Pendiente", []),
    ("L6", 50, 111, date(2025, 7, 1), "Confirmada", []),
    ("L7", 100, 83, date(2025, 7, 1), "Confirmada",
     [(date(2025, 7, 5), 50), (date(2025, 7, 9), 50)]),
    ("L8", 200, 111, date(2025, 8, 20), "Confirmada", [(date(2025, 8, 20), 200)]),
]  # fmt: skip


def _number(name: str) -> str:
    return f"400000{int(name[1:]):02d}"


@pytest.fixture
def logistics_world(handbuilt: Any) -> Any:
    hb = handbuilt
    for name, qty, price, deadline, status, receipts in ORDERS:
        issued = deadline - timedelta(days=20)
        clave = CLAVE_BY_PRICE[price]
        hb.insert("sai_order", issued, {
            "contrato": "U250001", "orden": _number(name), "clave": clave,
            "fecha_expedicion": issued, "descripcion_entrega": UNIT, "estatus": status,
            "fecha_entrega": deadline, "cantidad_solicitada": qty, "precio": Decimal(price),
            "importe_sin_iva": Decimal(qty * price),
        })  # fmt: skip
        for k, (received, pieces) in enumerate(receipts, start=1):
            hb.insert("sai_alta", received, {
                "no_alta": f"018001-{int(name[1:]):04d}{k:02d}", "fecha_alta": received,
                "no_contrato": "U250001", "no_orden": _number(name), "clave": clave,
                "cant_recibida": pieces, "importe": Decimal(pieces * price),
                "fpp": received + timedelta(days=45), "desc_unidad": UNIT,
            })  # fmt: skip
    # The 3PL's report names Provider A for L3 although it arrived after the switch date.
    hb.insert("delivery", date(2025, 7, 25), {
        "proveedor3pl": "Provider A", "orden": _number("L3"), "codigo_entrega": "REDI-1",
        "clave": CLAVE_BY_PRICE[207], "instituto": "IMSS", "piezas_entregadas": 200,
        "fecha_entrega": date(2025, 7, 25), "estatus": "Entregado",
    })  # fmt: skip
    return hb


def _by_provider(hb: Any, as_of: date = AS_OF) -> dict[str, dict[str, Any]]:
    report = kpis(hb.con, make_cut(as_of), SETTINGS, by="proveedor")
    return {r["proveedor"]: r for r in records(report.relation, list(report.columns))}


def _rows(hb: Any, order: str, as_of: date = AS_OF) -> list[dict[str, Any]]:
    rel = lines(hb.con, make_cut(as_of), SETTINGS, {"no_orden": _number(order)})
    columns = ["tipo", "proveedor", "cantidad", "dias_diferencia", "dias_atraso", "penalizacion"]
    return sorted(records(rel, columns), key=lambda r: (r["tipo"], r["dias_diferencia"]))


def test_domain_worked_example(logistics_world: Any) -> None:
    # 600 pieces 2 days late: 600 × 83 × 2 × 0.02; the 400 never delivered, more than 5 days
    # overdue: 400 × 83 × 5 × 0.02.
    assert _rows(logistics_world, "L1") == [
        {"tipo": "entrega", "proveedor": "Provider B", "cantidad": 600, "dias_diferencia": -2,
         "dias_atraso": 2, "penalizacion": Decimal("1992.00")},
        {"tipo": "no entregado", "proveedor": "Provider B", "cantidad": 400,
         "dias_diferencia": -5, "dias_atraso": 5, "penalizacion": Decimal("3320.00")},
    ]  # fmt: skip


def test_undelivered_pieces_accrue_until_the_cap(logistics_world: Any) -> None:
    # Four days after the deadline the 400 missing pieces carry 4 days: 400 × 83 × 4 × 0.02.
    [delivered, missing] = _rows(logistics_world, "L1", as_of=date(2025, 7, 14))
    assert (delivered["tipo"], delivered["penalizacion"]) == ("entrega", Decimal("1992.00"))
    assert (missing["dias_diferencia"], missing["penalizacion"]) == (-4, Decimal("2656.00"))


def test_penalty_capped_at_five_days_and_nothing_before_the_deadline(
    logistics_world: Any,
) -> None:
    [late] = _rows(logistics_world, "L3")
    assert (late["dias_atraso"], late["penalizacion"]) == (10, Decimal("4140.00"))  # 200×207×5×.02
    [early] = _rows(logistics_world, "L2")
    assert (early["dias_diferencia"], early["penalizacion"]) == (2, Decimal("0.00"))
    [not_due] = _rows(logistics_world, "L5")
    assert (not_due["tipo"], not_due["dias_diferencia"]) == ("no entregado", 10)
    assert not_due["penalizacion"] == Decimal("0.00")


def test_cancelled_order_without_delivery_is_left_out(logistics_world: Any) -> None:
    assert _rows(logistics_world, "L4") == []


def test_provider_b_kpis(logistics_world: Any) -> None:
    b = _by_provider(logistics_world)["Provider B"]
    assert b["lineas"] == 5  # L1, L5, L6, L7, L8
    # On-time among lines with deliveries (L1, L7, L8): only L8 had no late delivery.
    assert b["a_tiempo_pct"] == pytest.approx(33.3)
    # In-full: received 600 + 100 + 200 of 1,000 + 100 + 50 + 100 + 200 ordered.
    assert b["completo_pct"] == pytest.approx(round(100 * 900 / 1450, 1))
    # OTIF among lines due (L5 is not): L8 alone of L1, L6, L7, L8.
    assert b["otif_pct"] == pytest.approx(25.0)
    # Late deliveries: 2 (L1), 4 and 8 (L7); p90 interpolates 4 + 0.8 × (8 − 4).
    assert b["dias_atraso_promedio"] == pytest.approx(4.7)
    assert b["dias_atraso_p90"] == pytest.approx(7.2)
    assert b["piezas_no_entregadas"] == 400 + 100 + 50
    # 1,992 + 3,320 (L1) + 50×111×5×.02 (L6) + 50×83×4×.02 + 50×83×5×.02 (L7).
    assert b["penalizacion"] == Decimal("1992.00") + Decimal("3320.00") + Decimal(
        "555.00"
    ) + Decimal("332.00") + Decimal("415.00")


def test_provider_a_kpis_with_the_named_provider_winning(logistics_world: Any) -> None:
    a = _by_provider(logistics_world)["Provider A"]
    assert a["lineas"] == 2  # L2 by date, L3 by the 3PL's report; the cancelled L4 is left out
    assert a["a_tiempo_pct"] == pytest.approx(50.0)
    assert a["completo_pct"] == pytest.approx(100.0)
    assert a["otif_pct"] == pytest.approx(50.0)
    assert (a["dias_atraso_promedio"], a["dias_atraso_p90"]) == (pytest.approx(10.0),) * 2
    assert a["piezas_no_entregadas"] == 0
    assert a["penalizacion"] == Decimal("4140.00")
