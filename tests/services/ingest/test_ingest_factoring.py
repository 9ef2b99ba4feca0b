"""The factoring statement (DOMAIN §7): a NAFIN-style bank statement in xlsx or CSV, its Spanish
states and recourse words stored as DOMAIN's, and a row whose advance exceeds its invoice set aside
with the cell named."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conftest import FileKit, IngestEnv

UA = "AAAAAAAA-1111-4111-8111-000000000001"
UB = "bbbbbbbb-2222-4222-8222-000000000002"

HEADER = [
    "Intermediario Financiero", "Folio Fiscal", "Número de documento", "Fecha de publicación",
    "Fecha de operación", "Fecha de vencimiento", "Monto del documento",
    "Porcentaje de anticipo", "Monto a recibir", "Intereses", "Tasa", "Recurso", "Estatus",
]  # fmt: skip

COLUMNS = (
    "factor, invoice_key, uuid, folio, state, offer_date, advance_date, due_date, face_amount, "
    "advance_pct, advance_amount, reserve_amount, fee_amount, discount_rate, recourse"
)


def _statement_rows() -> list[list[object]]:
    return [
        ["Estado de cuenta de operaciones de factoraje"],
        HEADER,
        # Classic: 85 % advance with recourse, the reserve (15 %) stays with the factor.
        ["BANCO FACTOR", UA, "P-3772", "01/07/2025", "03/07/2025", "15/08/2025",
         "$100,000.00", 85, "85,000.00", "1,250.00", 15, "Sí", "Operada"],
        # Cadenas: the whole face minus the discount interest, no recourse, folio only.
        ["NAFIN", "", "P-3773", "02/07/2025", "04/07/2025", "16/08/2025",
         "40000", 100, "39,400.00", "600.00", "12.5", "Sin recurso", "PUBLICADA"],
        # An advance larger than its invoice: refused.
        ["NAFIN", UB, "P-3774", "02/07/2025", "04/07/2025", "16/08/2025",
         "10000", 100, "12,000.00", "0", "12", "No", "Operada"],
    ]  # fmt: skip


def _expected() -> list[tuple[object, ...]]:
    return [
        ("BANCO FACTOR", UA, UA, "P-3772", "assigned", date(2025, 7, 1), date(2025, 7, 3),
         date(2025, 8, 15), Decimal("100000.00"), Decimal("0.8500"), Decimal("85000.00"),
         Decimal("15000.00"), Decimal("1250.00"), Decimal("0.150000"), True),
        ("NAFIN", "P-3773", None, "P-3773", "offered", date(2025, 7, 2), date(2025, 7, 4),
         date(2025, 8, 16), Decimal("40000.00"), Decimal("1.0000"), Decimal("39400.00"),
         Decimal("0.00"), Decimal("600.00"), Decimal("0.125000"), False),
    ]  # fmt: skip


def test_xlsx_statement_loads_states_and_sets_aside_the_advance_beyond_its_invoice(
    env: IngestEnv, kit: FileKit
) -> None:
    path = kit.xlsx("Estado de cuenta factoraje julio.xlsx", _statement_rows(), sheet="Operaciones")
    outcome = env.one(path, kind="factoring")
    assert (outcome.status, outcome.kind, outcome.inserted, outcome.rejected) == (
        "loaded",
        "factoring",
        2,
        1,
    )
    rows = env.rows(f"SELECT {COLUMNS} FROM factoring_operation ORDER BY factor")
    assert rows == _expected()
    assert env.rows("SELECT source_row, reason FROM rejected_row") == [
        (
            5,
            "«monto a recibir»: se esperaba un monto a recibir no mayor que el monto del "
            "documento (el anticipo no puede exceder la factura)",
        )
    ]


def test_csv_statement_is_detected_by_its_headers(env: IngestEnv, kit: FileKit) -> None:
    path = kit.csv("factoraje.csv", _statement_rows()[1:])
    outcome = env.one(path)
    assert (outcome.status, outcome.kind, outcome.inserted, outcome.rejected) == (
        "loaded",
        "factoring",
        2,
        1,
    )
    rows = env.rows(f"SELECT {COLUMNS} FROM factoring_operation ORDER BY factor")
    assert rows == _expected()


def test_an_unknown_state_is_set_aside_with_the_words_the_statement_may_use(
    env: IngestEnv, kit: FileKit
) -> None:
    rows = [HEADER, ["NAFIN", UA, "P-1", "", "", "", "100", "", "", "", "", "", "En trámite"]]
    outcome = env.one(kit.csv("factoraje.csv", rows))
    assert (outcome.status, outcome.inserted, outcome.rejected) == ("loaded", 0, 1)
    reason = env.scalar("SELECT reason FROM rejected_row")
    assert reason.startswith("«estatus»: se esperaba uno de: offered, Ofrecida")
    assert "Liquidada" in reason
