"""One file in, clean temporary tables out: sniff, read, detect, stage, clean, check.

Nothing here writes to the warehouse's tables; the loader does that in one transaction, after the
whole file has passed its schema.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from o2c_desktop.errors import InputFileError
from o2c_desktop.messages import Message, msg
from o2c_desktop.services.ingest import cfdi
from o2c_desktop.services.ingest.cleaning import (
    NUMERIC_TYPES,
    header_match_key,
    normalize_header,
)
from o2c_desktop.services.ingest.detect import HeaderMatch, detect, wrong_kind
from o2c_desktop.services.ingest.issues import Issue, SchemaViolation
from o2c_desktop.services.ingest.readers import (
    MOST_COLUMNS,
    FileFormat,
    RawSheet,
    open_tabular,
    sniff,
)
from o2c_desktop.services.ingest.schemas import (
    KIND_TITLES_ES,
    ColumnMapping,
    DatasetSchema,
    Target,
    apply_mapping,
    schemas_for,
)
from o2c_desktop.services.ingest.staging import stage_rows
from o2c_desktop.services.ingest.tabular import (
    CleanSpec,
    bad_row_condition,
    build_clean,
    build_final,
    check_schema,
    rejected_rows,
)
from o2c_desktop.settings import DEFAULT_SUPPLIER_RFC


@dataclass(frozen=True)
class Staged:
    """A temporary view of clean rows and the canonical tables it feeds."""

    table: str
    targets: tuple[Target, ...]


@dataclass
class ParsedFile:
    kind: str
    variant: str
    fmt: FileFormat
    sheet: str | None
    rows_read: int
    staged: list[Staged]
    headers: list[str] | None = None
    extras: list[str] = field(default_factory=list)
    missing_optional: list[str] = field(default_factory=list)
    rejected: list[tuple[str | None, int, str, str]] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)


def _trimmed_headers(row: list[object]) -> list[str]:
    headers = [normalize_header(v) for v in row]
    while headers and not headers[-1]:
        headers.pop()
    return headers


def _continuation_sheets(sheets: list[RawSheet], match: HeaderMatch) -> list[tuple[RawSheet, int]]:
    """Later sheets that repeat the matched header row exactly: an export split at Excel's
    1,048,576-row limit ("Reporte Paq", "Reporte Paq_2", ...) is one file of one dataset."""
    wanted = _trimmed_headers(match.sheet.head[match.header_row])
    found = []
    for sheet in sheets[sheets.index(match.sheet) + 1 :]:
        for index, row in enumerate(sheet.head):
            if _trimmed_headers(row) == wanted:
                found.append((sheet, index))
                break
    return found


def _violation_from_checks(
    schema: DatasetSchema, file_name: str, issues: list[Issue], problem_rows: int
) -> SchemaViolation:
    return SchemaViolation(
        msg(
            "ingest.schema_violation",
            name=file_name,
            title=schema.label_es,
            problem_rows=problem_rows,
            first=issues[0].describe(),
        ),
        kind=schema.kind,
        issues=issues,
    )


def _detect_kind(
    sheets: list[RawSheet],
    candidates: tuple[DatasetSchema, ...],
    file_name: str,
    kind_given: str | None,
) -> HeaderMatch:
    try:
        return detect(sheets, candidates, file_name, kind_given=kind_given)
    except SchemaViolation:
        if kind_given is None:
            raise
        try:
            other = detect(sheets, schemas_for(None), file_name)
        except SchemaViolation:
            other = None
        if other is not None and other.schema.kind != kind_given:
            raise wrong_kind(other, kind_given, file_name) from None
        raise


def read_tabular(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    fmt: FileFormat,
    *,
    kind: str | None,
    mapping: ColumnMapping | None,
    archive_sha256: str,
    original_name: str,
    supplier_rfc: str = DEFAULT_SUPPLIER_RFC,
) -> Callable[[], ParsedFile]:
    """Read and stage the file's rows (Python and the reader); the returned step cleans and
    checks them (DuckDB only), so the next file can be read while this one is cleaned."""
    sheets = open_tabular(path, fmt)
    candidates = schemas_for(kind)
    if mapping is not None:
        candidates = tuple(apply_mapping(c, mapping) for c in schemas_for(mapping.kind))
    match = _detect_kind(sheets, candidates, original_name, kind if mapping is None else None)
    schema = match.schema
    header_row = match.sheet.head[match.header_row]
    # A stray cell far to the right makes every row thousands of cells wide; columns
    # without a header carry nothing the schema reads.
    width = len(_trimmed_headers(header_row))
    if width > MOST_COLUMNS:
        raise InputFileError(
            msg(
                "read.cannot_read",
                name=original_name,
                why=msg("read.too_many_columns", sheet=match.sheet.name, most=MOST_COLUMNS),
            ),
            details=f"header row {match.header_row + 1} of sheet {match.sheet.name!r}",
        )
    numeric = {
        name: index
        for name, index in match.columns.items()
        if schema.field(name).type in NUMERIC_TYPES
    }
    rows = itertools.islice(match.sheet.rows(), match.header_row + 1, None)
    read = stage_rows(
        con,
        "_raw",
        rows,
        width=width,
        first_row_number=match.header_row + 2,
        sheet=match.sheet.name,
        typed_columns=numeric.values(),
    )
    for sheet, header_index in _continuation_sheets(sheets, match):
        rows = itertools.islice(sheet.rows(), header_index + 1, None)
        read += stage_rows(
            con,
            "_raw",
            rows,
            width=width,
            first_row_number=header_index + 2,
            sheet=sheet.name,
            append=True,
            typed_columns=numeric.values(),
        )
    found = match.headers_found
    for sheet in sheets:
        sheet.release()  # calamine holds a whole sheet in memory: free it before the SQL work
    spec = CleanSpec(
        schema=schema,
        raw_columns={name: f"c{i}" for name, i in match.columns.items()},
        headers=found,
        extras={header: f"c{i}" for header, i in match.extras.items()},
        repeated_header_keys={
            f"c{match.columns[f.name]}": header_match_key(found[f.name])
            for f in schema.required_fields
        },
        typed_numbers={name: f"n{index}" for name, index in numeric.items()},
    )
    staged = _StagedTabular(
        spec=spec,
        fmt=fmt,
        suffix=path.suffix.lower(),
        sheet=match.sheet.name,
        rows_read=read,
        headers=match.headers,
        extras=list(match.extras),
        missing_optional=match.missing_optional,
    )
    return functools.partial(
        _clean_tabular, con, staged, archive_sha256, original_name, supplier_rfc
    )


@dataclass(frozen=True)
class _StagedTabular:
    """What cleaning needs of a file read into ``_raw`` (not the workbook: it is let go)."""

    spec: CleanSpec
    fmt: FileFormat
    suffix: str
    sheet: str
    rows_read: int
    headers: list[str]
    extras: list[str]
    missing_optional: list[str]


def _clean_tabular(
    con: duckdb.DuckDBPyConnection,
    staged: _StagedTabular,
    archive_sha256: str,
    original_name: str,
    supplier_rfc: str,
) -> ParsedFile:
    spec, fmt = staged.spec, staged.fmt
    schema = spec.schema
    build_clean(con, "_raw", "_clean", spec)
    # Big files: keep as few copies of the rows in DuckDB as the next step needs.
    con.execute("DROP TABLE _raw")
    result = check_schema(con, "_clean", spec)
    exclude = "FALSE"
    rejected: list[tuple[str | None, int, str, str]] = []
    if schema.reject_bad_rows:
        exclude = bad_row_condition(spec)
        rejected = rejected_rows(con, "_clean", spec, exclude)
    elif result.issues:
        raise _violation_from_checks(schema, original_name, result.issues, result.problem_rows)
    # A view over _clean: dropped with the cursor once the file is loaded.
    build_final(
        con,
        "_clean",
        "_final",
        spec,
        archive_sha256=archive_sha256,
        supplier_rfc=supplier_rfc,
        exclude=exclude,
    )
    notes: list[Message] = []
    if fmt is FileFormat.XLS and staged.suffix == ".xlsx":
        notes.append(msg("ingest.note_old_xls"))
    if fmt is FileFormat.HTML:
        notes.append(msg("ingest.note_html_table"))
    return ParsedFile(
        kind=schema.kind,
        variant=schema.variant,
        fmt=fmt,
        sheet=staged.sheet,
        rows_read=staged.rows_read,
        staged=[Staged("_final", schema.targets)],
        headers=staged.headers,
        extras=staged.extras,
        missing_optional=staged.missing_optional,
        rejected=rejected,
        notes=notes,
    )


def _stage_records(
    con: duckdb.DuckDBPyConnection,
    name: str,
    records: list[dict[str, str | None]],
    schema: DatasetSchema,
    archive_sha256: str,
    member_names: list[str],
    supplier_rfc: str,
) -> Staged:
    columns = ["src_row", *(f.name for f in schema.fields)]
    frame = pd.DataFrame.from_records(records, columns=columns).astype(object)
    frame["src_row"] = frame["src_row"].astype("int64")
    raw = f"_raw_{name}"
    con.register("_records", frame)
    try:
        select = ", ".join(
            [
                "CAST(NULL AS VARCHAR) AS src_sheet",
                "src_row",
                *(f"CAST({f.name} AS VARCHAR) AS {f.name}" for f in schema.fields),
            ]
        )
        con.execute(f"CREATE OR REPLACE TEMP TABLE {raw} AS SELECT {select} FROM _records")  # noqa: S608 - schema names; texts quoted
    finally:
        con.unregister("_records")
    spec = CleanSpec(
        schema=schema,
        raw_columns={f.name: f.name for f in schema.fields},
        headers={f.name: f.name for f in schema.fields},
        # CFDI numbers are XML decimals (dot, no grouping): typed, whatever their decimals.
        typed_numbers={f.name: "TRUE" for f in schema.fields if f.type in NUMERIC_TYPES},
    )
    clean = f"_clean_{name}"
    build_clean(con, raw, clean, spec)
    result = check_schema(con, clean, spec)
    if result.issues:
        issues = [
            Issue(member_names[i.row - 1] if i.row else None, None, i.column, i.expected, i.found)
            for i in result.issues
        ]
        raise _violation_from_checks(schema, issues[0].sheet or name, issues, result.problem_rows)
    final = f"_final_{name}"
    build_final(con, clean, final, spec, archive_sha256=archive_sha256, supplier_rfc=supplier_rfc)
    return Staged(final, schema.targets)


def parse_cfdi(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    fmt: FileFormat,
    *,
    archive_sha256: str,
    supplier_rfc: str = DEFAULT_SUPPLIER_RFC,
) -> ParsedFile:
    rows = cfdi.read_cfdi_file(path, is_zip=fmt is FileFormat.XML_ZIP)
    names = [str(r["xml_name"]) for r in rows.invoices]
    sha, rfc = archive_sha256, supplier_rfc
    staged = [
        _stage_records(con, "invoice", rows.invoices, cfdi.CFDI_INVOICE, sha, names, rfc),
        _stage_records(con, "concept", rows.concepts, cfdi.CFDI_CONCEPT, sha, names, rfc),
        _stage_records(con, "relation", rows.relations, cfdi.CFDI_RELATION, sha, names, rfc),
    ]
    return ParsedFile(
        kind="cfdi",
        variant="cfdi-zip" if fmt is FileFormat.XML_ZIP else "cfdi",
        fmt=fmt,
        sheet=None,
        rows_read=len(rows.invoices),
        staged=staged,
    )


def read_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    kind: str | None,
    mapping: ColumnMapping | None,
    archive_sha256: str,
    original_name: str,
    supplier_rfc: str = DEFAULT_SUPPLIER_RFC,
) -> Callable[[], ParsedFile]:
    """Read ``path`` (the part that can run beside another file's load); calling the result
    cleans and checks what was read, in SQL, and gives the :class:`ParsedFile`. ``supplier_rfc``
    is the supplier's own RFC (settings): the issuer of its register. Either half raises
    :class:`SchemaViolation` or :class:`InputFileError` for a bad file."""
    fmt = sniff(path)
    if fmt is FileFormat.EMPTY:
        raise SchemaViolation(
            msg("ingest.empty_file", name=original_name),
            kind=kind,
            issues=[Issue(None, None, None, "contenido", "archivo vacío")],
        )
    if fmt in (FileFormat.XML, FileFormat.XML_ZIP):
        if kind not in (None, "cfdi"):
            raise SchemaViolation(
                msg("ingest.xml_not_kind", name=original_name, title=KIND_TITLES_ES[kind]),
                kind=kind,
                issues=[Issue(None, None, None, KIND_TITLES_ES[kind], "XML")],
            )
        parsed = parse_cfdi(
            con, path, fmt, archive_sha256=archive_sha256, supplier_rfc=supplier_rfc
        )
        return lambda: parsed
    if kind == "cfdi":
        raise SchemaViolation(
            msg("ingest.not_cfdi", name=original_name, fmt=fmt.value),
            kind=kind,
            issues=[Issue(None, None, None, "XML o ZIP de XML", fmt.value)],
        )
    return read_tabular(
        con,
        path,
        fmt,
        kind=kind,
        mapping=mapping,
        archive_sha256=archive_sha256,
        original_name=original_name,
        supplier_rfc=supplier_rfc,
    )
