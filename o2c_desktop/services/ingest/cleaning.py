"""Cleaning rules of DOMAIN.md §3.0, as DuckDB SQL expressions over raw text columns.

Bulk cleaning runs set-based inside DuckDB, so every rule here is a function that returns a SQL
expression for one raw VARCHAR column. ``clean_values`` runs the same expressions on a handful of
Python values, which is how the XML parser and the tests use them. Header names are cleaned in
Python because there are only a few of them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from enum import StrEnum
from functools import lru_cache
from typing import Any

import duckdb

from o2c_desktop.services.sqlquote import quote_literal

NULL_TOKENS = ("", "nat", "nan", "none", "null", "n/a", "<na>", "\\n")
PLACEHOLDERS = ("no localizado",)
XML_DECIMAL_PATTERN = r"[0-9]{1,18}(\.[0-9]{1,6})?"
CLAVE_PATTERN = r"^(\d{3})[.\- ](\d{3})[.\- ](\d{4})[.\- ](\d{2})(?:[.\- ]\d{2})?"
_CLAVE = quote_literal(CLAVE_PATTERN)

_SPACES = re.compile(r"\s+")
_NON_STORAGE = re.compile(r"[^a-z0-9_]")
_UNDERSCORES = re.compile(r"_+")


class FieldType(StrEnum):
    TEXT = "text"  # trimmed free text
    ID = "id"  # identifier kept as text: `.0` repaired, optional zero padding
    KEY = "key"  # identifier with every whitespace removed (register keys)
    # A KEY an export may write as a number: `40,099,065`, `40099065.00` -> `40099065`.
    NUMBER_KEY = "number_key"
    UUID = "uuid"  # trimmed, uppercase
    CLAVE = "clave"  # canonical ddd.ddd.dddd.dd
    DATE = "date"  # day-first dd/mm/yyyy, or ISO
    DATETIME = "datetime"  # ISO with T or space, or day-first with time
    AMOUNT = "amount"  # DECIMAL(18,2) from 12345, $12,345.00, " 1,350 " (never 1.234,50)
    QUANTITY = "quantity"  # DECIMAL(18,4)
    # An xs:decimal as the CFDI writes amounts, prices and quantities (SAT t_Importe): digits
    # and up to 6 places, no symbol or separator; kept exactly as DECIMAL(24,6), never rounded.
    XML_DECIMAL = "xml-decimal"
    INT = "int"  # whole number, thousands separators allowed
    STATUS = "status"  # matched case- and accent-insensitively to a vocabulary


EXPECTED_ES: dict[FieldType, str] = {
    FieldType.TEXT: "texto",
    FieldType.ID: "un identificador",
    FieldType.KEY: "un identificador",
    FieldType.NUMBER_KEY: "un identificador",
    FieldType.UUID: "un UUID (folio fiscal) de 36 caracteres",
    FieldType.CLAVE: "una clave de artículo como 010.000.4411.00",
    FieldType.DATE: "una fecha dd/mm/aaaa",
    FieldType.DATETIME: "una fecha y hora (aaaa-mm-dd hh:mm:ss o dd/mm/aaaa)",
    FieldType.AMOUNT: (
        "un importe con punto decimal y, si lleva, coma de miles, como 12345.00 o $12,345.00 "
        "(no 1.234,50 ni 1 234,50)"
    ),
    FieldType.QUANTITY: (
        "una cantidad con punto decimal y, si lleva, coma de miles, como 1350 o 1,350.5"
    ),
    FieldType.XML_DECIMAL: "un número como 112050.00 (hasta 6 decimales, sin $ ni comas)",
    FieldType.INT: "un número entero, como 1350 o 1,350",
    FieldType.STATUS: "uno de los estados conocidos",
}

NUMERIC_TYPES = (FieldType.AMOUNT, FieldType.QUANTITY, FieldType.INT)

# DOMAIN §3.0 "Amounts": in these exports `,` groups thousands and `.` marks decimals. A text
# cell must read as a number under that convention alone; anything that only makes sense under
# another one (`1.234,50`, `1 234,5`, `1,23`, `12,34,567`, `(123)`, `1e5`) is refused, never
# guessed. An optional sign and `$` may lead; spaces only around them and at the edges.
_SIGN_AND_CURRENCY = r"(?:[-+]?\$?|\$[-+]?)\s*"
NUMBER_TEXT_PATTERN = rf"{_SIGN_AND_CURRENCY}(?:(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d*)?|\.\d+)"
# `1.234` is one thousand two hundred thirty-four where the dot groups thousands: in a text
# cell nothing says which convention wrote it, so it is refused too. A number cell of the
# spreadsheet (or an XML decimal) carries no such doubt and is read as it is.
AMBIGUOUS_NUMBER_PATTERN = rf"{_SIGN_AND_CURRENCY}[1-9]\d{{0,2}}\.\d{{3}}"
AMBIGUOUS_NUMBER_ES = (
    "un número sin ambigüedad: un punto seguido de exactamente tres cifras también se usa "
    "para separar miles; escriba 1,234 (mil doscientos treinta y cuatro) o 1234, o guarde "
    "la celda como número"
)


# -- headers ----------------------------------------------------------------------------------


def fold_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalize_header(value: object) -> str:
    """Trim, lowercase, NBSP and newlines to spaces, collapse spaces (DOMAIN §3.0)."""
    if value is None:
        return ""
    text = str(value).replace("\u00a0", " ")
    return _SPACES.sub(" ", text).strip().lower()


@lru_cache(maxsize=8192)
def _match_key(text: str) -> str:
    return fold_accents(normalize_header(text))


def header_match_key(value: object) -> str:
    """What two headers must share to be the same column: normalized, accents folded."""
    if value is None or value == "":
        return ""
    return _match_key(value if isinstance(value, str) else str(value))


def storage_name(header: str) -> str:
    """Column name for storage: accents folded, ``[a-z0-9_]`` only, no repeats or trailing ``_``."""
    name = _NON_STORAGE.sub("_", fold_accents(header).lower())
    name = _UNDERSCORES.sub("_", name).strip("_")
    if not name:
        return "col"
    return f"col_{name}" if name[0].isdigit() else name


# -- values, as SQL -------------------------------------------------------------------------


def sql_trimmed(col: str) -> str:
    """NBSP to space, trimmed: the first half of ``sql_null_if_blank``."""
    return f"trim(replace({col}, chr(160), ' '))"


def sql_null_if_token(trimmed: str) -> str:
    """NULL for the null tokens and the placeholder, given ``sql_trimmed`` text: the second
    half of ``sql_null_if_blank``. The bulk path computes the trimmed text once in a layer
    below, since DuckDB's trim (any Unicode space) is the costliest step of all cleaning."""
    words = (*NULL_TOKENS, *PLACEHOLDERS)
    # Lowercasing a long description only to compare it with short words is most of the cost;
    # no text longer (in bytes) than the longest word lowercases to one of them. The words are
    # compared one by one: DuckDB turns ``IN (list)`` into a join against the list, and a join
    # per column costs megabytes, so a file of a hundred columns ran out of memory.
    longest = max(len(t.encode()) for t in words)
    lowered = f"lower({trimmed})"
    any_word = " OR ".join(f"{lowered} = {quote_literal(t)}" for t in words)
    return (
        f"(CASE WHEN strlen({trimmed}) <= {longest} AND ({any_word}) THEN NULL ELSE {trimmed} END)"
    )


