"""A Snowflake failure carries its cause apart from what happens to the push, so a team-mode read
tells the same cause in its own words (no queue) in Spanish and in English.

The real connector signs in against a local endpoint that answers as Snowflake's login does."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from memory_keyring import MemoryKeyring

from o2c_desktop.services.cloud.secrets import CloudSecrets
from o2c_desktop.services.cloud.snowflake import SnowflakeUnavailable, connect
from o2c_desktop.services.cloud.team_read import TeamModeUnavailable, team_connection
from o2c_desktop.settings import CloudSettings, SnowflakeSettings

Endpoint = Callable[[str, str], CloudSettings]


@pytest.fixture
def login_refusing() -> Iterator[Endpoint]:
    """Settings for a Snowflake whose login answers with ``code`` and ``message``."""
    servers: list[ThreadingHTTPServer] = []

    def start(code: str, message: str) -> CloudSettings:
        answer = json.dumps(
            {"success": False, "code": code, "message": message, "data": {"nextAction": None}}
        ).encode()

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers["Content-Length"]))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        snowflake = SnowflakeSettings(
            account="xy12345", user="o2c_reader", authenticator="password", host="127.0.0.1",
            port=int(server.server_address[1]), protocol="http", login_timeout_s=5,
        )  # fmt: skip
        return CloudSettings(snowflake=snowflake)

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def secrets() -> CloudSecrets:
    store = CloudSecrets(MemoryKeyring())
    store.set("snowflake-password", "una-contraseña")
    return store


def _push_failure(cloud: CloudSettings, secrets: CloudSecrets) -> SnowflakeUnavailable:
    with pytest.raises(SnowflakeUnavailable) as caught:
        connect(cloud.snowflake, secrets)
    return caught.value


def _read_failure(cloud: CloudSettings, secrets: CloudSecrets) -> TeamModeUnavailable:
    with pytest.raises(TeamModeUnavailable) as caught, team_connection(cloud, secrets):
        pass
    return caught.value


def test_a_refused_sign_in_names_its_cause_to_the_push_and_to_the_read(
    login_refusing: Endpoint, secrets: CloudSecrets
) -> None:
    cloud = login_refusing("390100", "Incorrect username or password was specified.")
    cause_es = (
        "Snowflake 127.0.0.1 rechazó el inicio de sesión de o2c_reader. Revise la llave pública "
        "registrada para el usuario, la frase de paso o la contraseña"
    )
    pushed = _push_failure(cloud, secrets)
    assert pushed.es == cause_es + "; el envío queda en cola."
    assert pushed.cause.es == cause_es
    assert pushed.en.endswith("; the push stays queued.")
    read = _read_failure(cloud, secrets)
    assert read.es == (
        f"No se pudo leer de Snowflake 127.0.0.1 en modo equipo: {cause_es}. Revise "
        "cloud.snowflake en el archivo de configuración settings.toml, o lea del almacén local "
        "con --local."
    )
    assert read.en == (
        "Could not read from Snowflake 127.0.0.1 in team mode: Snowflake 127.0.0.1 rejected the "
        "sign-in of o2c_reader. Check the public key registered for the user, the passphrase or "
        "the password. Check cloud.snowflake in the settings file settings.toml, or read the "
        "local warehouse "
        "with --local."
    )


def test_any_other_refusal_reads_without_the_push_queue(
    login_refusing: Endpoint, secrets: CloudSecrets
) -> None:
    cloud = login_refusing("390422", "IP 127.0.0.1 is not allowed to access Snowflake.")
    pushed = _push_failure(cloud, secrets)
    refusal = "Snowflake 127.0.0.1 rechazó la operación: 390422 (08001): Failed to connect to DB"
    assert pushed.es.startswith(refusal)
    assert pushed.es.endswith(
        "IP 127.0.0.1 is not allowed to access Snowflake. El envío queda en cola."
    )
    read = _read_failure(cloud, secrets)
    assert read.es.startswith(f"No se pudo leer de Snowflake 127.0.0.1 en modo equipo: {refusal}")
    assert read.es.endswith(
        "IP 127.0.0.1 is not allowed to access Snowflake. Revise cloud.snowflake en el "
        "archivo de configuración settings.toml, o lea del almacén local con --local."
    )
    assert "envío" not in read.es and "push" not in read.en
    assert read.details == pushed.details
