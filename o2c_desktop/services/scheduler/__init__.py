"""Recurring syncs and reports: APScheduler with a persistent job store, one run at a time."""

from o2c_desktop.services.scheduler.lock import SyncBusy, SyncLock
from o2c_desktop.services.scheduler.scheduler import O2cScheduler

__all__ = ["O2cScheduler", "SyncBusy", "SyncLock"]
