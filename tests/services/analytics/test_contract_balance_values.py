"""Contract balances on a few hand-written rows, every figure worked out by hand (DOMAIN §5)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from o2c_desktop.services.analytics import make_cut, records
from o2c_desktop.services.analytics.contracts import balances, versions
from o2c_desktop.settings import AnalyticsSettings

SETTINGS = AnalyticsSettings()
LATANOPROST, PROPOFOL = "010.000.4411.00", "010.000.0246.00"
UNIT_1, UNIT_2, UNIT_3 = "HOSPITAL GENERAL UNO", "HOSPITAL GENERAL DOS", "HOSPITAL GENERAL TRES"
IMSS_RFC = "IMS421231I45"


def _order(orden: str, unit: str, clave: str, issued: date, qty: int, price: int, status: str):
    return {
        "contrato": "U250001", "orden": orden, "clave": clave, "fecha_expedicion": issued,
        "descripcion_entrega": unit, "estatus": status,
        "fecha_entrega": issued + timedelta(days=20), "cantidad_solicitada": qty,
        "precio": Decimal(price), "importe_sin_iva": Decimal(qty * price),
    }  # fmt: skip


def _alta(no_alta: str, orden: str, received: date, qty: int, amount: int) -> dict[str, Any]:
    return {
        "no_alta": no_alta, "fecha_alta": received, "no_contrato": "U250001", "no_orden": orden,
        "clave": LATANOPROST, "cant_recibida": qty, "importe": Decimal(amount),
        "fpp": received + timedelta(days=45), "desc_unidad": UNIT_1,
    }  # fmt: skip


def _invoice_line(factura: str, uuid: str, orden: str, alta: str, day: date, total: int):
    return {
        "factura": factura, "referencia": orden, "alta": alta, "uuid": uuid,
        "fecha": day, "total": Decimal(total), "receptor_rfc": IMSS_RFC,
    }  # fmt: skip


def build_contract_world(hb: Any) -> None:
    """One IMSS contract (U250001, 2025) and three demand lines.

    Line 1 (unit 1, latanoprost $83, min 4,000, max 10,000):
      order 40000001 issued 10/02: 1,200 pieces, received as altas of 720 and 480;
      order 40000002 issued 15/06: 600 pieces, an alta of 400 received on 01/07;
      order 40000003 issued 20/07: 300 pieces, nothing received;
      order 40000004 issued 25/07: 500 pieces, cancelled.
      Invoice P-1 bills the 720-piece alta of the first order and the 400-piece alta of the
      second (59,760 + 33,200 = 92,960), paid in PREI; P-2 bills the 480-piece alta (39,840),
      in process.
    Line 2 (unit 2, propofol $69, min 100, max 1,000): order 40000005 of 900 pieces on 01/07.
    Line 3 (unit 3, latanoprost, min 50, max 100): never ordered.
    """
    hb.insert("contract", date(2025, 1, 1), {
        "contrato": "U250001", "institucion": "IMSS", "fecha_inicio": date(2025, 1, 1),
        "fecha_fin": date(2025, 12, 31), "estatus": "Formalizado", "tipo": "Primigenio",
        "productos": f"Clave {PROPOFOL}, Precio $69.00, Piezas 1,000; "
                     f"Clave {LATANOPROST}, Precio $83.00, Piezas 10,100",
    })  # fmt: skip
    lines = [(UNIT_1, LATANOPROST, 4000, 10000, 83), (UNIT_2, PROPOFOL, 100, 1000, 69),
             (UNIT_3, LATANOPROST, 50, 100, 83)]  # fmt: skip
    for unit, clave, qty_min, qty_max, price in lines:
        hb.insert("contract_line", date(2025, 1, 1), {
            "procedimiento": "LA-TEST", "institucion": "IMSS", "unidad": unit, "anio": 2025,
            "clave": clave, "fuente": "Propia", "qty_min": qty_min, "qty_max": qty_max,
            "precio": Decimal(price),
        })  # fmt: skip
    orders = [
        ("40000001", UNIT_1, LATANOPROST, date(2025, 2, 10), 1200, 83, "Confirmada"),
        ("40000002", UNIT_1, LATANOPROST, date(2025, 6, 15), 600, 83, "Confirmada"),
        ("40000003", UNIT_1, LATANOPROST, date(2025, 7, 20), 300, 83, "Pendiente"),
        ("40000004", UNIT_1, LATANOPROST, date(2025, 7, 25), 500, 83, "Cancelada"),
        ("40000005", UNIT_2, PROPOFOL, date(2025, 7, 1), 900, 69, "Confirmada"),
    ]
    for orden, unit, clave, issued, qty, price, status in orders:
        hb.insert("sai_order", issued, _order(orden, unit, clave, issued, qty, price, status))
    for alta in (
        _alta("018001-000001", "40000001", date(2025, 2, 20), 720, 59760),
        _alta("018001-000002", "40000001", date(2025, 2, 25), 480, 39840),
        _alta("018001-000003", "40000002", date(2025, 7, 1), 400, 33200),
    ):
        hb.insert("sai_alta", alta["fecha_alta"], alta)
    hb.insert("invoice_register", date(2025, 7, 5),
        _invoice_line("P-1", "UUID-1", "40000001", "018001-000001", date(2025, 7, 5), 92960),
        _invoice_line("P-1", "UUID-1", "40000002", "018001-000003", date(2025, 7, 5), 92960),
    )  # fmt: skip
    hb.insert("invoice_register", date(2025, 3, 1),
        _invoice_line("P-2", "UUID-2", "40000001", "018001-000002", date(2025, 3, 1), 39840),
    )  # fmt: skip
    hb.insert("contrarecibo_status", date(2025, 3, 15),
        {"uuid": "UUID-2", "estado": "En proceso", "importe": Decimal(39840)})  # fmt: skip
    hb.insert("contrarecibo_status", date(2025, 7, 20),
        {"uuid": "UUID-1", "estado": "Pagado", "importe": Decimal(92960)})  # fmt: skip


def _lines(hb: Any, as_of: date) -> dict[str, dict[str, Any]]:
    report = balances(hb.con, make_cut(as_of), SETTINGS)
    return {r["unidad"]: r for r in records(report.relation, list(report.columns))}


@pytest.fixture
def contract_world(handbuilt: Any) -> Any:
    build_contract_world(handbuilt)
    return handbuilt


def test_balances_of_a_line_with_ninety_days_of_history(contract_world: Any) -> None:
    as_of = date(2025, 7, 31)
    line = _lines(contract_world, as_of)[UNIT_1]
    assert line["contrato"] == "U250001"
    assert line["ordenado"] == 1200 + 600 + 300  # the cancelled 500 do not count
    assert line["entregado"] == 720 + 480 + 400
    # P-1 counts once although it bills altas of two orders on this line.
    assert line["facturado"] == Decimal("92960.00") + Decimal("39840.00")
    assert line["pagado"] == Decimal("92960.00")
    assert line["saldo_a_maximo"] == 10000 - 2100
    assert line["faltante_a_minimo"] == 4000 - 2100
    assert line["pendiente_de_entrega"] == 2100 - 1600
    assert line["uso_maximo"] == pytest.approx(2100 / 10000)
    # Trailing 90 days = 03/05..31/07: orders of 15/06 and 20/07 → 900 pieces / 90 days.
    assert line["consumo_diario"] == Decimal("10.00")
    assert line["fecha_agotamiento"] == as_of + timedelta(days=7900 // 10)
    assert line["agota_antes_del_fin"] is False
    # 153 days to 31/12 at 10 a day: 2,100 + 1,530 = 3,630 ordered, 370 short of the minimum.
    assert line["fecha_fin"] == date(2025, 12, 31)
    assert line["minimo_en_riesgo"] == 370
    assert line["minimo_en_riesgo_importe"] == Decimal("30710.00")
    assert line["alerta_minimo"] is True


def test_burn_rate_is_the_average_since_start_when_history_is_shorter(
    contract_world: Any,
) -> None:
    as_of = date(2025, 3, 1)  # 60 days since 01/01, both included
    line = _lines(contract_world, as_of)[UNIT_1]
    assert line["ordenado"] == 1200
    assert line["entregado"] == 1200
    assert line["facturado"] == Decimal("39840.00")  # P-1 was issued in July
    assert line["pagado"] == Decimal("0.00")
    assert line["consumo_diario"] == Decimal("20.00")  # 1,200 / 60
    assert line["fecha_agotamiento"] == as_of + timedelta(days=8800 // 20)
    # 305 days left at 20 a day reach far beyond the minimum.
    assert (line["minimo_en_riesgo"], line["alerta_minimo"]) == (0, False)


def test_exhaustion_before_the_end_and_a_line_never_ordered(contract_world: Any) -> None:
    as_of = date(2025, 7, 31)
    lines = _lines(contract_world, as_of)
    fast = lines[UNIT_2]
    assert (fast["ordenado"], fast["saldo_a_maximo"], fast["faltante_a_minimo"]) == (900, 100, 0)
    assert fast["consumo_diario"] == Decimal("10.00")  # 900 / 90
    assert fast["fecha_agotamiento"] == date(2025, 8, 10)
    assert fast["agota_antes_del_fin"] is True
    idle = lines[UNIT_3]
    assert (idle["ordenado"], idle["consumo_diario"], idle["fecha_agotamiento"]) == (
        0, Decimal("0.00"), None,
    )  # fmt: skip
    assert idle["minimo_en_riesgo"] == 50
    assert idle["minimo_en_riesgo_importe"] == Decimal("4150.00")
    assert idle["uso_maximo"] == 0


def _amend(hb: Any, known: date, convenio: str, objeto: str, start: date, **extra: Any) -> None:
    hb.insert("contract_amendment", known, {
        "contrato": "U250001", "convenio": convenio, "objeto": objeto, "fecha_inicio": start,
        "estatus": extra.pop("estatus", "Formalizado"), **extra,
    })  # fmt: skip


@pytest.fixture
def amended_world(contract_world: Any) -> Any:
    """CM1 extends the end to 31/03/2026 from 01/09; CM2 raises latanoprost to 12,500 from 15/08;
    CM3 (brand inclusion) lists other pieces, which carry no quantity effect; CM4, both date and
    maxima, was never formalized. Each is known a few days before it takes effect."""
    hb = contract_world
    _amend(hb, date(2025, 8, 20), "CM1", "Ampliación de fecha", date(2025, 9, 1),
           fecha_fin=date(2026, 3, 31))  # fmt: skip
    _amend(hb, date(2025, 8, 10), "CM2", "Ampliación de máximos", date(2025, 8, 15),
           productos=f"Clave {LATANOPROST}, Precio $83.00, Piezas 12,500; "
                     f"Clave {PROPOFOL}, Precio $69.00, Piezas 1,000")  # fmt: skip
    _amend(hb, date(2025, 9, 1), "CM3", "Inclusión de marca", date(2025, 9, 5),
           productos=f"Clave {LATANOPROST}, Precio $83.00, Piezas 99")  # fmt: skip
    _amend(hb, date(2025, 9, 2), "CM4", "Ampliación de fecha y máximos", date(2025, 9, 10),
           estatus="NO formalizado", fecha_fin=date(2026, 12, 31),
           productos=f"Clave {LATANOPROST}, Precio $83.00, Piezas 20,000")  # fmt: skip
    return hb


def _versions(hb: Any, as_of: date) -> dict[str, dict[str, Any]]:
    report = versions(hb.con, make_cut(as_of), SETTINGS)
    return {r["clave"]: r for r in records(report.relation, list(report.columns))}


@pytest.mark.parametrize(
    ("as_of", "maximum", "set_by", "end", "amendments"),
    [
        (date(2025, 7, 31), 10100, "Primigenio", date(2025, 12, 31), 0),
        (date(2025, 8, 12), 10100, "Primigenio", date(2025, 12, 31), 0),  # CM2 known, not yet due
        (date(2025, 8, 25), 12500, "CM2", date(2025, 12, 31), 1),  # CM1 known, not yet due
        (date(2025, 9, 15), 12500, "CM2", date(2026, 3, 31), 3),
    ],
)
def test_amendments_in_force_at_the_cut(
    amended_world: Any, as_of: date, maximum: int, set_by: str, end: date, amendments: int
) -> None:
    line = _versions(amended_world, as_of)[LATANOPROST]
    assert line["maximo_original"] == 10100
    assert (line["maximo"], line["convenio_maximo"]) == (maximum, set_by)
    assert (line["fecha_fin"], line["convenios"]) == (end, amendments)
    assert line["ordenado"] == 2100
    assert line["saldo_a_maximo"] == maximum - 2100
    assert line["precio"] == Decimal("83.00")
    other = _versions(amended_world, as_of)[PROPOFOL]
    assert (other["maximo"], other["ordenado"], other["saldo_a_maximo"]) == (1000, 900, 100)
    # The demand line takes the contract's end in force: it sets the days left to the minimum.
    assert _lines(amended_world, as_of)[UNIT_1]["fecha_fin"] == end
