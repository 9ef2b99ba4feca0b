"""What can go wrong while acquiring a portal report, as errors a clerk can act on.

Every message names the portal, the real cause and what to do next. Passwords never appear: the
engine only ever passes user names, selectors, step names and ranges into these messages.
"""

from __future__ import annotations

from pathlib import Path

from o2c_desktop.errors import UserError


class PortalError(UserError):
    """Base of every acquisition failure; ``status`` is the outcome status it leads to."""

    status = "failed"


class LoginRejected(PortalError):
    def __init__(self, portal: str, user: str, portal_message: str) -> None:
        super().__init__(
            f"{portal.upper()} rechazó la contraseña del usuario {user}: actualícela en "
            f"«Credenciales de portales» o con «o2c credentials set {portal}». No se vuelve a "
            "intentar en esta sincronización, para no bloquear la cuenta.",
            f"{portal.upper()} rejected the password of user {user}: store the new one in "
            f"'Portal credentials' or with 'o2c credentials set {portal}'. It is not tried again "
            "in this sync, so as not to lock the account.",
            details=f"portal message: {portal_message!r}",
        )
        self.portal_message = portal_message


class LoginNotRetried(PortalError):
    """A report not run because the portal already rejected the password in this run: trying
    again with the same password would only bring the account closer to being locked."""

    def __init__(self, portal: str, user: str) -> None:
        super().__init__(
            f"No se consultó: {portal.upper()} ya rechazó la contraseña del usuario {user} en "
            "esta sincronización y no se vuelve a intentar, para no bloquear la cuenta. "
            "Actualice la contraseña en «Credenciales de portales» (o con "
            f"«o2c credentials set {portal}») y sincronice de nuevo.",
            f"Not queried: {portal.upper()} already rejected the password of user {user} in "
            "this sync and it is not tried again, so as not to lock the account. Store the "
            f"new password in 'Portal credentials' (or with 'o2c credentials set {portal}') and "
            "sync again.",
        )


class CaptchaNotSolved(PortalError):
    status = "needs-human"

    def __init__(self, portal: str, timeout_s: float, details: str = "") -> None:
        super().__init__(
            f"El captcha de {portal.upper()} no se resolvió en {timeout_s:.0f} s: vuelva a "
            "sincronizar con el navegador visible y resuélvalo cuando se le pida.",
            f"The {portal.upper()} captcha was not solved within {timeout_s:.0f} s: sync again "
            "with the browser visible and solve it when asked.",
            details=details,
        )
        self.timeout_s = timeout_s


class SessionExpired(PortalError):
    def __init__(self, portal: str, attempts: int, where: str) -> None:
        super().__init__(
            f"{portal.upper()} cerró la sesión {attempts} veces seguidas ({where}): el portal "
            "está expulsando la sesión; intente más tarde.",
            f"{portal.upper()} closed the session {attempts} times in a row ({where}): the "
            "portal keeps dropping the session; try again later.",
            details=where,
        )


class PortalUnavailable(PortalError):
    def __init__(self, portal: str, attempts: int, cause: str, url: str) -> None:
        super().__init__(
            f"El portal {portal.upper()} respondió con error ({cause}) {attempts} veces en "
            f"{url}: el problema es del portal; intente más tarde.",
            f"The {portal.upper()} portal answered with an error ({cause}) {attempts} times at "
            f"{url}: the problem is on the portal's side; try again later.",
            details=f"{cause} at {url}",
        )


# What the browser's network error codes mean for a clerk; anything else is shown by its code.
_NETWORK_CAUSES = {
    "ERR_NAME_NOT_RESOLVED": (
        "no se encontró el servidor (¿hay internet? ¿cambió la dirección?)",
        "the server was not found (is there internet? did the address change?)",
    ),
    "ERR_CONNECTION_REFUSED": (
        "el servidor rechazó la conexión",
        "the server refused the connection",
    ),
    "ERR_CONNECTION_TIMED_OUT": ("la conexión tardó demasiado", "the connection timed out"),
    "ERR_TIMED_OUT": ("la conexión tardó demasiado", "the connection timed out"),
    "ERR_INTERNET_DISCONNECTED": ("el equipo no tiene internet", "this computer has no internet"),
    "ERR_CONNECTION_RESET": ("el servidor cortó la conexión", "the server dropped the connection"),
    "ERR_CONNECTION_CLOSED": ("el servidor cortó la conexión", "the server dropped the connection"),
}


