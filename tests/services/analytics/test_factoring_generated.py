"""The generated world's factoring statement, imported with the rest of the world: each invoice's
factoring state in the chain, the receivables split by portfolio and the reserves and fees in the
cash projection are the ones the generator planted (truth.json), and the one row asking for more
than its invoice is set aside naming its cell."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from o2c_desktop.services.analytics import make_cut, records
from o2c_desktop.services.analytics.cashflow import load_events
from o2c_desktop.services.analytics.receivables import open_items
from o2c_desktop.services.analytics.reconcile import chain
from o2c_desktop.settings import AnalyticsSettings

SETTINGS = AnalyticsSettings()
LABELS = {
    "offered": "Ofrecida",
    "assigned": "Cedida al factor",
    "collected_by_factor": "Cobrada por el factor",
    "settled": "Liquidada",
}


def _money(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def test_each_invoice_shows_the_state_and_factor_of_its_operation(world: Any) -> None:
    planted = world.generation.truth.factoring_operations
    assert world.generation.truth.factoring_operations_complete
    assert {op["state"] for op in planted.values()} == set(LABELS), "every state is planted"
    assert any(op["folio_only"] for op in planted.values()), "some rows give only the folio"
    rows = records(
        chain(world.warehouse.connection, make_cut(world.as_of), SETTINGS).relation,
        ["uuid", "estado_factoraje", "factor"],
    )
    shown = {r["uuid"]: (r["estado_factoraje"], r["factor"]) for r in rows if r["uuid"]}
    expected = {u: (LABELS[op["state"]], op["factor"]) for u, op in planted.items()}
    assert {u: shown.get(u) for u in expected} == expected
    others = {u: s for u, s in shown.items() if u not in expected and s != (None, None)}
    assert others == {}


def test_an_invoice_is_paid_by_the_institution_only_once_the_factor_confirms(world: Any) -> None:
    planted = world.generation.truth.factoring_operations
    rows = records(
        chain(world.warehouse.connection, make_cut(world.as_of), SETTINGS).relation,
        ["uuid", "estado_cr", "estatus_cadena", "pagado_institucion"],
    )
    seen = {r["uuid"]: r for r in rows if r["uuid"] in planted}
    assert set(seen) == set(planted)
    unconfirmed = 0
    for uuid, op in planted.items():
        row = seen[uuid]
        confirmed = op["state"] in ("collected_by_factor", "settled")
        assert row["pagado_institucion"] is confirmed, uuid
        if confirmed:
            # The factor collects only what the institution paid.
            assert row["estado_cr"] == "Pagado", uuid
            assert row["estatus_cadena"] == "Cobrada por el factor", uuid
        elif op["state"] == "assigned" and row["estado_cr"] == "Pagado":
            assert row["estatus_cadena"] == "Pagado al factor, sin confirmar", uuid
            unconfirmed += 1
        else:
            assert row["estado_cr"] != "Pagado", uuid
    assert unconfirmed > 0, "the world plants invoices paid to the factor, not yet confirmed"


def test_receivables_split_own_factored_and_with_recourse_as_planted(world: Any) -> None:
    truth = world.generation.truth
    planted = truth.factoring_operations
    expected = {
        k: (count, _money(amount)) for k, (count, amount) in truth.factoring_receivables.items()
    }
    assert set(expected) == {"Propia", "Factorada", "Con recurso"}
    held: dict[str, tuple[int, Decimal]] = {}
    ceded_elsewhere = []
    for item in records(
        open_items(world.warehouse.connection, make_cut(world.as_of), SETTINGS).relation,
        ["uuid", "cartera", "importe", "factor"],
    ):
        if item["uuid"] in planted:
            count, amount = held.get(item["cartera"], (0, Decimal(0)))
            held[item["cartera"]] = (count + 1, amount + item["importe"])
            assert item["factor"] == planted[item["uuid"]]["factor"]
        elif item["cartera"] != "Propia" or item["factor"] is not None:
            ceded_elsewhere.append(item["uuid"])
    assert held == expected
    assert ceded_elsewhere == []


def test_cash_projection_expects_each_open_reserve_and_its_fees(world: Any) -> None:
    planted = world.generation.truth.factoring_operations
    expected = {
        (concept, uuid): _money(op["reserve"] if concept == "reserva" else -op["fee"])
        for uuid, op in planted.items()
        if op["state"] in ("assigned", "collected_by_factor") and op["reserve"] > 0
        for concept in ("reserva", "comision")
    }
    assert expected, "the world plants classic operations not yet settled"
    events = load_events(world.warehouse.connection, make_cut(world.as_of), SETTINGS)
    got = {(e.concept, e.uuid): e.amount for e in events if e.concept in ("reserva", "comision")}
    assert got == expected
    offered = {u for u, op in planted.items() if op["state"] == "offered"}
    own = {e.uuid for e in events if e.concept == "cobro_institucion"}
    assert offered and offered <= own, "an invoice only offered is still the supplier's to collect"


def test_the_advance_beyond_its_invoice_is_set_aside_naming_the_cell(world: Any) -> None:
    [refused] = world.generation.truth.factoring_refused
    con = world.warehouse.connection
    rows = con.execute(
        "SELECT r.sheet, r.source_row, r.reason FROM rejected_row AS r "
        "JOIN load_ledger AS l USING (load_id) WHERE l.kind = 'factoring'"
    ).fetchall()
    assert rows == [
        (
            refused["sheet"],
            refused["row"],
            f"«{refused['column'].lower()}»: se esperaba un monto a recibir no mayor que el monto "
            "del documento (el anticipo no puede exceder la factura)",
        )
    ]
    [(stored,)] = con.execute(
        "SELECT count(*) FROM factoring_operation WHERE uuid = ? OR folio = ?",
        [refused["uuid"], refused["folio"]],
    ).fetchall()
    assert stored == 0
