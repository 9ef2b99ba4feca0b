"""Run history: how a sync run, its report steps and the scheduler's events ended."""

MESSAGES: dict[str, tuple[str, str]] = {
    "run.interrupted": (
        "La ejecución se interrumpió (el programa se cerró antes de terminar).",
        "The run was interrupted (the program closed before it finished).",
    ),
    "run.step_interrupted": (
        "El programa se cerró antes de terminar el paso.",
        "The program closed before the step finished.",
    ),
    "run.internal_error": (
        "Error interno; vea el registro.",
        "Internal error; see the log.",
    ),
    "progress.report_range": ("{report} {range}", "{report} {range}"),
    "progress.report_done": ("{report}", "{report}"),
    "progress.reading_pages": ("{report}: leyendo páginas", "{report}: reading pages"),
    "progress.factoring_statement": (
        "Estado de cuenta de factoraje",
        "Factoring statement",
    ),
    "push.waits_for_s3": (
        "Espera a que el archivo llegue a S3 (escenario externo).",
        "Waits for the file to reach S3 (external stage).",
    ),
    "run.report_outcome": ("{report}: {outcome}", "{report}: {outcome}"),
    "sync.step_loaded": ("{files} archivos, {rows} filas", "{files} files, {rows} rows"),
    "sync.files_not_loaded": (
        "{outcome}; {count} archivo(s) sin cargar: {first}",
        "{outcome}; {count} file(s) not loaded: {first}",
    ),
    "sync.captcha_without_window": (
        "{portal_title} pide resolver un captcha y nadie puede hacerlo en esta ejecución sin "
        "ventana; sincronice desde la ventana o con «o2c sync --visible».",
        "{portal_title} asks for a captcha and nobody can solve it in a run without a window; "
        "sync from the window or with 'o2c sync --visible'.",
    ),
    "schedule.warehouse_busy": (
        "El almacén de datos estaba abierto por otro programa (un comando «o2c» en curso u otra "
        "ventana de o2c_desktop); la tarea se ejecuta una sola vez en cuanto se libere.",
        "The data warehouse was open in another program (an 'o2c' command running or another "
        "o2c_desktop window); the task runs once, as soon as it is free.",
    ),
    "schedule.missed": (
        "El programa no estaba activo o el equipo estaba suspendido a la hora programada "
        "({when}); se ejecuta una sola vez para ponerse al día.",
        "The program was not running or the computer was asleep at the scheduled time ({when}); "
        "it runs once to catch up.",
    ),
    "schedule.push_skipped_no_destination": (
        "El envío a la nube que sigue a la sincronización no se hizo: no hay destino "
        "configurado. Indique el bucket de S3 («bucket» en la sección [cloud.s3]) o la cuenta de "
        "Snowflake («account» en [cloud.snowflake]) en {settings_file}, o ponga "
        "push_after_sync = false en [cloud] si no quiere enviar.",
        "The cloud push that follows the sync was not done: no destination is configured. Set "
        "the S3 bucket ('bucket' in the [cloud.s3] section) or the Snowflake account ('account' "
        "in [cloud.snowflake]) in {settings_file}, or set push_after_sync = false in [cloud] if "
        "you do not want to push.",
    ),
    "schedule.gone_or_paused": (
        "El horario ya no existe o está en pausa.",
        "The schedule no longer exists or is paused.",
    ),
    "schedule.unknown_kind": (
        "Esta versión del programa no sabe ejecutar tareas «{kind}».",
        "This version of the program cannot run '{kind}' tasks.",
    ),
    "schedule.bad_cron": (
        "La expresión cron «{cron}» del horario «{id}» no es válida: {exc}. Use cinco campos: "
        "minuto hora día mes día-de-la-semana (p. ej. «0 7 * * 1-5»).",
        "The cron expression '{cron}' of schedule '{id}' is invalid: {exc}. Use five fields: "
        "minute hour day month weekday (e.g. '0 7 * * 1-5').",
    ),
    "sync.unknown_portals": (
        "No se puede sincronizar «{unknown}»: los portales son {known}.",
        "Cannot sync '{unknown}': the portals are {known}.",
    ),
    "sync.range_reversed": (
        "La fecha inicial {date_from:%d/%m/%Y} es posterior a la final {date_to:%d/%m/%Y}. "
        "Corrija el rango.",
        "The start date {date_from:%d/%m/%Y} is after the end date {date_to:%d/%m/%Y}. Fix the "
        "range.",
    ),
}
