"""Cash projection (DOMAIN §7): the supplier's expected cash per week for N weeks from the cut.

Each figure is the sum of events of the ``cashflow_item`` view (one per invoice and kind of cash),
so every amount traces back to its invoices (:meth:`CashflowProjection.events_for`). Week k spans
the days [as_of + 7(k−1), as_of + 7k − 1]; nothing is dated before the cut (overdue invoices are
expected on it). The running total adds the P50 figures (institution payments at P50, advances,
reserves, fees); the institution payments at P90 are shown beside them for the slower case.

Inputs are explicit (a warehouse connection, the analytics settings and the cut) and the result is
plain typed data, so the module serves the CLI, the window and the benchmark alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import duckdb

from o2c_desktop.errors import UserError
from o2c_desktop.messages import msg
from o2c_desktop.services.analytics.asof import Cut, relation
from o2c_desktop.settings import AnalyticsSettings

DEFAULT_WEEKS = 13
MAX_WEEKS = 104
ZERO = Decimal("0.00")

# Week figure → (event concept, which date places it in a week).
FIGURES: dict[str, tuple[str, str]] = {
    "institution_p50": ("cobro_institucion", "date_p50"),
    "institution_p90": ("cobro_institucion", "date_p90"),
    "advances": ("anticipo", "date_p50"),
    "reserves": ("reserva", "date_p50"),
    "fees": ("comision", "date_p50"),
}
NET_FIGURES = ("institution_p50", "advances", "reserves", "fees")
WEEK_COLUMNS: tuple[str, ...] = (
    "week", "start", "end", *FIGURES, "net", "running_total",
)  # fmt: skip
EVENT_COLUMNS: tuple[str, ...] = (
    "concept", "institution", "uuid", "invoice", "stage", "factor", "factoring_state", "recourse",
    "invoice_amount", "expected_penalty", "date_p50", "date_p90", "amount",
)  # fmt: skip
EVENT_ORDER = "fecha_p50, concepto, uuid"
# The view's column behind each event field.
_VIEW_COLUMNS: dict[str, str] = {
    "concept": "concepto", "institution": "institucion", "uuid": "uuid",
    "invoice": "folio_factura", "stage": "etapa", "factor": "factor",
    "factoring_state": "estado_factoraje", "recourse": "con_recurso",
    "invoice_amount": "importe_factura", "expected_penalty": "penalizacion_esperada",
    "date_p50": "fecha_p50", "date_p90": "fecha_p90", "amount": "importe",
}  # fmt: skip


@dataclass(frozen=True)
class CashEvent:
    """One expected cash movement of one invoice."""

    concept: str  # cobro_institucion | anticipo | reserva | comision
    institution: str | None
    uuid: str
    invoice: str | None
    stage: str | None
    factor: str | None
    factoring_state: str | None
    recourse: bool | None
    invoice_amount: Decimal | None
    expected_penalty: Decimal
    date_p50: date
    date_p90: date
    amount: Decimal

    def as_record(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CashWeek:
    week: int
    start: date
    end: date
    institution_p50: Decimal
    institution_p90: Decimal
    advances: Decimal
    reserves: Decimal
    fees: Decimal
    net: Decimal
    running_total: Decimal

    def as_record(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CashflowProjection:
    cut: Cut
    weeks: tuple[CashWeek, ...]
    events: tuple[CashEvent, ...]

    def week_of(self, day: date) -> int | None:
        """The number of the week holding ``day``, or None outside the window."""
        offset = (day - self.cut.as_of_date).days
        number = offset // 7 + 1
        return number if offset >= 0 and number <= len(self.weeks) else None

    def events_for(self, week: int, figure: str) -> list[CashEvent]:
        """The events summed in ``figure`` of ``week`` (net and running_total: every event of
        the P50 figures in that week, or up to it)."""
        if figure in FIGURES:
            concept, placed_by = FIGURES[figure]
            return [
                e
                for e in self.events
                if e.concept == concept and self.week_of(getattr(e, placed_by)) == week
            ]
        if figure in ("net", "running_total"):
            wanted = [week] if figure == "net" else list(range(1, week + 1))
            return [e for n in wanted for name in NET_FIGURES for e in self.events_for(n, name)]
        raise KeyError(figure)

    @property
    def week_records(self) -> list[dict[str, Any]]:
        return [w.as_record() for w in self.weeks]


def check_weeks(weeks: int) -> None:
    if not 1 <= weeks <= MAX_WEEKS:
        raise UserError(msg("cashflow.weeks_out_of_range", weeks=weeks, most=MAX_WEEKS))


def load_events(
    con: duckdb.DuckDBPyConnection, cut: Cut, settings: AnalyticsSettings
) -> list[CashEvent]:
    """Every expected cash event at the cut, in date order."""
    view_columns = [_VIEW_COLUMNS[c] for c in EVENT_COLUMNS]
    rel = relation(
        con, "cashflow_item", cut, settings, select=", ".join(view_columns), order_by=EVENT_ORDER
    )
    return [_event(dict(zip(EVENT_COLUMNS, row, strict=True))) for row in rel.fetchall()]


def events_from_view_records(rows: Iterable[Mapping[str, Any]]) -> list[CashEvent]:
    """Events from rows of the ``cashflow_item`` view read elsewhere (Snowflake in team mode),
    keyed by the view's column names, in the same order as :func:`load_events`."""
    events = [_event({c: row[_VIEW_COLUMNS[c]] for c in EVENT_COLUMNS}) for row in rows]
    return sorted(events, key=lambda e: (e.date_p50, e.concept, e.uuid))


def _event(values: dict[str, Any]) -> CashEvent:
    values["expected_penalty"] = values["expected_penalty"] or ZERO
    for money in ("invoice_amount", "expected_penalty", "amount"):
        if values[money] is not None:  # two decimals whichever database computed it
            values[money] = Decimal(str(values[money])).quantize(ZERO)
    return CashEvent(**values)


def project(
    con: duckdb.DuckDBPyConnection,
    cut: Cut,
    settings: AnalyticsSettings,
    weeks: int = DEFAULT_WEEKS,
) -> CashflowProjection:
    """The weekly projection for ``weeks`` weeks from the cut."""
    check_weeks(weeks)
    return project_events(cut, load_events(con, cut, settings), weeks)


def project_events(cut: Cut, events: Sequence[CashEvent], weeks: int) -> CashflowProjection:
    """The weekly figures of events already read (locally or from Snowflake)."""
    check_weeks(weeks)
    shell = CashflowProjection(
        cut, tuple(_empty_week(cut, n) for n in range(1, weeks + 1)), tuple(events)
    )
    sums = {(n, f): ZERO for n in range(1, weeks + 1) for f in FIGURES}
    for event in events:
        for figure, (concept, placed_by) in FIGURES.items():
            if event.concept != concept:
                continue
            number = shell.week_of(getattr(event, placed_by))
            if number is not None:
                sums[number, figure] += event.amount
    running = ZERO
    built = []
    for week in shell.weeks:
        figures = {f: sums[week.week, f] for f in FIGURES}
        net = sum((figures[f] for f in NET_FIGURES), ZERO)
        running += net
        built.append(
            CashWeek(week.week, week.start, week.end, **figures, net=net, running_total=running)
        )
    return CashflowProjection(cut, tuple(built), tuple(events))


def _empty_week(cut: Cut, number: int) -> CashWeek:
    start = cut.as_of_date + timedelta(days=7 * (number - 1))
    return CashWeek(number, start, start + timedelta(days=6), *([ZERO] * 7))
