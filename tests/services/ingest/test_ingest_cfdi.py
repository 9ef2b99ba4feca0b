"""CFDI XML that looks almost right: a malformed UUID, a version its namespace contradicts, a CFDI
3.2, amounts with six decimals, and one UUID in two files."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from o2c_desktop.services.archive import RawArchive
from o2c_desktop.services.ingest import cfdi, ingest_paths
from o2c_desktop.services.ingest.loader import Lineage, merge_target
from o2c_desktop.services.ingest.parse import parse_cfdi
from o2c_desktop.services.ingest.readers import FileFormat
from o2c_desktop.services.warehouse import Warehouse, bundled_migrations

if TYPE_CHECKING:
    from conftest import FileKit, IngestEnv

UA = "AAAAAAAA-1111-4111-8111-000000000001"
UB = "BBBBBBBB-2222-4222-8222-000000000002"

CFDI_32 = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/3" '
    'xmlns:tfd="http://www.sat.gob.mx/TimbreFiscalDigital" version="3.2" serie="P" '
    'folio="1201" fecha="2017-11-03T10:15:22" subTotal="8300.00" total="8300.00" '
    'tipoDeComprobante="ingreso" metodoDePago="99" LugarExpedicion="06600">'
    '<cfdi:Emisor rfc="FDE200101AB1" nombre="FARMACEUTICA DEMO SA DE CV"/>'
    '<cfdi:Receptor rfc="IMS421231I45" nombre="INSTITUTO MEXICANO DEL SEGURO SOCIAL"/>'
    '<cfdi:Conceptos><cfdi:Concepto cantidad="100" unidad="PIEZA" '
    'descripcion="010 000 4411 00 00 LATANOPROST" valorUnitario="83" importe="8300"/>'
    "</cfdi:Conceptos>"
    '<cfdi:Complemento><tfd:TimbreFiscalDigital version="1.0" '
    f'UUID="{UB}" FechaTimbrado="2017-11-03T10:16:00"/></cfdi:Complemento>'
    "</cfdi:Comprobante>"
)


def _refused(env: IngestEnv, kit: FileKit, path: Path) -> str:
    """Import ``path`` next to a good CFDI; it must be quarantined with nothing else changed."""
    attempts = kit.ATTEMPT_TABLES | {"raw_file"}
    before = env.fingerprint(skip=attempts)
    outcome = env.one(path)
    assert outcome.status == "quarantined", outcome.message.es
    assert env.fingerprint(skip=attempts) == before
    return outcome.message.es


@pytest.fixture
def loaded(env: IngestEnv, kit: FileKit) -> IngestEnv:
    assert env.one(kit.cfdi("P-3772 IMSS.xml", UA)).status == "loaded"
    return env


@pytest.mark.expected_log_warnings
@pytest.mark.parametrize(
    "uuid", ["not-a-uuid", "AAAAAAAA-1111-4111-8111-00000000000", "AAAAAAAA11114111811100000000001"]
)
def test_a_stamp_whose_uuid_is_not_a_uuid_is_refused(
    loaded: IngestEnv, kit: FileKit, uuid: str
) -> None:
    message = _refused(loaded, kit, kit.cfdi("P-3773 IMSS.xml", uuid, folio="3773"))
    assert f"su folio fiscal (UUID) es «{uuid}», que no tiene la forma de un UUID" in message
    assert "Pida al emisor el XML original" in message


@pytest.mark.expected_log_warnings
def test_a_related_uuid_that_is_not_a_uuid_is_refused(loaded: IngestEnv, kit: FileKit) -> None:
    path = kit.cfdi("NC-1 IMSS.xml", UB, tipo="E", serie="NC", folio="1", related=["P-3772"])
    message = _refused(loaded, kit, path)
    assert "el UUID de un CFDI relacionado es «P-3772»" in message


@pytest.mark.expected_log_warnings
@pytest.mark.parametrize(
    ("namespace_of", "declared", "said"),
    [
        ("3.3", 'Version="4.0"', "espacio de nombres del CFDI 3.3"),
        ("4.0", 'Version="3.3"', "espacio de nombres del CFDI 4.0"),
        ("4.0", "", "sin atributo Version"),
    ],
)
def test_a_version_its_namespace_contradicts_is_refused(
    loaded: IngestEnv, kit: FileKit, namespace_of: str, declared: str, said: str
) -> None:
    xml = kit.cfdi_xml(UB, version=namespace_of, folio="3773")
    xml = xml.replace(f'Version="{namespace_of}"', declared, 1)
    message = _refused(loaded, kit, kit.text("P-3773 IMSS.xml", xml))
    assert said in message
    assert "no es un CFDI válido" in message


@pytest.mark.expected_log_warnings
def test_a_stamped_cfdi_32_is_named_as_unsupported(loaded: IngestEnv, kit: FileKit) -> None:
    message = _refused(loaded, kit, kit.text("P-1201 IMSS.xml", CFDI_32))
    assert message.startswith(
        "«P-1201 IMSS.xml» es un CFDI versión 3.2; el programa solo carga CFDI 3.3 y 4.0."
    )
    assert "vacía" not in message


@pytest.mark.expected_log_warnings
def test_one_bad_cfdi_refuses_its_whole_zip(loaded: IngestEnv, kit: FileKit) -> None:
    target = kit.path("cfdi_lote.zip")
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("P-3773 IMSS.xml", kit.cfdi_xml(UB, folio="3773"))
        archive.writestr("P-1201 IMSS.xml", CFDI_32)
    message = _refused(loaded, kit, target)
    assert "«P-1201 IMSS.xml» es un CFDI versión 3.2" in message


def test_both_supported_versions_still_load(env: IngestEnv, kit: FileKit) -> None:
    kit.cfdi("P-1 IMSS.xml", UA.lower(), version="3.3", folio="1")
    kit.cfdi("P-2 IMSS.xml", UB, version="4.0", folio="2")
    assert [o.status for o in env.run(kit.folder)] == ["loaded", "loaded"]
    assert env.rows("SELECT uuid, version FROM invoice ORDER BY uuid") == [
        (UA, "3.3"),
        (UB, "4.0"),
    ]
    assert env.scalar("SELECT max(fecha) FROM invoice") == datetime(2025, 7, 3, 10, 15, 22)
    assert env.scalar("SELECT sum(total) FROM invoice") == Decimal("224100")


def _six_decimals(kit: FileKit, uuid: str, total: str, unit_value: str, quantity: str) -> str:
    xml = kit.cfdi_xml(uuid, concepts=[("010 000 4411 00 00 LATANOPROST", "1350", "83", "112050")])
    return (
        xml.replace('SubTotal="112050.00" Total="112050.00"', f'SubTotal="{total}" Total="{total}"')
        .replace('Cantidad="1350"', f'Cantidad="{quantity}"')
        .replace('ValorUnitario="83"', f'ValorUnitario="{unit_value}"')
        .replace('Importe="112050"', f'Importe="{total}"')
    )


def test_six_decimal_amounts_are_stored_as_the_xml_states_them(
    env: IngestEnv, kit: FileKit
) -> None:
    kit.text("P-3772 IMSS.xml", _six_decimals(kit, UA, "1234.565001", "823.043334", "1.500001"))
    kit.xlsx(
        "registro.xlsx",
        [["Folio", "Referencia", "Alta", "Fecha", "UUID"],
         ["P-3772", "40126288", "018001-107034", "2025-07-03T10:15:22", UA]],
        sheet="Reporte Paq",
    )  # fmt: skip
    assert [o.status for o in env.run(kit.folder)] == ["loaded", "loaded"]
    assert env.rows("SELECT subtotal, total FROM invoice") == [
        (Decimal("1234.565001"), Decimal("1234.565001"))
    ]
    assert env.rows("SELECT cantidad, valor_unitario, importe FROM invoice_concept") == [
        (Decimal("1.500001"), Decimal("823.043334"), Decimal("1234.565001"))
    ]
    # What the reconciliation compares stays in centavos, rounded half away from zero.
    assert env.rows("SELECT uuid, total FROM recon_invoice") == [(UA, Decimal("1234.57"))]


@pytest.mark.expected_log_warnings
def test_a_seventh_decimal_is_refused_not_rounded(loaded: IngestEnv, kit: FileKit) -> None:
    xml = _six_decimals(kit, UB, "1234.5650011", "823.043334", "1.5")
    message = _refused(loaded, kit, kit.text("P-3773 IMSS.xml", xml))
    assert "columna «subtotal»" in message
    assert "hasta 6 decimales" in message
    assert "«1234.5650011»" in message


def _current_folios(env: IngestEnv) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """(invoice, sequence_invoice): the current (uuid, issuer, serie, folio) of each table."""
    invoice = env.rows(
        "SELECT uuid, emisor_rfc, coalesce(serie, ''), folio FROM invoice "
        "WHERE valid_to IS NULL ORDER BY ALL"
    )
    sequence = env.rows(
        "SELECT uuid, issuer_rfc, serie, folio FROM sequence_invoice "
        "WHERE valid_to IS NULL ORDER BY ALL"
    )
    return invoice, sequence


def test_one_uuid_in_two_files_of_one_snapshot_keeps_the_first_in_both_tables(
    env: IngestEnv, kit: FileKit
) -> None:
    kit.cfdi("P-3772 IMSS.xml", UA, folio="3772")
    kit.cfdi("P-3773 IMSS.xml", UA, folio="3773", fecha="2025-07-04T09:00:00")
    outcomes = env.run(kit.folder, snapshot_at=datetime(2025, 7, 5, 12))
    assert [o.status for o in outcomes] == ["loaded", "loaded"]
    assert "difieren de otro archivo del mismo corte" in outcomes[1].message.es
    invoice, sequence = _current_folios(env)
    assert invoice == sequence == [(UA, "FDE200101AB1", "P", "3772")]
    assert env.scalar("SELECT count(*) FROM sequence_invoice") == 1


def test_one_uuid_twice_in_one_zip_keeps_the_first_in_both_tables(
    env: IngestEnv, kit: FileKit
) -> None:
    target = kit.path("cfdi_lote.zip")
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("P-3772 IMSS.xml", kit.cfdi_xml(UA, folio="3772"))
        archive.writestr("P-3773 IMSS.xml", kit.cfdi_xml(UA, folio="3773"))
    outcome = env.one(target)
    assert "1 filas repetidas en el archivo (se tomó la primera)" in outcome.message.es
    invoice, sequence = _current_folios(env)
    assert invoice == sequence == [(UA, "FDE200101AB1", "P", "3772")]


def test_one_uuid_in_a_later_file_replaces_its_folio_in_both_tables(
    env: IngestEnv, kit: FileKit
) -> None:
    first = kit.cfdi("P-3772 IMSS.xml", UA, folio="3772")
    later = kit.cfdi("P-3773 IMSS.xml", UA, folio="3773", fecha="2025-07-04T09:00:00")
    env.one(first, snapshot_at=datetime(2025, 7, 5, 12))
    assert env.one(later, snapshot_at=datetime(2025, 7, 6, 12)).changed == 1
    invoice, sequence = _current_folios(env)
    assert invoice == sequence == [(UA, "FDE200101AB1", "P", "3773")]
    history = env.rows("SELECT folio, valid_to FROM sequence_invoice ORDER BY valid_from")
    assert history == [("3772", datetime(2025, 7, 6, 12)), ("3773", None)]


def _load_as_before_0012(con: Any, path: Path, snapshot: datetime, load_id: int) -> None:
    """What the loader wrote before migration 0012: amounts staged with 2 decimals (4 for
    quantities) and CFDI sequence rows keyed on their folio."""
    parsed = parse_cfdi(con, path, FileFormat.XML, archive_sha256=f"{load_id:064d}")
    # The staged rows are views: written down as tables here to change their column types.
    invoice, concept, relation = (f"{staged.table}_old" for staged in parsed.staged)
    for staged in parsed.staged:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {staged.table}_old AS SELECT * FROM {staged.table}"
        )
    for column in ("subtotal", "total"):
        con.execute(f"ALTER TABLE {invoice} ALTER COLUMN {column} TYPE DECIMAL(18,2)")
    con.execute(f"ALTER TABLE {concept} ALTER COLUMN cantidad TYPE DECIMAL(18,4)")
    for column in ("valor_unitario", "importe"):
        con.execute(f"ALTER TABLE {concept} ALTER COLUMN {column} TYPE DECIMAL(18,2)")
    invoice_target, sequence_target = cfdi.CFDI_INVOICE.targets
    old_sequence = replace(
        sequence_target,
        key=("issuer_rfc", "store_id", "serie", "folio", "uuid"),
        columns=("source", "folio_num", "fecha", "uploaded_at", "estado"),
    )
    lineage = Lineage(load_id, f"{load_id:064d}", None, snapshot)
    for table, target in (
        (invoice, invoice_target),
        (invoice, old_sequence),
        (concept, cfdi.CFDI_CONCEPT.targets[0]),
        (relation, cfdi.CFDI_RELATION.targets[0]),
    ):
        merge_target(con, table, target, lineage)


def _in_folder(kit: FileKit, folder: str, name: str, uuid: str, folio: str) -> Path:
    (kit.folder / folder).mkdir(exist_ok=True)
    return kit.cfdi(f"{folder}/{name}", uuid, folio=folio)


def test_migration_0012_keeps_known_invoices_unchanged_and_one_sequence_row_per_uuid(
    tmp_path: Path, kit: FileKit
) -> None:
    t1, t2, t3 = (datetime(2025, 7, day, 12) for day in (5, 6, 7))
    path = tmp_path / "data" / "warehouse.duckdb"
    with Warehouse(path, migrations=bundled_migrations()[:11]) as old:
        con = old.connection
        _load_as_before_0012(con, _in_folder(kit, "a", "P-3772 IMSS.xml", UA, "3772"), t1, 1)
        _load_as_before_0012(con, _in_folder(kit, "b", "P-3773 IMSS.xml", UA, "3773"), t1, 2)
        _load_as_before_0012(con, _in_folder(kit, "c", "P-4000 IMSS.xml", UB, "4000"), t1, 3)
        _load_as_before_0012(con, _in_folder(kit, "d", "P-4001 IMSS.xml", UB, "4001"), t2, 4)
        assert con.execute(
            "SELECT count(*) FROM sequence_invoice WHERE valid_to IS NULL"
        ).fetchall() == [(4,)]
    with Warehouse(path) as warehouse:
        con = warehouse.connection
        current = con.execute(
            "SELECT uuid, folio FROM sequence_invoice WHERE valid_to IS NULL ORDER BY ALL"
        ).fetchall()
        assert current == [(UA, "3772"), (UB, "4001")]
        assert con.execute(
            "SELECT folio, valid_from, valid_to FROM sequence_invoice WHERE uuid = ? "
            "ORDER BY valid_from",
            [UB],
        ).fetchall() == [("4000", t1, t2), ("4001", t2, None)]
        counts = [
            con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
            for t in ("invoice", "invoice_concept", "sequence_invoice")
        ]
        # The same invoices in new files (other bytes, same content): nothing to version.
        again = _in_folder(kit, "e", "P-3772 IMSS.xml", UA, "3772")
        again.write_text(again.read_text() + "\n", encoding="utf-8")
        outcomes = ingest_paths(
            warehouse,
            RawArchive(tmp_path / "data" / "archive", warehouse),
            [again, _in_folder(kit, "f", "P-4001 IMSS.xml", UB, "4001")],
            snapshot_at=t3,
            quarantine_dir=tmp_path / "data" / "quarantine",
        )
        assert [(o.status, o.inserted, o.changed, o.unchanged) for o in outcomes] == [
            ("loaded", 0, 0, 1),
            ("loaded", 0, 0, 1),
        ]
        assert counts == [
            con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
            for t in ("invoice", "invoice_concept", "sequence_invoice")
        ]
