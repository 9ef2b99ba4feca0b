"""Inicio's figures: open exceptions by reason, receivables by stage, cash expected this week and
next, the contracts nearest their maximum, the stores with most folios missing yesterday, the last
sync per portal and the next scheduled run — read in one pass over the warehouse, as of today.

Times are in the clerk's zone (``general.timezone``, America/Mexico_City by default): the run
history stores UTC, which no clerk reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from o2c_desktop.messages import Message
from o2c_desktop.services.analytics import receivables
from o2c_desktop.services.analytics.asof import Cut, make_cut, relation
from o2c_desktop.services.analytics.report import records
from o2c_desktop.services.gaps.periods import Period
from o2c_desktop.services.gaps.report import GapQuery, top_stores
from o2c_desktop.services.runs import RunHistory
from o2c_desktop.services.scheduler.triggers import build_trigger
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import Settings

NEAREST_CONTRACTS = 3
CONTRACT_COLUMNS = ("contrato", "institucion", "unidad", "clave", "maximo", "ordenado",
                    "uso_maximo")  # fmt: skip


@dataclass(frozen=True)
class PortalSync:
    portal: str
    status: str
    reason: Message | None
    when: datetime  # when the step ended (or began, if it never ended), in the clerk's zone
    age: timedelta


@dataclass(frozen=True)
class Dashboard:
    as_of: date
    exceptions_by_reason: list[tuple[str, int]] = field(default_factory=list)  # most first
    pending_by_stage: list[dict[str, Any]] = field(default_factory=list)
    week_start: date | None = None  # the Monday of this week
    expected_this_week: Decimal = Decimal(0)
    expected_next_week: Decimal = Decimal(0)
    contracts_near_max: list[dict[str, Any]] = field(default_factory=list)
    gap_day: date | None = None
    top_gap_stores: list[dict[str, Any]] = field(default_factory=list)
    last_sync: dict[str, PortalSync] = field(default_factory=dict)
    next_run: tuple[str, datetime] | None = None  # schedule id, when (clerk's zone)

    @property
    def open_exceptions(self) -> int:
        return sum(count for _reason, count in self.exceptions_by_reason)

    @property
    def pending_total(self) -> Decimal:
        return sum((row["importe"] or Decimal(0) for row in self.pending_by_stage), Decimal(0))


def read_dashboard(
    warehouse: Warehouse, settings: Settings, now: datetime | None = None
) -> Dashboard:
    """Everything Inicio shows; ``now`` (aware) only for tests, the present otherwise."""
    zone = ZoneInfo(settings.general.timezone)
    moment = (now or datetime.now(UTC)).astimezone(zone)
    cut = make_cut(None, settings.general.timezone)
    con = warehouse.cursor()
    try:
        week_start = cut.as_of_date - timedelta(days=cut.as_of_date.weekday())
        this_week, next_week = _expected_by_week(con, cut, settings, week_start)
        yesterday = moment.date() - timedelta(days=1)
        gaps = GapQuery.under_settings(
            Period("day", yesterday, yesterday), moment.replace(tzinfo=None), settings.gaps
        )
        return Dashboard(
            as_of=cut.as_of_date,
            exceptions_by_reason=_exceptions_by_reason(con, cut, settings),
            pending_by_stage=receivables.pending_by_stage(con, cut, settings.analytics),
            week_start=week_start,
            expected_this_week=this_week,
            expected_next_week=next_week,
            contracts_near_max=_contracts_near_max(con, cut, settings),
            gap_day=yesterday,
            top_gap_stores=top_stores(con, gaps, settings.gaps.top),
            last_sync=_last_sync(warehouse, moment),
            next_run=next_scheduled_run(settings, moment),
        )
    finally:
        con.close()


def _exceptions_by_reason(con: Any, cut: Cut, settings: Settings) -> list[tuple[str, int]]:
    rel = relation(con, "recon_exception", cut, settings.analytics)
    rows = rel.aggregate("excepcion, count(*) AS n", "excepcion").fetchall()
    return sorted(((str(code), int(n)) for code, n in rows), key=lambda r: (-r[1], r[0]))


def _expected_by_week(
    con: Any, cut: Cut, settings: Settings, week_start: date
) -> tuple[Decimal, Decimal]:
    """The open amounts expected this week and next, as the receivables page's weekly table."""
    by_week: dict[date, Decimal] = {}
    for row in receivables.expected_collections(con, cut, settings.analytics):
        week = row["semana"]
        by_week[week] = by_week.get(week, Decimal(0)) + (row["importe"] or Decimal(0))
    next_start = week_start + timedelta(days=7)
    return by_week.get(week_start, Decimal(0)), by_week.get(next_start, Decimal(0))


def _contracts_near_max(con: Any, cut: Cut, settings: Settings) -> list[dict[str, Any]]:
    rel = relation(
        con,
        "contract_balance",
        cut,
        settings.analytics,
        where="uso_maximo IS NOT NULL",
        order_by="uso_maximo DESC, contrato, clave, unidad",
        select=", ".join(CONTRACT_COLUMNS),
    ).limit(NEAREST_CONTRACTS)
    return records(rel, list(CONTRACT_COLUMNS))


def _last_sync(warehouse: Warehouse, moment: datetime) -> dict[str, PortalSync]:
    out = {}
    for portal, step in RunHistory(warehouse).last_step_per_portal().items():
        ended = step.finished_at or step.started_at
        when = ended.replace(tzinfo=UTC) if ended.tzinfo is None else ended
        local = when.astimezone(moment.tzinfo)
        out[portal] = PortalSync(portal, step.status, step.reason, local, moment - local)
    return out


def next_scheduled_run(settings: Settings, moment: datetime) -> tuple[str, datetime] | None:
    upcoming = []
    for spec in settings.schedules:
        if spec.enabled:
            fire = build_trigger(spec, settings.general.timezone).get_next_fire_time(None, moment)
            if fire is not None:
                upcoming.append((fire, spec.id))
    if not upcoming:
        return None
    fire, schedule_id = min(upcoming)
    return schedule_id, fire
