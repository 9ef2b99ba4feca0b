"""Inicio: a dashboard of cards — open exceptions by reason, receivables by stage, cash expected
this week and next, contracts nearest their maximum, stores with most folios missing yesterday,
last sync per portal, next scheduled run. Each card opens the page it summarises.

The page is cheap to build: its figures are read in a worker after the window shows (the
services behind them are imported there), and again after a sync or on F5."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from o2c_desktop.app.status import read_dashboard
from o2c_desktop.errors import UserError
from o2c_desktop.messages import render
from o2c_desktop.services.columns import reason_words
from o2c_desktop.services.formats import format_cell, format_value, zone_place
from o2c_desktop.services.portals.registry import PORTALS
from o2c_desktop.ui import workers
from o2c_desktop.ui.dashboard_card import DashboardCard, filter_link
from o2c_desktop.ui.pages.page_base import Page, PageDeps

if TYPE_CHECKING:
    from o2c_desktop.services.analytics.dashboard import Dashboard

log = logging.getLogger(__name__)

# card name -> the page it opens (PAGE_SPECS keys)
CARD_PAGES = {
    "exceptions": "reconciliation", "receivables": "receivables", "cash": "cashflow",
    "contracts": "contracts", "gaps": "gaps", "sync": "runs", "schedule": "schedules",
}  # fmt: skip


class HomePage(Page):
    # page key, {column: contained value}: the main window opens the page so filtered
    open_requested = Signal(str, dict)

    def __init__(self, deps: PageDeps, parent: QWidget | None = None) -> None:
        super().__init__(deps, self.tr("Inicio"), parent)
        self.dashboard: Dashboard | None = None
        titles = {
            "exceptions": self.tr("Excepciones abiertas"),
            "receivables": self.tr("Por cobrar por etapa"),
            "cash": self.tr("Cobros esperados"),
            "contracts": self.tr("Contratos más cerca de su máximo"),
            "gaps": self.tr("Tiendas con más folios faltantes ayer"),
            "sync": self.tr("Última sincronización por portal"),
            "schedule": self.tr("Próxima ejecución programada"),
        }
        grid = QGridLayout()
        self.cards: dict[str, DashboardCard] = {}
        for number, (name, title) in enumerate(titles.items()):
            card = DashboardCard(name, title, self)
            card.clicked.connect(lambda name=name: self.open_card(name))
            card.filter_chosen.connect(
                lambda column, value, name=name: self.open_requested.emit(
                    CARD_PAGES[name], {column: value})
            )  # fmt: skip
            grid.addWidget(card, number // 3, number % 3)
            self.cards[name] = card
        for column in range(3):
            grid.setColumnStretch(column, 1)
        # Shown only when the last refresh failed; a non-modal place for the reason.
        self.problem = QLabel(self)
        self.problem.setObjectName("homeProblem")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        self.body.addLayout(grid)
        self.body.addWidget(self.problem)
        self.body.addStretch(1)  # cards as tall as their text, not spread over the page
        self._show_calculating()

    # -- reading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        access, settings = self.access, self.context.settings
        self._show_calculating()
        workers.start(lambda _c: read_dashboard(access, settings), name="read dashboard",
                      on_returned=self.show_dashboard, on_errored=self._failed)  # fmt: skip

    def _show_calculating(self) -> None:
        for card in self.cards.values():
            card.show_figures(self.tr("calculando…"))

    def _failed(self, error: object) -> None:
        for card in self.cards.values():
            card.show_figures("—")
        if isinstance(error, UserError):
            self.show_problem(error.message(self.lang))

    def show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.setVisible(True)

    def clear_problem(self) -> None:
        self.problem.clear()
        self.problem.setVisible(False)

    # -- cards ------------------------------------------------------------------------------

    def open_card(self, name: str) -> None:
        """The card's page; the exceptions card shows the most frequent reason."""
        filters: dict[str, str] = {}
        if name == "exceptions" and self.dashboard and self.dashboard.exceptions_by_reason:
            filters = {"excepciones": self.dashboard.exceptions_by_reason[0][0]}
        self.open_requested.emit(CARD_PAGES[name], filters)

    def show_dashboard(self, dashboard: Dashboard) -> None:
        self.dashboard = dashboard
        self.clear_problem()
        lang = self.lang
        self.cards["exceptions"].show_figures(
            format_value(dashboard.open_exceptions, "count"),
            _lines(
                f"{filter_link('excepciones', code, reason_words(code, lang))}: "
                f"{format_value(count, 'count')}"
                for code, count in dashboard.exceptions_by_reason
            ) or self.tr("Ninguna: la cadena está completa."),
        )  # fmt: skip
        self.cards["receivables"].show_figures(
            format_value(dashboard.pending_total, "money"),
            _lines(
                f"{filter_link('etapa', row['etapa'], str(row['etapa']))}: "
                f"{format_value(row['importe'], 'money')} "
                + self.tr("({count} partidas)").format(count=format_value(row["partidas"], "count"))
                for row in dashboard.pending_by_stage
            ) or self.tr("Nada por cobrar."),
        )  # fmt: skip
        self.cards["cash"].show_figures(
            format_value(dashboard.expected_this_week, "money"),
            _lines([
                self.tr("Esta semana (desde el {day}): {amount}").format(
                    day=format_value(dashboard.week_start, "date"),
                    amount=format_value(dashboard.expected_this_week, "money")),
                self.tr("La próxima semana: {amount}").format(
                    amount=format_value(dashboard.expected_next_week, "money")),
            ]),
        )  # fmt: skip
        self._show_contracts(dashboard)
        self._show_gaps(dashboard)
        self._show_sync(dashboard)
        self._show_schedule(dashboard)

    def _show_contracts(self, dashboard: Dashboard) -> None:
        nearest = dashboard.contracts_near_max
        lines = [
            f"{filter_link('contrato', c['contrato'], format_cell(c['contrato'], 'contrato'))} · "
            f"{c['clave']} · {c['unidad']}: {format_cell(c['uso_maximo'], 'uso_maximo')}"
            for c in nearest
        ]
        top = format_cell(nearest[0]["uso_maximo"], "uso_maximo") if nearest else "—"
        self.cards["contracts"].show_figures(top, _lines(lines) or self.tr("Sin contratos."))

    def _show_gaps(self, dashboard: Dashboard) -> None:
        stores = dashboard.top_gap_stores
        total = sum(int(store["faltantes"]) for store in stores)
        lines = [
            f"{filter_link('tienda', s['tienda'], str(s['tienda']))}: "
            + self.tr("{count} faltantes").format(count=format_value(s["faltantes"], "count"))
            for s in stores
        ]
        day = format_value(dashboard.gap_day, "date")
        empty = self.tr("Ningún folio faltante el {day}.").format(day=day)
        self.cards["gaps"].show_figures(format_value(total, "count"), _lines(lines) or empty)

    def _show_sync(self, dashboard: Dashboard) -> None:
        lines, newest = [], None
        for portal, info in PORTALS.items():
            sync = dashboard.last_sync.get(portal)
            if sync is None:
                lines.append(self.tr("{portal}: sin sincronizar").format(portal=info.title))
                continue
            newest = sync if newest is None or sync.when > newest.when else newest
            line = self.tr("{portal}: {when} · {status} · {age}").format(
                portal=info.title, when=format_value(sync.when.replace(tzinfo=None)),
                status=self._status_words(sync.status), age=self.age_text(sync.age))  # fmt: skip
            reason = render(sync.reason, self.lang)
            lines.append(line + (f" · {reason}" if reason else ""))
        place = zone_place(self.context.settings.general.timezone)
        lines.append(self.tr("Horas de {place}").format(place=place))
        value = self.age_text(newest.age) if newest else self.tr("Nunca")
        self.cards["sync"].show_figures(value, _lines(lines))

    def _show_schedule(self, dashboard: Dashboard) -> None:
        if dashboard.next_run is None:
            self.cards["schedule"].show_figures(
                self.tr("Ninguna"), self.tr("No hay horarios activos.")
            )
            return
        schedule_id, when = dashboard.next_run
        self.cards["schedule"].show_figures(
            format_value(when.replace(tzinfo=None)),
            self.tr("Horario «{id}»").format(id=schedule_id),
        )

    def age_text(self, age: timedelta) -> str:
        minutes = max(0, int(age.total_seconds() // 60))
        if minutes < 1:
            return self.tr("hace menos de 1 min")
        if minutes < 60:
            return self.tr("hace {n} min").format(n=minutes)
        if minutes < 48 * 60:
            return self.tr("hace {n} h").format(n=minutes // 60)
        return self.tr("hace {n} días").format(n=minutes // (24 * 60))

    def _status_words(self, status: str) -> str:
        words = {
            "ok": self.tr("correcta"),
            "failed": self.tr("falló"),
            "needs-human": self.tr("espera a una persona"),
            "cancelled": self.tr("cancelada"),
            "skipped": self.tr("omitida"),
            "running": self.tr("en curso"),
        }
        return words.get(status, status)


def _lines(lines: Any) -> str:
    return "<br>".join(lines)
