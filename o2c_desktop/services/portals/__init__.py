"""Portal acquisition: log in to the government portals with a real browser and download reports.

One engine runs every report from a *recipe* (``resources/recipes/<recipe_id>.toml``: steps,
selectors, waits). The registry (``registry.PORTALS`` / ``REPORTS``) lists the recipe ids per
portal: ``sai.altas``, ``sai.ordenes``, ``prei.facturas_vs_cr``, ``sagi.facturas2024``.

Entry point::

    outcome = run_report(
        "sai.altas",
        base_url="https://ppsai-abasto.imss.gob.mx",   # or DemoPortal(...).start()
        credentials=PortalCredentials(user, password),
        date_from=date(2023, 1, 1),
        date_to=date(2025, 8, 25),
        download_dir=run_dir / "downloads",             # fresh per run; leftovers are removed
        evidence_dir=run_dir / "evidence",              # run.log always; .png/.html on failure
        human=ask_clerk,                                # HumanRequest -> answer | None
        cancel=threading.Event(),                       # set it to stop the browser at once
        browser=BrowserOptions(browser="chromium", headless=True),
        known_pages=None,                               # SAGI: page count of the last run
        progress=lambda label, fraction: ...,
        skip_ranges=frozenset(),                        # ranges already archived
        split_points=(),                                # PREI: remembered range cuts
        timeouts=None,                                  # e.g. {"export_done_s": 30} to shorten
    )

``run_report`` never raises a ``UserError``: ``outcome.status`` is ``"ok"``, ``"failed"``,
``"cancelled"`` or ``"needs-human"`` (captcha not solved in time) and ``outcome.error`` holds the
typed error (``errors.PortalError`` subclasses, Spanish message + English + details). Files
downloaded before a failure are always in ``outcome.files`` (``DownloadedFile(path, range_from,
range_to, original_name)``); ``ranges_done`` / ``ranges_failed`` / ``empty_ranges`` say which
ranges are covered, ``split_points`` the PREI cuts to remember, ``pages`` the SAGI page count.

Captchas are a *human step*: the engine calls ``human(HumanRequest(portal, prompt, timeout_s,
challenge))``; the answer is typed into the page, or ``None`` means the person solves it in the
visible browser. While it waits, ``request.bring_browser_forward()`` (from any thread) raises the
browser window. Nothing here ever solves a captcha.

A sync runs a portal's reports in one ``PortalBrowser(portal, base_url=..., credentials=...,
human=..., cancel=..., browser=..., timeouts=...)``: ``browser.run_report(recipe_id, date_from=...,
...)`` takes the same report arguments and gives the same outcome, but the browser starts once
and the portal is logged in to once (SAI's captcha asked once) for all of them; it logs in again
only when the portal drops the session and starts a new browser only when the old one died.
``run_report`` is one report in a ``PortalBrowser`` of its own.

``login_check.check_login`` runs only the login steps of a portal's recipe, with the same engine,
to tell whether a user and password open the portal (the credentials dialog's "Probar acceso").

Passwords are registered with the log scrubber, typed with Selenium's wire log muted, and
blanked from the evidence HTML.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from o2c_desktop.services.portals.registry import PORTALS, REPORTS, PortalInfo, portal_of

if TYPE_CHECKING:
    from o2c_desktop.services.portals.account import PortalCredentials
    from o2c_desktop.services.portals.engine.driver import BrowserOptions
    from o2c_desktop.services.portals.engine.human import HumanRequest, HumanStep, browser_only
    from o2c_desktop.services.portals.engine.portal_browser import PortalBrowser, run_report
    from o2c_desktop.services.portals.engine.runner import (
        DownloadedFile,
        ReportOutcome,
    )

# The engine pulls in Selenium; load it only when it is used, so that the registry (portal
# names, report ids) stays cheap to import for the CLI and the credential store.
_LAZY = {
    "BrowserOptions": "o2c_desktop.services.portals.engine.driver",
    "HumanRequest": "o2c_desktop.services.portals.engine.human",
    "HumanStep": "o2c_desktop.services.portals.engine.human",
    "browser_only": "o2c_desktop.services.portals.engine.human",
    "DownloadedFile": "o2c_desktop.services.portals.engine.runner",
    "ReportOutcome": "o2c_desktop.services.portals.engine.runner",
    "PortalBrowser": "o2c_desktop.services.portals.engine.portal_browser",
    "run_report": "o2c_desktop.services.portals.engine.portal_browser",
    "PortalCredentials": "o2c_desktop.services.portals.account",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "PORTALS",
    "REPORTS",
    "BrowserOptions",
    "DownloadedFile",
    "HumanRequest",
    "HumanStep",
    "PortalBrowser",
    "PortalCredentials",
    "PortalInfo",
    "ReportOutcome",
    "browser_only",
    "portal_of",
    "run_report",
]
