"""Hostile files: each is refused with one clear Spanish line or loaded correctly, never a crash.

``CORPUS`` is a table of (builder, expected outcome). A builder writes one file (or link, FIFO,
folder) into the test's input folder from scratch or from a real sample, so no binary is
committed; the outcome says what the clerk must see. To add a case, write a builder and add a
``Hostile`` row: the per-file test and the folder test pick it up.

Every refused file leaves the warehouse's data as it was; a folder holding all of them and the
real samples imports every good file.
"""

from __future__ import annotations

import os
import re
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import openpyxl
import pytest
import xlsxwriter

from tests.services.ingest.test_xls_guard import NUMBER_AT_D6, moved, xls_with_a_number_at_d6

if TYPE_CHECKING:
    from conftest import FileKit, IngestEnv

pytestmark = pytest.mark.expected_log_warnings

ALTAS = "sai_altas_2025-08-25.xlsx"
PREI = "prei_facturas_vs_cr_2025-08-25.xlsx"
ALTAS_SHEET = "xl/worksheets/sheet1.xml"

Builder = Callable[["FileKit", Path], Path]


@dataclass(frozen=True)
class Outcome:
    """What the clerk sees: the file's status, words its message must hold, rows read."""

    status: str  # loaded | quarantined | refused
    says: str = ""
    rows_read: int | None = None


@dataclass(frozen=True)
class Hostile:
    build: Builder
    expect: Outcome
    options: dict[str, Any] = field(default_factory=dict)  # ingest options (e.g. kind)


# -- builders from the real altas export ----------------------------------------------------------


def _altas_with(
    kit: FileKit,
    real: Path,
    name: str,
    edit: Callable[[bytes], bytes] = lambda xml: xml,
    *,
    drop: str | None = None,
    add: dict[str, bytes] | None = None,
) -> Path:
    """The real altas export with its sheet XML edited, a part dropped or parts added."""
    target = kit.path(name)
    with zipfile.ZipFile(real / ALTAS) as source, zipfile.ZipFile(target, "w") as out:
        for item in source.infolist():
            if item.filename == drop:
                continue
            data = source.read(item)
            if item.filename == ALTAS_SHEET:
                data = edit(data)
            out.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
        for member, data in (add or {}).items():
            out.writestr(member, data, compress_type=zipfile.ZIP_DEFLATED)
    return target


def _append_row(row_xml: str, dimension: str | None = None) -> Callable[[bytes], bytes]:
    def edit(xml: bytes) -> bytes:
        xml = xml.replace(b"</sheetData>", row_xml.encode() + b"</sheetData>")
        if dimension is not None:
            xml = re.sub(
                rb'<dimension ref="[^"]*"/>', f'<dimension ref="{dimension}"/>'.encode(), xml
            )
        return xml

    return edit


def stray_cell_xfd1048576(kit: FileKit, real: Path) -> Path:
    cell = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return _altas_with(kit, real, "altas_xfd1048576.xlsx", _append_row(cell, "A1:XFD1048576"))


def stray_cell_xfd30000(kit: FileKit, real: Path) -> Path:
    cell = '<row r="30000"><c r="XFD30000"><v>1</v></c></row>'
    return _altas_with(kit, real, "altas_xfd30000.xlsx", _append_row(cell, "A1:XFD30000"))


def stray_cell_xfd1048576_spelled_oddly(kit: FileKit, real: Path) -> Path:
    # calamine reads a tab before r, single quotes and lower case letters as Excel's spelling.
    cell = "<row r='1048576'><c\tr='xfd1048576'><v>1</v></c></row>"
    return _altas_with(kit, real, "altas_xfd_con_tabulador.xlsx", _append_row(cell))


def stray_cell_xfd1048576_named_twice(kit: FileKit, real: Path) -> Path:
    # Of two r attributes calamine takes the last.
    cell = '<row r="60"><c r="A60" s=">" r="XFD1048576"><v>1</v></c></row>'
    return _altas_with(kit, real, "altas_xfd_dos_veces.xlsx", _append_row(cell))


