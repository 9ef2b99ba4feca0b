"""Ingest: raw files in, checked and versioned rows out (DOMAIN.md §3, §4.2)."""

from o2c_desktop.services.ingest.batch import ingest_paths
from o2c_desktop.services.ingest.mappings import load_mapping, save_mapping
from o2c_desktop.services.ingest.schemas import KINDS, ColumnMapping
from o2c_desktop.services.ingest.service import FileOutcome, Ingestor

__all__ = [
    "KINDS",
    "ColumnMapping",
    "FileOutcome",
    "Ingestor",
    "ingest_paths",
    "load_mapping",
    "save_mapping",
]
