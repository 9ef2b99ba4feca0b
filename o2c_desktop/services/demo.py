"""The embedded default job: the demo portal synced through the real browser, so the program
runs end to end with no credentials and no network.

The demo portal imitates SAI, PREI and SAGI over the data generator's world for the configured
seed and scale; its captcha is answered from its own challenge text (a real portal's captcha
always goes to a person). Factoring statements come from the supplier's bank, not from the
institution's portals, so the demo portal has no factoring screen: the demo writes the same
world's statement into the demo folder and imports it as a clerk would import the bank's file,
so factoring shows in the chain, the receivables and the cash projection.
"""

from __future__ import annotations

import threading
from dataclasses import replace

from o2c_desktop.messages import joined, msg
from o2c_desktop.paths import AppPaths
from o2c_desktop.services.generator.render.factoring import render_factoring
from o2c_desktop.services.ingest import ingest_paths
from o2c_desktop.services.portals.demo import DemoPortal
from o2c_desktop.services.sync.service import (
    Progress,
    StepSummary,
    SyncRequest,
    SyncService,
    SyncSummary,
)
from o2c_desktop.services.sync.targets import answer_demo_captcha
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import Settings

BANK = "banco"
STATEMENT = "factoraje"


def _no_checkpoint() -> None:
    return None


def run_demo(
    settings: Settings,
    paths: AppPaths,
    warehouse: Warehouse,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    timeouts: dict[str, float] | None = None,
) -> SyncSummary:
    settings = settings.model_copy(
        update={"portals": settings.portals.model_copy(update={"mode": "demo"})}
    )
    with DemoPortal(
        seed=settings.demo.seed,
        scale=settings.demo.scale,
        export_delay_s=settings.portals.demo_export_delay_s,
    ) as portal:
        service = SyncService(
            settings,
            paths,
            warehouse,
            human=answer_demo_captcha,
            timeouts=timeouts,
            demo_portal=portal,
        )
        summary = service.run(SyncRequest(trigger="demo"), progress=progress, cancel=cancel)
        if cancel is not None and cancel.is_set():
            return summary
        if progress is not None:
            progress(BANK, msg("progress.factoring_statement"), 0.0)
        step = _import_statement(paths, warehouse, service, portal)
    if progress is not None:
        progress(BANK, msg("progress.factoring_statement"), 1.0)
    if step is None:
        return summary
    status = "partial" if step.status != "ok" and summary.status == "ok" else summary.status
    return replace(summary, status=status, steps=[*summary.steps, step])


def _import_statement(
    paths: AppPaths, warehouse: Warehouse, service: SyncService, portal: DemoPortal
) -> StepSummary | None:
    """The bank's factoring statement of the demo world, imported like `o2c import`."""
    files = render_factoring(portal.data.world, paths.demo_dir, _no_checkpoint)
    if not files:
        return None
    outcomes = ingest_paths(
        warehouse,
        service.archive,
        [f.path for f in files],
        quarantine_dir=paths.quarantine_dir,
    )
    rows = sum(o.inserted + o.changed + o.unchanged for o in outcomes)
    troubled = [o for o in outcomes if o.needs_attention]
    return StepSummary(
        BANK,
        STATEMENT,
        "failed" if troubled else "ok",
        files=len(files),
        rows_loaded=rows,
        message=joined([o.message for o in outcomes]),
        ingest=outcomes,
    )
