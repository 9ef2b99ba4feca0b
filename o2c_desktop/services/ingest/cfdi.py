"""CFDI 3.3 and 4.0 XML: single files, and zip archives of them.

XML is parsed with defusedxml and DTDs are refused outright, so no external entity is ever
resolved and no entity bomb is expanded. Attributes are collected as text; cleaning and checks
then run through the same SQL as the spreadsheets, with these internal schemas.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from o2c_desktop.messages import Message, msg
from o2c_desktop.services.ingest.cleaning import FieldType as T
from o2c_desktop.services.ingest.cleaning import sql_clean
from o2c_desktop.services.ingest.issues import Issue, SchemaViolation
from o2c_desktop.services.ingest.schemas import DatasetSchema, Field, Target

NAMESPACES = {
    "http://www.sat.gob.mx/cfd/3": "3.3",
    "http://www.sat.gob.mx/cfd/4": "4.0",
}
TFD = "{http://www.sat.gob.mx/TimbreFiscalDigital}TimbreFiscalDigital"
# The SAT's UUID pattern (TimbreFiscalDigital, CfdiRelacionado), in either case: ingest uppercases.
UUID_SHAPE = re.compile(r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}", re.I)
MAX_XML_BYTES = 20 * 1024 * 1024  # a CFDI is a few kB; anything huge is not one
MAX_MEMBERS = 500_000


def _field(name: str, type_: T = T.TEXT, *, nullable: bool = True) -> Field:
    return Field(name, (name,), type_, required=False, nullable=nullable)


INVOICE_FIELDS = (
    _field("uuid", T.UUID, nullable=False),
    _field("version"),
    _field("serie", T.KEY),
    _field("folio", T.KEY),
    _field("fecha", T.DATETIME, nullable=False),
    _field("subtotal", T.XML_DECIMAL),
    _field("total", T.XML_DECIMAL, nullable=False),
    _field("moneda"),
    _field("tipo_comprobante", T.KEY),
    _field("metodo_pago", T.KEY),
    _field("forma_pago", T.KEY),
    _field("lugar_expedicion", T.KEY),
    _field("emisor_rfc", T.KEY, nullable=False),
    _field("emisor_nombre"),
    _field("receptor_rfc", T.KEY),
    _field("receptor_nombre"),
    _field("uso_cfdi", T.KEY),
    _field("fecha_timbrado", T.DATETIME),
    _field("xml_name"),
)

_INVOICE_COLUMNS = (*(f.name for f in INVOICE_FIELDS), "factura", "folio_num")

# A CFDI carries no store: DOMAIN §10 #12 falls back to issuer RFC + LugarExpedicion (the issuer
# RFC is already part of the sequence). The supplier's own invoices are one series with no
# store, the same domain its invoice register feeds.
_STORE_FALLBACK = (
    "CASE WHEN upper(emisor_rfc) = upper($supplier_rfc) THEN '' "
    "ELSE coalesce(lugar_expedicion, '') END"
)

CFDI_INVOICE = DatasetSchema(
    kind="cfdi",
    variant="cfdi",
    fields=INVOICE_FIELDS,
    derived=(
        ("factura", "CASE WHEN serie IS NULL THEN folio ELSE serie || '-' || folio END"),
        ("folio_num", "TRY_CAST(folio AS BIGINT)"),
        ("store_id", _STORE_FALLBACK),
    ),
    targets=(
        Target("invoice", ("uuid",), _INVOICE_COLUMNS),
        # Keyed like ``invoice``, on the UUID: a second file with the same UUID and another
        # folio replaces (or, in the same snapshot, loses to) the first one here too, instead of
        # adding a second folio for one invoice.
        Target(
            "sequence_invoice",
            ("source", "uuid"),
            (
                "issuer_rfc",
                "store_id",
                "serie",
                "folio",
                "folio_num",
                "fecha",
                "uploaded_at",
                "estado",
            ),
            where="folio IS NOT NULL",
            expressions=(
                ("source", "'cfdi'"),
                ("issuer_rfc", "emisor_rfc"),
                ("serie", "coalesce(serie, '')"),
                ("uploaded_at", "CAST(NULL AS TIMESTAMP)"),
                ("estado", "CAST(NULL AS VARCHAR)"),
            ),
        ),
    ),
)

CONCEPT_FIELDS = (
    _field("uuid", T.UUID, nullable=False),
    _field("line_no", T.INT, nullable=False),
    _field("clave_prod_serv", T.KEY),
    _field("descripcion"),
    _field("cantidad", T.XML_DECIMAL),
    _field("valor_unitario", T.XML_DECIMAL),
    _field("importe", T.XML_DECIMAL),
)

CFDI_CONCEPT = DatasetSchema(
    kind="cfdi",
    variant="cfdi-concept",
    fields=CONCEPT_FIELDS,
    derived=(("clave", sql_clean(T.CLAVE, "descripcion")),),
    targets=(
        Target(
            "invoice_concept",
            ("uuid", "line_no"),
            ("clave", "clave_prod_serv", "descripcion", "cantidad", "valor_unitario", "importe"),
        ),
    ),
)

RELATION_FIELDS = (
    _field("uuid", T.UUID, nullable=False),
    _field("related_uuid", T.UUID, nullable=False),
    _field("tipo_relacion", T.KEY),
)

CFDI_RELATION = DatasetSchema(
    kind="cfdi",
    variant="cfdi-relation",
    fields=RELATION_FIELDS,
    targets=(Target("invoice_relation", ("uuid", "related_uuid"), ("tipo_relacion",)),),
)


@dataclass
class CfdiRows:
    invoices: list[dict[str, str | None]] = field(default_factory=list)
    concepts: list[dict[str, str | None]] = field(default_factory=list)
    relations: list[dict[str, str | None]] = field(default_factory=list)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(parent: Element, namespace: str, name: str) -> Element | None:
    return parent.find(f"{{{namespace}}}{name}")


def parse_cfdi(data: bytes, name: str, rows: CfdiRows, *, document_number: int) -> None:
    """Append one CFDI's rows; raise SchemaViolation when it is not a stamped CFDI."""
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise SchemaViolation(
            msg("cfdi.dtd", name=name),
            kind="cfdi",
            issues=[Issue(name, None, None, "XML sin DTD ni entidades", type(exc).__name__)],
            details=repr(exc),
        ) from exc
    except ParseError as exc:
        raise SchemaViolation(
            msg("cfdi.not_well_formed", name=name, cause=exc),
            kind="cfdi",
            issues=[Issue(name, exc.position[0], None, "XML bien formado", str(exc))],
        ) from exc
    namespace = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
    version = _declared_version(root, namespace, name)
    stamp = root.find(f".//{TFD}")
    uuid = _stamp_uuid(stamp, name)
    emisor = _child(root, namespace, "Emisor")
    receptor = _child(root, namespace, "Receptor")
    rows.invoices.append(
        {
            "src_row": str(document_number),
            "uuid": uuid,
            "version": version,
            "serie": root.get("Serie"),
            "folio": root.get("Folio"),
            "fecha": root.get("Fecha"),
            "subtotal": root.get("SubTotal"),
            "total": root.get("Total"),
            "moneda": root.get("Moneda"),
            "tipo_comprobante": root.get("TipoDeComprobante"),
            "metodo_pago": root.get("MetodoPago"),
            "forma_pago": root.get("FormaPago"),
            "lugar_expedicion": root.get("LugarExpedicion"),
            "emisor_rfc": emisor.get("Rfc") if emisor is not None else None,
            "emisor_nombre": emisor.get("Nombre") if emisor is not None else None,
            "receptor_rfc": receptor.get("Rfc") if receptor is not None else None,
            "receptor_nombre": receptor.get("Nombre") if receptor is not None else None,
            "uso_cfdi": receptor.get("UsoCFDI") if receptor is not None else None,
            "fecha_timbrado": stamp.get("FechaTimbrado") if stamp is not None else None,
            "xml_name": name,
        }
    )
    concepts = _child(root, namespace, "Conceptos")
    for line_no, concept in enumerate(
        concepts.findall(f"{{{namespace}}}Concepto") if concepts is not None else [], start=1
    ):
        rows.concepts.append(
            {
                "src_row": str(document_number),
                "uuid": uuid,
                "line_no": str(line_no),
                "clave_prod_serv": concept.get("ClaveProdServ"),
                "descripcion": concept.get("Descripcion"),
                "cantidad": concept.get("Cantidad"),
                "valor_unitario": concept.get("ValorUnitario"),
                "importe": concept.get("Importe"),
            }
        )
    for group in root.findall(f"{{{namespace}}}CfdiRelacionados"):
        for related in group.findall(f"{{{namespace}}}CfdiRelacionado"):
            rows.relations.append(
                {
                    "src_row": str(document_number),
                    "uuid": uuid,
                    "related_uuid": _related_uuid(related, name),
                    "tipo_relacion": group.get("TipoRelacion"),
                }
            )


