"""Portal sync: the browser engine, the raw archive, ingest and the run history in one service."""

from o2c_desktop.services.sync.service import SyncRequest, SyncService, SyncSummary

__all__ = ["SyncRequest", "SyncService", "SyncSummary"]
