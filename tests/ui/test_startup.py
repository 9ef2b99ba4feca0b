"""Start-up and quit: only Inicio is built before the window shows, the scheduler is hosted
right after, and a session that visited every page quits without DuckDB objects left behind."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from o2c_desktop.context import AppContext
from o2c_desktop.ui.main_window import MainWindow
from o2c_desktop.ui.page_specs import PAGE_SPECS


def test_only_inicio_is_built_until_a_page_is_opened(qtbot, main_window: MainWindow) -> None:
    assert main_window.built_pages() == [main_window.home_page]
    assert [main_window.navigation.item(row).text() for row in range(len(PAGE_SPECS))][:3] == [
        "Inicio",
        "Sincronizar",
        "Conciliación",
    ]
    main_window.navigation.setCurrentRow(2)
    page = main_window.current_page()
    assert page.title == "Conciliación"
    assert main_window.stack.currentWidget() is page
    assert main_window.built_pages() == [main_window.home_page, page]


def test_quitting_after_every_page_leaves_no_duckdb_object_behind(context: AppContext) -> None:
    """Run as the clerk would, in a process of its own: DuckDB reports at interpreter exit any
    connection still referenced (before, every finished job kept its page's tables alive)."""
    script = textwrap.dedent(
        """
        import sys
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        from o2c_desktop.ui.app import main

        app = QApplication(["o2c-desktop"])

        def visit_every_page():
            window = next(w for w in app.topLevelWidgets() if hasattr(w, "navigation"))
            for row in range(window.navigation.count()):
                window.navigation.setCurrentRow(row)
            QTimer.singleShot(3000, window.close)

        QTimer.singleShot(200, visit_every_page)
        sys.exit(main(["--data-dir", sys.argv[1]]))
        """
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", script, str(context.paths.data_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "leaked" not in done.stderr, done.stderr[-2000:]
    assert Path(context.paths.data_dir, "warehouse.duckdb").exists()
