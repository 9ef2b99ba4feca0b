"""Every fault switch of the demo portal ends the run with the right status and a clear message."""

from __future__ import annotations

import socket
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from o2c_desktop.messages import Message
from o2c_desktop.services.portals import BrowserOptions, HumanRequest, PortalCredentials, run_report
from o2c_desktop.services.portals.demo import DemoPortal, PortalFaults
from o2c_desktop.services.portals.errors import (
    CaptchaNotSolved,
    ExportNeverFinished,
    InvalidDownload,
    LayoutChanged,
    LoginRejected,
    PartialExtraction,
    PortalNotReached,
    PortalTimeout,
    PortalUnavailable,
    RunCancelled,
    SessionExpired,
)

from .conftest import (
    AS_OF,
    FAST,
    Runner,
    alive,
    as_key,
    assert_failure_evidence,
    browser_processes,
    sheet_rows,
)

pytestmark = pytest.mark.expected_log_warnings


def test_wrong_password_names_the_user_and_the_fix(run: Runner, portal: DemoPortal) -> None:
    outcome = run("prei.facturas_vs_cr", password="Not-The-Password-77")

    assert outcome.status == "failed"
    assert isinstance(outcome.error, LoginRejected)
    assert outcome.error.es == (
        "PREI rechazó la contraseña del usuario demo.proveedor: actualícela en «Credenciales de "
        "portales» o con «o2c credentials set prei». No se vuelve a intentar en esta "
        "sincronización, para no bloquear la cuenta."
    )
    assert "Usuario o contraseña incorrectos" in outcome.error.details
    assert_failure_evidence(outcome, "Not-The-Password-77", portal.users["prei"].password)


def test_portal_side_rejection_of_a_right_password(run: Runner, portal: DemoPortal) -> None:
    portal.set_faults("sagi", PortalFaults(wrong_password=True))

    outcome = run("sagi.facturas2024")

    assert isinstance(outcome.error, LoginRejected) and outcome.status == "failed"
    assert "SAGI rechazó la contraseña" in outcome.error.es
    assert_failure_evidence(outcome, portal.users["sagi"].password)


def test_session_dropped_mid_run_is_logged_in_again_and_completes(
    run: Runner, portal: DemoPortal
) -> None:
    # 12 requests: a login (captcha, form, menus) and one range, never the whole run.
    portal.set_faults("sai", PortalFaults(session_expires_after=12))

    outcome = run("sai.altas", date(2023, 1, 1), AS_OF, timeouts={"attempts": 3})

    assert outcome.status == "ok", outcome.error
    assert len(run.human_calls) >= 2, "the captcha is asked again after the logout"
    for item in outcome.files:
        _, rows = sheet_rows(item.path)
        keys = sorted((as_key(r[0]), as_key(r[3])) for r in rows)
        assert keys == portal.truth_keys("sai.altas", item.range_from, item.range_to)


def test_session_that_never_lasts_ends_as_session_expired(run: Runner, portal: DemoPortal) -> None:
    portal.set_faults("prei", PortalFaults(session_expires_after=4))

    outcome = run("prei.facturas_vs_cr")

    assert outcome.status == "failed" and isinstance(outcome.error, SessionExpired)
    assert "PREI cerró la sesión 2 veces seguidas" in outcome.error.es
    assert_failure_evidence(outcome, portal.users["prei"].password)


def test_one_http_500_is_retried_transparently(run: Runner, portal: DemoPortal) -> None:
    portal.set_faults("prei", PortalFaults(http_500_pages=1))

    outcome = run("prei.facturas_vs_cr", date(2025, 6, 1), AS_OF)

    assert outcome.status == "ok", outcome.error
    assert len(outcome.files) >= 1


def test_persistent_http_500_is_a_portal_error(run: Runner, portal: DemoPortal) -> None:
    portal.set_faults("prei", PortalFaults(http_500_pages=100))

    outcome = run("prei.facturas_vs_cr")

    assert outcome.status == "failed" and isinstance(outcome.error, PortalUnavailable)
    assert "El portal PREI respondió con error (HTTP Status 500" in outcome.error.es
    assert "intente más tarde" in outcome.error.es
    assert_failure_evidence(outcome)


