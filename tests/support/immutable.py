"""A file nobody may replace or delete, not even root: how Linux can show what Windows does to a
file open in Excel or marked read-only (``PermissionError`` on replace). Tests run as root here,
so folder permissions would not stop anything."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def immutable(path: Path) -> Iterator[Path]:
    subprocess.run(["chattr", "+i", str(path)], check=True)
    try:
        yield path
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)
