"""Logging: named loggers under ``o2c``, a rotating file in the log folder, secrets scrubbed.

Known secret values (registered by whoever reads them, e.g. the credential store) and obvious
patterns (``password=...``, bearer tokens, private-key blocks) are replaced by ``***`` in every
record before any handler sees it.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
import threading
from pathlib import Path

ROOT_LOGGER = "o2c_desktop"
REDACTED = "***"

_LABEL_WORDS = r"(?i)\b(password|passwd|contrase(?:ñ|n)a|pwd|passphrase|secret|token|api[_-]?key)"
_VALUE = r"([^\s,;'\"&}]+)"
# ``password=...`` and ``"password": "..."`` always carry a value.
_ASSIGNED = re.compile(_LABEL_WORDS + r"(\s*=\s*|\"\s*:\s*\"|'\s*:\s*')" + _VALUE)
# After ``password:`` may come a value or a sentence ("con esa contraseña: corrija el usuario");
# the lookahead tells whether another word follows.
_LABELLED = re.compile(_LABEL_WORDS + r"(\s*:\s*[\"']?)" + _VALUE + r"(?=(\s+[^\W\d_])?)")
_PATTERNS = [
    re.compile(r"(?i)\b(authorization:\s*(?:bearer|basic)\s+)(\S+)"),
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?-----END [A-Z ]*PRIVATE KEY-----", re.S),
]


def _scrub_labelled(match: re.Match[str]) -> str:
    name, separator, value, next_word = match.groups()
    # A lowercase word followed by more words is prose ("password: fix the user or..."), not a
    # value; a real secret of that shape is still scrubbed when its value is registered.
    prose = not separator.rstrip().endswith(("'", '"')) and value.isalpha() and value.islower()
    if prose and next_word:
        return match.group(0)
    return f"{name}{separator}{REDACTED}"


class SecretRegistry:
    """Values that must never be written anywhere. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: set[str] = set()

    def add(self, value: str | None) -> None:
        # Very short values would redact ordinary words; they are still scrubbed by pattern.
        if value and len(value) >= 4:
            with self._lock:
                self._values.add(value)

    def scrub(self, text: str) -> str:
        with self._lock:
            values = sorted(self._values, key=len, reverse=True)
        for value in values:
            if value in text:
                text = text.replace(value, REDACTED)
        text = _ASSIGNED.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}", text)
        text = _LABELLED.sub(_scrub_labelled, text)
        for pattern in _PATTERNS:
            if pattern.groups == 2:
                text = pattern.sub(lambda m: f"{m.group(1)}{REDACTED}", text)
            else:
                text = pattern.sub(REDACTED, text)
        return text


secrets = SecretRegistry()


class SecretScrubFilter(logging.Filter):
    """Formats the record once, scrubs it, and freezes the result into ``msg``."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        record.msg = secrets.scrub(message)
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            formatted = logging.Formatter().formatException(record.exc_info)
            record.exc_text = secrets.scrub(formatted)
            record.exc_info = None
        return True


_FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"
_configured_file: Path | None = None


def configure_logging(log_file: Path, *, level: int = logging.INFO, verbose: bool = False) -> None:
    """Send ``o2c_desktop.*`` records to a rotating file (and to stderr when verbose)."""
    global _configured_file
    root = logging.getLogger(ROOT_LOGGER)
    root.setLevel(level)
    if _configured_file == log_file:
        return
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    log_file.parent.mkdir(parents=True, exist_ok=True)
    file_handler = logging.handlers.RotatingFileHandler(
        log_file,
        maxBytes=5_000_000,
        backupCount=5,
        encoding="utf-8",
        # A file name with a byte that is not UTF-8 must not cost the record that names it.
        errors="backslashreplace",
        delay=True,
    )
    handlers: list[logging.Handler] = [file_handler]
    # The windowed program (pythonw, frozen) has no stderr: the file is all there is.
    if verbose and sys.stderr is not None:
        handlers.append(logging.StreamHandler())
    for handler in handlers:
        handler.setFormatter(logging.Formatter(_FORMAT))
        handler.addFilter(SecretScrubFilter())
        root.addHandler(handler)
    root.propagate = False
    _configured_file = log_file
