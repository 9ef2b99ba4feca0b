"""The scheduler living inside the desktop program: started with the window unless another
process already hosts it for the same data folder, and stopped when the program quits."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from o2c_desktop.context import AppContext

if TYPE_CHECKING:
    from o2c_desktop.services.scheduler import O2cScheduler, SyncBusy

log = logging.getLogger(__name__)


class SchedulerHost:
    def __init__(self, context: AppContext) -> None:
        self.context = context
        self.scheduler: O2cScheduler | None = None
        self.problem: SyncBusy | None = None

    def start(self) -> None:
        """Host the scheduler; when another process holds the folder, remember why not."""
        # Imported here: APScheduler costs start-up time the window does not need to wait for.
        from o2c_desktop.app.schedules import ensure_default_executors
        from o2c_desktop.services.scheduler import O2cScheduler, SyncBusy

        ensure_default_executors()
        scheduler = O2cScheduler(self.context.settings, self.context.paths)
        try:
            scheduler.start()
        except SyncBusy as busy:
            log.info("scheduler not hosted here: %s", busy.es)
            self.problem = busy
            return
        self.scheduler = scheduler
        self.problem = None

    @property
    def running(self) -> bool:
        return self.scheduler is not None and self.scheduler.running

    def reconcile(self) -> None:
        """The settings changed: make the hosted job store follow them."""
        if self.scheduler is not None:
            self.scheduler.reconcile()

    def next_run_times(self) -> dict[str, datetime | None]:
        return self.scheduler.next_run_times() if self.scheduler is not None else {}

    def shutdown(self) -> None:
        """Safe to call more than once (closeEvent and aboutToQuit both ask)."""
        if self.scheduler is not None:
            self.scheduler.shutdown()
            self.scheduler = None
