"""Reading a report, decided once for the commands and the window.

* Team or local: ``--team``/``--local`` when given, else ``cloud.team_mode``; a team read refuses
  what only the local warehouse gives (an export, one row per folio) and says how to get it.
* The window's local reads (``WarehouseAccess``): DuckDB lets one process write a file only
  while no other process has it open, even read-only, so the window opens the warehouse only for
  the moment of a read and closes it at once, and the CLI (a sync, ``o2c demo``) can write while
  the window is showing. Within the process one more rule applies: the file cannot be open
  read-only and read-write at the same time. While the window's own sync writes, reads go
  through a cursor of the writer's connection; a write waits for reads in progress to finish
  before it opens the file. When the window hosts the scheduler, whose jobs open the file
  read-write at any moment, every read opens it read-write too.
* The report cache: a screen keeps its computed rows, and the next open of the screen, or
  ``o2c reconcile --format json|csv`` at the same cut, settings, filters and data, reads them.
* An export from a screen writes exactly the rows on screen (its filter and sort).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, Literal

import duckdb

from o2c_desktop.context import AppContext
from o2c_desktop.errors import UserError
from o2c_desktop.messages import Message, msg
from o2c_desktop.paths import AppPaths
from o2c_desktop.services.analytics import Cut, Report, export, make_cut
from o2c_desktop.services.analytics.report import ExportResult
from o2c_desktop.services.analytics.report_cache import ReportCache, cached_relation
from o2c_desktop.services.browse import BrowseTable, TableQuery
from o2c_desktop.services.status import WarehouseStatus, loaded_file_count, status_from_connection
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import AnalyticsSettings, CloudSettings

ReadSource = Literal["team", "local"]


# Requests only the local warehouse answers; a team read refuses them with these words.
EXPORT_READS_LOCAL = msg("report.export_reads_local")
GAP_DETAIL_READS_LOCAL = msg("report.gap_detail_reads_local")


def read_source(
    flag: bool | None,
    cloud: CloudSettings,
    *,
    has_team_view: bool = True,
    needs_local: Message | None = None,
) -> ReadSource:
    """Where a report reads: the command's ``--team`` / ``--local`` when given, else the
    setting; a report Snowflake has no view of always reads locally. ``needs_local`` names what
    was asked that only the local warehouse gives: a team read refuses it."""
    wanted = cloud.team_mode if flag is None else flag
    if not (wanted and has_team_view):
        return "local"
    if needs_local is not None:
        raise UserError(needs_local)
    return "team"


class WarehouseAccess:
    """Every read and write of the window's warehouse goes through one of these."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self._state = threading.Condition()
        self._readers = 0
        self._writer: Warehouse | None = None
        self._writing = False
        self._reads_read_write = False

    @contextmanager
    def reading_warehouse(self) -> Iterator[Warehouse]:
        """The warehouse for one read, from any thread: use only its ``cursor()``."""
        with self._state:
            while self._writing and self._writer is None:
                self._state.wait()  # the writer is opening the file
            writer = self._writer
            if writer is None:
                self._readers += 1
        if writer is not None:
            yield writer
            return
        try:
            with self.context.open_warehouse(read_only=not self._reads_read_write) as warehouse:
                yield warehouse
        finally:
            with self._state:
                self._readers -= 1
                self._state.notify_all()

    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection for one read, from any thread; closed afterwards."""
        with self.reading_warehouse() as warehouse:
            cursor = warehouse.cursor()
            try:
                yield cursor
            finally:
                cursor.close()

    def _take_the_file(self) -> None:
        """Wait until no one writes, mark this thread as the writer, then wait for the reads in
        progress to end."""
        with self._state:
            while self._writing:
                self._state.wait()
            self._writing = True
            while self._readers:
                self._state.wait()

    @contextmanager
    def writing(self) -> Iterator[Warehouse]:
        """The warehouse open read-write for a long job (a sync); one writer at a time."""
        self._take_the_file()
        try:
            warehouse = self.context.open_warehouse(read_only=False)
        except BaseException:
            with self._state:
                self._writing = False
                self._state.notify_all()
            raise
        with self._state:
            self._writer = warehouse
            self._state.notify_all()
        try:
            yield warehouse
        finally:
            with self._state:
                self._writer = None
                self._writing = False
                self._state.notify_all()
            warehouse.close()

    def share_with_read_write_opener(self, start: Callable[[], bool]) -> None:
        """Run ``start`` with no read in progress; when it returns True (something in this
        process now opens the file read-write on its own), reads from then on do the same."""
        self._take_the_file()
        sharing = False  # what ``start`` said, if it returned at all
        try:
            sharing = start()
        finally:
            with self._state:
                self._reads_read_write = self._reads_read_write or sharing
                self._writing = False
                self._state.notify_all()

    def status(self) -> WarehouseStatus:
        with self.reading() as con:
            return status_from_connection(con, self.context.paths.warehouse_file)


def report_cache(paths: AppPaths) -> ReportCache:
    """The one folder where screens keep computed reports and commands look for them."""
    return ReportCache(paths.cache_dir / "reports")


def relation_kept_by_a_screen(
    con: duckdb.DuckDBPyConnection,
    paths: AppPaths,
    settings: AnalyticsSettings,
    report: Report,
    cache_name: str,
) -> duckdb.DuckDBPyRelation:
    """The report's rows from the cache when its screen (``cache_name``) kept them for the same
    cut, settings, filters and data (the whole report: cached with every column); else the
    report's own relation."""
    if not cache_name:
        return report.relation
    cached = cached_relation(
        con, report_cache(paths), paths.warehouse_file, cache_name, report.relation,
        report.columns, report.cut, settings, report.filters,
    )  # fmt: skip
    return report.relation if cached is None else cached


