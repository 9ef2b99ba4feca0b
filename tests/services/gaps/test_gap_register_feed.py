"""The supplier's own invoice register, imported as a clerk does, feeds its sequence gaps; CFDI
without a store fall back to issuer RFC + LugarExpedicion (DOMAIN §10 #12)."""

from __future__ import annotations

import itertools
import re
from datetime import date, datetime
from pathlib import Path

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from o2c_desktop.services.archive import RawArchive
from o2c_desktop.services.gaps.ledger import refresh
from o2c_desktop.services.gaps.periods import Period
from o2c_desktop.services.gaps.report import GapQuery, ensure_invoices, ranges, records
from o2c_desktop.services.ingest import FileOutcome, ingest_paths
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import GapsSettings

REGISTER = "invoice_register_imss_2025-08-25.xlsx"
ALL_TIME = Period("range", date(2000, 1, 1), date(2100, 1, 1))
AS_OF = datetime(2025, 9, 1)
NO_JUMPS = GapsSettings(jump_threshold=10**9, jump_volume_factor=0)


def _import(warehouse: Warehouse, tmp_path: Path, *paths: Path, **kw: str) -> list[FileOutcome]:
    archive = RawArchive(tmp_path / "archive", warehouse)
    return ingest_paths(
        warehouse, archive, list(paths), quarantine_dir=tmp_path / "quarantine", **kw
    )


def _folio_gaps(real_samples: Path) -> list[tuple[int, int]]:
    sheet = CalamineWorkbook.from_path(str(real_samples / REGISTER)).get_sheet_by_index(0)
    rows = sheet.to_python()
    folios = [str(r[rows[0].index("Folio")]) for r in rows[1:]]
    numbers = sorted({int(f[2:]) for f in folios if re.fullmatch(r"P-\d+", f)})
    return [(a + 1, b - 1) for a, b in itertools.pairwise(numbers) if b - a > 1]


def test_imported_register_feeds_the_suppliers_own_gaps(
    warehouse: Warehouse, real_samples: Path, tmp_path: Path
) -> None:
    outcome = _import(warehouse, tmp_path, real_samples / REGISTER, kind="invoice-register")[0]
    assert outcome.status == "loaded", outcome.message
    ensure_invoices(warehouse.connection)  # no longer "no invoices are loaded"

    refresh(warehouse, NO_JUMPS, as_of=AS_OF)
    found = records(ranges(warehouse.connection, GapQuery(ALL_TIME, AS_OF)))
    expected = _folio_gaps(real_samples)
    assert [(r["gap_inicio"], r["gap_fin"]) for r in found] == expected
    assert {(r["emisor_rfc"], r["tienda"], r["serie"]) for r in found} == {
        ("FDE200101AB1", "", "P")
    }
    assert sum(r["faltantes"] for r in found) == 1572
    # One row per invoice (its first concept row); P-6537-B is listed apart as non-numeric.
    state = warehouse.connection.execute(
        "SELECT issuer_rfc, store_id, serie, first_folio, last_folio, non_numeric, duplicates "
        "FROM gap_domain_state"
    ).fetchall()
    assert state == [("FDE200101AB1", "", "P", 3700, 6584, 1, 0)]
    fecha = warehouse.connection.execute(
        "SELECT fecha, uuid, source FROM sequence_invoice WHERE folio = '3772'"
    ).fetchall()
    assert fecha == [
        (datetime(2023, 12, 4, 13, 38, 2), "5C82D135-4D9E-4AD1-9F73-5831034F371D", "register")
    ]


