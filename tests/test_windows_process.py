"""The running mutex the installer checks and the window's AppUserModelID.

Windows' kernel32 and shell32 cannot run here: the calls are made against small stand-ins that
answer as Windows documents (a handle, or 0 on failure; S_OK or an HRESULT), and on Linux the
functions must do nothing at all.
"""

from __future__ import annotations

import pytest

from o2c_desktop import windows_process
from o2c_desktop.identity import APP_USER_MODEL_ID, RUNNING_MUTEX


class Kernel32:
    def __init__(self, handle: int) -> None:
        self.handle = handle
        self.calls: list[tuple[object, bool, str]] = []

    def CreateMutexW(self, attributes: object, owned: bool, name: str) -> int:
        self.calls.append((attributes, owned, name))
        return self.handle


class Shell32:
    def __init__(self, result: int) -> None:
        self.result = result
        self.ids: list[str] = []

    def SetCurrentProcessExplicitAppUserModelID(self, app_id: str) -> int:
        self.ids.append(app_id)
        return self.result


def test_on_windows_the_mutex_the_installer_checks_is_created_and_kept() -> None:
    kernel32 = Kernel32(handle=0x1F4)
    assert windows_process.hold_running_mutex(platform="win32", kernel32=kernel32) == 0x1F4
    assert kernel32.calls == [(None, False, RUNNING_MUTEX)], "not owned: any copy may open it"
    assert 0x1F4 in windows_process._held, "the handle lives as long as the process"


@pytest.mark.expected_log_warnings
def test_a_refused_mutex_does_not_stop_the_program() -> None:
    assert windows_process.hold_running_mutex(platform="win32", kernel32=Kernel32(0)) is None


def test_on_windows_the_window_takes_the_shortcut_app_id() -> None:
    shell32 = Shell32(result=0)
    assert windows_process.set_app_user_model_id(platform="win32", shell32=shell32)
    assert shell32.ids == [APP_USER_MODEL_ID]


def test_elsewhere_nothing_is_called() -> None:
    assert windows_process.hold_running_mutex() is None
    assert windows_process.set_app_user_model_id() is False


def test_both_programs_hold_the_mutex_from_their_first_step(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import o2c_desktop.cli as cli
    import o2c_desktop.ui.app as app

    held: list[str] = []
    monkeypatch.setattr(cli, "hold_running_mutex", lambda: held.append("o2c"))
    monkeypatch.setattr(app, "hold_running_mutex", lambda: held.append("o2c-desktop"))
    with pytest.raises(SystemExit) as cli_exit:
        cli.main(["--version"])
    assert cli_exit.value.code == 0
    with pytest.raises(SystemExit) as window_exit:
        app.main(["--lang", "fr"])
    assert window_exit.value.code == 2
    assert held == ["o2c", "o2c-desktop"]
