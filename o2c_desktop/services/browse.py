"""Browse a report a page at a time: an in-memory copy with filter and sort done in SQL.

A screen reads a report once (the warehouse is open only for that moment) and hands the rows to a
:class:`BrowseTable`. Building one reads only the first page, so the screen shows rows at once;
:meth:`BrowseTable.copy_rows` then copies every row into an in-memory DuckDB database, which every
filter and sort needs. Each filter-and-sort choice is an *arrangement*: the matching row numbers
in order, stored as a small table, so every later page is a cheap positional read whatever the
sort, and a million rows stay responsive.

Any thread may call any method; queries are serialised by one lock because DuckDB connections
are not to be shared between threads while in use. A read that needs the copy waits for it, or
makes it when nobody has. Releasing an arrangement never waits for a query, so the GUI thread may
do it.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb

from o2c_desktop.services.columns import REASON_WORDS, kind_of
from o2c_desktop.services.sqlquote import quote_identifier, quote_literal

FIRST_PAGE_ROWS = 200
_SOURCE = "source_rows"
_SEARCH = "_buscar"
_TEXT_TYPES = ("VARCHAR",)
# Row ids count from 1 in report order. The copy keeps that order, so a row's id is its DuckDB
# rowid plus one, and no numbering pass over a million rows is needed.


@dataclass(frozen=True)
class TableQuery:
    """Which rows and in which order: the clerk's filter box, column filters and sort."""

    text: str = ""  # contained in any text column, ignoring case
    contains: Mapping[str, str] = field(default_factory=dict)  # column -> contained text
    sort_column: str | None = None
    descending: bool = False

    @property
    def keeps_report_order(self) -> bool:
        """Every row in the report's own order: the answer whose first page is known at once."""
        return not self.text.strip() and not self.contains and self.sort_column is None

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

    def __init__(
        self, source: Any, columns: Sequence[str], first_page_rows: int = FIRST_PAGE_ROWS
    ) -> None:
        """``source``: anything DuckDB can scan (a relation's Arrow table, a pyarrow table); it
        is held until :meth:`copy_rows` has copied it."""
        self.columns = list(columns)
        self._lock = threading.Lock()
        self._con = duckdb.connect(":memory:")
        self._arrangements = itertools.count(1)
        # Which arrangements may be paged, and which await their DROP; held for no query.
        self._ids_lock = threading.Lock()
        self._live: set[int] = set()
        self._released: list[int] = []
        self._copied = threading.Event()
        self._con.register(_SOURCE, source)
        kinds = {
            str(name): str(kind)
            for name, kind, *_ in self._con.execute(f"DESCRIBE {_SOURCE}").fetchall()
        }
        self.types = {c: kinds[c] for c in self.columns}
        self.total_rows = int(self._con.execute(f"SELECT count(*) FROM {_SOURCE}").fetchall()[0][0])  # noqa: S608 - columns quoted; ids int
        first = self._con.execute(
            f"SELECT {self._selected()} FROM {_SOURCE} LIMIT ?",  # noqa: S608 - columns quoted; ids int
            [int(first_page_rows)],
        ).fetchall()
        # The rows of the report order's first page, each starting with its row id, as
        # :meth:`page` gives them.
        self.first_page: list[tuple[Any, ...]] = [
            (row_id, *values) for row_id, values in enumerate(first, start=1)
        ]

    @classmethod
    def from_relation(
        cls, relation: duckdb.DuckDBPyRelation, columns: Sequence[str]
    ) -> BrowseTable:
        return cls(cls.read_relation(relation, columns), columns)

    @staticmethod
    def read_relation(relation: duckdb.DuckDBPyRelation, columns: Sequence[str]) -> Any:
        """The rows a table over ``relation`` holds, as an Arrow table."""
        return relation.select(*[duckdb.ColumnExpression(c) for c in columns]).to_arrow_table()

    @property
    def copied(self) -> bool:
        """Whether filters and sorts can run without waiting for the copy."""
        return self._copied.is_set()

    def wait_copied(self, timeout_s: float) -> bool:
        """Wait until the copy is done (by whichever thread runs it); whether it is."""
        return self._copied.wait(timeout_s)

    def copy_rows(self) -> None:
        """Copy every row into memory (seconds for a million rows); does nothing the second
        time."""
        with self._lock:
            self._copy_locked()

    def _copy_locked(self) -> None:
        if self._copied.is_set():
            return
        texts = ", ".join(
            _searched(c) for c in self.columns if self.types[c].startswith(_TEXT_TYPES)
        )
        # One lower-cased column of all text: the filter box scans one column, not twenty.
        joined = f"lower(concat_ws(' ', {texts}))" if texts else "''"
        # Copied by one thread: a parallel copy leaves every thread's own row groups behind,
        # a third more memory for as long as the page is open (161k reconciliation rows:
        # 125 MB against 90 MB) for no faster copy on two busy cores. Queries run in parallel.
        self._con.execute("SET threads = 1")
        try:
            self._con.execute(
                f"CREATE TABLE browse AS SELECT {self._selected()}, {joined} AS {_SEARCH} "  # noqa: S608 - columns quoted; ids int
                f"FROM {_SOURCE}"
            )
        finally:
            self._con.execute("RESET threads")
        self._con.unregister(_SOURCE)
        self._copied.set()

    def close(self) -> None:
        with self._lock:
            self._con.close()

    def _selected(self, prefix: str = "") -> str:
        return ", ".join(prefix + quote_identifier(c) for c in self.columns)

    # -- filtering and sorting ------------------------------------------------------------

    def _where(self, query: TableQuery) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if query.text.strip():
            clauses.append(f"contains({_SEARCH}, ?)")
            params.append(query.text.strip().lower())
        for column, value in query.contains.items():
            self._check_column(column)
            clauses.append(f"contains(lower(CAST({quote_identifier(column)} AS VARCHAR)), ?)")
            params.append(value.strip().lower())
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def _order(self, query: TableQuery) -> str:
        if query.sort_column is None:
            return "rowid"
        self._check_column(query.sort_column)
        direction = "DESC" if query.descending else "ASC"
        # The row order breaks ties, so pages never repeat or skip a row.
        return f"{quote_identifier(query.sort_column)} {direction} NULLS LAST, rowid"

    def _check_column(self, column: str) -> None:
        if column not in self.types:
            raise KeyError(f"no column {column!r} in this table")

    def arrange(self, query: TableQuery) -> Arrangement:
        """Filter and sort once; later :meth:`page` calls read the result by position."""
        where, params = self._where(query)
        order = self._order(query)
        with self._lock:
            self._copy_locked()
            with self._ids_lock:
                released, self._released = self._released, []
            for old in released:
                self._con.execute(f"DROP TABLE arrangement_{old}")
            arrangement_id = next(self._arrangements)
            self._con.execute(
                f"CREATE TABLE arrangement_{arrangement_id} AS SELECT rowid AS report_row "  # noqa: S608 - columns quoted; ids int
                f"FROM browse{where} ORDER BY {order}",
                params,
            )
            rows = self._con.execute(
                f"SELECT count(*) FROM arrangement_{arrangement_id}"  # noqa: S608 - columns quoted; ids int
            ).fetchall()[0][0]
            with self._ids_lock:
                self._live.add(arrangement_id)
        return Arrangement(arrangement_id, int(rows), query)

    def release(self, arrangement: Arrangement) -> None:
        """Forget an arrangement nobody will page any more; its table goes with the next
        :meth:`arrange`."""
        with self._ids_lock:
            if arrangement.arrangement_id in self._live:
                self._live.discard(arrangement.arrangement_id)
                self._released.append(arrangement.arrangement_id)

    def page(self, arrangement: Arrangement, offset: int, limit: int) -> list[tuple[Any, ...]]:
        """Rows ``offset``..``offset + limit`` of an arrangement, each starting with its row id.

        An arrangement already released gives no rows (a late answer to a superseded query).
        """
        with self._lock:
            with self._ids_lock:
                if arrangement.arrangement_id not in self._live:
                    return []
            return self._con.execute(
                f"SELECT wanted.report_row + 1, {self._selected('b.')} FROM ("  # noqa: S608 - columns quoted; ids int
                f"  SELECT report_row, row_number() OVER () AS position"
                f"  FROM (SELECT report_row FROM arrangement_{arrangement.arrangement_id}"
                f"        LIMIT ? OFFSET ?)"
                f") AS wanted JOIN browse AS b ON b.rowid = wanted.report_row"
                f" ORDER BY wanted.position",
                [int(limit), int(offset)],
            ).fetchall()

    def row(self, row_id: int) -> dict[str, Any]:
        """Every column of one row, by its row id."""
        if 1 <= row_id <= len(self.first_page):
            # Answered without the lock: while the copy runs these are the rows on screen, and
            # a clerk's double-click must not wait for it.
            return dict(zip(self.columns, self.first_page[row_id - 1][1:], strict=True))
        with self._lock:
            self._copy_locked()
            found = self._con.execute(
                f"SELECT {self._selected()} FROM browse WHERE rowid = ?",  # noqa: S608 - columns quoted; ids int
                [row_id - 1],
            ).fetchall()
        if not found:
            raise KeyError(row_id)
        return dict(zip(self.columns, found[0], strict=True))

    def distinct_values(self, column: str, limit: int = 200) -> list[str]:
        """The first ``limit`` distinct values of a column as text, for a filter's choices."""
        self._check_column(column)
        with self._lock:
            self._copy_locked()
            rows = self._con.execute(
                f"SELECT DISTINCT CAST({quote_identifier(column)} AS VARCHAR) AS v FROM browse "  # noqa: S608 - columns quoted; ids int
                "WHERE v IS NOT NULL ORDER BY v LIMIT ?",
                [int(limit)],
            ).fetchall()
        return [str(r[0]) for r in rows]

    def arrow(self, query: TableQuery) -> Any:
        """Every row of the query, filtered and sorted, as an Arrow table (for exports)."""
        where, params = self._where(query)
        order = self._order(query)
        with self._lock:
            self._copy_locked()
            return self._con.sql(
                f"SELECT {self._selected()} FROM browse{where} ORDER BY {order}",  # noqa: S608 - columns quoted; ids int
                params=params,
            ).to_arrow_table()


def _searched(column: str) -> str:
    """The text the filter box finds a column by: a reason code also by the words the table
    shows for it, in either language."""
    expression = quote_identifier(column)
    if kind_of(column) not in ("reason", "reasons"):
        return expression
    for code, (es, en) in REASON_WORDS.items():
        said = quote_literal(f"{code} {es} {en}")
        expression = f"replace({expression}, {quote_literal(code)}, {said})"
    return expression
