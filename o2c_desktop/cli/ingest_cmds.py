"""``o2c import``: archive, check and load portal exports, files or whole folders."""

from __future__ import annotations

from pathlib import Path

import click

from o2c_desktop.app.imports import ImportRequest, import_files
from o2c_desktop.cli.output import emit_records, format_option
from o2c_desktop.cli.progress import TerminalProgress
from o2c_desktop.cli.state import CliState, pass_state
from o2c_desktop.errors import UserError
from o2c_desktop.messages import msg, rendered
from o2c_desktop.services.ingest import KINDS

# The machine keys of each file's outcome (README "Machine output"); tables show their titles.
COLUMNS = (
    "file", "kind", "status", "rows_read", "inserted", "changed", "unchanged", "rejected",
    "message",
)  # fmt: skip

EXIT_QUARANTINED = 2  # some file was quarantined or could not be read
EXIT_DEFECT = 3  # some file met a defect of the program (the others were imported)


def _parse_map(pairs: tuple[str, ...]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for pair in pairs:
        field, sep, header = pair.partition("=")
        if not sep or not field.strip() or not header.strip():
            raise UserError(msg("import.map_pair_expected", pair=pair))
        headers[field.strip()] = header.strip()
    return headers


@click.command(name="import")
# Paths are checked by the import itself, which names the real problem in Spanish (missing,
# a link that loops, no permission, a FIFO) and still imports every other file.
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    help="Tipo de archivo, si la detección por encabezados no basta.",
)
@click.option("--mapping", help="Mapeo de columnas guardado (registros genéricos).")
@click.option(
    "--save-mapping",
    "save_mapping_name",
    help="Guarda un mapeo con este nombre (con --kind y --map) y lo usa en esta importación.",
)
@click.option(
    "--map",
    "map_pairs",
    multiple=True,
    help='Campo del contrato = encabezado del archivo, p. ej. --map factura="No. Factura".',
)
@format_option
@pass_state
def import_cmd(
    state: CliState,
    paths: tuple[Path, ...],
    kind: str | None,
    mapping: str | None,
    save_mapping_name: str | None,
    map_pairs: tuple[str, ...],
    fmt: str,
) -> None:
    """Importa archivos o carpetas: los archiva sin cambios, los valida y los carga.

    El tipo se detecta por los encabezados. Un archivo que no cumple su formato va a
    cuarentena con un informe; lo ya cargado no cambia. Reimportar no duplica nada.
    """
    context = state.context
    lang = state.language
    request = ImportRequest(
        paths=paths,
        kind=kind,
        mapping=mapping,
        save_mapping_as=save_mapping_name,
        # --map only counts with --save-mapping, which also needs --kind (checked by the import).
        headers=_parse_map(map_pairs) if save_mapping_name and kind else {},
    )
    with (
        context.open_warehouse() as warehouse,
        TerminalProgress(msg("import.progress").text(lang)) as progress,
    ):
        result = import_files(
            context.settings,
            context.paths,
            warehouse,
            request,
            progress=lambda what, fraction: progress.update(what.text(lang), fraction),
        )
    records = [rendered(o.as_record(), lang) for o in result.outcomes]
    emit_records(records, COLUMNS, fmt, titled=True)
    summary = result.summary()
    if fmt == "table" and summary is not None:
        click.echo(summary.text(lang), err=True)
    if result.defect:
        click.get_current_context().exit(EXIT_DEFECT)
    if result.troubled:
        click.get_current_context().exit(EXIT_QUARANTINED)


COMMANDS = [import_cmd]
