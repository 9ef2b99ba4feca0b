"""The report most analytics views are shown as, declared rather than written out each time."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import duckdb

from o2c_desktop.services.analytics.asof import Cut, relation
from o2c_desktop.services.analytics.report import Report, apply_filters
from o2c_desktop.settings import AnalyticsSettings


@dataclass(frozen=True)
class ViewReport:
    """What most reports are: one view as it stood at the cut, in a fixed order, narrowed by the
    clerk's filters. Called as a report function is: ``report(con, cut, settings, filters)``."""

    view: str
    title: str
    order_by: str
    columns: Sequence[str] | None = None  # None: every column of the view
    summary_by: Sequence[str] = ()
    summary_sums: Sequence[str] = ()

    def __call__(
        self,
        con: duckdb.DuckDBPyConnection,
        cut: Cut,
        settings: AnalyticsSettings,
        filters: Mapping[str, str] | None = None,
    ) -> Report:
        rel = relation(con, self.view, cut, settings, order_by=self.order_by)
        return Report(
            title=self.title,
            relation=apply_filters(rel, filters or {}),
            cut=cut,
            columns=tuple(rel.columns) if self.columns is None else self.columns,
            filters=dict(filters or {}),
            summary_by=self.summary_by,
            summary_sums=self.summary_sums,
        )
