"""``o2c credentials set|delete|list|test``: passwords come from a prompt or stdin, never from
argv."""

from __future__ import annotations

import sys
import threading

import click

from o2c_desktop.app.credentials import (
    check_keyring,
    credentials_to_test,
    delete_credential,
    list_credentials,
    login_answerer,
    login_outcome,
    save_credential,
    try_login,
)
from o2c_desktop.cli.output import emit_records, format_option
from o2c_desktop.cli.state import CliState, pass_state
from o2c_desktop.messages import msg
from o2c_desktop.services.credentials import PORTAL_NAMES, portal_display_name

# The machine keys of each portal's record (README "Machine output"); tables show their titles.
CREDENTIAL_COLUMNS = ("portal", "name", "user", "saved")
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
    lang = state.language
    store = check_keyring()
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        asked = msg("credentials.password_prompt", user=user, portal=portal_display_name(portal))
        password = click.prompt(
            asked.text(lang),
            hide_input=True,
            confirmation_prompt=msg("credentials.password_repeat").text(lang),
        )
    click.echo(save_credential(portal, user, password, store).text(lang))


@credentials.command(name="delete")
@portal_argument
@pass_state
def delete_cmd(state: CliState, portal: str) -> None:
    """Borra la credencial de PORTAL del llavero."""
    state.open()
    click.echo(delete_credential(portal).text(state.language))


@credentials.command(name="list")
@format_option
@pass_state
def list_cmd(state: CliState, fmt: str) -> None:
    """Portales con credencial guardada (nunca muestra contraseñas)."""
    state.open()
    records = [
        {"portal": c.portal, "name": c.name, "user": c.user, "saved": c.saved}
        for c in list_credentials()
    ]
    emit_records(records, CREDENTIAL_COLUMNS, fmt, titled=True)


@credentials.command(name="test")
@portal_argument
@click.option("--visible", is_flag=True, help="Muestra el navegador (captcha).")
@pass_state
def test_cmd(state: CliState, portal: str, visible: bool) -> None:
    """Prueba entrar a PORTAL con la credencial guardada (abre el navegador, no descarga nada).
    En modo demostración, sin credencial guardada, entra con el usuario de demostración."""
    from o2c_desktop.cli.sync_cmds import terminal_person

    context = state.open()
    lang = state.language
    settings = context.settings
    credentials = credentials_to_test(settings, portal)
    human = login_answerer(settings, portal, terminal=terminal_person(lang), visible=visible)
    phases = {
        "browser": msg("credentials.opening_browser"),
        "login": msg("credentials.logging_in", portal=portal_display_name(portal)),
    }
    check = try_login(
        settings,
        portal,
        credentials,
        human=human,
        cancel=threading.Event(),
        visible=visible,
        progress=lambda phase: click.echo(phases[phase].text(lang), err=True),
    )
    if check.error is not None:
        raise check.error
    click.echo(login_outcome(check).text(lang))


COMMANDS = [credentials]
