"""Rows put straight into a warehouse table as a daily load would have stored them, so each
figure of a view can be computed by hand: known from a business date (``valid_from`` = that day at
noon, so a cut before that day does not see them), with the lineage columns every load fills."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

import duckdb


def insert(
    con: duckdb.DuckDBPyConnection, table: str, known: date, *rows: Mapping[str, Any]
) -> None:
    """Rows known from ``known`` at noon, with the lineage columns every load fills."""
    for number, row in enumerate(rows, start=1):
        values = dict(row)
        digest = hashlib.sha256(repr(sorted(values.items())).encode()).hexdigest()
        values |= {
            "valid_from": datetime.combine(known, time(12)),
            "valid_to": None,
            "row_hash": digest,
            "load_id": 1,
            "archive_sha256": "0" * 64,
            "source_row": number,
        }
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        con.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(values.values()))
