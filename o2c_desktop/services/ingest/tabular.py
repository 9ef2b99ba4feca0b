"""From a staged raw table to clean rows, checked against the dataset schema, all in SQL.

``build_clean`` writes one SELECT that cleans every field (cleaning.py), keeps the raw text
beside it with a flag ``p__<field>`` saying whether the cell held a value at all (computed
once, read by every check), and computes the derived columns. ``check_schema`` then counts,
in one scan, every way a row can break the schema, and fetches a few examples of each for
the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from o2c_desktop.services.ingest.cleaning import (
    AMBIGUOUS_NUMBER_ES,
    EXPECTED_ES,
    NUMERIC_TYPES,
    FieldType,
    sql_ambiguous_number,
    sql_clean,
    sql_null_if_blank,
    sql_null_if_token,
    sql_trimmed,
)
from o2c_desktop.services.ingest.issues import Issue
from o2c_desktop.services.ingest.schemas import DatasetSchema, Field
from o2c_desktop.services.sqlquote import quote_literal
from o2c_desktop.settings import DEFAULT_SUPPLIER_RFC

EXAMPLES_PER_CHECK = 5


@dataclass(frozen=True)
class CleanSpec:
    """Where each field comes from in the raw table, and the extra columns to keep."""

    schema: DatasetSchema
    raw_columns: dict[str, str]  # field name -> raw column
    headers: dict[str, str]  # field name -> header as found (for messages)
    extras: dict[str, str] = field(default_factory=dict)  # header -> raw column
    repeated_header_keys: dict[str, str] = field(default_factory=dict)  # raw column -> key
    # field name -> SQL condition on the raw table, true where the cell was a typed number
    # (spreadsheet number cell, XML decimal); other cells are text and follow the convention.
    typed_numbers: dict[str, str] = field(default_factory=dict)


@dataclass
class CheckResult:
    issues: list[Issue]
    problem_rows: int  # rows with at least one problem
    repeated_header_rows: int


def _check_conditions(spec: CleanSpec) -> list[tuple[Field, str, str]]:
    """(field, SQL condition on the clean table, what was expected) for every check."""
    checks: list[tuple[Field, str, str]] = []
    for f in spec.schema.fields:
        if f.name not in spec.raw_columns:
            continue
        raw = f"raw__{f.name}"
        present = f"p__{f.name}"
        expected = EXPECTED_ES[f.type]
        if f.type is FieldType.STATUS and f.closed:
            allowed = ", ".join(quote_literal(v) for v in f.vocabulary)
            expected = "uno de: " + ", ".join(f.vocabulary)
            checks.append((f, f"{f.name} IS NOT NULL AND {f.name} NOT IN ({allowed})", expected))
        elif f.type in NUMERIC_TYPES:
            # A text `1.234` gets its own words: it looks fine to whoever wrote it.
            ambiguous = f"{sql_ambiguous_number(sql_null_if_blank(raw))}"
            checks.append(
                (f, f"{present} AND {f.name} IS NULL AND {ambiguous}", AMBIGUOUS_NUMBER_ES)
            )
            checks.append((f, f"{present} AND {f.name} IS NULL AND NOT {ambiguous}", expected))
        elif f.type not in (FieldType.TEXT, FieldType.STATUS):
            checks.append((f, f"{present} AND {f.name} IS NULL", expected))
        if not f.nullable:
            checks.append(
                (f, f"NOT ({present})", f"un valor (la columna es obligatoria: {expected})")
            )
    for rule in spec.schema.row_checks:
        checks.append(
            (spec.schema.field(rule.field), f"coalesce({rule.broken}, FALSE)", rule.expected_es)
        )
    return checks


def build_clean(
    con: duckdb.DuckDBPyConnection,
    raw_table: str,
    clean_table: str,
    spec: CleanSpec,
) -> None:
    parts = ["src_sheet", "src_row"]
    blanks = ["*"]
    trims = ["*"]
    for f in spec.schema.fields:
        raw = spec.raw_columns.get(f.name)
        if raw is None:
            parts.append(f"CAST(NULL AS VARCHAR) AS raw__{f.name}")
            parts.append(f"{_null_of(f)} AS {f.name}")
            continue
        trims.append(f"{sql_trimmed(raw)} AS u__{f.name}")
        blanks.append(f"{sql_null_if_token(f'u__{f.name}')} AS t__{f.name}")
        parts.append(f"{raw} AS raw__{f.name}")
        parts.append(f"t__{f.name} IS NOT NULL AS p__{f.name}")
        expr = sql_clean(
            f.type,
            f"t__{f.name}",
            pad=f.pad,
            vocabulary=f.vocabulary,
            blanked=True,
            typed_number=spec.typed_numbers.get(f.name, "FALSE"),
        )
        parts.append(f"{expr} AS {f.name}")
    if spec.extras:
        pairs = ", ".join(
            f"{quote_literal(header)}, {sql_null_if_blank(col)}"
            for header, col in spec.extras.items()
        )
        parts.append(f"CAST(json_object({pairs}) AS VARCHAR) AS extra")
    else:
        parts.append("CAST(NULL AS VARCHAR) AS extra")
    if spec.repeated_header_keys:
        same = " AND ".join(
            f"lower(strip_accents(trim(coalesce({col}, '')))) = {quote_literal(key)}"
            for col, key in spec.repeated_header_keys.items()
        )
        parts.append(f"({same}) AS is_header_repeat")
    else:
        parts.append("FALSE AS is_header_repeat")
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {clean_table} AS SELECT {', '.join(parts)} "  # noqa: S608 - schema names; texts quoted
        f"FROM (SELECT {', '.join(blanks)} FROM (SELECT {', '.join(trims)} FROM {raw_table}))"
    )


def _null_of(f: Field) -> str:
    sql_type = {
        FieldType.DATE: "DATE",
        FieldType.DATETIME: "TIMESTAMP",
        FieldType.AMOUNT: "DECIMAL(18,2)",
        FieldType.QUANTITY: "DECIMAL(18,4)",
        FieldType.XML_DECIMAL: "DECIMAL(24,6)",
        FieldType.INT: "BIGINT",
    }.get(f.type, "VARCHAR")
    return f"CAST(NULL AS {sql_type})"


def check_schema(con: duckdb.DuckDBPyConnection, clean_table: str, spec: CleanSpec) -> CheckResult:
    checks = _check_conditions(spec)
    counters = ["count(*) FILTER (WHERE is_header_repeat)"]
    counters += [f"count(*) FILTER (WHERE NOT is_header_repeat AND ({c}))" for _, c, _ in checks]
    totals = con.execute(f"SELECT {', '.join(counters)} FROM {clean_table}").fetchall()[0]  # noqa: S608 - schema names; texts quoted
    repeated = int(totals[0])
    problem_rows = 0
    if any(totals[1:]):  # most files break no check: the rows with any problem are then none
        any_problem = " OR ".join(f"({c})" for _, c, _ in checks)
        problem_rows = con.execute(
            f"SELECT count(*) FROM {clean_table} WHERE NOT is_header_repeat AND ({any_problem})"  # noqa: S608 - schema names; texts quoted
        ).fetchall()[0][0]
    issues: list[Issue] = []
    if repeated and not spec.schema.repeated_headers_allowed:
        rows = con.execute(
            f"SELECT src_sheet, src_row FROM {clean_table} WHERE is_header_repeat "  # noqa: S608 - schema names; texts quoted
            f"ORDER BY src_sheet, src_row LIMIT {EXAMPLES_PER_CHECK}"
        ).fetchall()
        issues += [
            Issue(r[0], int(r[1]), None, "datos (la fila repite los encabezados)", "encabezados")
            for r in rows
        ]
    for (f, condition, expected), count in zip(checks, totals[1:], strict=True):
        if not count:
            continue
        rows = con.execute(
            f"SELECT src_sheet, src_row, raw__{f.name} FROM {clean_table} "  # noqa: S608 - schema names; texts quoted
            f"WHERE NOT is_header_repeat AND ({condition}) ORDER BY src_sheet, src_row "
            f"LIMIT {EXAMPLES_PER_CHECK}"
        ).fetchall()
        header = spec.headers.get(f.name, f.headers[0])
        issues += [Issue(r[0], int(r[1]), header, expected, r[2]) for r in rows]
    return CheckResult(issues, int(problem_rows), repeated)


def bad_row_condition(spec: CleanSpec) -> str:
    checks = _check_conditions(spec)
    return " OR ".join(f"({c})" for _, c, _ in checks) or "FALSE"


def build_final(
    con: duckdb.DuckDBPyConnection,
    clean_table: str,
    final_table: str,
    spec: CleanSpec,
    *,
    archive_sha256: str,
    supplier_rfc: str = DEFAULT_SUPPLIER_RFC,
    exclude: str = "FALSE",
) -> None:
    """The rows to load: clean, not excluded, with the derived columns (raw text dropped).

    A view over ``clean_table``, not another copy of every row: the merge reads it once per
    target. Derived columns may name ``$archive_sha256`` and ``$supplier_rfc`` (the settings'
    RFC).
    """
    raw = ", ".join(
        [f"raw__{f.name}" for f in spec.schema.fields]
        + [f"p__{f.name}" for f in spec.schema.fields if f.name in spec.raw_columns]
    )
    layers = (
        f"SELECT * EXCLUDE ({raw}, is_header_repeat) FROM {clean_table} "  # noqa: S608 - schema names; texts quoted
        f"WHERE NOT is_header_repeat AND NOT ({exclude})"
    )
    for name, expr in spec.schema.derived:
        expr = expr.replace("$archive_sha256", quote_literal(archive_sha256))
        expr = expr.replace("$supplier_rfc", quote_literal(supplier_rfc))
        layers = f"SELECT *, {expr} AS {name} FROM ({layers})"  # noqa: S608 - schema names; texts quoted
    con.execute(f"CREATE OR REPLACE TEMP VIEW {final_table} AS {layers}")


def rejected_rows(
    con: duckdb.DuckDBPyConnection, clean_table: str, spec: CleanSpec, exclude: str
) -> list[tuple[str | None, int, str, str]]:
    """(sheet, row, reason, raw JSON) of the rows set aside."""
    raws = ", ".join(f"{quote_literal(f)}, raw__{f}" for f in spec.raw_columns)
    # The reason names the first cell that broke the schema and what it should hold.
    arms = " ".join(
        f"WHEN {condition} THEN "
        + quote_literal(f"«{spec.headers.get(f.name, f.headers[0])}»: se esperaba {expected}")
        for f, condition, expected in _check_conditions(spec)
    )
    reason_sql = f"CASE {arms} END" if arms else "NULL"
    rows = con.execute(
        f"SELECT src_sheet, src_row, is_header_repeat, CAST(json_object({raws}) AS VARCHAR), "  # noqa: S608 - schema names; texts quoted
        f"{reason_sql} FROM {clean_table} WHERE is_header_repeat OR ({exclude}) "
        "ORDER BY src_sheet, src_row"
    ).fetchall()
    result = []
    for sheet, row, repeat, raw, reason in rows:
        why = "encabezado repetido" if repeat else (reason or "valor faltante o inválido")
        result.append((sheet, int(row), why, str(raw)))
    return result