def sql_null_if_blank(col: str) -> str:
    """NBSP to space, trimmed; NULL for the null tokens and the `no localizado` placeholder."""
    return sql_null_if_token(sql_trimmed(col))


def _digits_id(text_expr: str) -> str:
    # Excel turns numeric ids into floats: `40126288.0` -> `40126288`.
    return f"regexp_replace({text_expr}, '^(\\d+)\\.0+$', '\\1')"


def sql_clean(
    field_type: FieldType,
    col: str,
    *,
    pad: int | None = None,
    vocabulary: Sequence[str] = (),
    blanked: bool = False,
    typed_number: str = "FALSE",
) -> str:
    """The cleaned value of raw text column ``col``, or NULL when it is blank or invalid.

    ``blanked`` says ``col`` already went through ``sql_null_if_blank`` (the bulk path computes
    that once per column, which keeps the expressions small and fast to plan).
    ``typed_number`` is a SQL condition true where the cell held a typed number (a spreadsheet
    number cell, an XML decimal) rather than text; only text follows the amount convention.
    """
    text = col if blanked else sql_null_if_blank(col)
    if field_type is FieldType.TEXT:
        return sql_collapse_spaces(text)
    if field_type is FieldType.ID:
        ident = _digits_id(text)
        if pad:
            ident = (
                f"(CASE WHEN regexp_full_match({ident}, '\\d+') AND length({ident}) < {pad} "
                f"THEN lpad({ident}, {pad}, '0') ELSE {ident} END)"
            )
        return ident
    if field_type is FieldType.KEY:
        return f"nullif(regexp_replace({_digits_id(text)}, '\\s+', '', 'g'), '')"
    if field_type is FieldType.NUMBER_KEY:
        # DOMAIN §3.7: strip `.0`, commas and decimals, but only from a number written in the
        # exports' convention; any other text stays a plain key (it simply will not link).
        key = sql_clean(FieldType.KEY, text, blanked=True)
        grouped = f"regexp_full_match({key}, '(\\d{{1,3}}(,\\d{{3}})+|\\d+)(\\.0*)?')"
        digits = f"regexp_replace(replace({key}, ',', ''), '\\.0*$', '')"
        return f"(CASE WHEN {grouped} THEN {digits} ELSE {key} END)"
    if field_type is FieldType.UUID:
        return f"upper({text})"
    if field_type is FieldType.CLAVE:
        # No null token starts with three digits, so trimming is all the blanking a clave
        # needs; lowercasing a whole description to compare it with the tokens is not.
        text = col if blanked else sql_trimmed(col)
        return (
            f"(CASE WHEN regexp_matches({text}, {_CLAVE}) THEN "
            f"regexp_replace(regexp_extract({text}, {_CLAVE}), {_CLAVE}, "
            "'\\1.\\2.\\3.\\4') END)"
        )
    if field_type is FieldType.DATE:
        return f"CAST({_sql_timestamp(text)} AS DATE)"
    if field_type is FieldType.DATETIME:
        return _sql_timestamp(text)
    if field_type is FieldType.XML_DECIMAL:
        # A 7th decimal would be rounded by the cast: such a value breaks the schema, so it is
        # reported instead of stored differently from what the XML says.
        return (
            f"(CASE WHEN regexp_full_match({text}, {quote_literal(XML_DECIMAL_PATTERN)}) "
            f"THEN CAST({text} AS DECIMAL(24,6)) END)"
        )
    if field_type in NUMERIC_TYPES:
        return _sql_number(field_type, text, typed_number)
    if field_type is FieldType.STATUS:
        return sql_vocabulary(text, vocabulary)
    raise ValueError(field_type)


