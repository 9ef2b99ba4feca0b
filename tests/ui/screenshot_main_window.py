"""Shows the main window on the current display, saves ``window.grab()`` as PNG, then quits.

Run by ``test_screenshot_xvfb.py`` in a subprocess with its own X server. Writes beside the PNG
a JSON file with the window's size, the rectangles of the heading and the status line (in image
pixels) and every Qt message of level warning or above, so the test can judge the picture.

    python screenshot_main_window.py --data-dir DIR --out main_window.png
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QtMsgType, qInstallMessageHandler
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from o2c_desktop.context import open_context
from o2c_desktop.ui.app import create_application, create_main_window, install_qt_translations

qt_problems: list[str] = []


def record_qt_message(kind: QtMsgType, _context: object, message: str) -> None:
    if kind not in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg):
        qt_problems.append(f"{kind.name}: {message}")


def rect_in_image(widget: QWidget, window: QWidget, ratio: float) -> list[int]:
    top_left = widget.mapTo(window, QPoint(0, 0))
    rect = QRect(top_left, widget.size())
    return [round(v * ratio) for v in (rect.x(), rect.y(), rect.width(), rect.height())]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args()

    qInstallMessageHandler(record_qt_message)
    app = create_application([sys.argv[0]])
    context = open_context(args.data_dir)
    install_qt_translations(app, "es")
    window = create_main_window(context)
    window.resize(1000, 640)
    window.show()
    if not QTest.qWaitForWindowExposed(window, 10_000):
        print("the window was never exposed", file=sys.stderr)
        return 2

    image = window.grab()
    ratio = image.devicePixelRatio()
    if not image.save(str(args.out), "PNG"):
        print(f"could not save {args.out}", file=sys.stderr)
        return 2
    facts = {
        "window_size": [window.width(), window.height()],
        "device_pixel_ratio": ratio,
        "heading_rect": rect_in_image(window.home_page.heading, window, ratio),
        "status_rect": rect_in_image(window.warehouse_label, window, ratio),
        "qt_problems": qt_problems,
    }
    args.out.with_suffix(".json").write_text(json.dumps(facts, indent=2), encoding="utf-8")
    window.close()
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
