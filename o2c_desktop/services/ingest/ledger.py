"""The load ledger, rejected rows, quarantine entries and layout drift.

The ledger and the quarantine entries store each file's message as its code and parameters
(JSON, :mod:`o2c_desktop.messages`), read back in the language it is shown in.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from o2c_desktop.messages import TEXT, Message, msg
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
    message: Message
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

    def message(self, reason: Message) -> Message:
        return msg(
            "ingest.already_quarantined",
            reason=reason,
            since=self.quarantined_at,
            load_id=self.load_id,
        )


def _without_name(value: Any, name: str) -> Any:
    """A reason's parameters with the file's name taken out, so that the same bytes under another
    name read as the same reason."""
    if isinstance(value, Message):
        params = {k: _without_name(v, name) for k, v in value.params.items() if v != name}
        return (value.code, sorted(params.items()))
    if isinstance(value, str):
        return value.replace(name, "") if name else value
    if isinstance(value, list):
        return [_without_name(v, name) for v in value]
    return value


def same_reason(stored: Message, stored_name: str, reason: Message, name: str) -> bool:
    """Whether a stored quarantine reason is the one met now: the same code and parameters,
    whatever the file was called. An entry from before reasons had codes holds only its words,
    so those are compared, in Spanish as it was written."""
    if stored.code == TEXT and reason.code != TEXT:
        return bool(stored.es.replace(stored_name, "") == reason.es.replace(name, ""))
    return bool(_without_name(stored, stored_name) == _without_name(reason, name))


def quarantined_before(
    con: duckdb.DuckDBPyConnection,
    sha256: str,
    program_version: str,
    reason: Message,
    original_name: str,
) -> EarlierQuarantine | None:
    """The quarantine entry this program version already made for the same content and the same
    reason (whatever the file was called), while its report is still there. Another version, or
    another reason (the settings or the options of the import changed), may judge the file
    differently, so it gets its own entry."""
    rows = con.execute(
        "SELECT q.load_id, q.quarantined_at, q.report_path, q.message, q.original_name"
        " FROM quarantine_file q JOIN load_ledger l USING (load_id)"
        " WHERE q.archive_sha256 = ?"
        " AND json_extract_string(l.details, '$.program_version') = ?"
        " ORDER BY q.load_id",
        [sha256, program_version],
    ).fetchall()
    for load_id, quarantined_at, report_path, stored, stored_name in rows:
        earlier = Message.from_stored(stored)
        if earlier is None or not same_reason(earlier, stored_name, reason, original_name):
            continue
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
            entry.message.to_json(),
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
    reason: Message,
    issues: list[Issue],
    details: str,
    lang: str = "es",
    when: datetime | None = None,
) -> str:
    """The report beside a quarantined copy, in one language."""
    head = msg(
        "quarantine.report",
        name=original_name,
        sha256=sha256,
        kind=kind or msg("quarantine.kind_unknown"),
        when=when or now(),
        reason=reason,
    )
    lines = [head.text(lang)]
    if issues:
        lines.append(msg("quarantine.issues_heading").text(lang))
        lines += [f"- {issue.describe().text(lang)}" for issue in issues[:MAX_ISSUES_STORED]]
        if len(issues) > MAX_ISSUES_STORED:
            more = len(issues) - MAX_ISSUES_STORED
            lines.append(msg("quarantine.more_issues", count=more).text(lang))
        lines.append("")
    lines.append(msg("quarantine.nothing_changed").text(lang))
    if details:
        lines += ["", msg("quarantine.details_heading").text(lang), details]
    return "\n".join(lines) + "\n"


# The report is read outside the program, by whoever the file is sent to: Spanish first, as the
# portals write, then English.
REPORT_LANGUAGES = ("es", "en")
REPORT_SEPARATOR = "\n" + "=" * 72 + "\n\n"


def quarantine(
    con: duckdb.DuckDBPyConnection,
    quarantine_dir: Path,
    *,
    load_id: int,
    source: Path,
    original_name: str,
    sha256: str,
    kind: str | None,
    reason: Message,
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
    when = now()
    report.write_text(
        REPORT_SEPARATOR.join(
            quarantine_report(original_name, sha256, kind, reason, issues, details, lang, when)
            for lang in REPORT_LANGUAGES
        ),
        encoding="utf-8",
    )
    con.execute(
        "INSERT INTO quarantine_file VALUES (?, ?, ?, ?, ?, ?, ?)",
        [load_id, sha256, original_name, kind, reason.to_json(), str(report), when],
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
