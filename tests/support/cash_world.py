"""A two-invoice warehouse whose cash projection is summed by hand (test_cashflow_values.py gives
the derivation); shared by the service and CLI tests so they check the very same figures.

Invoice P-201 (IMSS, 1000, 100 of open penalty) is approved; P-202 (2000) is factored with
Banco: advance 1800 on 27/08/2025, reserve 200, fee 30. At the cut 25/08/2025, three weeks:

    week  institution_p50  institution_p90  advances  reserves  fees  net   running_total
    1     0                0                1800      0         0     1800  1800
    2     900              0                0         0         0     900   2700
    3     0                900              0         200       -30   170   2870
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import duckdb
from known_rows import insert

AS_OF = date(2025, 8, 25)
RFC = "IMS421231I45"
UA, UB, H1, H2 = ("A" * 8 + "-0001", "B" * 8 + "-0002", "1" * 8 + "-0003", "2" * 8 + "-0004")


def _status(con: duckdb.DuckDBPyConnection, uuid: str, known: date, state: str) -> None:
    con.execute(
        "UPDATE contrarecibo_status SET valid_to = ? WHERE uuid = ? AND valid_to IS NULL",
        [datetime.combine(known, time(12)), uuid],
    )
    insert(con, "contrarecibo_status", known, {"uuid": uuid, "estado": state})


def fill(con: duckdb.DuckDBPyConnection) -> None:
    # History: approved → paid in 10 and 20 days (median 15, P90 19).
    _status(con, H1, date(2025, 7, 1), "Aprobado")
    _status(con, H1, date(2025, 7, 11), "Pagado")
    _status(con, H2, date(2025, 7, 5), "Aprobado")
    _status(con, H2, date(2025, 7, 25), "Pagado")
    for alta, order, fpp in (("A-1", "OA", date(2025, 8, 20)), ("B-1", "OB", date(2025, 9, 10))):
        insert(con, "sai_alta", date(2025, 7, 6), {
            "no_alta": alta, "fecha_alta": fpp, "no_orden": order, "importe": Decimal("1"),
            "fpp": fpp,
        })  # fmt: skip
    insert(con, "invoice_register", date(2025, 7, 8), *[
        {"factura": f, "referencia": o, "alta": a, "uuid": u, "fecha": datetime(2025, 7, 8),
         "receptor_rfc": RFC, "total": Decimal(t)}
        for f, o, a, u, t in (
            ("P-201", "OA", "A-1", UA, "1000"), ("P-202", "OB", "B-1", UB, "2000"))
    ])  # fmt: skip
    _status(con, UA, date(2025, 8, 20), "Aprobado")
    _status(con, UB, date(2025, 8, 15), "Sin Contra Recibo")
    insert(con, "penalty", date(2025, 8, 1),
           {"orden_suministro": "OA", "oficio_key": "OF-1", "pena": Decimal("100")})  # fmt: skip
    insert(con, "factoring_operation", date(2025, 8, 22), {
        "factor": "Banco", "invoice_key": UB, "uuid": UB, "state": "assigned",
        "advance_date": date(2025, 8, 27), "face_amount": Decimal("2000"),
        "advance_amount": Decimal("1800"), "reserve_amount": Decimal("200"),
        "fee_amount": Decimal("30"), "recourse": True,
    })  # fmt: skip
