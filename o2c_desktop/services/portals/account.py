"""A portal account as the engine uses it: the user name and the password read from the keyring."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PortalCredentials:
    user: str
    password: str

    def __repr__(self) -> str:  # never print the password, not even in a traceback's locals
        return f"PortalCredentials(user={self.user!r}, password='***')"
