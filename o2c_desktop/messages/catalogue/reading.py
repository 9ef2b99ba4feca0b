"""Reading a file's bytes: why they are not a report, or not a valid CFDI."""

# Why a CFDI (an XML invoice, alone or in a ZIP) is not loaded.
MESSAGES: dict[str, tuple[str, str]] = {
    "cfdi.dtd": (
        "«{name}» contiene una declaración DTD o entidades XML, que un CFDI nunca lleva; por "
        "seguridad no se procesa. Pida el XML original al emisor o descárguelo del SAT.",
        "«{name}» contains a DTD declaration or XML entities, which a CFDI never has; for "
        "safety it is not processed. Ask the issuer for the original XML or download it from "
        "the SAT.",
    ),
    "cfdi.not_well_formed": (
        "«{name}» no es un XML válido (¿archivo incompleto o dañado?): {cause}.",
        "«{name}» is not well-formed XML (an incomplete or damaged file?): {cause}.",
    ),
    "cfdi.old_version": (
        "«{name}» es un CFDI versión {version}; el programa solo carga CFDI 3.3 y 4.0. Quítelo "
        "de la carga; si esa factura cuenta para la conciliación, regístrela en el registro de "
        "facturas (Reporte Paq).",
        "«{name}» is a CFDI version {version}; the program only loads CFDI 3.3 and 4.0. Leave "
        "it out of the import; if that invoice counts for the reconciliation, record it in the "
        "invoice register (Reporte Paq).",
    ),
    "cfdi.not_a_cfdi": (
        "«{name}» es un XML pero no un CFDI 3.3 ni 4.0 (elemento raíz «{root}»).",
        "«{name}» is XML but not a CFDI 3.3 or 4.0 (root element «{root}»).",
    ),
    "cfdi.no_version_attribute": ("sin atributo Version", "no Version attribute"),
    "cfdi.version_mismatch": (
        "«{name}» no es un CFDI válido: usa el espacio de nombres del CFDI {expected} "
        "({namespace}) pero declara {found}. Pida al emisor el XML original o descárguelo del "
        "portal del SAT.",
        "«{name}» is not a valid CFDI: it uses the namespace of CFDI {expected} ({namespace}) "
        "but declares {found}. Ask the issuer for the original XML or download it from the "
        "SAT portal.",
    ),
    "cfdi.not_stamped": (
        "«{name}» no está timbrado: no tiene TimbreFiscalDigital con UUID. Solo se cargan CFDI "
        "timbrados; pida el XML timbrado.",
        "«{name}» is not stamped: it has no TimbreFiscalDigital with a UUID. Only stamped CFDI "
        "are loaded; ask for the stamped XML.",
    ),
    "cfdi.own_uuid": ("su folio fiscal (UUID)", "its folio fiscal (UUID)"),
    "cfdi.related_uuid": ("el UUID de un CFDI relacionado", "the UUID of a related CFDI"),
    "cfdi.bad_uuid": (
        "«{name}» no es un CFDI timbrado válido: {what} es «{uuid}», que no tiene la forma de "
        "un UUID (8-4-4-4-12 caracteres hexadecimales, p. ej. "
        "E4A42BD2-8E8D-460C-AAFA-D73B0BA1E9C5). Pida al emisor el XML original o descárguelo "
        "del portal del SAT.",
        "«{name}» is not a valid stamped CFDI: {what} is «{uuid}», which does not have the "
        "shape of a UUID (8-4-4-4-12 hexadecimal characters, e.g. "
        "E4A42BD2-8E8D-460C-AAFA-D73B0BA1E9C5). Ask the issuer for the original XML or "
        "download it from the SAT portal.",
    ),
    "cfdi.too_many_members": (
        "«{name}» contiene {count} XML; el máximo por archivo es {limit}. Divídalo en varios ZIP.",
        "«{name}» holds {count} XML files; the most per file is {limit}. Split it into several "
        "ZIP files.",
    ),
    "cfdi.member_too_big": (
        "«{member}» dentro de «{name}» mide {size} bytes; un CFDI mide unos kB. No se procesa.",
        "«{member}» inside «{name}» is {size} bytes; a CFDI is a few kB. It is not processed.",
    ),
    "cfdi.zip_damaged": (
        "El ZIP «{name}» está dañado o incompleto (falla «{member}»). Descárguelo de nuevo.",
        "The ZIP «{name}» is damaged or incomplete (it fails at «{member}»). Download it again.",
    ),
}

