"""Smoke test of a frozen (or installed) o2c_desktop folder: the programs start and do real work.

    python installer/smoke.py dist/o2c_desktop
    python installer/smoke.py "%LOCALAPPDATA%\\Programs\\o2c_desktop" --browser edge \
        --driver "C:\\SeleniumWebDrivers\\EdgeDriver\\msedgedriver.exe" --data-dir D

Standard library only, so any Python runs it against any copy. Steps, each with a time limit:
``o2c --version``; ``o2c status`` on an empty data folder; ``o2c demo`` (the embedded demo portal
through a real headless browser, loaded into the warehouse); a reconciliation export to Excel and
to CSV with rows in both; the window started offscreen (``o2c-desktop --quit-after-show``) showing
its title; on Windows, the Credential Manager through keyring. Exit 0 when all pass; otherwise
the failing step, its output and the log's tail.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

WINDOW_TITLE = "o2c_desktop — Orden a Cobro"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""
# Tables the demo sync fills; an empty one means the browser path or a parser failed quietly.
DEMO_TABLES = ("sai_order", "sai_alta", "contrarecibo_status", "sagi_status", "raw_file")


class SmokeFailure(Exception):
    pass


def run(command: list[str], *, timeout: float, env: dict[str, str], cwd: Path) -> str:
    started = time.monotonic()
    print(f"$ {' '.join(command)}", flush=True)
    try:
        done = subprocess.run(  # noqa: S603 - our own programs, arguments from this script
            command,
            env=env,
            cwd=cwd,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise SmokeFailure(f"no answer within {timeout:.0f} s: {' '.join(command)}") from error
    print(f"  exit {done.returncode} in {time.monotonic() - started:.1f} s", flush=True)
    if done.returncode != 0:
        raise SmokeFailure(
            f"exit {done.returncode}: {' '.join(command)}\n"
            f"--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
        )
    return done.stdout


def write_browser_settings(data_dir: Path, browser: str, driver: str | None) -> None:
    """The portal browser for this data folder (Edge on Windows runners, Chromium on Linux)."""
    config = data_dir / "config"
    config.mkdir(parents=True, exist_ok=True)
    lines = ["schema_version = 1", "", "[portals]", f'browser = "{browser}"']
    if driver:
        # A TOML literal string: Windows paths keep their backslashes.
        lines.append(f"driver_path = '{driver}'")
    (config / "settings.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def xlsx_rows(path: Path) -> int:
    with zipfile.ZipFile(path) as book:
        return book.read("xl/worksheets/sheet1.xml").count(b"<row ")


# An SAI altas export over the size parsed apart (64 MB of sheet XML): the frozen program reads
# it a slice at a time in reading processes, which start as the program itself.
BIG_ALTAS_ROWS = 130_000
ALTA_HEADERS = (
    "noAlta", "fechaAltaTrunc", "noContrato", "noOrden", "clave", "cantRecibida", "importe",
    "fpp", "clasPtalRecep", "descUnidad", "clasPtalDist", "descDist", "totalItems", "resguardo",
)  # fmt: skip
_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
        '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument'
        '.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target='
        '"xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
        'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships"><sheets><sheet name="data" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target='
        '"worksheets/sheet1.xml"/></Relationships>'
    ),
}


def _cells(row: int, values: tuple[object, ...]) -> str:
    cells = []
    for column, value in enumerate(values):
        ref = f"{chr(ord('A') + column)}{row}"
        if isinstance(value, int):
            cells.append(f'<c r="{ref}"><v>{value}</v></c>')
        elif value:
            cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>')
    return f'<row r="{row}">{"".join(cells)}</row>'


def write_big_altas(path: Path, rows: int = BIG_ALTAS_ROWS) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, text in _XLSX_PARTS.items():
            book.writestr(name, text)
        with book.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            sheet.write(_cells(1, ALTA_HEADERS).encode())
            for n in range(rows):
                values = (
                    f"998001-{n:06d}", "01/01/2025", "U24616889", 48000000 + n,
                    "010-000-4411-00-00", 10, 830, "15/02/2025", "998001150900",
                    "ALMACEN DELEGACIONAL DE PRUEBA", "", "", "", "",
                )  # fmt: skip
                sheet.write(_cells(n + 2, values).encode())
            sheet.write(b"</sheetData></worksheet>")


def smoke(app_dir: Path, data_dir: Path, *, browser: str | None, driver: str | None) -> None:
    o2c = str(app_dir / f"o2c{EXE_SUFFIX}")
    desktop = str(app_dir / f"o2c-desktop{EXE_SUFFIX}")
    for program in (o2c, desktop):
        if not Path(program).is_file():
            raise SmokeFailure(f"missing program: {program}")
    if browser:
        write_browser_settings(data_dir, browser, driver)
    # Nothing of a source tree or a developer's environment may leak into the frozen programs.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "O2C_"))}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONIOENCODING"] = "utf-8"
    cwd = data_dir.parent
    data = ["--data-dir", str(data_dir)]

    version = run([o2c, "--version"], timeout=60, env=env, cwd=cwd).strip()
    if not version.startswith("o2c, version ") or "unknown" in version:
        raise SmokeFailure(f"unexpected version line: {version!r}")
    print(f"  {version}")

    status = run([o2c, *data, "status"], timeout=120, env=env, cwd=cwd)
    if "schema_version" not in status:
        raise SmokeFailure(f"status did not list the warehouse tables:\n{status}")

    run([o2c, *data, "demo"], timeout=600, env=env, cwd=cwd)
    listing = run([o2c, *data, "status", "--format", "json"], timeout=120, env=env, cwd=cwd)
    tables = {t["table"]: t["rows"] for t in json.loads(listing)["tables"]}
    empty = [name for name in DEMO_TABLES if not tables.get(name)]
    if empty:
        raise SmokeFailure(f"the demo sync left these tables empty: {', '.join(empty)}")
    print("  " + ", ".join(f"{name}={tables[name]}" for name in DEMO_TABLES))

    for suffix in ("xlsx", "csv"):
        target = data_dir / "exports" / f"conciliacion.{suffix}"
        run([o2c, *data, "reconcile", "--export", str(target)], timeout=300, env=env, cwd=cwd)
        if not target.is_file():
            raise SmokeFailure(f"the export did not write {target}")
        if suffix == "xlsx":
            rows = xlsx_rows(target) - 1
        else:
            rows = len(target.read_text(encoding="utf-8-sig").splitlines()) - 1
        if rows < 1:
            raise SmokeFailure(f"{target} has no data rows")
        print(f"  {target.name}: {rows} rows")

    big = data_dir.parent / "altas_grandes.xlsx"
    write_big_altas(big)
    run([o2c, *data, "import", str(big)], timeout=600, env=env, cwd=cwd)
    listing = run([o2c, *data, "status", "--format", "json"], timeout=120, env=env, cwd=cwd)
    altas = {t["table"]: t["rows"] for t in json.loads(listing)["tables"]}["sai_alta"]
    if altas != tables["sai_alta"] + BIG_ALTAS_ROWS:
        raise SmokeFailure(
            f"a big export read in slices loaded {altas - tables['sai_alta']} altas, "
            f"not {BIG_ALTAS_ROWS}"
        )
    log_text = (data_dir / "logs" / "o2c.log").read_text(encoding="utf-8", errors="replace")
    if "reading processes for big sheets" not in log_text:
        raise SmokeFailure(f"{big.name} was not parsed by reading processes (see the log)")
    print(f"  {big.name}: {BIG_ALTAS_ROWS} altas read in slices by reading processes")

    if sys.platform == "win32":
        # keyring finds its backends through entry points, which a freeze easily loses; the
        # Credential Manager is always there on Windows (Linux needs a Secret Service session).
        run([o2c, *data, "credentials", "list"], timeout=120, env=env, cwd=cwd)

    shown = run([desktop, *data, "--quit-after-show"], timeout=180, env=env, cwd=cwd)
    # A windowed program on Windows has no standard output: the log carries the title there.
    log_text = (data_dir / "logs" / "o2c.log").read_text(encoding="utf-8", errors="replace")
    if WINDOW_TITLE not in shown and f"window shown: {WINDOW_TITLE}" not in log_text:
        raise SmokeFailure(f"the window did not report its title; output: {shown!r}")
    print(f"  window: {WINDOW_TITLE}")
    # A module or data file the freeze left out often shows only as a logged traceback.
    if "Traceback (most recent call last)" in log_text:
        raise SmokeFailure("the log holds a traceback")


def log_tail(data_dir: Path, lines: int = 40) -> str:
    log_file = data_dir / "logs" / "o2c.log"
    if not log_file.is_file():
        return "(no log)"
    return "\n".join(log_file.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("app_dir", type=Path, help="folder with o2c and o2c-desktop")
    parser.add_argument("--data-dir", type=Path, help="data folder (default: a temporary one)")
    parser.add_argument("--browser", choices=["chromium", "chrome", "edge"], default=None)
    parser.add_argument("--driver", default=None, help="driver binary for --browser")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="o2c-smoke-") as scratch:
        data_dir = (args.data_dir or Path(scratch) / "data").resolve()
        data_dir.parent.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        try:
            smoke(args.app_dir.resolve(), data_dir, browser=args.browser, driver=args.driver)
        except SmokeFailure as failure:
            print(f"SMOKE FAILED: {failure}\n--- log tail\n{log_tail(data_dir)}", file=sys.stderr)
            return 1
        print(f"smoke test passed in {time.monotonic() - started:.0f} s ({args.app_dir})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
