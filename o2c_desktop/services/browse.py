"""Browse a report a page at a time: an in-memory copy with filter and sort done in SQL.

A screen reads a report once (the warehouse is open only for that moment), keeps the rows in an
in-memory DuckDB database and from then on asks for pages. Each filter-and-sort choice is an
*arrangement*: the matching row numbers in order, stored as a small table, so every later page is
a cheap positional read whatever the sort, and a million rows stay responsive.

Any thread may call any method; calls are serialised by one lock because DuckDB connections are
not to be shared between threads while in use.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb

ROW_ID = "_fila"
_SEARCH = "_buscar"
_TEXT_TYPES = ("VARCHAR",)


@dataclass(frozen=True)
class TableQuery:
    """Which rows and in which order: the clerk's filter box, column filters and sort."""

    text: str = ""  # contained in any text column, ignoring case
    contains: Mapping[str, str] = field(default_factory=dict)  # column -> contained text
    sort_column: str | None = None
    descending: bool = False

    def describe(self) -> dict[str, str]:
        """The query as parameters for an export's manifest or parameters sheet."""
        described = {f"{column} contiene": value for column, value in self.contains.items()}
        if self.text:
            described["texto"] = self.text
        if self.sort_column:
            order = "descendente" if self.descending else "ascendente"
            described["orden"] = f"{self.sort_column} {order}"
        return described


@dataclass(frozen=True)
class Arrangement:
    """One filter-and-sort result: its id for :meth:`BrowseTable.page` and its row count."""

    arrangement_id: int
    rows: int
    query: TableQuery


class BrowseTable:
    """The rows of one report, copied into memory, browsed by page."""

    def __init__(self, source: Any, columns: Sequence[str]) -> None:
        """``source``: anything DuckDB can scan (a relation's Arrow table, a pyarrow table)."""
        self.columns = list(columns)
        self._lock = threading.Lock()
        self._con = duckdb.connect(":memory:")
        self._arrangements = itertools.count(1)
        self._live: set[int] = set()
        self._con.register("source_rows", source)
        kinds = {
            str(name): str(kind)
            for name, kind, *_ in self._con.execute("DESCRIBE source_rows").fetchall()
        }
        self.types = {c: kinds[c] for c in self.columns}
        texts = [c for c in self.columns if self.types[c].startswith(_TEXT_TYPES)]
        # One lower-cased column of all text: the filter box scans one column, not twenty.
        joined = " || ' ' || ".join(f"coalesce(lower({_quote(c)}), '')" for c in texts) or "''"
        selected = ", ".join(_quote(c) for c in self.columns)
        self._con.execute(
            f"CREATE TABLE browse AS SELECT row_number() OVER () AS {ROW_ID}, {selected}, "
            f"{joined} AS {_SEARCH} FROM source_rows"
        )
        self._con.unregister("source_rows")
        self.total_rows = int(self._con.execute("SELECT count(*) FROM browse").fetchall()[0][0])

    @classmethod
    def from_relation(
        cls, relation: duckdb.DuckDBPyRelation, columns: Sequence[str]
    ) -> BrowseTable:
        selected = relation.select(*[duckdb.ColumnExpression(c) for c in columns])
        return cls(selected.to_arrow_table(), columns)

    def close(self) -> None:
        with self._lock:
            self._con.close()

    # -- filtering and sorting ------------------------------------------------------------

    def _where(self, query: TableQuery) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if query.text.strip():
            clauses.append(f"contains({_SEARCH}, ?)")
            params.append(query.text.strip().lower())
        for column, value in query.contains.items():
            self._check_column(column)
            clauses.append(f"contains(lower(CAST({_quote(column)} AS VARCHAR)), ?)")
            params.append(value.strip().lower())
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def _order(self, query: TableQuery) -> str:
        if query.sort_column is None:
            return ROW_ID
        self._check_column(query.sort_column)
        direction = "DESC" if query.descending else "ASC"
        # The row number breaks ties, so pages never repeat or skip a row.
        return f"{_quote(query.sort_column)} {direction} NULLS LAST, {ROW_ID}"

    def _check_column(self, column: str) -> None:
        if column not in self.types:
            raise KeyError(f"no column {column!r} in this table")

    def arrange(self, query: TableQuery) -> Arrangement:
        """Filter and sort once; later :meth:`page` calls read the result by position."""
        where, params = self._where(query)
        with self._lock:
            arrangement_id = next(self._arrangements)
            self._con.execute(
                f"CREATE TABLE arrangement_{arrangement_id} AS SELECT {ROW_ID} FROM browse"
                f"{where} ORDER BY {self._order(query)}",
                params,
            )
            rows = self._con.execute(
                f"SELECT count(*) FROM arrangement_{arrangement_id}"
            ).fetchall()[0][0]
            self._live.add(arrangement_id)
        return Arrangement(arrangement_id, int(rows), query)

    def release(self, arrangement: Arrangement) -> None:
        """Forget an arrangement nobody will page any more."""
        with self._lock:
            if arrangement.arrangement_id in self._live:
                self._live.discard(arrangement.arrangement_id)
                self._con.execute(f"DROP TABLE arrangement_{arrangement.arrangement_id}")

    def page(self, arrangement: Arrangement, offset: int, limit: int) -> list[tuple[Any, ...]]:
        """Rows ``offset``..``offset + limit`` of an arrangement, each starting with its row id.

        An arrangement already released gives no rows (a late answer to a superseded query).
        """
        selected = ", ".join(f"b.{_quote(c)}" for c in self.columns)
        with self._lock:
            if arrangement.arrangement_id not in self._live:
                return []
            return self._con.execute(
                f"SELECT b.{ROW_ID}, {selected} FROM ("
                f"  SELECT {ROW_ID}, row_number() OVER () AS position"
                f"  FROM (SELECT {ROW_ID} FROM arrangement_{arrangement.arrangement_id}"
                f"        LIMIT ? OFFSET ?)"
                f") AS wanted JOIN browse AS b USING ({ROW_ID}) ORDER BY wanted.position",
                [int(limit), int(offset)],
            ).fetchall()

    def row(self, row_id: int) -> dict[str, Any]:
        """Every column of one row, by its row id."""
        selected = ", ".join(_quote(c) for c in self.columns)
        with self._lock:
            found = self._con.execute(
                f"SELECT {selected} FROM browse WHERE {ROW_ID} = ?", [row_id]
            ).fetchall()
        if not found:
            raise KeyError(row_id)
        return dict(zip(self.columns, found[0], strict=True))

    def distinct_values(self, column: str, limit: int = 200) -> list[str]:
        """The first ``limit`` distinct values of a column as text, for a filter's choices."""
        self._check_column(column)
        with self._lock:
            rows = self._con.execute(
                f"SELECT DISTINCT CAST({_quote(column)} AS VARCHAR) AS v FROM browse "
                "WHERE v IS NOT NULL ORDER BY v LIMIT ?",
                [int(limit)],
            ).fetchall()
        return [str(r[0]) for r in rows]

    def arrow(self, query: TableQuery) -> Any:
        """Every row of the query, filtered and sorted, as an Arrow table (for exports)."""
        where, params = self._where(query)
        selected = ", ".join(_quote(c) for c in self.columns)
        with self._lock:
            return self._con.sql(
                f"SELECT {selected} FROM browse{where} ORDER BY {self._order(query)}",
                params=params,
            ).to_arrow_table()


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'
