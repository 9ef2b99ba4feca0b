"""The command line's own lines: what a command did, in the language of ``--lang`` or the
settings. Table headers are the columns' titles (``services.columns``), not these."""

MESSAGES: dict[str, tuple[str, str]] = {
    "cli.error": ("Error: {reason}", "Error: {reason}"),
    "cli.cancelled": ("Cancelado.", "Cancelled."),
    "cli.internal_error": (
        "Error interno: es un defecto del programa; los detalles están en {log_file}.",
        "Internal error: this is a bug; the details are in {log_file}.",
    ),
    "cli.yes": ("sí", "yes"),
    "cli.no": ("no", "no"),
    # Reports
    "cli.cut_current": ("actual", "current"),
    "cli.report_heading": (
        "{title}, corte {cut}: {rows} renglones.",
        "{title}, as of {cut}: {rows} rows.",
    ),
    "cli.report_heading_team": (
        "{title} desde Snowflake, corte {cut}: {rows} renglones.",
        "{title} from Snowflake, as of {cut}: {rows} rows.",
    ),
    "cli.rows_written": (
        "{rows} renglones escritos en {path}.",
        "{rows} rows written to {path}.",
    ),
    "cli.rows_written_with_manifest": (
        "{rows} renglones escritos en {path} (manifiesto: {manifest}).",
        "{rows} rows written to {path} (manifest: {manifest}).",
    ),
    "cli.gaps_heading": (
        "Folios faltantes, periodo {period}, al corte {as_of:%Y-%m-%d %H:%M}: {rows} renglones.",
        "Missing folios, period {period}, as of {as_of:%Y-%m-%d %H:%M}: {rows} rows.",
    ),
    "cli.gaps_heading_team": (
        "Folios faltantes desde Snowflake, periodo {period}, al corte "
        "{as_of:%Y-%m-%d %H:%M}: {rows} renglones.",
        "Missing folios from Snowflake, period {period}, as of {as_of:%Y-%m-%d %H:%M}: {rows} "
        "rows.",
    ),
    "cli.cashflow_heading": (
        "Flujo de efectivo proyectado, corte {cut}: {what}.",
        "Projected cash flow, as of {cut}: {what}.",
    ),
    "cli.cashflow_heading_team": (
        "Flujo de efectivo proyectado desde Snowflake, corte {cut}: {what}.",
        "Projected cash flow from Snowflake, as of {cut}: {what}.",
    ),
    "cli.weeks": ("{count} semanas", "{count} weeks"),
    "cli.events": ("{count} eventos", "{count} events"),
    "cli.cashflow_written": (
        "{weeks} semanas y {events} eventos escritos en {path}.",
        "{weeks} weeks and {events} events written to {path}.",
    ),
    # Push and the outbox
    "cli.pushing": ("Enviando", "Pushing"),
    "cli.push_would_queue": (
        "Se pondrían en cola {count} envíos (nada se envió):",
        "{count} items would be queued (nothing was sent):",
    ),
    "cli.push_destination": (
        "{destination}: {done} enviados, {already} ya estaban, {still_queued} en cola",
        "{destination}: {done} sent, {already} already there, {still_queued} queued",
    ),
    "cli.push_destination_why": ("{outcome} — {reason}", "{outcome} — {reason}"),
    "cli.push_still_queued": (
        "{count} envíos siguen en cola; vea «o2c outbox list».",
        "{count} items are still queued; see 'o2c outbox list'.",
    ),
    "cli.outbox_nothing_queued": ("No hay envíos en cola.", "Nothing is queued."),
    "cli.outbox_empty": ("La cola está vacía.", "The queue is empty."),
    "cli.outbox_ready_to_retry": (
        "{count} envíos listos para reintentar.",
        "{count} items ready to retry.",
    ),
    # Snowflake and S3 set-up
    "cli.ddl_applied": (
        "{count} sentencias ejecutadas en Snowflake.",
        "{count} statements run in Snowflake.",
    ),
    "cli.secret_stored": ("Guardado en el llavero: {which}.", "Stored in the keyring: {which}."),
    "cli.secret_deleted": ("Borrado.", "Deleted."),
    "cli.secret_not_stored": ("No estaba guardado.", "It was not stored."),
    "cli.aws_secret_prompt": ("llave secreta de AWS", "AWS secret key"),
    "cli.aws_keys_stored": (
        "Llaves de AWS guardadas en el llavero.",
        "AWS keys stored in the keyring.",
    ),
    "cli.aws_keys_deleted": (
        "Llaves de AWS borradas del llavero.",
        "AWS keys deleted from the keyring.",
    ),
}
