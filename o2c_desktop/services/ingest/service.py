"""The ingest entry point, shared by ``o2c import``, the desktop window and portal sync.

For every file: archive it unchanged; skip it if the same content was loaded before; parse and
check it against its schema; then load it in one transaction together with its ledger row. A
file that breaks its schema goes to quarantine with a report, and nothing else changes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from o2c_desktop import __version__
from o2c_desktop.errors import InputFileError
from o2c_desktop.messages import Message, joined, msg
from o2c_desktop.services.archive import ArchivedFile, RawArchive, SourceInfo
from o2c_desktop.services.ingest import ledger
from o2c_desktop.services.ingest.inputs import (
    display_name,
    storable_message,
    storable_text,
    unreadable,
)
from o2c_desktop.services.ingest.issues import Issue, SchemaViolation
from o2c_desktop.services.ingest.loader import Lineage, MergeCounts, merge_target
from o2c_desktop.services.ingest.parse import ParsedFile, read_file
from o2c_desktop.services.ingest.schemas import KIND_TITLES_ES, ColumnMapping
from o2c_desktop.services.ingest.snapshot import snapshot_time
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import DEFAULT_SUPPLIER_RFC

log = logging.getLogger(__name__)


@dataclass
class FileOutcome:
    """What happened to one file, for the CLI table, the window and the sync log."""

    path: Path
    name: str
    status: str  # loaded | duplicate | quarantined | refused (unreadable) | failed (a defect)
    message: Message  # what the clerk reads, in the language it is shown in
    kind: str | None = None
    variant: str | None = None
    sheet: str | None = None
    sha256: str | None = None
    load_id: int | None = None
    rows_read: int = 0
    inserted: int = 0
    changed: int = 0
    unchanged: int = 0
    rejected: int = 0
    drift_added: list[str] = field(default_factory=list)
    drift_missing: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    report_path: Path | None = None

    @property
    def needs_attention(self) -> bool:
        return self.status in ("quarantined", "refused", "failed")

    def as_record(self) -> dict[str, object]:
        """The outcome as ``o2c import`` prints it; its keys are a machine contract (README
        "Machine output"): the field names, but ``file`` for the file's name. The message stays
        a :class:`Message`, worded by whoever prints it."""
        return {
            "file": self.name,
            "kind": self.kind or "",
            "status": self.status,
            "rows_read": self.rows_read,
            "inserted": self.inserted,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "message": self.message,
        }


@dataclass
class PreparedFile:
    """A file archived and read into a staging table, waiting to be cleaned and loaded; or
    refused before any of that (``refused``), or found broken while reading (``error``)."""

    path: Path
    name: str
    kind: str | None
    mapping: ColumnMapping | None = None
    started: datetime = field(default_factory=ledger.now)
    archived: ArchivedFile | None = None
    refused: Message | None = None
    error: InputFileError | None = None
    finish: Callable[[], ParsedFile] | None = None  # None: the content was loaded before
    con: duckdb.DuckDBPyConnection | None = None

    def close(self) -> None:
        """Let go of the cursor and its staging tables (a file read but never loaded)."""
        if self.con is not None:
            self.con.close()
            self.con = None


def _drift(
    con: duckdb.DuckDBPyConnection, parsed: ParsedFile
) -> tuple[list[str], list[str], str | None]:
    if parsed.headers is None:
        return [], [], None
    previous = ledger.last_good_layout(con, parsed.kind, parsed.variant)
    if previous is None:
        return list(parsed.extras), [], None
    name, headers = previous
    added = [h for h in parsed.headers if h not in headers]
    missing = [h for h in headers if h not in parsed.headers]
    return added, missing, name


def _loaded_message(counts: MergeCounts, parsed: ParsedFile, drift: Message | None) -> Message:
    parts = [
        msg(
            "ingest.loaded",
            kind_title=KIND_TITLES_ES[parsed.kind],
            inserted=counts.inserted,
            changed=counts.changed,
            unchanged=counts.unchanged,
        )
    ]
    if parsed.rejected:
        parts.append(msg("ingest.rows_rejected", count=len(parsed.rejected)))
    if counts.duplicate_keys:
        parts.append(msg("ingest.rows_repeated", count=counts.duplicate_keys))
    if counts.conflicts:
        parts.append(msg("ingest.key_conflicts", count=counts.conflicts))
    parts += parsed.notes
    if drift is not None:
        parts.append(drift)
    return msg("ingest.sentence", text=joined(parts, "; "))


def _drift_message(added: list[str], missing: list[str], previous: str | None) -> Message:
    none = msg("ingest.no_columns")
    columns = {"added": added or none, "missing": missing or none}
    if previous:
        return msg("ingest.drift_against", previous=previous, **columns)
    return msg("ingest.drift", **columns)


class Ingestor:
    """Imports files into one warehouse, archiving them first."""

    def __init__(
        self,
        warehouse: Warehouse,
        archive: RawArchive,
        quarantine_dir: Path,
        supplier_rfc: str = DEFAULT_SUPPLIER_RFC,
    ) -> None:
        self.warehouse = warehouse
        self.archive = archive
        self.quarantine_dir = quarantine_dir
        self.supplier_rfc = supplier_rfc  # issuer of the register's folios (settings)

    def ingest_file(
        self,
        path: Path,
        *,
        kind: str | None = None,
        mapping: ColumnMapping | None = None,
        source: SourceInfo | None = None,
        snapshot_at: datetime | None = None,
    ) -> FileOutcome:
        prepared = self.prepare(path, kind=kind, mapping=mapping, source=source)
        return self.finish(prepared, snapshot_at=snapshot_at)

    def prepare(
        self,
        path: Path,
        *,
        kind: str | None = None,
        mapping: ColumnMapping | None = None,
        source: SourceInfo | None = None,
    ) -> PreparedFile:
        """Archive the file and read it into a staging table (the reading half of the work,
        which may run in another thread); :meth:`finish` does the rest in the caller's."""
        name = source.original_name if source else display_name(path)
        problem = unreadable(path, name)
        if problem is not None:
            log.warning("refused %s: %s | %s", name, problem.es, problem.details)
            return PreparedFile(path, name, kind, refused=problem.reason)
        started = ledger.now()
        archived = self.archive.store(path, source or SourceInfo(original_name=name))
        prepared = PreparedFile(
            path, name, kind, mapping=mapping, started=started, archived=archived
        )
        prepared.con = self.warehouse.cursor()
        try:
            if ledger.loaded_before(prepared.con, archived.sha256) is None:
                prepared.finish = read_file(
                    prepared.con,
                    path,
                    kind=kind,
                    mapping=mapping,
                    archive_sha256=archived.sha256,
                    original_name=name,
                    supplier_rfc=self.supplier_rfc,
                )
        except InputFileError as exc:  # also a SchemaViolation: it goes to quarantine
            prepared.error = exc
        except BaseException:
            prepared.close()
            raise
        return prepared

    def finish(self, prepared: PreparedFile, *, snapshot_at: datetime | None) -> FileOutcome:
        """Clean, check and load a prepared file (or record it as a duplicate, or quarantine
        it), in one transaction with its ledger row."""
        path, name = prepared.path, prepared.name
        if prepared.con is None or prepared.archived is None:
            assert prepared.refused is not None
            return FileOutcome(path, name, "refused", prepared.refused)
        con = prepared.con
        try:
            sha, kind = prepared.archived.sha256, prepared.kind
            # Asked again: an earlier file of the same batch may have had the same content.
            earlier = ledger.loaded_before(con, sha)
            if earlier is not None:
                return self._duplicate(con, path, name, sha, earlier, prepared.started)
            snapshot = snapshot_at or snapshot_time(path, name)
            try:
                if prepared.error is not None:
                    raise prepared.error
                assert prepared.finish is not None
                parsed = prepared.finish()
            except SchemaViolation as exc:
                return self._quarantine(con, path, name, sha, exc.kind or kind, exc, exc.issues)
            except InputFileError as exc:
                issue = Issue(None, None, None, "un archivo legible", exc.details or exc.es)
                return self._quarantine(con, path, name, sha, kind, exc, [issue])
            return self._load(
                con, path, name, sha, parsed, prepared.mapping, prepared.started, snapshot
            )
        finally:
            prepared.close()  # also drops the cursor's temporary tables

    def _duplicate(
        self,
        con: duckdb.DuckDBPyConnection,
        path: Path,
        name: str,
        sha: str,
        earlier: tuple[int, str, str | None],
        started: datetime,
    ) -> FileOutcome:
        message = msg("ingest.duplicate", load_id=earlier[0], earlier=earlier[1])
        with self.warehouse.transaction(con):
            load_id = ledger.next_load_id(con)
            ledger.write_entry(
                con,
                ledger.LedgerEntry(
                    load_id, sha, name, "duplicate", started, message, kind=earlier[2]
                ),
            )
        return FileOutcome(
            path, name, "duplicate", message, kind=earlier[2], sha256=sha, load_id=load_id
        )

    def _load(
        self,
        con: duckdb.DuckDBPyConnection,
        path: Path,
        name: str,
        sha: str,
        parsed: ParsedFile,
        mapping: ColumnMapping | None,
        started: datetime,
        snapshot: datetime,
    ) -> FileOutcome:
        with self.warehouse.transaction(con):
            load_id = ledger.next_load_id(con)
            lineage = Lineage(load_id, sha, parsed.sheet, snapshot)
            primary = MergeCounts()
            per_target: dict[str, dict[str, int]] = {}
            for index, staged in enumerate(parsed.staged):
                for target in staged.targets:
                    counts = merge_target(con, staged.table, target, lineage)
                    per_target[target.table] = vars(counts)
                    if index == 0 and target is staged.targets[0]:
                        primary = counts
            added, missing, previous = _drift(con, parsed)
            drift = _drift_message(added, missing, previous) if added or missing else None
            message = _loaded_message(primary, parsed, drift)
            entry = ledger.LedgerEntry(
                load_id=load_id,
                archive_sha256=sha,
                original_name=name,
                status="loaded",
                started_at=started,
                message=message,
                kind=parsed.kind,
                variant=parsed.variant,
                sheet=parsed.sheet,
                snapshot_at=snapshot,
                rows_read=parsed.rows_read,
                inserted=primary.inserted,
                changed=primary.changed,
                unchanged=primary.unchanged,
                rejected=len(parsed.rejected),
                header_columns=parsed.headers,
                drift_added=added,
                drift_missing=missing,
                mapping_name=mapping.name if mapping else None,
                details={
                    "targets": per_target,
                    "format": parsed.fmt.value,
                    "missing_optional": parsed.missing_optional,
                },
            )
            ledger.write_rejected(con, load_id, parsed.rejected)
            ledger.write_entry(con, entry)
        log.info("loaded %s as %s: %s", name, parsed.variant, message.es)
        return FileOutcome(
            path,
            name,
            "loaded",
            message,
            kind=parsed.kind,
            variant=parsed.variant,
            sheet=parsed.sheet,
            sha256=sha,
            load_id=load_id,
            rows_read=parsed.rows_read,
            inserted=primary.inserted,
            changed=primary.changed,
            unchanged=primary.unchanged,
            rejected=len(parsed.rejected),
            drift_added=added,
            drift_missing=missing,
        )

    def _quarantine(
        self,
        con: duckdb.DuckDBPyConnection,
        path: Path,
        name: str,
        sha: str,
        kind: str | None,
        error: InputFileError,
        issues: list[Issue],
    ) -> FileOutcome:
        # Readers quote the path's own name, which may hold a byte that is not UTF-8.
        reason = storable_message(error.reason)
        earlier = ledger.quarantined_before(con, sha, __version__, reason, name)
        if earlier is not None:
            log.info("%s already quarantined as load %d: %s", name, earlier.load_id, reason.es)
            return FileOutcome(
                path, name, "quarantined", earlier.message(reason), kind=kind, sha256=sha,
                load_id=earlier.load_id, issues=issues, report_path=earlier.report_path,
            )  # fmt: skip
        details = "; ".join(str(i) for i in issues[:20])
        if error.details:
            details = f"{error.details}; {details}" if details else error.details
        details = storable_text(details)
        with self.warehouse.transaction(con):
            load_id = ledger.next_load_id(con)
            report = ledger.quarantine(
                con,
                self.quarantine_dir,
                load_id=load_id,
                source=path,
                original_name=name,
                sha256=sha,
                kind=kind,
                reason=reason,
                issues=issues,
                details=details,
            )
            ledger.write_entry(
                con,
                ledger.LedgerEntry(
                    load_id,
                    sha,
                    name,
                    "quarantined",
                    ledger.now(),
                    reason,
                    kind=kind,
                    details={
                        "issues": [vars(i) for i in issues[:50]],
                        "error": storable_text(error.details),
                        "program_version": __version__,
                    },
                ),
            )
        log.warning("quarantined %s: %s | %s", name, reason.es, details)
        return FileOutcome(
            path,
            name,
            "quarantined",
            reason,
            kind=kind,
            sha256=sha,
            load_id=load_id,
            issues=issues,
            report_path=report,
        )
