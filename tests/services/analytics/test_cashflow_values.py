"""A week's cash projection summed by hand on a hand-built warehouse. The factoring rows are
inserted straight into factoring_operation: its importer is not part of this code yet."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from o2c_desktop.services.analytics import make_cut
from o2c_desktop.services.analytics.cashflow import project
from o2c_desktop.settings import AnalyticsSettings

AS_OF = date(2025, 8, 25)
RFC = "IMS421231I45"
UA, UB, H1, H2 = ("A" * 8 + "-0001", "B" * 8 + "-0002", "1" * 8 + "-0003", "2" * 8 + "-0004")


def _status(hb: Any, uuid: str, known: date, state: str) -> None:
    hb.con.execute(
        "UPDATE contrarecibo_status SET valid_to = ? WHERE uuid = ? AND valid_to IS NULL",
        [datetime.combine(known, time(12)), uuid],
    )
    hb.insert("contrarecibo_status", known, {"uuid": uuid, "estado": state})


def test_weekly_figures_summed_by_hand(handbuilt: Any) -> None:
    hb = handbuilt
    # History: approved → paid in 10 and 20 days (median 15, P90 19).
    _status(hb, H1, date(2025, 7, 1), "Aprobado")
    _status(hb, H1, date(2025, 7, 11), "Pagado")
    _status(hb, H2, date(2025, 7, 5), "Aprobado")
    _status(hb, H2, date(2025, 7, 25), "Pagado")
    for alta, order, fpp in (("A-1", "OA", date(2025, 8, 20)), ("B-1", "OB", date(2025, 9, 10))):
        hb.insert("sai_alta", date(2025, 7, 6), {
            "no_alta": alta, "fecha_alta": fpp, "no_orden": order, "importe": Decimal("1"),
            "fpp": fpp,
        })  # fmt: skip
    hb.insert("invoice_register", date(2025, 7, 8), *[
        {"factura": f, "referencia": o, "alta": a, "uuid": u, "fecha": datetime(2025, 7, 8),
         "receptor_rfc": RFC, "total": Decimal(t)}
        for f, o, a, u, t in (
            ("P-201", "OA", "A-1", UA, "1000"), ("P-202", "OB", "B-1", UB, "2000"))
    ])  # fmt: skip
    _status(hb, UA, date(2025, 8, 20), "Aprobado")
    _status(hb, UB, date(2025, 8, 15), "Sin Contra Recibo")
    hb.insert(
        "penalty",
        date(2025, 8, 1),
        {"orden_suministro": "OA", "oficio_key": "OF-1", "pena": Decimal("100")},
    )
    hb.insert("factoring_operation", date(2025, 8, 22), {
        "factor": "Banco", "invoice_key": UB, "uuid": UB, "state": "assigned",
        "advance_date": date(2025, 8, 27), "face_amount": Decimal("2000"),
        "advance_amount": Decimal("1800"), "reserve_amount": Decimal("200"),
        "fee_amount": Decimal("30"), "recourse": True,
    })  # fmt: skip

    got = project(hb.con, make_cut(AS_OF), AnalyticsSettings(), weeks=3)

    # A: max(fpp 20/08, 25/08 + (15 − 5)) = 04/09 (week 2), P90 25/08 + 14 = 08/09 (week 3),
    # 1000 − 100 of penalty. B is factored: advance 27/08 (week 1), reserve and fee at B's
    # expected payment, its fpp 10/09 (week 3).
    rows = [(w.institution_p50, w.institution_p90, w.advances, w.reserves, w.fees, w.net,
             w.running_total) for w in got.weeks]  # fmt: skip
    d = Decimal
    assert rows == [
        (d(0), d(0), d(1800), d(0), d(0), d(1800), d(1800)),
        (d(900), d(0), d(0), d(0), d(0), d(900), d(2700)),
        (d(0), d(900), d(0), d(200), d(-30), d(170), d(2870)),
    ]
    assert [e.invoice for e in got.events_for(2, "institution_p50")] == ["P-201"]
    assert {e.concept for e in got.events_for(3, "net")} == {"reserva", "comision"}
