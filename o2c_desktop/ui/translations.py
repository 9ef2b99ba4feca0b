"""The user interface's language: Qt's own strings, number and date formats, and our catalogue.

The Spanish text in the code is the source; English comes from
``resources/translations/o2c_desktop_en.qm``, compiled from the ``.ts`` file that
``pyside6-lupdate`` extracts from ``o2c_desktop/ui``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from o2c_desktop.paths import resources_dir

log = logging.getLogger(__name__)

CATALOGUE_STEM = "o2c_desktop"
SOURCE_LANGUAGE = "es"

_LOCALES = {
    "es": (QLocale.Language.Spanish, QLocale.Country.Mexico),
    "en": (QLocale.Language.English, QLocale.Country.UnitedStates),
}


def translations_dir() -> Path:
    return resources_dir() / "translations"


def catalogue_path(lang: str) -> Path:
    return translations_dir() / f"{CATALOGUE_STEM}_{lang}.qm"


def install_translations(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Everything the window shows in ``lang``; returns the translators installed (parented to
    ``app``), so whoever installed them can take them out again."""
    QLocale.setDefault(QLocale(*_LOCALES[lang]))
    installed: list[QTranslator] = []
    qt_strings = QTranslator(app)
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_strings.load(f"qtbase_{lang}", qt_folder):
        app.installTranslator(qt_strings)
        installed.append(qt_strings)
    else:
        log.info("no Qt translation qtbase_%s in %s", lang, qt_folder)
    if lang == SOURCE_LANGUAGE:
        return installed
    ours = QTranslator(app)
    catalogue = catalogue_path(lang)
    if ours.load(str(catalogue)):
        app.installTranslator(ours)
        installed.append(ours)
    else:
        # The window still works, in Spanish; a broken install should be noticed, not hidden.
        log.warning("translation catalogue %s is missing or unreadable", catalogue)
    return installed


def remove_translations(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)
        translator.deleteLater()
