"""What a running program tells Windows about itself; nothing at all on other systems.

- The running mutex (``identity.RUNNING_MUTEX``): both programs (``o2c`` and ``o2c-desktop``)
  hold it for as long as they run, and the installer refuses to install or uninstall while it
  exists (NSIS ``OpenMutexW``). Several processes may hold it at once; it disappears with the last
  one, also when a process is killed, because Windows closes a dead process's handles.
- The window's AppUserModelID (``identity.APP_USER_MODEL_ID``), the same as on the Start-menu
  shortcut, so Windows groups the running window with the shortcut and pinned icons keep working.

Qt-free: the CLI calls it too.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from o2c_desktop.identity import APP_USER_MODEL_ID, RUNNING_MUTEX

log = logging.getLogger(__name__)

# Handles kept for the life of the process: closing one would let the installer run under us.
_held: list[int] = []


def hold_running_mutex(
    name: str = RUNNING_MUTEX, *, platform: str | None = None, kernel32: Any = None
) -> int | None:
    """Create (or open) the named mutex and keep its handle; None where there is no Windows or
    when Windows refuses (the program still runs: only the installer's check is weaker)."""
    if (platform or sys.platform) != "win32":
        return None
    if kernel32 is None:
        kernel32 = _kernel32()
    # Not owned (bInitialOwner FALSE): its existence is the signal, and every copy of the
    # program may open the same mutex.
    handle = kernel32.CreateMutexW(None, False, name)
    if not handle:
        log.warning("could not create the running mutex %s (error %s)", name, _last_error())
        return None
    _held.append(int(handle))
    return int(handle)


def set_app_user_model_id(
    app_id: str = APP_USER_MODEL_ID, *, platform: str | None = None, shell32: Any = None
) -> bool:
    """Give this process the shortcut's AppUserModelID; False where it does not apply."""
    if (platform or sys.platform) != "win32":
        return False
    if shell32 is None:
        shell32 = _shell32()
    result = shell32.SetCurrentProcessExplicitAppUserModelID(app_id)
    if result != 0:
        code = result & 0xFFFFFFFF
        log.warning("could not set the AppUserModelID %s (HRESULT %#x)", app_id, code)
        return False
    return True


def _kernel32() -> Any:
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    kernel32.CreateMutexW.argtypes = [ctypes.c_void_p, wintypes.BOOL, wintypes.LPCWSTR]
    kernel32.CreateMutexW.restype = wintypes.HANDLE
    return kernel32


def _shell32() -> Any:
    import ctypes
    from ctypes import wintypes

    shell32 = ctypes.WinDLL("shell32")  # type: ignore[attr-defined]
    shell32.SetCurrentProcessExplicitAppUserModelID.argtypes = [wintypes.LPCWSTR]
    shell32.SetCurrentProcessExplicitAppUserModelID.restype = ctypes.c_long
    return shell32


def _last_error() -> int:
    import ctypes

    get_last_error = getattr(ctypes, "get_last_error", None)
    return int(get_last_error()) if get_last_error else 0
