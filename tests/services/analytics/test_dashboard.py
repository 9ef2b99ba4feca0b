"""Inicio's figures: each one equal to a direct query of the view it summarises, the last sync in
Mexico City time with its age, the next scheduled run."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from o2c_desktop.services.analytics.asof import make_cut, parameters
from o2c_desktop.services.analytics.dashboard import read_dashboard
from o2c_desktop.services.analytics.views import compose
from o2c_desktop.services.runs import RunHistory
from o2c_desktop.settings import ScheduleSpec, Settings

from .conftest import HandBuilt, World


def _query(world: World, sql: str, settings: Settings) -> list[tuple[Any, ...]]:
    params = parameters(make_cut(None), settings.analytics)
    return world.warehouse.connection.execute(sql, params).fetchall()


def test_figures_are_those_of_the_views(world: World) -> None:
    settings = Settings()
    dashboard = read_dashboard(world.warehouse, settings)

    sql = f"SELECT excepcion, count(*) FROM ({compose('recon_exception')}) GROUP BY 1"
    exceptions = _query(world, sql + " ORDER BY 2 DESC, 1", settings)
    assert dashboard.exceptions_by_reason == [(code, n) for code, n in exceptions]
    assert len(exceptions) > 3 and dashboard.open_exceptions == sum(n for _c, n in exceptions)

    sql = f"SELECT etapa, count(*), sum(importe) FROM ({compose('receivable_item')}) GROUP BY 1"
    stages = _query(world, sql + " ORDER BY 3 DESC", settings)
    assert [(r["etapa"], r["partidas"], r["importe"]) for r in dashboard.pending_by_stage] == stages
    assert dashboard.pending_total == sum(amount for _e, _n, amount in stages)

    today = make_cut(None).as_of_date
    monday = today - timedelta(days=today.weekday())
    sql = (
        "SELECT CAST(date_trunc('week', fecha_cobro_esperada) AS DATE), sum(importe) "
        f"FROM ({compose('receivable_item')}) WHERE uuid IS NOT NULL GROUP BY 1"
    )
    weeks = dict(_query(world, sql, settings))
    assert dashboard.week_start == monday
    assert dashboard.expected_this_week == weeks.get(monday, Decimal(0))
    assert dashboard.expected_next_week == weeks.get(monday + timedelta(days=7), Decimal(0))

    sql = (
        f"SELECT contrato, clave, uso_maximo FROM ({compose('contract_balance')}) "
        "WHERE uso_maximo IS NOT NULL ORDER BY uso_maximo DESC, contrato, clave, unidad LIMIT 3"
    )
    nearest = _query(world, sql, settings)
    shown = [(c["contrato"], c["clave"], c["uso_maximo"]) for c in dashboard.contracts_near_max]
    assert shown == nearest and len(shown) == 3
    assert shown[0][2] >= shown[1][2] >= shown[2][2]
    assert dashboard.gap_day == today - timedelta(days=1)


def test_last_sync_in_mexico_city_time_with_its_age(handbuilt: HandBuilt) -> None:
    history = RunHistory(handbuilt.warehouse)
    run = history.start_run(trigger="manual", portals=["sai"])
    step = history.start_step(run, portal="sai", report="sai.altas")
    history.finish_step(run, step, status="ok")
    history.finish_run(run, status="ok")
    handbuilt.con.execute(  # the history stores UTC: 15:05 UTC is 09:05 in Mexico City
        "UPDATE sync_step SET started_at = TIMESTAMP '2026-03-02 15:00:00', "
        "finished_at = TIMESTAMP '2026-03-02 15:05:00'"
    )
    settings = Settings()
    settings.schedules.append(ScheduleSpec(id="diaria", at="06:30"))
    now = datetime(2026, 3, 2, 18, 5, tzinfo=UTC)

    dashboard = read_dashboard(handbuilt.warehouse, settings, now=now)

    sync = dashboard.last_sync["sai"]
    assert (sync.status, sync.when.strftime("%d/%m/%Y %H:%M")) == ("ok", "02/03/2026 09:05")
    assert sync.age == timedelta(hours=3)
    assert set(dashboard.last_sync) == {"sai"}
    assert dashboard.next_run is not None
    schedule, when = dashboard.next_run
    assert (schedule, when.date(), f"{when:%H:%M}") == ("diaria", date(2026, 3, 3), "06:30")
    assert dashboard.open_exceptions == 0 and dashboard.contracts_near_max == []
