from __future__ import annotations

import logging
from pathlib import Path

from o2c_desktop.logging_setup import configure_logging, secrets
from o2c_desktop.services.login_check import LoginRefused


def _read_log(log_file: Path) -> str:
    for handler in logging.getLogger("o2c_desktop").handlers:
        handler.flush()
    return log_file.read_text(encoding="utf-8")


def test_log_file_rotates_in_log_dir_and_scrubs_secrets(tmp_path: Path) -> None:
    log_file = tmp_path / "logs" / "o2c.log"
    configure_logging(log_file)
    secrets.add("S3cr3t-Portal-Pass")
    log = logging.getLogger("o2c_desktop.tests.portal")
    log.info("login with %s for user %s", "S3cr3t-Portal-Pass", "capturista")
    log.info("form data: usuario=capturista&password=hunter22&x=1")
    log.info('payload {"passphrase": "abcd1234efgh"}')
    log.info("header Authorization: Bearer eyJhbGciOi.J9.sig")
    try:
        raise ValueError("rejected password=otra-clave-999")
    except ValueError:
        log.exception("portal failed")
    text = _read_log(log_file)
    assert "capturista" in text, "ordinary values must stay readable"
    for secret in (
        "S3cr3t-Portal-Pass",
        "hunter22",
        "abcd1234efgh",
        "eyJhbGciOi",
        "otra-clave-999",
    ):
        assert secret not in text, secret
    assert text.count("***") >= 5
    assert "o2c_desktop.tests.portal" in text, "records carry their logger's name"


def test_scrubber_masks_values_but_keeps_the_sentences_that_follow_a_label(
    tmp_path: Path,
) -> None:
    log_file = tmp_path / "logs" / "o2c.log"
    configure_logging(log_file)
    refused = LoginRefused("prei", "demo.proveedor", "Usuario o contraseña incorrectos.")
    log = logging.getLogger("o2c_desktop.tests.login")
    log.info("login check: %s", refused.es)
    log.info("login check: %s", refused.en)
    log.info("typed password: Verano2024 into the form")
    log.info("contraseña: primavera")
    log.info('config password: "otoño largo"')
    log.info("token: abc.def.ghi was refused")
    text = _read_log(log_file)
    assert "con esa contraseña: corrija el usuario o la contraseña y pruebe de nuevo." in text
    assert "with that password: fix the user or the password and test again." in text
    for secret in ("Verano2024", "primavera", "otoño", "abc.def.ghi"):
        assert secret not in text, secret
    assert "typed password: *** into the form" in text
