"""What can be wrong with an input file, in words a clerk can act on."""

from __future__ import annotations

from dataclasses import dataclass

from o2c_desktop.errors import InputFileError


@dataclass(frozen=True)
class Issue:
    """One problem at one place: sheet, row (1-based, as Excel shows it), column."""

    sheet: str | None
    row: int | None
    column: str | None
    expected: str
    found: str | None

    def describe_es(self) -> str:
        where = []
        if self.sheet:
            where.append(f"hoja «{self.sheet}»")
        if self.row is not None:
            where.append(f"fila {self.row}")
        if self.column:
            where.append(f"columna «{self.column}»")
        place = ", ".join(where) or "archivo"
        found = "vacío" if self.found is None or self.found == "" else f"«{self.found}»"
        return f"{place}: se esperaba {self.expected}; se encontró {found}"


class SchemaViolation(InputFileError):
    """The file breaks its dataset schema: it goes to quarantine, nothing is loaded."""

    def __init__(
        self,
        es: str,
        en: str | None = None,
        *,
        kind: str | None = None,
        issues: list[Issue] | None = None,
        details: str = "",
    ) -> None:
        super().__init__(es, en, details=details)
        self.kind = kind
        self.issues = issues or []
