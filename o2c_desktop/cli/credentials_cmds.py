"""``o2c credentials set|delete|list``: passwords come from a prompt or stdin, never from argv."""

from __future__ import annotations

import sys

import click

from o2c_desktop.cli.output import emit_records, format_option
from o2c_desktop.cli.state import CliState, pass_state
from o2c_desktop.services.credentials import PORTAL_NAMES, CredentialStore, portal_display_name

portal_argument = click.argument("portal", type=click.Choice(sorted(PORTAL_NAMES)))


@click.group()
def credentials() -> None:
    """Usuarios y contraseñas de los portales, guardados en el llavero del sistema."""


@credentials.command(name="set")
@portal_argument
@click.option("--user", "user", required=True, help="Usuario del portal.")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Lee la contraseña de la entrada estándar (una línea) en lugar de preguntarla.",
)
@pass_state
def set_cmd(state: CliState, portal: str, user: str, password_stdin: bool) -> None:
    """Guarda usuario y contraseña de PORTAL."""
    state.open()  # logging first, so the store's own messages reach the log
    store = CredentialStore()
    store.check_available()
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(
            f"Contraseña de {user} en {portal_display_name(portal)}",
            hide_input=True,
            confirmation_prompt="Repita la contraseña",
        )
    store.set(portal, user, password)
    click.echo(f"Credencial de {portal_display_name(portal)} guardada en el llavero del sistema.")


@credentials.command(name="delete")
@portal_argument
@pass_state
def delete_cmd(state: CliState, portal: str) -> None:
    """Borra la credencial de PORTAL del llavero."""
    state.open()
    if CredentialStore().delete(portal):
        click.echo(f"Credencial de {portal_display_name(portal)} borrada.")
    else:
        click.echo(f"No había credencial guardada para {portal_display_name(portal)}.")


@credentials.command(name="list")
@format_option
@pass_state
def list_cmd(state: CliState, fmt: str) -> None:
    """Portales con credencial guardada (nunca muestra contraseñas)."""
    state.open()
    stored = CredentialStore().list()
    records = [
        {
            "portal": portal,
            "nombre": PORTAL_NAMES[portal],
            "usuario": user or "",
            "guardada": "sí" if user else "no",
        }
        for portal, user in stored.items()
    ]
    emit_records(records, ["portal", "nombre", "usuario", "guardada"], fmt)


COMMANDS = [credentials]
