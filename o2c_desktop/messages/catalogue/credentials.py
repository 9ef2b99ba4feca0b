"""The keyring and the portal credentials kept in it."""

MESSAGES: dict[str, tuple[str, str]] = {
    "credentials.unknown_portal": (
        "El portal «{portal}» no existe. Los portales son: {known}.",
        "There is no portal '{portal}'. The portals are: {known}.",
    ),
    "credentials.no_keyring": (
        "No hay un llavero seguro del sistema disponible para guardar contraseñas "
        "(Administrador de credenciales de Windows, Llavero de macOS o Secret Service en "
        "Linux). Instale o inicie uno; o2c_desktop nunca guarda contraseñas en texto plano.",
        "No secure system keyring is available to store passwords (Windows Credential Manager, "
        "macOS Keychain or a Secret Service on Linux). Install or start one; o2c_desktop never "
        "stores passwords in plain text.",
    ),
    "credentials.keyring_not_allowed": (
        "El llavero elegido para este programa («{backend}») no es uno de los llaveros seguros "
        "del sistema (Administrador de credenciales de Windows, Llavero de macOS, Secret "
        "Service o KWallet), así que o2c_desktop no guarda contraseñas en él. Quite la "
        "configuración que lo elige (p. ej. la variable PYTHON_KEYRING_BACKEND) para usar el "
        "del sistema; si confía en ese llavero, añádalo a «allowed_backends» en la sección "
        "[keyring] de settings.toml.",
        "The keyring chosen for this program ('{backend}') is not one of the system's secure "
        "keyrings (Windows Credential Manager, macOS Keychain, Secret Service or KWallet), so "
        "o2c_desktop does not store passwords in it. Remove the configuration that chooses it "
        "(e.g. the PYTHON_KEYRING_BACKEND variable) to use the system's; if you trust that "
        "keyring, add it to 'allowed_backends' in the [keyring] section of settings.toml.",
    ),
    "credentials.empty": (
        "El usuario y la contraseña no pueden estar vacíos.",
        "User and password cannot be empty.",
    ),
    "credentials.missing": (
        "No hay usuario y contraseña guardados para {name}. Guárdelos con «o2c credentials set "
        "{portal}» o en Configuración → Credenciales.",
        "No user and password are stored for {name}. Store them with 'o2c credentials set "
        "{portal}' or in Settings → Credentials.",
    ),
    "credentials.no_such_entry": (
        "No existe la entrada.",
        "No such entry.",
    ),
    "credentials.keyring_locked": (
        "El llavero del sistema está bloqueado. Desbloquéelo (inicie sesión en el escritorio) e "
        "intente de nuevo.",
        "The system keyring is locked. Unlock it (log in to the desktop) and try again.",
    ),
    "credentials.keyring_silent": (
        "El llavero del sistema no respondió. Revise que esté instalado y en ejecución e "
        "intente de nuevo.",
        "The system keyring did not answer. Check that it is installed and running, then try "
        "again.",
    ),
}
