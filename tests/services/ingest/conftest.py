"""Fixtures of the ingest tests: a fresh warehouse and archive, and writers of small files."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
import xlwt

from o2c_desktop.services.archive import RawArchive
from o2c_desktop.services.ingest import FileOutcome, ingest_paths
from o2c_desktop.services.warehouse import Warehouse

# Tables that record attempts rather than data: they grow on every import, even a no-op one.
ATTEMPT_TABLES = {"load_ledger", "raw_file_source", "quarantine_file", "quarantine_issue"}


@dataclass
class IngestEnv:
    root: Path
    warehouse: Warehouse
    archive: RawArchive

    @property
    def quarantine_dir(self) -> Path:
        return self.root / "quarantine"

    def run(self, *paths: Path, **options: Any) -> list[FileOutcome]:
        return ingest_paths(
            self.warehouse,
            self.archive,
            list(paths),
            quarantine_dir=self.quarantine_dir,
            **options,
        )

    def one(self, path: Path, **options: Any) -> FileOutcome:
        outcomes = self.run(path, **options)
        assert len(outcomes) == 1
        return outcomes[0]

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        return self.warehouse.connection.execute(sql, list(params)).fetchall()

    def scalar(self, sql: str, params: Sequence[object] = ()) -> Any:
        return self.rows(sql, params)[0][0]

    def fingerprint(self, skip: set[str] = frozenset()) -> dict[str, tuple[int, str]]:
        """Row count and a content hash of every table, to prove nothing changed."""
        result = {}
        for table in self.warehouse.table_names():
            if table in skip:
                continue
            rows = self.rows(f'SELECT * FROM "{table}"')
            digest = hashlib.sha256(repr(sorted(map(repr, rows))).encode()).hexdigest()
            result[table] = (len(rows), digest)
        return result


@pytest.fixture
def env(tmp_path: Path) -> Iterator[IngestEnv]:
    root = tmp_path / "data"
    warehouse = Warehouse(root / "warehouse.duckdb")
    try:
        yield IngestEnv(root, warehouse, RawArchive(root / "archive", warehouse))
    finally:
        warehouse.close()


def write_xlsx(path: Path, rows: Sequence[Sequence[object]], sheet: str = "data") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path))
    # Real exports of different days differ in bytes even when the rows do not.
    workbook.set_properties({"title": path.name})
    worksheet = workbook.add_worksheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                worksheet.write(r, c, value)
    workbook.close()
    return path


def write_xls(path: Path, rows: Sequence[Sequence[object]], sheet: str = "Sheet1") -> Path:
    workbook = xlwt.Workbook()
    worksheet = workbook.add_sheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                worksheet.write(r, c, value)
    workbook.save(str(path))
    return path


def write_csv(
    path: Path, rows: Sequence[Sequence[object]], encoding: str = "utf-8-sig", **kw: Any
) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, **kw)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
    return path


ALTAS_HEADER = [
    "noAlta", "fechaAltaTrunc", "noContrato", "noOrden", "clave", "cantRecibida", "importe",
    "fpp", "clasPtalRecep", "descUnidad", "clasPtalDist", "descDist", "totalItems", "resguardo",
]  # fmt: skip


def alta_row(no_alta: str, orden: int, qty: int, day: str = "01/07/2025") -> list[object]:
    return [
        no_alta, day, "U220749", float(orden), "010-000-4411-00-00", float(qty),
        float(qty * 83), "15/08/2025", "18001150900", "ALMACEN DELEGACIONAL".ljust(70),
        "", "", "", "",
    ]  # fmt: skip


PREI_HEADER = [
    "Documento", "Folio Fiscal", "Fecha Factura", "Importe", "Fecha Carga", "Unidad Negocio",
    "Contra Recibo", "Estado C.R.",
]  # fmt: skip


def prei_row(uuid: str, status: str, cr: str = " ", unit: str = " ") -> list[object]:
    return [
        34628949.0, uuid, "2025-07-03 10:15:22", 112050.0, "2025-07-12 09:01:00", unit, cr, status,
    ]  # fmt: skip


class FileKit:
    """Writers of small input files in a test's own folder, and rows of the real layouts."""

    ALTAS_HEADER = ALTAS_HEADER
    PREI_HEADER = PREI_HEADER
    ATTEMPT_TABLES = ATTEMPT_TABLES

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def path(self, name: str) -> Path:
        return self.folder / name

    def xlsx(self, name: str, rows: Sequence[Sequence[object]], sheet: str = "data") -> Path:
        return write_xlsx(self.folder / name, rows, sheet)

    def xls(self, name: str, rows: Sequence[Sequence[object]], sheet: str = "Sheet1") -> Path:
        return write_xls(self.folder / name, rows, sheet)

    def csv(self, name: str, rows: Sequence[Sequence[object]], **kw: Any) -> Path:
        return write_csv(self.folder / name, rows, **kw)

    def text(self, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        target = self.folder / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding=encoding)
        return target

    def cfdi(self, name: str, uuid: str, **kw: Any) -> Path:
        return self.text(name, cfdi_xml(uuid, **kw))

    cfdi_xml = staticmethod(lambda *a, **k: cfdi_xml(*a, **k))
    alta_row = staticmethod(lambda *a, **k: alta_row(*a, **k))
    prei_row = staticmethod(lambda *a, **k: prei_row(*a, **k))


