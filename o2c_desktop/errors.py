"""Errors a person can meet.

A ``UserError`` is a problem of the environment or the input (a file, a setting, a portal), never a
bug. It carries a message (a code of the catalogue and its parameters, see
:mod:`o2c_desktop.messages`) that names the real cause and what to do, in Spanish and English, and
technical details that go to the log only. Anything else that escapes is a bug and is reported as
one.
"""

from __future__ import annotations

from o2c_desktop.messages import Message


class UserError(Exception):
    """A problem the user can act on: ``UserError(msg("code", **params), details=...)``."""

    def __init__(self, reason: Message, *, details: str = "") -> None:
        if not isinstance(reason, Message):
            raise TypeError("a UserError is worded from the message catalogue: msg(code, ...)")
        self.reason = reason
        super().__init__(reason.es)
        self.details = details

    @property
    def es(self) -> str:
        return self.reason.es

    @property
    def en(self) -> str:
        return self.reason.en

    def message(self, lang: str = "es") -> str:
        return self.reason.text(lang)


class SettingsError(UserError):
    """The settings file cannot be read or holds invalid values."""


class DataFolderError(UserError):
    """The program's own folders cannot be created or written."""


class WarehouseError(UserError):
    """The local warehouse cannot be opened, migrated or written."""


class WarehouseBusy(WarehouseError):
    """Another process has the warehouse file open; nothing is wrong with the file."""


class InputFileError(UserError):
    """An input file is missing, unreadable or not what it claims to be."""


class OutputFileError(UserError):
    """A file the program writes for the person (an export) cannot be written where asked."""
