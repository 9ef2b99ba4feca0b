"""CFDI XML documents (3.3 before April 2023, 4.0 after), one per invoice or credit note.

Layout: up to 20,000 documents go to a `cfdi/` folder of `.xml` files, registered as ONE
GeneratedFile whose path is the folder and whose rows are the document count. Larger worlds are
packed like SAT bulk downloads into monthly archives `cfdi/cfdi_<YYYY-MM>.zip`, one GeneratedFile
per archive. Building the XML text needs one string format per document; everything else is
vectorized.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from ..catalog import PRODUCTS, SUPPLIER_NAME_33, SUPPLIER_NAME_40, SUPPLIER_RFC
from ..model import Checkpoint, GeneratedFile
from ..world import World
from .common import CHECK_EVERY, nullable, timestamp_text

FOLDER_LIMIT = 20_000
ZIP_DATE = (2025, 1, 1, 0, 0, 0)
NS = {"3.3": "http://www.sat.gob.mx/cfd/3", "4.0": "http://www.sat.gob.mx/cfd/4"}
SCHEMA = {
    "3.3": "http://www.sat.gob.mx/sitio_internet/cfd/3/cfdv33.xsd",
    "4.0": "http://www.sat.gob.mx/sitio_internet/cfd/4/cfdv40.xsd",
}
TFD_NS = "http://www.sat.gob.mx/TimbreFiscalDigital"


def _document(
    version: str,
    serie: str,
    folio: int,
    fecha: str,
    total: float,
    tipo: str,
    related: str | None,
    relation: str | None,
    receptor_rfc: str,
    receptor_nombre: str,
    descripcion: str,
    cantidad: int,
    unitario: float,
    uuid: str,
    timbrado: str,
) -> str:
    v4 = version == "4.0"
    metodo = "PUE" if tipo == "E" else "PPD"
    forma = "17" if tipo == "E" else "99"
    related_xml = (
        f'<cfdi:CfdiRelacionados TipoRelacion="{relation}"><cfdi:CfdiRelacionado UUID="{related}"/>'
        "</cfdi:CfdiRelacionados>"
        if related
        else ""
    )
    emisor = SUPPLIER_NAME_40 if v4 else SUPPLIER_NAME_33
    receptor_extra = ' DomicilioFiscalReceptor="06700" RegimenFiscalReceptor="603"' if v4 else ""
    uso = "G02" if tipo == "E" else "G01"
    export = ' Exportacion="01"' if v4 else ""
    objeto = ' ObjetoImp="01"' if v4 else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<cfdi:Comprobante xmlns:cfdi="{NS[version]}" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xmlns:tfd="{TFD_NS}" xsi:schemaLocation="{NS[version]} {SCHEMA[version]}" '
        f'Version="{version}" Serie="{serie}" Folio="{folio}" Fecha="{fecha}" '
        f'FormaPago="{forma}" NoCertificado="00001000000509876543" SubTotal="{total:.2f}" '
        f'Moneda="MXN" Total="{total:.2f}" TipoDeComprobante="{tipo}"{export} '
        f'MetodoPago="{metodo}" LugarExpedicion="06600">'
        f"{related_xml}"
        f'<cfdi:Emisor Rfc="{SUPPLIER_RFC}" Nombre="{emisor}" RegimenFiscal="601"/>'
        f'<cfdi:Receptor Rfc="{receptor_rfc}" Nombre="{receptor_nombre}"{receptor_extra} '
        f'UsoCFDI="{uso}"/>'
        "<cfdi:Conceptos>"
        f'<cfdi:Concepto ClaveProdServ="51101500" Cantidad="{cantidad}" ClaveUnidad="H87" '
        f'Unidad="Pieza" Descripcion="{descripcion}" ValorUnitario="{unitario:.2f}" '
        f'Importe="{total:.2f}"{objeto}/>'
        "</cfdi:Conceptos>"
        "<cfdi:Complemento>"
        f'<tfd:TimbreFiscalDigital xmlns:tfd="{TFD_NS}" Version="1.1" UUID="{uuid}" '
        f'FechaTimbrado="{timbrado}" RfcProvCertif="SAT970701NN3" SelloCFD="c2VsbG8=" '
        'NoCertificadoSAT="00001000000505211329" SelloSAT="c2VsbG9TQVQ="/>'
        "</cfdi:Complemento>"
        "</cfdi:Comprobante>\n"
    )


def descriptions(invoices: pd.DataFrame) -> np.ndarray:
    """Concept text starting with the clave, spaced or dotted as both are seen."""
    product = invoices["product"].to_numpy()
    spaced = np.asarray([f"{p.spaced} {p.description}" for p in PRODUCTS], dtype=object)
    dotted = np.asarray([f"{p.clave} {p.description}" for p in PRODUCTS], dtype=object)
    text = np.where(invoices["folio"].to_numpy() % 9 == 0, dotted[product], spaced[product])
    credit = invoices["tipo"].to_numpy() == "E"
    referencia = invoices["referencia"].to_numpy(dtype=object)
    note = "NOTA DE CRÉDITO POR PENA CONVENCIONAL ORDEN " + referencia
    return np.asarray(np.where(credit, spaced[product] + " " + note, text), dtype=object)


def _documents(invoices: pd.DataFrame, checkpoint: Checkpoint) -> list[str]:
    ts = invoices["ts"].to_numpy()
    fecha = timestamp_text(ts)
    timbrado = timestamp_text(ts + 30 + invoices["folio"].to_numpy() % 90)
    columns = zip(
        invoices["version"].tolist(),
        invoices["serie"].tolist(),
        invoices["folio"].tolist(),
        fecha.tolist(),
        invoices["total"].astype(float).tolist(),
        invoices["tipo"].tolist(),
        nullable(invoices["related_uuid"]),
        nullable(invoices["relation"]),
        invoices["receptor_rfc"].tolist(),
        invoices["receptor_nombre"].tolist(),
        descriptions(invoices).tolist(),
        invoices["cantidad"].tolist(),
        invoices["valor_unitario"].astype(float).tolist(),
        invoices["uuid"].tolist(),
        timbrado.tolist(),
        strict=True,
    )
    out = []
    for i, args in enumerate(columns):
        out.append(_document(*args))
        if i % CHECK_EVERY == 0:
            checkpoint()
    return out


def render_cfdi(world: World, out: Path, checkpoint: Checkpoint) -> list[GeneratedFile]:
    inv = world.invoices
    folder = out / "cfdi"
    folder.mkdir(parents=True, exist_ok=True)
    names = inv["archivo"].tolist()
    if len(inv) <= FOLDER_LIMIT:
        for name, text in zip(names, _documents(inv, checkpoint), strict=True):
            (folder / name).write_text(text, encoding="utf-8")
        return [GeneratedFile("cfdi", folder, len(inv))]
    month = pd.Series(inv["day"].to_numpy().astype("datetime64[D]").astype("datetime64[M]"))
    label = month.dt.strftime("%Y-%m").to_numpy(dtype=object)
    files = []
    for key in sorted(set(label.tolist())):
        pick = np.flatnonzero(label == key)
        part = inv.iloc[pick]
        path = folder / f"cfdi_{key}.zip"
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            for name, text in zip(
                part["archivo"].tolist(), _documents(part, checkpoint), strict=True
            ):
                info = zipfile.ZipInfo(name, ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, text)
        files.append(GeneratedFile("cfdi", path, len(part)))
        checkpoint()
    return files
