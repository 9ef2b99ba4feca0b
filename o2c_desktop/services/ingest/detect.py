"""Which dataset a table holds, and where its header row is: decided by the headers only.

Every sheet and every row of the first ``HEAD_ROWS`` is tried against every schema. A schema
whose required headers are all present is a candidate; the one that explains the most columns
wins, then a sheet with the expected name, then the higher row. When nothing is complete, the
closest schema names the missing columns, so the clerk reads "missing noOrden" rather than
"unknown file".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from o2c_desktop.messages import msg
from o2c_desktop.services.ingest.cleaning import header_match_key, normalize_header
from o2c_desktop.services.ingest.issues import Issue, SchemaViolation
from o2c_desktop.services.ingest.readers import HEAD_ROWS, RawSheet
from o2c_desktop.services.ingest.schemas import KIND_TITLES_ES, DatasetSchema
from o2c_desktop.services.ingest.xlsx_guard import column_letters


@dataclass(frozen=True)
class HeaderMatch:
    schema: DatasetSchema
    sheet: RawSheet
    header_row: int  # 0-based index of the header row in the sheet
    columns: dict[str, int]  # field name -> column index
    headers: list[str]  # every non-blank header as found, normalized, in column order
    extras: dict[str, int] = field(default_factory=dict)  # unknown header -> column index
    missing_optional: list[str] = field(default_factory=list)  # schema headers not found
    repeated: dict[str, int] = field(default_factory=dict)  # field -> its second column

    def header_of(self, field_name: str) -> str:
        """The header text of a field as found in the file."""
        return self.headers_found[field_name]

    @property
    def headers_found(self) -> dict[str, str]:
        row = self.sheet.head[self.header_row]
        return {name: normalize_header(row[i]) for name, i in self.columns.items()}


def _match_row(
    schema: DatasetSchema, row: list[object], keys: list[str]
) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """(field → column, unknown header → column, field → column of a second header for it).

    ``keys`` are the row's header match keys, worked out once for every schema tried."""
    columns: dict[str, int] = {}
    extras: dict[str, int] = {}
    repeated: dict[str, int] = {}
    for index, (value, key) in enumerate(zip(row, keys, strict=True)):
        if not key:
            continue
        taken: str | None = None  # a field this header names that an earlier column took
        for candidate in schema.fields_matching(key):
            if candidate.name not in columns:
                columns[candidate.name] = index
                break
            taken = taken or candidate.name
        else:
            if taken is not None and keys[columns[taken]] == key:
                repeated.setdefault(taken, index)  # the very same header a second time
            else:
                extras[normalize_header(value)] = index
    return columns, extras, repeated


def detect(
    sheets: list[RawSheet],
    schemas: tuple[DatasetSchema, ...],
    file_name: str,
    *,
    kind_given: str | None = None,
) -> HeaderMatch:
    best: tuple[tuple[int, int, int, int], HeaderMatch] | None = None
    closest: tuple[float, DatasetSchema, RawSheet, int, list[str]] | None = None
    for sheet in sheets:
        for row_index, row in enumerate(sheet.head):
            if not any(normalize_header(v) for v in row):
                continue
            keys = [header_match_key(v) for v in row]
            for schema in schemas:
                columns, extras, repeated = _match_row(schema, row, keys)
                missing = [f for f in schema.required_fields if f.name not in columns]
                if missing:
                    required = len(schema.required_fields)
                    share = (required - len(missing)) / required
                    if share >= 0.5 and (closest is None or share > closest[0]):
                        names = [f.headers[0].rstrip("*") for f in missing]
                        closest = (share, schema, sheet, row_index, names)
                    continue
                score = (
                    len(columns),
                    int(normalize_header(sheet.name) in schema.sheet_names),
                    -len(extras),
                    -row_index,
                )
                if best is None or score > best[0]:
                    optional_missing = [
                        f.headers[0] for f in schema.fields if f.name not in columns
                    ]
                    headers = [normalize_header(v) for v in row if normalize_header(v)]
                    best = (
                        score,
                        HeaderMatch(
                            schema,
                            sheet,
                            row_index,
                            columns,
                            headers,
                            extras,
                            optional_missing,
                            repeated,
                        ),
                    )
    if best is not None:
        if best[1].repeated:
            raise _repeated_column(best[1], file_name)
        return best[1]
    if closest is not None:
        _, schema, sheet, row_index, names = closest
        listed = ", ".join(f"«{n}»" for n in names)
        raise SchemaViolation(
            msg(
                "ingest.missing_required",
                name=file_name,
                title=schema.label_es,
                sheet=sheet.name,
                row=row_index + 1,
                columns=listed,
            ),
            kind=schema.kind,
            issues=[
                Issue(sheet.name, row_index + 1, n, "columna obligatoria presente", "ausente")
                for n in names
            ],
        )
    sheet_list = ", ".join(f"«{s.name}»" for s in sheets) or msg("ingest.no_sheets")
    issues = [
        Issue(s.name, None, None, "encabezados de un reporte conocido", "no encontrados")
        for s in sheets
    ] or [Issue(None, None, None, "al menos una hoja con datos", "ninguna")]
    if kind_given is not None:
        raise SchemaViolation(
            msg(
                "ingest.not_the_kind_given",
                name=file_name,
                title=KIND_TITLES_ES[kind_given],
                sheets=sheet_list,
                head_rows=HEAD_ROWS,
            ),
            kind=kind_given,
            issues=issues,
        )
    raise SchemaViolation(
        msg("ingest.not_recognized", name=file_name, sheets=sheet_list, head_rows=HEAD_ROWS),
        issues=issues,
    )


def _repeated_column(match: HeaderMatch, file_name: str) -> SchemaViolation:
    """Two columns answer to one field: taking either would be a guess."""
    name, second = next(iter(match.repeated.items()))
    first = match.columns[name]
    header = match.headers_found[name]
    letters = f"{column_letters(first + 1)} y {column_letters(second + 1)}"
    return SchemaViolation(
        msg(
            "ingest.repeated_column",
            name=file_name,
            title=match.schema.label_es,
            header=header,
            first=column_letters(first + 1),
            second=column_letters(second + 1),
            sheet=match.sheet.name,
            row=match.header_row + 1,
        ),
        kind=match.schema.kind,
        issues=[Issue(match.sheet.name, match.header_row + 1, header, "una sola columna", letters)],
    )


def wrong_kind(match: HeaderMatch, kind_given: str, file_name: str) -> SchemaViolation:
    """The file is a complete report of another kind than the one the clerk named."""
    found = match.schema
    return SchemaViolation(
        msg(
            "ingest.wrong_kind",
            name=file_name,
            title=KIND_TITLES_ES[kind_given],
            sheet=match.sheet.name,
            row=match.header_row + 1,
            found_title=found.label_es,
            found_kind=found.kind,
        ),
        kind=kind_given,
        issues=[Issue(match.sheet.name, match.header_row + 1, None, kind_given, found.kind)],
    )
