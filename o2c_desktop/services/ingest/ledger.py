"""The load ledger, rejected rows, quarantine entries and layout drift."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from o2c_desktop.services.ingest.issues import Issue

MAX_ISSUES_STORED = 200
# Characters of the original name kept in the quarantine copy's name (plus its load id and
# ".informe.txt"); the full name is in the report and the ledger.
MAX_COPY_NAME = 120


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass
class LedgerEntry:
    load_id: int
    archive_sha256: str
    original_name: str
    status: str
    started_at: datetime
    message: str
    kind: str | None = None
    variant: str | None = None
    sheet: str | None = None
    snapshot_at: datetime | None = None
    rows_read: int = 0
    inserted: int = 0
    changed: int = 0
    unchanged: int = 0
    rejected: int = 0
    header_columns: list[str] | None = None
    drift_added: list[str] = field(default_factory=list)
    drift_missing: list[str] = field(default_factory=list)
    mapping_name: str | None = None
    details: dict[str, object] = field(default_factory=dict)


def next_load_id(con: duckdb.DuckDBPyConnection) -> int:
    return int(con.execute("SELECT nextval('load_id_seq')").fetchall()[0][0])


def loaded_before(
    con: duckdb.DuckDBPyConnection, sha256: str
) -> tuple[int, str, str | None] | None:
    """(load id, original name, kind) of an earlier successful load of the same content."""
    rows = con.execute(
        "SELECT load_id, original_name, kind FROM load_ledger WHERE archive_sha256 = ? "
        "AND status = 'loaded' ORDER BY load_id LIMIT 1",
        [sha256],
    ).fetchall()
    if not rows:
        return None
    return int(rows[0][0]), str(rows[0][1]), None if rows[0][2] is None else str(rows[0][2])


@dataclass(frozen=True)
class EarlierQuarantine:
    load_id: int
    quarantined_at: datetime  # naive UTC
    report_path: Path

    def message_es(self, reason: str) -> str:
        return (
            f"{reason} (Ya estaba en cuarentena desde {self.quarantined_at:%Y-%m-%d %H:%M} UTC, "
            f"carga {self.load_id}; no se guardó otra copia: su informe sigue en la carpeta de "
            "cuarentena.)"
        )


def quarantined_before(
    con: duckdb.DuckDBPyConnection,
    sha256: str,
    program_version: str,
    message: str,
    original_name: str,
) -> EarlierQuarantine | None:
    """The quarantine entry this program version already made for the same content and the same
    reason (whatever the file was called), while its report is still there. Another version, or
    another reason (the settings or the options of the import changed), may judge the file
    differently, so it gets its own entry."""
    rows = con.execute(
        "SELECT q.load_id, q.quarantined_at, q.report_path FROM quarantine_file q"
        " JOIN load_ledger l USING (load_id)"
        " WHERE q.archive_sha256 = ? AND replace(q.message, q.original_name, '') = ?"
        " AND json_extract_string(l.details, '$.program_version') = ?"
        " ORDER BY q.load_id",
        [sha256, message.replace(original_name, ""), program_version],
    ).fetchall()
    for load_id, quarantined_at, report_path in rows:
        if Path(report_path).is_file():
            return EarlierQuarantine(int(load_id), quarantined_at, Path(report_path))
    return None


def last_good_layout(
    con: duckdb.DuckDBPyConnection, kind: str, variant: str
) -> tuple[str, list[str]] | None:
    """(file name, headers) of the latest successful load of this dataset layout."""
    rows = con.execute(
        "SELECT original_name, header_columns FROM load_ledger WHERE status = 'loaded' "
        "AND kind = ? AND variant = ? AND header_columns IS NOT NULL "
        "ORDER BY load_id DESC LIMIT 1",
        [kind, variant],
    ).fetchall()
    if not rows:
        return None
    return str(rows[0][0]), list(json.loads(rows[0][1]))


def write_entry(con: duckdb.DuckDBPyConnection, entry: LedgerEntry) -> None:
    con.execute(
        "INSERT INTO load_ledger VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?)",
        [
            entry.load_id,
            entry.archive_sha256,
            entry.original_name,
            entry.kind,
            entry.variant,
            entry.sheet,
            entry.status,
            entry.snapshot_at,
            entry.started_at,
            now(),
            entry.rows_read,
            entry.inserted,
            entry.changed,
            entry.unchanged,
            entry.rejected,
            None if entry.header_columns is None else json.dumps(entry.header_columns),
            json.dumps(entry.drift_added) if entry.drift_added else None,
            json.dumps(entry.drift_missing) if entry.drift_missing else None,
            entry.mapping_name,
            entry.message,
            json.dumps(entry.details, ensure_ascii=False, default=str),
        ],
    )


def write_rejected(
    con: duckdb.DuckDBPyConnection, load_id: int, rows: list[tuple[str | None, int, str, str]]
) -> None:
    if rows:
        con.executemany(
            "INSERT INTO rejected_row VALUES (?, ?, ?, ?, ?)",
            [(load_id, sheet, row, reason, raw) for sheet, row, reason, raw in rows],
        )


def quarantine_report(
    original_name: str,
    sha256: str,
    kind: str | None,
    message: str,
    issues: list[Issue],
    details: str,
) -> str:
    lines = [
        "ARCHIVO EN CUARENTENA",
        "",
        f"Archivo: {original_name}",
        f"SHA-256: {sha256}",
        f"Tipo detectado: {kind or 'no reconocido'}",
        f"Fecha: {now().isoformat(sep=' ', timespec='seconds')} UTC",
        "",
        "Motivo:",
        message,
        "",
    ]
    if issues:
        lines.append("Problemas encontrados (hoja, fila, columna, esperado, encontrado):")
        lines += [f"- {issue.describe_es()}" for issue in issues[:MAX_ISSUES_STORED]]
        if len(issues) > MAX_ISSUES_STORED:
            lines.append(f"... y {len(issues) - MAX_ISSUES_STORED} más.")
        lines.append("")
    lines += [
        "Nada de este archivo se cargó y nada de lo ya cargado cambió.",
        "Corrija el archivo (o descárguelo de nuevo) e impórtelo otra vez.",
    ]
    if details:
        lines += ["", "Detalles técnicos:", details]
    return "\n".join(lines) + "\n"


def quarantine(
    con: duckdb.DuckDBPyConnection,
    quarantine_dir: Path,
    *,
    load_id: int,
    source: Path,
    original_name: str,
    sha256: str,
    kind: str | None,
    message: str,
    issues: list[Issue],
    details: str,
) -> Path:
    """Copy the file and its report into quarantine/ and record the entry and its issues."""
    quarantine_dir.mkdir(parents=True, exist_ok=True)
    safe_name = "".join(c if c.isalnum() or c in "._- " else "_" for c in original_name)
    if len(safe_name) > MAX_COPY_NAME:  # file systems refuse names over 255 bytes
        cut = Path(safe_name).suffix[:12]
        safe_name = safe_name[: MAX_COPY_NAME - len(cut) - 1] + "~" + cut
    stem = f"{load_id:06d}-{safe_name}"
    copy = quarantine_dir / stem
    if source.is_file():
        shutil.copyfile(source, copy)
    report = quarantine_dir / f"{stem}.informe.txt"
    report.write_text(
        quarantine_report(original_name, sha256, kind, message, issues, details),
        encoding="utf-8",
    )
    con.execute(
        "INSERT INTO quarantine_file VALUES (?, ?, ?, ?, ?, ?, ?)",
        [load_id, sha256, original_name, kind, message, str(report), now()],
    )
    if issues:
        con.executemany(
            "INSERT INTO quarantine_issue VALUES (?, ?, ?, ?, ?, ?)",
            [
                (load_id, i.sheet, i.row, i.column, i.expected, i.found)
                for i in issues[:MAX_ISSUES_STORED]
            ],
        )
    return report
