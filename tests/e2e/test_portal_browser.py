"""One browser and one login per portal: SAI's two reports in one session, the captcha answered
once, a dropped session logged in again, a crashed browser replaced for the next report, against
the demo portal in real headless Chromium."""

from __future__ import annotations

import logging
import threading
from datetime import date
from pathlib import Path

import psutil
import pytest

from o2c_desktop.messages import Message
from o2c_desktop.services.portals import (
    BrowserOptions,
    HumanRequest,
    PortalBrowser,
    PortalCredentials,
    ReportOutcome,
)
from o2c_desktop.services.portals.demo import DemoPortal, PortalFaults
from o2c_desktop.services.portals.errors import BrowserStopped, LoginNotRetried, LoginRejected

from .conftest import (
    AS_OF,
    FAST,
    alive,
    browser_processes,
    read_challenge,
    sheet_rows,
)


def sai_browser(portal: DemoPortal, asked: list[HumanRequest]) -> PortalBrowser:
    user = portal.users["sai"]

    def human(request: HumanRequest) -> str:
        asked.append(request)
        return read_challenge(request)

    return PortalBrowser(
        "sai",
        base_url=portal.base_url,
        credentials=PortalCredentials(user.user, user.password),
        human=human,
        cancel=threading.Event(),
        browser=BrowserOptions(headless=True),
        timeouts={**FAST, "attempts": 3},
    )


def run_both_sai_reports(
    browser: PortalBrowser, tmp_path: Path, date_from: date
) -> list[ReportOutcome]:
    """SAI's two reports, in order, in the one browser given; each in its own folders."""
    return [
        browser.run_report(
            recipe,
            date_from=date_from,
            date_to=AS_OF,
            download_dir=tmp_path / recipe / "downloads",
            evidence_dir=tmp_path / recipe / "evidence",
        )
        for recipe in ("sai.altas", "sai.ordenes")
    ]


def test_both_sai_reports_share_one_login_and_one_captcha(
    portal: DemoPortal, tmp_path: Path
) -> None:
    before = portal.activity("sai")
    asked: list[HumanRequest] = []
    with sai_browser(portal, asked) as browser:
        outcomes = run_both_sai_reports(browser, tmp_path, date(2024, 1, 1))
        assert browser.browsers_started == 1
    after = portal.activity("sai")

    assert [o.status for o in outcomes] == ["ok", "ok"], [o.error for o in outcomes]
    assert after.logins - before.logins == 1
    assert after.captchas_solved - before.captchas_solved == 1
    assert len(asked) == 1, "the clerk is asked for the captcha once per SAI session"
    for recipe, outcome in zip(("sai.altas", "sai.ordenes"), outcomes, strict=True):
        # Each report's files land in its own folder, with its own run log.
        assert len(outcome.files) == 2  # 2024 and 2025
        assert {f.path.parent for f in outcome.files} == {tmp_path / recipe / "downloads"}
        for item in outcome.files:
            _, rows = sheet_rows(item.path)
            expected = portal.truth_keys(recipe, item.range_from, item.range_to)  # type: ignore[arg-type]
            assert len(rows) == len(expected) > 0
        assert "ended ok" in (outcome.evidence_dir / "run.log").read_text(encoding="utf-8")


@pytest.mark.expected_log_warnings
def test_sessions_dropped_mid_run_are_logged_in_again_and_the_run_completes(
    portal: DemoPortal, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    before = portal.activity("sai")
    # The portal drops every session after a login and about one range.
    portal.set_faults("sai", PortalFaults(session_expires_after=14))
    asked: list[HumanRequest] = []
    with sai_browser(portal, asked) as browser:
        outcomes = run_both_sai_reports(browser, tmp_path, date(2024, 1, 1))
        assert browser.browsers_started == 1
    after = portal.activity("sai")

    assert [o.status for o in outcomes] == ["ok", "ok"], [o.error for o in outcomes]
    assert [len(o.files) for o in outcomes] == [2, 2]
    assert after.sessions_expired > before.sessions_expired
    logins = after.logins - before.logins
    assert logins >= 2, "a dropped session is logged in again"
    # Every new SAI session asks its captcha once, and only once.
    assert after.captchas_solved - before.captchas_solved == logins
    assert len(asked) == logins
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert warnings, "each dropped session is logged"
    assert all("the portal dropped the session" in w for w in warnings), warnings


def kill_the_browser() -> None:
    """Kill Chromium the way a crash would, leaving its driver running."""
    drivers = [p for p in psutil.Process().children() if p.name() == "chromedriver"]
    assert drivers, "a browser is running"
    for driver in drivers:
        browsers = driver.children()
        for browser in browsers:
            browser.kill()
        psutil.wait_procs(browsers, timeout=5)


@pytest.mark.expected_log_warnings
def test_a_browser_that_crashes_mid_report_is_replaced_for_the_next_report(
    portal: DemoPortal, tmp_path: Path
) -> None:
    asked: list[HumanRequest] = []

    def crash_while_asking_for_2025(what: Message, fraction: float) -> None:
        if "2025" in what.es:
            kill_the_browser()

    with sai_browser(portal, asked) as browser:
        crashed = browser.run_report(
            "sai.altas",
            date_from=date(2024, 1, 1),
            date_to=AS_OF,
            download_dir=tmp_path / "altas",
            evidence_dir=tmp_path / "altas-evidence",
            progress=crash_while_asking_for_2025,
        )
        after_crash = browser.run_report(
            "sai.ordenes",
            date_from=date(2024, 1, 1),
            date_to=AS_OF,
            download_dir=tmp_path / "ordenes",
            evidence_dir=tmp_path / "ordenes-evidence",
        )
        assert browser.browsers_started == 2
    assert not [p for p in browser_processes() if alive(p)], "no browser is left behind"

    assert crashed.status == "failed" and isinstance(crashed.error, BrowserStopped)
    assert [(f.range_from, f.range_to) for f in crashed.files] == [
        (date(2024, 1, 1), date(2024, 12, 31))
    ], "the file downloaded before the crash is kept"
    assert (crashed.evidence_dir / "run.log").stat().st_size > 0
    assert after_crash.status == "ok", after_crash.error
    assert len(after_crash.files) == 2
    assert len(asked) == 2, "the new browser's new session asks its captcha once"


@pytest.mark.expected_log_warnings
def test_after_a_rejected_password_the_next_report_fails_without_a_login(
    portal: DemoPortal, tmp_path: Path
) -> None:
    portal.set_faults("sai", PortalFaults(wrong_password=True))
    before = portal.activity("sai")
    asked: list[HumanRequest] = []
    with sai_browser(portal, asked) as browser:
        outcomes = run_both_sai_reports(browser, tmp_path, date(2025, 1, 1))
        assert browser.browsers_started == 1
    after = portal.activity("sai")

    assert after.logins_refused - before.logins_refused == 1, "the password is sent once"
    assert len(asked) == 1
    altas, ordenes = outcomes
    assert altas.status == "failed" and isinstance(altas.error, LoginRejected)
    assert ordenes.status == "failed" and isinstance(ordenes.error, LoginNotRetried)
    assert "Credenciales de portales" in ordenes.error.es
    assert not ordenes.files
    log = (tmp_path / "sai.ordenes" / "evidence" / "run.log").read_text(encoding="utf-8")
    assert "already rejected the password" in log
    assert "run sai.ordenes ended failed" in log
