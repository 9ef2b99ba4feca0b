"""``o2c push``, ``o2c outbox list|retry``, ``o2c snowflake ddl|secret`` and ``o2c s3 keys``."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from o2c_desktop.cli.output import emit_records, format_option, say, to_json
from o2c_desktop.cli.progress import TerminalProgress
from o2c_desktop.cli.state import CliState, pass_state
from o2c_desktop.context import AppContext
from o2c_desktop.messages import Message, msg, rendered
from o2c_desktop.services.scheduler.jobs import sync_lock_for

if TYPE_CHECKING:  # the push service loads boto3: only when a push runs
    from o2c_desktop.services.cloud.push import DestinationResult

# What the outbox table shows; its JSON and CSV carry every column (outbox.RECORD_COLUMNS).
OUTBOX_TABLE_COLUMNS = [
    "item_id",
    "destination",
    "dataset",
    "status",
    "attempts",
    "next_attempt_at",
    "reason",
]
# The machine keys of ``o2c push`` (README "Machine output"): an item queued (or, with
# --dry-run, that would be) and what each destination did, with the service's field names.
PLAN_COLUMNS = ("destination", "kind", "dataset", "row_count", "size_bytes", "object_key")
RESULT_COLUMNS = ("destination", "done", "already", "still_queued", "reason")


def destination_line(result: DestinationResult, lang: str) -> str:
    """What one destination did in a push, and why it stopped if it did."""
    outcome = msg(
        "cli.push_destination",
        destination=result.destination,
        done=result.done,
        already=result.already,
        still_queued=result.still_queued,
    )
    said: Message = outcome
    if result.reason is not None:
        said = msg("cli.push_destination_why", outcome=outcome, reason=result.reason)
    return said.text(lang)


def push_service(context: AppContext, warehouse: object) -> object:
    from o2c_desktop.services.cloud.push import push_service_for

    return push_service_for(
        warehouse,  # type: ignore[arg-type]
        context.settings.cloud,
        context.paths.data_dir,
        context.paths.archive_dir,
        context.settings.general.timezone,
    )


@click.command(name="push")
@click.option("--s3", "to_s3", is_flag=True, help="Solo al bucket de S3.")
@click.option("--snowflake", "to_snowflake", is_flag=True, help="Solo a Snowflake.")
@click.option("--dry-run", is_flag=True, help="Muestra lo que se enviaría, sin enviar nada.")
@format_option
@pass_state
def push_cmd(state: CliState, to_s3: bool, to_snowflake: bool, dry_run: bool, fmt: str) -> None:
    """Envía a S3 y Snowflake lo que cambió; lo que no se pueda queda en cola."""
    from o2c_desktop.services.cloud.push import PushRequest, PushService

    context = state.context
    request = PushRequest(s3=to_s3, snowflake=to_snowflake, dry_run=dry_run)
    with sync_lock_for(context.paths, holder="o2c push"), context.open_warehouse() as warehouse:
        service = push_service(context, warehouse)
        assert isinstance(service, PushService)
        if dry_run:
            summary = service.run(request)
        else:
            with TerminalProgress(msg("cli.pushing").text(state.language)) as progress:
                summary = service.run(request, progress=progress.update)
    planned = [{c: getattr(item, c) for c in PLAN_COLUMNS} for item in summary.enqueued]
    if fmt == "json":
        results = [
            rendered({c: getattr(r, c) for c in RESULT_COLUMNS}, state.language)
            for r in summary.results.values()
        ]
        payload = {
            "dry_run": dry_run,
            "destinations": summary.destinations,
            "queued": planned,
            "results": results,
            "still_queued": summary.queued_after,
        }
        click.echo(to_json(payload))
    elif fmt == "csv":
        emit_records(planned, PLAN_COLUMNS, fmt)
    elif dry_run:
        say(msg("cli.push_would_queue", count=len(planned)), state.language)
        emit_records(planned, PLAN_COLUMNS, fmt)
    else:
        for result in summary.results.values():
            click.echo(destination_line(result, state.language))
    if not dry_run and summary.queued_after:
        say(msg("cli.push_still_queued", count=summary.queued_after), state.language, err=True)
        raise SystemExit(1)


@click.group()
def outbox() -> None:
    """La cola de envíos a S3 y Snowflake."""


@outbox.command(name="list")
@click.option("--all", "show_all", is_flag=True, help="También los enviados.")
@click.option("--limit", type=int, default=200, show_default=True)
@format_option
@pass_state
def outbox_list(state: CliState, show_all: bool, limit: int, fmt: str) -> None:
    """Lista los envíos en cola con el motivo de la espera."""
    from o2c_desktop.services.cloud.outbox import RECORD_COLUMNS, Outbox

    with state.context.open_warehouse() as warehouse:
        items = Outbox(warehouse).items(status=None if show_all else "queued", limit=limit)
    records = [rendered(i.as_record(), state.language) for i in items]
    if fmt == "table" and not records:
        say(msg("cli.outbox_empty" if show_all else "cli.outbox_nothing_queued"), state.language)
        return
    emit_records(records, OUTBOX_TABLE_COLUMNS if fmt == "table" else RECORD_COLUMNS, fmt)


@outbox.command(name="retry")
@click.argument("item_ids", nargs=-1, type=int)
@click.option("--no-push", is_flag=True, help="Solo marcarlos para ahora, sin enviar.")
@pass_state
def outbox_retry(state: CliState, item_ids: tuple[int, ...], no_push: bool) -> None:
    """Reintenta ya los envíos en cola (todos, o los ITEM_IDS dados)."""
    from o2c_desktop.services.cloud.outbox import Outbox
    from o2c_desktop.services.cloud.push import PushService

    context = state.context
    with (
        sync_lock_for(context.paths, holder="o2c outbox retry"),
        context.open_warehouse() as warehouse,
    ):
        box = Outbox(warehouse)
        count = box.retry_now(item_ids)
        say(msg("cli.outbox_ready_to_retry", count=count), state.language)
        if no_push or not count:
            return
        service = push_service(context, warehouse)
        assert isinstance(service, PushService)
        destinations = tuple(sorted({i.destination for i in box.pending()}, reverse=True))
        results = service.drain(destinations)
        remaining = len(box.pending())
    for result in results.values():
        click.echo(destination_line(result, state.language))
    if remaining:
        raise SystemExit(1)


@click.group(name="snowflake")
def snowflake_group() -> None:
    """El almacén del equipo en Snowflake."""


@snowflake_group.command(name="ddl")
@click.option("--apply", "apply_now", is_flag=True, help="Ejecutarlo en la cuenta configurada.")
@pass_state
def snowflake_ddl(state: CliState, apply_now: bool) -> None:
    """Imprime (y con --apply ejecuta) el esquema, tablas, formato, stage, Snowpipe y vistas."""
    from o2c_desktop.services.cloud.ddl import apply_ddl, build_ddl, render

    context = state.context
    with context.open_warehouse() as warehouse:
        if apply_now:
            statements = apply_ddl(warehouse, context.settings.cloud)
            say(msg("cli.ddl_applied", count=len(statements)), state.language, err=True)
        else:
            statements = build_ddl(warehouse.connection, context.settings.cloud)
    click.echo(render(statements), nl=False)


SECRET_CHOICES = {"passphrase": "snowflake-passphrase", "password": "snowflake-password"}


@snowflake_group.group(name="secret")
def snowflake_secret() -> None:
    """La frase de paso de la llave privada o la contraseña, en el llavero del sistema."""


@snowflake_secret.command(name="set")
@click.argument("which", type=click.Choice(sorted(SECRET_CHOICES)))
@click.option("--stdin", "from_stdin", is_flag=True, help="Leer el valor de la entrada estándar.")
@pass_state
def snowflake_secret_set(state: CliState, which: str, from_stdin: bool) -> None:
    """Guarda el secreto WHICH (se pide sin mostrarlo; nunca va en la línea de comandos)."""
    from o2c_desktop.services.cloud.secrets import CloudSecrets

    value = _read_secret(which, from_stdin)
    CloudSecrets().set(SECRET_CHOICES[which], value)  # type: ignore[arg-type]
    say(msg("cli.secret_stored", which=which), state.language)


@snowflake_secret.command(name="delete")
@click.argument("which", type=click.Choice(sorted(SECRET_CHOICES)))
@pass_state
def snowflake_secret_delete(state: CliState, which: str) -> None:
    """Borra el secreto WHICH del llavero."""
    from o2c_desktop.services.cloud.secrets import CloudSecrets

    gone = CloudSecrets().delete(SECRET_CHOICES[which])  # type: ignore[arg-type]
    say(msg("cli.secret_deleted" if gone else "cli.secret_not_stored"), state.language)


@click.group(name="s3")
def s3_group() -> None:
    """El bucket de S3 (zona de aterrizaje)."""


@s3_group.group(name="keys")
def s3_keys() -> None:
    """Llaves de AWS en el llavero (solo si no usa perfil, SSO o variables de entorno)."""


@s3_keys.command(name="set")
@click.option("--access-key-id", required=True, help="El identificador de la llave (no secreto).")
@click.option("--stdin", "from_stdin", is_flag=True, help="Leer la llave secreta de la entrada.")
@pass_state
def s3_keys_set(state: CliState, access_key_id: str, from_stdin: bool) -> None:
    """Guarda las llaves en el llavero y activa cloud.s3.keys_in_keyring."""
    from o2c_desktop.services.cloud.secrets import CloudSecrets

    secret = _read_secret(msg("cli.aws_secret_prompt").text(state.language), from_stdin)
    store = CloudSecrets()
    store.set("aws-access-key-id", access_key_id)
    store.set("aws-secret-access-key", secret)
    context = state.context
    context.settings.cloud.s3.keys_in_keyring = True
    context.save_settings()
    say(msg("cli.aws_keys_stored"), state.language)


@s3_keys.command(name="delete")
@pass_state
def s3_keys_delete(state: CliState) -> None:
    """Borra las llaves del llavero y vuelve a la cadena estándar de AWS."""
    from o2c_desktop.services.cloud.secrets import CloudSecrets

    store = CloudSecrets()
    store.delete("aws-access-key-id")
    store.delete("aws-secret-access-key")
    context = state.context
    context.settings.cloud.s3.keys_in_keyring = False
    context.save_settings()
    say(msg("cli.aws_keys_deleted"), state.language)


def _read_secret(label: str, from_stdin: bool) -> str:
    if from_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    value: str = click.prompt(label, hide_input=True, confirmation_prompt=True, err=True)
    return value


COMMANDS = [push_cmd, outbox, snowflake_group, s3_group]