def xls_cell_at_row_and_column_65536(kit: FileKit, real: Path) -> Path:
    # One cell record of a legacy .xls moved to row and column 65,536: calamine would reserve
    # four billion cells as it opens the file, and abort.
    path = xls_with_a_number_at_d6(kit.path("altas_biff8.xls"))
    return moved(path, NUMBER_AT_D6, struct.pack("<HHHH", 0x027E, 10, 65535, 65535))


def xls_dimensions_claiming_a_million_rows(kit: FileKit, real: Path) -> Path:
    path = xls_with_a_number_at_d6(kit.path("altas_dimensiones.xls"))
    claimed = struct.pack("<HHIIHH", 0x0200, 14, 0, 1_048_576, 0, 65_535)
    return moved(path, struct.pack("<HHIIHH", 0x0200, 14, 0, 6, 0, 4), claimed)


def unnumbered_cells_reaching_xfd(kit: FileKit, real: Path) -> Path:
    # Cells without an r attribute sit after the previous one: 16,384 of them reach XFD.
    row = '<row r="30000">' + "<c><v>1</v></c>" * 16384 + "</row>"
    return _altas_with(kit, real, "altas_celdas_sin_referencia.xlsx", _append_row(row))


def tiny_workbook_xfd1048576(kit: FileKit, real: Path) -> Path:
    target = kit.path("altas_5kb.xlsx")
    book = xlsxwriter.Workbook(str(target))
    sheet = book.add_worksheet("data")
    sheet.write_row(0, 0, kit.ALTAS_HEADER)
    sheet.write_number(1_048_575, 16_383, 1)
    book.close()
    return target


def stray_cell_beside_the_data(kit: FileKit, real: Path) -> Path:
    cell = '<row r="60"><c r="XFD60"><v>1</v></c></row>'
    return _altas_with(kit, real, "altas_celda_suelta.xlsx", _append_row(cell))


def dimension_claims_the_whole_sheet(kit: FileKit, real: Path) -> Path:
    return _altas_with(kit, real, "altas_dimension.xlsx", _append_row("", "A1:XFD1048576"))


