"""Probar acceso without the window: one login through the real engine in headless Chromium
against the demo portal, with the outcome a clerk would be shown."""

from __future__ import annotations

import logging
import socket
import threading
from concurrent.futures import Future

import pytest

from o2c_desktop.services.login_check import LoginCheck, PhaseReport, check_login
from o2c_desktop.services.portals import HumanRequest, HumanStep, PortalCredentials
from o2c_desktop.services.portals.demo import DemoPortal
from o2c_desktop.services.portals.engine.human import BrowserShown

from .conftest import FAST, read_challenge

WRONG = "Not-The-Password-31"


def check(
    portal: str,
    base_url: str,
    password: str,
    human: HumanStep = read_challenge,
    *,
    cancel: threading.Event | None = None,
    progress: PhaseReport | None = None,
) -> LoginCheck:
    return check_login(
        portal,
        base_url=base_url,
        credentials=PortalCredentials("demo.proveedor", password),
        human=human,
        cancel=cancel or threading.Event(),
        timeouts=FAST,
        progress=progress,
    )


def test_right_credentials_pass_the_captcha_and_the_browser_can_be_raised_meanwhile(
    portal: DemoPortal,
) -> None:
    asked: list[HumanRequest] = []
    raised: list[BrowserShown] = []
    phases: list[str] = []

    def person(request: HumanRequest) -> str:
        asked.append(request)
        # Asked from this thread while the engine waits: served by the engine's own thread.
        raised.append(request.bring_browser_forward().result(timeout=5))
        return read_challenge(request)

    result = check("sai", portal.base_url, portal.users["sai"].password, person,
                   progress=phases.append)  # fmt: skip

    assert (result.status, result.error, result.user) == ("ok", None, "demo.proveedor")
    assert [r.portal for r in asked] == ["sai"] and "captcha" in asked[0].prompt
    assert raised == ["headless"]
    assert phases == ["browser", "login"]
    late: Future[BrowserShown] = asked[0].bring_browser_forward()
    assert late.result(timeout=1) == "unavailable"  # the step is over, the browser is gone


def test_wrong_password_gives_the_portals_own_message_and_never_the_password(
    portal: DemoPortal, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)

    result = check("prei", portal.base_url, WRONG)

    assert result.status == "rejected"
    assert result.portal_message == "Usuario o contraseña incorrectos."
    assert result.error is not None
    assert result.error.es == (
        "PREI no aceptó al usuario demo.proveedor con esa contraseña: corrija el usuario o la "
        "contraseña y pruebe de nuevo. El portal dice: «Usuario o contraseña incorrectos.»"
    )
    shown = " ".join([result.error.es, result.error.en, result.error.details, repr(result)])
    assert WRONG not in shown
    assert WRONG not in caplog.text
    assert "login check on prei ended rejected" in caplog.text


def test_a_portal_that_does_not_answer_is_named_as_unreachable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{closed_port}"

    result = check("sagi", url, WRONG)

    assert result.status == "unreachable" and result.error is not None
    assert result.error.es.startswith(
        f"No se pudo conectar con SAGI en {url}/contratos/login: el servidor rechazó la conexión."
    )
    assert "Revise la conexión a internet" in result.error.es
    assert "ERR_CONNECTION_REFUSED" in result.error.details


def test_a_cancelled_check_starts_no_browser() -> None:
    cancel = threading.Event()
    cancel.set()

    result = check("prei", "http://127.0.0.1:9", WRONG, cancel=cancel)

    assert result.status == "cancelled" and result.error is not None
    assert result.error.es == "Prueba de acceso a PREI cancelada."
