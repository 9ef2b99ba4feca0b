"""The window on a real X server (Xvfb), with a warehouse full of generated data: every page shows,
paints text, and its picture is kept; so is the first page of an Excel export as LibreOffice
prints it.

The pictures are the README's: a laptop's screen (1366×768), the data folder under the name it has
on a clerk's machine, and a sync history as the demo portal leaves it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from xvfb import virtual_display

from o2c_desktop.context import AppContext
from o2c_desktop.messages import text
from o2c_desktop.services.portals.registry import PORTALS, REPORTS
from o2c_desktop.services.runs import RunHistory
from o2c_desktop.settings import ScheduleSpec

pytestmark = pytest.mark.xvfb

REPO = Path(__file__).resolve().parents[2]
HELPER = Path(__file__).with_name("screenshot_main_window.py")
ARTIFACTS = REPO / "tests" / "artifacts" / "screenshots"
DOCS = REPO / "docs" / "screenshots"
SCREEN = (1366, 768)  # the most common laptop screen in the offices this serves
CLERK_DATA_FOLDER = "o2c_desktop"  # the data folder's name on a clerk's machine
SOFFICE, PDFTOPPM = shutil.which("soffice"), shutil.which("pdftoppm")


@pytest.fixture
def xvfb_display() -> Iterator[str]:
    with virtual_display(SCREEN) as display:
        yield display


def ink_pixels(image: QImage, rect: list[int]) -> tuple[int, int]:
    """Pixels that differ clearly from the region's most common colour (its background), and
    how many distinct columns they fall in: glyphs leave many of both, a blank area none."""
    x0, y0, width, height = rect
    colours = [
        image.pixelColor(x, y)
        for y in range(y0, min(y0 + height, image.height()))
        for x in range(x0, min(x0 + width, image.width()))
    ]
    background = Counter(c.rgb() for c in colours).most_common(1)[0][0]
    bg_r, bg_g, bg_b = (background >> 16) & 0xFF, (background >> 8) & 0xFF, background & 0xFF
    ink = 0
    columns: set[int] = set()
    for i, colour in enumerate(colours):
        distance = abs(colour.red() - bg_r) + abs(colour.green() - bg_g) + abs(colour.blue() - bg_b)
        if distance > 150:
            ink += 1
            columns.add(i % width)
    return ink, len(columns)


PAGES = ["home", "sync", "reconciliation", "receivables", "cashflow", "contracts", "logistics",
         "gaps", "runs", "schedules", "settings"]  # fmt: skip


def add_demo_rows(context: AppContext) -> None:
    """A sync of every report, a schedule and a skipped run, so Inicio, Ejecuciones and Horarios
    show what they show after the demo portal's sync."""
    context.settings.schedules = [ScheduleSpec(id="diario-manana", at="07:00", portals=["sai"])]
    context.save_settings()
    with context.open_warehouse(read_only=False) as warehouse:
        history = RunHistory(warehouse)
        run_id = history.start_run(trigger="manual", portals=list(PORTALS))
        for report, portal in REPORTS.items():
            step = history.start_step(run_id, portal=portal, report=report)
            history.finish_step(run_id, step, status="ok")
        history.finish_run(run_id, status="ok")
        history.record_schedule_event(
            "diario-manana", "skipped", reason=text("Ya hay una sincronización en curso.")
        )


def busiest_gap_month(context: AppContext) -> str:
    """The month with most missing folios (``YYYY-MM``): the gaps picture shows a month of them."""
    with context.open_warehouse(read_only=True) as warehouse:
        rows = warehouse.connection.execute(
            "SELECT strftime(coalesce(next_issued_at, prev_issued_at), '%Y-%m') AS m, sum(missing)"
            " FROM gap_ledger GROUP BY m ORDER BY 2 DESC, m LIMIT 1"
        ).fetchall()
    assert rows, "the generated world has no gaps"
    return str(rows[0][0])


