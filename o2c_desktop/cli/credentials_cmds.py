"""``o2c credentials set|delete|list|test``: passwords come from a prompt or stdin, never from
argv."""

from __future__ import annotations

import sys
import threading

import click

from o2c_desktop.cli.output import emit_records, format_option
from o2c_desktop.cli.state import CliState, pass_state
from o2c_desktop.errors import UserError
from o2c_desktop.services.credentials import (
    PORTAL_NAMES,
    CredentialStore,
    portal_display_name,
)
from o2c_desktop.services.portals.account import PortalCredentials

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
        {"portal": portal, "name": PORTAL_NAMES[portal], "user": user or "", "saved": bool(user)}
        for portal, user in stored.items()
    ]
    emit_records(records, CREDENTIAL_COLUMNS, fmt, titled=True)


def _demo_credentials(portal: str) -> PortalCredentials | None:
    """The saved credential if there is one; else None: the demo portal's own user, which needs
    no keyring (as "Probar acceso" in the window)."""
    try:
        return CredentialStore().get(portal)
    except UserError:
        return None


@credentials.command(name="test")
@portal_argument
@click.option("--visible", is_flag=True, help="Muestra el navegador (captcha).")
@pass_state
def test_cmd(state: CliState, portal: str, visible: bool) -> None:
    """Prueba entrar a PORTAL con la credencial guardada (abre el navegador, no descarga nada).
    En modo demostración, sin credencial guardada, entra con el usuario de demostración."""
    from o2c_desktop.cli.sync_cmds import terminal_human_step
    from o2c_desktop.services.login_check import check_configured_login
    from o2c_desktop.services.portals import PORTALS, HumanStep, browser_only
    from o2c_desktop.services.sync.targets import answer_demo_captcha

    context = state.open()
    name = portal_display_name(portal)
    demo = context.settings.portals.mode == "demo"
    credentials = _demo_credentials(portal) if demo else CredentialStore().require(portal)
    human: HumanStep
    if demo:
        human = answer_demo_captcha
    elif sys.stdin.isatty():
        human = terminal_human_step
    elif visible or not PORTALS[portal].human_login:
        human = browser_only
    else:
        raise UserError(
            f"{name} pide resolver un captcha al entrar y aquí nadie puede hacerlo: ejecute la "
            "prueba desde una terminal o con --visible.",
            f"{name} asks for a captcha at login and no one can solve it here: run the test "
            "from a terminal or with --visible.",
        )
    phases = {"browser": "Abriendo el navegador…", "login": f"Entrando a {name}…"}
    check = check_configured_login(
        context.settings,
        portal,
        credentials,
        human=human,
        cancel=threading.Event(),
        visible=visible,
        progress=lambda phase: click.echo(phases[phase], err=True),
    )
    if check.error is not None:
        raise check.error
    where = f"al portal de demostración de {name}" if check.demo else f"a {name}"
    click.echo(f"Acceso correcto {where} con el usuario {check.user}.")


COMMANDS = [credentials]
