"""Configuración: language, where the portals are (demo or real), the browser, and the
credentials dialog. Saved to the settings file at once."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QPushButton, QWidget

from o2c_desktop.ui.pages.page_base import Page, PageDeps


class SettingsPage(Page):
    def __init__(self, deps: PageDeps, parent: QWidget | None = None) -> None:
        super().__init__(deps, self.tr("Configuración"), parent)
        settings = self.context.settings
        self.language_combo = QComboBox(self)
        self.language_combo.setObjectName("languageCombo")
        self.language_combo.addItem("Español", "es")
        self.language_combo.addItem("English", "en")
        self.language_combo.setCurrentIndex(0 if settings.general.language == "es" else 1)
        self.mode_combo = QComboBox(self)
        self.mode_combo.setObjectName("modeCombo")
        self.mode_combo.addItem(self.tr("Portal de demostración"), "demo")
        self.mode_combo.addItem(self.tr("Portales reales de las instituciones"), "real")
        self.mode_combo.setCurrentIndex(0 if settings.portals.mode == "demo" else 1)
        self.headless_check = QCheckBox(self.tr("Navegador oculto (sin ventana)"), self)
        self.headless_check.setObjectName("headlessCheck")
        self.headless_check.setChecked(settings.portals.headless)
        self.credentials_button = QPushButton(self.tr("Credenciales de portales…"), self)
        self.credentials_button.setObjectName("credentialsButton")
        self.saved_label = QLabel(self)
        self.saved_label.setObjectName("settingsSaved")
        form = QFormLayout()
        form.addRow(self.tr("Idioma (al reiniciar)"), self.language_combo)
        form.addRow(self.tr("Portales"), self.mode_combo)
        form.addRow("", self.headless_check)
        form.addRow("", self.credentials_button)
        self.body.addLayout(form)
        self.body.addWidget(self.saved_label)
        self.body.addStretch(1)
        self.language_combo.currentIndexChanged.connect(self.save)
        self.mode_combo.currentIndexChanged.connect(self.save)
        self.headless_check.toggled.connect(self.save)

    def save(self) -> None:
        settings = self.context.settings
        settings.general.language = self.language_combo.currentData()
        settings.portals.mode = self.mode_combo.currentData()
        settings.portals.headless = self.headless_check.isChecked()
        self.context.save_settings()
        self.saved_label.setText(self.tr("Configuración guardada."))
