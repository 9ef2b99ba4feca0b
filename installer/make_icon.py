"""Renders ``resources/icons/o2c_desktop.svg`` into the Windows icon ``o2c_desktop.ico``.

The .ico is a build input (the programs' icon, the installer's, the uninstall entry's) and is
committed; rerun this after changing the SVG:

    QT_QPA_PLATFORM=offscreen .venv/bin/python installer/make_icon.py

Each size is stored as PNG inside the ICO container (Windows Vista and later read it), so the file
stays small and the output depends only on the SVG and Qt's renderer.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "o2c_desktop.svg"
ICO = ROOT / "resources" / "icons" / "o2c_desktop.ico"
SIZES = (16, 24, 32, 48, 64, 256)

ICONDIR = struct.Struct("<HHH")  # reserved, type (1 = icon), image count
ICONDIRENTRY = struct.Struct("<BBBBHHII")  # w, h, colours, reserved, planes, bpp, size, offset


def render_png(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError(f"Qt could not encode the {size} px image as PNG")
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    header = ICONDIR.pack(0, 1, len(pngs))
    offset = ICONDIR.size + ICONDIRENTRY.size * len(pngs)
    entries, images = [], []
    for size, png in sorted(pngs.items()):
        # 256 is written as 0: the field is one byte.
        side = 0 if size >= 256 else size
        entries.append(ICONDIRENTRY.pack(side, side, 0, 0, 1, 32, len(png), offset))
        images.append(png)
        offset += len(png)
    return header + b"".join(entries) + b"".join(images)


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"cannot read {SVG}", file=sys.stderr)
        return 1
    ICO.write_bytes(ico_bytes({size: render_png(renderer, size) for size in SIZES}))
    print(f"{ICO} ({ICO.stat().st_size} bytes, {', '.join(map(str, SIZES))} px)")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
