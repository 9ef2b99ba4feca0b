"""Readers used by the generator tests, written the way a loader would read the real files."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook


def sheet_rows(path: Path, sheet: str | None = None) -> list[list[Any]]:
    wb = CalamineWorkbook.from_path(str(path))
    name = sheet or wb.sheet_names[0]
    return wb.get_sheet_by_name(name).to_python(skip_empty_area=False)


def table(
    path: Path, header_row: int = 0, sheet: str | None = None
) -> tuple[list[str], list[list[Any]]]:
    rows = sheet_rows(path, sheet)
    return [str(h) for h in rows[header_row]], rows[header_row + 1 :]


def camunda_csv(path: Path) -> tuple[list[str], list[list[str | None]]]:
    """Split on commas not escaped with a backslash; `\\N` is null (DOMAIN §3.5)."""
    text = path.read_text(encoding="utf-8-sig")
    lines = text.splitlines()

    def fields(line: str) -> list[str | None]:
        parts = re.split(r"(?<!\\),", line)
        return [None if p == "\\N" else p.replace("\\,", ",") for p in parts]

    header = [str(h) for h in fields(lines[0])]
    return header, [fields(line) for line in lines[1:]]
