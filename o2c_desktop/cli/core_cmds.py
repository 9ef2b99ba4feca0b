"""Foundation verbs: ``status`` and ``generate``."""

from __future__ import annotations

from pathlib import Path

import click

from o2c_desktop.cli.output import emit_records, format_option, to_json
from o2c_desktop.cli.progress import TerminalProgress
from o2c_desktop.cli.state import CliState, pass_state
from o2c_desktop.services.status import WarehouseStatus, warehouse_status


def _print_status(status: WarehouseStatus, fmt: str) -> None:
    if fmt == "json":
        click.echo(to_json(status.as_dict()))
        return
    records = [{"tabla": name, "filas": count} for name, count in status.tables.items()]
    if fmt == "table":
        click.echo(f"Almacén: {status.warehouse}")
        click.echo(f"Versión de esquema: {status.schema_version}")
    emit_records(records, ["tabla", "filas"], fmt)


@click.command()
@format_option
@pass_state
def status(state: CliState, fmt: str) -> None:
    """Estado del almacén local: ubicación, versión de esquema y filas por tabla."""
    with state.context.open_warehouse() as warehouse:
        _print_status(warehouse_status(warehouse), fmt)


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
def generate_cmd(seed: int, scale: int, out_dir: Path, fmt: str) -> None:
    """Genera datos sintéticos deterministas en los formatos reales de los portales."""
    from o2c_desktop.services.generator import generate  # pandas: only when generating

    with TerminalProgress("Generando datos") as progress:
        result = generate(out_dir, seed=seed, scale=scale, progress=progress.update)
    records = [
        {"conjunto": f.dataset, "archivo": f.path.relative_to(out_dir).as_posix(), "filas": f.rows}
        for f in result.files
    ]
    if fmt == "table":
        click.echo(f"{len(result.files)} archivos en {out_dir} ({result.seconds:.1f} s)")
    emit_records(records, ["conjunto", "archivo", "filas"], fmt)


COMMANDS = [status, generate_cmd]
