"""On a generated world the chain finds exactly the exceptions the generator planted."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from o2c_desktop.services.analytics import make_cut, records
from o2c_desktop.services.analytics.reconcile import chain, exceptions
from o2c_desktop.settings import AnalyticsSettings

SETTINGS = AnalyticsSettings()
Found = dict[str, set[tuple[object, ...]]]


def _found(world: Any, as_of: date | None = None) -> Found:
    cut = make_cut(as_of or world.as_of)
    report = exceptions(world.warehouse.connection, cut, SETTINGS)
    found: Found[str, set[tuple[object, ...]]] = defaultdict(set)
    for r in records(report.relation, ["excepcion", "institucion", "no_orden", "no_alta", "uuid"]):
        found[r["excepcion"]].add((r["institucion"], r["no_orden"], r["no_alta"], r["uuid"]))
    return found


@pytest.fixture(scope="module")
def found(world: Any) -> Found:
    return _found(world)


def test_every_planted_alta_without_invoice_and_nothing_else(world: Any, found: Found) -> None:
    expected = {("IMSS", str(o), a, None) for a, o in world.generation.truth.altas_without_invoice}
    assert expected, "the world plants altas without invoice"
    assert found["ALTA_NOT_INVOICED"] == expected


def test_invoices_citing_missing_altas(world: Any, found: Found) -> None:
    expected = {
        ("IMSS", o, a, u) for u, a, o in world.generation.truth.invoices_citing_missing_alta
    }
    assert expected
    assert found["ALTA_NOT_FOUND"] == expected


def test_invoices_without_prei_record(world: Any, found: Found) -> None:
    expected = set(world.generation.truth.invoices_without_prei)
    assert expected
    assert {u for *_, u in found["INVOICE_NOT_IN_PREI"]} == expected


def test_amount_mismatches_per_invoice_or_supply_order(world: Any, found: Found) -> None:
    truth = world.generation.truth
    cancelled = {u for u, *_ in truth.cancelled_invoices_linked}
    planted = {u for u, *_ in truth.amount_mismatches if u not in cancelled}
    assert planted
    con = world.warehouse.connection
    order_of = dict(con.execute("SELECT upper(uuid), referencia FROM invoice_register").fetchall())
    got_imss = {u for inst, _, _, u in found["AMOUNT_MISMATCH"] if inst == "IMSS"}
    got_orders = {o for inst, o, _, _ in found["AMOUNT_MISMATCH"] if inst == "IMSS-B"}
    imss = {u for u in planted if "-" not in order_of[u]}
    assert got_imss == imss
    assert got_orders == {order_of[u] for u in planted - imss}


def test_several_invoices_for_one_alta_list_the_candidates(world: Any, found: Found) -> None:
    truth = world.generation.truth
    cancelled = {u for u, *_ in truth.cancelled_invoices_linked}
    # A cancelled invoice and its replacement are not an ambiguity: one of them is valid.
    expected = {
        ("IMSS", str(o), a, None)
        for a, o, uuids in truth.altas_with_several_invoices
        if len(set(uuids) - cancelled) > 1
    }
    assert expected
    assert found["MULTIPLE_MATCHES"] == expected
    report = exceptions(
        world.warehouse.connection,
        make_cut(world.as_of),
        SETTINGS,
        {"excepcion": "MULTIPLE_MATCHES"},
    )
    listed = {
        r["no_alta"]: r["candidatos"] for r in records(report.relation, ["no_alta", "candidatos"])
    }
    for alta, _, uuids in truth.altas_with_several_invoices:
        for uuid in uuids:
            assert uuid in listed[alta]


def test_cancelled_invoices_still_linked_without_a_valid_replacement(
    world: Any, found: Found
) -> None:
    truth = world.generation.truth
    replaced = set(truth.cancelled_invoices_replaced)
    expected = {u for u, *_ in truth.cancelled_invoices_linked} - replaced
    assert expected and replaced, "the world plants both kinds of cancelled invoice"
    assert {u for *_, u in found["CANCELLED_INVOICE_LINKED"]} == expected


def test_a_substituted_invoice_is_not_an_exception_and_its_replacement_is_linked(
    world: Any,
) -> None:
    truth = world.generation.truth
    con = world.warehouse.connection
    replacement_of = dict(
        con.execute(
            "SELECT related_uuid, uuid FROM invoice_relation WHERE tipo_relacion = '04'"
        ).fetchall()
    )
    replaced = set(truth.cancelled_invoices_replaced)
    assert replaced <= set(replacement_of), "ingest stores each replacement's relation"
    rows = records(
        chain(con, make_cut(world.as_of), SETTINGS).relation,
        ["no_orden", "no_alta", "uuid", "excepciones"],
    )
    for uuid, _, order, alta in truth.cancelled_invoices_linked:
        if uuid not in replaced:
            continue
        # The record of that alta (IMSS) or of the replacement on that order (IMSS-B).
        [row] = [
            r
            for r in rows
            if (r["no_orden"], r["no_alta"]) == (str(order), alta)
            and r["uuid"] == replacement_of[uuid]
        ]
        assert "CANCELLED_INVOICE_LINKED" not in row["excepciones"]


def test_cancelled_orders_that_were_delivered(world: Any, found: Found) -> None:
    expected = {str(o) for o in world.generation.truth.cancelled_orders_delivered}
    assert expected
    assert {o for _, o, _, _ in found["CANCELLED_ORDER_DELIVERED"]} == expected


def test_paid_short(world: Any, found: Found) -> None:
    expected = {u for u, *_ in world.generation.truth.paid_short}
    assert expected
    assert {u for *_, u in found["PAID_SHORT"]} == expected
    assert found["PAID_OVER"] == set()


def test_no_other_reason_appears(found: Found) -> None:
    assert {reason for reason, rows in found.items() if rows} <= {
        "ALTA_NOT_INVOICED", "ALTA_NOT_FOUND", "INVOICE_NOT_IN_PREI", "AMOUNT_MISMATCH",
        "MULTIPLE_MATCHES", "CANCELLED_INVOICE_LINKED", "CANCELLED_ORDER_DELIVERED", "PAID_SHORT",
    }  # fmt: skip


def test_chain_has_one_record_per_alta_and_per_undelivered_order(world: Any) -> None:
    con = world.warehouse.connection
    report = chain(con, make_cut(world.as_of), SETTINGS, {"institucion": "IMSS"})
    rows = records(report.relation, ["registro", "no_orden", "no_alta", "uuid", "excepcion"])
    altas = [r for r in rows if r["registro"] == "alta"]
    assert len(altas) == world.generation.truth.altas_in_sai
    assert len({(r["no_orden"], r["no_alta"]) for r in altas}) == len(altas)
    orders = {r["no_orden"] for r in rows if r["registro"] in ("alta", "orden")}
    assert len(orders) == world.generation.truth.imss_order_lines


def test_record_amounts_add_up_to_the_sources(world: Any) -> None:
    con = world.warehouse.connection
    report = chain(con, make_cut(world.as_of), SETTINGS, {"registro": "alta"})
    total = sum(r["importe_alta"] for r in records(report.relation, ["importe_alta"]))
    # fetchall finishes the result: DuckDB 2 refuses later work on a half-read one.
    [(source,)] = con.execute("SELECT sum(importe) FROM sai_alta WHERE valid_to IS NULL").fetchall()
    assert total == source
    assert isinstance(total, Decimal)


def test_factoring_status_is_empty_without_a_factoring_source(real: Any) -> None:
    """The real samples hold no factoring statement: no record shows a factoring state. (The
    generated world's statement is checked record by record in test_factoring_generated.)"""
    report = chain(real.connection, make_cut(None), SETTINGS)
    assert "estado_factoraje" in report.columns
    states = report.relation.aggregate("estado_factoraje, count(*)", "estado_factoraje")
    [(state, count)] = states.fetchall()
    assert state is None and count > 0


def test_each_records_exceptions_on_the_chain_are_the_exception_list(world: Any) -> None:
    """The chain reads a record's exceptions from its flags; the exception list spells the same
    reasons out one row each. Both must name the same codes and the same first priority."""
    con = world.warehouse.connection
    cut = make_cut(world.as_of)
    listed = {
        key: (first, codes)
        for key, first, codes in exceptions(con, cut, SETTINGS)
        .relation.aggregate(
            "record_key, arg_min(excepcion, prioridad), "
            "string_agg(DISTINCT excepcion, ',' ORDER BY excepcion)",
            "record_key",
        )
        .fetchall()
    }
    on_chain = {
        key: (first, codes)
        for key, first, codes in chain(con, cut, SETTINGS)
        .relation.filter("excepcion <> ''")
        .select("record_key, excepcion, excepciones")
        .fetchall()
    }
    assert on_chain == listed
    codes = {code for _, joined in listed.values() for code in joined.split(",")}
    assert codes >= {
        "ALTA_NOT_INVOICED", "ALTA_NOT_FOUND", "MULTIPLE_MATCHES",
        "CANCELLED_ORDER_DELIVERED", "CANCELLED_INVOICE_LINKED", "AMOUNT_MISMATCH",
        "INVOICE_NOT_IN_PREI", "PAID_SHORT",
    }  # fmt: skip
