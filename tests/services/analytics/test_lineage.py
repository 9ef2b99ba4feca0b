"""The files behind a reconciliation record (row detail of the Conciliación page) and the
amount pending per stage (Inicio)."""

from __future__ import annotations

from typing import Any

from o2c_desktop.services.analytics import make_cut, receivables, records
from o2c_desktop.services.analytics import reconcile as reconcile_service
from o2c_desktop.services.analytics.lineage import chain_sources
from o2c_desktop.settings import AnalyticsSettings


def test_an_invoiced_alta_names_the_order_alta_and_invoice_files(world: Any) -> None:
    con = world.warehouse.connection
    cut = make_cut(None)
    report = reconcile_service.chain(con, cut, AnalyticsSettings(), {"institucion": "IMSS"})
    rows = records(report.relation, ["no_orden", "no_alta", "uuid", "estado_cr"])
    record = next(r for r in rows if r["no_alta"] and r["uuid"] and r["estado_cr"])

    sources = chain_sources(con, cut, record)

    stages = {s.stage for s in sources}
    assert {"Orden (SAI)", "Alta (SAI)", "Contrarecibo (PREI)"} <= stages
    alta = next(s for s in sources if s.stage == "Alta (SAI)")
    stored = con.execute(
        "SELECT DISTINCT archive_sha256 FROM sai_alta WHERE no_alta = ? AND valid_to IS NULL",
        [record["no_alta"]],
    ).fetchall()
    assert alta.sha256 in {row[0] for row in stored}
    assert alta.original_name and alta.source_row is not None


def test_keys_the_warehouse_does_not_hold_have_no_sources(world: Any) -> None:
    con = world.warehouse.connection
    record = {"no_orden": "x", "no_alta": "y", "uuid": "z"}
    assert chain_sources(con, make_cut(None), record) == []


def test_pending_by_stage_adds_up_to_the_open_items(world: Any) -> None:
    con = world.warehouse.connection
    cut = make_cut(None)
    settings = AnalyticsSettings()
    stages = receivables.pending_by_stage(con, cut, settings)
    items = records(receivables.open_items(con, cut, settings).relation, ["etapa", "importe"])
    assert stages and sum(s["partidas"] for s in stages) == len(items)
    assert sum(s["importe"] for s in stages) == sum(i["importe"] for i in items)
    amounts = [s["importe"] for s in stages]
    assert amounts == sorted(amounts, reverse=True)
