"""One invoice through every factoring state (DOMAIN §7), as four successive statements: the
chain's factoring state, whether the institution has paid it, and which receivables it sits in,
at each step and again as of each past date once everything is loaded."""

from __future__ import annotations

import csv
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from o2c_desktop.services.analytics import make_cut, records, relation
from o2c_desktop.services.analytics.receivables import open_items
from o2c_desktop.services.analytics.reconcile import chain
from o2c_desktop.services.archive import RawArchive
from o2c_desktop.services.ingest import ingest_paths
from o2c_desktop.settings import AnalyticsSettings

IMSS_RFC = "IMS421231I45"
CLAVE = "010.000.4411.00"
U_CLASSIC, U_CADENAS = "A" * 8 + "-1111-4111-8111-000000000001", "B" * 8 + "-2222-4222-8222-0002"
HEADER = [
    "Intermediario Financiero", "Número de documento", "Fecha de publicación",
    "Fecha de operación", "Fecha de vencimiento", "Fecha de cobro", "Fecha de liquidación",
    "Monto del documento", "Porcentaje de anticipo", "Monto a recibir", "Intereses", "Recurso",
    "Estatus",
]  # fmt: skip
# The Classic invoice P-3772 (100,000.00, 85 % advance with recourse, 1,250.00 of fees) moves one
# state per statement; the Cadenas invoice P-3773 (40,000.00, whole advance minus 600.00 of
# interest, no recourse) is assigned from the second statement on. Both give the folio only.
CLASSIC = ["BANCO FACTOR", "P-3772", "05/07/2025", "", "04/08/2025", "", "", "100000", 85,
           "85000", "1250", "Sí"]  # fmt: skip
CADENAS = ["NAFIN", "P-3773", "05/07/2025", "08/07/2025", "04/08/2025", "", "", "40000", 100,
           "39400", "600", "No", "Operada"]  # fmt: skip
ADVANCED = [*CLASSIC[:3], "08/07/2025", *CLASSIC[4:]]
STATEMENTS = {
    date(2025, 7, 5): [[*CLASSIC, "Publicada"]],
    date(2025, 7, 8): [[*ADVANCED, "Operada"], CADENAS],
    date(2025, 8, 22): [
        [*ADVANCED[:5], "21/08/2025", *ADVANCED[6:], "Cobrada por el factor"],
        CADENAS,
    ],
    date(2025, 9, 5): [
        [*ADVANCED[:5], "21/08/2025", "04/09/2025", *ADVANCED[7:], "Liquidada"],
        [*CADENAS[:5], "20/08/2025", *CADENAS[6:12], "Cobrada"],
    ],
}

# (cut, classic's factoring state, chain status, paid by the institution, receivables by holder)
EXPECTED: list[tuple[date, str, str, bool, dict[str, Decimal]]] = [
    (date(2025, 7, 5), "Ofrecida", "Aprobado", False,
     {"Propia": Decimal("140000.00")}),
    (date(2025, 7, 8), "Cedida al factor", "Aprobado", False,
     {"Con recurso": Decimal("100000.00"), "Factorada": Decimal("40000.00")}),
    # PREI says Pagado: the institution paid the factor, which has not confirmed it yet.
    (date(2025, 8, 20), "Cedida al factor", "Pagado al factor, sin confirmar", False,
     {"Con recurso": Decimal("100000.00"), "Factorada": Decimal("40000.00")}),
    # The factor collected: paid by the institution, but with recourse the exposure stays.
    (date(2025, 8, 22), "Cobrada por el factor", "Cobrada por el factor", True,
     {"Con recurso": Decimal("100000.00"), "Factorada": Decimal("40000.00")}),
    (date(2025, 9, 5), "Liquidada", "Cobrada por el factor", True, {}),
]  # fmt: skip


