"""Every dataset is written in its real format, reads back with the exact headers, and its row
counts match the planted ground truth."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta

from o2c_desktop.services.generator import DATASETS, GenerationResult
from o2c_desktop.services.generator.render.camunda import CSV_HEADERS, XLSX_HEADERS
from o2c_desktop.services.generator.render.prei import HEADERS as PREI_HEADERS
from o2c_desktop.services.generator.render.sagi import HEADERS as SAGI_HEADERS

from .conftest import files_of
from .helpers import camunda_csv, sheet_rows, table

REAL_ALTA_HEADERS = [
    "noAlta", "fechaAltaTrunc", "noContrato", "noOrden", "clave", "cantRecibida", "importe",
    "fpp", "clasPtalRecep", "descUnidad", "clasPtalDist", "descDist", "totalItems", "resguardo",
]  # fmt: skip
REAL_REGISTER_HEADERS = [
    "Folio", "Referencia", "Alta", "UUID", "Fecha", "Nombre", "Rfc", "Descripcion", "Cantidad",
    "Importe", "Archivo",
]  # fmt: skip
CFDI = {"3.3": "http://www.sat.gob.mx/cfd/3", "4.0": "http://www.sat.gob.mx/cfd/4"}
TFD = "{http://www.sat.gob.mx/TimbreFiscalDigital}TimbreFiscalDigital"


def test_every_dataset_has_files_and_truth_json(generated: GenerationResult) -> None:
    assert {f.dataset for f in generated.files} == set(DATASETS)
    for f in generated.files:
        assert f.path.exists(), f.path
    stored = json.loads((generated.out_dir / "truth.json").read_text(encoding="utf-8"))
    assert stored == json.loads(json.dumps(generated.truth.to_dict()))
    assert sum(stored["counts"].values()) == sum(f.rows for f in generated.files)


def test_sai_altas_match_the_real_export_shape(generated: GenerationResult) -> None:
    total = 0
    for path in files_of(generated, "sai-altas"):
        assert path.name.startswith("altas_export_") and path.suffix == ".xlsx"
        header, rows = table(path, sheet="data")
        assert header == REAL_ALTA_HEADERS
        for r in rows:
            alta_day = datetime.strptime(r[1], "%d/%m/%Y").date()
            assert datetime.strptime(r[7], "%d/%m/%Y").date() == alta_day + timedelta(days=45)
            assert len(r[9]) == 70 and r[9] == r[9].rstrip().ljust(70)
            assert isinstance(r[8], str) and len(r[8]) in (11, 12)
            assert r[4].count("-") == 4 and r[10:] == ["", "", "", ""]
            assert (
                r[6]
                == r[5]
                * {"4411": 83, "0246": 69, "4224": 207, "4242": 111, "4154": 207, "5319": 327}[
                    r[4][8:12]
                ]
            )
        total += len(rows)
    assert total == generated.truth.altas_in_sai == generated.truth.counts["sai-altas"]


def test_sai_orders_have_the_15_headers_and_noisy_amounts(generated: GenerationResult) -> None:
    total, text_amounts = 0, 0
    for path in files_of(generated, "sai-ordenes"):
        header, rows = table(path, sheet="data")
        assert header[:3] == ["contrato", "solicitud", "orden"] and len(header) == 15
        assert "descripciónEntrega" in header and header[-1] == "importeSinIva"
        for r in rows:
            assert str(int(r[2])).startswith("40") and r[10] in {
                "Confirmada",
                "Pendiente",
                "Cancelada",
            }
            issue = datetime.strptime(r[5], "%d/%m/%Y")
            assert 10 <= (datetime.strptime(r[11], "%d/%m/%Y") - issue).days <= 30
            text_amounts += sum(isinstance(v, str) for v in r[12:15])
        total += len(rows)
    assert total == generated.truth.imss_order_lines
    assert text_amounts > 0  # `$83.00` / `1,350` style cells are present


def test_registers_have_title_rows_and_real_headers(generated: GenerationResult) -> None:
    imss, imssb = sorted(files_of(generated, "invoice-register"), key=lambda p: len(p.name))
    rows = sheet_rows(imss, "Reporte Paq")
    assert rows[2] == REAL_REGISTER_HEADERS and rows[0][0] != "Folio"
    data = rows[3:]
    assert all(r[0].startswith("P-") and r[10].startswith(r[0] + " IMSS") for r in data)
    assert all(r[7].startswith("010") for r in data)
    b_rows = sheet_rows(imssb, "Reporte PAQ")
    assert b_rows[2][:3] == ["Fecha", "Serie", "Folio"] and "UUID Descripción" in b_rows[2]
    assert len(data) + len(b_rows) - 3 == generated.truth.counts["invoice-register"]


def test_cfdi_documents_parse_and_carry_their_identity(generated: GenerationResult) -> None:
    (folder,) = files_of(generated, "cfdi")
    docs = sorted(folder.glob("*.xml"))
    assert len(docs) == generated.truth.counts["cfdi"]
    uuids, related, versions = set(), [], set()
    for path in docs:
        root = ET.parse(path).getroot()
        version = root.get("Version")
        assert version is not None
        versions.add(version)
        ns = {"cfdi": CFDI[version]}
        assert root.tag == f"{{{CFDI[version]}}}Comprobante"
        assert root.get("SubTotal") == root.get("Total")
        concept = root.find("cfdi:Conceptos/cfdi:Concepto", ns)
        assert concept is not None and concept.get("Descripcion", "").startswith("010")
        stamp = root.find(f"cfdi:Complemento/{TFD}", ns)
        assert stamp is not None
        uuids.add(stamp.get("UUID"))
        assert path.name.startswith(f"{root.get('Serie')}-{root.get('Folio')} ")
        if root.get("TipoDeComprobante") == "E":
            rel = root.find("cfdi:CfdiRelacionados/cfdi:CfdiRelacionado", ns)
            assert rel is not None and root.get("MetodoPago") == "PUE"
            related.append(rel.get("UUID"))
    assert versions == {"3.3", "4.0"}
    assert related and set(related) <= uuids
    cancelled = {c[1] for c in generated.truth.cancelled_invoices_linked}
    assert {p.name.split(" ")[0] for p in docs if "CANCELADA" in p.name} == cancelled


def test_prei_xls_files_have_title_block_and_snapshot_counts(generated: GenerationResult) -> None:
    per_snapshot: dict[str, dict[str, int]] = {}
    for path in files_of(generated, "prei"):
        assert path.suffix == ".xls" and path.name.startswith("[FacturaVsCR][demo.proveedor][")
        assert path.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"  # a real BIFF8/OLE2 workbook
        rows = sheet_rows(path)
        assert [str(h) for h in rows[8]] == list(PREI_HEADERS)
        counts = per_snapshot.setdefault(path.parent.name, {})
        for r in rows[9:]:
            assert isinstance(r[2], datetime) and isinstance(r[4], datetime) and r[4] >= r[2]
            assert (r[6] == " ") == (r[7] == "Sin Contra Recibo") == (r[5] == " ")
            counts[r[7]] = counts.get(r[7], 0) + 1
    expected = {
        d: {s: n for s, n in c.items() if n} for d, c in generated.truth.prei_snapshots.items()
    }
    assert per_snapshot == expected
    assert len(per_snapshot) == 11


def test_sagi_snapshots_keep_artefacts_and_text_totals(generated: GenerationResult) -> None:
    counts = {}
    for path in files_of(generated, "sagi"):
        header, rows = table(path)
        assert header == list(SAGI_HEADERS)
        assert all(r[8].startswith("$") and r[8].count(".") == 1 and "," not in r[8] for r in rows)
        assert all(r[11] == "error" and r[0] == "" for r in rows)
        without_order = sum(r[5] == "" for r in rows)
        assert 0.1 < without_order / len(rows) < 0.4
        day = datetime.strptime(path.name[:10], "%Y %m %d").date().isoformat()
        counts[day] = len(rows)
    assert counts == generated.truth.sagi_snapshots


def test_camunda_exports(generated: GenerationResult) -> None:
    paths = files_of(generated, "camunda")
    xlsx = [p for p in paths if p.suffix == ".xlsx"]
    header, rows = table(xlsx[0])
    assert header == list(XLSX_HEADERS) and rows
    csv_rows = 0
    for path in (p for p in paths if p.suffix == ".csv"):
        assert path.read_bytes()[:3] == b"\xef\xbb\xbf"
        header, data = camunda_csv(path)
        assert header == list(CSV_HEADERS)
        assert all(len(r) == len(header) for r in data)
        csv_rows += len(data)
    assert len(rows) + csv_rows == generated.truth.imssb_orders


def test_contract_demand_sheet(generated: GenerationResult) -> None:
    demand, register = sorted(files_of(generated, "contracts"))
    header, rows = table(demand, sheet="Global")
    assert "CANT MAX FARMACEUTICA DEMO\nPROV. 2" in header and header[-1] == "PROCED. "
    for r in rows:
        assert r[7] == round(r[8] * 0.4) and r[8] > 0
    reg_header, reg_rows = table(register)
    assert reg_header[:3] == ["Institución", "Procedimiento", "Contrato"]
    assert {r[11] for r in reg_rows} >= {"Primigenio"}


def test_deliveries_payments_and_penalties(generated: GenerationResult) -> None:
    unified, concentrado = sorted(files_of(generated, "deliveries"))
    header, rows = table(unified)
    assert header[0] == "codigo_entrega" and header[-1] == "proveedor3pl"
    switch = date(2025, 6, 30)
    for r in rows:
        if r[8]:
            delivered = r[6].date() if isinstance(r[6], datetime) else r[6]
            assert r[8] == ("Provider A" if delivered < switch else "Provider B")
    conc = sheet_rows(concentrado, "Concentrado")
    assert conc[2][0] == "PEDIDO CLIENTE" and conc[2][-1] == "CLAVE"

    usable, excluded = 0, 0
    for path in files_of(generated, "payments"):
        rows = sheet_rows(path)
        headers = [
            i
            for i, r in enumerate(rows)
            if r[:4] == ["Folio Fiscal", "Referencia", "Importe", "CLC"]
        ]
        assert headers and headers[0] > 0
        for r in rows[headers[0] + 1 :]:
            if r[0] == "Folio Fiscal":
                continue
            if r[0] == "" or isinstance(r[2], str):
                excluded += 1
            else:
                usable += 1
    assert usable == generated.truth.oap_payments
    assert excluded == sum(generated.truth.oap_excluded.values()) > 0

    (penalties,) = files_of(generated, "penalties")
    header, rows = table(penalties, sheet="Desglose")
    assert header == ["ORDEN DE SUMINISTRO", "PENA", "OFICIO", "Folio NC"]
    assert len(rows) == generated.truth.penalties
    total = sum(float(str(r[1]).replace(",", "")) for r in rows)
    assert abs(total - generated.truth.penalties_total) < 0.05
