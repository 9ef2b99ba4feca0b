from __future__ import annotations

import logging
from pathlib import Path

import pytest
from keyring.backends.chainer import ChainerBackend
from keyring.backends.fail import Keyring as FailKeyring
from memory_keyring import MEMORY_KEYRING, MemoryKeyring

from o2c_desktop.errors import UserError
from o2c_desktop.logging_setup import configure_logging
from o2c_desktop.services.credentials import (
    CredentialMissing,
    CredentialStore,
    KeyringUnavailable,
    UnknownPortal,
    allow_keyring_backends,
)


def test_set_get_list_delete_round_trip() -> None:
    backend = MemoryKeyring()
    store = CredentialStore(backend)
    store.set("prei", "demo.proveedor", "Clave-Segura-1")
    found = store.require("prei")
    assert (found.user, found.password) == ("demo.proveedor", "Clave-Segura-1")
    assert store.list() == {"sai": None, "prei": "demo.proveedor", "sagi": None}
    assert "Clave-Segura-1" not in repr(found)

    store.set("prei", "otro.usuario", "Clave-Segura-2")
    assert store.require("prei").user == "otro.usuario"
    assert ("o2c_desktop/prei", "demo.proveedor") not in backend.entries, "old user removed"

    assert store.delete("prei") is True
    assert store.get("prei") is None
    assert store.delete("prei") is False
    assert backend.entries == {}


def test_missing_credential_names_portal_and_what_to_do() -> None:
    with pytest.raises(CredentialMissing) as caught:
        CredentialStore(MemoryKeyring()).require("sagi")
    assert "SAGI (IMSS-Bienestar)" in caught.value.es
    assert "o2c credentials set sagi" in caught.value.es


def test_no_keyring_backend_is_refused_without_plaintext_fallback() -> None:
    store = CredentialStore(FailKeyring())
    with pytest.raises(KeyringUnavailable) as caught:
        store.set("sai", "u", "p4ssw0rd")
    assert "nunca guarda contraseñas en texto plano" in caught.value.es
    with pytest.raises(KeyringUnavailable):
        store.list()


def test_unknown_portal_and_empty_values() -> None:
    store = CredentialStore(MemoryKeyring())
    with pytest.raises(UnknownPortal) as caught:
        store.set("sat", "u", "p")
    assert "Los portales son: sai, prei, sagi." in caught.value.es
    with pytest.raises(UserError):
        store.set("sai", "  ", "p")


def test_password_never_reaches_the_log(tmp_path: Path) -> None:
    log_file = tmp_path / "o2c.log"
    configure_logging(log_file)
    store = CredentialStore(MemoryKeyring())
    store.set("sai", "capturista", "Zz-unique-secret-77")
    logging.getLogger("o2c_desktop.portal").info("typed Zz-unique-secret-77 into the form")
    for handler in logging.getLogger("o2c_desktop").handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "capturista" in text
    assert "Zz-unique-secret-77" not in text


def test_a_backend_that_is_not_a_system_keyring_needs_the_settings_opt_in() -> None:
    allow_keyring_backends([])  # a user who allowed nothing but the system keyrings
    backend = MemoryKeyring()
    with pytest.raises(KeyringUnavailable) as caught:
        CredentialStore(backend).set("sai", "capturista", "Clave-Segura-9")
    assert f"El llavero elegido para este programa («{MEMORY_KEYRING}»)" in caught.value.es
    assert "PYTHON_KEYRING_BACKEND" in caught.value.es
    assert "«allowed_backends» en la sección [keyring] de settings.toml" in caught.value.es
    assert backend.entries == {}, "nothing was written to it"

    allow_keyring_backends([MEMORY_KEYRING])
    CredentialStore(backend).set("sai", "capturista", "Clave-Segura-9")
    assert CredentialStore(backend).require("sai").password == "Clave-Segura-9"


def test_plaintext_and_chained_backends_follow_the_same_rule() -> None:
    plaintext = type("PlaintextKeyring", (MemoryKeyring,), {"__module__": "keyrings.alt.file"})
    allow_keyring_backends(["keyrings.alt.file.PlaintextKeyring"])
    with pytest.raises(KeyringUnavailable) as caught:
        CredentialStore(plaintext()).list()
    assert "nunca guarda contraseñas en texto plano" in caught.value.es, "never, even when listed"

    allow_keyring_backends([])
    chain = type("Chain", (ChainerBackend,), {"backends": [MemoryKeyring()]})()
    with pytest.raises(KeyringUnavailable):
        CredentialStore(chain).list()
    allow_keyring_backends([MEMORY_KEYRING])
    assert CredentialStore(chain).list()["sai"] is None