class PortalNotReached(PortalError):
    """No page at all: the browser could not connect to the portal."""

    def __init__(self, portal: str, url: str, code: str, attempts: int = 1) -> None:
        cause_es, cause_en = _NETWORK_CAUSES.get(
            code, (f"error de red {code}", f"network error {code}")
        )
        tries_es = f" ({attempts} intentos)" if attempts > 1 else ""
        tries_en = f" ({attempts} attempts)" if attempts > 1 else ""
        super().__init__(
            f"No se pudo conectar con {portal.upper()} en {url}: {cause_es}{tries_es}. Revise la "
            "conexión a internet y que el portal abra en un navegador; si el portal está caído, "
            "intente más tarde.",
            f"Could not connect to {portal.upper()} at {url}: {cause_en}{tries_en}. Check the "
            "internet connection and that the portal opens in a browser; if the portal is "
            "down, try again later.",
            details=f"{code} at {url}",
        )


class PortalTimeout(PortalError):
    def __init__(self, portal: str, attempts: int, what: str, timeout_s: float) -> None:
        super().__init__(
            f"El portal {portal.upper()} no respondió en {timeout_s:.0f} s ({what}) tras "
            f"{attempts} intentos: el portal está lento o caído; intente más tarde.",
            f"The {portal.upper()} portal did not answer within {timeout_s:.0f} s ({what}) "
            f"after {attempts} attempts: it is slow or down; try again later.",
            details=what,
        )


class ExportNeverFinished(PortalError):
    def __init__(self, portal: str, report: str, range_text: str, timeout_s: float) -> None:
        super().__init__(
            f"{portal.upper()} no terminó de preparar la exportación de {report} ({range_text}) "
            f"en {timeout_s:.0f} s: el botón «Exportar» nunca volvió a habilitarse; intente "
            "más tarde o con un rango menor.",
            f"{portal.upper()} did not finish preparing the {report} export ({range_text}) "
            f"within {timeout_s:.0f} s: the Export button never came back; try later or with "
            "a smaller range.",
            details=f"{report} {range_text}",
        )


class LayoutChanged(PortalError):
    def __init__(self, portal: str, recipe_id: str, step: str, selector: str) -> None:
        super().__init__(
            f"La página de {portal.upper()} cambió: el paso «{step}» de la receta {recipe_id} "
            f"no encontró el elemento «{selector}». Actualice la receta "
            f"(resources/recipes/{recipe_id}.toml).",
            f"The {portal.upper()} page changed: step '{step}' of recipe {recipe_id} did not "
            f"find element '{selector}'. Update the recipe (resources/recipes/{recipe_id}.toml).",
            details=f"step={step} selector={selector}",
        )


class InvalidDownload(PortalError):
    def __init__(self, portal: str, name: str, reason: str) -> None:
        super().__init__(
            f"La descarga de {portal.upper()} «{name}» está incompleta o dañada ({reason}): "
            "se descartó; vuelva a sincronizar.",
            f"The {portal.upper()} download '{name}' is incomplete or damaged ({reason}): it "
            "was discarded; sync again.",
            details=reason,
        )


class PartialExtraction(PortalError):
    def __init__(self, portal: str, dataset: str, pages: int, known_pages: int) -> None:
        super().__init__(
            f"Posible pérdida de datos: {portal.upper()} {dataset} mostró {pages} páginas y la "
            f"vez anterior {known_pages}. Se guardó lo leído; revise el portal antes de confiar "
            "en esta foto.",
            f"Possible data loss: {portal.upper()} {dataset} showed {pages} pages, last time "
            f"{known_pages}. What was read is saved; check the portal before trusting it.",
            details=f"pages={pages} known_pages={known_pages}",
        )


class RunCancelled(PortalError):
    status = "cancelled"

    def __init__(self, portal: str) -> None:
        super().__init__(
            f"Sincronización de {portal.upper()} cancelada por el usuario; los archivos ya "
            "descargados se conservan.",
            f"{portal.upper()} sync cancelled by the user; files already downloaded are kept.",
        )


class BrowserUnavailable(PortalError):
    def __init__(self, browser: str, cause: str) -> None:
        super().__init__(
            f"No se pudo abrir el navegador {browser}: {cause}. Instale {browser} y su "
            "controlador, o indique la ruta del controlador en la configuración.",
            f"Could not start the {browser} browser: {cause}. Install {browser} and its driver, "
            "or set the driver path in the settings.",
            details=cause,
        )


_BROWSER_TITLES = {"edge": "Microsoft Edge", "chrome": "Google Chrome", "chromium": "Chromium"}
_DRIVER_NAMES = {"edge": "msedgedriver", "chrome": "chromedriver", "chromium": "chromedriver"}
_DRIVER_DOWNLOADS = {
    "edge": "https://developer.microsoft.com/microsoft-edge/tools/webdriver/",
    "chrome": "https://googlechromelabs.github.io/chrome-for-testing/",
    "chromium": "https://googlechromelabs.github.io/chrome-for-testing/",
}


def _wanted_driver(browser: str, browser_version: str | None) -> tuple[str, str]:
    """("msedgedriver 131", "msedgedriver 131") or without a version when it is unknown."""
    name = _DRIVER_NAMES.get(browser, "chromedriver")
    if browser_version:
        wanted = f"{name} {browser_version.split('.', 1)[0]}"
        return wanted, wanted
    title = _BROWSER_TITLES.get(browser, browser)
    return f"{name} de la misma versión que {title}", f"{name} of the same version as {title}"


