"""The generator's whole world imports cleanly and the planted truth survives the trip."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from o2c_desktop.services.archive import RawArchive
from o2c_desktop.services.generator import GenerationResult, generate
from o2c_desktop.services.ingest import FileOutcome, ingest_paths
from o2c_desktop.services.warehouse import Warehouse


@dataclass
class Loaded:
    generation: GenerationResult
    outcomes: list[FileOutcome]
    warehouse: Warehouse

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return self.warehouse.connection.execute(sql).fetchall()


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Loaded]:
    root = tmp_path_factory.mktemp("generated")
    generation = generate(root / "exports", seed=11, scale=30)
    warehouse = Warehouse(root / "data" / "warehouse.duckdb")
    archive = RawArchive(root / "data" / "archive", warehouse)
    outcomes = ingest_paths(
        warehouse, archive, [root / "exports"], quarantine_dir=root / "data" / "quarantine"
    )
    try:
        yield Loaded(generation, outcomes, warehouse)
    finally:
        warehouse.close()


def test_every_generated_file_loads(loaded: Loaded) -> None:
    refused = [(o.name, o.message) for o in loaded.outcomes if o.status == "quarantined"]
    assert refused == []
    kinds = {o.kind for o in loaded.outcomes}
    expected = {f.dataset for f in loaded.generation.files}
    assert expected <= kinds


def test_row_counts_match_what_was_generated(loaded: Loaded) -> None:
    truth = loaded.generation.truth
    assert loaded.rows("SELECT count(*) FROM sai_alta WHERE valid_to IS NULL")[0][0] == (
        truth.altas_in_sai
    )
    cfdi_rows = sum(f.rows for f in loaded.generation.files if f.dataset == "cfdi")
    assert loaded.rows("SELECT count(*) FROM invoice")[0][0] == cfdi_rows
    assert loaded.rows("SELECT sum(pena) FROM penalty")[0][0] == Decimal(
        str(truth.penalties_total)
    ).quantize(Decimal("0.01"))
    excluded = sum(truth.oap_excluded.values())
    set_aside = dict(
        loaded.rows(
            "SELECT l.kind, count(*) FROM rejected_row AS r JOIN load_ledger AS l USING (load_id) "
            "GROUP BY l.kind"
        )
    )
    assert set_aside == {"payments": excluded, "factoring": len(truth.factoring_refused)}
    assert loaded.rows("SELECT count(*) FROM payment")[0][0] == truth.oap_payments


def test_prei_first_seen_dates_match_the_planted_history(loaded: Loaded) -> None:
    history = loaded.generation.truth.prei_history
    assert history, "the generator plants a PREI history"
    seen = {
        (uuid, status): first.date().isoformat()
        for uuid, status, first in loaded.rows(
            "SELECT uuid, estado, min(valid_from) FROM contrarecibo_status GROUP BY 1, 2"
        )
    }
    for uuid, states in history.items():
        for status, day in states.items():
            assert seen.get((uuid, status)) == day, (uuid, status)


def test_reimport_of_generated_world_adds_nothing(loaded: Loaded, tmp_path: Path) -> None:
    tables = ["sai_alta", "sai_order", "invoice", "contrarecibo_status", "sagi_status", "payment"]

    def counts() -> dict[str, int]:
        return {t: loaded.rows(f"SELECT count(*) FROM {t}")[0][0] for t in tables}

    before = counts()
    archive = RawArchive(loaded.warehouse.path.parent / "archive", loaded.warehouse)
    again = ingest_paths(
        loaded.warehouse, archive, [loaded.generation.out_dir], quarantine_dir=tmp_path
    )
    assert {o.status for o in again} == {"duplicate"}
    assert counts() == before


def test_contracts_demand_sagi_and_deliveries_land_in_their_tables(loaded: Loaded) -> None:
    # Contract register rows split into contracts and their amendments (CM1, CM2, ...).
    assert loaded.rows("SELECT count(*) FROM contract")[0][0] > 0
    assert loaded.rows(
        "SELECT count(*) FROM contract_amendment WHERE NOT regexp_matches(convenio, '^CM\\d+$')"
    ) == [(0,)]
    # Demand minimum is about 40 % of the maximum (0.38-0.50 with rounding, DOMAIN §1).
    low, high = loaded.rows(
        "SELECT min(qty_min / qty_max), max(qty_min / qty_max) FROM contract_line WHERE qty_max > 0"
    )[0]
    assert 0.3 < low <= high <= 0.55
    # One current SAGI status per (UUID, order); statuses from the closed vocabulary only.
    assert loaded.rows(
        "SELECT count(*) FROM (SELECT uuid, orden_key FROM sagi_status WHERE valid_to IS NULL "
        "GROUP BY 1, 2 HAVING count(*) > 1)"
    ) == [(0,)]
    statuses = {r[0] for r in loaded.rows("SELECT DISTINCT estado FROM sagi_status")}
    assert statuses <= {
        "Cargada", "Fechas validadas", "Plantilla Generada", "Con Penas", "Sin sanciones",
        "Cancelado",
    }  # fmt: skip
    providers = {r[0] for r in loaded.rows("SELECT DISTINCT proveedor3pl FROM delivery")}
    assert "Provider A" in providers
    assert loaded.rows("SELECT count(*) FROM sequence_invoice WHERE source = 'store-feed'")[0][
        0
    ] == sum(f.rows for f in loaded.generation.files if f.dataset == "store-invoices")


def test_factoring_statement_stores_every_operation_but_the_refused_one(loaded: Loaded) -> None:
    truth = loaded.generation.truth
    assert len(truth.factoring_refused) == 1 and truth.factoring_operations_complete
    stored = {
        key: (uuid, state, recourse, face)
        for key, uuid, state, recourse, face in loaded.rows(
            "SELECT invoice_key, uuid, state, recourse, face_amount FROM factoring_operation"
        )
    }
    folio_of = dict(loaded.rows("SELECT upper(uuid), factura FROM invoice_register"))
    expected = {
        (folio_of[u] if op["folio_only"] else u): (
            None if op["folio_only"] else u,
            op["state"],
            op["recourse"],
            Decimal(str(op["face"])).quantize(Decimal("0.01")),
        )
        for u, op in truth.factoring_operations.items()
    }
    assert stored == expected
