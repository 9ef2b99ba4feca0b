"""Key-pair sign-in: the connector builds its JWT from the stored key (passphrase from the
keyring) and sends it to a login endpoint on 127.0.0.1 that records the request and refuses."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from memory_keyring import MemoryKeyring

from o2c_desktop.errors import UserError
from o2c_desktop.services.cloud import snowflake
from o2c_desktop.services.cloud.secrets import CloudSecrets
from o2c_desktop.settings import SnowflakeSettings

PASSPHRASE = "Frase-de-Paso-Larga-7"


@pytest.fixture
def login_endpoint() -> Iterator[tuple[int, list[dict[str, Any]]]]:
    captured: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            captured.append({"path": self.path, "body": json.loads(body)})
            answer = json.dumps(
                {
                    "success": False,
                    "code": "390144",
                    "message": "JWT token is invalid.",
                    "data": {"nextAction": None},
                }
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1]), captured
    finally:
        server.shutdown()
        server.server_close()


def test_jwt_is_signed_with_the_stored_key(
    tmp_path: Path, login_endpoint: tuple[int, list[dict[str, Any]]]
) -> None:
    port, captured = login_endpoint
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key_file = tmp_path / "rsa_key.p8"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(PASSPHRASE.encode()),
        )
    )
    secrets = CloudSecrets(MemoryKeyring())
    secrets.set("snowflake-passphrase", PASSPHRASE)
    settings = SnowflakeSettings(
        account="xy12345.mx-central-1",
        user="o2c_loader",
        authenticator="keypair",
        private_key_path=str(key_file),
        host="127.0.0.1",
        port=port,
        protocol="http",
        login_timeout_s=5,
    )
    with pytest.raises(UserError) as refused:
        snowflake.connect(settings, secrets)
    assert "rechazó el inicio de sesión de o2c_loader" in refused.value.es

    login = next(c for c in captured if c["path"].startswith("/session/v1/login-request"))
    data = login["body"]["data"]
    assert data["AUTHENTICATOR"] == "SNOWFLAKE_JWT"
    assert PASSPHRASE not in json.dumps(login["body"])
    public = key.public_key()
    claims = jwt.decode(data["TOKEN"], public, algorithms=["RS256"])
    der = public.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    fingerprint = "SHA256:" + base64.b64encode(hashlib.sha256(der).digest()).decode()
    assert claims["iss"] == f"XY12345.O2C_LOADER.{fingerprint}"
    assert claims["sub"] == "XY12345.O2C_LOADER"


def test_wrong_passphrase_is_named_without_leaking_the_key(tmp_path: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key_file = tmp_path / "rsa_key.p8"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(PASSPHRASE.encode()),
        )
    )
    secrets = CloudSecrets(MemoryKeyring())
    secrets.set("snowflake-passphrase", "otra-frase-incorrecta")
    settings = SnowflakeSettings(
        account="xy12345", user="u", private_key_path=str(key_file), host="127.0.0.1"
    )
    with pytest.raises(UserError) as caught:
        snowflake.connect(settings, secrets)
    assert "la frase de paso guardada no corresponde" in caught.value.es
    assert "PRIVATE KEY" not in caught.value.details
