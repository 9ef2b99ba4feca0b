"""The settings file."""

MESSAGES: dict[str, tuple[str, str]] = {
    "settings.bad_version": (
        "El archivo de configuración {path} tiene una versión inválida ({version!r}). Corríjalo "
        "o bórrelo para volver a los valores por omisión.",
        "The settings file {path} has an invalid version ({version!r}). Fix it or delete it to "
        "go back to the defaults.",
    ),
    "settings.newer_version": (
        "El archivo de configuración {path} es de una versión más nueva del programa (esquema "
        "{version}; esta versión entiende hasta {supported}). Actualice o2c_desktop o use otra "
        "carpeta de datos.",
        "The settings file {path} comes from a newer version of the program (schema {version}; "
        "this version understands up to {supported}). Update o2c_desktop or use another data "
        "folder.",
    ),
    "settings.not_toml": (
        "No se pudo leer el archivo de configuración {path}: no es TOML válido. Corríjalo o "
        "bórrelo para volver a los valores por omisión.",
        "Could not read the settings file {path}: it is not valid TOML. Fix it or delete it to "
        "go back to the defaults.",
    ),
}
