"""The Windows installer carries exactly the identifiers the program knows itself by.

A different GUID, AppUserModelID or mutex name in ``installer/o2c_desktop.nsi`` would leave a
second entry in "Apps", a shortcut that does not group with the window, or an installer that
replaces files under a running program.
"""

from __future__ import annotations

import re
from pathlib import Path

from o2c_desktop import identity

ROOT = Path(__file__).resolve().parents[2]
NSI = ROOT / "installer" / "o2c_desktop.nsi"

FIXED = (
    "UNINSTALL_GUID",
    "APP_USER_MODEL_ID",
    "RUNNING_MUTEX",
    "INSTALL_DIR_NAME",
    "DISPLAY_NAME",
    "PUBLISHER",
)
DEFINE = re.compile(r'^\s*!define\s+(?P<name>\w+)\s+"(?P<value>[^"]*)"\s*$', re.MULTILINE)


def nsis_defines(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for match in DEFINE.finditer(text):
        found.setdefault(match["name"], []).append(match["value"])
    return found


def test_the_installer_script_carries_the_fixed_identifiers() -> None:
    defines = nsis_defines(NSI.read_text(encoding="utf-8"))

    # NSIS takes a backslash literally, as Python's escaped one means.
    assert {name: defines.get(name) for name in FIXED} == {
        name: [getattr(identity, name)] for name in FIXED
    }


def test_the_installer_uses_its_identifiers_where_windows_reads_them() -> None:
    text = NSI.read_text(encoding="utf-8")
    assert "RequestExecutionLevel user" in text
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\${INSTALL_DIR_NAME}"' in text
    assert (
        '!define UNINSTALL_KEY "Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\'
        '${UNINSTALL_GUID}"' in text
    )
    assert re.search(r"kernel32::OpenMutexW\([^)]*\"\$\{RUNNING_MUTEX\}\"\)", text)
    assert re.search(
        r'CreateShortcutWithAppId "\$\{SHORTCUT\}" "[^"]+" "\$\{APP_USER_MODEL_ID\}"', text
    )
    # Every uninstall value is written under HKCU, never under HKLM.
    assert "HKLM" not in text
    written = set(re.findall(r'WriteReg(?:Str|DWORD) HKCU "\$\{UNINSTALL_KEY\}" "(\w+)"', text))
    assert written == {
        "DisplayName",
        "DisplayVersion",
        "Publisher",
        "DisplayIcon",
        "InstallLocation",
        "UninstallString",
        "QuietUninstallString",
        "NoModify",
        "NoRepair",
        "EstimatedSize",
    }
