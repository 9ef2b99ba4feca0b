"""Sincronizar: run the chosen portals in a worker, with a progress bar per portal, a live log,
cancel, and the captcha asked in a non-modal prompt. One sync at a time, in this window and
across processes (the CLI and the scheduler take the same lock)."""

from __future__ import annotations

import threading
from datetime import date, datetime

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QWidget,
)

from o2c_desktop.app.reports import WarehouseAccess
from o2c_desktop.app.sync import (
    SyncResult,
    captcha_answerer,
    step_outcome,
    sync_defaults,
    sync_portals,
)
from o2c_desktop.context import AppContext
from o2c_desktop.errors import UserError
from o2c_desktop.messages import Message, msg
from o2c_desktop.services.portals import PORTALS, HumanStep
from o2c_desktop.services.sync import SyncRequest, SyncSummary
from o2c_desktop.ui import workers
from o2c_desktop.ui.dialogs.captcha_prompt import CaptchaPrompt
from o2c_desktop.ui.human_step import HumanStepBridge, PendingQuestion
from o2c_desktop.ui.pages.page_base import Page, PageDeps
from o2c_desktop.ui.workers import JobControl, Worker


def run_sync(
    context: AppContext,
    access: WarehouseAccess,
    request: SyncRequest,
    human: HumanStep,
    control: JobControl,
) -> SyncResult:
    """The job: the sync use case, with the window's clerk to answer captchas, writing through
    the window's warehouse access (its pages keep reading meanwhile)."""
    return sync_portals(
        context.settings,
        context.paths,
        request,
        open_warehouse=access.writing,
        holder=msg("sync.holder_window"),
        human=captcha_answerer(context.settings, window=human),
        progress=lambda portal, label, fraction: control.progress((portal, label, fraction)),
        cancel=control.cancel_event,
    )


