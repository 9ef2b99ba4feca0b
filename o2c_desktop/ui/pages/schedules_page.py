"""Horarios: the recurring syncs and reports, when each runs next, how the last run ended and
how many runs were skipped (with the last reason). Changes are saved to the settings file and
handed at once to the scheduler this window hosts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from o2c_desktop.app.schedules import remove_schedule, save_schedule, set_schedule_enabled
from o2c_desktop.errors import UserError
from o2c_desktop.messages import render
from o2c_desktop.settings import ScheduleSpec
from o2c_desktop.ui import workers
from o2c_desktop.ui.dialogs.schedule_dialog import ScheduleDialog
from o2c_desktop.ui.pages.page_base import Page, PageDeps
from o2c_desktop.ui.records_model import RecordsModel
from o2c_desktop.ui.run_notices import TrayNotifier
from o2c_desktop.ui.schedule_rows import ScheduleReading, ScheduleRow, read_schedule_rows
from o2c_desktop.ui.scheduler_host import SchedulerHost

COLUMNS = ["id", "kind", "frequency", "portals", "state", "next_run", "last_result",
           "skipped", "last_skip_reason"]  # fmt: skip
# Next runs and results change by themselves while the page is open.
REFRESH_MS = 30_000


def weekday_names() -> dict[str, str]:
    return {
        "mon": QCoreApplication.translate("SchedulesPage", "lun"),
        "tue": QCoreApplication.translate("SchedulesPage", "mar"),
        "wed": QCoreApplication.translate("SchedulesPage", "mié"),
        "thu": QCoreApplication.translate("SchedulesPage", "jue"),
        "fri": QCoreApplication.translate("SchedulesPage", "vie"),
        "sat": QCoreApplication.translate("SchedulesPage", "sáb"),
        "sun": QCoreApplication.translate("SchedulesPage", "dom"),
    }


def frequency_text(spec: ScheduleSpec) -> str:
    if spec.frequency == "daily":
        return QCoreApplication.translate("SchedulesPage", "diario {time}").format(time=spec.at)
    if spec.frequency == "weekly":
        names = weekday_names()
        days = ",".join(names[day] for day in spec.weekdays) or names["mon"]
        text = QCoreApplication.translate("SchedulesPage", "semanal {days} {time}")
        return text.format(days=days, time=spec.at)
    if spec.frequency == "monthly":
        text = QCoreApplication.translate("SchedulesPage", "mensual día {day} {time}")
        return text.format(day=spec.day_of_month, time=spec.at)
    text = QCoreApplication.translate("SchedulesPage", "cron «{expression}»")
    return text.format(expression=spec.cron)


def kind_text(kind: str) -> str:
    names = {
        "sync": QCoreApplication.translate("SchedulesPage", "Sincronizar portales"),
        "gaps": QCoreApplication.translate("SchedulesPage", "Folios faltantes"),
        "push": QCoreApplication.translate("SchedulesPage", "Enviar a la nube"),
    }
    return names.get(kind, kind)


def row_record(row: ScheduleRow, lang: str) -> dict[str, Any]:
    spec = row.spec
    return {
        "id": spec.id,
        "kind": kind_text(spec.kind),
        "frequency": frequency_text(spec),
        "portals": ",".join(spec.portals) or QCoreApplication.translate("SchedulesPage", "todos"),
        "state": QCoreApplication.translate("SchedulesPage", "activo")
        if spec.enabled
        else QCoreApplication.translate("SchedulesPage", "en pausa"),
        "next_run": row.next_run.strftime("%Y-%m-%d %H:%M") if row.next_run else "",
        "last_result": row.last_result,
        "skipped": row.skipped,
        "last_skip_reason": render(row.last_skip_reason, lang),
    }


class SchedulesPage(Page):
    def __init__(self, deps: PageDeps, host: SchedulerHost, parent: QWidget | None = None) -> None:
        super().__init__(deps, self.tr("Horarios"), parent)
        self.host = host
        self.notifier = TrayNotifier(self.lang, self)
        self.dialog: ScheduleDialog | None = None
        # Said after the next reading, which would otherwise clear it.
        self._notice = ""
        self._select_after: str | None = None
        self.model = RecordsModel(COLUMNS, [
            self.tr("Horario"), self.tr("Tarea"), self.tr("Frecuencia"), self.tr("Portales"),
            self.tr("Estado"), self.tr("Próxima ejecución"), self.tr("Último resultado"),
            self.tr("Omitidas"), self.tr("Último motivo")], self)  # fmt: skip
        self.view = QTableView(self)
        self.view.setObjectName("schedulesView")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.add_button = self._button(self.tr("Agregar…"), "addScheduleButton", self.add)
        self.edit_button = self._button(self.tr("Editar…"), "editScheduleButton", self.edit)
        self.pause_button = self._button(self.tr("Pausar"), "pauseScheduleButton", self.pause)
        self.resume_button = self._button(self.tr("Reanudar"), "resumeScheduleButton",
                                          self.resume)  # fmt: skip
        self.remove_button = self._button(self.tr("Quitar"), "removeScheduleButton", self.remove)
        self.refresh_button = self._button(self.tr("Actualizar"), "refreshButton", self.refresh)
        self.host_state = QLabel(self)
        self.host_state.setObjectName("schedulerState")
        self.host_state.setWordWrap(True)
        self.problem = QLabel(self)
        self.problem.setObjectName("pageProblem")
        self.problem.setWordWrap(True)
        self.empty_hint = QLabel(self)
        self.empty_hint.setObjectName("emptyHint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setVisible(False)
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.pause_button, self.resume_button,
                       self.remove_button, self.refresh_button):  # fmt: skip
            actions.addWidget(button)
        actions.addStretch(1)
        self.body.addWidget(self.host_state)
        self.body.addLayout(actions)
        self.body.addWidget(self.empty_hint)
        self.body.addWidget(self.view, stretch=1)
        self.body.addWidget(self.problem)
        self.view.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.show_host_state()
        self._update_buttons()

    def _button(self, text: str, name: str, slot: Any) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def show_host_state(self) -> None:
        if self.host.problem is not None:
            self.host_state.setText(
                self.tr("Los horarios no se ejecutan desde esta ventana: {reason}").format(
                    reason=self.host.problem.message(self.lang)
                )
            )
        elif self.host.running:
            self.host_state.setText(self.tr("El programador de tareas está activo."))
            self.timer.start()
        else:
            self.host_state.setText(self.tr("El programador de tareas está detenido."))

    # -- reading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        context, access, times = self.context, self.access, self.host.next_run_times()
        workers.start(lambda _c: read_schedule_rows(context, access, times),
                      name="read schedules", on_returned=self._show,
                      on_errored=self._failed)  # fmt: skip

    def _show(self, reading: ScheduleReading) -> None:
        self.problem.setText(self._notice)
        self._notice = ""
        chosen = self._select_after or self.chosen_id()
        self._select_after = None
        self.model.set_records([row_record(row, self.lang) for row in reading.rows])
        self.empty_hint.setVisible(not reading.rows)
        self.empty_hint.setText(
            ""
            if reading.rows
            else self.tr(
                "No hay horarios. Use «Agregar…» para programar una sincronización de portales, "
                "el reporte de folios faltantes o el envío a la nube (o, en la terminal, "
                "«o2c schedule add»)."
            )
        )
        self.view.resizeColumnsToContents()
        ids = [row.spec.id for row in reading.rows]
        if chosen in ids:
            self.view.selectRow(ids.index(chosen))
        self._update_buttons()
        self.notifier.announce(reading.finished_runs)

    def _failed(self, error: object) -> None:
        if isinstance(error, UserError):
            self.problem.setText(error.message(self.lang))

    # -- changing ---------------------------------------------------------------------------

    def chosen_id(self) -> str | None:
        record = self.model.record(self.view.currentIndex().row())
        return str(record["id"]) if record else None

    def chosen_spec(self) -> ScheduleSpec | None:
        chosen = self.chosen_id()
        return next((s for s in self.context.settings.schedules if s.id == chosen), None)

    def _update_buttons(self) -> None:
        spec = self.chosen_spec()
        self.edit_button.setEnabled(spec is not None)
        self.remove_button.setEnabled(spec is not None)
        self.pause_button.setEnabled(spec is not None and spec.enabled)
        self.resume_button.setEnabled(spec is not None and not spec.enabled)

    def add(self) -> None:
        self._open_dialog(None)

    def edit(self) -> None:
        spec = self.chosen_spec()
        if spec is not None:
            self._open_dialog(spec)

    def _open_dialog(self, spec: ScheduleSpec | None) -> None:
        if self.dialog is not None:
            self.dialog.close()
        timezone = self.context.settings.general.timezone
        self.dialog = ScheduleDialog(timezone, spec, self.lang, self)
        self.dialog.accepted.connect(self._dialog_accepted)
        self.dialog.show()

    def _dialog_accepted(self) -> None:
        if self.dialog is None or self.dialog.result_spec is None:
            return
        spec = self.dialog.result_spec
        try:
            save_schedule(self.context, spec)
        except UserError as error:  # the dialog checks the cron first; this is the last word
            self.problem.setText(error.message(self.lang))
            return
        self._saved(self.tr("Horario «{name}» guardado.").format(name=spec.id), spec.id)

    def pause(self) -> None:
        self._set_enabled(False)

    def resume(self) -> None:
        self._set_enabled(True)

    def _set_enabled(self, enabled: bool) -> None:
        spec = self.chosen_spec()
        if spec is None:
            return
        set_schedule_enabled(self.context, spec.id, enabled)
        message = self.tr("Horario «{name}» activo.") if enabled else self.tr(
            "Horario «{name}» en pausa.")  # fmt: skip
        self._saved(message.format(name=spec.id), spec.id)

    def remove(self) -> None:
        spec = self.chosen_spec()
        if spec is None:
            return
        remove_schedule(self.context, spec.id)
        self._saved(self.tr("Horario «{name}» quitado.").format(name=spec.id), None)

    def _saved(self, message: str, select_id: str | None) -> None:
        """After a change the settings were written: the hosted scheduler follows them."""
        self.host.reconcile()
        self._notice = message
        self._select_after = select_id
        if select_id is None:
            self.view.clearSelection()
            self.view.setCurrentIndex(self.model.index(-1, -1))
        self.refresh()
