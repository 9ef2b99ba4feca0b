"""Formats and quirks: CFDI 3.3/4.0 and zips, the PREI legacy .xls (BIFF or HTML) with its title
block, Camunda's escaped CSV, OAP notices with repeated headers and exclusions."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conftest import FileKit, IngestEnv

UA = "AAAAAAAA-1111-4111-8111-000000000001"
UB = "bbbbbbbb-2222-4222-8222-000000000002"  # lowercase on purpose
UC = "CCCCCCCC-3333-4333-8333-000000000003"


def test_cfdi_33_and_40_files_in_a_folder(env: IngestEnv, kit: FileKit) -> None:
    kit.cfdi("P-3772 IMSS.xml", UA, version="4.0", folio="3772")
    kit.cfdi(
        "FP0000001389.xml",
        UB,
        version="3.3",
        serie=None,
        folio="1389",
        concepts=[
            ("010.000.4224.00 ENOXAPARINA", "10", "207", "2070"),
            ("010 000 4242 00 00ENOXAPARINA 20", "5", "111", "555"),
        ],
    )
    kit.cfdi("NC-1 IMSS.xml", UC, tipo="E", serie="NC", folio="1", related=[UA])
    outcomes = env.run(kit.folder)
    assert [o.status for o in outcomes] == ["loaded"] * 3
    invoices = {
        r[0]: r[1:]
        for r in env.rows("SELECT uuid, version, factura, folio_num, total, fecha FROM invoice")
    }
    assert invoices[UA] == (
        "4.0",
        "P-3772",
        3772,
        Decimal("112050.00"),
        datetime(2025, 7, 3, 10, 15, 22),
    )
    assert invoices[UB.upper()][:4] == ("3.3", "1389", 1389, Decimal("2625.00"))
    claves = env.rows(
        "SELECT line_no, clave, cantidad, importe FROM invoice_concept WHERE uuid = ? "
        "ORDER BY line_no",
        [UB.upper()],
    )
    assert claves == [
        (1, "010.000.4224.00", Decimal("10"), Decimal("2070.00")),
        (2, "010.000.4242.00", Decimal("5"), Decimal("555.00")),
    ]
    assert env.rows("SELECT uuid, related_uuid, tipo_relacion FROM invoice_relation") == [
        (UC, UA, "01")
    ]
    series = env.rows(
        "SELECT issuer_rfc, serie, folio, folio_num FROM sequence_invoice ORDER BY folio_num"
    )
    assert series == [
        ("FDE200101AB1", "NC", "1", 1),
        ("FDE200101AB1", "", "1389", 1389),
        ("FDE200101AB1", "P", "3772", 3772),
    ]


def test_cfdi_zip_loads_as_one_file_and_reloads_as_nothing(env: IngestEnv, kit: FileKit) -> None:
    target = kit.path("cfdi_2025.zip")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(1, 31):
            uuid = f"DDDDDDDD-0000-4000-8000-{i:012d}"
            archive.writestr(f"P-{4000 + i} IMSS.xml", kit.cfdi_xml(uuid, folio=str(4000 + i)))
    outcome = env.one(target)
    assert (outcome.status, outcome.kind, outcome.rows_read, outcome.inserted) == (
        "loaded", "cfdi", 30, 30
    )  # fmt: skip
    # The same invoices loose in a folder: already known by UUID, nothing changes.
    loose = kit.cfdi("P-4001 IMSS.xml", "DDDDDDDD-0000-4000-8000-000000000001", folio="4001")
    again = env.one(loose)
    assert (again.inserted, again.changed, again.unchanged) == (0, 0, 1)
    assert env.scalar("SELECT count(*) FROM invoice") == 30


def _prei_rows(kit: FileKit) -> list[list[object]]:
    title = [
        ["Instituto Mexicano del Seguro Social"],
        ["Portal de Proveedores"],
        ["Facturas vs Contra Recibo"],
        [],
        ["Proveedor: FARMACEUTICA DEMO"],
        ["Fecha inicial: 01/01/2025", "Fecha final: 19/06/2025"],
        [],
        [],
    ]
    return [
        *title,
        kit.PREI_HEADER,
        kit.prei_row(UA, "Pagado", "00460245", "00024"),
        kit.prei_row(UC, "sin contra recibo"),
    ]


def _assert_prei_loaded(env: IngestEnv) -> None:
    rows = env.rows(
        "SELECT uuid, estado, contra_recibo, unidad_negocio, source_row FROM contrarecibo_status "
        "ORDER BY uuid"
    )
    assert rows == [
        (UA, "Pagado", "00460245", "00024", 10),
        (UC, "Sin Contra Recibo", None, None, 11),
    ]


def test_prei_legacy_biff_xls_with_title_block(env: IngestEnv, kit: FileKit) -> None:
    path = kit.xls("[FacturaVsCR][demo][01-01-2025][19-06-2025].xls", _prei_rows(kit))
    outcome = env.one(path)
    assert (outcome.status, outcome.kind) == ("loaded", "prei")
    _assert_prei_loaded(env)


def test_prei_html_disguised_as_xls(env: IngestEnv, kit: FileKit) -> None:
    cells = "".join(
        "<tr>" + "".join(f"<td>{'' if v is None else v}</td>" for v in row) + "</tr>"
        for row in _prei_rows(kit)
    )
    html = f"<html><head><meta charset='utf-8'></head><body><table>{cells}</table></body></html>"
    outcome = env.one(kit.text("[FacturaVsCR][demo][01-01-2025][19-06-2025].xls", html))
    assert (outcome.status, outcome.kind) == ("loaded", "prei")
    assert "tabla HTML" in outcome.message.es
    _assert_prei_loaded(env)


def test_legacy_xls_named_xlsx_is_read_by_content(env: IngestEnv, kit: FileKit) -> None:
    outcome = env.one(kit.xls("prei.xlsx", _prei_rows(kit)))
    assert outcome.status == "loaded"
    assert "xls antiguo" in outcome.message.es
    _assert_prei_loaded(env)


def test_camunda_csv_quirks(env: IngestEnv, kit: FileKit) -> None:
    header = (
        "numero_orden_suministro,numero_contrato,rfc_proveedor,razon_social,clave_medicamento,"
        "medicamento,precio_unitario,cantidad_solicitada,almacen_entrega,clues_destino,"
        "entidad_destino,nombre_unidad,descripcion_estatus_orden_suministro,fecha_autorizacion,"
        "fecha_limite_entrega,numero_procedimiento,orden_remision,estatus"
    )
    lines = [
        header,
        "IMBB-32-02-2025-32069075-U013,LA-E115-2022-MED-INSABI-034-2023/2024-HJM,FDE200101AB1,"
        "Farmacéutica Demo\\, S.A. de C.V.,010 000 4411 00 00,LATANOPROST,83,120,ALMACEN,"
        "ZSIMB000011,ZACATECAS,HOSPITAL,En tránsito,05/02/2025,2025-02-20,LA-E115,1234567.0,"
        "pendiente de remision",
        "HECB-23-02-2025-23070102-E001,LA-E115-2022-MED-INSABI-188-2023/2024,FDE200101AB1,\\N,"
        "010.000.0246.00,PROPOFOL,69,10,\\N,\\N,\\N,\\N,\\N,\\N,20/02/2025,\\N,\\N,\\N",
    ]
    path = kit.text("2025 02 06_1.csv", "\ufeff" + "\n".join(lines) + "\n")
    outcome = env.one(path)
    assert (outcome.status, outcome.variant) == ("loaded", "camunda-csv"), outcome.message.es
    rows = env.rows(
        "SELECT numero_orden_suministro, numero_contrato, razon_social, clave, importe, "
        "fecha_limite_entrega, orden_remision, estatus FROM camunda_order ORDER BY 1"
    )
    assert rows[1] == (
        "IMBB-32-02-2025-32069075-U013",
        "LA-E115-2022-MED-INSABI-034-2023/2024",
        "Farmacéutica Demo, S.A. de C.V.",
        "010.000.4411.00",
        Decimal("9960.00"),
        date(2025, 2, 20),
        "1234567",
        "Pendiente de remisión",
    )
    assert rows[0][2] is None and rows[0][5] == date(2025, 2, 20) and rows[0][7] is None


def test_oap_notice_with_title_rows_repeated_header_and_exclusions(
    env: IngestEnv, kit: FileKit
) -> None:
    header = ["Folio Fiscal", "Referencia", "Importe", "CLC"]
    rows = [
        ["Oficina de Atención a Proveedores"],
        ["Aviso de pago"],
        header,
        [UA.lower(), "IMB-28-02-2024-2801073877-ASF", "$571,182.00", "CLC-1"],
        header,
        [UC, "IMB-28-02-2024-2801073878-ASF", "pendiente", "CLC-1"],
        ["", "sin uuid", "100", "CLC-1"],
    ]
    outcome = env.one(kit.xlsx("2025-02-06 10-25 Farmaceutica Demo.xlsx", rows, sheet="Hoja1"))
    assert (outcome.status, outcome.inserted, outcome.rejected) == ("loaded", 1, 3)
    assert env.rows("SELECT uuid, importe, clc FROM payment") == [
        (UA, Decimal("571182.00"), "CLC-1")
    ]
    reasons = env.rows("SELECT source_row, reason FROM rejected_row ORDER BY source_row")
    assert reasons == [
        (5, "encabezado repetido"),
        (
            6,
            "«importe»: se esperaba un importe con punto decimal y, si lleva, coma de miles, "
            "como 12345.00 o $12,345.00 (no 1.234,50 ni 1 234,50)",
        ),
        (
            7,
            "«folio fiscal»: se esperaba un valor (la columna es obligatoria: un UUID (folio "
            "fiscal) de 36 caracteres)",
        ),
    ]


def test_export_split_across_sheets_loads_every_sheet(env: IngestEnv, kit: FileKit) -> None:
    import xlsxwriter

    header = ["Folio", "Referencia", "Alta", "UUID", "Fecha", "Importe"]
    path = kit.path("Reporte Paq IMSS.xlsx")
    workbook = xlsxwriter.Workbook(str(path))
    first = workbook.add_worksheet("Reporte Paq")
    second = workbook.add_worksheet("Reporte Paq_2")
    sheets = (
        (first, [header, ["P-1", 40000001, "018001-1", UA, "2025-07-03T10:15:22", 83]]),
        (second, [["Farmacéutica Demo - Reporte Paq IMSS"], header,
                  ["P-2", 40000002, "018001-2", UC, "2025-07-04T10:15:22", 166]]),
    )  # fmt: skip
    for sheet, rows in sheets:
        for r, row in enumerate(rows):
            sheet.write_row(r, 0, row)
    workbook.close()
    outcome = env.one(path)
    assert (outcome.rows_read, outcome.inserted) == (2, 2)
    assert env.rows("SELECT factura, sheet, source_row FROM invoice_register ORDER BY 1") == [
        ("P-1", "Reporte Paq", 2),
        ("P-2", "Reporte Paq_2", 3),
    ]