def _declared_version(root: Element, namespace: str, name: str) -> str:
    """The version the Comprobante declares, refused unless it is 3.3 or 4.0 in its own namespace.

    CFDI 3.2 and older spell their attributes in lower case (``version``, ``fecha``), so reading
    them as 3.3 would only find empty columns; they are named for what they are instead.
    """
    is_comprobante = _local(root.tag) == "Comprobante"
    declared = (root.get("Version") or root.get("version") or "").strip()
    if is_comprobante and declared and declared not in NAMESPACES.values():
        raise SchemaViolation(
            msg("cfdi.old_version", name=name, version=declared),
            kind="cfdi",
            issues=[Issue(name, None, "Comprobante/@Version", "3.3 o 4.0", declared)],
        )
    if not is_comprobante or namespace not in NAMESPACES:
        raise SchemaViolation(
            msg("cfdi.not_a_cfdi", name=name, root=root.tag),
            kind="cfdi",
            issues=[Issue(name, None, None, "cfdi:Comprobante 3.3 o 4.0", root.tag)],
        )
    expected = NAMESPACES[namespace]
    if declared != expected:
        found = f'Version="{declared}"' if declared else msg("cfdi.no_version_attribute")
        raise SchemaViolation(
            msg(
                "cfdi.version_mismatch",
                name=name,
                expected=expected,
                namespace=namespace,
                found=found,
            ),
            kind="cfdi",
            issues=[Issue(name, None, "Comprobante/@Version", expected, declared or None)],
        )
    return expected


