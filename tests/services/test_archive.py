"""Archived copies are read-only; on Windows a read-only file can be neither replaced nor deleted.

Windows' refusal is shown here by an immutable file (``chattr +i``), which Linux refuses to replace
in the same way, even to root. What cannot run here is Windows refusing to delete the read-only
temporary file itself; ``discard`` clears that attribute before deleting.
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from immutable import immutable

from o2c_desktop.services.archive import discard, write_read_only
from o2c_desktop.services.hashing import file_sha256


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
