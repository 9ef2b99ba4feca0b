"""An IMSS invoice not yet uploaded to PREI cannot be paid before it is uploaded and goes the whole
PREI way (DOMAIN §7 "Projection"): its expected payment is the rest of the median upload lag plus
the median time from upload to payment, never the cut itself however overdue it is.

History (two invoices of 01/06/2025): uploaded after 4 and 14 days, paid 30 and 40 days after
upload; median upload lag 9, median upload→paid 35 (P90: 13 and 39). At the cut 25/08/2025:

    invoice  issued      days  P50                              P90
    N-1      20/08/2025  5     25/08 + (9 − 5) + 35 = 03/10     25/08 + (13 − 5) + 39 = 11/10
    N-2      01/05/2025  116   25/08 + 0 + 35 = 29/09           25/08 + 0 + 39 = 03/10
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from o2c_desktop.services.analytics import make_cut
from o2c_desktop.services.analytics.cashflow import load_events
from o2c_desktop.services.analytics.receivables import open_items
from o2c_desktop.settings import AnalyticsSettings

AS_OF = date(2025, 8, 25)
RFC = "IMS421231I45"


def _fill(hb: Any) -> None:
    history = (("H-1", "1" * 8 + "-0001", 4, 30), ("H-2", "2" * 8 + "-0002", 14, 40))
    open_ = (
        ("N-1", "3" * 8 + "-0003", date(2025, 8, 20)),
        ("N-2", "4" * 8 + "-0004", date(2025, 5, 1)),
    )
    for folio, uuid, issued in [(f, u, date(2025, 6, 1)) for f, u, _, _ in history] + list(open_):
        hb.insert("sai_alta", issued, {
            "no_alta": f"A-{folio}", "fecha_alta": issued, "no_orden": f"O-{folio}",
            "importe": Decimal("1000"), "fpp": issued,
        })  # fmt: skip
        hb.insert("invoice_register", issued, {
            "factura": folio, "referencia": f"O-{folio}", "alta": f"A-{folio}", "uuid": uuid,
            "fecha": datetime.combine(issued, time(9)), "receptor_rfc": RFC,
            "total": Decimal("1000"),
        })  # fmt: skip
    for _folio, uuid, upload_days, paid_days in history:
        uploaded = date(2025, 6, 1 + upload_days)
        row = {"uuid": uuid, "fecha_carga": datetime.combine(uploaded, time(8))}
        hb.insert("contrarecibo_status", uploaded, row | {"estado": "Sin Contra Recibo"})
        paid = date.fromordinal(uploaded.toordinal() + paid_days)
        hb.con.execute(
            "UPDATE contrarecibo_status SET valid_to = ? WHERE uuid = ? AND valid_to IS NULL",
            [datetime.combine(paid, time(12)), uuid],
        )
        hb.insert("contrarecibo_status", paid, row | {"estado": "Pagado"})


def test_an_invoice_not_yet_in_prei_is_expected_after_upload_and_the_whole_prei_way(
    handbuilt: Any,
) -> None:
    _fill(handbuilt)
    cut = make_cut(AS_OF)
    settings = AnalyticsSettings()

    report = open_items(handbuilt.con, cut, settings)
    expected = {
        folio: (stage, when)
        for folio, stage, when in report.relation.select(
            "folio_factura, etapa, fecha_cobro_esperada"
        ).fetchall()
    }
    assert expected == {
        "N-1": ("Sin registro PREI", date(2025, 10, 3)),
        "N-2": ("Sin registro PREI", date(2025, 9, 29)),
    }

    events = {
        e.invoice: (e.date_p50, e.date_p90) for e in load_events(handbuilt.con, cut, settings)
    }
    assert events == {
        "N-1": (date(2025, 10, 3), date(2025, 10, 11)),
        "N-2": (date(2025, 9, 29), date(2025, 10, 3)),
    }
