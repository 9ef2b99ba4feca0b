"""The embedded default job: the demo portal synced through the real browser, so the program
runs end to end with no credentials and no network.

The demo portal imitates SAI, PREI and SAGI over the data generator's world for the configured
seed and scale; its captcha is answered from its own challenge text (a real portal's captcha
always goes to a person).
"""

from __future__ import annotations

import threading

from o2c_desktop.context import AppContext
from o2c_desktop.services.sync.service import Progress, SyncRequest, SyncService, SyncSummary
from o2c_desktop.services.sync.targets import answer_demo_captcha
from o2c_desktop.services.warehouse import Warehouse


def run_demo(
    context: AppContext,
    warehouse: Warehouse,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    timeouts: dict[str, float] | None = None,
) -> SyncSummary:
    demo_context = AppContext(
        paths=context.paths,
        settings=context.settings.model_copy(
            update={"portals": context.settings.portals.model_copy(update={"mode": "demo"})}
        ),
    )
    service = SyncService(demo_context, warehouse, human=answer_demo_captcha, timeouts=timeouts)
    return service.run(SyncRequest(trigger="demo"), progress=progress, cancel=cancel)
