"""The scheduled ``gaps`` job, run the way APScheduler runs it: through ``run_schedule``."""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import datetime, timedelta
from pathlib import Path

from o2c_desktop.app.schedules import ensure_default_executors
from o2c_desktop.context import open_context
from o2c_desktop.services.gaps.files import REPORTS_FOLDER
from o2c_desktop.services.gaps.periods import local_now, month_period
from o2c_desktop.services.runs import RunHistory
from o2c_desktop.services.scheduler import jobs
from o2c_desktop.settings import ScheduleSpec


def _schedule_with_invoices(data_dir: Path, spec: ScheduleSpec, history_start: str) -> datetime:
    """Store T1 issued folios 1, 2 and 5 yesterday (clerk's time); returns yesterday 09:00."""
    context = open_context(data_dir)
    context.settings.schedules = [spec]
    context.settings.gaps.history_start = history_start
    context.save_settings()
    yesterday = datetime.combine(
        local_now(context.settings.general.timezone).date() - timedelta(days=1),
        datetime.min.time(),
    ) + timedelta(hours=9)
    with context.open_warehouse() as warehouse:
        for folio in (1, 2, 5):
            warehouse.connection.execute(
                "INSERT INTO sequence_invoice VALUES ('store-feed', 'AAA010101AAA', 'T1', 'A', "
                "?, NULL, ?, ?, ?, 'Vigente', TIMESTAMP '2020-01-01', NULL, 'h', 1, 't', NULL, "
                "?, NULL)",
                [str(folio), f"UUID-{folio}", yesterday, yesterday + timedelta(hours=1), folio],
            )
    return yesterday


def _report(data_dir: Path, label: str) -> tuple[list[dict[str, str]], dict[str, object]]:
    folder = open_context(data_dir).paths.exports_dir / REPORTS_FOLDER
    target = folder / f"folios_faltantes_{label}.csv"
    raw = target.read_bytes()
    manifest = json.loads((folder / f"{target.name}.manifest.json").read_text(encoding="utf-8"))
    assert manifest["sha256"] == hashlib.sha256(raw).hexdigest()
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines())), manifest


def _ledger_after_the_job(data_dir: Path) -> list[tuple[object, ...]]:
    with open_context(data_dir).open_warehouse() as warehouse:
        refreshes = warehouse.connection.execute(
            "SELECT trigger_kind, domains_recomputed, gaps_opened FROM gap_refresh "
            "WHERE finished_at IS NOT NULL"
        ).fetchall()
        assert refreshes == [("schedule", 1, 1)]
        events = [e.kind for e in RunHistory(warehouse).schedule_events("folios")]
        assert events == ["fired"]
        return warehouse.connection.execute(
            "SELECT store_id, serie, gap_start, gap_end, closed_at FROM gap_ledger"
        ).fetchall()


def test_daily_gaps_schedule_refreshes_the_ledger_and_writes_yesterdays_report(
    data_dir: Path,
) -> None:
    yesterday = _schedule_with_invoices(
        data_dir, ScheduleSpec(id="folios", kind="gaps", frequency="daily"), "2024-01"
    )
    ensure_default_executors()
    jobs.run_schedule("folios", str(data_dir))

    assert _ledger_after_the_job(data_dir) == [("T1", "A", 3, 4, None)]
    rows, manifest = _report(data_dir, yesterday.date().isoformat())
    assert [(r["tienda"], r["folio_faltante"], r["estado"]) for r in rows] == [
        ("T1", "3", "abierto"),
        ("T1", "4", "abierto"),
    ]
    assert manifest["row_count"] == 2


def test_monthly_gaps_schedule_rewrites_every_month_since_the_history_start(
    data_dir: Path,
) -> None:
    now = datetime.now()
    history_start = f"{now.year - 1}-{now.month:02d}"
    yesterday = _schedule_with_invoices(
        data_dir, ScheduleSpec(id="folios", kind="gaps", frequency="monthly"), history_start
    )
    ensure_default_executors()
    jobs.run_schedule("folios", str(data_dir))

    assert _ledger_after_the_job(data_dir) == [("T1", "A", 3, 4, None)]
    with_gaps = month_period(f"{yesterday:%Y-%m}").label
    rows, manifest = _report(data_dir, with_gaps)
    assert [r["folio_faltante"] for r in rows] == ["3", "4"]
    assert manifest["parameters"]["periodo"] == with_gaps  # type: ignore[index]
    first_month, _ = _report(data_dir, history_start)
    assert first_month == []
    folder = open_context(data_dir).paths.exports_dir / REPORTS_FOLDER
    assert len(list(folder.glob("*.csv"))) >= 12
