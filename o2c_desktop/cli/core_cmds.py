"""Foundation verbs: ``status`` and ``generate``."""

from __future__ import annotations

from pathlib import Path

import click

from o2c_desktop.app.status import status_lines
from o2c_desktop.cli.output import emit_envelope, emit_records, format_option
from o2c_desktop.cli.progress import TerminalProgress
from o2c_desktop.cli.state import CliState, pass_state
from o2c_desktop.errors import UserError
from o2c_desktop.messages import msg
from o2c_desktop.paths import resolve_paths
from o2c_desktop.services.status import WarehouseStatus, warehouse_status
from o2c_desktop.settings import load_settings

# The machine keys of each record (README "Machine output"); tables show their titles.
TABLE_COUNT_COLUMNS = ("table", "rows")
GENERATED_COLUMNS = ("dataset", "file", "rows")


def table_count_records(status: WarehouseStatus) -> list[dict[str, object]]:
    return [{"table": name, "rows": count} for name, count in status.tables.items()]


def _print_status(status: WarehouseStatus, fmt: str, lang: str) -> None:
    records = table_count_records(status)
    if fmt == "table":
        for line in status_lines(status):
            click.echo(line.text(lang))
        emit_records(records, TABLE_COUNT_COLUMNS, fmt, titled=True)
        return
    meta = {"warehouse": status.warehouse, "schema_version": status.schema_version}
    emit_envelope(meta, "tables", records, TABLE_COUNT_COLUMNS, fmt)


@click.command()
@format_option
@pass_state
def status(state: CliState, fmt: str) -> None:
    """Estado del almacén local: ubicación, versión de esquema y filas por tabla."""
    with state.context.open_warehouse() as warehouse:
        _print_status(warehouse_status(warehouse), fmt, state.language)


def language_without_a_data_folder(state: CliState) -> str:
    """``--lang``, else the settings' language if they exist: generating needs no data folder,
    so none is created for it."""
    if state.lang:
        return state.lang
    try:
        return load_settings(resolve_paths(state.data_dir).settings_file).general.language
    except (OSError, UserError):
        return "es"


@click.command(name="generate")
@click.option("--seed", type=int, default=7, show_default=True, help="Semilla.")
@click.option(
    "--scale",
    type=click.IntRange(10),
    default=400,
    show_default=True,
    help="Líneas de orden a generar.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Carpeta de salida.",
)
@format_option
@pass_state
def generate_cmd(state: CliState, seed: int, scale: int, out_dir: Path, fmt: str) -> None:
    """Genera datos sintéticos deterministas en los formatos reales de los portales."""
    from o2c_desktop.services.generator import generate  # pandas: only when generating

    lang = language_without_a_data_folder(state)
    with TerminalProgress(msg("generate.progress_title").text(lang)) as progress:
        result = generate(out_dir, seed=seed, scale=scale, progress=progress.update)
    records = [
        {"dataset": f.dataset, "file": f.path.relative_to(out_dir).as_posix(), "rows": f.rows}
        for f in result.files
    ]
    if fmt == "table":
        done = msg(
            "generate.done", files=len(result.files), folder=out_dir,
            seconds=f"{result.seconds:.1f}",
        )  # fmt: skip
        click.echo(done.text(lang))
    emit_records(records, GENERATED_COLUMNS, fmt, titled=True)


COMMANDS = [status, generate_cmd]
