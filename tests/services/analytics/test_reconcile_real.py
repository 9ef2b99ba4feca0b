"""The chain on the real exports of 2025-08-25: concrete altas, their invoice and PREI state."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

import pytest

from o2c_desktop.services.analytics import make_cut, records
from o2c_desktop.services.analytics.reconcile import chain
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import AnalyticsSettings

KEYS = ["no_orden", "no_alta", "uuid", "folio_factura", "estado_cr", "estatus_cadena",
        "excepcion", "importe_alta", "importe_factura"]  # fmt: skip


@pytest.fixture(scope="module")
def altas(real: Warehouse) -> dict[str, dict[str, Any]]:
    report = chain(real.connection, make_cut(None), AnalyticsSettings(), {"registro": "alta"})
    return {r["no_alta"]: r for r in records(report.relation, KEYS)}


def test_all_58_altas_and_one_without_invoice(altas: dict[str, dict[str, Any]]) -> None:
    assert len(altas) == 58
    unbilled = [a for a, r in altas.items() if r["uuid"] is None]
    assert unbilled == ["298001-107689"]
    row = altas["298001-107689"]
    assert (row["estatus_cadena"], row["excepcion"]) == ("Por facturar", "ALTA_NOT_INVOICED")
    assert row["importe_alta"] == Decimal("81506.00")


def test_alta_with_uuid_and_contrarecibo_state(altas: dict[str, dict[str, Any]]) -> None:
    row = altas["168001-106721"]
    assert row["uuid"] == "83C7FBB8-8710-4F86-A5A9-EF5EAB3A29C6"
    assert row["folio_factura"] == "P-6518"
    assert row["estado_cr"] == "Aprobado"
    assert row["excepcion"] == ""
    assert altas["051901-803548"]["estado_cr"] == "Sin Contra Recibo"


def test_invoice_without_prei_record(altas: dict[str, dict[str, Any]]) -> None:
    row = altas["028001-107918"]
    assert row["uuid"] == "F27BFC72-8E1B-404C-BAAF-D950102B1B09"
    assert row["estado_cr"] is None
    assert row["excepcion"] == "INVOICE_NOT_IN_PREI"
    missing = sorted(a for a, r in altas.items() if r["excepcion"] == "INVOICE_NOT_IN_PREI")
    assert len(missing) == 15


def test_register_listing_one_cfdi_twice_is_counted_once(altas: dict[str, dict[str, Any]]) -> None:
    # P-6537 and P-6537-B are the same CFDI (same UUID and XML) in the real register.
    row = altas["018001-107034"]
    assert row["importe_factura"] == row["importe_alta"] == Decimal("112050.00")
    assert row["excepcion"] == ""


def test_state_counts_of_linked_invoices(altas: dict[str, dict[str, Any]]) -> None:
    states = Counter(r["estado_cr"] for r in altas.values() if r["uuid"])
    assert states == {"Sin Contra Recibo": 30, None: 15, "Aprobado": 9, "En proceso": 3}
