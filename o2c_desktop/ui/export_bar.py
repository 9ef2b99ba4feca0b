"""Export buttons for a table: Excel or CSV, written off the GUI thread into the exports folder,
with a busy bar while it runs and a button that opens the folder afterwards."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from o2c_desktop.errors import UserError
from o2c_desktop.ui import workers
from o2c_desktop.ui.workers import JobControl


@dataclass(frozen=True)
class ExportOutcome:
    path: Path
    rows: int
    manifest: Path | None = None


# Runs in a worker: (target file, control) -> what was written.
ExportJob = Callable[[Path, JobControl], ExportOutcome]


def _run_export(job: ExportJob, target: Path, control: JobControl) -> ExportOutcome:
    target.parent.mkdir(parents=True, exist_ok=True)
    return job(target, control)


class ExportBar(QWidget):
    exported = Signal(object)  # ExportOutcome

    def __init__(
        self,
        exports_dir: Path,
        file_stem: str,
        make_job: Callable[[], ExportJob | None],
        lang: str = "es",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.exports_dir = exports_dir
        self.file_stem = file_stem
        self.lang = lang
        self._make_job = make_job
        self.last_outcome: ExportOutcome | None = None
        self.excel_button = QPushButton(self.tr("Exportar a Excel"), self)
        self.excel_button.setObjectName("exportExcelButton")
        self.csv_button = QPushButton(self.tr("Exportar a CSV"), self)
        self.csv_button.setObjectName("exportCsvButton")
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)  # the export services stream without a row total
        self.progress.setMaximumWidth(120)
        self.progress.setVisible(False)
        self.result = QLabel(self)
        self.result.setObjectName("exportResult")
        self.open_folder_button = QPushButton(self.tr("Abrir carpeta"), self)
        self.open_folder_button.setObjectName("openFolderButton")
        self.open_folder_button.setVisible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.excel_button)
        layout.addWidget(self.csv_button)
        layout.addWidget(self.progress)
        layout.addWidget(self.result, stretch=1)
        layout.addWidget(self.open_folder_button)
        self.excel_button.clicked.connect(lambda: self.export(".xlsx"))
        self.csv_button.clicked.connect(lambda: self.export(".csv"))
        self.open_folder_button.clicked.connect(self.open_folder)

    def export(self, suffix: str) -> None:
        job = self._make_job()
        if job is None:
            self.result.setText(self.tr("No hay datos que exportar todavía."))
            return
        stamp = datetime.now().strftime("%Y%m%d_%H%M%S")  # noqa: DTZ005 - the clerk's clock
        target = self.exports_dir / f"{self.file_stem}_{stamp}{suffix}"
        self._set_running(True)
        self.result.setText(self.tr("Exportando…"))
        workers.start(
            lambda control: _run_export(job, target, control),
            name=f"export {target.name}",
            on_returned=self._done,
            on_errored=self._failed,
        )

    def _set_running(self, running: bool) -> None:
        self.excel_button.setEnabled(not running)
        self.csv_button.setEnabled(not running)
        self.progress.setVisible(running)

    def _done(self, outcome: ExportOutcome) -> None:
        self._set_running(False)
        self.last_outcome = outcome
        text = self.tr("{rows} renglones en {name}").format(
            rows=f"{outcome.rows:,}", name=outcome.path.name
        )
        if outcome.manifest is not None:
            text += self.tr(" (con manifiesto {name})").format(name=outcome.manifest.name)
        self.result.setText(text)
        self.open_folder_button.setVisible(True)
        self.exported.emit(outcome)

    def _failed(self, error: object) -> None:
        self._set_running(False)
        if isinstance(error, UserError):
            self.result.setText(error.message(self.lang))
        else:
            self.result.setText(self.tr("La exportación falló; vea el detalle del error."))

    def folder_url(self) -> QUrl:
        folder = self.last_outcome.path.parent if self.last_outcome else self.exports_dir
        return QUrl.fromLocalFile(str(folder))

    def open_folder(self) -> None:
        QDesktopServices.openUrl(self.folder_url())
