"""The demo portal over plain HTTP: sessions, fault switches and exports, no browser needed."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import date
from http.cookiejar import CookieJar
from urllib.parse import urlencode

import pytest

from o2c_desktop.services.portals.demo import DemoPortal, PortalFaults


@pytest.fixture(scope="module")
def portal() -> Iterator[DemoPortal]:
    with DemoPortal(seed=7, scale=60, as_of=date(2025, 8, 25), export_delay_s=0) as demo:
        yield demo


def _browser() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))


def test_prei_login_and_export_carry_the_real_name_and_rows(portal: DemoPortal) -> None:
    web = _browser()
    user = portal.users["prei"]
    form = urlencode({"frmLogin:usuario": user.user, "frmLogin:password": user.password})
    with web.open(f"{portal.base_url}/piref/login.jsf", data=form.encode()) as home:
        assert "ui-menubar-root" in home.read().decode()
    query = urlencode({"inicio": "01/01/2024", "fin": "31/12/2024"})
    with web.open(f"{portal.base_url}/piref/api/facturasVsCR?{query}") as answer:
        found = json.loads(answer.read())
    truth = portal.truth_keys("prei.facturas_vs_cr", date(2024, 1, 1), date(2024, 12, 31))
    assert found["status"] == "ok" and sorted((r[1],) for r in found["rows"]) == truth
    with web.open(f"{portal.base_url}/piref/api/facturasVsCR.xls?{query}") as response:
        assert response.headers["Content-Disposition"] == (
            'attachment; filename="[FacturaVsCR][demo.proveedor][01-01-2024][31-12-2024].xls"'
        )
        assert response.read()[:4] == b"\xd0\xcf\x11\xe0"


def test_admin_endpoint_switches_faults_at_runtime(portal: DemoPortal) -> None:
    request = urllib.request.Request(
        f"{portal.base_url}/__admin/faults/sagi",
        data=json.dumps({"http_500_pages": 1}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as answer:
        assert json.loads(answer.read())["http_500_pages"] == 1
    web = _browser()
    with pytest.raises(urllib.error.HTTPError) as failure:
        web.open(f"{portal.base_url}/contratos/facturas/2024")
    failure.value.close()
    assert failure.value.code == 500
    with web.open(f"{portal.base_url}/contratos/facturas/2024") as page:
        assert page.status == 200
    bad = urllib.request.Request(
        f"{portal.base_url}/__admin/faults/sagi", data=b'{"no_such_switch": true}'
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(bad)
    refused.value.close()
    assert refused.value.code == 400
    portal.set_faults("sagi", PortalFaults())


def test_wrong_password_is_refused_with_the_portals_message(portal: DemoPortal) -> None:
    form = urlencode({"usuario": portal.users["sagi"].user, "password": "nope-nope"})
    with _browser().open(f"{portal.base_url}/contratos/login", data=form.encode()) as page:
        assert "Usuario o contraseña incorrectos" in page.read().decode()


LOGIN_FORMS = {
    "sai": ("/abasto-web/login", "usuario", "password"),
    "prei": ("/piref/login.jsf", "frmLogin:usuario", "frmLogin:password"),
    "sagi": ("/contratos/login", "usuario", "password"),
}


def _log_in(portal: DemoPortal, name: str, password: str) -> str:
    """The page a clerk lands on after sending the portal's login form (SAI's captcha first)."""
    web = _browser()
    if name == "sai":
        with web.open(f"{portal.base_url}/abasto-web/captcha") as challenge:
            number = re.search(r"Escriba el número (\d+)", challenge.read().decode())
        assert number is not None
        answer = urlencode({"respuesta": number.group(1)}).encode()
        with web.open(f"{portal.base_url}/abasto-web/captcha", data=answer) as solved:
            assert "Verificado" in solved.read().decode()
    path, user_field, password_field = LOGIN_FORMS[name]
    form = urlencode({user_field: portal.users[name].user, password_field: password})
    with web.open(f"{portal.base_url}{path}", data=form.encode()) as page:
        return page.read().decode()


@pytest.mark.parametrize("name", sorted(LOGIN_FORMS))
def test_every_portal_logs_in_and_refuses_alike(portal: DemoPortal, name: str) -> None:
    before = portal.activity(name)
    right = portal.users[name].password
    landed = _log_in(portal, name, right)
    assert portal.users[name].user in landed
    assert "Usuario o contraseña incorrectos" not in landed
    assert "Usuario o contraseña incorrectos" in _log_in(portal, name, "nope-nope")
    # The portal's wrong-password switch refuses even the right one.
    portal.set_faults(name, PortalFaults(wrong_password=True))
    try:
        assert "Usuario o contraseña incorrectos" in _log_in(portal, name, right)
    finally:
        portal.set_faults(name, PortalFaults())
    after = portal.activity(name)
    assert (after.logins - before.logins, after.logins_refused - before.logins_refused) == (1, 2)