class DriverNotFound(PortalError):
    """No driver anywhere the program looks; it never downloads one."""

    def __init__(
        self,
        browser: str,
        looked_in: tuple[str, ...],
        browser_version: str | None,
        browser_folder: Path | None,
        cause: str,
    ) -> None:
        title = _BROWSER_TITLES.get(browser, browser)
        wanted_es, wanted_en = _wanted_driver(browser, browser_version)
        url = _DRIVER_DOWNLOADS.get(browser, "")
        beside_es = f"junto al programa de {title} ({browser_folder}), " if browser_folder else ""
        beside_en = f"next to the {title} program ({browser_folder}), " if browser_folder else ""
        places = ", ".join(looked_in)
        super().__init__(
            f"No se encontró el controlador de {title} ({_DRIVER_NAMES.get(browser)}); se buscó "
            f"en: {places}. El programa no lo descarga por su cuenta: descargue {wanted_es} de "
            f"{url} y póngalo {beside_es}en la carpeta que indique [portals] driver_dir de la "
            "configuración, o indique su ruta en [portals] driver_path.",
            f"The {title} driver ({_DRIVER_NAMES.get(browser)}) was not found; looked in: "
            f"{places}. The program never downloads it: download {wanted_en} from {url} and put "
            f"it {beside_en}in the folder [portals] driver_dir names in the settings, or set its "
            "path in [portals] driver_path.",
            details=cause,
        )


class DriverVersionMismatch(PortalError):
    """The driver was made for another major version of the browser than the one installed."""

    def __init__(
        self,
        browser: str,
        driver: Path | None,
        driver_version: str,
        browser_version: str,
        browser_folder: Path | None,
        *,
        details: str = "",
    ) -> None:
        title = _BROWSER_TITLES.get(browser, browser)
        name = _DRIVER_NAMES.get(browser, "chromedriver")
        wanted, _ = _wanted_driver(browser, browser_version)
        where = f", {driver}" if driver else ""
        installed = f" ({browser_folder})" if browser_folder else ""
        if browser == "chromium" and driver is not None and str(driver).startswith("/usr/"):
            how_es = (
                "Actualice juntos los paquetes chromium y chromium-driver del sistema, o indique "
                f"en [portals] driver_path de la configuración la ruta de un {wanted}."
            )
            how_en = (
                "Upgrade the system's chromium and chromium-driver packages together, or set "
                f"[portals] driver_path in the settings to a {wanted}."
            )
        else:
            replace_es = (
                f"reemplace con él {driver}" if driver else "póngalo en [portals] driver_dir"
            )
            replace_en = f"replace {driver} with it" if driver else "put it in [portals] driver_dir"
            how_es = (
                f"Descargue {wanted} para este sistema de {_DRIVER_DOWNLOADS.get(browser)} y "
                f"{replace_es}, o indique la ruta del nuevo en [portals] driver_path de la "
                "configuración."
            )
            how_en = (
                f"Download {wanted} for this system from {_DRIVER_DOWNLOADS.get(browser)} and "
                f"{replace_en}, or set the new one's path in [portals] driver_path in the settings."
            )
        super().__init__(
            f"El controlador {name} {driver_version}{where} no sirve para {title} "
            f"{browser_version} instalado en este equipo{installed}: deben tener la misma versión "
            f"principal ({browser_version.split('.', 1)[0]}). {how_es}",
            f"The driver {name} {driver_version}{where} does not fit {title} {browser_version} "
            f"installed on this computer{installed}: their major versions must match "
            f"({browser_version.split('.', 1)[0]}). {how_en}",
            details=details or f"driver {driver} {driver_version}, browser {browser_version}",
        )


class BrowserStopped(PortalError):
    """The browser started but failed under a step: the driver's words go to the details."""

    def __init__(self, portal: str, cause: str) -> None:
        super().__init__(
            f"El navegador dejó de responder mientras trabajaba en {portal.upper()}: vuelva a "
            "sincronizar; si se repite, actualice Chromium y su controlador (chromedriver) a la "
            "misma versión.",
            f"The browser stopped responding while working on {portal.upper()}: sync again; if "
            "it happens again, update Chromium and its driver (chromedriver) to the same version.",
            details=cause,
        )


class RecipeError(PortalError):
    """A recipe file is missing or malformed: an installation problem, not the portal's."""

    def __init__(self, recipe: str, cause: str) -> None:
        super().__init__(
            f"La receta «{recipe}» no se puede usar: {cause}. Reinstale o corrija "
            "resources/recipes.",
            f"Recipe '{recipe}' cannot be used: {cause}. Reinstall or fix resources/recipes.",
            details=cause,
        )
