"""The schema of a new warehouse in one pass: every migration, each view created once.

DuckDB binds a view when it is created, and binding a view binds every view beneath it. The
migrations recreate the analytics views several times over (each change ships every view it
touched), which made a new warehouse cost seconds of binding for views that the next migration
replaced. A new file needs only the last definition of each view: this module keeps every other
statement in its migration order and creates each view once, after the tables, beneath-first.

A view a later migration drops is not created at all. A statement other than a view's that
reads a view (a table filled from one) would find none on a new file: it fails the warehouse
tests at once, and belongs after the views. A file migrated step by step and a file created here
hold the same tables, rows and view texts; the warehouse tests compare the two catalogues.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

import duckdb

# The statement's own leading comments are part of its text (DuckDB keeps them).
_LEADING_COMMENTS = r"^(?:\s|--[^\n]*\n)*"
_VIEW = re.compile(_LEADING_COMMENTS + r"CREATE\s+(?:OR\s+REPLACE\s+)?VIEW\s+(\w+)", re.I)
_DROP_VIEW = re.compile(_LEADING_COMMENTS + r"DROP\s+VIEW\s+(?:IF\s+EXISTS\s+)?(\w+)", re.I)
_COMMENT_OR_STRING = re.compile(r"--[^\n]*|'(?:[^']|'')*'|/\*.*?\*/", re.DOTALL)


class _Migration(Protocol):
    @property
    def sql(self) -> str: ...


class FreshSchemaError(Exception):
    """The views' last definitions do not form an order they can be created in."""


def view_name(statement: str) -> str | None:
    """The view a CREATE VIEW statement creates; None for any other statement."""
    match = _VIEW.match(statement)
    return match.group(1).lower() if match else None


def fresh_schema_statements(migrations: Sequence[_Migration]) -> list[str]:
    """Every statement of ``migrations`` but the view definitions, in order, then the last
    definition of each view, every view after the views its text names."""
    others: list[str] = []
    last_definition: dict[str, str] = {}
    for migration in migrations:
        for statement in duckdb.extract_statements(migration.sql):
            text = statement.query
            name = view_name(text)
            if (dropped := _DROP_VIEW.match(text)) is not None:
                last_definition.pop(dropped.group(1).lower(), None)  # never created, then
            elif name is None:
                others.append(text)
            else:
                last_definition.pop(name, None)  # kept in the order of their last definition
                last_definition[name] = text
    return others + _beneath_first(last_definition)


def _code(sql: str) -> str:
    """The statement without its comments and string literals (they name views in prose)."""
    return _COMMENT_OR_STRING.sub(" ", sql)


def _beneath_first(definitions: dict[str, str]) -> list[str]:
    """The definitions ordered so that each comes after every other view its code names (a
    word match: a column named like a view only adds an edge; a cycle is refused)."""
    names = list(definitions)
    words = {name: set(re.findall(r"\w+", _code(definitions[name]).lower())) for name in names}
    beneath = {
        name: {other for other in names if other != name and other in words[name]} for name in names
    }
    ordered: list[str] = []
    placed: set[str] = set()
    while len(ordered) < len(names):
        ready = [n for n in names if n not in placed and beneath[n] <= placed]
        if not ready:
            cycle = sorted(n for n in names if n not in placed)
            raise FreshSchemaError(f"views naming each other: {', '.join(cycle)}")
        for name in ready:
            ordered.append(definitions[name])
            placed.add(name)
    return ordered
