"""One place that starts a browser for a portal run.

Chrome, Chromium or Edge, headless or visible. The driver binary comes from an explicit path when
one is known (a setting, or the distribution's ``/usr/bin/chromedriver``); Selenium Manager is
only a fallback and runs offline (``SE_OFFLINE``) so it never downloads anything. Every run gets a
fresh profile and its own download folder, downloads never prompt and PDFs open outside the
browser. The browser can reach the portal host only: every other name resolves to nothing, so no
telemetry, update or sync traffic leaves the machine.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chromium.options import ChromiumOptions
from selenium.webdriver.remote.webdriver import WebDriver

from o2c_desktop.services.portals.errors import BrowserUnavailable

log = logging.getLogger(__name__)

BrowserName = Literal["chromium", "chrome", "edge"]

LINUX_CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_BINARIES = ("chromium", "chromium-browser")

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
)


@dataclass(frozen=True)
class BrowserOptions:
    """Which browser to drive and how; the defaults suit an unattended Linux run."""

    browser: BrowserName = "chromium"
    headless: bool = True
    driver_path: Path | None = None
    binary_path: Path | None = None
    window_size: tuple[int, int] = (1366, 900)


def resolve_driver_path(options: BrowserOptions) -> Path | None:
    """The driver binary to use, or None to let Selenium Manager find one offline."""
    if options.driver_path is not None:
        return options.driver_path
    if options.browser != "edge" and sys.platform.startswith("linux"):
        if LINUX_CHROMEDRIVER.exists():
            return LINUX_CHROMEDRIVER
    found = shutil.which("msedgedriver" if options.browser == "edge" else "chromedriver")
    return Path(found) if found else None


def _binary_path(options: BrowserOptions) -> str | None:
    if options.binary_path is not None:
        return str(options.binary_path)
    if options.browser == "chromium":
        for name in CHROMIUM_BINARIES:
            found = shutil.which(name)
            if found:
                return found
    return None


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
    binary = _binary_path(options)
    if binary:
        browser_options.binary_location = binary
    driver_path = resolve_driver_path(options)
    if driver_path is None:
        # Selenium Manager must never reach the network: offline it only looks for local
        # drivers and browsers.
        os.environ["SE_OFFLINE"] = "true"
    executable = str(driver_path) if driver_path else None
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
    except WebDriverException as exc:
        raise BrowserUnavailable(options.browser, exc.msg or type(exc).__name__) from exc
    except OSError as exc:
        raise BrowserUnavailable(options.browser, str(exc)) from exc
