"""The local warehouse file."""

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
}
