"""``o2c credentials`` against a real Secret Service (gnome-keyring under dbus-run-session); the
login test of a stored credential against the demo portal in headless Chromium."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from o2c_desktop.services.portals.demo import DEMO_USERS
from o2c_desktop.settings import load_settings, save_settings

SECRET = "Pr3i-Secret-Value-42"


def run_in_secret_service(script: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON_KEYRING")}
    env["HOME"] = str(tmp_path / "home")
    env["PY"] = sys.executable
    (tmp_path / "home").mkdir(exist_ok=True)
    wrapped = (
        'eval "$(printf "unlock" | gnome-keyring-daemon --unlock --components=secrets)"\n'
        "set -e\n" + script
    )
    return subprocess.run(
        ["dbus-run-session", "--", "bash", "-c", wrapped],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_set_list_delete_through_real_secret_service(tmp_path: Path, data_dir: Path) -> None:
    o2c = f'"$PY" -m o2c_desktop --data-dir "{data_dir}"'
    script = f"""
    printf '%s\\n' '{SECRET}' | {o2c} credentials set prei --user demo.proveedor --password-stdin
    echo '--list--'
    {o2c} credentials list --format json
    echo '--read--'
    "$PY" -c "from o2c_desktop.services.credentials import CredentialStore; \\
c = CredentialStore().require('prei'); print(c.user, c.password == '{SECRET}'); \\
print(CredentialStore().backend_name)"
    echo '--delete--'
    {o2c} credentials delete prei
    {o2c} credentials list --format csv
    """
    result = run_in_secret_service(script, tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Credencial de PREI / PISP (IMSS) guardada en el llavero del sistema." in out
    listed = json.loads(out.split("--list--")[1].split("--read--")[0])
    assert {
        "portal": "prei",
        "name": "PREI / PISP (IMSS)",
        "user": "demo.proveedor",
        "saved": True,
    } in listed
    read = out.split("--read--")[1].split("--delete--")[0].split()
    assert read[:2] == ["demo.proveedor", "True"]
    assert "SecretService" in read[2]
    assert "prei,PREI / PISP (IMSS),,False" in out.split("--delete--")[1]
    # The secret is nowhere in the program's own folder: not settings, not logs.
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


def test_no_keyring_backend_gives_a_clear_error(data_dir: Path) -> None:
    env = dict(os.environ, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "o2c_desktop",
            "--data-dir",
            str(data_dir),
            "credentials",
            "set",
            "sai",
            "--user",
            "u",
            "--password-stdin",
        ],
        input="secret-value\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "No hay un llavero seguro" in result.stderr
    assert "secret-value" not in result.stderr


def test_a_plaintext_backend_chosen_by_environment_is_refused_unless_settings_allow_it(
    tmp_path: Path, data_dir: Path
) -> None:
    plain_file = tmp_path / "plain-keyring.json"
    env = dict(
        os.environ,
        PYTHON_KEYRING_BACKEND="plain_file_keyring.JsonFileKeyring",
        PLAIN_KEYRING_FILE=str(plain_file),
        PYTHONPATH=os.pathsep.join([str(Path(__file__).parents[1] / "support"), *sys.path]),
    )

    o2c = [sys.executable, "-m", "o2c_desktop", "--data-dir", str(data_dir)]

    def store(secret: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*o2c, "credentials", "set", "sai", "--user", "capturista", "--password-stdin"],
            input=secret + "\n",
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )

    refused = store("Texto-Plano-123")
    assert refused.returncode == 1, refused.stdout
    assert (
        "El llavero elegido para este programa («plain_file_keyring.JsonFileKeyring») no es "
        "uno de los llaveros seguros del sistema"
    ) in refused.stderr
    assert not plain_file.exists(), "nothing was written in plain text"

    settings_file = data_dir / "config" / "settings.toml"
    settings = load_settings(settings_file)
    settings.keyring.allowed_backends = ["plain_file_keyring.JsonFileKeyring"]
    save_settings(settings, settings_file)
    assert 'allowed_backends = [\n    "plain_file_keyring.JsonFileKeyring",\n]' in (
        settings_file.read_text(encoding="utf-8")
    )
    allowed = store("Elegido-A-Proposito-7")
    assert allowed.returncode == 0, allowed.stderr
    assert "Elegido-A-Proposito-7" in plain_file.read_text(encoding="utf-8")


@pytest.mark.slow
def test_stored_credential_is_tested_against_the_portal(tmp_path: Path, data_dir: Path) -> None:
    (data_dir / "config").mkdir()
    (data_dir / "config" / "settings.toml").write_text("[demo]\nscale = 50\n", encoding="utf-8")
    o2c = f'"$PY" -m o2c_desktop --data-dir "{data_dir}"'
    wrong = "Not-The-Password-64"
    script = f"""
    printf '%s\\n' '{DEMO_USERS["prei"].password}' \\
        | {o2c} credentials set prei --user demo.proveedor --password-stdin
    {o2c} credentials test prei
    printf '%s\\n' '{wrong}' | {o2c} credentials set prei --user demo.proveedor --password-stdin
    echo '--wrong--'
    {o2c} credentials test prei || echo "exit $?"
    """
    result = run_in_secret_service(script, tmp_path)
    assert result.returncode == 0, result.stderr
    right, wrong_out = result.stdout.split("--wrong--")
    assert (
        "Acceso correcto al portal de demostración de PREI / PISP (IMSS) con el usuario "
        "demo.proveedor." in right
    )
    assert "exit 1" in wrong_out
    assert (
        "Error: PREI no aceptó al usuario demo.proveedor con esa contraseña: corrija el usuario "
        "o la contraseña y pruebe de nuevo. El portal dice: «Usuario o contraseña incorrectos.»"
    ) in result.stderr
    assert "Abriendo el navegador…" in result.stderr
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert wrong.encode() not in path.read_bytes(), path


@pytest.mark.slow
def test_demo_mode_tests_access_with_the_demo_user_when_nothing_is_saved(data_dir: Path) -> None:
    """As "Probar acceso" in the window: in demo mode, with no keyring at all and nothing saved,
    the test logs in to the demo portal as its own user (a demo sync's user)."""
    (data_dir / "config").mkdir()
    (data_dir / "config" / "settings.toml").write_text("[demo]\nscale = 50\n", encoding="utf-8")
    env = dict(os.environ, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    result = subprocess.run(
        [sys.executable, "-m", "o2c_desktop", "--data-dir", str(data_dir),
         "credentials", "test", "prei"],
        capture_output=True, text=True, env=env, timeout=180, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "Acceso correcto al portal de demostración de PREI / PISP (IMSS) con el usuario "
        f"{DEMO_USERS['prei'].user}."
    )
