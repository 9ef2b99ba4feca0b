"""The raw archive: copies a killed process left behind are cleaned, copies in progress are not."""

from __future__ import annotations

import os
import time
from pathlib import Path

from o2c_desktop.services.archive import STALE_INCOMING_AFTER, RawArchive
from o2c_desktop.services.warehouse import Warehouse


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_opening_the_archive_removes_only_the_unfinished_copies_left_long_ago(
    tmp_path: Path,
) -> None:
    root = tmp_path / "archive"
    (root / "ab").mkdir(parents=True)
    (root / "cd").mkdir()
    left_by_a_kill = root / "ab" / ".incoming-k1ll3d"
    left_by_a_kill.write_bytes(b"half a file")
    _age(left_by_a_kill, STALE_INCOMING_AFTER.total_seconds() + 60)
    read_only_before_rename = root / "cd" / ".incoming-r34d0nly"
    read_only_before_rename.write_bytes(b"a whole file, never renamed")
    read_only_before_rename.chmod(0o444)
    _age(read_only_before_rename, 3 * STALE_INCOMING_AFTER.total_seconds())
    being_written = root / "cd" / ".incoming-1npr0gr355"
    being_written.write_bytes(b"a copy another process is writing right now")
    _age(being_written, STALE_INCOMING_AFTER.total_seconds() - 60)
    archived = root / "ab" / ("ab" + "0" * 62 + ".xlsx")
    archived.write_bytes(b"an archived file")
    _age(archived, 10 * STALE_INCOMING_AFTER.total_seconds())

    source = tmp_path / "altas.csv"
    source.write_text("a,b\n1,2\n", encoding="utf-8")
    with Warehouse(tmp_path / "warehouse.duckdb") as warehouse:
        stored = RawArchive(root, warehouse).store(source)

    assert not left_by_a_kill.exists()
    assert not read_only_before_rename.exists()
    assert being_written.read_bytes() == b"a copy another process is writing right now"
    assert archived.read_bytes() == b"an archived file", "archived files are never touched"
    assert stored.path.read_text(encoding="utf-8") == "a,b\n1,2\n"
    leftovers = sorted(p.name for p in root.rglob(".incoming-*"))
    assert leftovers == [".incoming-1npr0gr355"]
