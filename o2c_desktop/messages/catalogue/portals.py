"""Acquiring portal reports: logins, captchas, the portal's own failures, the browser."""

MESSAGES: dict[str, tuple[str, str]] = {
    "portal.login_rejected": (
        "{portal} rechazó la contraseña del usuario {user}: actualícela en «Credenciales de "
        "portales» o con «o2c credentials set {portal_id}». No se vuelve a intentar en esta "
        "sincronización, para no bloquear la cuenta.",
        "{portal} rejected the password of user {user}: update it in 'Portal credentials' or "
        "with 'o2c credentials set {portal_id}'. It is not tried again in this sync, so as not "
        "to lock the account.",
    ),
    "portal.login_not_retried": (
        "No se consultó: {portal} ya rechazó la contraseña del usuario {user} en esta "
        "sincronización y no se vuelve a intentar, para no bloquear la cuenta. Actualice la "
        "contraseña en «Credenciales de portales» (o con «o2c credentials set {portal_id}») y "
        "sincronice de nuevo.",
        "Not queried: {portal} already rejected the password of user {user} in this sync and it "
        "is not tried again, so as not to lock the account. Update the password in 'Portal "
        "credentials' (or with 'o2c credentials set {portal_id}') and sync again.",
    ),
    "portal.captcha_not_solved": (
        "El captcha de {portal} no se resolvió en {timeout_s:.0f} s: vuelva a sincronizar con "
        "el navegador visible y resuélvalo cuando se le pida.",
        "The {portal} captcha was not solved within {timeout_s:.0f} s: sync again with the "
        "browser visible and solve it when asked.",
    ),
    "portal.session_expired": (
        "{portal} cerró la sesión {attempts} veces seguidas ({where}): el portal está "
        "expulsando la sesión; intente más tarde.",
        "{portal} closed the session {attempts} times in a row ({where}): the portal keeps "
        "dropping the session; try again later.",
    ),
    "portal.unavailable": (
        "El portal {portal} respondió con error ({cause}) {attempts} veces en {url}: el "
        "problema es del portal; intente más tarde.",
        "The {portal} portal answered with an error ({cause}) {attempts} times at {url}: the "
        "problem is on the portal's side; try again later.",
    ),
    "portal.not_reached": (
        "No se pudo conectar con {portal} en {url}: {cause}{tries}. Revise la conexión a "
        "internet y que el portal abra en un navegador; si el portal está caído, intente más "
        "tarde.",
        "Could not connect to {portal} at {url}: {cause}{tries}. Check the internet connection "
        "and that the portal opens in a browser; if the portal is down, try again later.",
    ),
    "portal.attempts": (" ({attempts} intentos)", " ({attempts} attempts)"),
    "portal.network.name_not_resolved": (
        "no se encontró el servidor (¿hay internet? ¿cambió la dirección?)",
        "the server was not found (is there internet? did the address change?)",
    ),
    "portal.network.refused": (
        "el servidor rechazó la conexión",
        "the server refused the connection",
    ),
    "portal.network.timed_out": ("la conexión tardó demasiado", "the connection timed out"),
    "portal.network.no_internet": ("el equipo no tiene internet", "this computer has no internet"),
    "portal.network.dropped": (
        "el servidor cortó la conexión",
        "the server dropped the connection",
    ),
    "portal.network.other": ("error de red {code}", "network error {code}"),
    "portal.timeout": (
        "El portal {portal} no respondió en {timeout_s:.0f} s ({what}) tras {attempts} "
        "intentos: el portal está lento o caído; intente más tarde.",
        "The {portal} portal did not answer within {timeout_s:.0f} s ({what}) after {attempts} "
        "attempts: it is slow or down; try again later.",
    ),
    "portal.export_never_finished": (
        "{portal} no terminó de preparar la exportación de {report} ({range_text}) en "
        "{timeout_s:.0f} s: el botón «Exportar» nunca volvió a habilitarse; intente más tarde o "
        "con un rango menor.",
        "{portal} did not finish preparing the {report} export ({range_text}) within "
        "{timeout_s:.0f} s: the Export button never came back; try later or with a smaller "
        "range.",
    ),
    "portal.layout_changed": (
        "La página de {portal} cambió: el paso «{step}» de la receta {recipe_id} no encontró el "
        "elemento «{selector}». Actualice la receta (resources/recipes/{recipe_id}.toml).",
        "The {portal} page changed: step '{step}' of recipe {recipe_id} did not find element "
        "'{selector}'. Update the recipe (resources/recipes/{recipe_id}.toml).",
    ),
    "portal.invalid_download": (
        "La descarga de {portal} «{name}» está incompleta o dañada ({reason}): se descartó; "
        "vuelva a sincronizar.",
        "The {portal} download '{name}' is incomplete or damaged ({reason}): it was discarded; "
        "sync again.",
    ),
    "portal.partial_extraction": (
        "Posible pérdida de datos: {portal} {dataset} mostró {pages} páginas y la vez anterior "
        "{known_pages}. Se guardó lo leído; revise el portal antes de confiar en esta foto.",
        "Possible data loss: {portal} {dataset} showed {pages} pages, last time {known_pages}. "
        "What was read is saved; check the portal before trusting it.",
    ),
    "portal.cancelled": (
        "Sincronización de {portal} cancelada por el usuario; los archivos ya descargados se "
        "conservan.",
        "{portal} sync cancelled by the user; files already downloaded are kept.",
    ),
    "browser.unavailable": (
        "No se pudo abrir el navegador {browser}: {cause}. Instale {browser} y su controlador, o "
        "indique la ruta del controlador en la configuración.",
        "Could not start the {browser} browser: {cause}. Install {browser} and its driver, or "
        "set the driver path in the settings.",
    ),
    "browser.driver_wanted": ("{driver} {major}", "{driver} {major}"),
    "browser.driver_same_version": (
        "{driver} de la misma versión que {title}",
        "{driver} of the same version as {title}",
    ),
    "browser.driver_not_found": (
        "No se encontró el controlador de {title} ({driver}); se buscó en: {places}. El programa "
        "no lo descarga por su cuenta: descargue {wanted} de {url} y póngalo {beside}en la "
        "carpeta que indique [portals] driver_dir de la configuración, o indique su ruta en "
        "[portals] driver_path.",
        "The {title} driver ({driver}) was not found; looked in: {places}. The program never "
        "downloads it: download {wanted} from {url} and put it {beside}in the folder [portals] "
        "driver_dir names in the settings, or set its path in [portals] driver_path.",
    ),
    "browser.beside_program": (
        "junto al programa de {title} ({folder}), ",
        "next to the {title} program ({folder}), ",
    ),
    "browser.driver_mismatch": (
        "El controlador {driver} {driver_version}{where} no sirve para {title} "
        "{browser_version} instalado en este equipo{installed}: deben tener la misma versión "
        "principal ({major}). {how}",
        "The driver {driver} {driver_version}{where} does not fit {title} {browser_version} "
        "installed on this computer{installed}: their major versions must match ({major}). "
        "{how}",
    ),
    "browser.update_system_packages": (
        "Actualice juntos los paquetes chromium y chromium-driver del sistema, o indique en "
        "[portals] driver_path de la configuración la ruta de un {wanted}.",
        "Update the system's chromium and chromium-driver packages together, or set [portals] "
        "driver_path in the settings to a {wanted}.",
    ),
    "browser.replace_driver": (
        "Descargue {wanted} para este sistema de {url} y reemplace con él {driver_path}, o "
        "indique la ruta del nuevo en [portals] driver_path de la configuración.",
        "Download {wanted} for this system from {url} and replace {driver_path} with it, or set "
        "the new one's path in [portals] driver_path in the settings.",
    ),
    "browser.place_driver": (
        "Descargue {wanted} para este sistema de {url} y póngalo en [portals] driver_dir, o "
        "indique la ruta del nuevo en [portals] driver_path de la configuración.",
        "Download {wanted} for this system from {url} and put it in [portals] driver_dir, or "
        "set the new one's path in [portals] driver_path in the settings.",
    ),
    "browser.stopped": (
        "El navegador dejó de responder mientras trabajaba en {portal}: vuelva a sincronizar; si "
        "se repite, actualice Chromium y su controlador (chromedriver) a la misma versión.",
        "The browser stopped responding while working on {portal}: sync again; if it happens "
        "again, update Chromium and its driver (chromedriver) to the same version.",
    ),
    "recipe.unusable": (
        "La receta «{recipe}» no se puede usar: {cause}. Reinstale o corrija resources/recipes.",
        "Recipe '{recipe}' cannot be used: {cause}. Reinstall or fix resources/recipes.",
    ),
    "login_check.captcha_not_solved": (
        "{portal} pidió resolver un captcha y no se resolvió en {timeout_s:.0f} s: pruebe de "
        "nuevo y resuélvalo cuando aparezca el aviso del captcha.",
        "{portal} asked for a captcha that was not solved within {timeout_s:.0f} s: test again "
        "and solve it when the captcha prompt appears.",
    ),
    "login_check.error_page": (
        "{portal} respondió con una página de error ({cause}) al intentar ingresar: el problema "
        "es del portal; pruebe más tarde.",
        "{portal} answered with an error page ({cause}) while logging in: the problem is on the "
        "portal's side; test again later.",
    ),
    "login_check.cancelled": (
        "Prueba de acceso a {portal} cancelada.",
        "{portal} login test cancelled.",
    ),
    "login_check.timeout": (
        "{portal} no respondió en {timeout_s:.0f} s al intentar ingresar: el portal está lento "
        "o caído; pruebe más tarde.",
        "{portal} did not answer within {timeout_s:.0f} s while logging in: the portal is slow "
        "or down; test again later.",
    ),
}
