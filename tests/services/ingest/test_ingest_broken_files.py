"""Broken files are refused cleanly: a Spanish reason, a quarantine entry, nothing else changes."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from o2c_desktop.messages import Message

if TYPE_CHECKING:
    from conftest import FileKit, IngestEnv

pytestmark = pytest.mark.expected_log_warnings

SECRET = "contenido-secreto-que-no-debe-salir"


def _altas(kit: FileKit, name: str, rows: list[list[object]], header=None) -> Path:  # type: ignore[no-untyped-def]
    return kit.xlsx(name, [header or kit.ALTAS_HEADER, *rows])


def truncated_zip(kit: FileKit, real: Path) -> Path:
    data = (real / "sai_altas_2025-08-25.xlsx").read_bytes()
    return kit.text("altas_export_1.xlsx", data[: len(data) // 2])


def wrong_sheet(kit: FileKit, real: Path) -> Path:
    return kit.xlsx("altas_export_2.xlsx", [["Resumen", "Total"], ["altas", 58]], sheet="Hoja1")


def headers_pushed_down(kit: FileKit, real: Path) -> Path:
    title = [["Reporte de Altas"]] + [[f"nota {i}"] for i in range(34)]
    return kit.xlsx("altas_export_3.xlsx", [*title, kit.ALTAS_HEADER, kit.alta_row("a-1", 4, 1)])


def missing_key_column(kit: FileKit, real: Path) -> Path:
    header = [h for h in kit.ALTAS_HEADER if h != "noOrden"]
    row = kit.alta_row("018001-100001", 40000001, 10)
    del row[3]
    return _altas(kit, "altas_sin_orden.xlsx", [row], header)


def repeated_header_rows(kit: FileKit, real: Path) -> Path:
    rows = [kit.alta_row("018001-100001", 40000001, 10), list(kit.ALTAS_HEADER)]
    rows.append(kit.alta_row("018001-100002", 40000002, 10))
    return _altas(kit, "altas_concatenadas.xlsx", rows)


def text_in_amount(kit: FileKit, real: Path) -> Path:
    row = kit.alta_row("018001-100001", 40000001, 10)
    row[6] = "doce mil pesos"
    return _altas(kit, "altas_importe_texto.xlsx", [kit.alta_row("018001-1", 4, 1), row])


def impossible_date(kit: FileKit, real: Path) -> Path:
    return _altas(kit, "altas_fecha.xlsx", [kit.alta_row("018001-100001", 4, 10, "31/02/2025")])


def two_digit_year(kit: FileKit, real: Path) -> Path:
    # strptime's %Y reads "24" as the year 24: the date must be refused, not loaded as 0024.
    return _altas(kit, "altas_anio.xlsx", [kit.alta_row("018001-100001", 4, 10, "3/2/24")])


def empty_file(kit: FileKit, real: Path) -> Path:
    return kit.text("ordenes_export_vacio.xlsx", b"")


def error_page_disguised_as_xlsx(kit: FileKit, real: Path) -> Path:
    page = "<html><body><table><tr><td>Sesión expirada</td></tr></table></body></html>"
    return kit.text("[FacturaVsCR][user][01-01-2025][19-06-2025].xlsx", page)


def csv_in_latin1(kit: FileKit, real: Path) -> Path:
    rows = [["numero_orden_suministro", "numero_contrato", "clave_medicamento", "estatus"]]
    rows.append(
        ["IMB-23-02-2024-23017985-ASF", "LA-1", "010 000 4411 00 00", "Pendiente de remisión"]
    )
    return kit.csv("2025 01 02_1.csv", rows, encoding="latin-1")


def external_entity(kit: FileKit, real: Path) -> Path:
    secret = kit.text("secreto.txt", SECRET)
    xml = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY s SYSTEM "file://'
        + str(secret)
        + '">]><cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" Folio="&s;"/>'
    )
    return kit.text("P-1 IMSS.xml", xml)


def entity_bomb(kit: FileKit, real: Path) -> Path:
    lines = ['<!ENTITY a0 "jajajajaja">'] + [
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE bomb [{"".join(lines)}]>'
        '<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" Folio="&a9;"/>'
    )
    return kit.text("P-2 IMSS.xml", xml)


def truncated_cfdi_zip(kit: FileKit, real: Path) -> Path:
    target = kit.path("cfdi_lote.zip")
    with zipfile.ZipFile(target, "w") as archive:
        for i in range(20):
            archive.writestr(f"P-{i} IMSS.xml", f"<x>{'y' * 5000}{i}</x>")
    data = target.read_bytes()
    target.write_bytes(data[: len(data) - 400])
    return target


Builder = Callable[["FileKit", Path], Path]

CORPUS: list[tuple[Builder, str, tuple[int | None, str | None] | None]] = [
    (truncated_zip, "dañado o incompleto", None),
    (wrong_sheet, "ninguna hoja («Hoja1»)", None),
    (headers_pushed_down, "primeras 30 filas", None),
    (missing_key_column, "«noOrden»", None),
    (repeated_header_rows, "repite los encabezados", (3, None)),
    (text_in_amount, "un importe", (3, "importe")),
    (impossible_date, "una fecha dd/mm/aaaa", (2, "fechaaltatrunc")),
    (two_digit_year, "una fecha dd/mm/aaaa", (2, "fechaaltatrunc")),
    (empty_file, "está vacío", None),
    (error_page_disguised_as_xlsx, "No se reconoce", None),
    (csv_in_latin1, "no está en UTF-8", None),
    (external_entity, "DTD o entidades", None),
    (entity_bomb, "DTD o entidades", None),
    (truncated_cfdi_zip, "dañado", None),
]


@pytest.mark.parametrize(("build", "reason", "place"), CORPUS, ids=[c[0].__name__ for c in CORPUS])
def test_broken_file_is_quarantined(
    env: IngestEnv,
    kit: FileKit,
    real_samples: Path,
    build: Builder,
    reason: str,
    place: tuple[int | None, str | None] | None,
) -> None:
    env.one(real_samples / "sai_altas_2025-08-25.xlsx")
    before = env.fingerprint(skip=kit.ATTEMPT_TABLES | {"raw_file"})
    broken = build(kit, real_samples)
    outcome = env.one(broken)
    assert outcome.status == "quarantined"
    assert reason in outcome.message.es
    assert broken.name in outcome.message.es or outcome.issues
    # Nothing already loaded changed.
    assert env.fingerprint(skip=kit.ATTEMPT_TABLES | {"raw_file"}) == before
    # The quarantine entry: table row, a copy of the file and a Spanish report.
    entry = env.rows(
        "SELECT original_name, message, report_path FROM quarantine_file WHERE load_id = ?",
        [outcome.load_id],
    )
    assert entry and entry[0][0] == broken.name
    stored = Message.from_stored(entry[0][1])
    assert stored == outcome.message and reason in stored.es
    report = Path(entry[0][2]).read_text(encoding="utf-8")
    assert "ARCHIVO EN CUARENTENA" in report and broken.name in report
    assert "nada de lo ya cargado cambió" in report
    copy = Path(entry[0][2].removesuffix(".informe.txt"))
    assert copy.parent == env.quarantine_dir
    assert copy.read_bytes() == broken.read_bytes()
    assert (
        env.scalar("SELECT status FROM load_ledger WHERE load_id = ?", [outcome.load_id])
        == "quarantined"
    )
    if place is not None:
        row, column = place
        issues = env.rows(
            "SELECT sheet, source_row, column_name, expected, found FROM quarantine_issue "
            "WHERE load_id = ?",
            [outcome.load_id],
        )
        assert issues, "the report must name where the problem is"
        assert issues[0][0] == "data"
        assert issues[0][1] == row
        if column is not None:
            assert issues[0][2] == column
        assert f"fila {row}" in report
    assert SECRET not in report
    assert SECRET not in repr(env.rows("SELECT * FROM quarantine_issue"))


def test_external_entity_is_never_resolved(env: IngestEnv, kit: FileKit, tmp_path: Path) -> None:
    outcome = env.one(external_entity(kit, tmp_path))
    assert outcome.status == "quarantined"
    assert env.scalar("SELECT count(*) FROM invoice") == 0
    for table in env.warehouse.table_names():
        assert SECRET not in repr(env.rows(f'SELECT * FROM "{table}"'))
