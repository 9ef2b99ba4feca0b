"""Where the browser and its driver are, and whether they match, without any download.

The driver is looked for, in order: the ``driver_path`` setting; beside the browser's executable
(where an administrator puts ``msedgedriver.exe`` next to ``msedge.exe``); on PATH; in the folder
of the ``driver_dir`` setting; the distribution's ``/usr/bin/chromedriver`` on Linux. A driver
whose major version differs from the browser's is refused before the browser starts, with the
versions and where to get the right one: Edge updates itself, its driver does not.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from o2c_desktop.services.portals.errors import DriverNotFound, DriverVersionMismatch
from o2c_desktop.settings import BrowserName

log = logging.getLogger(__name__)

LINUX_CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_BINARIES = ("chromium", "chromium-browser")
DRIVER_NAMES: dict[BrowserName, str] = {
    "edge": "msedgedriver",
    "chrome": "chromedriver",
    "chromium": "chromedriver",
}
# Windows installs, relative to the folders these variables name (machine-wide, then per user).
_WINDOWS_INSTALLS: dict[BrowserName, tuple[str, ...]] = {
    "edge": ("Microsoft/Edge/Application/msedge.exe",),
    "chrome": ("Google/Chrome/Application/chrome.exe",),
    "chromium": ("Chromium/Application/chrome.exe",),
}
_WINDOWS_ROOTS = ("ProgramFiles(x86)", "ProgramFiles", "LOCALAPPDATA")
_MAC_APPS: dict[BrowserName, str] = {
    "edge": "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
    "chrome": "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "chromium": "/Applications/Chromium.app/Contents/MacOS/Chromium",
}
_UNIX_NAMES: dict[BrowserName, tuple[str, ...]] = {
    "edge": ("microsoft-edge", "microsoft-edge-stable"),
    "chrome": ("google-chrome", "google-chrome-stable"),
    "chromium": CHROMIUM_BINARIES,
}
_VERSION = re.compile(r"\b(\d+)\.\d+\.\d+(?:\.\d+)?\b")
_VERSION_FOLDER = re.compile(r"^\d+\.\d+\.\d+\.\d+$")
DRIVER_VERSION_TIMEOUT_S = 15.0


@dataclass(frozen=True)
class Machine:
    """What the lookup reads from the computer; the defaults are this process's own."""

    platform: str = sys.platform
    environ: Mapping[str, str] | None = None
    path: str | None = None  # PATH; None: the environment's

    @property
    def env(self) -> Mapping[str, str]:
        return os.environ if self.environ is None else self.environ

    def which(self, name: str) -> Path | None:
        found = shutil.which(
            name, path=self.path if self.path is not None else self.env.get("PATH")
        )
        return Path(found) if found else None


def driver_file_name(browser: BrowserName, platform: str) -> str:
    return DRIVER_NAMES[browser] + (".exe" if platform == "win32" else "")


def browser_executable(browser: BrowserName, machine: Machine) -> Path | None:
    """The installed browser's program file, where the system's usual places have one."""
    if machine.platform == "win32":
        bases = [Path(base) for root in _WINDOWS_ROOTS if (base := machine.env.get(root))]
        candidates = [base / relative for base in bases for relative in _WINDOWS_INSTALLS[browser]]
        return next((candidate for candidate in candidates if candidate.is_file()), None)
    if machine.platform == "darwin":
        app = Path(_MAC_APPS[browser])
        if app.is_file():
            return app
    return next((found for name in _UNIX_NAMES[browser] if (found := machine.which(name))), None)


def browser_version(executable: Path) -> str | None:
    """Edge and Chrome on Windows keep each version in a folder named after it beside the
    program (``Application\\131.0.2903.70``); the newest one is the version that runs."""
    try:
        versions = [p.name for p in executable.parent.iterdir() if _VERSION_FOLDER.match(p.name)]
    except OSError:
        return None
    return max(versions, key=lambda v: tuple(int(n) for n in v.split(".")), default=None)


def driver_version(driver: Path) -> str | None:
    """What ``<driver> --version`` says (``Microsoft Edge WebDriver 131.0.2903.70 (...)``)."""
    try:
        # The driver the settings or the lookup chose, started by the engine moments later anyway.
        answer = subprocess.run(  # noqa: S603
            [str(driver), "--version"],
            capture_output=True,
            text=True,
            timeout=DRIVER_VERSION_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.info("cannot ask %s its version: %s", driver, exc)
        return None
    match = _VERSION.search(answer.stdout)
    return match.group(0) if match else None


def major(version: str) -> int:
    return int(version.split(".", 1)[0])


@dataclass(frozen=True)
class DriverChoice:
    driver: Path | None  # None: nothing found here; Selenium Manager may still look offline
    looked_in: tuple[str, ...]
    browser_executable: Path | None


def find_driver(
    browser: BrowserName,
    *,
    driver_path: Path | None = None,
    driver_dir: Path | None = None,
    binary_path: Path | None = None,
    machine: Machine | None = None,
) -> DriverChoice:
    """The driver to use and the places looked in, in the order of the module's docstring."""
    machine = machine or Machine()
    executable = binary_path or browser_executable(browser, machine)
    name = driver_file_name(browser, machine.platform)
    if driver_path is not None:
        return DriverChoice(driver_path, (str(driver_path),), executable)
    candidates: list[tuple[str, Path | None]] = []
    if executable is not None:
        candidates.append((str(executable.parent), executable.parent / name))
    candidates.append(("PATH", machine.which(name)))
    if driver_dir is not None:
        candidates.append((str(driver_dir), driver_dir / name))
    if browser != "edge" and machine.platform.startswith("linux"):
        candidates.append((str(LINUX_CHROMEDRIVER.parent), LINUX_CHROMEDRIVER))
    looked_in = tuple(place for place, _ in candidates)
    for _, candidate in candidates:
        if candidate is not None and candidate.is_file():
            return DriverChoice(candidate, looked_in, executable)
    return DriverChoice(None, looked_in, executable)


def check_driver_matches_browser(browser: BrowserName, choice: DriverChoice) -> None:
    """Refuse a driver of another major version than the installed browser, when both are
    known without starting the browser."""
    if choice.driver is None or choice.browser_executable is None:
        return
    installed = browser_version(choice.browser_executable)
    if installed is None:
        return
    found = driver_version(choice.driver)
    if found is not None and major(found) != major(installed):
        raise DriverVersionMismatch(
            browser, choice.driver, found, installed, choice.browser_executable.parent
        )


def no_driver_found(browser: BrowserName, choice: DriverChoice, cause: str) -> DriverNotFound:
    installed = browser_version(choice.browser_executable) if choice.browser_executable else None
    folder = choice.browser_executable.parent if choice.browser_executable else None
    return DriverNotFound(browser, choice.looked_in, installed, folder, cause)


_ONLY_SUPPORTS = re.compile(r"only supports .*?version (\d+)", re.I)
_CURRENT = re.compile(r"Current browser version is ([\d.]+)", re.I)
_BINARY = re.compile(r"with binary path (.+)$", re.M)


def mismatch_from_driver_error(
    browser: BrowserName, driver: Path | None, message: str
) -> DriverVersionMismatch | None:
    """The driver's own refusal ("This version of ... only supports ... version N / Current
    browser version is M"), for browsers whose version was not known beforehand."""
    supports, current = _ONLY_SUPPORTS.search(message), _CURRENT.search(message)
    if not (supports and current):
        return None
    binary = _BINARY.search(message)
    folder = Path(binary.group(1).strip()).parent if binary else None
    return DriverVersionMismatch(
        browser, driver, supports.group(1), current.group(1), folder, details=message
    )