@pytest.fixture
def kit(tmp_path: Path) -> FileKit:
    return FileKit(tmp_path / "inputs")


def cfdi_xml(
    uuid: str,
    *,
    version: str = "4.0",
    serie: str | None = "P",
    folio: str | None = "3772",
    fecha: str = "2025-07-03T10:15:22",
    tipo: str = "I",
    concepts: Sequence[tuple[str, str, str, str]] = (
        ("010 000 4411 00 00 LATANOPROSTSOLUCION", "1350", "83", "112050"),
    ),
    related: Sequence[str] = (),
    receptor: str = "IMS421231I45",
) -> str:
    """A stamped CFDI 3.3 or 4.0 with the attributes the parser reads."""
    ns = "http://www.sat.gob.mx/cfd/4" if version == "4.0" else "http://www.sat.gob.mx/cfd/3"
    total = sum(int(c[3]) for c in concepts)
    numbering = (f' Serie="{serie}"' if serie else "") + (f' Folio="{folio}"' if folio else "")
    lines = "".join(
        f'<cfdi:Concepto ClaveProdServ="51101500" Descripcion="{d}" Cantidad="{q}" '
        f'ValorUnitario="{p}" Importe="{i}"/>'
        for d, q, p, i in concepts
    )
    relations = (
        '<cfdi:CfdiRelacionados TipoRelacion="01">'
        + "".join(f'<cfdi:CfdiRelacionado UUID="{r}"/>' for r in related)
        + "</cfdi:CfdiRelacionados>"
        if related
        else ""
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<cfdi:Comprobante xmlns:cfdi="{ns}" '
        'xmlns:tfd="http://www.sat.gob.mx/TimbreFiscalDigital" '
        f'Version="{version}"{numbering} Fecha="{fecha}" SubTotal="{total}.00" '
        f'Total="{total}.00" Moneda="MXN" TipoDeComprobante="{tipo}" MetodoPago="PPD" '
        'FormaPago="99" LugarExpedicion="06600">'
        f"{relations}"
        '<cfdi:Emisor Rfc="FDE200101AB1" Nombre="FARMACEUTICA DEMO"/>'
        f'<cfdi:Receptor Rfc="{receptor}" Nombre="INSTITUTO MEXICANO DEL SEGURO SOCIAL" '
        'UsoCFDI="G01"/>'
        f"<cfdi:Conceptos>{lines}</cfdi:Conceptos>"
        '<cfdi:Complemento><tfd:TimbreFiscalDigital Version="1.1" '
        f'UUID="{uuid}" FechaTimbrado="2025-07-03T10:16:00"/></cfdi:Complemento>'
        "</cfdi:Comprobante>"
    )