def sql_collapse_spaces(text_expr: str) -> str:
    """Every run of whitespace as one space. RE2's ``\\s`` is exactly [\\t\\n\\f\\r ]: text with
    neither two of them in a row nor any but the space is already collapsed, and is kept as it
    is (a search, much cheaper than rewriting every long description)."""
    return (
        f"(CASE WHEN regexp_matches({text_expr}, '\\s\\s|[\\t\\n\\f\\r]') "
        f"THEN regexp_replace({text_expr}, '\\s+', ' ', 'g') ELSE {text_expr} END)"
    )


def _numeric_text(text_expr: str) -> str:
    # `$571182.00`, `1,350`, ` 83 ` -> plain decimal text; anything else fails the cast.
    return f"regexp_replace({text_expr}, '[$,\\s]', '', 'g')"


def sql_edges_trimmed(text_expr: str) -> str:
    # trim() keeps tabs and line breaks, which a cell typed or pasted by hand may end with.
    return f"regexp_replace({text_expr}, '^\\s+|\\s+$', '', 'g')"


def sql_number_text_ok(text_expr: str) -> str:
    """True where the text reads as a number under the documented convention alone."""
    trimmed = sql_edges_trimmed(text_expr)
    return (
        f"(regexp_full_match({trimmed}, {quote_literal(NUMBER_TEXT_PATTERN)}) AND NOT "
        f"regexp_full_match({trimmed}, {quote_literal(AMBIGUOUS_NUMBER_PATTERN)}))"
    )


def sql_ambiguous_number(text_expr: str) -> str:
    pattern = quote_literal(AMBIGUOUS_NUMBER_PATTERN)
    return f"regexp_full_match({sql_edges_trimmed(text_expr)}, {pattern})"


_NUMBER_SQL_TYPES = {
    FieldType.AMOUNT: "DECIMAL(18,2)",
    FieldType.QUANTITY: "DECIMAL(18,4)",
    FieldType.INT: "DECIMAL(38,6)",
}


def _sql_number(field_type: FieldType, text_expr: str, typed_number: str) -> str:
    sql_type = _NUMBER_SQL_TYPES[field_type]
    as_typed = f"TRY_CAST({_numeric_text(text_expr)} AS {sql_type})"
    as_text = f"(CASE WHEN {sql_number_text_ok(text_expr)} THEN {as_typed} END)"
    if typed_number == "TRUE":
        number = as_typed
    elif typed_number == "FALSE":
        number = as_text
    else:
        number = f"(CASE WHEN {typed_number} THEN {as_typed} ELSE {as_text} END)"
    if field_type is FieldType.INT:
        return f"(CASE WHEN {number} = trunc({number}) THEN TRY_CAST({number} AS BIGINT) END)"
    return number


