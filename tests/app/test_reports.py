"""Where a report reads (Snowflake in team mode or the local warehouse), decided once for every
command; what a screen keeps in the report cache is what the next read finds; an export from a
screen writes the rows on screen; the window's reads survive a failed start of the scheduler."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from known_rows import insert

from o2c_desktop.app.reports import (
    EXPORT_READS_LOCAL,
    GAP_DETAIL_READS_LOCAL,
    WarehouseAccess,
    cached_rows,
    export_shown_rows,
    load_report,
    picked_cut,
    read_source,
    relation_kept_by_a_screen,
)
from o2c_desktop.context import AppContext, open_context
from o2c_desktop.errors import UserError
from o2c_desktop.services.analytics import make_cut
from o2c_desktop.services.analytics.reconcile import COLUMNS, chain
from o2c_desktop.services.browse import TableQuery
from o2c_desktop.settings import CloudSettings

CUT = make_cut(date(2025, 3, 31))


def _cloud(team_mode: bool) -> CloudSettings:
    return CloudSettings(team_mode=team_mode)


def test_the_command_flag_wins_over_the_setting() -> None:
    assert read_source(None, _cloud(False)) == "local"
    assert read_source(None, _cloud(True)) == "team"
    assert read_source(False, _cloud(True)) == "local"
    assert read_source(True, _cloud(False)) == "team"


def test_a_report_snowflake_has_no_view_of_always_reads_locally() -> None:
    assert read_source(True, _cloud(True), has_team_view=False) == "local"


def test_a_team_read_refuses_what_only_the_local_warehouse_gives() -> None:
    with pytest.raises(UserError) as export:
        read_source(None, _cloud(True), needs_local=EXPORT_READS_LOCAL)
    assert export.value.es == (
        "La exportación lee el almacén local; quite --team (o use --local) para exportar."
    )
    with pytest.raises(UserError) as folios:
        read_source(True, _cloud(False), needs_local=GAP_DETAIL_READS_LOCAL)
    assert folios.value.es.startswith("Los folios uno por uno y la exportación leen el almacén")
    assert folios.value.en.startswith("Per-folio rows and exports read the local warehouse")
    # read locally, the same request is simply served
    assert read_source(False, _cloud(True), needs_local=EXPORT_READS_LOCAL) == "local"
    assert read_source(None, _cloud(False), needs_local=GAP_DETAIL_READS_LOCAL) == "local"


def _alta(no_alta: str, importe: str) -> dict[str, Any]:
    return {"no_alta": no_alta, "no_orden": "4500000001", "clave": "010.000.0104.00",
            "fecha_alta": date(2025, 3, 3), "cant_recibida": 10, "importe": importe}  # fmt: skip


@pytest.fixture
def context(data_dir: Path) -> AppContext:
    context = open_context(data_dir)
    with context.open_warehouse(read_only=False) as warehouse:
        insert(warehouse.connection, "sai_alta", date(2025, 3, 3), _alta("A-1", "100.00"),
               _alta("A-2", "50.00"), _alta("A-3", "75.00"), _alta("B-1", "20.00"))  # fmt: skip
    return context


def _build(con: Any, cut: Any, settings: Any) -> Any:
    return chain(con, cut, settings)


def test_what_a_screen_keeps_is_what_the_next_read_and_the_command_find(
    context: AppContext,
) -> None:
    access, settings = WarehouseAccess(context), context.settings.analytics
    first = load_report(access, _build, COLUMNS, CUT, settings, None, "reconciliation")
    assert first.table.total_rows == 4 and not first.nothing_loaded
    assert first.keep is not None, "computed rows are offered to the cache"
    first.keep()
    again = load_report(access, _build, COLUMNS, CUT, settings, None, "reconciliation")
    assert again.keep is None, "the second read found them in the cache"
    assert again.table.total_rows == 4
    with access.reading() as con:
        report = chain(con, CUT, settings)
        rows, keep = cached_rows(con, context.paths, report, "reconciliation", COLUMNS, settings)
        assert keep is None and rows.num_rows == 4
        kept = relation_kept_by_a_screen(con, context.paths, settings, report, "reconciliation")
        assert kept is not report.relation, "the command reads the screen's rows"
        altas = sorted(r[COLUMNS.index("no_alta")] for r in kept.fetchall())
        assert altas == ["A-1", "A-2", "A-3", "B-1"]
        assert relation_kept_by_a_screen(con, context.paths, settings, report, "") is (
            report.relation
        )


def test_an_export_from_a_screen_writes_the_rows_on_screen(
    context: AppContext, tmp_path: Path
) -> None:
    access, settings = WarehouseAccess(context), context.settings.analytics
    loaded = load_report(access, _build, COLUMNS, CUT, settings, None, "reconciliation")
    on_screen = TableQuery(contains={"no_alta": "A-"}, sort_column="importe_alta", descending=True)
    assert loaded.table.total_rows == 4
    target = tmp_path / "conciliacion.csv"
    result = export_shown_rows(access, loaded.report, loaded.table, on_screen, target)
    assert result.rows == 3
    with target.open(encoding="utf-8-sig", newline="") as handle:
        written = list(csv.DictReader(handle))
    assert [r["no_alta"] for r in written] == ["A-1", "A-3", "A-2"]  # by amount, largest first
    assert result.manifest is not None and result.manifest.exists()


def test_reads_go_on_after_the_scheduler_failed_to_start(context: AppContext) -> None:
    access = WarehouseAccess(context)

    def failing_start() -> bool:
        raise RuntimeError("the job store could not be opened")

    with pytest.raises(RuntimeError, match="job store"):
        access.share_with_read_write_opener(failing_start)
    assert access.status().tables, "a read after the failure is served"


def test_todays_date_on_a_screen_is_the_commands_default_cut() -> None:
    zone = "America/Mexico_City"
    today = make_cut(None, zone).as_of_date
    assert picked_cut(today, zone) == make_cut(None, zone)
    assert not picked_cut(today, zone).historical
    earlier = picked_cut(date(2025, 3, 31), zone)
    assert earlier == CUT and earlier.historical
