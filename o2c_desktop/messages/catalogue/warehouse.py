"""The local warehouse file, and the export files written beside it."""

MESSAGES: dict[str, tuple[str, str]] = {
    "warehouse.missing": (
        "No existe el almacén de datos {path}. Ejecute una sincronización o «o2c demo» para "
        "crearlo, o indique otra carpeta con --data-dir.",
        "The warehouse {path} does not exist. Run a sync or 'o2c demo' to create it, or point "
        "--data-dir at another folder.",
    ),
    "warehouse.newer_schema": (
        "El almacén de datos {path} fue creado por una versión más nueva de o2c_desktop "
        "(esquema {current}; esta versión llega al {latest}). Actualice el programa; el archivo "
        "no se modificó.",
        "The warehouse {path} was written by a newer o2c_desktop (schema {current}; this "
        "version goes up to {latest}). Update the program; the file was not modified.",
    ),
    "warehouse.damaged": (
        "No se pudo abrir el almacén de datos {path}: el archivo está dañado o no es de DuckDB. "
        "Restaure una copia de la carpeta backups/ o indique otra carpeta con --data-dir.",
        "Could not open the warehouse {path}: the file is damaged or not a DuckDB file. Restore "
        "a copy from backups/ or point --data-dir at another folder.",
    ),
    "warehouse.open_other_mode": (
        "El almacén de datos {path} ya está abierto en este programa con otro modo de acceso. "
        "Cierre la otra ventana o tarea que lo usa e intente de nuevo.",
        "The warehouse {path} is already open in this program with another access mode. Close "
        "the other window or task using it and try again.",
    ),
    "warehouse.busy": (
        "El almacén de datos {path} está abierto por otro programa{who}: otra ventana de "
        "o2c_desktop, una sincronización o un comando o2c en curso. Espere a que termine o "
        "ciérrelo e intente de nuevo; el archivo no está dañado ni se modificó.",
        "The warehouse {path} is open in another program{who}: another o2c_desktop window, a "
        "sync or an o2c command still running. Wait for it to finish or close it and try "
        "again; the file is not damaged and was not modified.",
    ),
    "export.target_in_use": (
        "No se pudo guardar {target}: el archivo está abierto en otro programa, normalmente "
        "Excel. Cierre el archivo «{name}» en Excel e intente de nuevo, o exporte con otro "
        "nombre; el archivo anterior no se modificó.",
        "Could not save {target}: the file is open in another program, usually Excel. Close "
        "'{name}' in Excel and try again, or export under another name; the previous file was "
        "not modified.",
    ),
    "export.folder_not_writable": (
        "No se puede escribir en la carpeta {folder}: no tiene permiso. Elija otra carpeta para "
        "exportar (por ejemplo, Documentos).",
        "Cannot write to the folder {folder}: permission denied. Choose another folder to "
        "export to (for example, Documents).",
    ),
}
