"""One place that starts a browser for a portal run.

Chrome, Chromium or Edge, headless or visible. The driver is found on this computer
(``driver_lookup``: a setting, beside the browser, on PATH, a folder the settings name) and checked
against the browser's version; Selenium Manager is only a last resort and runs offline
(``SE_OFFLINE``), so nothing is ever downloaded. Every run gets a fresh profile and its own
download folder, downloads never prompt and PDFs open outside the browser. The browser can reach
the portal host only: every other name resolves to nothing, so no telemetry, update or sync
traffic leaves the machine.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import NoSuchDriverException, WebDriverException
from selenium.webdriver.chromium.options import ChromiumOptions
from selenium.webdriver.remote.webdriver import WebDriver

from o2c_desktop.services.portals.engine.driver_lookup import (
    DriverChoice,
    check_driver_matches_browser,
    find_driver,
    mismatch_from_driver_error,
    no_driver_found,
)
from o2c_desktop.services.portals.errors import BrowserUnavailable
from o2c_desktop.settings import BrowserName, PortalSettings, default_browser

log = logging.getLogger(__name__)

QUIET_FLAGS = (
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--disable-features=Translate,OptimizationHints,MediaRouter",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    # The profile is thrown away after the run: no need to reach the desktop's keyring (on
    # Linux that probe delays the start and may ask to unlock it).
    "--password-store=basic",
)


@dataclass(frozen=True)
class BrowserOptions:
    """Which browser to drive and how; the default browser is the system's own (Edge on Windows,
    Chrome on macOS, Chromium on Linux)."""

    browser: BrowserName = field(default_factory=default_browser)
    headless: bool = True
    driver_path: Path | None = None
    binary_path: Path | None = None
    window_size: tuple[int, int] = (1366, 900)
    driver_dir: Path | None = None

    @classmethod
    def from_settings(cls, settings: PortalSettings, *, visible: bool = False) -> BrowserOptions:
        return cls(
            browser=settings.browser,
            headless=settings.headless and not visible,
            driver_path=Path(settings.driver_path) if settings.driver_path else None,
            driver_dir=Path(settings.driver_dir) if settings.driver_dir else None,
        )


def choose_driver(options: BrowserOptions) -> DriverChoice:
    """The driver found for ``options``, refused when it does not fit the installed browser."""
    choice = find_driver(
        options.browser,
        driver_path=options.driver_path,
        driver_dir=options.driver_dir,
        binary_path=options.binary_path,
    )
    check_driver_matches_browser(options.browser, choice)
    return choice


def browser_arguments(options: BrowserOptions, portal_host: str, profile_dir: Path) -> list[str]:
    """Command-line flags: quiet, isolated, and unable to resolve any host but the portal's."""
    width, height = options.window_size
    args = [
        *QUIET_FLAGS,
        f"--user-data-dir={profile_dir}",
        f"--window-size={width},{height}",
        f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {portal_host}",
    ]
    if options.headless:
        args.append("--headless=new")
    return args


def download_preferences(download_dir: Path) -> dict[str, object]:
    return {
        "download.default_directory": str(download_dir),
        "download.prompt_for_download": False,
        "download.directory_upgrade": True,
        "plugins.always_open_pdf_externally": True,
        "profile.default_content_setting_values.automatic_downloads": 1,
        "safebrowsing.enabled": False,
        "credentials_enable_service": False,
        "profile.password_manager_enabled": False,
    }


def make_driver(
    options: BrowserOptions, *, portal_host: str, download_dir: Path, profile_dir: Path
) -> WebDriver:
    """Start the browser; a missing browser or driver is a ``BrowserUnavailable``."""
    download_dir.mkdir(parents=True, exist_ok=True)
    profile_dir.mkdir(parents=True, exist_ok=True)
    browser_options: ChromiumOptions = (
        webdriver.EdgeOptions() if options.browser == "edge" else webdriver.ChromeOptions()
    )
    for arg in browser_arguments(options, portal_host, profile_dir):
        browser_options.add_argument(arg)
    browser_options.add_experimental_option("prefs", download_preferences(download_dir))
    choice = choose_driver(options)
    binary = options.binary_path or (
        choice.browser_executable if options.browser == "chromium" else None
    )
    if binary:
        browser_options.binary_location = str(binary)
    if choice.driver is None:
        # Selenium Manager must never reach the network: offline it only looks for local
        # drivers and browsers.
        os.environ["SE_OFFLINE"] = "true"
    executable = str(choice.driver) if choice.driver else None
    log.info(
        "starting %s (headless=%s, driver=%s)",
        options.browser,
        options.headless,
        executable or "Selenium Manager (offline)",
    )
    try:
        if options.browser == "edge":
            assert isinstance(browser_options, webdriver.EdgeOptions)
            return webdriver.Edge(
                options=browser_options, service=webdriver.EdgeService(executable)
            )
        assert isinstance(browser_options, webdriver.ChromeOptions)
        return webdriver.Chrome(
            options=browser_options, service=webdriver.ChromeService(executable)
        )
    except NoSuchDriverException as exc:
        cause = f"{exc.msg}: {exc.__cause__}" if exc.__cause__ else (exc.msg or "")
        raise no_driver_found(options.browser, choice, cause) from exc
    except WebDriverException as exc:
        said = exc.msg or type(exc).__name__
        mismatch = mismatch_from_driver_error(options.browser, choice.driver, said)
        if mismatch is not None:
            raise mismatch from exc
        raise BrowserUnavailable(options.browser, said) from exc
    except OSError as exc:
        raise BrowserUnavailable(options.browser, str(exc)) from exc