def _register(hb: Any) -> None:
    for folio, uuid, alta, total in (
        ("P-3772", U_CLASSIC, "018001-100101", "100000.00"),
        ("P-3773", U_CADENAS, "018001-100102", "40000.00"),
    ):
        hb.insert("sai_alta", date(2025, 6, 20), {
            "no_alta": alta, "fecha_alta": date(2025, 6, 20), "no_orden": "4500000001",
            "clave": CLAVE, "cant_recibida": 100, "importe": Decimal(total),
            "fpp": date(2025, 8, 4),
        })  # fmt: skip
        hb.insert("invoice_register", date(2025, 7, 2), {
            "factura": folio, "referencia": "4500000001", "alta": alta, "uuid": uuid,
            "fecha": datetime(2025, 7, 2), "receptor_rfc": IMSS_RFC, "total": Decimal(total),
        })  # fmt: skip
        hb.insert("contrarecibo_status", date(2025, 7, 3), {
            "uuid": uuid, "fecha_factura": datetime(2025, 7, 2), "importe": Decimal(total),
            "estado": "Aprobado",
        })  # fmt: skip
    # The institution pays the classic invoice on 20 August (to the factor, who owns it).
    hb.con.execute(
        "UPDATE contrarecibo_status SET valid_to = TIMESTAMP '2025-08-20 12:00:00' WHERE uuid = ?",
        [U_CLASSIC],
    )
    hb.insert("contrarecibo_status", date(2025, 8, 20), {
        "uuid": U_CLASSIC, "fecha_factura": datetime(2025, 7, 2), "importe": Decimal("100000"),
        "estado": "Pagado",
    })  # fmt: skip


def _load_statement(hb: Any, folder: Path, day: date) -> None:
    path = folder / f"{day.isoformat()} estado de cuenta factoraje.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *STATEMENTS[day]])
    outcomes = ingest_paths(
        hb.warehouse,
        RawArchive(folder / "archive", hb.warehouse),
        [path],
        quarantine_dir=folder / "quarantine",
    )
    assert [(o.status, o.rejected) for o in outcomes] == [("loaded", 0)]


def _observed(hb: Any, cut_day: date) -> tuple[str, str, bool, dict[str, Decimal]]:
    settings, cut = AnalyticsSettings(), make_cut(cut_day)
    [row] = records(
        chain(hb.con, cut, settings, {"folio_factura": "P-3772"}).relation,
        ["estado_factoraje", "factor", "estatus_cadena", "pagado_institucion"],
    )
    assert row["factor"] == "BANCO FACTOR"
    held: dict[str, Decimal] = {}
    for item in records(open_items(hb.con, cut, settings).relation, ["cartera", "importe"]):
        held[item["cartera"]] = held.get(item["cartera"], Decimal(0)) + item["importe"]
    return row["estado_factoraje"], row["estatus_cadena"], row["pagado_institucion"], held


def test_one_invoice_through_every_factoring_state(handbuilt: Any, tmp_path: Path) -> None:
    _register(handbuilt)
    for cut_day, *expected in EXPECTED:
        if cut_day in STATEMENTS:
            _load_statement(handbuilt, tmp_path, cut_day)
        assert _observed(handbuilt, cut_day) == tuple(expected), cut_day
    # Everything loaded, each past date still answers what was known then.
    for cut_day, *expected in EXPECTED:
        assert _observed(handbuilt, cut_day) == tuple(expected), cut_day


def test_the_factoring_figures_of_each_invoice(handbuilt: Any, tmp_path: Path) -> None:
    _register(handbuilt)
    for day in (date(2025, 7, 5), date(2025, 7, 8)):
        _load_statement(handbuilt, tmp_path, day)
    rel = relation(
        handbuilt.con, "recon_factoring", make_cut(date(2025, 7, 8)), AnalyticsSettings()
    )
    columns = ["uuid", "factor", "state", "recourse", "advance_amount", "reserve_amount",
               "fee_amount", "cedida", "cobrada_por_factor", "riesgo_recurso",
               "reserva_por_liberar"]  # fmt: skip
    rows = sorted(tuple(r.values()) for r in records(rel, columns))
    assert rows == [
        (U_CLASSIC, "BANCO FACTOR", "assigned", True, Decimal("85000.00"), Decimal("15000.00"),
         Decimal("1250.00"), True, False, True, Decimal("13750.00")),
        (U_CADENAS, "NAFIN", "assigned", False, Decimal("39400.00"), Decimal("0.00"),
         Decimal("600.00"), True, False, False, Decimal("0.00")),
    ]  # fmt: skip
