"""One alta with every reason at once: the chain names the most urgent one and lists them all,
and the exception list gives one row per (record, invoice, reason)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from o2c_desktop.services.analytics import make_cut, records
from o2c_desktop.services.analytics.reconcile import chain, exceptions
from o2c_desktop.settings import AnalyticsSettings

AS_OF = date(2025, 8, 25)
IMSS_RFC = "IMS421231I45"
ORDER, ALTA, CLAVE = "4500123456", "018001-000101", "010.000.4411.00"
U1, U2, U_OTHER = ("A" * 8 + "-0001", "B" * 8 + "-0002", "C" * 8 + "-0003")


def _invoice(uuid: str, folio: str, total: str, alta: str = ALTA) -> dict[str, Any]:
    return {
        "factura": folio, "referencia": ORDER, "alta": alta, "uuid": uuid,
        "fecha": datetime(2025, 7, 2), "receptor_rfc": IMSS_RFC, "total": Decimal(total),
    }  # fmt: skip


def test_an_alta_with_every_reason(handbuilt: Any) -> None:
    hb = handbuilt
    hb.insert("sai_order", date(2025, 6, 1), {
        "contrato": "U250001", "orden": ORDER, "clave": CLAVE, "estatus": "Cancelada",
        "fecha_entrega": date(2025, 6, 30), "cantidad_solicitada": 10,
        "importe_sin_iva": Decimal("1000.00"),
    })  # fmt: skip
    hb.insert("sai_alta", date(2025, 6, 20), {
        "no_alta": ALTA, "fecha_alta": date(2025, 6, 20), "no_orden": ORDER, "clave": CLAVE,
        "cant_recibida": 10, "importe": Decimal("1000.00"),
    })  # fmt: skip
    # Two valid invoices cite the alta; neither is in PREI (whose coverage starts in June).
    hb.insert("invoice_register", date(2025, 7, 2),
              _invoice(U1, "P-101", "1500.00"), _invoice(U2, "P-102", "1000.00"),
              _invoice(U_OTHER, "P-103", "10.00", alta="018001-999999"))  # fmt: skip
    hb.insert("contrarecibo_status", date(2025, 7, 3), {
        "uuid": U_OTHER, "fecha_factura": datetime(2025, 6, 1), "estado": "En proceso",
    })  # fmt: skip
    hb.insert("payment", date(2025, 8, 1), {
        "notice_sha256": "1" * 64, "uuid": U2, "importe": Decimal("400.00"),
    })  # fmt: skip
    settings, cut = AnalyticsSettings(), make_cut(AS_OF)

    on_chain = chain(hb.con, cut, settings, {"no_alta": ALTA}).relation
    [row] = records(on_chain, ["excepcion", "excepciones", "estatus_cadena", "candidatos"])
    listed_rel = exceptions(hb.con, cut, settings).relation
    listed = sorted(
        (r["excepcion"], r["uuid"] or "", r["prioridad"])
        for r in records(listed_rel, ["excepcion", "uuid", "prioridad", "no_alta"])
        if r["no_alta"] == ALTA
    )

    assert row["excepcion"] == "CANCELLED_ORDER_DELIVERED"
    assert row["excepciones"] == (
        "AMOUNT_MISMATCH,CANCELLED_ORDER_DELIVERED,INVOICE_NOT_IN_PREI,MULTIPLE_MATCHES,PAID_SHORT"
    )
    assert row["estatus_cadena"] == "Facturación ambigua"
    assert row["candidatos"] == f"{U1} (P-101); {U2} (P-102)"
    assert listed == [
        ("AMOUNT_MISMATCH", U1, 7),
        ("CANCELLED_ORDER_DELIVERED", "", 1),
        ("INVOICE_NOT_IN_PREI", U1, 8),
        ("INVOICE_NOT_IN_PREI", U2, 8),
        ("MULTIPLE_MATCHES", "", 5),
        ("PAID_SHORT", U2, 9),
    ]


def test_an_imss_bienestar_invoice_citing_an_order_camunda_does_not_show(handbuilt: Any) -> None:
    hb = handbuilt
    uuid = "D" * 8 + "-0004"
    # Camunda's coverage starts in June: an invoice after that citing an order it does not show
    # is an invoice without an order.
    hb.insert("camunda_order", date(2025, 6, 1), {
        "numero_orden_suministro": "OS-2025-0001", "clave": CLAVE, "estatus": "Abierta",
        "fecha_expedicion": date(2025, 6, 1), "cantidad_solicitada": 5,
        "importe": Decimal("100.00"),
    })  # fmt: skip
    hb.insert("invoice_register", date(2025, 7, 2), {
        "factura": "B-201", "referencia": "OS-2025-0099", "alta": None, "uuid": uuid,
        "fecha": datetime(2025, 7, 2), "receptor_rfc": "IMB230101AB1", "total": Decimal("500.00"),
    })  # fmt: skip
    settings, cut = AnalyticsSettings(), make_cut(AS_OF)

    on_chain = chain(hb.con, cut, settings, {"uuid": uuid}).relation
    [row] = records(on_chain, ["excepcion", "uuid", "institucion"])
    listed = records(
        exceptions(hb.con, cut, settings).relation,
        ["excepcion", "uuid", "detalle", "prioridad", "no_orden", "candidatos"],
    )

    assert row == {"excepcion": "INVOICE_UNMATCHED", "uuid": uuid, "institucion": "IMSS-B"}
    unmatched = [r for r in listed if r["excepcion"] == "INVOICE_UNMATCHED"]
    assert unmatched == [
        {
            "excepcion": "INVOICE_UNMATCHED",
            "uuid": uuid,
            "detalle": "La factura cita una orden de suministro que Camunda no muestra",
            "prioridad": 3,
            "no_orden": "OS-2025-0099",
            "candidatos": None,
        }
    ]
