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

# What happened to each file of an import (the outcome the CLI table, the window and the sync log
# show, and the load ledger stores).
MESSAGES |= {
    "ingest.sentence": ("{text}.", "{text}."),
    "ingest.loaded": (
        "Cargado como {kind_title}: {inserted} nuevas, {changed} cambiadas, {unchanged} sin "
        "cambios",
        "Loaded as {kind_title}: {inserted} new, {changed} changed, {unchanged} unchanged",
    ),
    "ingest.rows_rejected": (
        "{count} filas apartadas (ver rejected_row)",
        "{count} rows set aside (see rejected_row)",
    ),
    "ingest.rows_repeated": (
        "{count} filas repetidas en el archivo (se tomó la primera)",
        "{count} rows repeated in the file (the first was taken)",
    ),
    "ingest.key_conflicts": (
        "{count} claves difieren de otro archivo del mismo corte (se conservó el primero)",
        "{count} keys differ from another file of the same snapshot (the first was kept)",
    ),
    "ingest.note_old_xls": (
        "el contenido es un libro .xls antiguo aunque el nombre dice .xlsx",
        "the content is an old .xls workbook although the name says .xlsx",
    ),
    "ingest.note_html_table": (
        "el archivo es una tabla HTML con extensión de Excel (normal en PREI)",
        "the file is an HTML table with an Excel extension (usual in PREI)",
    ),
    "ingest.drift": (
        "cambio de formato: columnas nuevas {added}, columnas que faltan {missing} (las nuevas "
        "se guardan en «extra»)",
        "layout change: new columns {added}, missing columns {missing} (the new ones are kept "
        "in «extra»)",
    ),
    "ingest.drift_against": (
        "cambio de formato respecto a «{previous}»: columnas nuevas {added}, columnas que "
        "faltan {missing} (las nuevas se guardan en «extra»)",
        "layout change from «{previous}»: new columns {added}, missing columns {missing} (the "
        "new ones are kept in «extra»)",
    ),
    "ingest.no_columns": ("ninguna", "none"),
    "ingest.duplicate": (
        "Sin cambios: el mismo contenido ya se cargó (carga {load_id}, «{earlier}»).",
        "No change: the same content was already loaded (load {load_id}, «{earlier}»).",
    ),
    "ingest.already_quarantined": (
        "{reason} (Ya estaba en cuarentena desde {since:%Y-%m-%d %H:%M} UTC, carga {load_id}; "
        "no se guardó otra copia: su informe sigue en la carpeta de cuarentena.)",
        "{reason} (Already in quarantine since {since:%Y-%m-%d %H:%M} UTC, load {load_id}; no "
        "other copy was kept: its report is still in the quarantine folder.)",
    ),
    "ingest.vanished": (
        "No se pudo leer «{name}» ({cause}). Revise que el archivo siga ahí y se pueda abrir, e "
        "impórtelo de nuevo.",
        "Could not read «{name}» ({cause}). Check that the file is still there and can be "
        "opened, and import it again.",
    ),
    "ingest.defect": (
        "Error interno al importar «{name}»: es un defecto del programa (los detalles están en "
        "el registro). Lo ya cargado no cambió; los demás archivos se importaron.",
        "Internal error while importing «{name}»: it is a defect of the program (the details "
        "are in the log). Nothing already loaded changed; the other files were imported.",
    ),
    "ingest.unknown_kind": (
        "Tipo desconocido «{kind}». Use uno de: {kinds}.",
        "Unknown kind «{kind}». Use one of: {kinds}.",
    ),
    "ingest.path_missing": (
        "No existe «{path}». Revise la ruta.",
        "«{path}» does not exist. Check the path.",
    ),
    "ingest.progress_file": ("{name}", "{name}"),
    "ingest.progress_done": ("listo", "done"),
}

