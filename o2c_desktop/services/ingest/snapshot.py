"""When an export was taken: the snapshot time every row of a file is versioned at (§2.5)."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

_NAME_STAMPS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})-(\d{2})"), "ymdh"),
    (re.compile(r"(\d{4}) (\d{2}) (\d{2}) (\d{2})h"), "ymdh"),
    (re.compile(r"(\d{4})-(\d{2})-(\d{2}) (\d{2})h"), "ymdh"),
    (re.compile(r"(\d{4})-(\d{2})-(\d{2}) (\d{2})-\d{2}"), "ymdh"),
    (re.compile(r"(\d{2})-(\d{2})-(\d{4}) (\d{2}) \d{2}"), "dmyh"),
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})"), "ymd"),
)


def _stamp_in(text: str) -> datetime | None:
    for pattern, order in _NAME_STAMPS:
        match = pattern.search(text)
        if not match:
            continue
        parts = [int(p) for p in match.groups()]
        try:
            if order == "dmyh":
                return datetime(parts[2], parts[1], parts[0], parts[3])  # noqa: DTZ001
            hour = parts[3] if order == "ymdh" else 0
            return datetime(parts[0], parts[1], parts[2], hour)  # noqa: DTZ001
        except ValueError:
            continue
    return None


def snapshot_time(path: Path, name: str) -> datetime:
    """The export's snapshot hour (§2.5): a timestamp in the file name, else in the names of
    the two folders above it (sync runs file exports per day), else the file's mtime."""
    for text in (name, path.parent.name, path.parent.parent.name):
        stamp = _stamp_in(text)
        if stamp is not None:
            return stamp
    # Local wall-clock time, like the portals' own timestamps.
    return datetime.fromtimestamp(path.stat().st_mtime).replace(  # noqa: DTZ006
        minute=0, second=0, microsecond=0
    )