def shared_strings_bomb(kit: FileKit, real: Path) -> Path:
    target = _altas_with(kit, real, "altas_bomba_textos.xlsx")
    with (
        zipfile.ZipFile(target, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as member,
    ):
        member.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
        block = b"<si><t>" + b"A" * 65_000 + b"</t></si>"
        for _ in range(260 * 1024 * 1024 // len(block)):
            member.write(block)
        member.write(b"</sst>")
    assert target.stat().st_size < 2 * 1024 * 1024  # a bomb: small outside, huge inside
    return target


def truncated_tail(kit: FileKit, real: Path) -> Path:
    data = (real / ALTAS).read_bytes()
    return kit.text("altas_cortado.xlsx", data[:-300])


def corrupt_sheet_data(kit: FileKit, real: Path) -> Path:
    target = _altas_with(kit, real, "altas_crc.xlsx")
    data = bytearray(target.read_bytes())
    with zipfile.ZipFile(target) as archive:
        info = archive.getinfo(ALTAS_SHEET)
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for offset in range(start + 2000, start + 2064):
        data[offset] ^= 0x5A
    target.write_bytes(bytes(data))
    return target


def sheet_part_missing(kit: FileKit, real: Path) -> Path:
    return _altas_with(kit, real, "altas_sin_hoja.xlsx", drop=ALTAS_SHEET)


def password_protected(kit: FileKit, real: Path) -> Path:
    # What Excel writes for a workbook with a password: an OLE compound file holding
    # EncryptionInfo and EncryptedPackage streams instead of the xlsx zip.
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    entries = b"".join(
        name.encode("utf-16-le").ljust(64, b"\0") + bytes(64)
        for name in ("Root Entry", "EncryptionInfo", "EncryptedPackage")
    )
    return kit.text("altas_con_contraseña.xlsx", header.ljust(512, b"\0") + entries + bytes(4096))


def formulas_without_values(kit: FileKit, real: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "data"
    sheet.append(kit.ALTAS_HEADER)
    row = kit.alta_row("018001-100001", 40000001, 10)
    row[6] = "=F2*83"  # openpyxl stores the formula, not its result
    sheet.append(row)
    target = kit.path("altas_formulas.xlsx")
    book.save(target)
    return target


# -- content that is not what the name says ------------------------------------------------------


def _altas_csv_row(i: int) -> str:
    return (
        f"018001-10{i:04d},01/07/2025,U220749,4000{i:04d},010-000-4411-00-00,10,830,"
        "15/08/2025,018001150900,ALMACEN DELEGACIONAL,,,,"
    )


def _altas_csv_text(kit: FileKit, rows: int) -> str:
    lines = [",".join(kit.ALTAS_HEADER), *(_altas_csv_row(i) for i in range(rows))]
    return "\n".join(lines) + "\n"


def _altas_csv_with_extra_columns(kit: FileKit, name: str, extra: int) -> Path:
    header = [*kit.ALTAS_HEADER, *(f"columna extra {i}" for i in range(extra))]
    rows = [_altas_csv_row(i) + ",x" * extra for i in range(3)]
    return kit.text(name, "\n".join([",".join(header), *rows]) + "\n")


def a_hundred_extra_columns(kit: FileKit, real: Path) -> Path:
    # Each extra column is kept (as JSON): cleaning a hundred of them once took DuckDB past the
    # import's memory limit.
    return _altas_csv_with_extra_columns(kit, "altas_cien_columnas.csv", 100)


def header_of_thousands_of_columns(kit: FileKit, real: Path) -> Path:
    return _altas_csv_with_extra_columns(kit, "altas_cinco_mil_columnas.csv", 5000)


def opendocument_dressed_as_excel(kit: FileKit, real: Path) -> Path:
    # An OpenDocument spreadsheet with an "xl/" part, named .xls: calamine, trying each format
    # in turn on a name it does not know as .xlsx, would read it as OpenDocument.
    office = "urn:oasis:names:tc:opendocument:xmlns"
    cells = "".join(
        f'<table:table-cell office:value-type="string"><text:p>{h}</text:p></table:table-cell>'
        for h in kit.ALTAS_HEADER
    )
    content = (
        f'<office:document-content xmlns:office="{office}:office:1.0" '
        f'xmlns:table="{office}:table:1.0" xmlns:text="{office}:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="data">'
        f"<table:table-row>{cells}</table:table-row></table:table>"
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        f'<manifest:manifest xmlns:manifest="{office}:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        "</manifest:manifest>"
    )
    target = kit.path("altas_libreoffice.xls")
    with zipfile.ZipFile(target, "w") as book:
        book.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        book.writestr("content.xml", content)
        book.writestr("META-INF/manifest.xml", manifest)
        book.writestr("xl/nada.xml", "<x/>")
    return target


def xlsx_that_is_csv(kit: FileKit, real: Path) -> Path:
    return kit.text("altas_es_csv.xlsx", _altas_csv_text(kit, 2))


def _prei_html(kit: FileKit, uuid: str) -> str:
    cells = "".join(f"<th>{h}</th>" for h in kit.PREI_HEADER)
    row = "".join(f"<td>{v}</td>" for v in kit.prei_row(uuid, "Sin Contra Recibo"))
    return f"<html><body><table><tr>{cells}</tr><tr>{row}</tr></table></body></html>"


def xlsx_that_is_html(kit: FileKit, real: Path) -> Path:
    return kit.text(
        "[FacturaVsCR][html].xlsx", _prei_html(kit, "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D")
    )


def xls_that_is_html(kit: FileKit, real: Path) -> Path:
    return kit.text(
        "[FacturaVsCR][portal].xls", _prei_html(kit, "1B2C3D4E-5F6A-4B7C-8D9E-0F1A2B3C4D5E")
    )


def html_of_end_tags_that_never_close(kit: FileKit, real: Path) -> Path:
    # 400 KB of "</": the standard library's HTMLParser would rescan the rest of the text for
    # each one (minutes of CPU); the check before it refuses the file in one pass.
    table = _prei_html(kit, "2C3D4E5F-6A7B-4C8D-9E0F-1A2B3C4D5E6F")
    return kit.text("[FacturaVsCR][abiertas].xls", table + "</" * 200_000)


def html_with_markup_in_comments_scripts_and_styles(kit: FileKit, real: Path) -> Path:
    table = _prei_html(kit, "3D4E5F6A-7B8C-4D9E-8F0A-1B2C3D4E5F6A")
    extras = "<!-- <td>oculta</td> --><script>if (a<b) { x = '</td>' }</script><style>a<b</style>"
    return kit.text("[FacturaVsCR][comentarios].xls", table.replace("<body>", "<body>" + extras))


def xlsx_that_is_png(kit: FileKit, real: Path) -> Path:
    return kit.text("altas_png.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)


def xlsx_that_is_pdf(kit: FileKit, real: Path) -> Path:
    return kit.text("altas_pdf.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")


def utf16_csv(kit: FileKit, real: Path) -> Path:
    return kit.text("altas_unicode.csv", _altas_csv_text(kit, 2).replace("\n", "\r\n"), "utf-16")


def utf16_without_bom(kit: FileKit, real: Path) -> Path:
    return kit.text("altas_unicode_sin_bom.xlsx", _altas_csv_text(kit, 2).encode("utf-16-le"))


def zero_bytes(kit: FileKit, real: Path) -> Path:
    return kit.text("altas_vacio.xlsx", b"")


def only_blanks(kit: FileKit, real: Path) -> Path:
    return kit.text("ordenes_blancos.csv", "   \r\n\t\n  \n")


def zip_without_workbook(kit: FileKit, real: Path) -> Path:
    target = kit.path("altas_zip.xlsx")
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("LEEME.txt", "nada")
    return target


def nul_bytes_in_csv(kit: FileKit, real: Path) -> Path:
    text = _altas_csv_text(kit, 60).encode()
    return kit.text("altas_nul.csv", text[:3000] + bytes(512) + text[3000:])


def binary_named_csv(kit: FileKit, real: Path) -> Path:
    return kit.text("altas_binario.csv", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(range(256)))


def mixed_newlines(kit: FileKit, real: Path) -> Path:
    lines = _altas_csv_text(kit, 3).splitlines()
    return kit.text(
        "altas_saltos.csv",
        lines[0] + "\r\n" + lines[1] + "\n" + lines[2] + "\r" + lines[3] + "\r\n",
    )


def giant_single_line(kit: FileKit, real: Path) -> Path:
    return kit.text("altas_una_linea.csv", ",".join(kit.ALTAS_HEADER) + "," + "x" * 3_000_000)


def duplicate_header(kit: FileKit, real: Path) -> Path:
    row = kit.alta_row("018001-100001", 40000001, 10)
    return kit.xlsx("altas_importe_doble.xlsx", [[*kit.ALTAS_HEADER, "importe"], [*row, 1.0]])


def header_only(kit: FileKit, real: Path) -> Path:
    return kit.xlsx("altas_solo_encabezado.xlsx", [kit.ALTAS_HEADER])


def entity_expansion(kit: FileKit, real: Path) -> Path:
    lines = ['<!ENTITY a0 "risa">'] + [
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 12)
    ]
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE c [{"".join(lines)}]>'
        '<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" Folio="&a11;"/>'
    )
    return kit.text("P-900 risa.xml", xml)


def external_entity(kit: FileKit, real: Path) -> Path:
    xml = (
        '<?xml version="1.0"?><!DOCTYPE c [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        '<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" Folio="&e;"/>'
    )
    return kit.text("P-901 externa.xml", xml)


# -- names and paths -------------------------------------------------------------------------------


def name_of_249_characters(kit: FileKit, real: Path) -> Path:
    stem = "altas_" + "n" * (249 - len("altas_") - len(".xlsx"))
    header = [h for h in kit.ALTAS_HEADER if h != "noOrden"]
    row = kit.alta_row("018001-100001", 40000001, 10)
    del row[3]
    target = kit.xlsx(stem + ".xlsx", [header, row])
    assert len(target.name) == 249
    return target


def name_with_a_byte_not_utf8(kit: FileKit, real: Path) -> Path:
    raw = (
        os.fsencode(kit.folder) + b"/altas_espa\xf1a.csv"
    )  # Latin-1 "ñ", as a Windows zip leaves it
    with open(raw, "wb") as handle:
        handle.write(_altas_csv_text(kit, 1).encode())
    return Path(os.fsdecode(raw))


def fifo(kit: FileKit, real: Path) -> Path:
    target = kit.path("altas_tuberia.xlsx")
    os.mkfifo(target)
    return target


def symlink_loop(kit: FileKit, real: Path) -> Path:
    target = kit.path("altas_ciclo.xlsx")
    target.symlink_to(target.name)
    return target


def broken_symlink(kit: FileKit, real: Path) -> Path:
    target = kit.path("altas_enlace.xlsx")
    target.symlink_to("ya_no_existe.xlsx")
    return target


def folder_named_like_a_file(kit: FileKit, real: Path) -> Path:
    folder = kit.path("altas_carpeta.xlsx")
    folder.mkdir()
    (folder / "dentro.csv").write_text(_altas_csv_text(kit, 1).replace("018001-10", "028001-10"))
    return folder


def wrong_kind(kit: FileKit, real: Path) -> Path:
    return kit.text("prei_como_altas.xlsx", (real / PREI).read_bytes())


REFUSED_ALTAS_GRID = "más de lo que se puede leer en memoria"

CORPUS: list[Hostile] = [
    Hostile(stray_cell_xfd1048576, Outcome("quarantined", "celda XFD1048576")),
    Hostile(stray_cell_xfd30000, Outcome("quarantined", "celda XFD30000")),
    Hostile(stray_cell_xfd1048576_spelled_oddly, Outcome("quarantined", "celda XFD1048576")),
    Hostile(stray_cell_xfd1048576_named_twice, Outcome("quarantined", "celda XFD1048576")),
    Hostile(unnumbered_cells_reaching_xfd, Outcome("quarantined", REFUSED_ALTAS_GRID)),
    Hostile(xls_cell_at_row_and_column_65536, Outcome("quarantined", "celda CRXP65536")),
    Hostile(xls_dimensions_claiming_a_million_rows, Outcome("quarantined", REFUSED_ALTAS_GRID)),
    Hostile(tiny_workbook_xfd1048576, Outcome("quarantined", "celda XFD1048576")),
    Hostile(stray_cell_beside_the_data, Outcome("loaded", "SAI Reporte de Altas", 58)),
    Hostile(dimension_claims_the_whole_sheet, Outcome("loaded", "SAI Reporte de Altas", 58)),
    Hostile(shared_strings_bomb, Outcome("quarantined", "tabla de textos compartidos")),
    Hostile(truncated_tail, Outcome("quarantined", "dañado o incompleto")),
    Hostile(corrupt_sheet_data, Outcome("quarantined", "dañado")),
    Hostile(sheet_part_missing, Outcome("quarantined", "dañad")),
    Hostile(password_protected, Outcome("quarantined", "protegido con contraseña")),
    Hostile(formulas_without_values, Outcome("quarantined", "fórmula(s) sin valor calculado")),
    Hostile(xlsx_that_is_csv, Outcome("loaded", "SAI Reporte de Altas", 2)),
    Hostile(a_hundred_extra_columns, Outcome("loaded", "columnas nuevas", 3)),
    Hostile(header_of_thousands_of_columns, Outcome("quarantined", "más de 256 columnas")),
    Hostile(opendocument_dressed_as_excel, Outcome("quarantined", "las partes de otro formato")),
    Hostile(xlsx_that_is_html, Outcome("loaded", "tabla HTML", 1)),
    Hostile(xls_that_is_html, Outcome("loaded", "tabla HTML", 1)),
    Hostile(
        html_of_end_tags_that_never_close, Outcome("quarantined", "tabla HTML está mal formada")
    ),
    Hostile(html_with_markup_in_comments_scripts_and_styles, Outcome("loaded", "tabla HTML", 1)),
    Hostile(xlsx_that_is_png, Outcome("quarantined", "es una imagen PNG")),
    Hostile(xlsx_that_is_pdf, Outcome("quarantined", "es un documento PDF")),
    Hostile(utf16_csv, Outcome("quarantined", "UTF-16")),
    Hostile(utf16_without_bom, Outcome("quarantined", "UTF-16")),
    Hostile(zero_bytes, Outcome("quarantined", "está vacío")),
    Hostile(only_blanks, Outcome("quarantined", "está vacío")),
    Hostile(zip_without_workbook, Outcome("quarantined", "ni una hoja de Excel")),
    Hostile(nul_bytes_in_csv, Outcome("quarantined", "bytes nulos")),
    Hostile(binary_named_csv, Outcome("quarantined", "archivo binario")),
    Hostile(mixed_newlines, Outcome("loaded", "SAI Reporte de Altas", 3)),
    Hostile(giant_single_line, Outcome("quarantined", "mal formado")),
    Hostile(duplicate_header, Outcome("quarantined", "dos columnas «importe»")),
    Hostile(header_only, Outcome("loaded", "0 nuevas", 0)),
    Hostile(entity_expansion, Outcome("quarantined", "DTD o entidades")),
    Hostile(external_entity, Outcome("quarantined", "DTD o entidades")),
    Hostile(name_of_249_characters, Outcome("quarantined", "«noOrden»")),
    Hostile(name_with_a_byte_not_utf8, Outcome("loaded", "SAI Reporte de Altas", 1)),
    Hostile(fifo, Outcome("refused", "tubería con nombre (FIFO)")),
    Hostile(symlink_loop, Outcome("refused", "forma un ciclo")),
    Hostile(broken_symlink, Outcome("refused", "enlace simbólico roto")),
    Hostile(folder_named_like_a_file, Outcome("loaded", "SAI Reporte de Altas", 1)),
    Hostile(
        wrong_kind,
        Outcome("quarantined", "no es SAI Reporte de Altas (el tipo indicado con --kind)"),
        {"kind": "sai-altas"},
    ),
]


def _outcomes_of(path: Path, outcomes: list[Any]) -> list[Any]:
    return [o for o in outcomes if o.path == path or path in o.path.parents]


def _check(outcome: Any, expect: Outcome) -> None:
    assert outcome.status == expect.status, outcome.message.es
    assert expect.says in outcome.message.es
    assert "\n" not in outcome.message.es  # one line for the clerk; details go to the log
    if expect.rows_read is not None:
        assert outcome.rows_read == expect.rows_read


@pytest.mark.parametrize("case", CORPUS, ids=[c.build.__name__ for c in CORPUS])
def test_hostile_file_is_refused_or_loaded_correctly(
    env: IngestEnv, kit: FileKit, real_samples: Path, case: Hostile
) -> None:
    env.one(real_samples / ALTAS)
    stable = kit.ATTEMPT_TABLES | {"raw_file"}
    before = env.fingerprint(skip=stable)
    built = case.build(kit, real_samples)
    outcomes = env.run(built, **case.options)
    assert len(outcomes) == 1
    _check(outcomes[0], case.expect)
    if case.expect.status != "loaded":
        assert env.fingerprint(skip=stable) == before
    if case.expect.status == "quarantined":
        report = env.scalar(
            "SELECT report_path FROM quarantine_file WHERE load_id = ?", [outcomes[0].load_id]
        )
        copy = Path(report.removesuffix(".informe.txt"))
        assert copy.read_bytes() == built.read_bytes()
        assert outcomes[0].name in Path(report).read_text(encoding="utf-8")


def test_folder_of_hostile_files_imports_every_good_file(
    env: IngestEnv, kit: FileKit, real_samples: Path
) -> None:
    cases = [c for c in CORPUS if not c.options]
    built = [c.build(kit, real_samples) for c in cases]
    good = [kit.text(name, (real_samples / name).read_bytes()) for name in (ALTAS, PREI)]
    outcomes = env.run(kit.folder)
    for case, path in zip(cases, built, strict=True):
        found = _outcomes_of(path, outcomes)
        assert len(found) == 1, (case.build.__name__, found)
        _check(found[0], case.expect)
    for path in good:
        (outcome,) = _outcomes_of(path, outcomes)
        assert outcome.status == "loaded", outcome.message.es
    # The real PREI export, and one row from each of the three HTML tables that load.
    assert env.scalar("SELECT count(*) FROM contrarecibo_status") == 124 + 3
    named = env.rows("SELECT original_name FROM load_ledger WHERE original_name LIKE 'altas_espa%'")
    assert named == [("altas_espa\ufffda.csv",)]
