"""CFDI XML that looks almost right: a malformed UUID, a version its namespace contradicts, a CFDI
3.2, amounts with six decimals, and one UUID in two files."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

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
    assert outcome.status == "quarantined", outcome.message
    assert env.fingerprint(skip=attempts) == before
    return outcome.message


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
    import zipfile

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
