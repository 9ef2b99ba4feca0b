"""One browser and one login per portal: SAI's two reports in one session, the captcha answered
once, a dropped session logged in again, against the demo portal in real headless Chromium."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from .conftest import AS_OF, FAST, read_challenge, sheet_rows

from o2c_desktop.services.portals import (
    BrowserOptions,
    HumanRequest,
    PortalBrowser,
    PortalCredentials,
)
from o2c_desktop.services.portals.demo import DemoPortal, PortalFaults


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


def test_both_sai_reports_share_one_login_and_one_captcha(
    portal: DemoPortal, tmp_path: Path
) -> None:
    before = portal.activity("sai")
    asked: list[HumanRequest] = []
    with sai_browser(portal, asked) as browser:
        outcomes = [
            browser.run_report(
                recipe,
                date_from=date(2024, 1, 1),
                date_to=AS_OF,
                download_dir=tmp_path / recipe / "downloads",
                evidence_dir=tmp_path / recipe / "evidence",
            )
            for recipe in ("sai.altas", "sai.ordenes")
        ]
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


def test_sessions_dropped_mid_run_are_logged_in_again_and_the_run_completes(
    portal: DemoPortal, tmp_path: Path
) -> None:
    before = portal.activity("sai")
    # The portal drops every session after a login and about one range.
    portal.set_faults("sai", PortalFaults(session_expires_after=14))
    asked: list[HumanRequest] = []
    with sai_browser(portal, asked) as browser:
        outcomes = [
            browser.run_report(
                recipe,
                date_from=date(2024, 1, 1),
                date_to=AS_OF,
                download_dir=tmp_path / recipe,
                evidence_dir=tmp_path / f"{recipe}-evidence",
            )
            for recipe in ("sai.altas", "sai.ordenes")
        ]
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
