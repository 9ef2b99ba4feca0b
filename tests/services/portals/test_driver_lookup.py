"""Finding the browser's driver on this computer, never downloading one, and refusing a driver of
another version than the browser, with what to do about it.

Edge on Windows cannot run here. Its install is rebuilt in a temporary folder with the layout
Windows has (``Microsoft\\Edge\\Application\\msedge.exe`` beside a folder named after the version)
and a real ``msedgedriver.exe`` that is a script printing what the real one prints for
``--version``; the lookup is given Windows' platform name and environment variables.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from o2c_desktop.services.portals.engine.driver import BrowserOptions, make_driver
from o2c_desktop.services.portals.engine.driver_lookup import (
    Machine,
    check_driver_matches_browser,
    find_driver,
    mismatch_from_driver_error,
)
from o2c_desktop.services.portals.errors import DriverNotFound, DriverVersionMismatch
from o2c_desktop.settings import PortalSettings, default_browser

EDGE_VERSION = "131.0.2903.70"
EDGE_DOWNLOADS = "https://developer.microsoft.com/microsoft-edge/tools/webdriver/"


def fake_driver(path: Path, version: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'#!/bin/sh\necho "Microsoft Edge WebDriver {version} (0a1b2c3d)"\n')
    path.chmod(0o755)
    return path


def fake_edge_install(program_files: Path) -> Path:
    application = program_files / "Microsoft" / "Edge" / "Application"
    (application / EDGE_VERSION).mkdir(parents=True)
    (application / "130.0.2849.80").mkdir()  # the previous version, left until the next start
    (application / "msedge.exe").write_bytes(b"MZ")
    return application


def windows(program_files: Path, path: str = "") -> Machine:
    return Machine(platform="win32", environ={"ProgramFiles(x86)": str(program_files)}, path=path)


def test_the_default_browser_is_the_one_each_system_has() -> None:
    assert default_browser("win32") == "edge"
    assert default_browser("darwin") == "chrome"
    assert default_browser("linux") == "chromium"
    assert PortalSettings().browser == "chromium", "this machine is Linux"
    assert BrowserOptions().browser == "chromium"


def test_the_driver_beside_edge_is_used_when_its_version_matches(tmp_path: Path) -> None:
    application = fake_edge_install(tmp_path / "Program Files (x86)")
    driver = fake_driver(application / "msedgedriver.exe", EDGE_VERSION)
    on_path = fake_driver(tmp_path / "bin" / "msedgedriver.exe", EDGE_VERSION)
    choice = find_driver(
        "edge", machine=windows(tmp_path / "Program Files (x86)", str(on_path.parent))
    )
    assert choice.driver == driver
    assert choice.browser_executable == application / "msedge.exe"
    check_driver_matches_browser("edge", choice)


def test_without_a_driver_beside_edge_path_then_the_settings_folder_are_used(
    tmp_path: Path,
) -> None:
    program_files = tmp_path / "Program Files (x86)"
    fake_edge_install(program_files)
    folder = tmp_path / "controladores"
    in_folder = fake_driver(folder / "msedgedriver.exe", EDGE_VERSION)
    on_path = fake_driver(tmp_path / "bin" / "msedgedriver.exe", EDGE_VERSION)

    machine = windows(program_files, str(on_path.parent))
    assert find_driver("edge", driver_dir=folder, machine=machine).driver == on_path
    machine = windows(program_files)
    assert find_driver("edge", driver_dir=folder, machine=machine).driver == in_folder
    chosen = tmp_path / "elegido" / "msedgedriver.exe"
    assert find_driver("edge", driver_path=chosen, driver_dir=folder, machine=machine).driver == (
        chosen
    )


def test_a_driver_of_another_version_than_edge_is_refused_with_how_to_update_it(
    tmp_path: Path,
) -> None:
    application = fake_edge_install(tmp_path / "Program Files (x86)")
    driver = fake_driver(application / "msedgedriver.exe", "130.0.2849.80")
    choice = find_driver("edge", machine=windows(tmp_path / "Program Files (x86)"))
    with pytest.raises(DriverVersionMismatch) as caught:
        check_driver_matches_browser("edge", choice)
    assert caught.value.es == (
        f"El controlador msedgedriver 130.0.2849.80, {driver} no sirve para Microsoft Edge "
        f"{EDGE_VERSION} instalado en este equipo ({application}): deben tener la misma versión "
        f"principal (131). Descargue msedgedriver 131 para este sistema de {EDGE_DOWNLOADS} y "
        f"reemplace con él {driver}, o indique la ruta del nuevo en [portals] driver_path de la "
        "configuración."
    )


def test_no_driver_anywhere_is_said_plainly_and_nothing_is_downloaded(tmp_path: Path) -> None:
    """The real start path: nothing found here, Selenium Manager offline finds nothing either."""
    folder = tmp_path / "controladores"
    folder.mkdir()
    options = BrowserOptions(browser="edge", driver_dir=folder)
    with pytest.raises(DriverNotFound) as caught:
        make_driver(
            options,
            portal_host="127.0.0.1",
            download_dir=tmp_path / "downloads",
            profile_dir=tmp_path / "profile",
        )
    message = caught.value.es
    assert message.startswith("No se encontró el controlador de Microsoft Edge (msedgedriver)")
    assert f"se buscó en: PATH, {folder}." in message
    assert "El programa no lo descarga por su cuenta" in message
    assert f"de {EDGE_DOWNLOADS}" in message
    assert "[portals] driver_dir" in message
    assert "[portals] driver_path" in message


CHROMEDRIVER_REFUSAL = (
    "session not created: This version of ChromeDriver only supports Chrome version 129\n"
    "Current browser version is 131.0.6778.85 with binary path /usr/bin/chromium"
)


def test_the_drivers_own_version_refusal_becomes_the_same_clear_message() -> None:
    error = mismatch_from_driver_error(
        "chromium", Path("/usr/bin/chromedriver"), CHROMEDRIVER_REFUSAL
    )
    assert error is not None
    assert error.es.startswith(
        "El controlador chromedriver 129, /usr/bin/chromedriver no sirve para Chromium "
        "131.0.6778.85 instalado en este equipo (/usr/bin)"
    )
    assert "Actualice juntos los paquetes chromium y chromium-driver" in error.es
    assert mismatch_from_driver_error("chromium", None, "chrome not reachable") is None
