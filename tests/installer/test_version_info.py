"""The version resource of the Windows programs comes from the package version."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load_version_info():
    spec = importlib.util.spec_from_file_location(
        "installer_version_info", ROOT / "installer" / "version_info.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


version_info = _load_version_info()


@pytest.mark.parametrize(
    ("version", "numbers"),
    [
        ("0.1.0", (0, 1, 0, 0)),
        ("2.3", (2, 3, 0, 0)),
        ("1.2.3.4.5", (1, 2, 3, 4)),
        ("1.4.0rc2", (1, 4, 0, 0)),
        ("1.4.0.dev7+g1234", (1, 4, 0, 0)),
        ("70000.1", (65535, 1, 0, 0)),
    ],
)
def test_windows_gets_four_numbers(version: str, numbers: tuple[int, int, int, int]) -> None:
    assert version_info.version_tuple(version) == numbers


def test_a_version_without_numbers_is_refused() -> None:
    with pytest.raises(ValueError, match="no release number"):
        version_info.version_tuple("unknown")


def test_the_resource_names_the_program_and_the_full_version() -> None:
    text = version_info.version_info_text(
        "1.4.0rc2", internal_name="o2c-desktop", description="o2c_desktop"
    )
    tree = ast.parse(text, mode="eval")
    strings = {
        node.args[0].value: node.args[1].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "StringStruct"
    }
    assert strings["ProductVersion"] == "1.4.0rc2"
    assert strings["OriginalFilename"] == "o2c-desktop.exe"
    assert strings["ProductName"] == "o2c_desktop"
    assert "filevers=(1, 4, 0, 0)" in text