class SyncPage(Page):
    sync_finished = Signal()

    def __init__(self, deps: PageDeps, parent: QWidget | None = None) -> None:
        super().__init__(deps, self.tr("Sincronizar"), parent)
        self.worker: Worker | None = None
        self.prompts: list[CaptchaPrompt] = []
        self.last_summary: SyncSummary | None = None
        self.last_result: SyncResult | None = None

        self.portal_checks: dict[str, QCheckBox] = {}
        self.bars: dict[str, QProgressBar] = {}
        self.step_labels: dict[str, QLabel] = {}
        grid = QGridLayout()
        for row, (portal, info) in enumerate(PORTALS.items()):
            check = QCheckBox(info.title, self)
            check.setObjectName(f"portal_{portal}")
            check.setChecked(True)
            bar = QProgressBar(self)
            bar.setObjectName(f"progress_{portal}")
            bar.setRange(0, 100)
            bar.setValue(0)
            label = QLabel(self)
            label.setObjectName(f"stepLabel_{portal}")
            grid.addWidget(check, row, 0)
            grid.addWidget(bar, row, 1)
            grid.addWidget(label, row, 2)
            self.portal_checks[portal], self.bars[portal], self.step_labels[portal] = (
                check, bar, label)  # fmt: skip
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 2)

        defaults = sync_defaults(self.context.settings)
        self.date_from = QDateEdit(self)
        self.date_from.setObjectName("dateFrom")
        self.date_from.setDisplayFormat("dd/MM/yyyy")
        self.date_from.setCalendarPopup(True)
        self.date_from.setDate(_qdate(defaults.date_from))
        self.date_to = QDateEdit(self)
        self.date_to.setObjectName("dateTo")
        self.date_to.setDisplayFormat("dd/MM/yyyy")
        self.date_to.setCalendarPopup(True)
        self.date_to.setDate(_qdate(defaults.date_to))
        self.visible_check = QCheckBox(self.tr("Mostrar el navegador"), self)
        self.visible_check.setObjectName("visibleBrowser")
        self.visible_check.setChecked(defaults.visible)
        form = QFormLayout()
        form.addRow(self.tr("Desde"), self.date_from)
        form.addRow(self.tr("Hasta"), self.date_to)
        form.addRow("", self.visible_check)

        self.sync_button = QPushButton(self.tr("Sincronizar portales"), self)
        self.sync_button.setObjectName("syncButton")
        self.cancel_button = QPushButton(self.tr("Cancelar"), self)
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setEnabled(False)
        self.state_label = QLabel(self)
        self.state_label.setObjectName("syncState")
        self.state_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.state_label, stretch=1)
        self.log_view = QPlainTextEdit(self)
        self.log_view.setObjectName("syncLog")
        self.log_view.setReadOnly(True)
        self.log_view.setMaximumBlockCount(5000)

        self.body.addLayout(grid)
        self.body.addLayout(form)
        self.body.addLayout(buttons)
        self.body.addWidget(QLabel(self.tr("Registro de la ejecución:"), self))
        self.body.addWidget(self.log_view, stretch=1)
        self.sync_button.clicked.connect(self.start_sync)
        self.cancel_button.clicked.connect(self.cancel)

    @property
    def running(self) -> bool:
        return self.worker is not None

    # -- run --------------------------------------------------------------------------------

    def selected_portals(self) -> tuple[str, ...]:
        return tuple(p for p, check in self.portal_checks.items() if check.isChecked())

    def start_sync(self) -> None:
        if self.worker is not None:
            self.state_label.setText(
                self.tr("Ya hay una sincronización en curso. Espere a que termine o cancélela.")
            )
            self.log(self.state_label.text())
            return
        portals = self.selected_portals()
        if not portals:
            self.state_label.setText(self.tr("Elija al menos un portal."))
            return
        request = SyncRequest(
            portals=portals,
            date_from=_pydate(self.date_from.date()),
            date_to=_pydate(self.date_to.date()),
            trigger="manual",
            visible=self.visible_check.isChecked(),
        )
        for portal, bar in self.bars.items():
            bar.setValue(0)
            self.step_labels[portal].setText(
                self.tr("En espera") if portal in portals else self.tr("No elegido")
            )
        self.log_view.clear()
        self.log(self.tr("Sincronización iniciada: {portals}.").format(portals=", ".join(portals)))
        self.state_label.setText(self.tr("Sincronizando…"))
        self.sync_button.setEnabled(True)  # a second click is answered, not ignored
        self.cancel_button.setEnabled(True)
        cancel = threading.Event()
        human = HumanStepBridge(cancel, self)
        human.asked.connect(self.ask_human)
        context, access = self.context, self.access
        self.worker = workers.start(
            lambda control: run_sync(context, access, request, human, control),
            name="sync",
            on_progress=self._progress,
            on_returned=self._done,
            on_errored=self._failed,
            on_finished=self._finished,
            cancel_event=cancel,  # cancelling also ends a wait for the captcha
        )

    def cancel(self) -> None:
        if self.worker is None:
            return
        self.worker.cancel()
        self.cancel_button.setEnabled(False)
        self.state_label.setText(self.tr("Cancelando…"))
        self.log(self.tr("Cancelación pedida; el paso en curso se detiene."))
        for prompt in list(self.prompts):
            prompt.close()

    def ask_human(self, question: PendingQuestion) -> None:
        prompt = CaptchaPrompt(question, self)
        self.prompts.append(prompt)
        prompt.finished.connect(lambda _result: self.prompts.remove(prompt))
        self.log(self.tr("{portal}: se necesita resolver un captcha.").format(
            portal=question.request.portal))  # fmt: skip
        prompt.show()
        prompt.activateWindow()
        # Flash the taskbar entry: the clerk may be in another program while the sync waits.
        QApplication.alert(self.window())

    def _progress(self, value: tuple[str, Message, float]) -> None:
        portal, what, fraction = value
        label = what.text(self.lang)
        if portal in self.bars:
            self.bars[portal].setValue(round(max(0.0, min(1.0, fraction)) * 100))
            self.step_labels[portal].setText(label)
        self.log(f"{portal}: {label}")

    def _done(self, result: SyncResult) -> None:
        self.last_result = result
        self.last_summary = summary = result.summary
        for step in summary.steps:
            self.log(step_outcome(step).text(self.lang))
            if step.status == "ok" and step.portal in self.bars:
                self.bars[step.portal].setValue(100)
        self.state_label.setText(
            self.tr("Ejecución {run}: {status}. {files} archivos, {rows} filas en {seconds} s.")
            .format(run=summary.run_id, status=summary.status, files=summary.files,
                    rows=f"{summary.rows_loaded:,}", seconds=f"{summary.seconds:.0f}")
        )  # fmt: skip
        self.log(self.state_label.text())

    def _failed(self, error: object) -> None:
        if isinstance(error, UserError):
            text = error.message(self.lang)
        else:
            text = self.tr("La sincronización se detuvo por un error interno.")
        self.state_label.setText(text)
        self.log(text)

    def _finished(self) -> None:
        self.worker = None
        self.cancel_button.setEnabled(False)
        for prompt in list(self.prompts):
            prompt.close()
        self.sync_finished.emit()

    def log(self, line: str) -> None:
        stamp = datetime.now().strftime("%H:%M:%S")  # noqa: DTZ005 - the clerk's clock
        self.log_view.appendPlainText(f"{stamp}  {line}")


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())
