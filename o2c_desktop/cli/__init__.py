"""The ``o2c`` command line: the same services the desktop window uses.

Errors a person can act on end with a non-zero exit and one clear line, in the language of
``--lang`` or else of the settings (``[general] language``); the details go to the log. Anything
else is a bug: one line pointing to the log.
"""

from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path

import click

from o2c_desktop import __version__
from o2c_desktop.cli.state import CliState
from o2c_desktop.errors import UserError
from o2c_desktop.logging_setup import configure_logging
from o2c_desktop.messages import msg
from o2c_desktop.paths import resolve_paths
from o2c_desktop.settings import load_settings
from o2c_desktop.windows_process import hold_running_mutex

log = logging.getLogger("o2c_desktop.cli")

EXIT_USER_ERROR = 1
EXIT_BUG = 3


# Command name → module of o2c_desktop.cli that defines it (in its COMMANDS list). Modules are
# imported only when their command runs, so that `o2c status` does not pay for pandas or Selenium.
COMMAND_MODULES: dict[str, str] = {
    "status": "core_cmds",
    "generate": "core_cmds",
    "demo": "sync_cmds",
    "sync": "sync_cmds",
    "import": "ingest_cmds",
    "credentials": "credentials_cmds",
    "demo-portal": "portal_cmds",
    "schedule": "schedule_cmds",
    "scheduler": "schedule_cmds",
    "runs": "schedule_cmds",
    "gaps": "gaps_cmds",
    "reconcile": "analytics_cmds",
    "receivables": "analytics_cmds",
    "contracts": "analytics_cmds",
    "logistics": "analytics_cmds",
    "cashflow": "cashflow_cmds",
    "push": "cloud_cmds",
    "outbox": "cloud_cmds",
    "snowflake": "cloud_cmds",
    "s3": "cloud_cmds",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module_name = COMMAND_MODULES.get(cmd_name)
        if module_name is None:
            return None
        module = importlib.import_module(f"o2c_desktop.cli.{module_name}")
        return next((c for c in module.COMMANDS if c.name == cmd_name), None)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False),
    envvar="O2C_DATA_DIR",
    help="Carpeta única para todo: almacén, archivo, registros, configuración. "
    "One folder for everything (also O2C_DATA_DIR).",
)
@click.option("--lang", type=click.Choice(["es", "en"]), help="Idioma de los mensajes.")
@click.option("-v", "--verbose", is_flag=True, help="Registro también en la terminal.")
@click.version_option(__version__, prog_name="o2c")
@click.pass_context
def cli(ctx: click.Context, data_dir: str | None, lang: str | None, verbose: bool) -> None:
    """o2c_desktop: órdenes, altas, facturas, contrarecibos y pagos en una sola vista."""
    ctx.obj = CliState(data_dir=data_dir, lang=lang, verbose=verbose)


def _option_from_argv(argv: list[str], name: str) -> str | None:
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def _language(argv: list[str]) -> str:
    """``--lang``, else the settings' language; Spanish when the settings cannot be read (that
    may be the very error being reported)."""
    chosen = _option_from_argv(argv, "--lang")
    if chosen in ("es", "en"):
        return chosen
    try:
        paths = resolve_paths(_option_from_argv(argv, "--data-dir"))
        return load_settings(paths.settings_file).general.language
    except (OSError, UserError):
        return "es"


def _ensure_logging(argv: list[str]) -> Path | None:
    """Errors can happen before a command opened its context; they still belong in the log."""
    try:
        paths = resolve_paths(_option_from_argv(argv, "--data-dir")).ensure()
        configure_logging(paths.log_file)
    except (OSError, UserError):
        return None
    return paths.log_file


def main(argv: list[str] | None = None) -> None:
    hold_running_mutex()
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        result = cli.main(args=args, prog_name="o2c", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo(msg("cli.cancelled").text(_language(args)), err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except UserError as exc:
        if _ensure_logging(args) is not None:  # without a log, the line below is all there is
            log.error("%s | %s", exc.es, exc.details)
        click.echo(msg("cli.error", reason=exc.reason).text(_language(args)), err=True)
        sys.exit(EXIT_USER_ERROR)
    except Exception:
        log_file = _ensure_logging(args)
        # argv never holds secrets: passwords are read from a prompt or stdin only.
        log.exception("unexpected error running: o2c %s", " ".join(args))
        click.echo(msg("cli.internal_error", log_file=log_file).text(_language(args)), err=True)
        sys.exit(EXIT_BUG)
    sys.exit(result if isinstance(result, int) else 0)
