"""Migrations that restate views keep their rows, on a generated world (factoring reserves and
fees included) and on the real samples: migration 20 states the remaining-lag rule once
(collection_lag, receivable_collection) and keeps the receivables and cash projection rows;
migration 21 reads recon_record_issue once in recon_exception and keeps its rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from shared_worlds import generated_once

from o2c_desktop.services.archive import RawArchive
from o2c_desktop.services.ingest import ingest_paths
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.services.warehouse.warehouse import bundled_migrations

from .conftest import REAL_SAMPLES, SCALE, SEED, import_world

COMPARED = ("receivable_item", "cashflow_item")


def _rows(warehouse: Warehouse, views: tuple[str, ...]) -> dict[str, list[tuple[Any, ...]]]:
    con = warehouse.connection
    return {view: con.execute(f"SELECT * FROM {view} ORDER BY ALL").fetchall() for view in views}


def _migrated_rows(
    path: Path, fill: Any, *, to: int = 20, views: tuple[str, ...] = COMPARED
) -> tuple[dict[str, list[tuple[Any, ...]]], dict[str, list[tuple[Any, ...]]]]:
    """The rows at the schema before ``to`` with the data ``fill`` loads, then after opening
    the file at schema ``to``."""
    with Warehouse(path, migrations=bundled_migrations()[: to - 1]) as old:
        assert old.schema_version() == to - 1
        fill(old)
        before = _rows(old, views)
    with Warehouse(path, migrations=bundled_migrations()[:to]) as new:
        assert new.schema_version() == to
        after = _rows(new, views)
    return before, after


def _real_samples_into(tmp_path: Path) -> Callable[[Warehouse], None]:
    """Loads the real samples into a warehouse, every file loaded."""

    def load(warehouse: Warehouse) -> None:
        archive = RawArchive(tmp_path / "archive", warehouse)
        outcomes = ingest_paths(warehouse, archive, [REAL_SAMPLES], quarantine_dir=tmp_path / "q")
        assert all(o.status == "loaded" for o in outcomes)

    return load


def _p50_and_p90_differ(rows: list[tuple[Any, ...]], columns: list[str]) -> bool:
    p50, p90 = columns.index("fecha_p50"), columns.index("fecha_p90")
    return any(row[p50] != row[p90] for row in rows)


def _cashflow_columns(warehouse_path: Path) -> list[str]:
    with Warehouse(warehouse_path, read_only=True) as warehouse:
        return [d[0] for d in warehouse.connection.execute("DESCRIBE cashflow_item").fetchall()]


def test_a_generated_world_keeps_its_receivables_and_cashflow_rows_from_schema_19_to_20(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    generation = generated_once(tmp_path_factory, seed=SEED, scale=SCALE)
    before, after = _migrated_rows(
        tmp_path / "warehouse.duckdb", lambda old: import_world(generation, old, tmp_path)
    )
    assert after == before
    assert before["receivable_item"] and before["cashflow_item"]
    concepts = {row[0] for row in after["cashflow_item"]}
    assert {"cobro_institucion", "reserva", "comision"} <= concepts
    columns = _cashflow_columns(tmp_path / "warehouse.duckdb")
    assert _p50_and_p90_differ(after["cashflow_item"], columns)


def test_the_real_samples_keep_their_receivables_and_cashflow_rows_from_schema_19_to_20(
    tmp_path: Path,
) -> None:
    before, after = _migrated_rows(tmp_path / "warehouse.duckdb", _real_samples_into(tmp_path))
    assert after == before
    assert len(before["receivable_item"]) > 50 and len(before["cashflow_item"]) > 50
    columns = _cashflow_columns(tmp_path / "warehouse.duckdb")
    assert _p50_and_p90_differ(after["cashflow_item"], columns)


def test_a_generated_world_keeps_its_exception_rows_from_schema_20_to_21(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    generation = generated_once(tmp_path_factory, seed=SEED, scale=SCALE)
    before, after = _migrated_rows(
        tmp_path / "warehouse.duckdb",
        lambda old: import_world(generation, old, tmp_path),
        to=21,
        views=("recon_exception",),
    )
    assert after == before
    # The reasons read from the record's flags are there, beside the invoice-level ones (this
    # world has no IMSS-Bienestar invoice without an order: test_reconcile_reasons has one).
    counts = Counter(row[5] for row in after["recon_exception"])  # excepcion
    record_reasons = {
        "ALTA_NOT_INVOICED",
        "MULTIPLE_MATCHES",
        "ALTA_NOT_FOUND",
        "CANCELLED_ORDER_DELIVERED",
        "AMOUNT_MISMATCH",
    }
    assert record_reasons <= set(counts), counts
    assert set(counts) - record_reasons, "invoice-level reasons too"


def test_the_real_samples_keep_their_exception_rows_from_schema_20_to_21(tmp_path: Path) -> None:
    before, after = _migrated_rows(
        tmp_path / "warehouse.duckdb", _real_samples_into(tmp_path), to=21,
        views=("recon_exception",),
    )  # fmt: skip
    assert after == before
    assert len(after["recon_exception"]) > 10
