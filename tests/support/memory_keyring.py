"""An in-memory keyring backend for tests (DESIGN: tests use an in-memory backend).

It stands in for the OS keyring only inside one test process; the real Secret Service is
exercised separately under dbus-run-session.
"""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.entries:
            raise PasswordDeleteError(username)
        del self.entries[(service, username)]


# Not a system keyring: the suite allows it by the settings' explicit opt-in.
MEMORY_KEYRING = f"{MemoryKeyring.__module__}.{MemoryKeyring.__qualname__}"
