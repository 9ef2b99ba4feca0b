"""Ejecuciones: every sync run, its steps with status and reason, the files each step kept and
the folder with its evidence (log, screenshots, page source on failure)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTableView,
    QWidget,
)

from o2c_desktop.app.reports import WarehouseAccess
from o2c_desktop.errors import UserError
from o2c_desktop.messages import rendered
from o2c_desktop.services.runs import RunHistory
from o2c_desktop.services.status import loaded_file_count
from o2c_desktop.ui import workers
from o2c_desktop.ui.pages.page_base import Page, PageDeps
from o2c_desktop.ui.records_model import RecordsModel

RUN_COLUMNS = ["run_id", "started_at", "trigger", "portals", "status", "message"]
STEP_COLUMNS = ["step_no", "portal", "report", "status", "files", "seconds", "reason"]
FILE_COLUMNS = ["original_name", "range_from", "range_to", "sha256"]


@dataclass(frozen=True)
class RunsRead:
    runs: list[dict[str, Any]]
    imported_files: int  # files loaded by o2c import (or a sync): not runs, but data


def read_runs(access: WarehouseAccess, lang: str) -> RunsRead:
    with access.reading_warehouse() as warehouse:
        runs = [rendered(vars(run), lang) for run in RunHistory(warehouse).runs(limit=500)]
        if runs:
            return RunsRead(runs, 0)
        with warehouse.cursor() as cursor:
            return RunsRead(runs, loaded_file_count(cursor))


def read_steps(access: WarehouseAccess, run_id: int, lang: str) -> list[dict[str, Any]]:
    with access.reading_warehouse() as warehouse:
        history = RunHistory(warehouse)
        steps = []
        for step in history.steps(run_id):
            record = rendered(vars(step), lang)
            record["file_list"] = [asdict(f) for f in history.step_files(run_id, step.step_no)]
            steps.append(record)
        return steps


class RunsPage(Page):
    def __init__(self, deps: PageDeps, parent: QWidget | None = None) -> None:
        super().__init__(deps, self.tr("Ejecuciones"), parent)
        self.runs_model = RecordsModel(RUN_COLUMNS, [
            self.tr("Ejecución"), self.tr("Inicio (UTC)"), self.tr("Origen"), self.tr("Portales"),
            self.tr("Resultado"), self.tr("Mensaje")], self)  # fmt: skip
        self.steps_model = RecordsModel(STEP_COLUMNS, [
            self.tr("Paso"), self.tr("Portal"), self.tr("Reporte"), self.tr("Resultado"),
            self.tr("Archivos"), self.tr("Segundos"), self.tr("Motivo")], self)  # fmt: skip
        self.files_model = RecordsModel(FILE_COLUMNS, [
            self.tr("Archivo"), self.tr("Desde"), self.tr("Hasta"), self.tr("SHA-256")],
            self)  # fmt: skip
        self.runs_view = _table(self.runs_model, "runsView", self)
        self.steps_view = _table(self.steps_model, "stepsView", self)
        self.files_view = _table(self.files_model, "filesView", self)
        self.refresh_button = QPushButton(self.tr("Actualizar"), self)
        self.refresh_button.setObjectName("refreshButton")
        self.evidence_button = QPushButton(self.tr("Abrir evidencia"), self)
        self.evidence_button.setObjectName("evidenceButton")
        self.evidence_button.setEnabled(False)
        self.problem = self.note_label("pageProblem", hidden=False)  # beside the buttons
        self.empty_hint = self.note_label("emptyHint")
        actions = QHBoxLayout()
        actions.addWidget(self.refresh_button)
        actions.addWidget(self.evidence_button)
        actions.addWidget(self.problem, stretch=1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.runs_view)
        splitter.addWidget(self.steps_view)
        splitter.addWidget(self.files_view)
        self.body.addLayout(actions)
        self.body.addWidget(self.empty_hint)
        self.body.addWidget(splitter, stretch=1)
        self.refresh_button.clicked.connect(self.refresh)
        self.evidence_button.clicked.connect(self.open_evidence)
        self.runs_view.selectionModel().currentRowChanged.connect(self._run_chosen)
        self.steps_view.selectionModel().currentRowChanged.connect(self._step_chosen)

    def refresh(self) -> None:
        access = self.access
        lang = self.lang
        workers.start(lambda _c: read_runs(access, lang), name="read runs",
                      on_returned=self._show_runs, on_errored=self._failed)  # fmt: skip

    def _show_runs(self, read: RunsRead) -> None:
        runs = read.runs
        self.problem.clear()
        self.empty_hint.setVisible(not runs)
        self.empty_hint.setText(self._empty_text(read.imported_files) if not runs else "")
        self.runs_model.set_records(runs)
        self.steps_model.set_records([])
        self.files_model.set_records([])
        self.evidence_button.setEnabled(False)
        if runs:
            self.runs_view.selectRow(0)

    def _empty_text(self, imported_files: int) -> str:
        how_to_sync = self.tr(
            "Para descargar de los portales, use «Sincronizar portales» en la página "
            "Sincronizar, o agregue un horario en Horarios; cada sincronización aparecerá aquí "
            "con sus pasos y evidencia."
        )
        if imported_files:
            imported = self.tr(
                "Aún no hay sincronizaciones. Archivos importados con «o2c import»: {count}; "
                "las importaciones no son ejecuciones: sus datos ya están en los reportes, y cada "
                "exportación a Excel lista los archivos fuente en su hoja Parámetros."
            ).format(count=imported_files)
            return f"{imported} {how_to_sync}"
        return f"{self.tr('Aún no hay ejecuciones.')} {how_to_sync}"

    def _run_chosen(self) -> None:
        record = self.runs_model.record(self.runs_view.currentIndex().row())
        if record is None:
            return
        access, run_id = self.access, int(record["run_id"])
        lang = self.lang
        workers.start(lambda _c: read_steps(access, run_id, lang), name="read steps",
                      on_returned=self._show_steps, on_errored=self._failed)  # fmt: skip

    def _show_steps(self, steps: list[dict[str, Any]]) -> None:
        self.steps_model.set_records(steps)
        self.files_model.set_records([])
        self.evidence_button.setEnabled(False)
        if steps:
            self.steps_view.selectRow(0)

    def _step_chosen(self) -> None:
        step = self.steps_model.record(self.steps_view.currentIndex().row())
        self.files_model.set_records(step["file_list"] if step else [])
        self.evidence_button.setEnabled(bool(step and step.get("evidence_dir")))

    def evidence_folder(self) -> Path | None:
        step = self.steps_model.record(self.steps_view.currentIndex().row())
        return Path(step["evidence_dir"]) if step and step.get("evidence_dir") else None

    def open_evidence(self) -> None:
        folder = self.evidence_folder()
        if folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _failed(self, error: object) -> None:
        if isinstance(error, UserError):
            self.problem.setText(error.message(self.lang))


def _table(model: RecordsModel, name: str, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    return view
