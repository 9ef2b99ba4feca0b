"""A download counts only when it is complete, stable and readable as its type."""

from __future__ import annotations

import threading
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
import xlwt

from o2c_desktop.services.portals.engine.downloads import (
    DownloadProblem,
    clean_leftovers,
    snapshot,
    sniff_kind,
    verify_file,
    wait_for_download,
)
from o2c_desktop.services.portals.engine.evidence import blank_password_values
from o2c_desktop.services.portals.engine.waiting import Cancelled, WaitTimeout


def _xlsx(path: Path) -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    workbook.add_worksheet("data").write_row(0, 0, ["noAlta", "noOrden"])
    workbook.close()
    return path


def _xls(path: Path) -> Path:
    workbook = xlwt.Workbook()
    workbook.add_sheet("Facturas vs CR").write(0, 0, "Documento")
    workbook.save(str(path))
    return path


def test_complete_files_of_each_kind_are_accepted(tmp_path: Path) -> None:
    verify_file(_xlsx(tmp_path / "a.xlsx"), "xlsx")
    verify_file(_xls(tmp_path / "b.xls"), "xls")
    html = tmp_path / "c.xls"
    html.write_text("<html><table><tr><td>Documento</td></tr></table></html>")
    assert sniff_kind(html) == "html"
    verify_file(html, "xls")


def test_truncated_or_wrong_files_are_refused(tmp_path: Path) -> None:
    whole = _xlsx(tmp_path / "whole.xlsx").read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(DownloadProblem, match="truncated or damaged"):
        verify_file(cut, "xlsx")
    biff = _xls(tmp_path / "whole.xls").read_bytes()
    short = tmp_path / "short.xls"
    short.write_bytes(biff[: len(biff) // 2])
    with pytest.raises(DownloadProblem, match="cannot be read"):
        verify_file(short, "xls")
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(DownloadProblem, match="empty"):
        verify_file(empty, "xlsx")
    page = tmp_path / "login.xlsx"
    page.write_text("<html>Sesión expirada</html>")
    with pytest.raises(DownloadProblem, match="found html"):
        verify_file(page, "xlsx")
    not_a_workbook = tmp_path / "other.xlsx"
    with zipfile.ZipFile(not_a_workbook, "w") as archive:
        archive.writestr("readme.txt", "hola")
    with pytest.raises(DownloadProblem, match="complete workbook"):
        verify_file(not_a_workbook, "xlsx")


def test_waits_while_a_crdownload_is_present_and_ignores_old_files(tmp_path: Path) -> None:
    _xlsx(tmp_path / "altas_export_1.xlsx")
    before = snapshot(tmp_path)
    partial = tmp_path / "altas_export_2.xlsx.crdownload"
    partial.write_bytes(b"PK")
    cancel = threading.Event()
    with pytest.raises(WaitTimeout):
        wait_for_download(
            tmp_path, pattern="altas_export_*.xlsx", before=before, expected="xlsx",
            timeout_s=0.6, cancel=cancel, interval_s=0.05,
        )  # fmt: skip
    partial.unlink()
    _xlsx(tmp_path / "altas_export_2.xlsx")
    found = wait_for_download(
        tmp_path, pattern="altas_export_*.xlsx", before=before, expected="xlsx",
        timeout_s=2, cancel=cancel, interval_s=0.05,
    )  # fmt: skip
    assert found.name == "altas_export_2.xlsx"


def test_cancel_ends_the_wait_at_once(tmp_path: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        wait_for_download(
            tmp_path, pattern="*.xlsx", before=snapshot(tmp_path), expected="xlsx",
            timeout_s=60, cancel=cancel,
        )  # fmt: skip


def test_leftovers_of_an_earlier_run_are_removed(tmp_path: Path) -> None:
    for name in ("a.xlsx", "b.xls", "c.crdownload", "keep.txt"):
        (tmp_path / name).write_bytes(b"x")
    assert sorted(clean_leftovers(tmp_path)) == ["a.xlsx", "b.xls", "c.crdownload"]
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_evidence_html_has_no_password_values() -> None:
    page = '<input id="password" type="password" value="Secret-9"><input id="u" value="demo">'
    cleaned = blank_password_values(page)
    assert "Secret-9" not in cleaned and 'value="demo"' in cleaned
