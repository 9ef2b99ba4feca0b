"""English through Qt's translation system: the catalogue loads, every visible string of the
pages goes through it, and the compiled catalogue matches what lupdate extracts from the code."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QTabWidget,
    QWidget,
)

from o2c_desktop.context import AppContext
from o2c_desktop.ui.app import create_main_window
from o2c_desktop.ui.main_window import MainWindow
from o2c_desktop.ui.translations import (
    catalogue_path,
    install_translations,
    remove_translations,
    translations_dir,
)

REPO = Path(__file__).resolve().parents[2]
TS_FILE = translations_dir() / "o2c_desktop_en.ts"
TOOLS = Path(sys.executable).parent

# The same in both languages: names of portals and institutions, technical terms, our name.
SAME_IN_BOTH = {
    "SAI", "PREI", "SAGI", "Registro", "Camunda", "Pagos", "IMSS", "ISSSTE", "Portal", "UUID",
    "SHA-256", "CLC", "% OTIF", "o2c_desktop", "Español", "English", "No", "Factor",
    "SAI (IMSS)", "PREI / PISP (IMSS)", "SAGI (IMSS-Bienestar)",
}  # fmt: skip
# Numbers, amounts, dates, times and paths are data, not words to translate.
DATA_TEXT = re.compile(r"^[\d\s.,:/%·\-–—()+]*$|^/|^[A-Za-z]:\\")


def texts_of(widget: QWidget) -> list[str]:
    if isinstance(widget, QLabel):
        return [widget.text()]
    if isinstance(widget, QAbstractButton):
        return [widget.text()]
    if isinstance(widget, QGroupBox):
        return [widget.title()]
    if isinstance(widget, QLineEdit):
        return [widget.placeholderText()]
    if isinstance(widget, QComboBox):
        return [widget.itemText(i) for i in range(widget.count())]
    if isinstance(widget, QTabWidget):
        return [widget.tabText(i) for i in range(widget.count())]
    if isinstance(widget, QListWidget):
        return [widget.item(i).text() for i in range(widget.count())]
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        return [
            str(model.headerData(i, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
            for i in range(model.columnCount())
        ]
    return []


def visible_texts(page: QWidget) -> list[tuple[str, str]]:
    """(where, text) for each non-empty text of the widgets a user can see on ``page``."""
    found = []
    for index, widget in enumerate(page.findChildren(QWidget)):
        if not widget.isVisibleTo(page):
            continue
        where = f"{type(widget).__name__}#{widget.objectName() or index}"
        found.extend((where, text) for text in texts_of(widget) if text.strip())
    return found


@pytest.fixture
def english(qapp) -> Iterator[list[QTranslator]]:
    default_locale = QLocale()
    translators = install_translations(qapp, "en")
    yield translators
    remove_translations(qapp, translators)
    QLocale.setDefault(default_locale)


def window_in(qtbot, context: AppContext, lang: str) -> MainWindow:
    window = create_main_window(context, lang=lang)
    qtbot.addWidget(window)
    return window


def menu_titles(window: MainWindow) -> list[str]:
    return [action.text().replace("&", "") for action in window.menuBar().actions()]


def page_names(window: MainWindow) -> list[str]:
    return [window.navigation.item(row).text() for row in range(window.navigation.count())]


def test_english_catalogue_loads_and_names_pages_and_menus(qtbot, context, english) -> None:
    assert catalogue_path("en").is_file()
    assert len(english) >= 1, "our catalogue was not installed"
    window = window_in(qtbot, context, "en")
    assert window.windowTitle() == "o2c_desktop — Order to Cash"
    assert menu_titles(window) == ["File", "View", "Help"]
    names = page_names(window)
    assert names[:3] == ["Home", "Sync", "Reconciliation"]
    assert {"Receivables", "Contracts", "Logistics", "Missing folios", "Runs", "Settings"} <= set(
        names
    )


def test_every_visible_string_of_the_pages_is_translated(qtbot, context, qapp) -> None:
    spanish = window_in(qtbot, context, "es")
    spanish_texts = {page.title: visible_texts(page) for page in spanish.pages}
    default_locale = QLocale()
    translators = install_translations(qapp, "en")
    try:
        english = window_in(qtbot, context, "en")
        english_texts = {page.title: visible_texts(page) for page in english.pages}
    finally:
        remove_translations(qapp, translators)
        QLocale.setDefault(default_locale)

    untranslated = []
    for (es_title, es_texts), (en_title, en_texts) in zip(
        spanish_texts.items(), english_texts.items(), strict=True
    ):
        assert es_title != en_title
        assert [where for where, _ in es_texts] == [where for where, _ in en_texts], es_title
        assert len(es_texts) > 1, f"nothing readable found on {es_title}"
        for (where, es_text), (_, en_text) in zip(es_texts, en_texts, strict=True):
            if es_text == en_text and es_text not in SAME_IN_BOTH and not DATA_TEXT.match(es_text):
                untranslated.append(f"{es_title} {where}: {es_text!r}")
    assert not untranslated, "\n".join(untranslated)


def translated_sources(ts_file: Path) -> set[tuple[str, str]]:
    root = ET.parse(ts_file).getroot()
    return {
        (context.findtext("name") or "", message.findtext("source") or "")
        for context in root.iter("context")
        for message in context.iter("message")
        if message.find("translation") is not None
        and message.find("translation").get("type") not in ("unfinished", "obsolete", "vanished")
        and (message.findtext("translation") or "").strip()
    }


def test_catalogue_matches_what_lupdate_extracts_from_the_code(tmp_path: Path) -> None:
    lupdate, lrelease = TOOLS / "pyside6-lupdate", TOOLS / "pyside6-lrelease"
    assert lupdate.exists() and lrelease.exists(), "PySide6 ships pyside6-lupdate/-lrelease"
    fresh_ts = tmp_path / "translations" / "o2c_desktop_en.ts"
    fresh_ts.parent.mkdir()
    shutil.copyfile(TS_FILE, fresh_ts)
    sources = sorted(str(p.relative_to(REPO)) for p in (REPO / "o2c_desktop" / "ui").rglob("*.py"))
    subprocess.run([str(lupdate), *sources, "-ts", str(fresh_ts), "-no-obsolete"], cwd=REPO,
                   check=True, capture_output=True, timeout=120)  # fmt: skip

    # Every string in the code today has a finished translation in the committed file.
    extracted = _all_sources(fresh_ts)
    assert len(extracted) > 150
    assert extracted == translated_sources(TS_FILE), "run lupdate and translate the new strings"

    fresh_qm = tmp_path / "o2c_desktop_en.qm"
    subprocess.run([str(lrelease), str(TS_FILE), "-qm", str(fresh_qm)],
                   check=True, capture_output=True, timeout=60)  # fmt: skip
    assert fresh_qm.read_bytes() == catalogue_path("en").read_bytes(), (
        "the committed .qm is older than the .ts: run pyside6-lrelease"
    )


def _all_sources(ts_file: Path) -> set[tuple[str, str]]:
    root = ET.parse(ts_file).getroot()
    return {
        (context.findtext("name") or "", message.findtext("source") or "")
        for context in root.iter("context")
        for message in context.iter("message")
    }
