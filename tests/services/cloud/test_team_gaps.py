"""Team mode for the gap reports: after a push of the gap ledger, Snowflake gives the same
ranges of a period and the same top stores as the local warehouse."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import snowflake.connector

from o2c_desktop.services.archive import RawArchive
from o2c_desktop.services.cloud import team
from o2c_desktop.services.cloud.ddl import apply_ddl
from o2c_desktop.services.cloud.push import PushRequest, PushService
from o2c_desktop.services.cloud.secrets import CloudSecrets
from o2c_desktop.services.cloud.snowflake import connect_kwargs
from o2c_desktop.services.gaps import report
from o2c_desktop.services.gaps.ledger import refresh
from o2c_desktop.services.gaps.periods import local_now, resolve_period
from o2c_desktop.services.ingest import ingest_paths
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import AnalyticsSettings, GapsSettings

ZONE = "America/Mexico_City"


def _place(row: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(row.get(k)) for k in ("issuer_rfc", "store_id", "serie", "gap_start"))


def test_gap_ranges_and_top_stores_are_the_same_on_snowflake(
    warehouse: Warehouse,
    world_template: Path,
    data_dir_with_world: Path,
    snowflake_server: dict[str, Any],
    snowflake_db: str,
    cloud: ModuleType,
    secrets: CloudSecrets,
) -> None:
    # The store feed is what the gap ledger is computed from.
    stores = world_template.parent / "exports" / "tiendas"
    archive = RawArchive(data_dir_with_world / "archive", warehouse)
    quarantine = data_dir_with_world / "quarantine"
    loaded = ingest_paths(warehouse, archive, [stores], quarantine_dir=quarantine)
    assert loaded and all(o.status == "loaded" for o in loaded)
    now = local_now(ZONE)
    refresh(warehouse, GapsSettings(), as_of=now, trigger="test")
    settings = cloud.cloud_settings(snowflake=snowflake_server, database=snowflake_db)
    apply_ddl(warehouse, settings, secrets)
    service = PushService(
        warehouse,
        settings,
        archive_dir=data_dir_with_world / "archive",
        spool_dir=data_dir_with_world / "outbox",
        secrets=secrets,
    )
    assert service.run(PushRequest(snowflake=True)).ok

    period = resolve_period(ZONE, date_from="2020-01-01", date_to=date.today().isoformat())
    query = report.GapQuery(period, now)
    local_ranges = report.records(report.ranges(warehouse.cursor(), query))
    local_top = report.top_stores(warehouse.cursor(), query, 5)
    assert local_ranges and local_top, "the world has gaps to compare"

    with snowflake.connector.connect(**connect_kwargs(settings.snowflake, secrets)) as con:
        assert team.gap_ranges(con, query) == local_ranges
        assert team.gap_top_stores(con, query, 5) == local_top
        for view in team.GAP_VIEWS:
            local_rel = warehouse.cursor().sql(f"SELECT * FROM {view}")
            local = [dict(zip(local_rel.columns, r, strict=True)) for r in local_rel.fetchall()]
            remote = team.records(con, view, None, AnalyticsSettings())
            assert local and sorted(remote, key=_place) == sorted(local, key=_place), view
        one_store = report.GapQuery(period, now, store=str(local_top[0]["tienda"]))
        assert team.gap_ranges(con, one_store) == report.records(
            report.ranges(warehouse.cursor(), one_store)
        )