_TIMESTAMP_FORMATS = (
    "%d/%m/%Y",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%dT%H:%M:%S.%f",
)


# A year is written in four digits, 1900–2199: strptime's %Y also reads "24" or "0024" (year
# 24), so "3/2/24" would load as the year 24 without a word. Such a date is refused instead.
_YEAR = r"(19|20|21)\d{2}"

# The exact shape of the text each format is written in. Text of one shape can be read by that
# format alone (the others want other separators, or more or fewer parts), so it is tried
# alone: a format that fails costs far more than one that reads.
_TIMESTAMP_SHAPES = {
    "%d/%m/%Y": rf"\d{{2}}/\d{{2}}/{_YEAR}",
    "%d/%m/%Y %H:%M:%S": rf"\d{{2}}/\d{{2}}/{_YEAR} \d{{2}}:\d{{2}}:\d{{2}}",
    "%Y-%m-%d": rf"{_YEAR}-\d{{2}}-\d{{2}}",
    "%Y-%m-%d %H:%M:%S": rf"{_YEAR}-\d{{2}}-\d{{2}} \d{{2}}:\d{{2}}:\d{{2}}",
    "%Y-%m-%dT%H:%M:%S": rf"{_YEAR}-\d{{2}}-\d{{2}}T\d{{2}}:\d{{2}}:\d{{2}}",
}
# Any other text the formats may read: day and month of one or two digits, a four-digit year.
_OTHER_TIMESTAMP_SHAPE = rf"\d{{1,2}}/\d{{1,2}}/{_YEAR}( .*)?|{_YEAR}-.*"


def _sql_timestamp(text_expr: str) -> str:
    # Explicit formats only: day-first for slashes, ISO for dashes. Invalid dates give NULL
    # (never a 1900 sentinel); the schema reports them. Text of a known shape is read by its
    # own format; other text with a four-digit year tries every format in order.
    formats = ", ".join(quote_literal(fmt) for fmt in _TIMESTAMP_FORMATS)
    arms = " ".join(
        f"WHEN regexp_full_match({text_expr}, {quote_literal(shape)}) "
        f"THEN try_strptime({text_expr}, {quote_literal(fmt)})"
        for fmt, shape in _TIMESTAMP_SHAPES.items()
    )
    other = (
        f"WHEN regexp_full_match({text_expr}, {quote_literal(_OTHER_TIMESTAMP_SHAPE)}) "
        f"THEN try_strptime({text_expr}, [{formats}])"
    )
    return f"CAST((CASE {arms} {other} END) AS TIMESTAMP)"


def vocabulary_key(value: str) -> str:
    return _SPACES.sub(" ", fold_accents(value)).strip().lower()


def sql_vocabulary(text_expr: str, vocabulary: Sequence[str]) -> str:
    """The canonical spelling for a case/accent/space variant; the trimmed raw value otherwise."""
    if not vocabulary:
        return text_expr
    collapsed = sql_collapse_spaces(text_expr)
    key = f"lower(strip_accents({collapsed}))"
    arms = " ".join(
        f"WHEN {quote_literal(vocabulary_key(v))} THEN {quote_literal(v)}" for v in vocabulary
    )
    return f"(CASE {key} {arms} ELSE {collapsed} END)"


def clean_values(
    field_type: FieldType,
    values: Sequence[str | None],
    *,
    pad: int | None = None,
    vocabulary: Sequence[str] = (),
    con: duckdb.DuckDBPyConnection | None = None,
    typed_number: bool = False,
) -> list[Any]:
    """Clean a few values with the same SQL the bulk loads use.

    ``typed_number`` treats the values as number cells rather than text (see ``sql_clean``).
    """
    own = con is None
    target = duckdb.connect() if con is None else con
    try:
        expr = sql_clean(
            field_type,
            "v",
            pad=pad,
            vocabulary=vocabulary,
            typed_number="TRUE" if typed_number else "FALSE",
        )
        rows = target.execute(
            f"SELECT {expr} FROM (SELECT unnest(CAST(? AS VARCHAR[])) AS v, "  # noqa: S608 - schema names; texts quoted
            "generate_subscripts(CAST(? AS VARCHAR[]), 1) AS i) ORDER BY i",
            [list(values), list(values)],
        ).fetchall()
        return [row[0] for row in rows]
    finally:
        if own:
            target.close()
