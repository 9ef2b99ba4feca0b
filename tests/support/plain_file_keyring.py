"""A keyring backend that writes passwords in plain text to a JSON file: what a misconfigured
``PYTHON_KEYRING_BACKEND`` can hand the program. Used to prove it is refused."""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend


class JsonFileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    @property
    def file(self) -> Path:
        return Path(os.environ["PLAIN_KEYRING_FILE"])

    def _entries(self) -> dict[str, str]:
        return json.loads(self.file.read_text(encoding="utf-8")) if self.file.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._entries().get(f"{service}|{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        entries = self._entries()
        entries[f"{service}|{username}"] = password
        self.file.write_text(json.dumps(entries), encoding="utf-8")

    def delete_password(self, service: str, username: str) -> None:
        entries = self._entries()
        entries.pop(f"{service}|{username}", None)
        self.file.write_text(json.dumps(entries), encoding="utf-8")
