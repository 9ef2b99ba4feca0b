"""The desktop program's entry point (``o2c-desktop``): options, QApplication, main window."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QMessageLogContext,
    QTimer,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from o2c_desktop import APP_AUTHOR, APP_NAME, __version__
from o2c_desktop.context import AppContext, open_context
from o2c_desktop.errors import UserError
from o2c_desktop.logging_setup import configure_logging
from o2c_desktop.paths import resolve_paths
from o2c_desktop.ui import excepthooks, message_bridge, workers
from o2c_desktop.ui.main_window import MainWindow
from o2c_desktop.ui.single_instance import SingleInstance
from o2c_desktop.ui.translations import install_translations, remove_translations
from o2c_desktop.ui.warehouse_reader import ensure_warehouse, read_warehouse_status
from o2c_desktop.windows_process import hold_running_mutex, set_app_user_model_id

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

log = logging.getLogger(__name__)

EXIT_USER_ERROR = 1


class _ArgumentParser(argparse.ArgumentParser):
    """Keeps what argparse would print (a usage error, ``--help``) when there is no console to
    print it on: pythonw and the frozen windowed program have no stdout or stderr."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.unprinted: list[str] = []

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        if message and (file or sys.stderr) is None:
            self.unprinted.append(message)
            return
        super()._print_message(message, file)


def parse_args(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    """Our options, and the rest for Qt (``-platform``, ``-style``...)."""
    parser = _ArgumentParser(
        prog="o2c-desktop", description="o2c_desktop: el ciclo Orden a Cobro en una ventana."
    )
    parser.add_argument(
        "--data-dir",
        default=None,
        help="Carpeta única para todo: almacén, archivo, registros, configuración "
        "(también O2C_DATA_DIR).",
    )
    parser.add_argument("--lang", choices=["es", "en"], default=None, help="Idioma.")
    parser.add_argument("-v", "--verbose", action="store_true", help="Registro en la terminal.")
    parser.add_argument(
        "--quit-after-show",
        action="store_true",
        help="Muestra la ventana, escribe su título (salida y registro) y sale: prueba de "
        "que el programa instalado arranca.",
    )
    try:
        return parser.parse_known_args(list(argv))
    except SystemExit:
        if parser.unprinted:
            _log_before_context(argv, "".join(parser.unprinted).strip())
        raise


def _log_before_context(argv: Sequence[str], text: str) -> None:
    """Into the log of the data folder the options name (or the default one)."""
    args = list(argv)
    data_dir = next(
        (args[i + 1] for i, arg in enumerate(args[:-1]) if arg == "--data-dir"),
        next((arg.split("=", 1)[1] for arg in args if arg.startswith("--data-dir=")), None),
    )
    try:
        configure_logging(resolve_paths(data_dir).ensure().log_file)
    except (OSError, UserError):
        return
    log.error("o2c-desktop %s: %s", " ".join(args), text)


def say(text: str) -> None:
    """A line for whoever started the program from a console; the windowed program has none."""
    if sys.stderr is not None:
        print(text, file=sys.stderr)


def route_qt_messages_to_log() -> None:
    """Without a console Qt's own warnings would vanish: send them to the log instead. With a
    console they stay where they are (and where the tests' Qt checks read them)."""
    if sys.stderr is not None:
        return
    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }
    qt_log = logging.getLogger("o2c_desktop.qt")

    def to_log(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        qt_log.log(levels.get(kind, logging.WARNING), "%s", message)

    qInstallMessageHandler(to_log)


def create_application(qt_args: Sequence[str]) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(qt_args))
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_AUTHOR)
    # applicationDisplayName() falls back to the name, which is the display name we want.
    # Setting it explicitly would make Qt append it to every title bar on X11 and Windows
    # ("o2c_desktop — Orden a Cobro — o2c_desktop").
    app.setApplicationVersion(__version__)
    return app


