"""Invoices straight into ``sequence_invoice`` (the table ingest fills), for the gap tests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from o2c_desktop.services.warehouse import Warehouse

ISSUER = "AAA010101AAA"


class Invoices:
    def __init__(self, warehouse: Warehouse) -> None:
        self.warehouse = warehouse
        self.count = 0

    def add(
        self,
        folio: str,
        when: str,
        *,
        store: str = "T1",
        serie: str = "",
        uuid: str | None = None,
        estado: str = "Vigente",
        uploaded: str | None = None,
        issuer: str = ISSUER,
    ) -> str:
        self.count += 1
        uuid = uuid or f"UUID-{self.count:05d}"
        issued = datetime.fromisoformat(when)
        self.warehouse.connection.execute(
            "INSERT INTO sequence_invoice VALUES ('store-feed', ?, ?, ?, ?, NULL, ?, ?, ?, ?, "
            "TIMESTAMP '2020-01-01', NULL, 'h', 1, 'test', NULL, ?, NULL)",
            [issuer, store, serie, folio, uuid, issued,
             datetime.fromisoformat(uploaded) if uploaded else issued, estado, self.count],
        )  # fmt: skip
        return uuid

    def many(self, folios: list[int], when: str, **kwargs: str) -> None:
        for folio in folios:
            self.add(str(folio), when, **kwargs)

    def frame(self, frame: pd.DataFrame) -> None:
        """Rows of issuer_rfc, store_id, serie, folio, uuid, fecha, uploaded_at, estado."""
        con = self.warehouse.connection
        con.register("_incoming", frame)
        con.execute(
            "INSERT INTO sequence_invoice SELECT 'store-feed', issuer_rfc, store_id, serie, folio, "
            "NULL, uuid, fecha, uploaded_at, estado, TIMESTAMP '2020-01-01', NULL, 'h', 1, "
            "'test', NULL, NULL, NULL FROM _incoming"
        )
        con.unregister("_incoming")


@pytest.fixture
def warehouse(tmp_path: Path) -> Iterator[Warehouse]:
    with Warehouse(tmp_path / "warehouse.duckdb") as opened:
        yield opened


@pytest.fixture
def invoices(warehouse: Warehouse) -> Invoices:
    return Invoices(warehouse)
