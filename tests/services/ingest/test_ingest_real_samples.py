"""The real exports import cleanly, and the facts a clerk knows about them hold."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conftest import IngestEnv

ATTEMPT_TABLES = {"load_ledger", "raw_file_source", "quarantine_file", "quarantine_issue"}


def test_real_samples_import_cleanly(env: IngestEnv, real_samples: Path) -> None:
    outcomes = env.run(real_samples)
    by_name = {o.name: o for o in outcomes}
    assert {o.status for o in outcomes} == {"loaded"}, [o.message for o in outcomes]
    assert by_name["sai_altas_2025-08-25.xlsx"].kind == "sai-altas"
    assert by_name["prei_facturas_vs_cr_2025-08-25.xlsx"].kind == "prei"
    assert by_name["invoice_register_imss_2025-08-25.xlsx"].kind == "invoice-register"
    assert by_name["prei_date_ranges_2025.xlsx"].kind == "prei-ranges"
    assert by_name["sai_altas_2025-08-25.xlsx"].inserted == 58


def test_sai_altas_facts(env: IngestEnv, real_samples: Path) -> None:
    env.one(real_samples / "sai_altas_2025-08-25.xlsx")
    count, contracts, claves, total, pieces = env.rows(
        "SELECT count(*), list(DISTINCT no_contrato), list(DISTINCT clave), sum(importe), "
        "sum(cant_recibida) FROM sai_alta WHERE valid_to IS NULL"
    )[0]
    assert count == 58
    assert contracts == ["U220749"]
    assert claves == ["010.000.4411.00"]
    assert total == Decimal("11833310.00")
    assert pieces == 142570
    # fpp = alta + 45 days in every row; descUnidad padding trimmed; ids kept as text.
    assert env.scalar("SELECT count(*) FROM sai_alta WHERE fpp - fecha_alta = 45") == 58
    row = env.rows(
        "SELECT fecha_alta, no_orden, clas_ptal_recep, desc_unidad FROM sai_alta "
        "WHERE no_alta = '018001-107034'"
    )[0]
    assert str(row[0]) == "2025-07-23"
    assert row[1] == "40126288"
    assert row[2] == "018001150900"
    assert row[3] == "ALMACEN DELEGACIONAL EN AGUASCALIENTES"
    assert env.scalar("SELECT min(fecha_alta) FROM sai_alta").isoformat() == "2025-06-30"


def test_prei_facts(env: IngestEnv, real_samples: Path) -> None:
    env.one(real_samples / "prei_facturas_vs_cr_2025-08-25.xlsx")
    statuses = dict(env.rows("SELECT estado, count(*) FROM contrarecibo_status GROUP BY 1"))
    assert statuses == {"Pagado": 81, "Sin Contra Recibo": 31, "Aprobado": 9, "En proceso": 3}
    assert env.scalar("SELECT sum(importe) FROM contrarecibo_status") == Decimal("15788492.00")
    # A single space means "no contrarecibo": NULL, and only for invoices without one.
    no_cr = env.rows(
        "SELECT count(*), count(*) FILTER (WHERE estado = 'Sin Contra Recibo') "
        "FROM contrarecibo_status WHERE contra_recibo IS NULL AND unidad_negocio IS NULL"
    )[0]
    assert no_cr == (31, 31)
    row = env.rows(
        "SELECT documento, fecha_factura, unidad_negocio, contra_recibo FROM contrarecibo_status "
        "WHERE uuid = 'E4A42BD2-8E8D-460C-AAFA-D73B0BA1E9C5'"
    )[0]
    assert row[0] == "34628949"
    assert row[1].isoformat() == "2025-01-27T09:45:31"
    assert (row[2], row[3]) == ("00024", "00460245")
    # 42 distinct cells in the file, one of them the blank of "no contrarecibo yet".
    assert env.scalar("SELECT count(DISTINCT contra_recibo) FROM contrarecibo_status") == 41


def test_register_joins_altas_for_all_but_one(env: IngestEnv, real_samples: Path) -> None:
    env.run(
        real_samples / "sai_altas_2025-08-25.xlsx",
        real_samples / "invoice_register_imss_2025-08-25.xlsx",
    )
    matched, total = env.rows(
        "SELECT count(DISTINCT (a.no_alta, a.no_orden)) FILTER (WHERE r.factura IS NOT NULL), "
        "count(DISTINCT (a.no_alta, a.no_orden)) FROM sai_alta a "
        "LEFT JOIN invoice_register r ON r.alta = a.no_alta AND r.referencia = a.no_orden"
    )[0]
    assert (matched, total) == (57, 58)
    unmatched = env.scalar(
        "SELECT a.no_alta FROM sai_alta a LEFT JOIN invoice_register r "
        "ON r.alta = a.no_alta AND r.referencia = a.no_orden WHERE r.factura IS NULL"
    )
    assert unmatched == "298001-107689"


def test_register_facts(env: IngestEnv, real_samples: Path) -> None:
    outcome = env.one(real_samples / "invoice_register_imss_2025-08-25.xlsx")
    assert outcome.rows_read == 1315
    # One exact duplicate row (P-6538 twice) is read but loaded once.
    assert outcome.inserted == 1314
    assert "1 filas repetidas" in outcome.message.es
    row = env.rows(
        "SELECT serie, folio, folio_num, referencia, alta, uuid, clave, cantidad, importe, fecha "
        "FROM invoice_register WHERE factura = 'P-3772'"
    )[0]
    assert row[:6] == (
        "P", "3772", 3772, "40653107", "018001-112442", "5C82D135-4D9E-4AD1-9F73-5831034F371D"
    )  # fmt: skip
    assert row[6] == "010.000.4154.00"
    assert row[7] == Decimal("61") and row[8] == Decimal("12627.00")
    assert row[9].isoformat() == "2023-12-04T13:38:02"
    assert env.scalar("SELECT count(DISTINCT uuid) FROM invoice_register") == 1313
    # "P-6537-B" keeps its non-numeric folio instead of being cut to 6537.
    assert env.rows(
        "SELECT serie, folio, folio_num FROM invoice_register WHERE factura = 'P-6537-B'"
    ) == [("P", "6537-B", None)]
    assert env.scalar("SELECT sum(importe) FROM invoice_register") == env.scalar(
        "SELECT sum(importe) FROM invoice_register WHERE importe IS NOT NULL"
    )


def test_reimporting_real_samples_changes_nothing(env: IngestEnv, real_samples: Path) -> None:
    env.run(real_samples)
    before = env.fingerprint(skip=ATTEMPT_TABLES)
    again = env.run(real_samples)
    assert {o.status for o in again} == {"duplicate"}
    assert env.fingerprint(skip=ATTEMPT_TABLES) == before
    assert env.scalar("SELECT count(*) FROM load_ledger WHERE status = 'duplicate'") == 4
