"""Uncaught exceptions, from the GUI thread or any other, reach the person as a non-modal error
dialog (through the message bridge) and the log, instead of vanishing or killing the program."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType

from o2c_desktop.ui import message_bridge

log = logging.getLogger(__name__)


def _report(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    details = "".join(traceback.format_exception(kind, error, tb))
    log.error("uncaught exception:\n%s", details)
    message_bridge.post("bug", f"{kind.__name__}: {error}", details)


def _sys_hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    _report(kind, error, tb)


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None or issubclass(args.exc_type, SystemExit):
        return
    _report(args.exc_type, args.exc_value, args.exc_traceback)


def install() -> None:
    sys.excepthook = _sys_hook
    threading.excepthook = _thread_hook


def uninstall() -> None:
    sys.excepthook = sys.__excepthook__
    threading.excepthook = threading.__excepthook__
