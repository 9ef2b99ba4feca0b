"""Team mode for the cash projection: a small world with two factored invoices (one by UUID, one
by folio only) pushed to Snowflake gives the same factoring operations, cash events and weekly
figures as the local warehouse at the world's as-of date."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import snowflake.connector

from o2c_desktop.services.analytics.asof import make_cut, relation
from o2c_desktop.services.analytics.cashflow import CashEvent, load_events, project, project_events
from o2c_desktop.services.archive import RawArchive
from o2c_desktop.services.cloud import team
from o2c_desktop.services.cloud.ddl import apply_ddl
from o2c_desktop.services.cloud.push import PushRequest, PushService
from o2c_desktop.services.cloud.secrets import CloudSecrets
from o2c_desktop.services.cloud.snowflake import connect_kwargs
from o2c_desktop.services.ingest import ingest_paths
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import AnalyticsSettings

AS_OF = date(2025, 8, 25)  # the generator's default as-of date
SETTINGS = AnalyticsSettings()
TEAM_SECTIONS = ("schema", "format", "stage", "ledger", "table", "staging", "view")
HEADER = [
    "Intermediario Financiero", "Folio Fiscal", "Número de documento", "Fecha de publicación",
    "Fecha de operación", "Fecha de vencimiento", "Monto del documento",
    "Porcentaje de anticipo", "Monto a recibir", "Intereses", "Tasa", "Recurso", "Estatus",
]  # fmt: skip


@pytest.fixture(scope="module")
def stamped_world(tmp_path_factory: pytest.TempPathFactory, cloud: ModuleType) -> Path:
    return cloud.world_once(tmp_path_factory, stamped=True)


@pytest.fixture(scope="module")
def cloud() -> ModuleType:
    import sys

    return sys.modules["o2c_cloud_fakes"]


def _open_invoices(warehouse: Warehouse) -> list[CashEvent]:
    events = load_events(warehouse.connection, make_cut(AS_OF), SETTINGS)
    return [e for e in events if e.concept == "cobro_institucion" and e.invoice]


def _statement(path: Path, classic: CashEvent, cadenas: CashEvent) -> Path:
    """Classic (85 %, recourse) by UUID; Cadenas (100 % minus 600 of interest) by folio only."""
    face_a, face_b = classic.invoice_amount, cadenas.invoice_amount
    assert face_a is not None and face_b is not None
    rows = [
        HEADER,
        ["BANCO FACTOR", classic.uuid, classic.invoice, "20/08/2025", "27/08/2025",
         "30/09/2025", str(face_a), "85", str((face_a * Decimal("0.85")).quantize(Decimal("0.01"))),
         "1250.00", "15", "Sí", "Operada"],
        ["NAFIN", "", cadenas.invoice, "21/08/2025", "01/09/2025", "30/09/2025", str(face_b),
         "100", str(face_b - 600), "600.00", "12.5", "Sin recurso", "Operada"],
    ]  # fmt: skip
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    return path


@pytest.fixture
def factored(stamped_world: Path, tmp_path: Path, cloud: ModuleType) -> Iterator[dict[str, Any]]:
    data = cloud.copy_world(stamped_world, tmp_path / "data")
    with Warehouse(data / "warehouse.duckdb") as warehouse:
        classic, cadenas = _open_invoices(warehouse)[:2]
        statement = _statement(tmp_path / "factoraje.csv", classic, cadenas)
        [outcome] = ingest_paths(
            warehouse, RawArchive(data / "archive", warehouse), [statement], kind="factoring",
            quarantine_dir=data / "quarantine", snapshot_at=datetime.combine(AS_OF, time(9)),
        )  # fmt: skip
        assert (outcome.status, outcome.inserted) == ("loaded", 2)
        yield {"data": data, "warehouse": warehouse, "classic": classic, "cadenas": cadenas}


@pytest.fixture
def pushed(
    factored: dict[str, Any],
    snowflake_server: dict[str, Any],
    snowflake_db: str,
    cloud: ModuleType,
    secrets: CloudSecrets,
) -> Iterator[Any]:
    settings = cloud.cloud_settings(snowflake=snowflake_server, database=snowflake_db)
    warehouse, data = factored["warehouse"], factored["data"]
    apply_ddl(warehouse, settings, secrets, sections=TEAM_SECTIONS)
    service = PushService(
        warehouse, settings, archive_dir=data / "archive", spool_dir=data / "outbox",
        secrets=secrets,
    )  # fmt: skip
    assert service.run(PushRequest(snowflake=True)).ok
    with snowflake.connector.connect(**connect_kwargs(settings.snowflake, secrets)) as con:
        yield con


def _sorted(events: list[CashEvent]) -> list[CashEvent]:
    return sorted(events, key=repr)


def test_factored_invoices_project_the_same_cash_on_snowflake(
    factored: dict[str, Any], pushed: Any
) -> None:
    cut = make_cut(AS_OF)
    con = factored["warehouse"].connection
    local_rel = relation(con, "recon_factoring", cut, SETTINGS)
    local_ops = [dict(zip(local_rel.columns, r, strict=True)) for r in local_rel.fetchall()]
    remote_ops = team.records(pushed, "recon_factoring", cut, SETTINGS, order_by=("uuid",))
    assert sorted(o["uuid"] for o in local_ops) == sorted(
        (factored["classic"].uuid, factored["cadenas"].uuid)
    )
    assert sorted(remote_ops, key=lambda o: o["uuid"]) == sorted(local_ops, key=lambda o: o["uuid"])

    local_events = load_events(con, cut, SETTINGS)
    remote_events = team.cashflow_events(pushed, cut, SETTINGS)
    assert _sorted(remote_events) == _sorted(local_events)
    # What the treasurer sees for the factored invoices: the advances as stated, on their dates.
    classic, cadenas = factored["classic"], factored["cadenas"]
    advances = {(e.invoice, e.date_p50, e.amount) for e in remote_events if e.concept == "anticipo"}
    assert advances == {
        (classic.invoice, date(2025, 8, 27), (classic.invoice_amount * Decimal("0.85")).quantize(
            Decimal("0.01"))),
        (cadenas.invoice, date(2025, 9, 1), cadenas.invoice_amount - 600),
    }  # fmt: skip
    assert {e.uuid for e in remote_events if e.concept == "cobro_institucion"}.isdisjoint(
        {classic.uuid, cadenas.uuid}
    )

    local = project(con, cut, SETTINGS, weeks=13)
    remote = project_events(cut, remote_events, weeks=13)
    assert remote.week_records == local.week_records
    assert sum(w.advances for w in remote.weeks) == sum(a for *_, a in advances)
    assert sum(w.institution_p50 for w in remote.weeks) > 0
