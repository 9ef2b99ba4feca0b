"""Which warehouse tables are pushed, and the key that identifies a row of each.

A pushed snapshot is the whole table, so the team copy is made equal to it: rows are merged on
the key and rows whose key is gone are deleted. Canonical (type 2) tables are keyed on their
business key, as the loader defines it, plus ``valid_from``: one version per key and start.
Tables without a natural key are matched on every column.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from o2c_desktop.services.ingest import cfdi
from o2c_desktop.services.ingest.schemas import TABULAR_SCHEMAS

# Tables beside the canonical ones that the team needs: lineage and the sequence-gap ledger.
_OTHER_TABLES: dict[str, tuple[str, ...]] = {
    "raw_file": ("sha256",),
    "raw_file_source": (),
    "load_ledger": ("load_id",),
    "gap_refresh": ("refresh_id",),
    "gap_ledger": ("gap_id",),
    "gap_domain_state": ("issuer_rfc", "store_id", "serie"),
    "gap_exclusion": (),
    "gap_flag": (),
}


@dataclass(frozen=True)
class PushedTable:
    name: str
    key: tuple[str, ...]  # empty: every column


@cache
def pushed_tables() -> tuple[PushedTable, ...]:
    keys: dict[str, list[str]] = {}
    schemas = (*TABULAR_SCHEMAS, cfdi.CFDI_INVOICE, cfdi.CFDI_CONCEPT, cfdi.CFDI_RELATION)
    for schema in schemas:
        for target in schema.targets:
            merged = keys.setdefault(target.table, [])
            merged += [k for k in target.key if k not in merged]
    # The invoices of one folio may come from several sources (store feed, CFDI, register).
    sequence_key = keys.get("sequence_invoice", [])
    keys["sequence_invoice"] = ["source", *(k for k in sequence_key if k != "source")]
    canonical = [PushedTable(t, (*k, "valid_from")) for t, k in sorted(keys.items())]
    others = [PushedTable(t, k) for t, k in _OTHER_TABLES.items()]
    return (*canonical, *others)


def pushed_table(name: str) -> PushedTable:
    for table in pushed_tables():
        if table.name == name:
            return table
    raise KeyError(name)
