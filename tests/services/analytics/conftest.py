"""A generated world imported once per session, and the real samples imported once.

The generated world is imported with ``ingest_paths`` folder by folder. Folders whose files carry
no snapshot date in their name are stamped with the world's as-of date, so "as of" questions about
the generated world have real answers. The factoring statement sets aside its one planted row
(an advance beyond its invoice) and loads the rest. The CFDI folder holds one XML per invoice and
imports at about half a second per file, so only the XMLs of cancelled and replacing invoices are
imported: the chain reads amounts and links from the invoice register and uses the XMLs
when present.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
from known_rows import insert
from shared_worlds import built_once, copy_folder, generated_once

from o2c_desktop.services.archive import RawArchive
from o2c_desktop.services.generator import GenerationResult
from o2c_desktop.services.ingest import ingest_paths
from o2c_desktop.services.warehouse import Warehouse

# A small world in which the generator planted at least one of every chain exception.
SEED, SCALE = 180, 200
DATED_FOLDERS = ("prei", "sagi", "pagos", "factoraje")
REAL_SAMPLES = Path(__file__).resolve().parents[3].parent / "shared" / "samples" / "real"
UNDATED_FOLDERS = ("sai", "registro", "camunda", "contratos", "logistica", "penas")


@dataclass
class World:
    generation: GenerationResult
    warehouse: Warehouse

    @property
    def as_of(self) -> date:
        return self.generation.as_of


def import_world(generation: GenerationResult, warehouse: Warehouse, root: Path) -> None:
    archive = RawArchive(root / "archive", warehouse)
    exports = generation.out_dir
    stamp = datetime.combine(generation.as_of, datetime.min.time()).replace(hour=12)
    cancelled = {str(u) for u, *_ in generation.truth.cancelled_invoices_linked}
    xmls = [
        path
        for path in sorted((exports / "cfdi").rglob("*.xml"))
        if "CANCELADA" in path.name or _cites(path, cancelled)
    ]
    quarantine = root / "quarantine"
    for folder in DATED_FOLDERS:
        outcomes = ingest_paths(warehouse, archive, [exports / folder], quarantine_dir=quarantine)
        assert all(o.status == "loaded" for o in outcomes), [o.message for o in outcomes]
    undated = [exports / f for f in UNDATED_FOLDERS] + xmls
    outcomes = ingest_paths(
        warehouse, archive, undated, quarantine_dir=quarantine, snapshot_at=stamp
    )
    assert all(o.status in ("loaded", "duplicate") for o in outcomes), [
        o.message for o in outcomes if o.status == "quarantined"
    ]


def _cites(path: Path, uuids: set[str]) -> bool:
    text = path.read_text(encoding="utf-8", errors="replace").upper()
    return any(u in text for u in uuids)


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """The world, imported once per run; each process reads its own copy of the data folder."""
    generation = generated_once(tmp_path_factory, seed=SEED, scale=SCALE)

    def build(data: Path) -> None:
        with Warehouse(data / "warehouse.duckdb") as warehouse:
            import_world(generation, warehouse, data)

    template = built_once(tmp_path_factory, f"analytics-world-{SEED}-{SCALE}", build)
    data = copy_folder(template, tmp_path_factory.mktemp("analytics-world") / "data")
    warehouse = Warehouse(data / "warehouse.duckdb")
    try:
        yield World(generation, warehouse)
    finally:
        warehouse.close()


@pytest.fixture(scope="session")
def real(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Warehouse]:
    root = tmp_path_factory.mktemp("analytics-real")
    warehouse = Warehouse(root / "warehouse.duckdb")
    try:
        outcomes = ingest_paths(
            warehouse,
            RawArchive(root / "archive", warehouse),
            [REAL_SAMPLES],
            quarantine_dir=root / "quarantine",
        )
        assert all(o.status == "loaded" for o in outcomes)
        yield warehouse
    finally:
        warehouse.close()


class HandBuilt:
    """An empty warehouse whose canonical tables a test fills row by row, with the lineage
    columns every load fills, so each figure of a view can be computed by hand.

    A row is known from the business date given (``valid_from`` = that day at noon), the way a
    daily download would have brought it in: a cut before that day does not see it.
    """

    def __init__(self, warehouse: Warehouse) -> None:
        self.warehouse = warehouse
        self.con: duckdb.DuckDBPyConnection = warehouse.connection

    def insert(self, table: str, known: date, *rows: Mapping[str, Any]) -> None:
        insert(self.con, table, known, *rows)


@pytest.fixture
def handbuilt(tmp_path: Path) -> Iterator[HandBuilt]:
    with Warehouse(tmp_path / "warehouse.duckdb") as warehouse:
        yield HandBuilt(warehouse)
