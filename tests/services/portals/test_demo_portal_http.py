"""The demo portal over plain HTTP: sessions, fault switches and exports, no browser needed."""

from __future__ import annotations

import json
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
