"""Errors a person can meet.

A ``UserError`` is a problem of the environment or the input (a file, a setting, a portal), never a
bug. It carries a Spanish message that names the real cause and what to do, the same in English,
and technical details that go to the log only. Anything else that escapes is a bug and is reported
as one.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can act on."""

    def __init__(self, es: str, en: str | None = None, *, details: str = "") -> None:
        super().__init__(es)
        self.es = es
        self.en = en or es
        self.details = details

    def message(self, lang: str = "es") -> str:
        return self.en if lang == "en" else self.es


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
