"""Saved column mappings: how a generic register's own headers map to the schema's fields."""

from __future__ import annotations

from o2c_desktop.errors import InputFileError
from o2c_desktop.messages import msg
from o2c_desktop.services.ingest.ledger import now
from o2c_desktop.services.ingest.schemas import KINDS, ColumnMapping, schemas_for
from o2c_desktop.services.warehouse import Warehouse


def save_mapping(warehouse: Warehouse, mapping: ColumnMapping) -> None:
    """Store (or replace) a mapping; every field must exist in a schema of its kind."""
    if mapping.kind not in KINDS:
        raise InputFileError(msg("ingest.unknown_kind", kind=mapping.kind, kinds=", ".join(KINDS)))
    known = {f.name for c in schemas_for(mapping.kind) for f in c.fields}
    unknown = sorted(set(mapping.headers) - known)
    if unknown:
        raise InputFileError(
            msg("mapping.unknown_fields", name=mapping.name, kind=mapping.kind,
                unknown=", ".join(unknown), known=", ".join(sorted(known)))
        )  # fmt: skip
    con = warehouse.cursor()
    try:
        with warehouse.transaction(con):
            con.execute("DELETE FROM column_mapping WHERE name = ?", [mapping.name])
            con.executemany(
                "INSERT INTO column_mapping VALUES (?, ?, ?, ?, ?)",
                [
                    (mapping.name, mapping.kind, name, header, now())
                    for name, header in sorted(mapping.headers.items())
                ],
            )
    finally:
        con.close()


def load_mapping(warehouse: Warehouse, name: str) -> ColumnMapping:
    con = warehouse.cursor()
    try:
        rows = con.execute(
            "SELECT kind, field, header FROM column_mapping WHERE name = ? ORDER BY field", [name]
        ).fetchall()
    finally:
        con.close()
    if not rows:
        raise InputFileError(msg("mapping.not_found", name=name))
    return ColumnMapping(name, str(rows[0][0]), {str(r[1]): str(r[2]) for r in rows})
