"""Each report downloads through the real browser and holds exactly the world's rows."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from o2c_desktop.services.portals.demo import DemoPortal
from o2c_desktop.services.portals.engine.table import snapshot_name

from .conftest import AS_OF, PREI_LIMIT, Runner, as_key, sheet_rows


def test_sai_altas_one_file_per_calendar_year_with_the_worlds_rows(
    run: Runner, portal: DemoPortal
) -> None:
    outcome = run("sai.altas", date(2023, 1, 1), AS_OF)

    assert outcome.status == "ok", outcome.error
    assert [(f.range_from, f.range_to) for f in outcome.files] == [
        (date(2023, 1, 1), date(2023, 12, 31)),
        (date(2024, 1, 1), date(2024, 12, 31)),
        (date(2025, 1, 1), AS_OF),
    ]
    assert len(run.human_calls) == 1 and run.human_calls[0].portal == "sai"
    for item in outcome.files:
        assert item.path.name.startswith("altas_export_") and item.path.suffix == ".xlsx"
        header, rows = sheet_rows(item.path)
        assert header[:4] == ["noAlta", "fechaAltaTrunc", "noContrato", "noOrden"]
        assert len(header) == 14
        keys = sorted((as_key(r[0]), as_key(r[3])) for r in rows)
        assert keys == portal.truth_keys("sai.altas", item.range_from, item.range_to)
        assert all(len(str(r[9])) == 70 for r in rows), "descUnidad keeps its padding"


def test_sai_ordenes_reached_from_the_altas_header(run: Runner, portal: DemoPortal) -> None:
    outcome = run("sai.ordenes", date(2024, 6, 1), AS_OF)

    assert outcome.status == "ok", outcome.error
    assert [(f.range_from, f.range_to) for f in outcome.files] == [
        (date(2024, 6, 1), date(2024, 12, 31)),
        (date(2025, 1, 1), AS_OF),
    ]
    for item in outcome.files:
        header, rows = sheet_rows(item.path)
        assert item.original_name.startswith("ordenes_export_")
        assert "descripciónEntrega" in header and len(header) == 15
        keys = sorted((as_key(r[2]),) for r in rows)
        assert keys == portal.truth_keys("sai.ordenes", item.range_from, item.range_to)


def test_prei_refused_ranges_are_bisected_and_every_invoice_arrives(
    run: Runner, portal: DemoPortal
) -> None:
    outcome = run("prei.facturas_vs_cr", date(2024, 1, 1), AS_OF)

    assert outcome.status == "ok", outcome.error
    assert outcome.split_points, "a year holds more invoices than the portal's limit"
    covered = sorted((f.range_from, f.range_to) for f in outcome.files)
    assert covered[0][0] == date(2024, 1, 1) and covered[-1][1] == AS_OF
    assert all(b[0] == a[1] + timedelta(days=1) for a, b in itertools.pairwise(covered))
    for item in outcome.files:
        assert item.path.name == (
            f"[FacturaVsCR][demo.proveedor][{item.range_from:%d-%m-%Y}][{item.range_to:%d-%m-%Y}].xls"
        )
        assert item.path.read_bytes()[:4] == b"\xd0\xcf\x11\xe0", "legacy BIFF .xls"
        header, rows = sheet_rows(item.path, header_row=8)
        assert header == [
            "Documento", "Folio Fiscal", "Fecha Factura", "Importe", "Fecha Carga",
            "Unidad Negocio", "Contra Recibo", "Estado C.R.",
        ]  # fmt: skip
        assert 0 < len(rows) <= PREI_LIMIT
        keys = sorted((str(r[1]).upper(),) for r in rows)
        assert keys == portal.truth_keys("prei.facturas_vs_cr", item.range_from, item.range_to)
    all_keys = sorted(k for f in outcome.files for k in portal.truth_keys(
        "prei.facturas_vs_cr", f.range_from, f.range_to))  # fmt: skip
    assert all_keys == portal.truth_keys("prei.facturas_vs_cr", date(2024, 1, 1), AS_OF)


def test_sagi_reads_every_page_into_one_workbook(run: Runner, portal: DemoPortal) -> None:
    outcome = run("sagi.facturas2024")

    assert outcome.status == "ok", outcome.error
    truth = portal.truth_keys("sagi.facturas2024", AS_OF, AS_OF)
    assert outcome.pages == -(-len(truth) // 50) and outcome.pages > 1
    (item,) = outcome.files
    assert item.path.name.endswith(" SAGI_2024.xlsx")
    assert len(item.path.name) == len(snapshot_name("2024"))
    header, rows = sheet_rows(item.path)
    assert len(header) == 12 and header[0] == "Unnamed: 0" and header[-1] == "Opciones"
    assert sorted((str(r[7]).upper(), str(r[10])) for r in rows) == truth
    assert all(str(r[8]).startswith("$") for r in rows)