def cached_rows(
    con: duckdb.DuckDBPyConnection,
    paths: AppPaths,
    report: Report,
    cache_name: str,
    columns: Sequence[str],
    settings: AnalyticsSettings,
) -> tuple[Any, Callable[[], None] | None]:
    """The rows of ``report`` (an Arrow table) and, when they were computed rather than found
    in the cache, what keeps them there (run it once they are on screen)."""
    cache = report_cache(paths)
    key = cache.key(
        con, paths.warehouse_file, cache_name, columns, report.cut, settings, report.filters
    )
    rows = cache.lookup(cache_name, key)
    if rows is not None:
        return rows, None
    rows = BrowseTable.read_relation(report.relation, columns)
    return rows, partial(cache.store, cache_name, key, rows)


def picked_cut(day: date, timezone: str) -> Cut:
    """The cut a screen's date picker names: today's is the CLI's default (everything loaded),
    so it shares the report cache entry that a sync warms; an earlier day is what was known at
    its end."""
    today = make_cut(None, timezone).as_of_date
    return make_cut(None if day == today else day, timezone)


# (connection, cut, settings) -> the service's report
ReportBuilder = Callable[[duckdb.DuckDBPyConnection, Cut, AnalyticsSettings], Report]
# The service's report -> what its chart draws (read while the report's connection is open)
ChartReader = Callable[[Report], Any]
# (connection, cut, settings) -> figures a page shows above its table (summary panels)
ExtraReader = Callable[[duckdb.DuckDBPyConnection, Cut, AnalyticsSettings], Any]


@dataclass(frozen=True)
class LoadedReport:
    report: Report
    table: BrowseTable
    chart: Any  # what the page's ChartReader read, or None
    extra: Any = None  # what the page's ExtraReader read, at the same cut
    nothing_loaded: bool = False  # the warehouse holds no loaded file at all
    # Writes freshly computed rows to the report cache; run after they are on screen.
    keep: Callable[[], None] | None = None


def load_report(
    access: WarehouseAccess,
    build: ReportBuilder,
    columns: Sequence[str],
    cut: Cut,
    settings: AnalyticsSettings,
    read_chart: ChartReader | None,
    cache_name: str,
    read_extra: ExtraReader | None = None,
) -> LoadedReport:
    """The report's rows, from the report cache when nothing they depend on has changed."""
    paths = access.context.paths
    with access.reading() as con:
        report = build(con, cut, settings)
        rows, keep = cached_rows(con, paths, report, cache_name, columns, settings)
        chart = read_chart(report) if read_chart is not None else None
        extra = read_extra(con, cut, settings) if read_extra is not None else None
        table = BrowseTable(rows, columns)
        nothing_loaded = table.total_rows == 0 and not loaded_file_count(con)
        return LoadedReport(report, table, chart, extra, nothing_loaded, keep)


def warm_report(
    access: WarehouseAccess,
    build: ReportBuilder,
    columns: Sequence[str],
    cut: Cut,
    settings: AnalyticsSettings,
    cache_name: str,
) -> None:
    """Compute the report into the cache unless it is already there: the next open is instant."""
    with access.reading() as con:
        report = build(con, cut, settings)
        _rows, keep = cached_rows(con, access.context.paths, report, cache_name, columns, settings)
    if keep is not None:
        keep()


def export_shown_rows(
    access: WarehouseAccess, report: Report, table: BrowseTable, query: TableQuery, target: Path,
    lang: str = "es", extra_parameters: Mapping[str, Any] | None = None,
) -> ExportResult:  # fmt: skip
    """The rows the clerk sees (``table`` under ``query``: filter and sort) written by the
    analytics export; what else chose them (beyond the cut and the filters) goes to the
    parameters as ``extra_parameters``."""
    scratch = duckdb.connect(":memory:")
    try:
        shown = Report(
            title=report.title,
            relation=scratch.from_arrow(table.arrow(query)),
            cut=report.cut,
            columns=table.columns,
            filters=query.describe(),
            summary_by=[c for c in report.summary_by if c in table.columns],
            summary_sums=[c for c in report.summary_sums if c in table.columns],
        )
        with access.reading() as con:
            return export(con, shown, target, lang=lang, extra_parameters=extra_parameters)
    finally:
        scratch.close()