def _stamp_uuid(stamp: Element | None, name: str) -> str:
    uuid = stamp.get("UUID") if stamp is not None else None
    if not uuid:
        raise SchemaViolation(
            msg("cfdi.not_stamped", name=name),
            kind="cfdi",
            issues=[Issue(name, None, "TimbreFiscalDigital/@UUID", "un UUID", None)],
        )
    what = msg("cfdi.own_uuid")
    return _well_formed_uuid(uuid, name, "TimbreFiscalDigital/@UUID", what)


def _related_uuid(related: Element, name: str) -> str:
    uuid = related.get("UUID") or ""
    return _well_formed_uuid(uuid, name, "CfdiRelacionado/@UUID", msg("cfdi.related_uuid"))


def _well_formed_uuid(uuid: str, name: str, where: str, what: Message) -> str:
    if UUID_SHAPE.fullmatch(uuid.strip()):
        return uuid
    raise SchemaViolation(
        msg("cfdi.bad_uuid", name=name, what=what, uuid=uuid),
        kind="cfdi",
        issues=[Issue(name, None, where, "un UUID 8-4-4-4-12", uuid or None)],
    )


def iter_xml_documents(path: Path, is_zip: bool) -> Iterator[tuple[str, bytes]]:
    """(member name, bytes) of each XML in a zip, or the single file itself."""
    if not is_zip:
        yield path.name, path.read_bytes()
        return
    with zipfile.ZipFile(path) as archive:
        members = [i for i in archive.infolist() if i.filename.lower().endswith(".xml")]
        if len(members) > MAX_MEMBERS:
            raise SchemaViolation(
                msg("cfdi.too_many_members", name=path.name, count=len(members), limit=MAX_MEMBERS),
                kind="cfdi",
            )
        for info in sorted(members, key=lambda i: i.filename):
            if info.file_size > MAX_XML_BYTES:
                raise SchemaViolation(
                    msg(
                        "cfdi.member_too_big",
                        member=info.filename,
                        name=path.name,
                        size=info.file_size,
                    ),
                    kind="cfdi",
                    issues=[Issue(info.filename, None, None, "un CFDI de pocos kB", "enorme")],
                )
            try:
                yield info.filename, archive.read(info)
            except (zipfile.BadZipFile, EOFError, OSError) as exc:
                raise SchemaViolation(
                    msg("cfdi.zip_damaged", name=path.name, member=info.filename),
                    kind="cfdi",
                    issues=[Issue(info.filename, None, None, "miembro legible", str(exc))],
                ) from exc


def read_cfdi_file(path: Path, is_zip: bool) -> CfdiRows:
    rows = CfdiRows()
    for number, (name, data) in enumerate(iter_xml_documents(path, is_zip), start=1):
        parse_cfdi(data, name, rows, document_number=number)
    return rows