def test_every_page_screenshot(xvfb_display: str, tmp_path: Path, world_context) -> None:
    add_demo_rows(world_context)
    runtime_dir = tmp_path / "runtime"
    runtime_dir.mkdir(mode=0o700)
    env = {k: v for k, v in os.environ.items() if k != "O2C_DATA_DIR"}
    env.update(
        DISPLAY=xvfb_display,
        QT_QPA_PLATFORM="xcb",
        XDG_RUNTIME_DIR=str(runtime_dir),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    shots_dir = tmp_path / "shots"
    shots_dir.mkdir()
    gaps_month = busiest_gap_month(world_context)
    data_dir = tmp_path / CLERK_DATA_FOLDER
    shutil.move(world_context.paths.data_dir, data_dir)
    size = f"{SCREEN[0]}x{SCREEN[1]}"
    command = [sys.executable, str(HELPER), "--data-dir", str(data_dir),
               "--out-dir", str(shots_dir), "--size", size, "--gaps-month", gaps_month]  # fmt: skip
    done = subprocess.run(
        command,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    facts = json.loads((shots_dir / "facts.json").read_text(encoding="utf-8"))
    assert facts["qt_problems"] == []
    shots = facts["shots"]
    assert [shot["file"] for shot in shots] == ["main_window.png"] + [f"{p}.png" for p in PAGES]

    update_docs = os.environ.get("O2C_UPDATE_SCREENSHOTS") == "1"
    for shot in shots:
        picture = shots_dir / shot["file"]
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(picture, ARTIFACTS / shot["file"])
        if update_docs:
            DOCS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(picture, DOCS / shot["file"])
        check_picture(picture, shot, facts["window_size"])
        # the folder's name, as a clerk knows it; its full path is in the tooltip
        assert shot["status_text"].startswith(f"Datos: {CLERK_DATA_FOLDER} · "), shot
        assert str(tmp_path) not in shot["status_text"]
    assert facts["window_size"] == list(SCREEN)

    # The measure can tell blank from text: right of the short word "Inicio" there is no ink.
    home = shots[0]
    assert home["heading"] == "Inicio"
    x, y, heading_width, heading_height = home["heading_rect"]
    blank = [x + heading_width // 2, y, heading_width // 2, heading_height]
    assert ink_pixels(QImage(str(shots_dir / home["file"])), blank) == (0, 0)


def check_picture(picture: Path, shot: dict, window_size: list[int]) -> None:
    """The picture has the window's size, and the page heading and the status line really were
    drawn, not left blank."""
    image = QImage(str(picture))
    assert not image.isNull(), picture.name
    ratio = shot["device_pixel_ratio"]
    width, height = window_size
    assert (image.width(), image.height()) == (round(width * ratio), round(height * ratio))
    heading_ink, heading_columns = ink_pixels(image, shot["heading_rect"])
    assert heading_ink > 80 and heading_columns > 30, (picture.name, heading_ink, heading_columns)
    status_ink, status_columns = ink_pixels(image, shot["status_rect"])
    assert status_ink > 200 and status_columns > 150, (picture.name, status_ink, status_columns)


def test_excel_export_screenshot_as_libreoffice_prints_it(tmp_path: Path, world_context) -> None:
    """The reconciliation exported from the CLI, printed by LibreOffice: the first page is kept
    as the README's picture of an export."""
    assert SOFFICE and PDFTOPPM, "LibreOffice and poppler-utils are installed by scripts/setup.sh"
    book = tmp_path / "conciliacion.xlsx"
    o2c = Path(sys.executable).with_name("o2c")
    data_dir = str(world_context.paths.data_dir)
    subprocess.run([str(o2c), "--data-dir", data_dir, "reconcile", "--export", str(book)],
                   check=True, capture_output=True, timeout=300)  # fmt: skip
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(book)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    subprocess.run(
        [PDFTOPPM, "-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile",
         str(tmp_path / "conciliacion.pdf"), str(tmp_path / "excel_export")],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    picture = tmp_path / "excel_export.png"
    image = QImage(str(picture))
    assert (image.width(), image.height()) == (1100, 850)  # letter, landscape, at 100 dpi
    # the header row and the footer were printed, not a blank page
    header_ink, _ = ink_pixels(image, [40, 45, 700, 25])
    footer_ink, _ = ink_pixels(image, [40, 800, 1020, 30])
    assert header_ink > 500 and footer_ink > 500, (header_ink, footer_ink)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(picture, ARTIFACTS / picture.name)
    if os.environ.get("O2C_UPDATE_SCREENSHOTS") == "1":
        shutil.copyfile(picture, DOCS / picture.name)