def install_qt_translations(app: QApplication, lang: str) -> list[QTranslator]:
    """Qt's own strings, number/date formats and the window's own text in ``lang``."""
    return install_translations(app, lang)


def create_main_window(context: AppContext, *, lang: str = "es") -> MainWindow:
    """The window, ready to show. Raises UserError when the warehouse cannot be read at all."""
    ensure_warehouse(context)
    status = read_warehouse_status(context)
    return MainWindow(context, lang=lang, status=status)


def show_startup_error(error: UserError, lang: str, parent: QWidget | None = None) -> None:
    log.error("o2c-desktop cannot start: %s | %s", error.es, error.details)
    QMessageBox.critical(
        parent,
        QCoreApplication.translate("app", "o2c_desktop no puede iniciar"),
        error.message(lang),
    )


def main(argv: Sequence[str] | None = None) -> int:
    hold_running_mutex()
    set_app_user_model_id()
    args, qt_args = parse_args(sys.argv[1:] if argv is None else argv)
    route_qt_messages_to_log()
    app = create_application([sys.argv[0], *qt_args])
    # From here on, errors from any thread reach the window (or wait for it).
    message_bridge.install_bridge()
    excepthooks.install()
    # The language belongs to this run: a QApplication that outlives it (tests, embedding)
    # must not keep speaking it.
    translators: list[QTranslator] = []
    try:
        return _run(app, args, translators)
    finally:
        shut_down()
        remove_translations(app, translators)


def _run(app: QApplication, args: argparse.Namespace, translators: list[QTranslator]) -> int:
    try:
        context = open_context(args.data_dir, verbose=args.verbose)
    except UserError as error:
        # Without readable settings only --lang can tell the language.
        lang = args.lang or "es"
        translators += install_qt_translations(app, lang)
        show_startup_error(error, lang)
        return EXIT_USER_ERROR
    lang = args.lang or context.settings.general.language
    instance = SingleInstance(context.paths.data_dir, app)
    if not instance.claim():
        text = already_running_text(
            context.paths.data_dir, lang, raised=instance.first_window_answered
        )
        log.info("%s", text)
        say(text)
        return 0
    log.info("o2c-desktop %s started on %s", __version__, context.paths.data_dir)
    try:
        translators += install_qt_translations(app, lang)
        try:
            window = create_main_window(context, lang=lang)
        except UserError as error:
            show_startup_error(error, lang)
            return EXIT_USER_ERROR
        instance.raise_requested.connect(window.bring_to_front)
        # A quit that bypasses the window's close (session end) still stops the scheduler.
        app.aboutToQuit.connect(window.scheduler_host.shutdown)
        window.show()
        if args.quit_after_show:
            QTimer.singleShot(0, lambda: report_shown_and_quit(app, window))
        return app.exec()
    finally:
        instance.release()


def report_shown_and_quit(app: QApplication, window: QWidget) -> None:
    """``--quit-after-show``: the title goes to the log too, since a windowed program on Windows
    has no standard output."""
    log.info("window shown: %s", window.windowTitle())
    if sys.stdout is not None:
        print(window.windowTitle(), flush=True)
    app.quit()


def already_running_text(data_dir: Path, lang: str, *, raised: bool = True) -> str:
    if lang == "en":
        shown = "its window was brought to the front" if raised else "switch to its window"
        return f"o2c-desktop is already open on {data_dir}; {shown}."
    shown = "se mostró su ventana" if raised else "cambie a esa ventana"
    return f"o2c-desktop ya está abierto con la carpeta {data_dir}; {shown}."


def shut_down(timeout_ms: int = 15_000) -> None:
    """Cancel running jobs and wait for them, so no thread outlives the window."""
    if not workers.shutdown(timeout_ms):
        log.warning("some jobs did not stop within %d ms", timeout_ms)
    excepthooks.uninstall()


if __name__ == "__main__":
    sys.exit(main())
