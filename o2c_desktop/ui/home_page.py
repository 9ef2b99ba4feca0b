"""Inicio: today's picture — last sync per portal, open exceptions, amount pending by stage,
the stores with most missing folios yesterday, the next scheduled run — and what the warehouse
holds."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from o2c_desktop.context import AppContext
from o2c_desktop.errors import UserError
from o2c_desktop.services.analytics import make_cut
from o2c_desktop.services.analytics import receivables as receivables_service
from o2c_desktop.services.analytics import reconcile as reconcile_service
from o2c_desktop.services.gaps.periods import local_now, previous_day
from o2c_desktop.services.gaps.report import GapQuery, top_stores
from o2c_desktop.services.portals import PORTALS
from o2c_desktop.services.runs import RunHistory, StepRecord
from o2c_desktop.services.scheduler.triggers import build_trigger
from o2c_desktop.ui import workers
from o2c_desktop.ui.cell_format import display_text
from o2c_desktop.ui.pages.page_base import Page
from o2c_desktop.ui.table_counts_model import COLUMN_ROWS, COLUMN_TABLE, TableCountsModel
from o2c_desktop.ui.warehouse_reader import WarehouseAccess

log = logging.getLogger(__name__)


@dataclass
class TodayPicture:
    last_steps: dict[str, StepRecord] = field(default_factory=dict)
    exceptions: int = 0
    pending: list[dict[str, Any]] = field(default_factory=list)
    top_gaps: list[dict[str, Any]] = field(default_factory=list)
    next_run: tuple[str, datetime] | None = None


def read_today(access: WarehouseAccess, context: AppContext) -> TodayPicture:
    settings = context.settings
    timezone = settings.general.timezone
    picture = TodayPicture()
    with access.reading_warehouse() as warehouse:
        picture.last_steps = RunHistory(warehouse).last_step_per_portal()
    with access.reading() as con:
        cut = make_cut(None, timezone)
        exceptions = reconcile_service.exceptions(con, cut, settings.analytics).relation
        picture.exceptions = int(exceptions.aggregate("count(*)").fetchall()[0][0])
        picture.pending = receivables_service.pending_by_stage(con, cut, settings.analytics)
        query = GapQuery(previous_day(timezone), local_now(timezone),
                         rule=settings.gaps.period_rule, basis=settings.gaps.day_basis)  # fmt: skip
        picture.top_gaps = top_stores(con, query, settings.gaps.top)
    now = datetime.now(ZoneInfo(timezone))
    upcoming = []
    for spec in settings.schedules:
        if spec.enabled:
            fire = build_trigger(spec, timezone).get_next_fire_time(None, now)
            if fire is not None:
                upcoming.append((fire, spec.id))
    if upcoming:
        fire, schedule_id = min(upcoming)
        picture.next_run = (schedule_id, fire)
    return picture


class HomePage(Page):
    def __init__(
        self,
        context: AppContext,
        access: WarehouseAccess,
        lang: str = "es",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, access, self.tr("Inicio"), lang, parent)
        self.picture: TodayPicture | None = None
        self.sync_box = QGroupBox(self.tr("Última sincronización por portal"), self)
        sync_layout = QGridLayout(self.sync_box)
        self.last_sync: dict[str, QLabel] = {}
        for row, (portal, info) in enumerate(PORTALS.items()):
            label = QLabel(self.tr("Sin sincronizar"), self.sync_box)
            label.setObjectName(f"lastSync_{portal}")
            sync_layout.addWidget(QLabel(info.title, self.sync_box), row, 0)
            sync_layout.addWidget(label, row, 1)
            self.last_sync[portal] = label
        sync_layout.setColumnStretch(1, 1)
        self.exceptions_label = QLabel(self)
        self.exceptions_label.setObjectName("exceptionsLabel")
        self.pending_label = QLabel(self)
        self.pending_label.setObjectName("pendingLabel")
        self.pending_label.setWordWrap(True)
        self.gaps_label = QLabel(self)
        self.gaps_label.setObjectName("topGapsLabel")
        self.gaps_label.setWordWrap(True)
        self.next_run_label = QLabel(self)
        self.next_run_label.setObjectName("nextRunLabel")
        today = QGroupBox(self.tr("Hoy"), self)
        today_layout = QVBoxLayout(today)
        for widget in (self.exceptions_label, self.pending_label, self.gaps_label,
                       self.next_run_label):  # fmt: skip
            today_layout.addWidget(widget)

        self.tables_caption = QLabel(self.tr("Tablas del almacén y número de filas:"), self)
        self.counts_model = TableCountsModel(self)
        self.tables_view = QTableView(self)
        self.tables_view.setObjectName("tableCountsView")
        self.tables_view.setModel(self.counts_model)
        self.tables_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tables_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tables_view.verticalHeader().setVisible(False)
        header = self.tables_view.horizontalHeader()
        header.setSectionResizeMode(COLUMN_TABLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COLUMN_ROWS, QHeaderView.ResizeMode.ResizeToContents)
        # Shown only when the last refresh failed; a non-modal place for the reason.
        self.problem = QLabel(self)
        self.problem.setObjectName("homeProblem")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)

        self.body.addWidget(self.sync_box)
        self.body.addWidget(today)
        self.body.addWidget(self.tables_caption)
        self.body.addWidget(self.tables_view, stretch=1)
        self.body.addWidget(self.problem)

    # -- today ------------------------------------------------------------------------------

    def refresh(self) -> None:
        access, context = self.access, self.context
        workers.start(lambda _c: read_today(access, context), name="read today",
                      on_returned=self.show_today, on_errored=self._today_failed)  # fmt: skip

    def show_today(self, picture: TodayPicture) -> None:
        self.picture = picture
        for portal, label in self.last_sync.items():
            step = picture.last_steps.get(portal)
            if step is None:
                label.setText(self.tr("Sin sincronizar"))
                continue
            text = self.tr("{when} UTC · {status}").format(
                when=display_text(step.finished_at or step.started_at), status=step.status
            )
            if step.reason:
                text += f" · {step.reason}"
            label.setText(text)
        self.exceptions_label.setText(
            self.tr("Excepciones abiertas en la conciliación: {count}").format(
                count=f"{picture.exceptions:,}")
        )  # fmt: skip
        pending = ", ".join(
            f"{p['etapa']}: {display_text(p['importe'])} ({p['partidas']})" for p in picture.pending
        )
        self.pending_label.setText(
            self.tr("Por cobrar por etapa: {list}").format(list=pending or self.tr("nada"))
        )
        gaps = ", ".join(f"{g['tienda']} ({g['faltantes']})" for g in picture.top_gaps)
        self.gaps_label.setText(
            self.tr("Tiendas con más folios faltantes ayer: {list}").format(
                list=gaps or self.tr("ninguna"))
        )  # fmt: skip
        if picture.next_run is None:
            self.next_run_label.setText(self.tr("Próxima ejecución programada: ninguna"))
        else:
            schedule_id, when = picture.next_run
            self.next_run_label.setText(
                self.tr("Próxima ejecución programada: {when} ({id})").format(
                    when=f"{when:%d/%m/%Y %H:%M}", id=schedule_id)
            )  # fmt: skip

    def _today_failed(self, error: object) -> None:
        if isinstance(error, UserError):
            self.show_problem(error.message(self.lang))

    # -- warehouse tables -------------------------------------------------------------------

    def show_counts(self, counts: dict[str, int]) -> None:
        self.counts_model.set_counts(counts)
        self.problem.clear()
        self.problem.setVisible(False)

    def show_problem(self, message: str) -> None:
        self.counts_model.set_counts({})
        self.problem.setText(message)
        self.problem.setVisible(True)
