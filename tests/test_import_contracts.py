"""The layer rules are only as good as the modules they list: every non-UI module must be listed."""

from __future__ import annotations

import pkgutil
import tomllib
from pathlib import Path

import o2c_desktop

REPO = Path(__file__).resolve().parent.parent


def test_every_module_outside_ui_is_bound_by_the_no_qt_contract() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    no_qt = next(c for c in contracts if "PySide6" in c["forbidden_modules"])
    listed = set(no_qt["source_modules"])
    top_level = {
        f"o2c_desktop.{m.name}"
        for m in pkgutil.iter_modules(o2c_desktop.__path__)
        if m.name not in {"ui", "__main__"}
    }
    assert top_level, "the package has modules"
    assert top_level <= listed, f"add to the contract: {sorted(top_level - listed)}"
