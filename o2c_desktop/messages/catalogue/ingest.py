"""Importing files: what makes a file unusable before its contents are read."""

MESSAGES: dict[str, tuple[str, str]] = {
    "input.cannot_import": (
        "No se puede importar «{name}»: {why}",
        "Cannot import «{name}»: {why}",
    ),
    "input.symlink_loop": (
        "es un enlace simbólico que forma un ciclo (apunta, directa o indirectamente, a sí "
        "mismo). Corrija o borre el enlace.",
        "it is a symbolic link that loops (it points, directly or not, to itself). Fix or "
        "delete the link.",
    ),
    "input.symlink_broken": (
        "es un enlace simbólico roto: apunta a «{target}», que no existe. Corrija el enlace o "
        "importe el archivo original.",
        "it is a broken symbolic link: it points to «{target}», which does not exist. Fix the "
        "link or import the original file.",
    ),
    "input.not_permitted": (
        "no tiene permiso para leerlo. Pida acceso o copie el archivo a una carpeta suya.",
        "you have no permission to read it. Ask for access or copy the file to a folder of yours.",
    ),
    "input.os_refused": (
        "el sistema no deja leerlo ({cause}). Revise el archivo.",
        "the system does not let it be read ({cause}). Check the file.",
    ),
    "input.cannot_open": (
        "No se puede importar «{name}»: no tiene permiso para leerlo o el sistema no deja "
        "abrirlo ({cause}). Pida acceso o copie el archivo a una carpeta suya.",
        "Cannot import «{name}»: you have no permission to read it or the system does not let "
        "it be opened ({cause}). Ask for access or copy the file to a folder of yours.",
    ),
    "input.fifo": ("una tubería con nombre (FIFO)", "a named pipe (FIFO)"),
    "input.device": ("un dispositivo o socket", "a device or socket"),
    "input.not_a_file": (
        "No se puede importar «{name}»: es {kind}, no un archivo normal. Guarde el reporte como "
        "archivo e impórtelo.",
        "Cannot import «{name}»: it is {kind}, not a regular file. Save the report as a file "
        "and import it.",
    ),
}
