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
    "settings.invalid_value": (
        "El archivo de configuración {path} tiene un valor inválido en «{where}»: {reason}{hint}. "
        "Corríjalo o bórrelo para volver a los valores por omisión.",
        "The settings file {path} has an invalid value at '{where}': {reason}{hint}. Fix it or "
        "delete it to go back to the defaults.",
    ),
    "settings.hint.s3_bucket": (
        " (un bucket de S3: de 3 a 63 minúsculas, dígitos, puntos o guiones)",
        " (an S3 bucket: 3 to 63 lowercase letters, digits, dots or hyphens)",
    ),
    "settings.hint.s3_prefix": (
        " (solo letras sin acento, dígitos y ! _ . * ( ) / -)",
        " (only letters, digits and ! _ . * ( ) / -)",
    ),
    "settings.hint.identifier": (
        " (solo letras sin acento, dígitos, _ o $, empezando con letra o _)",
        " (only letters, digits, _ or $, starting with a letter or _)",
    ),
    "settings.value_refused": (
        "El valor de {setting} ({value}) no es válido: {rule}. Corríjalo en el archivo de "
        "configuración settings.toml y vuelva a intentarlo; no se envió nada.",
        "The value of {setting} ({value}) is not valid: {rule}. Fix it in the settings file "
        "settings.toml and try again; nothing was sent.",
    ),
    "settings.rule.identifier": (
        "use solo letras sin acento, dígitos, _ o $, empezando con letra o _",
        "use only letters, digits, _ or $, starting with a letter or _",
    ),
    "settings.rule.s3_bucket": (
        "un bucket de S3 lleva de 3 a 63 minúsculas, dígitos, puntos o guiones",
        "an S3 bucket name has 3 to 63 lowercase letters, digits, dots or hyphens",
    ),
    "settings.rule.s3_prefix": (
        "use solo letras sin acento, dígitos y ! _ . * ( ) / -",
        "use only letters, digits and ! _ . * ( ) / -",
    ),
    "folder.unusable": (
        "No se puede usar la carpeta «{folder}»: {why}. Elija otra carpeta de datos "
        "(--data-dir o la variable {env}) o pida permiso de escritura en ella.",
        "The folder «{folder}» cannot be used: {why}. Choose another data folder (--data-dir or "
        "the {env} variable) or ask for write permission on it.",
    ),
    "folder.reason.no_permission": (
        "no hay permiso para escribir ahí",
        "there is no permission to write there",
    ),
    "folder.reason.not_allowed": (
        "el sistema no permite escribir ahí",
        "the system does not allow writing there",
    ),
    "folder.reason.read_only": ("el disco es de solo lectura", "the disk is read-only"),
    "folder.reason.disk_full": ("el disco está lleno", "the disk is full"),
    "folder.reason.not_a_folder": (
        "una parte de la ruta es un archivo, no una carpeta",
        "part of the path is a file, not a folder",
    ),
    "folder.reason.path_too_long": ("la ruta es demasiado larga", "the path is too long"),
    "folder.reason.refused": ("el sistema no la deja crear ni escribir", "the system refuses it"),
}
