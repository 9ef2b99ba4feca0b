"""Portal credentials as ``o2c credentials`` and the window's dialog handle them: what is saved
is listed by user (never the password), forgetting says whether there was anything, and a login
test that nobody could answer is refused before a browser opens, in Spanish and English."""

from __future__ import annotations

import pytest
from memory_keyring import MemoryKeyring

from o2c_desktop.app.credentials import (
    IncompleteCredentials,
    delete_credential,
    list_credentials,
    login_answerer,
    save_credential,
    typed_for_test,
)
from o2c_desktop.errors import UserError
from o2c_desktop.services.credentials import CredentialStore
from o2c_desktop.services.portals import browser_only
from o2c_desktop.services.portals.account import PortalCredentials
from o2c_desktop.services.sync.targets import answer_demo_captcha
from o2c_desktop.settings import Settings


def test_saved_credentials_are_listed_by_user_and_forgotten_with_a_clear_answer() -> None:
    backend = MemoryKeyring()
    store = CredentialStore(backend)
    saved = save_credential("prei", "demo.proveedor", "Clave-Segura-1", store)
    assert saved.es == "Credencial de PREI / PISP (IMSS) guardada en el llavero del sistema."
    assert saved.en == "Credential for PREI / PISP (IMSS) stored in the system keyring."

    listed = {c.portal: c for c in list_credentials(store)}
    assert set(listed) == {"sai", "prei", "sagi"}
    assert listed["prei"].saved and listed["prei"].user == "demo.proveedor"
    assert not listed["sai"].saved and listed["sai"].user == ""
    assert all("Clave-Segura-1" not in repr(c) for c in listed.values())

    assert delete_credential("prei", store).es == "Credencial de PREI / PISP (IMSS) borrada."
    again = delete_credential("prei", store)
    assert again.es == "No había credencial guardada para PREI / PISP (IMSS)."
    assert again.en == "No credential was stored for PREI / PISP (IMSS)."
    assert backend.entries == {}


def test_a_captcha_login_with_nobody_to_answer_is_refused_in_both_languages() -> None:
    real = Settings()
    real.portals.mode = "real"
    with pytest.raises(UserError) as refused:
        login_answerer(real, "sai")
    assert "pide resolver un captcha al entrar" in refused.value.message("es")
    assert "--visible" in refused.value.message("es")
    assert "asks for a captcha at login" in refused.value.message("en")
    # A shown browser, or a portal without a captcha, lets the browser's own window answer.
    assert login_answerer(real, "sai", visible=True) is browser_only
    assert login_answerer(real, "prei") is browser_only
    demo = Settings()
    demo.portals.mode = "demo"
    assert login_answerer(demo, "sai") is answer_demo_captcha


def test_what_the_clerk_typed_is_tested_and_nothing_typed_means_the_demo_user() -> None:
    demo = Settings()
    demo.portals.mode = "demo"
    assert typed_for_test(demo, "", "") is None
    assert typed_for_test(demo, " ventas01 ", "x") == PortalCredentials("ventas01", "x")
    real = Settings()
    real.portals.mode = "real"
    with pytest.raises(IncompleteCredentials) as incomplete:
        typed_for_test(real, "", "")
    assert incomplete.value.es == "Escriba el usuario y la contraseña para probar el acceso."
    assert incomplete.value.en == "Type the user and the password to test the login."
