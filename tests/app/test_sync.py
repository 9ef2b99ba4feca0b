"""Sincronizar portales as every front end runs it: the demo portal through real headless
Chromium loads rows and says how each report ended in Spanish and English; a second sync is
refused with who holds the data folder; a captcha goes to whoever can answer it."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from contextlib import AbstractContextManager
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from o2c_desktop.app.schedules import ensure_default_executors, read_schedules
from o2c_desktop.app.sync import captcha_answerer, sync_defaults, sync_portals
from o2c_desktop.context import AppContext, open_context
from o2c_desktop.messages import msg
from o2c_desktop.services.portals import HumanRequest, browser_only
from o2c_desktop.services.runs import RunHistory
from o2c_desktop.services.scheduler import jobs
from o2c_desktop.services.scheduler.jobs import sync_lock_for
from o2c_desktop.services.scheduler.lock import SyncBusy
from o2c_desktop.services.sync import SyncRequest
from o2c_desktop.services.sync.targets import answer_demo_captcha
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import ScheduleSpec, Settings


@pytest.fixture
def context(data_dir: Path) -> AppContext:
    context = open_context(data_dir)
    context.settings.portals.mode = "demo"
    context.settings.portals.history_start = date(2025, 1, 1)
    context.settings.portals.demo_export_delay_s = 0.0
    context.settings.demo.scale = 60
    return context


@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_a_demo_sync_loads_rows_and_tells_each_outcome_in_both_languages(
    context: AppContext,
) -> None:
    context.settings.cloud.push_after_sync = True  # for schedules only
    seen: list[tuple[str, str]] = []
    result = sync_portals(
        context.settings,
        context.paths,
        SyncRequest(portals=("sagi",), trigger="cli"),
        open_warehouse=context.open_warehouse,
        holder="prueba",
        human=captcha_answerer(context.settings),
        progress=lambda portal, what, _fraction: seen.append((portal, what.en)),
    )
    assert result.ok, [step.message for step in result.steps]
    assert result.pushed is None, "a sync the clerk starts leaves the push to o2c push"
    (step,) = result.steps
    assert step.report == "sagi.facturas2024" and step.rows_loaded > 0 and step.files > 0
    (outcome,) = result.outcomes()
    assert outcome.es == (
        f"sagi.facturas2024: ok — {step.files} archivos, {step.rows_loaded} filas"
    )
    assert outcome.en == f"sagi.facturas2024: ok — {step.files} files, {step.rows_loaded} rows"
    summary = result.summary
    assert result.headline().es.startswith(
        f"Ejecución {summary.run_id}: ok, {summary.files} archivos, "
        f"{summary.rows_loaded} filas cargadas,"
    )
    assert result.headline().en.startswith(
        f"Run {summary.run_id}: ok, {summary.files} files, {summary.rows_loaded} rows loaded,"
    )
    assert seen and all(portal == "sagi" for portal, _ in seen)

    with context.open_warehouse(read_only=True) as warehouse:
        (run,) = RunHistory(warehouse).runs()
        assert (run.run_id, run.status, run.trigger) == (summary.run_id, "ok", "cli")
        loaded = warehouse.connection.execute(
            "SELECT count(*) FROM load_ledger WHERE status = 'loaded'"
        ).fetchall()[0][0]
    assert loaded == step.files


@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_a_schedule_of_kind_sync_runs_the_same_sync_and_records_its_schedule(
    context: AppContext,
) -> None:
    context.settings.schedules = [ScheduleSpec(id="cada-dia", kind="sync", portals=["sagi"])]
    context.save_settings()
    ensure_default_executors()
    assert jobs.run_schedule("cada-dia", str(context.paths.data_dir)) is None
    with context.open_warehouse(read_only=True) as warehouse:
        history = RunHistory(warehouse)
        (run,) = history.runs()
        assert (run.schedule_id, run.trigger, run.status) == ("cada-dia", "schedule", "ok")
        assert [step.report for step in history.steps(run.run_id)] == ["sagi.facturas2024"]
        assert [e.kind for e in history.schedule_events("cada-dia")] == ["fired"]


@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_a_scheduled_sync_with_no_push_destination_is_ok_and_says_the_push_was_skipped(
    context: AppContext,
) -> None:
    """push_after_sync is on but no S3 bucket or Snowflake account is set: the rows are loaded
    and the run reads "ok"; the schedule says the push was skipped and which settings to fill
    in (its last reason on the Horarios page and in o2c schedule list), not that it failed."""
    context.settings.cloud.push_after_sync = True
    context.settings.schedules = [ScheduleSpec(id="y-subir", kind="sync", portals=["sagi"])]
    context.save_settings()
    ensure_default_executors()
    jobs.run_schedule("y-subir", str(context.paths.data_dir))

    settings_file = context.paths.settings_file
    expected_es = (
        "El envío a la nube que sigue a la sincronización no se hizo: no hay destino "
        "configurado. Indique el bucket de S3 («bucket» en la sección [cloud.s3]) o la cuenta "
        f"de Snowflake («account» en [cloud.snowflake]) en {settings_file}, o ponga "
        "push_after_sync = false en [cloud] si no quiere enviar."
    )
    expected_en = (
        "The cloud push that follows the sync was not done: no destination is configured. Set "
        "the S3 bucket ('bucket' in the [cloud.s3] section) or the Snowflake account ('account' "
        f"in [cloud.snowflake]) in {settings_file}, or set push_after_sync = false in [cloud] "
        "if you do not want to push."
    )
    with context.open_warehouse(read_only=True) as warehouse:
        history = RunHistory(warehouse)
        (run,) = history.runs()
        assert (run.schedule_id, run.status, run.message) == ("y-subir", "ok", None)
        loaded, queued = warehouse.connection.execute(
            "SELECT (SELECT count(*) FROM load_ledger WHERE status = 'loaded'),"
            " (SELECT count(*) FROM cloud_outbox)"
        ).fetchall()[0]
        skipped, fired = history.schedule_events("y-subir")
        reading = read_schedules(context.settings.schedules, "America/Mexico_City", warehouse)
    assert loaded > 0 and queued == 0
    assert (fired.kind, skipped.kind, skipped.run_id) == ("fired", "push-skipped", run.run_id)
    assert skipped.reason is not None
    assert (skipped.reason.es, skipped.reason.en) == (expected_es, expected_en)
    # The settings the message names are where the settings file keeps them.
    written = tomllib.loads(settings_file.read_text(encoding="utf-8"))
    assert {"bucket"} <= set(written["cloud"]["s3"]) and "account" in written["cloud"]["snowflake"]
    assert written["cloud"]["push_after_sync"] is True

    (row,) = reading.rows
    assert (row.last_result, row.skipped, row.last_skip_reason) == ("ok", 1, skipped.reason)
    listed = subprocess.run(
        [sys.executable, "-m", "o2c_desktop", "--data-dir", str(context.paths.data_dir),
         "--lang", "en", "schedule", "list", "--format", "json"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    (record,) = json.loads(listed.stdout)
    assert (record["last_result"], record["skipped"]) == ("ok", 1)
    assert record["last_skip_reason"] == expected_en


def test_a_second_sync_is_refused_with_who_holds_the_folder(context: AppContext) -> None:
    opened: list[bool] = []

    def open_warehouse() -> AbstractContextManager[Warehouse]:
        opened.append(True)
        return context.open_warehouse()

    with (
        sync_lock_for(context.paths, holder="o2c sync (terminal)"),
        pytest.raises(SyncBusy) as busy,
    ):
        sync_portals(
            context.settings, context.paths, SyncRequest(), open_warehouse=open_warehouse,
            holder="ventana de o2c_desktop", human=None,
        )  # fmt: skip
    assert busy.value.message("es").startswith(
        "Ya hay una sincronización en curso (o2c sync (terminal), desde "
    )
    assert busy.value.message("en").startswith(
        "A sync is already running (o2c sync (terminal), since "
    )
    assert busy.value.message("en").endswith("Wait for it to finish and try again.")
    assert opened == [], "refused before the warehouse is touched"


def test_the_window_holding_the_folder_is_named_in_the_refusals_language(
    context: AppContext,
) -> None:
    held = sync_lock_for(context.paths, holder=msg("sync.holder_window"))
    with held, pytest.raises(SyncBusy) as busy:
        sync_portals(
            context.settings, context.paths, SyncRequest(),
            open_warehouse=context.open_warehouse, holder="o2c sync", human=None,
        )  # fmt: skip
    assert "(ventana de o2c_desktop, desde " in busy.value.message("es")
    assert "(o2c_desktop window, since " in busy.value.message("en")


def test_a_captcha_goes_to_whoever_can_answer_it() -> None:
    def clerk(_request: HumanRequest) -> str | None:
        return "1234"

    demo, real = Settings(), Settings()
    demo.portals.mode, real.portals.mode = "demo", "real"
    # The window asks its clerk, even for the demo portal: it shows what a real sync asks.
    assert captcha_answerer(demo, window=clerk) is clerk
    # Elsewhere the demo portal's captcha answers itself; a real one goes to a person.
    assert captcha_answerer(demo, terminal=clerk) is answer_demo_captcha
    assert captcha_answerer(real, terminal=clerk) is clerk
    assert captcha_answerer(real, visible=True) is browser_only
    assert captcha_answerer(real) is None, "nobody: the portal is recorded as needing a person"


def test_a_sync_covers_from_the_history_start_to_today_in_the_clerks_zone() -> None:
    settings = Settings()
    settings.portals.history_start = date(2024, 3, 1)
    settings.portals.headless = False
    before = datetime.now(ZoneInfo(settings.general.timezone)).date()
    defaults = sync_defaults(settings)
    after = datetime.now(ZoneInfo(settings.general.timezone)).date()
    assert defaults.date_from == date(2024, 3, 1)
    assert before <= defaults.date_to <= after
    assert defaults.visible, "a browser that is not headless is shown"