# Why a file's bytes cannot be read as a report.
MESSAGES |= {
    "read.cannot_read": ("No se pudo leer «{name}»: {why}", "Could not read «{name}»: {why}"),
    "read.not_a_report": (
        "el contenido es {what}, no un reporte (Excel, CSV, HTML o XML), aunque el nombre diga "
        "otra cosa. Revise que eligió el archivo correcto o descárguelo de nuevo del portal.",
        "the content is {what}, not a report (Excel, CSV, HTML or XML), whatever the name says. "
        "Check that you chose the right file or download it again from the portal.",
    ),
    "read.png": ("una imagen PNG", "a PNG image"),
    "read.jpeg": ("una imagen JPEG", "a JPEG image"),
    "read.gif": ("una imagen GIF", "a GIF image"),
    "read.pdf": ("un documento PDF", "a PDF document"),
    "read.rar": ("un archivo comprimido RAR", "a RAR archive"),
    "read.7z": ("un archivo comprimido 7-Zip", "a 7-Zip archive"),
    "read.gzip": ("un archivo comprimido GZIP", "a GZIP archive"),
    "read.binary": ("un archivo binario desconocido", "an unknown binary file"),
    "read.encrypted": (
        "el libro está protegido con contraseña, y así no se puede leer. Ábralo en Excel, quite "
        "la contraseña (Archivo > Información > Proteger libro > Cifrar con contraseña, "
        "dejándola vacía), guárdelo e impórtelo de nuevo.",
        "the workbook is protected with a password, and so it cannot be read. Open it in Excel, "
        "remove the password (File > Info > Protect Workbook > Encrypt with Password, left "
        "empty), save it and import it again.",
    ),
    "read.zip_without_report": (
        "es un ZIP que no contiene ni una hoja de Excel ni archivos XML de CFDI.",
        "it is a ZIP that holds neither an Excel workbook nor CFDI XML files.",
    ),
    "read.utf16": (
        "el texto está en UTF-16 (lo que Excel llama «Texto Unicode»), que no se lee aquí. "
        "Ábralo en Excel y guárdelo como «CSV UTF-8 (delimitado por comas)», o use el archivo "
        "original del portal.",
        "the text is in UTF-16 (what Excel calls «Unicode Text»), which is not read here. Open "
        "it in Excel and save it as «CSV UTF-8 (Comma delimited)», or use the portal's original "
        "file.",
    ),
    "read.damaged_zip": (
        "el archivo comprimido (ZIP/XLSX) está dañado o incompleto, probablemente una descarga "
        "interrumpida. Descárguelo de nuevo.",
        "the compressed file (ZIP/XLSX) is damaged or incomplete, probably an interrupted "
        "download. Download it again.",
    ),
    "read.formulas_without_values": (
        "tiene {count} fórmula(s) sin valor calculado (la primera en la celda {cell}): lo generó "
        "un programa que no calcula fórmulas, así que sus resultados no están en el archivo. "
        "Ábralo en Excel y guárdelo (Excel calcula y guarda los valores), o use la exportación "
        "original.",
        "it has {count} formula(s) without a computed value (the first in cell {cell}): a "
        "program that does not compute formulas made it, so their results are not in the file. "
        "Open it in Excel and save it (Excel computes and saves the values), or use the "
        "original export.",
    ),
    "read.damaged_workbook": (
        "el libro de Excel está dañado, incompleto o protegido con contraseña. Descárguelo de "
        "nuevo o ábralo y guárdelo otra vez desde Excel.",
        "the Excel workbook is damaged, incomplete or protected with a password. Download it "
        "again or open it and save it again from Excel.",
    ),
    "read.other_format_inside": (
        "es un ZIP como el de un libro de Excel, pero trae las partes de otro formato ({parts}), "
        "y así no se lee. Ábralo en el programa que lo creó y guárdelo como libro de Excel "
        "(.xlsx), o descárguelo de nuevo del portal.",
        "it is a ZIP like an Excel workbook's, but it holds another format's parts ({parts}), "
        "and so it is not read. Open it in the program that made it and save it as an Excel "
        "workbook (.xlsx), or download it again from the portal.",
    ),
    "read.too_many_columns": (
        "la fila de encabezados de la hoja «{sheet}» tiene más de {most} columnas con nombre, y "
        "los reportes que el programa conoce tienen menos de 40. Revise que eligió el reporte "
        "correcto; si lo es, ábralo en Excel, borre las columnas sobrantes de la derecha y "
        "guárdelo.",
        "the header row of sheet «{sheet}» has more than {most} named columns, and the reports "
        "the program knows have fewer than 40. Check that you chose the right report; if so, "
        "open it in Excel, delete the extra columns on the right and save it.",
    ),
    "read.malformed_html": (
        "la tabla HTML está mal formada: una etiqueta de la línea {line} no se cierra antes de "
        "la siguiente. Descargue el reporte de nuevo del portal; si se repite, ábralo en Excel y "
        "guárdelo como libro de Excel (.xlsx).",
        "the HTML table is malformed: a tag on line {line} does not close before the next one. "
        "Download the report again from the portal; if it happens again, open it in Excel and "
        "save it as an Excel workbook (.xlsx).",
    ),
    "read.damaged_sheet": (
        "la hoja «{sheet}» está dañada. Descargue el archivo de nuevo.",
        "sheet «{sheet}» is damaged. Download the file again.",
    ),
    "read.reader_died": (
        "el proceso que leía la hoja «{sheet}» terminó de forma inesperada: la hoja puede estar "
        "dañada o pudo faltar memoria. Cierre otros programas e impórtelo de nuevo; si se "
        "repite, descargue el archivo de nuevo.",
        "the process reading sheet «{sheet}» ended unexpectedly: the sheet may be damaged or "
        "memory may have run short. Close other programs and import it again; if it happens "
        "again, download the file again.",
    ),
    "read.not_utf8": (
        "el texto no está en UTF-8 (parece Latin-1/Windows-1252, por ejemplo un CSV guardado de "
        "nuevo desde Excel). Use el archivo original del portal o guárdelo como «CSV UTF-8 "
        "(delimitado por comas)».",
        "the text is not in UTF-8 (it looks like Latin-1/Windows-1252, e.g. a CSV saved again "
        "from Excel). Use the portal's original file or save it as «CSV UTF-8 (Comma "
        "delimited)».",
    ),
    "read.nul_bytes": (
        "contiene bytes nulos (NUL) a partir del byte {offset}, algo que un CSV de texto nunca "
        "tiene: la descarga se dañó o no es un CSV. Descárguelo de nuevo.",
        "it holds null (NUL) bytes from byte {offset} on, which a text CSV never has: the "
        "download was damaged or it is not a CSV. Download it again.",
    ),
    "read.malformed_csv": (
        "el CSV está mal formado cerca de la línea {line}.",
        "the CSV is malformed near line {line}.",
    ),
    "read.shared_strings_too_big": (
        "su tabla de textos compartidos ocupa más de {megabytes} MB al descomprimirse, mucho más "
        "que cualquier reporte real (archivo manipulado o dañado). Descárguelo de nuevo del "
        "portal.",
        "its shared-text table takes more than {megabytes} MB unpacked, far more than any real "
        "report (a tampered or damaged file). Download it again from the portal.",
    ),
    "read.sheet_too_big": (
        "la hoja «{sheet}» tiene contenido hasta la celda {cell} ({rows} filas × {columns} "
        "columnas), más de lo que se puede leer en memoria; casi siempre es una celda suelta "
        "lejos de los datos. Ábralo en Excel, borre las filas y columnas sobrantes después de "
        "los datos (Ctrl+Fin lleva a la última celda), guárdelo e impórtelo de nuevo.",
        "sheet «{sheet}» has content up to cell {cell} ({rows} rows × {columns} columns), more "
        "than can be read in memory; it is nearly always a stray cell far from the data. Open "
        "it in Excel, delete the extra rows and columns after the data (Ctrl+End goes to the "
        "last cell), save it and import it again.",
    ),
}
