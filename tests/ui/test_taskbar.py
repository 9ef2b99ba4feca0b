"""The AppUserModelID the window declares, so Windows groups it with the Start-menu shortcut."""

from __future__ import annotations

import logging
import sys

import pytest

from o2c_desktop.identity import APP_USER_MODEL_ID
from o2c_desktop.ui.taskbar import apply_app_user_model_id, windows_app_id_setter

E_INVALIDARG = -2147024809


def test_only_windows_is_told() -> None:
    on_windows = sys.platform == "win32"
    assert (windows_app_id_setter() is not None) is on_windows
    assert apply_app_user_model_id() is on_windows


def test_the_fixed_identifier_is_what_windows_receives() -> None:
    received: list[str] = []

    def shell32_setter(app_id: str) -> int:
        received.append(app_id)
        return 0

    assert apply_app_user_model_id(shell32_setter) is True
    assert received == [APP_USER_MODEL_ID]


@pytest.mark.expected_log_warnings
def test_a_refusal_is_logged_and_the_program_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="o2c_desktop.ui.taskbar"):
        assert apply_app_user_model_id(lambda _app_id: E_INVALIDARG) is False
    assert "0x80070057" in caplog.text
