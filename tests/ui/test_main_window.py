"""The main window as a clerk meets it: title, menus, the Inicio page and the status bar."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QMessageBox

from o2c_desktop import __version__
from o2c_desktop.context import AppContext, open_context
from o2c_desktop.errors import SettingsError
from o2c_desktop.services.runs import RunHistory
from o2c_desktop.ui import app as app_module
from o2c_desktop.ui import workers
from o2c_desktop.ui.app import create_main_window, show_startup_error
from o2c_desktop.ui.cell_format import SORT_ROLE
from o2c_desktop.ui.main_window import MainWindow
from o2c_desktop.ui.table_counts_model import COLUMN_ROWS, COLUMN_TABLE


def direct_counts(warehouse_file: Path) -> dict[str, int]:
    """The truth, read with DuckDB itself rather than through the program's code."""
    con = duckdb.connect(str(warehouse_file), read_only=True)
    try:
        names = [
            row[0]
            for row in con.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'main' AND table_type = 'BASE TABLE'"
            ).fetchall()
        ]
        return {
            name: con.execute(f'SELECT count(*) FROM "{name}"').fetchall()[0][0] for name in names
        }
    finally:
        con.close()


def direct_schema_version(warehouse_file: Path) -> int:
    con = duckdb.connect(str(warehouse_file), read_only=True)
    try:
        return int(con.execute("SELECT max(version) FROM schema_version").fetchall()[0][0])
    finally:
        con.close()


def model_counts(window: MainWindow) -> dict[str, int]:
    """The counts as Ayuda → Diagnóstico shows them: opening it reads them; once open, it
    shows what the window last read (F5)."""
    dialog = window.diagnostics_dialog or window.show_diagnostics()
    model = dialog.counts_model
    return {
        model.index(row, COLUMN_TABLE).data(): model.index(row, COLUMN_ROWS).data(SORT_ROLE)
        for row in range(model.rowCount())
    }


def tmp_root(context: AppContext) -> Path:
    return context.paths.data_dir.parent


def status_bar_text(window: MainWindow) -> str:
    label = window.statusBar().findChild(QLabel, "warehouseStatusLabel")
    assert label is not None and label.isVisible()
    return label.text()


def add_sync_runs(context: AppContext, how_many: int) -> None:
    with context.open_warehouse(read_only=False) as warehouse:
        history = RunHistory(warehouse)
        for _ in range(how_many):
            run_id = history.start_run(trigger="manual", portals=["sai"])
            history.finish_run(run_id, status="ok")


def test_title_and_menus(main_window: MainWindow) -> None:
    assert main_window.windowTitle() == "o2c_desktop — Orden a Cobro"
    menus = {
        action.text().replace("&", ""): [
            entry.text().replace("&", "") for entry in action.menu().actions()
        ]
        for action in main_window.menuBar().actions()
    }
    assert menus == {
        "Archivo": ["Credenciales de portales…", "Salir"],
        "Ver": ["Actualizar", "Buscar en la tabla", "Exportar lo que se ve"],
        "Ayuda": ["Diagnóstico…", "Acerca de"],
    }
    assert main_window.refresh_action.shortcut() == QKeySequence(Qt.Key.Key_F5)
    assert main_window.find_action.shortcut() == QKeySequence("Ctrl+F")
    assert main_window.export_action.shortcut() == QKeySequence("Ctrl+E")


