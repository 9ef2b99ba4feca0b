from __future__ import annotations

from pathlib import Path

import pytest

from o2c_desktop.context import open_context
from o2c_desktop.errors import SettingsError
from o2c_desktop.paths import AppPaths, resolve_paths
from o2c_desktop.settings import SETTINGS_SCHEMA_VERSION, Settings, load_settings, save_settings


def test_data_dir_puts_everything_under_one_folder(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "uno")
    root = (tmp_path / "uno").resolve()
    for location in (
        paths.warehouse_file,
        paths.archive_dir,
        paths.log_file,
        paths.settings_file,
        paths.job_store_file,
        paths.exports_dir,
        paths.cache_dir,
    ):
        assert location.is_relative_to(root), location


def test_option_wins_over_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("O2C_DATA_DIR", str(tmp_path / "env"))
    assert resolve_paths().data_dir == (tmp_path / "env").resolve()
    assert resolve_paths(tmp_path / "opt").data_dir == (tmp_path / "opt").resolve()


def test_platform_folders_when_nothing_is_given(tmp_path: Path) -> None:
    paths = resolve_paths()
    assert not paths.single_root
    assert paths == AppPaths.platform_default()
    # The isolated HOME of the test suite: nothing lands in a real user's folders.
    assert "o2c_desktop" in str(paths.data_dir)


def test_context_creates_folders_and_default_settings(data_dir: Path) -> None:
    context = open_context(data_dir)
    assert context.paths.settings_file.exists()
    text = context.paths.settings_file.read_text(encoding="utf-8")
    assert f"schema_version = {SETTINGS_SCHEMA_VERSION}" in text
    assert context.settings.general.timezone == "America/Mexico_City"
    assert context.paths.log_dir.is_dir()


def test_settings_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    settings = Settings()
    settings.general.language = "en"
    settings.demo.seed = 42
    save_settings(settings, path)
    again = load_settings(path)
    assert again.general.language == "en"
    assert again.demo.seed == 42


def test_settings_not_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("[general\nlanguage = ", encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    assert str(path) in caught.value.es
    assert "no es TOML válido" in caught.value.es


def test_settings_invalid_value_names_the_key(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('schema_version = 1\n[general]\nlanguage = "fr"\n', encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    assert "general.language" in caught.value.es
    assert "debe ser uno de 'es' o 'en'" in caught.value.es
    assert "Input should" not in caught.value.es, "no English inside the Spanish message"


def test_settings_from_a_newer_program_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(f"schema_version = {SETTINGS_SCHEMA_VERSION + 1}\n", encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    assert "versión más nueva" in caught.value.es
    assert "newer version" in caught.value.en
