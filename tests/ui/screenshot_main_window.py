"""Shows the main window on the current display and saves ``window.grab()`` as PNG, once as it
opens (``main_window.png``) and once per page (``<page>.png``), then quits.

Run by ``test_screenshot_xvfb.py`` in a subprocess with its own X server. Writes ``facts.json``
beside the pictures with the window's size, for each picture the rectangles of the page heading
and the status line (in image pixels), and every Qt message of level warning or above, so the
test can judge the pictures.

    python screenshot_main_window.py --data-dir DIR --out-dir SHOTS
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QPoint, QRect, QtMsgType, qInstallMessageHandler
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from o2c_desktop.context import open_context
from o2c_desktop.ui import workers
from o2c_desktop.ui.app import create_application, create_main_window, install_qt_translations
from o2c_desktop.ui.main_window import MainWindow
from o2c_desktop.ui.pages.gaps_page import GapsPage
from o2c_desktop.ui.pages.page_base import Page

qt_problems: list[str] = []
READ_DEADLINE_S = 30.0


def record_qt_message(kind: QtMsgType, _context: object, message: str) -> None:
    if kind not in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg):
        qt_problems.append(f"{kind.name}: {message}")


def rect_in_image(widget: QWidget, window: QWidget, ratio: float) -> list[int]:
    top_left = widget.mapTo(window, QPoint(0, 0))
    rect = QRect(top_left, widget.size())
    return [round(v * ratio) for v in (rect.x(), rect.y(), rect.width(), rect.height())]


def page_key(page: Page) -> str:
    """``SchedulesPage`` -> ``schedules``: the picture's file name."""
    return type(page).__name__.removesuffix("Page").lower()


def wait_for_reads() -> bool:
    """Pages read the warehouse in workers; the picture waits until what they read is shown."""
    deadline = time.monotonic() + READ_DEADLINE_S
    while time.monotonic() < deadline:
        QTest.qWait(50)
        if not workers.running():
            QTest.qWait(200)  # let the last results paint
            return True
    return False


def shoot(window: MainWindow, page: Page, out: Path) -> dict[str, Any]:
    image = window.grab()
    ratio = image.devicePixelRatio()
    if not image.save(str(out), "PNG"):
        raise SystemExit(f"could not save {out}")
    return {
        "file": out.name,
        "device_pixel_ratio": ratio,
        "heading": page.heading.text(),
        "heading_rect": rect_in_image(page.heading, window, ratio),
        "status_rect": rect_in_image(window.warehouse_label, window, ratio),
        "status_text": window.warehouse_label.text(),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--out-dir", required=True, type=Path)
    parser.add_argument("--size", default="1366x768", help="window size, WIDTHxHEIGHT")
    parser.add_argument("--gaps-month", help="YYYY-MM: the month Folios faltantes shows")
    args = parser.parse_args()

    qInstallMessageHandler(record_qt_message)
    app = create_application([sys.argv[0]])
    context = open_context(args.data_dir)
    install_qt_translations(app, "es")
    window = create_main_window(context)
    window.resize(*(int(n) for n in args.size.split("x")))
    window.show()
    if not QTest.qWaitForWindowExposed(window, 10_000):
        print("the window was never exposed", file=sys.stderr)
        return 2
    if not wait_for_reads():
        print("the home page never finished reading", file=sys.stderr)
        return 2
    shots = [shoot(window, window.home_page, args.out_dir / "main_window.png")]
    for row, page in enumerate(window.pages):
        window.show_page(row)
        if not wait_for_reads():
            print(f"{page_key(page)} never finished reading", file=sys.stderr)
            return 2
        if isinstance(page, GapsPage) and args.gaps_month:
            # what a clerk does to see a month's gaps: the data is older than yesterday
            year, month = (int(n) for n in args.gaps_month.split("-"))
            page.period_kind.setCurrentIndex(page.period_kind.findData("month"))
            page.month_edit.setDate(QDate(year, month, 1))
            page.show_button.click()
            if not wait_for_reads():
                print("the month's gaps never finished reading", file=sys.stderr)
                return 2
        shots.append(shoot(window, page, args.out_dir / f"{page_key(page)}.png"))
    facts = {
        "window_size": [window.width(), window.height()],
        "shots": shots,
        "qt_problems": qt_problems,
    }
    (args.out_dir / "facts.json").write_text(json.dumps(facts, indent=2), encoding="utf-8")
    window.close()
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
