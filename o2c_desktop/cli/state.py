"""What every ``o2c`` command shares: the global options and the lazily opened context."""

from __future__ import annotations

from dataclasses import dataclass

import click

from o2c_desktop.context import AppContext, open_context
from o2c_desktop.errors import UserError


@dataclass
class CliState:
    data_dir: str | None
    lang: str | None
    verbose: bool
    _context: AppContext | None = None

    @property
    def context(self) -> AppContext:
        if self._context is None:
            self._context = open_context(self.data_dir, verbose=self.verbose)
        return self._context

    def open(self) -> AppContext:
        """Open folders, settings and logging now (the context is otherwise opened lazily)."""
        return self.context

    @property
    def language(self) -> str:
        if self.lang:
            return self.lang
        try:
            return self.context.settings.general.language
        except UserError:
            return "es"


pass_state = click.make_pass_decorator(CliState)
