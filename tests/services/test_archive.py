"""The raw archive. Copies a killed process left behind are cleaned, copies in progress are not.

Archived copies are read-only; on Windows a read-only file can be neither replaced nor deleted.
Windows' refusal is shown here by an immutable file (``chattr +i``), which Linux refuses to replace
in the same way, even to root. What cannot run here is Windows refusing to delete the read-only
temporary file itself; ``discard`` clears that attribute before deleting.
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest
from immutable import immutable

from o2c_desktop.services.archive import STALE_INCOMING_AFTER, RawArchive, discard, write_read_only
from o2c_desktop.services.hashing import file_sha256
from o2c_desktop.services.warehouse import Warehouse


def test_content_archived_meanwhile_by_another_process_is_accepted(tmp_path: Path) -> None:
    source = tmp_path / "altas.xlsx"
    source.write_bytes(b"PK\x03\x04 same bytes")
    sha = file_sha256(source)
    target = tmp_path / "archive" / sha[:2] / f"{sha}.xlsx"
    target.parent.mkdir(parents=True)
    target.write_bytes(source.read_bytes())
    with immutable(target):
        write_read_only(source, target, sha)
    assert target.read_bytes() == source.read_bytes()
    assert [p.name for p in target.parent.iterdir()] == [target.name], "no .incoming- left"


def test_a_refused_replace_is_the_error_reported_and_nothing_is_left(tmp_path: Path) -> None:
    source = tmp_path / "altas.xlsx"
    source.write_bytes(b"new bytes")
    target = tmp_path / "archive" / "ab" / "abc.xlsx"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"other bytes under that name")
    with immutable(target), pytest.raises(PermissionError) as caught:
        write_read_only(source, target, file_sha256(source))
    assert caught.value.filename2 == str(target), "the replace's error, not a cleanup's"
    assert [p.name for p in target.parent.iterdir()] == ["abc.xlsx"]


def test_discard_removes_a_read_only_file(tmp_path: Path) -> None:
    path = tmp_path / ".incoming-x"
    path.write_bytes(b"x")
    path.chmod(stat.S_IREAD)
    discard(path)
    assert not path.exists()
    discard(path)  # already gone: nothing to say


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