def _register(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Reporte Paq")
    for r, row in enumerate([header, *rows]):
        sheet.write_row(r, 0, row)
    workbook.close()
    return path


U1 = "5C82D135-4D9E-4AD1-9F73-5831034F371D"
U2 = "5DF7E666-6112-46A6-993A-8E6416FC8AB3"


@pytest.mark.parametrize(
    ("header_extra", "settings_rfc", "issuer"),
    [
        ((), "xyz990101ab3", "XYZ990101AB3"),  # the settings' RFC, upper-cased
        (("RFC emisor", "ABC010101XY9"), "XYZ990101AB3", "ABC010101XY9"),  # the file's wins
    ],
)
def test_register_issuer_comes_from_the_file_or_the_settings(
    warehouse: Warehouse,
    tmp_path: Path,
    header_extra: tuple[str, ...],
    settings_rfc: str,
    issuer: str,
) -> None:
    header = ["Folio", "Referencia", "Alta", "UUID", "Fecha", "Importe", *header_extra[:1]]
    extra = list(header_extra[1:])
    path = _register(
        tmp_path / "Reporte Paq IMSS.xlsx",
        header,
        [
            ["P-10", 40000001, "018001-1", U1, "2025-07-03T10:15:22", 83, *extra],
            ["P-13", 40000002, "018001-2", U2, "2025-07-04T10:15:22", 83, *extra],
        ],
    )
    outcome = _import(warehouse, tmp_path, path, supplier_rfc=settings_rfc)[0]
    assert outcome.status == "loaded", outcome.message
    rows = warehouse.connection.execute(
        "SELECT source, issuer_rfc, store_id, serie, folio, folio_num FROM sequence_invoice "
        "ORDER BY folio_num"
    ).fetchall()
    assert rows == [
        ("register", issuer, "", "P", "10", 10),
        ("register", issuer, "", "P", "13", 13),
    ]
    refresh(warehouse, NO_JUMPS, as_of=AS_OF)
    found = records(ranges(warehouse.connection, GapQuery(ALL_TIME, AS_OF)))
    assert [(r["emisor_rfc"], r["gap_inicio"], r["gap_fin"]) for r in found] == [(issuer, 11, 12)]


def _cfdi(uuid: str, folio: str, emisor: str, lugar: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" '
        'xmlns:tfd="http://www.sat.gob.mx/TimbreFiscalDigital" Version="4.0" Serie="A" '
        f'Folio="{folio}" Fecha="2025-07-03T10:15:22" SubTotal="83.00" Total="83.00" '
        f'Moneda="MXN" TipoDeComprobante="I" LugarExpedicion="{lugar}">'
        f'<cfdi:Emisor Rfc="{emisor}" Nombre="EMISOR"/>'
        '<cfdi:Receptor Rfc="IMS421231I45" Nombre="IMSS" UsoCFDI="G01"/>'
        '<cfdi:Conceptos><cfdi:Concepto ClaveProdServ="51101500" Descripcion="x" Cantidad="1" '
        'ValorUnitario="83" Importe="83"/></cfdi:Conceptos>'
        '<cfdi:Complemento><tfd:TimbreFiscalDigital Version="1.1" '
        f'UUID="{uuid}" FechaTimbrado="2025-07-03T10:16:00"/></cfdi:Complemento>'
        "</cfdi:Comprobante>"
    )


def test_cfdi_without_a_store_falls_back_to_lugar_de_expedicion(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    inputs = tmp_path / "xml"
    inputs.mkdir()
    cases = [
        ("A1000000-0000-4000-8000-000000000001", "1", "TDA010101AA1", "06600"),
        ("A1000000-0000-4000-8000-000000000002", "4", "TDA010101AA1", "06600"),
        ("A1000000-0000-4000-8000-000000000003", "1", "TDA010101AA1", "44100"),
        ("A1000000-0000-4000-8000-000000000004", "7", "FDE200101AB1", "06600"),
    ]
    for uuid, folio, emisor, lugar in cases:
        (inputs / f"{uuid}.xml").write_text(_cfdi(uuid, folio, emisor, lugar), encoding="utf-8")
    outcomes = _import(warehouse, tmp_path, inputs)
    assert {o.status for o in outcomes} == {"loaded"}, [o.message for o in outcomes]
    rows = warehouse.connection.execute(
        "SELECT issuer_rfc, store_id, folio FROM sequence_invoice ORDER BY 1, 2, 3"
    ).fetchall()
    # Another issuer's invoices split by place of issue; the supplier's own stay one series.
    assert rows == [
        ("FDE200101AB1", "", "7"),
        ("TDA010101AA1", "06600", "1"),
        ("TDA010101AA1", "06600", "4"),
        ("TDA010101AA1", "44100", "1"),
    ]
    refresh(warehouse, NO_JUMPS, as_of=AS_OF)
    found = records(ranges(warehouse.connection, GapQuery(ALL_TIME, AS_OF)))
    assert [(r["tienda"], r["gap_inicio"], r["gap_fin"]) for r in found] == [("06600", 2, 3)]


def test_register_and_cfdi_of_one_invoice_are_one_folio(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    header = ["Folio", "Referencia", "Alta", "UUID", "Fecha", "Importe"]
    path = _register(
        tmp_path / "Reporte Paq IMSS.xlsx",
        header,
        [
            ["P-10", 40000001, "018001-1", U1, "2025-07-03T10:15:22", 83],
            ["P-12", 40000002, "018001-2", U2, "2025-07-04T10:15:22", 83],
        ],
    )
    xml = tmp_path / "P-12 IMSS.xml"
    xml.write_text(
        _cfdi(U2, "12", "FDE200101AB1", "06600").replace('Serie="A"', 'Serie="P"'),
        encoding="utf-8",
    )
    outcomes = _import(warehouse, tmp_path, path, xml)
    assert [o.status for o in outcomes] == ["loaded", "loaded"]
    refresh(warehouse, NO_JUMPS, as_of=AS_OF)
    found = records(ranges(warehouse.connection, GapQuery(ALL_TIME, AS_OF)))
    assert [(r["serie"], r["gap_inicio"], r["gap_fin"]) for r in found] == [("P", 11, 11)]
    duplicates = warehouse.connection.execute(
        "SELECT sum(duplicates) FROM gap_domain_state"
    ).fetchall()
    assert duplicates == [(0,)]