def test_unreachable_portal_is_named_as_such_not_as_a_browser_failure(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"  # closed once the probe is

    outcome = run_report(
        "prei.facturas_vs_cr",
        base_url=url,
        credentials=PortalCredentials("demo.proveedor", "Prei-Demo-2025!"),
        date_from=date(2025, 1, 1),
        date_to=AS_OF,
        download_dir=tmp_path / "downloads",
        evidence_dir=tmp_path / "evidence",
        human=lambda request: None,
        cancel=threading.Event(),
        browser=BrowserOptions(headless=True),
        timeouts=FAST,
    )

    assert outcome.status == "failed" and isinstance(outcome.error, PortalNotReached)
    assert outcome.error.es.startswith(
        f"No se pudo conectar con PREI en {url}/piref/: el servidor rechazó la conexión "
        "(2 intentos). Revise la conexión a internet"
    )


def test_export_that_never_finishes(run: Runner, portal: DemoPortal) -> None:
    portal.set_faults("sai", PortalFaults(export_never_finishes=True))

    outcome = run("sai.altas", date(2025, 1, 1), AS_OF, timeouts={"export_done_s": 2})

    assert outcome.status == "failed" and isinstance(outcome.error, ExportNeverFinished)
    assert "SAI no terminó de preparar la exportación de SAI Reporte de Altas" in outcome.error.es
    assert "01/01/2025–25/08/2025" in outcome.error.es
    assert outcome.ranges_failed == [(date(2025, 1, 1), AS_OF)]
    assert_failure_evidence(outcome, portal.users["sai"].password)


def test_very_slow_page_times_out_with_the_portal_named(run: Runner, portal: DemoPortal) -> None:
    portal.set_faults("prei", PortalFaults(slow_page_s=4))

    outcome = run("prei.facturas_vs_cr", timeouts={"page_load_s": 1})

    assert outcome.status == "failed" and isinstance(outcome.error, PortalTimeout)
    assert outcome.error.es.startswith("El portal PREI no respondió en 1 s")
    assert_failure_evidence(outcome)


def test_layout_drift_names_the_step_and_the_selector(run: Runner, portal: DemoPortal) -> None:
    portal.set_faults("prei", PortalFaults(layout_drift=True))

    outcome = run("prei.facturas_vs_cr", timeouts={"element_s": 2})

    assert outcome.status == "failed" and isinstance(outcome.error, LayoutChanged)
    assert "el paso «fecha inicial» de la receta prei.facturas_vs_cr" in outcome.error.es
    assert "input[id='frmFacturas:fechaInicial_input']" in outcome.error.es
    assert_failure_evidence(outcome)


@pytest.mark.parametrize("switch", ["truncated_download", "corrupt_download"])
def test_broken_download_keeps_the_files_already_downloaded(
    run: Runner, portal: DemoPortal, switch: str
) -> None:
    ranges_started: list[str] = []

    def progress(what: Message, fraction: float) -> None:
        ranges_started.append(what.es)
        if len(ranges_started) == 2:  # the first range is done: break the next download
            portal.set_faults("prei", PortalFaults(**{switch: True}))

    # Remembered split points give small ranges at once: no refusal comes first.
    splits = [date(2025, 3, 1), date(2025, 5, 1), date(2025, 7, 1)]
    outcome = run(
        "prei.facturas_vs_cr", date(2025, 1, 1), AS_OF, progress=progress,
        split_points=splits, timeouts={"download_s": 3},
    )  # fmt: skip

    assert outcome.status == "failed" and isinstance(outcome.error, InvalidDownload)
    assert "incompleta o dañada" in outcome.error.es
    assert [(f.range_from, f.range_to) for f in outcome.files] == [
        (date(2025, 1, 1), date(2025, 2, 28))
    ]
    assert outcome.files[0].path.exists()
    assert outcome.ranges_failed == [
        (date(2025, 3, 1), date(2025, 4, 30)),
        (date(2025, 5, 1), date(2025, 6, 30)),
        (date(2025, 7, 1), AS_OF),
    ]
    assert sorted(p.name for p in outcome.files[0].path.parent.iterdir()) == [
        outcome.files[0].path.name
    ], "the broken file was discarded"
    assert_failure_evidence(outcome)


def test_fewer_sagi_pages_than_last_time_warns_of_data_loss(
    run: Runner, portal: DemoPortal
) -> None:
    portal.set_faults("sagi", PortalFaults(sagi_max_pages=2))

    outcome = run("sagi.facturas2024", known_pages=4)

    assert outcome.status == "failed" and isinstance(outcome.error, PartialExtraction)
    assert outcome.error.es.startswith("Posible pérdida de datos: SAGI 2024 mostró 2 páginas")
    assert outcome.pages == 2
    (item,) = outcome.files
    assert len(sheet_rows(item.path)[1]) == 100, "what was read is kept"


def test_captcha_that_rejects_every_answer_needs_a_human(run: Runner, portal: DemoPortal) -> None:
    portal.set_faults("sai", PortalFaults(captcha_rejects=True))

    outcome = run("sai.altas", timeouts={"human_s": 2})

    assert outcome.status == "needs-human" and isinstance(outcome.error, CaptchaNotSolved)
    assert outcome.error.es.startswith("El captcha de SAI no se resolvió en 2 s")
    assert_failure_evidence(outcome)


def test_human_step_timeout_ends_the_run_cleanly(run: Runner) -> None:
    asked: list[HumanRequest] = []

    def nobody_answers(request: HumanRequest) -> None:
        asked.append(request)  # the person never solves it in the browser either

    started = time.monotonic()
    outcome = run("sai.altas", human=nobody_answers, timeouts={"human_s": 2})

    assert outcome.status == "needs-human" and isinstance(outcome.error, CaptchaNotSolved)
    assert asked and asked[0].timeout_s == 2 and "Escriba el número" in asked[0].challenge
    assert time.monotonic() - started < 15
    assert outcome.files == []


def test_cancel_stops_the_browser_promptly(run: Runner, portal: DemoPortal) -> None:
    portal.set_faults("sai", PortalFaults(export_never_finishes=True))
    cancel = threading.Event()
    exporting = threading.Event()
    result = []

    def progress(what: Message, fraction: float) -> None:
        exporting.set()

    worker = threading.Thread(
        target=lambda: result.append(
            run("sai.altas", cancel=cancel, progress=progress, timeouts={"export_done_s": 60})
        )
    )
    worker.start()
    assert exporting.wait(30), "the run reached the first range"
    assert browser_processes(), "the browser is running"
    cancelled_at = time.monotonic()
    cancel.set()
    worker.join(timeout=15)

    assert not worker.is_alive()
    assert time.monotonic() - cancelled_at < 5
    (outcome,) = result
    assert outcome.status == "cancelled" and isinstance(outcome.error, RunCancelled)
    assert "cancelada por el usuario" in outcome.error.es
    assert not [p for p in browser_processes() if alive(p)]
