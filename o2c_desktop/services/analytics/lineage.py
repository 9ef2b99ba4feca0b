"""Where a reconciliation record came from: the source rows of each link of its chain and the
archived files they were loaded from, as known at the cut."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb

from o2c_desktop.services.analytics.asof import Cut

# (stage shown to the clerk, table, key column in the table, key field of the chain record)
_LINKS: tuple[tuple[str, str, str, str], ...] = (
    ("Orden (SAI)", "sai_order", "orden", "no_orden"),
    ("Orden de suministro (Camunda)", "camunda_order", "numero_orden_suministro", "no_orden"),
    ("Alta (SAI)", "sai_alta", "no_alta", "no_alta"),
    ("Factura (registro)", "invoice_register", "uuid", "uuid"),
    ("Factura (CFDI)", "invoice", "uuid", "uuid"),
    ("Contrarecibo (PREI)", "contrarecibo_status", "uuid", "uuid"),
    ("Estado SAGI", "sagi_status", "uuid", "uuid"),
    ("Pago (OAP)", "payment", "uuid", "uuid"),
)


@dataclass(frozen=True)
class SourceFile:
    stage: str
    table: str
    original_name: str
    sha256: str
    portal: str | None
    source_row: int | None
    loaded_at: datetime | None


def chain_sources(
    con: duckdb.DuckDBPyConnection, cut: Cut, record: Mapping[str, Any]
) -> list[SourceFile]:
    """The files behind one chain record (a row of the reconciliation with its keys)."""
    found: list[SourceFile] = []
    for stage, table, key_column, record_field in _LINKS:
        key = record.get(record_field)
        if key is None or key == "":
            continue
        extra = ""
        params: list[Any] = [str(key), cut.known_before, cut.known_before]
        if table == "sai_alta" and record.get("no_orden"):
            extra = " AND t.no_orden = ?"
            params.append(str(record["no_orden"]))
        rows = con.execute(
            f"SELECT DISTINCT t.archive_sha256, t.source_row, t.valid_from,"  # noqa: S608 - constant names; values bound
            f" (SELECT min(s.original_name) FROM raw_file_source s"
            f"  WHERE s.sha256 = t.archive_sha256) AS original_name,"
            f" (SELECT min(s.portal) FROM raw_file_source s"
            f"  WHERE s.sha256 = t.archive_sha256) AS portal"
            f" FROM {table} AS t WHERE CAST(t.{key_column} AS VARCHAR) = ?"
            " AND t.valid_from < ? AND (t.valid_to IS NULL OR t.valid_to >= ?)"
            f"{extra} ORDER BY original_name, t.source_row",
            params,
        ).fetchall()
        for sha, source_row, valid_from, name, portal in rows:
            found.append(
                SourceFile(
                    stage=stage,
                    table=table,
                    original_name=str(name) if name is not None else str(sha)[:12],
                    sha256=str(sha),
                    portal=str(portal) if portal is not None else None,
                    source_row=int(source_row) if source_row is not None else None,
                    loaded_at=valid_from if isinstance(valid_from, datetime) else None,
                )
            )
    return found
