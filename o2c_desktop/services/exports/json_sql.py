"""JSON records built in SQL, exactly as ``json.dumps(records, ensure_ascii=False, indent=2)``
writes them after the CLI's conversion of values (decimals, dates and timestamps as text).

One row gives one record's text, indented as an element of the top-level list::

      {
        "columna": valor,
        ...
      }

Strings are escaped as Python's ``json`` does with ``ensure_ascii=False``: a backslash, a quote
and the control characters below U+0020 (``\\b \\f \\n \\r \\t`` short, the others ``\\u00xx`` in
lower case); everything else, accents and emoji included, as it is. A column type without an
exact SQL counterpart makes :func:`record_expression` answer None, and the caller converts the
rows in Python instead, so the output never differs.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from o2c_desktop.services.exports.csv_sql import _INTEGER_TYPES
from o2c_desktop.services.sqlquote import quote_identifier, quote_literal

# Python's json escapes these with a short form; other control characters as \u00xx.
_SHORT_ESCAPES = {8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r"}


def _string_sql(text_sql: str) -> str:
    """A JSON string literal of a VARCHAR: a plain quote-wrap unless something needs escaping
    (rare), then a chain of replacements, the backslash first."""
    escaped = f"replace(replace({text_sql}, '\\', '\\\\'), '\"', '\\\"')"
    for code in range(0x20):
        replacement = _SHORT_ESCAPES.get(code, f"\\u{code:04x}")
        escaped = f"replace({escaped}, chr({code}), {quote_literal(replacement)})"
    needs_escaping = f"regexp_matches({text_sql}, '[\\x00-\\x1f\"\\\\]')"
    return f"'\"' || CASE WHEN {needs_escaping} THEN {escaped} ELSE {text_sql} END || '\"'"


def value_sql(column: str, type_name: str) -> str | None:
    """The SQL text of one JSON value (``null`` for NULL), or None when SQL cannot match."""
    value = quote_identifier(column)
    base = type_name.split("(")[0]
    if base == "VARCHAR":
        expression = _string_sql(value)
    elif base in _INTEGER_TYPES:
        expression = f"CAST({value} AS VARCHAR)"
    elif base in ("DECIMAL", "DATE"):  # the CLI writes decimals and dates as strings
        expression = f"'\"' || CAST({value} AS VARCHAR) || '\"'"
    elif base == "DOUBLE":
        # json.dumps writes float('nan') and the infinities as NaN, Infinity and -Infinity.
        expression = (
            f"CASE WHEN isnan({value}) THEN 'NaN' WHEN isinf({value}) AND {value} > 0 "
            f"THEN 'Infinity' WHEN isinf({value}) THEN '-Infinity' "
            f"ELSE CAST({value} AS VARCHAR) END"
        )
    elif base == "BOOLEAN":
        expression = f"CASE WHEN {value} THEN 'true' WHEN NOT {value} THEN 'false' END"
    elif type_name == "TIMESTAMP":
        # datetime.isoformat(): microseconds only when there are some, all six digits.
        expression = (
            f"'\"' || strftime({value}, '%Y-%m-%dT%H:%M:%S') || CASE WHEN epoch_us({value}) "
            f"% 1000000 = 0 THEN '' ELSE '.' || strftime({value}, '%f') END || '\"'"
        )
    else:
        return None
    return f"coalesce({expression}, 'null')"


def record_expression(types: Sequence[tuple[str, str]]) -> str | None:
    """The SQL text of one row's JSON record as an element of an indented list, or None."""
    if not types:
        return None
    parts = []
    for position, (column, type_name) in enumerate(types):
        value = value_sql(column, type_name)
        if value is None:
            return None
        key = json.dumps(column, ensure_ascii=False)
        before = "  {\n    " if position == 0 else ",\n    "
        parts += [quote_literal(before + key + ": "), value]
    parts.append(quote_literal("\n  }"))
    # One concat() per row (no value is NULL): a chain of || builds every intermediate string.
    return f"concat({', '.join(parts)})"