def test_control_digits_open_the_pages_and_control_f_finds_the_search_box(
    qtbot, main_window: MainWindow
) -> None:
    qtbot.keyClick(main_window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_page().title == "Conciliación"
    assert main_window.navigation.item(2).toolTip() == "Ctrl+3"
    qtbot.keyClick(main_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    search = main_window.reconciliation_page.table.filter_edit
    qtbot.waitUntil(search.hasFocus, timeout=2000)
    qtbot.keyClick(main_window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_page().title == "Inicio"
    window_reads_done(qtbot)


def test_every_page_has_its_own_shortcut(qtbot, main_window: MainWindow) -> None:
    tooltips = [
        main_window.navigation.item(row).toolTip() for row in range(main_window.navigation.count())
    ]
    assert all(tooltips), tooltips
    assert len(set(tooltips)) == len(tooltips)
    qtbot.keyClick(main_window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_page().title == "Horarios"
    qtbot.keyClick(main_window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_page().title == "Configuración"
    window_reads_done(qtbot)


def test_about_names_the_version(main_window: MainWindow) -> None:
    # The About box itself is modal and cannot be clicked offscreen; its text is what matters.
    assert __version__ in main_window.about_text()


PAGE_TITLES = [
    "Inicio", "Sincronizar", "Conciliación", "Cuentas por cobrar", "Flujo de efectivo",
    "Contratos", "Logística", "Folios faltantes", "Ejecuciones", "Horarios", "Configuración",
]  # fmt: skip


def test_side_list_names_every_page_and_opens_each(qtbot, main_window: MainWindow) -> None:
    items = [main_window.navigation.item(i) for i in range(main_window.navigation.count())]
    assert [item.text() for item in items] == PAGE_TITLES
    # One icon per page, each drawn (not blank) and none shared by two pages.
    pictures = [item.icon().pixmap(16, 16).toImage() for item in items]
    assert all(not item.icon().isNull() for item in items)
    assert all(len({p.pixel(x, y) for x in range(16) for y in range(16)}) > 1 for p in pictures)
    assert len({bytes(p.constBits()) for p in pictures}) == len(items)
    assert main_window.current_page() is main_window.home_page
    for row, title in enumerate(PAGE_TITLES):
        item = main_window.navigation.item(row)
        rect = main_window.navigation.visualItemRect(item)
        qtbot.mouseClick(main_window.navigation.viewport(), Qt.MouseButton.LeftButton,
                         pos=rect.center())  # fmt: skip
        page = main_window.current_page()
        assert page.isVisible() and page.heading.text() == title
    assert not main_window.home_page.problem.isVisible()
    dialog = main_window.show_diagnostics()
    assert dialog.isVisible() and dialog.tables_view.model() is dialog.counts_model
    qtbot.waitUntil(lambda: not workers.running(), timeout=10_000)


def test_a_new_data_folder_gets_a_warehouse(context: AppContext, main_window: MainWindow) -> None:
    assert context.paths.warehouse_file.exists()
    assert "sync_run" in model_counts(main_window)


def window_reads_done(qtbot) -> None:
    """The window hosts the scheduler, so its reads open the file read-write; a read-only
    connection of this process may open only once they are closed."""
    qtbot.waitUntil(lambda: not workers.running(), timeout=10_000)


def test_status_bar_shows_location_schema_and_rows(
    qtbot, context: AppContext, main_window: MainWindow
) -> None:
    window_reads_done(qtbot)
    warehouse_file = context.paths.warehouse_file
    total = sum(direct_counts(warehouse_file).values())
    text = status_bar_text(main_window)
    assert f"Datos: {context.paths.data_dir.name}" in text
    assert str(tmp_root(context)) not in text, "no full path in the status bar"
    label = main_window.statusBar().findChild(QLabel, "warehouseStatusLabel")
    assert label.toolTip() == str(warehouse_file)
    assert f"Esquema {direct_schema_version(warehouse_file)}" in text
    assert (f"{total} filas" if total != 1 else "1 fila") in text


def test_table_list_matches_duckdb(qtbot, context: AppContext, main_window: MainWindow) -> None:
    window_reads_done(qtbot)
    expected = direct_counts(context.paths.warehouse_file)
    assert {"sync_run", "sync_step", "schema_version"} <= set(expected)
    assert model_counts(main_window) == expected


def test_window_keeps_no_lock_and_f5_shows_new_rows(
    qtbot, context: AppContext, main_window: MainWindow
) -> None:
    assert model_counts(main_window)["sync_run"] == 0
    qtbot.waitUntil(lambda: not workers.running(), timeout=10_000)
    # Opening read-write succeeds only because the window holds no connection between reads.
    add_sync_runs(context, 3)

    main_window.activateWindow()
    qtbot.waitActive(main_window)
    qtbot.keyClick(main_window, Qt.Key.Key_F5)

    counts = model_counts(main_window)
    assert counts["sync_run"] == 3
    window_reads_done(qtbot)
    assert counts == direct_counts(context.paths.warehouse_file)
    assert f"{sum(counts.values())} filas" in status_bar_text(main_window)


def test_refresh_action_rereads(qtbot, context: AppContext, main_window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not workers.running(), timeout=10_000)
    assert model_counts(main_window)["sync_run"] == 0
    add_sync_runs(context, 2)
    main_window.refresh_action.trigger()
    assert model_counts(main_window)["sync_run"] == 2


def test_table_model_passes_qt_model_checks(
    qtbot, qtmodeltester, context: AppContext, main_window: MainWindow
) -> None:
    qtbot.waitUntil(lambda: not workers.running(), timeout=10_000)
    add_sync_runs(context, 1)
    main_window.refresh_status()
    model = main_window.show_diagnostics().counts_model
    assert model.rowCount() >= 3
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)


def test_geometry_is_kept_in_the_data_folder(qtbot, context: AppContext) -> None:
    first = create_main_window(context)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.resize(777, 555)
    qtbot.waitUntil(lambda: first.size() == QSize(777, 555))
    first.close()
    window_reads_done(qtbot)

    ini = context.paths.config_dir / "window.ini"
    assert ini.exists()
    assert QSettings(str(ini), QSettings.Format.IniFormat).value("main_window/geometry")

    second = create_main_window(context)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.size() == QSize(777, 555)


@pytest.fixture
def critical_calls(monkeypatch) -> list[tuple[str, str]]:
    # A modal box cannot be clicked offscreen and would block the test; record it instead.
    calls: list[tuple[str, str]] = []

    def record(parent, title, text, *args, **kwargs):
        calls.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "critical", record)
    return calls


def write_invalid_settings(data_dir: Path) -> None:
    settings_file = data_dir / "config" / "settings.toml"
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text('[general]\nlanguage = "fr"\n', encoding="utf-8")


def test_startup_error_is_shown_in_spanish(qapp, data_dir: Path, critical_calls) -> None:
    write_invalid_settings(data_dir)
    with pytest.raises(SettingsError) as raised:
        open_context(data_dir)

    show_startup_error(raised.value, "es")

    assert len(critical_calls) == 1
    title, text = critical_calls[0]
    assert title == "o2c_desktop no puede iniciar"
    assert text == raised.value.es
    assert "valor inválido en «general.language»" in text


def test_main_exits_nonzero_on_invalid_settings(qapp, data_dir: Path, critical_calls) -> None:
    write_invalid_settings(data_dir)
    assert app_module.main(["--data-dir", str(data_dir)]) == app_module.EXIT_USER_ERROR
    assert len(critical_calls) == 1
    assert "valor inválido en «general.language»" in critical_calls[0][1]
    log_text = (data_dir / "logs" / "o2c.log").read_text(encoding="utf-8")
    assert "cannot start" in log_text and "literal_error" in log_text


def test_main_speaks_english_when_asked(qapp, data_dir: Path, critical_calls) -> None:
    write_invalid_settings(data_dir)
    exit_code = app_module.main(["--data-dir", str(data_dir), "--lang", "en"])
    assert exit_code == app_module.EXIT_USER_ERROR
    assert "has an invalid value at 'general.language'" in critical_calls[0][1]


def test_main_refuses_a_warehouse_from_a_newer_program(
    qapp, context: AppContext, critical_calls
) -> None:
    context.open_warehouse().close()
    con = duckdb.connect(str(context.paths.warehouse_file))
    con.execute("INSERT INTO schema_version VALUES (999, 'future', now()::TIMESTAMP)")
    con.close()

    assert app_module.main(["--data-dir", str(context.paths.data_dir)]) == 1
    assert len(critical_calls) == 1
    assert "versión más nueva" in critical_calls[0][1]


def test_refresh_failure_is_shown_in_the_window(
    qtbot, context: AppContext, main_window: MainWindow
) -> None:
    qtbot.waitUntil(lambda: not workers.running(), timeout=10_000)
    con = duckdb.connect(str(context.paths.warehouse_file))
    con.execute("INSERT INTO schema_version VALUES (999, 'future', now()::TIMESTAMP)")
    con.close()

    main_window.refresh_status()

    problem = main_window.home_page.problem
    assert problem.isVisible()
    assert "versión más nueva" in problem.text()
    assert "versión más nueva" in status_bar_text(main_window)
    dialog = main_window.show_diagnostics()
    assert dialog.counts_model.rowCount() == 0 and "versión más nueva" in dialog.problem.text()


def test_application_identity(qapp) -> None:
    app = app_module.create_application([])
    assert app is qapp
    assert app.applicationName() == "o2c_desktop"
    assert app.organizationName() == "o2c_desktop"
    assert app.applicationDisplayName() == "o2c_desktop"
    assert app.applicationVersion() == __version__


def test_control_e_exports_what_the_page_shows(qtbot, main_window: MainWindow) -> None:
    main_window.show_page(2)
    page = main_window.reconciliation_page
    qtbot.waitUntil(lambda: page.export_bar.excel_button.isEnabled(), timeout=10_000)
    window_reads_done(qtbot)
    qtbot.keyClick(main_window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.export_bar.last_outcome is not None, timeout=20_000)
    outcome = page.export_bar.last_outcome
    assert outcome.path.suffix == ".xlsx" and outcome.path.is_file()
    window_reads_done(qtbot)
