"""One schedule, new or edited: what it does (sync, missing folios, push to the cloud), how
often, at what time, and which portals. The caller saves it when the dialog is accepted."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from o2c_desktop.errors import UserError
from o2c_desktop.services.credentials import PORTAL_NAMES
from o2c_desktop.services.scheduler.triggers import build_trigger
from o2c_desktop.settings import ScheduleSpec
from o2c_desktop.ui.dialog_size import fix_minimum_size

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class ScheduleDialog(QDialog):
    def __init__(
        self,
        timezone: str,
        existing: ScheduleSpec | None = None,
        lang: str = "es",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("scheduleDialog")
        self.setModal(False)
        self.timezone = timezone
        self.lang = lang
        self.existing = existing
        self.setWindowTitle(self.tr("Editar horario") if existing else self.tr("Nuevo horario"))
        spec = existing or ScheduleSpec(id="diario")

        self.name_edit = QLineEdit(spec.id if existing else "", self)
        self.name_edit.setObjectName("scheduleName")
        self.name_edit.setPlaceholderText(self.tr("p. ej. diario-manana"))
        # The name is the schedule's key in the settings and the job store.
        self.name_edit.setReadOnly(existing is not None)
        self.kind_combo = _combo(self, "scheduleKind", spec.kind, [
            (self.tr("Sincronizar portales"), "sync"), (self.tr("Folios faltantes"), "gaps"),
            (self.tr("Enviar a la nube"), "push")])  # fmt: skip
        self.frequency_combo = _combo(self, "scheduleFrequency", spec.frequency, [
            (self.tr("Diario"), "daily"), (self.tr("Semanal"), "weekly"),
            (self.tr("Mensual"), "monthly"), (self.tr("Expresión cron"), "cron")])  # fmt: skip
        self.time_edit = QTimeEdit(QTime.fromString(spec.at, "HH:mm"), self)
        self.time_edit.setObjectName("scheduleTime")
        self.time_edit.setDisplayFormat("HH:mm")
        day_names = [self.tr("lun"), self.tr("mar"), self.tr("mié"), self.tr("jue"),
                     self.tr("vie"), self.tr("sáb"), self.tr("dom")]  # fmt: skip
        self.weekday_checks: dict[str, QCheckBox] = {}
        weekdays_row = QHBoxLayout()
        for day, name in zip(WEEKDAYS, day_names, strict=True):
            check = QCheckBox(name, self)
            check.setObjectName(f"weekday_{day}")
            check.setChecked(day in spec.weekdays)
            self.weekday_checks[day] = check
            weekdays_row.addWidget(check)
        self.day_spin = QSpinBox(self)
        self.day_spin.setObjectName("scheduleDayOfMonth")
        self.day_spin.setRange(1, 28)
        self.day_spin.setValue(spec.day_of_month)
        self.cron_edit = QLineEdit(spec.cron, self)
        self.cron_edit.setObjectName("scheduleCron")
        self.cron_edit.setPlaceholderText("0 7 * * 1-5")
        self.portal_checks: dict[str, QCheckBox] = {}
        portals_row = QHBoxLayout()
        for portal, title in PORTAL_NAMES.items():
            check = QCheckBox(title, self)
            check.setObjectName(f"schedulePortal_{portal}")
            check.setChecked(portal in spec.portals)
            self.portal_checks[portal] = check
            portals_row.addWidget(check)
        self.paused_check = QCheckBox(self.tr("En pausa"), self)
        self.paused_check.setObjectName("schedulePaused")
        self.paused_check.setChecked(not spec.enabled)
        self.problem = QLabel(self)
        self.problem.setObjectName("scheduleProblem")
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Nombre"), self.name_edit)
        form.addRow(self.tr("Tarea"), self.kind_combo)
        form.addRow(self.tr("Frecuencia"), self.frequency_combo)
        form.addRow(self.tr("Hora"), self.time_edit)
        form.addRow(self.tr("Días de la semana"), weekdays_row)
        form.addRow(self.tr("Día del mes"), self.day_spin)
        form.addRow(self.tr("Cron"), self.cron_edit)
        form.addRow(self.tr("Portales (ninguno = todos)"), portals_row)
        form.addRow("", self.paused_check)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        fix_minimum_size(self, layout, 620, 420)
        self.frequency_combo.currentIndexChanged.connect(self._show_frequency_fields)
        self._show_frequency_fields()
        self.result_spec: ScheduleSpec | None = None

    def _show_frequency_fields(self) -> None:
        frequency = self.frequency_combo.currentData()
        for check in self.weekday_checks.values():
            check.setEnabled(frequency == "weekly")
        self.day_spin.setEnabled(frequency == "monthly")
        self.cron_edit.setEnabled(frequency == "cron")
        self.time_edit.setEnabled(frequency != "cron")

    def chosen_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "id": self.name_edit.text().strip(),
            "kind": self.kind_combo.currentData(),
            "frequency": self.frequency_combo.currentData(),
            "at": self.time_edit.time().toString("HH:mm"),
            "weekdays": [day for day, check in self.weekday_checks.items() if check.isChecked()],
            "day_of_month": self.day_spin.value(),
            "cron": self.cron_edit.text().strip(),
            "portals": [p for p, check in self.portal_checks.items() if check.isChecked()],
            "enabled": not self.paused_check.isChecked(),
        }
        if self.existing is not None:
            values["created_at"] = self.existing.created_at
        return values

    def accept(self) -> None:
        """Refuse, with the reason in the dialog, what the scheduler could not run."""
        values = self.chosen_values()
        try:
            spec = ScheduleSpec.model_validate(values)
        except ValidationError:
            self.problem.setText(
                self.tr(
                    "Revise el nombre «{name}»: minúsculas, números, - o _, hasta 40 caracteres."
                ).format(name=values["id"])
            )
            return
        if spec.frequency == "weekly" and not spec.weekdays:
            self.problem.setText(self.tr("Elija al menos un día de la semana."))
            return
        try:
            build_trigger(spec, self.timezone)
        except UserError as error:
            self.problem.setText(error.message(self.lang))
            return
        self.result_spec = spec
        super().accept()


def _combo(parent: QWidget, name: str, current: str, items: list[tuple[str, str]]) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(name)
    for text, value in items:
        combo.addItem(text, value)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo
