"""The window's identity on the Windows taskbar.

Windows groups a taskbar button with the Start-menu shortcut, and keeps a pinned icon working
across upgrades, only when the running process and the shortcut carry the same AppUserModelID.
The installer writes ``identity.APP_USER_MODEL_ID`` on the shortcut; the program declares it here
before any window exists (Windows reads it when the first window is created).
"""

from __future__ import annotations

import ctypes
import logging
import sys
from collections.abc import Callable

from o2c_desktop.identity import APP_USER_MODEL_ID

log = logging.getLogger(__name__)

# Takes the ID, returns an HRESULT (0 = S_OK).
AppIdSetter = Callable[[str], int]


def windows_app_id_setter() -> AppIdSetter | None:
    """shell32's ``SetCurrentProcessExplicitAppUserModelID``; None outside Windows."""
    if sys.platform != "win32":
        return None
    function = ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID
    function.argtypes = [ctypes.c_wchar_p]
    function.restype = ctypes.c_long
    return function


def apply_app_user_model_id(setter: AppIdSetter | None = None) -> bool:
    """Declares the fixed AppUserModelID for this process; True when Windows accepted it."""
    if setter is None:
        setter = windows_app_id_setter()
    if setter is None:
        return False
    result = setter(APP_USER_MODEL_ID)
    if result != 0:
        # Only the taskbar grouping suffers; the program works.
        log.warning("Windows refused the AppUserModelID (HRESULT 0x%08X)", result & 0xFFFFFFFF)
        return False
    return True
