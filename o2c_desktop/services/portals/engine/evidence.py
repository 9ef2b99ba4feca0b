"""What a failed run leaves behind so that someone can see what the browser saw.

A screenshot (``.png``), the page's HTML with every password field emptied and known secrets
scrubbed, and the run's log (written for every run, failed or not) go to the run's evidence
folder.
"""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path
from typing import ClassVar

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.remote.webdriver import WebDriver

from o2c_desktop.logging_setup import SecretScrubFilter, secrets

log = logging.getLogger(__name__)

CLEAR_PASSWORDS_JS = """
for (const doc of [document, ...Array.from(document.querySelectorAll('iframe'))
        .map(f => { try { return f.contentDocument; } catch (e) { return null; } })
        .filter(Boolean)]) {
  for (const input of doc.querySelectorAll('input[type=password]')) {
    input.value = '';
    input.removeAttribute('value');
  }
}
"""
_PASSWORD_VALUE = re.compile(r'(<input[^>]*type="password"[^>]*?)\svalue="[^"]*"', re.I)


def blank_password_values(html: str) -> str:
    return secrets.scrub(_PASSWORD_VALUE.sub(r"\1", html))


def save_page_evidence(driver: WebDriver | None, folder: Path, label: str) -> list[Path]:
    """Screenshot and sanitized HTML of the current page; never raises (the run already failed)."""
    if driver is None:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    try:
        driver.execute_script(CLEAR_PASSWORDS_JS)
    except WebDriverException as exc:
        log.info("could not clear password fields before the evidence: %s", exc.msg)
    png = folder / f"{label}.png"
    try:
        if driver.get_screenshot_as_file(str(png)):
            saved.append(png)
    except WebDriverException as exc:
        log.info("no screenshot for the evidence: %s", exc.msg)
    html_path = folder / f"{label}.html"
    try:
        html_path.write_text(blank_password_values(driver.page_source), encoding="utf-8")
        saved.append(html_path)
    except WebDriverException as exc:
        log.info("no page source for the evidence: %s", exc.msg)
    return saved


class RunLog:
    """A log file in the evidence folder for the ``o2c_desktop.services.portals`` loggers.

    Portals synced side by side each have a run log open at once, in their own threads: a log
    keeps the lines of the thread that opened it and of threads with no run log of their own
    (the demo portal's server), never another report's lines.
    """

    _lock: ClassVar[threading.Lock] = threading.Lock()
    _threads_logging: ClassVar[set[int]] = set()  # threads with a run log open
    _open: ClassVar[int] = 0  # run logs open, in any thread
    _previous_level: ClassVar[int] = logging.NOTSET  # the loggers' level before the first

    def __init__(self, folder: Path, name: str = "run.log") -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / name
        self._handler = logging.FileHandler(self.path, encoding="utf-8")
        self._handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)-7s %(name)s %(message)s")
        )
        self._handler.addFilter(SecretScrubFilter())
        self._handler.addFilter(self._of_this_run)
        self._handler.setLevel(logging.DEBUG)
        self._logger = logging.getLogger("o2c_desktop.services.portals")
        self._thread = threading.get_ident()

    def _of_this_run(self, record: logging.LogRecord) -> bool:
        return record.thread == self._thread or record.thread not in RunLog._threads_logging

    def __enter__(self) -> RunLog:
        with RunLog._lock:
            RunLog._threads_logging.add(self._thread)
            if RunLog._open == 0:
                RunLog._previous_level = self._logger.level
                if self._logger.getEffectiveLevel() > logging.INFO:
                    self._logger.setLevel(logging.INFO)
            RunLog._open += 1
        self._logger.addHandler(self._handler)
        return self

    def __exit__(self, *exc: object) -> None:
        self._logger.removeHandler(self._handler)
        with RunLog._lock:
            RunLog._threads_logging.discard(self._thread)
            RunLog._open -= 1
            if RunLog._open == 0:
                self._logger.setLevel(RunLog._previous_level)
        self._handler.close()
