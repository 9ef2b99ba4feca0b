"""What can be wrong with an input file, in words a clerk can act on."""

from __future__ import annotations

from dataclasses import dataclass

from o2c_desktop.errors import InputFileError
from o2c_desktop.messages import Message, joined, msg


@dataclass(frozen=True)
class Issue:
    """One problem at one place: sheet, row (1-based, as Excel shows it), column."""

    sheet: str | None
    row: int | None
    column: str | None
    expected: str
    found: str | None

    def describe(self) -> Message:
        """Where and what, as the quarantine report and the reason name it. ``expected`` and
        ``found`` are the file's and the schema's own words, kept as they are."""
        where = []
        if self.sheet:
            where.append(msg("ingest.issue_sheet", sheet=self.sheet))
        if self.row is not None:
            where.append(msg("ingest.issue_row", row=self.row))
        if self.column:
            where.append(msg("ingest.issue_column", column=self.column))
        place = joined(where, ", ") if where else msg("ingest.issue_file")
        empty = self.found is None or self.found == ""
        found = msg("ingest.issue_empty") if empty else msg("ingest.issue_found", value=self.found)
        return msg("ingest.issue", place=place, expected=self.expected, found=found)


class SchemaViolation(InputFileError):
    """The file breaks its dataset schema: it goes to quarantine, nothing is loaded."""

    def __init__(
        self,
        reason: Message,
        *,
        kind: str | None = None,
        issues: list[Issue] | None = None,
        details: str = "",
    ) -> None:
        super().__init__(reason, details=details)
        self.kind = kind
        self.issues = issues or []
