"""What the commands answer a person: syncs, the warehouse's status, credentials, schedules and
the demo portal (the machine formats carry the same facts under their keys)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # -- sync --------------------------------------------------------------------------------
    "sync.run_headline": (
        "Ejecución {run}: {status}, {files} archivos, {rows} filas cargadas, {seconds} s",
        "Run {run}: {status}, {files} files, {rows} rows loaded, {seconds} s",
    ),
    "sync.step_outcome": ("{report}: {status} — {outcome}", "{report}: {status} — {outcome}"),
    "sync.progress_title": ("Sincronizando", "Syncing"),
    "sync.demo_progress_title": (
        "Sincronizando el portal de demostración",
        "Syncing the demo portal",
    ),
    "sync.bad_date": (
        "La fecha {option} «{value}» no es válida: use dd/mm/aaaa (p. ej. 01/07/2025).",
        "The date {option} '{value}' is invalid: use dd/mm/yyyy (e.g. 01/07/2025).",
    ),
    "sync.captcha_asked": (
        "{portal} pide resolver un captcha: {prompt}",
        "{portal} asks for a captcha to be solved: {prompt}",
    ),
    "sync.captcha_answer_prompt": (
        "Respuesta (Enter para resolverlo en la ventana del navegador)",
        "Answer (Enter to solve it in the browser window)",
    ),
    "sync.busy": (
        "Ya hay {what} en curso{who}. Espere a que termine e intente de nuevo.",
        "{what} is already running{who}. Wait for it to finish and try again.",
    ),
    "sync.busy_holder": (" ({holder}, desde {since} UTC)", " ({holder}, since {since} UTC)"),
    "sync.holder_window": ("ventana de o2c_desktop", "o2c_desktop window"),
    "sync.holder_schedule": ("horario {id}", "schedule {id}"),
    "sync.holder_scheduler": ("programador", "scheduler"),
    "sync.busy_what_sync": ("una sincronización", "A sync"),
    "sync.busy_what_scheduler": ("otro programador de tareas", "Another scheduler"),
    # -- status ------------------------------------------------------------------------------
    "status.warehouse": ("Almacén: {warehouse}", "Warehouse: {warehouse}"),
    "status.schema_version": (
        "Versión de esquema: {version}",
        "Schema version: {version}",
    ),
    "status.warehouse_with_schema": (
        "Almacén: {warehouse} (esquema {version})",
        "Warehouse: {warehouse} (schema {version})",
    ),
    "generate.progress_title": ("Generando datos", "Generating data"),
    "generate.done": (
        "{files} archivos en {folder} ({seconds} s)",
        "{files} files in {folder} ({seconds} s)",
    ),
    # -- credentials -------------------------------------------------------------------------
    "credentials.password_prompt": (
        "Contraseña de {user} en {portal}",
        "Password of {user} on {portal}",
    ),
    "credentials.password_repeat": ("Repita la contraseña", "Repeat the password"),
    "credentials.saved": (
        "Credencial de {portal} guardada en el llavero del sistema.",
        "Credential for {portal} stored in the system keyring.",
    ),
    "credentials.deleted": ("Credencial de {portal} borrada.", "Credential for {portal} deleted."),
    "credentials.nothing_to_delete": (
        "No había credencial guardada para {portal}.",
        "No credential was stored for {portal}.",
    ),
    "credentials.test_needs_person": (
        "{portal} pide resolver un captcha al entrar y aquí nadie puede hacerlo: ejecute la "
        "prueba desde una terminal o con --visible.",
        "{portal} asks for a captcha at login and no one can solve it here: run the test from "
        "a terminal or with --visible.",
    ),
    "credentials.type_both": (
        "Escriba el usuario y la contraseña para probar el acceso.",
        "Type the user and the password to test the login.",
    ),
    "credentials.opening_browser": ("Abriendo el navegador…", "Opening the browser…"),
    "credentials.logging_in": ("Entrando a {portal}…", "Logging in to {portal}…"),
    "credentials.login_ok": (
        "Acceso correcto a {portal} con el usuario {user}.",
        "Login to {portal} succeeded with user {user}.",
    ),
    "credentials.demo_login_ok": (
        "Acceso correcto al portal de demostración de {portal} con el usuario {user}.",
        "Login to the demo portal of {portal} succeeded with user {user}.",
    ),
    "credentials.login_refused": (
        "{portal} no aceptó al usuario {user} con esa contraseña: corrija el usuario o la "
        "contraseña y pruebe de nuevo. El portal dice: «{portal_message}»",
        "{portal} did not accept user {user} with that password: fix the user or the password "
        "and test again. The portal says: '{portal_message}'",
    ),
    # -- schedules ---------------------------------------------------------------------------
    "schedule.not_found": (
        "No existe el horario «{id}». Vea los horarios con «o2c schedule list».",
        "There is no schedule '{id}'. List them with 'o2c schedule list'.",
    ),
    "schedule.bad_weekdays": (
        "Días no válidos: {unknown}. Use {known}.",
        "Invalid days: {unknown}. Use {known}.",
    ),
    "schedule.invalid": (
        "El horario no es válido: revise el nombre «{id}» (minúsculas, números, - o _) y la "
        "hora «{at}» (HH:MM).",
        "Invalid schedule: check the name '{id}' (lowercase, digits, - or _) and the time "
        "'{at}' (HH:MM).",
    ),
    "schedule.saved": (
        "Horario «{id}» guardado: {frequency}.",
        "Schedule '{id}' saved: {frequency}.",
    ),
    "schedule.removed": ("Horario «{id}» borrado.", "Schedule '{id}' removed."),
    "schedule.paused": ("Horario «{id}» en pausa.", "Schedule '{id}' paused."),
    "schedule.resumed": ("Horario «{id}» activo.", "Schedule '{id}' active."),
    "schedule.every_portal": ("todos", "all"),
    "schedule.frequency_daily": ("diario {at}", "daily {at}"),
    "schedule.frequency_weekly": ("semanal {days} {at}", "weekly {days} {at}"),
    "schedule.frequency_monthly": ("mensual día {day} {at}", "monthly on day {day} {at}"),
    "schedule.frequency_cron": ("cron «{cron}»", "cron '{cron}'"),
    "weekday.mon": ("lun", "mon"),
    "weekday.tue": ("mar", "tue"),
    "weekday.wed": ("mié", "wed"),
    "weekday.thu": ("jue", "thu"),
    "weekday.fri": ("vie", "fri"),
    "weekday.sat": ("sáb", "sat"),
    "weekday.sun": ("dom", "sun"),
    "scheduler.started": (
        "Programador activo con {count} horarios (desde {since} UTC). Ctrl+C para terminar.",
        "Scheduler running with {count} schedules (since {since} UTC). Ctrl+C to stop.",
    ),
    "scheduler.stopped": ("Programador detenido.", "Scheduler stopped."),
    "runs.not_found": (
        "No existe la ejecución {run}. Vea las ejecuciones con «o2c runs».",
        "There is no run {run}. List the runs with 'o2c runs'.",
    ),
    # -- demo portal -------------------------------------------------------------------------
    "demo_portal.serving": ("Portal de demostración en {url}", "Demo portal at {url}"),
    "demo_portal.user": (
        "  {portal}: usuario {user}  contraseña {password}",
        "  {portal}: user {user}  password {password}",
    ),
    "demo_portal.stop_hint": ("Ctrl+C para terminar.", "Ctrl+C to stop."),
    "demo_portal.stopped": ("Portal detenido.", "Portal stopped."),
}