# Why a file breaks its schema, and where (the quarantine reason and its issues).
MESSAGES |= {
    "ingest.schema_violation": (
        "«{name}» ({title}) no cumple el formato esperado: {problem_rows} fila(s) con "
        "problemas. Primero: {first}. Corrija el archivo o descárguelo de nuevo; el informe de "
        "cuarentena lista cada caso.",
        "«{name}» ({title}) does not have the expected format: {problem_rows} row(s) with "
        "problems. First: {first}. Fix the file or download it again; the quarantine report "
        "lists every case.",
    ),
    "ingest.issue": (
        "{place}: se esperaba {expected}; se encontró {found}",
        "{place}: expected {expected}; found {found}",
    ),
    "ingest.issue_sheet": ("hoja «{sheet}»", "sheet «{sheet}»"),
    "ingest.issue_row": ("fila {row}", "row {row}"),
    "ingest.issue_column": ("columna «{column}»", "column «{column}»"),
    "ingest.issue_file": ("archivo", "file"),
    "ingest.issue_found": ("«{value}»", "«{value}»"),
    "ingest.issue_empty": ("vacío", "empty"),
    "ingest.empty_file": (
        "«{name}» está vacío (0 bytes o solo espacios). Probablemente la descarga falló: "
        "descárguelo de nuevo.",
        "«{name}» is empty (0 bytes or only blanks). The download probably failed: download "
        "it again.",
    ),
    "ingest.xml_not_kind": (
        "«{name}» contiene XML (CFDI), no {title}. Quite --kind o indique --kind cfdi.",
        "«{name}» holds XML (CFDI), not {title}. Drop --kind or give --kind cfdi.",
    ),
    "ingest.not_cfdi": (
        "«{name}» no es un XML de CFDI ni un ZIP de XML (es {fmt}).",
        "«{name}» is not a CFDI XML nor a ZIP of XML (it is {fmt}).",
    ),
    "ingest.missing_required": (
        "«{name}» parece {title}, pero en la hoja «{sheet}» (encabezados en la fila {row}) "
        "falta(n) la(s) columna(s) obligatoria(s) {columns}. Descargue el reporte de nuevo sin "
        "quitar columnas.",
        "«{name}» looks like {title}, but sheet «{sheet}» (headers on row {row}) lacks the "
        "required column(s) {columns}. Download the report again without removing columns.",
    ),
    "ingest.not_the_kind_given": (
        "«{name}» no es {title} (el tipo indicado con --kind): ninguna hoja ({sheets}) tiene, "
        "en sus primeras {head_rows} filas, sus encabezados ni los de otro reporte conocido. "
        "Revise que sea el archivo correcto; si lo es, quite --kind para que el tipo se detecte "
        "por los encabezados.",
        "«{name}» is not {title} (the kind given with --kind): no sheet ({sheets}) has, in its "
        "first {head_rows} rows, its headers or those of another known report. Check that it "
        "is the right file; if it is, drop --kind so the kind is detected from the headers.",
    ),
    "ingest.not_recognized": (
        "No se reconoce el contenido de «{name}»: ninguna hoja ({sheets}) tiene, en sus "
        "primeras {head_rows} filas, los encabezados de un reporte conocido. Revise que sea el "
        "archivo correcto (y la hoja correcta) o indique el tipo con --kind.",
        "The content of «{name}» is not recognized: no sheet ({sheets}) has, in its first "
        "{head_rows} rows, the headers of a known report. Check that it is the right file (and "
        "the right sheet) or give the kind with --kind.",
    ),
    "ingest.no_sheets": ("ninguna", "none"),
    "ingest.repeated_column": (
        "«{name}» ({title}) tiene dos columnas «{header}» (columnas {first} y {second} de la "
        "hoja «{sheet}», fila {row}) y no se puede saber cuál vale. Deje solo una, o descargue "
        "el reporte de nuevo.",
        "«{name}» ({title}) has two «{header}» columns (columns {first} and {second} of sheet "
        "«{sheet}», row {row}) and which one holds the data cannot be told. Keep only one, or "
        "download the report again.",
    ),
    "ingest.wrong_kind": (
        "«{name}» no es {title} (el tipo indicado con --kind): sus encabezados (hoja «{sheet}», "
        "fila {row}) son los de {found_title}. Quite --kind para que se cargue como tal, o use "
        "--kind {found_kind}.",
        "«{name}» is not {title} (the kind given with --kind): its headers (sheet «{sheet}», "
        "row {row}) are those of {found_title}. Drop --kind to load it as such, or use --kind "
        "{found_kind}.",
    ),
}

# The quarantine report written beside the file's copy.
MESSAGES |= {
    "quarantine.report": (
        "ARCHIVO EN CUARENTENA\n\nArchivo: {name}\nSHA-256: {sha256}\nTipo detectado: {kind}\n"
        "Fecha: {when:%Y-%m-%d %H:%M:%S} UTC\n\nMotivo:\n{reason}\n",
        "FILE IN QUARANTINE\n\nFile: {name}\nSHA-256: {sha256}\nKind detected: {kind}\n"
        "Date: {when:%Y-%m-%d %H:%M:%S} UTC\n\nReason:\n{reason}\n",
    ),
    "quarantine.kind_unknown": ("no reconocido", "not recognized"),
    "quarantine.issues_heading": (
        "Problemas encontrados (hoja, fila, columna, esperado, encontrado):",
        "Problems found (sheet, row, column, expected, found):",
    ),
    "quarantine.more_issues": ("... y {count} más.", "... and {count} more."),
    "quarantine.nothing_changed": (
        "Nada de este archivo se cargó y nada de lo ya cargado cambió.\nCorrija el archivo (o "
        "descárguelo de nuevo) e impórtelo otra vez.",
        "Nothing of this file was loaded and nothing already loaded changed.\nFix the file (or "
        "download it again) and import it once more.",
    ),
    "quarantine.details_heading": ("Detalles técnicos:", "Technical details:"),
}

# ``o2c import`` itself, and its saved column mappings.
MESSAGES |= {
    "mapping.unknown_fields": (
        "El mapeo «{name}» usa campos que {kind} no tiene: {unknown}. Campos válidos: {known}.",
        "Mapping «{name}» uses fields that {kind} does not have: {unknown}. Valid fields: {known}.",
    ),
    "mapping.not_found": (
        "No hay un mapeo de columnas llamado «{name}». Guárdelo primero: «o2c import --kind "
        "TIPO --save-mapping {name} --map CAMPO=ENCABEZADO ... ARCHIVO».",
        "There is no column mapping named «{name}». Save it first: «o2c import --kind KIND "
        "--save-mapping {name} --map FIELD=HEADER ... FILE».",
    ),
    "import.progress": ("Importando", "Importing"),
    "import.map_pair_expected": (
        '--map espera CAMPO=ENCABEZADO, por ejemplo factura="No. Factura"; se recibió «{pair}».',
        '--map expects FIELD=HEADER, e.g. factura="No. Factura"; got «{pair}».',
    ),
    "import.save_mapping_needs_kind_and_map": (
        "--save-mapping necesita --kind y al menos un --map CAMPO=ENCABEZADO.",
        "--save-mapping needs --kind and at least one --map FIELD=HEADER.",
    ),
    "import.files_not_loaded": (
        "{count} archivo(s) sin cargar (ver «Mensaje»); informes de cuarentena en {folder}",
        "{count} file(s) not loaded (see «Mensaje»); quarantine reports in {folder}",
    ),
}
