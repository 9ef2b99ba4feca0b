"""Gap reports read from the ledger: ranges or single folios of a period as of an instant, and
the stores with most missing folios.

As of T a range is ``abierto`` when its version was open at T, ``cerrado`` when a late invoice
had filled it by T. Versions replaced by a split are not listed: their pieces are.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Literal

import duckdb

from o2c_desktop.errors import UserError
from o2c_desktop.messages import msg
from o2c_desktop.services.gaps.periods import Period
from o2c_desktop.settings import GapsSettings

RANGE_COLUMNS = [
    "emisor_rfc", "tienda", "serie", "gap_inicio", "gap_fin", "faltantes",
    "folio_anterior", "fecha_anterior", "folio_siguiente", "fecha_siguiente",
    "fecha_periodo", "detectado_en", "estado", "cerrado_en", "cerrado_por_uuid",
]  # fmt: skip
RANGE_ORDER = "tienda, emisor_rfc, serie, gap_inicio"
FOLIO_COLUMNS = [*RANGE_COLUMNS[:3], "folio_faltante", *RANGE_COLUMNS[3:]]
TOP_COLUMNS = [
    "lugar",
    "emisor_rfc",
    "tienda",
    "faltantes",
    "rangos",
    "primer_folio",
    "ultimo_folio",
]


@dataclass(frozen=True)
class GapQuery:
    period: Period
    as_of: datetime
    store: str | None = None
    serie: str | None = None
    rule: Literal["next", "previous"] = "next"
    basis: Literal["issue", "upload"] = "issue"
    only_open: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def under_settings(
        cls,
        period: Period,
        as_of: datetime,
        settings: GapsSettings,
        *,
        store: str | None = None,
        serie: str | None = None,
    ) -> GapQuery:
        """The query for a period as the gaps settings read it: the period rule always, the
        day basis (issue or upload date) only for a single day; months and ranges go by issue."""
        basis = settings.day_basis if period.kind == "day" else "issue"
        return cls(period, as_of, store, serie, settings.period_rule, basis)

    def for_period(self, period: Period) -> GapQuery:
        """The same question about another period (each month of the monthly set)."""
        return replace(self, period=period)

    def open_only(self) -> GapQuery:
        """The same question about the ranges still open at the instant."""
        return replace(self, only_open=True)

    def parameters(self) -> dict[str, Any]:
        return {
            "periodo": self.period.label,
            "desde": self.period.start,
            "hasta": self.period.end,
            "al_corte": self.as_of,
            "tienda": self.store or "todas",
            "serie": self.serie or "todas",
            "regla_periodo": "folio siguiente" if self.rule == "next" else "folio anterior",
            "base_fecha": "emisión" if self.basis == "issue" else "carga",
            **self.extra,
        }


def _period_date(query: GapQuery) -> str:
    issued = "coalesce(g.next_issued_at, g.prev_issued_at)"
    if query.rule == "previous":
        issued = "coalesce(g.prev_issued_at, g.next_issued_at)"
    if query.basis == "upload":
        side = "prev" if query.rule == "previous" else "next"
        return f"CAST(coalesce(g.{side}_uploaded_at, {issued}) AS DATE)"
    return f"CAST({issued} AS DATE)"


def _filters(query: GapQuery) -> tuple[str, dict[str, Any]]:
    params: dict[str, Any] = {"as_of": query.as_of, "start": query.period.start,
                              "end": query.period.end}  # fmt: skip
    open_then = "g.opened_at <= $as_of AND (g.closed_at IS NULL OR g.closed_at > $as_of)"
    filled_by_then = "g.close_reason = 'filled' AND g.closed_at <= $as_of"
    shown = open_then if query.only_open else f"(({open_then}) OR ({filled_by_then}))"
    where = [shown, f"{_period_date(query)} BETWEEN $start AND $end"]
    if query.store:
        where.append("g.store_id = $store")
        params["store"] = query.store
    if query.serie:
        where.append("g.serie = $serie")
        params["serie"] = query.serie.strip().upper()
    return " AND ".join(where), params


def ranges_sql(query: GapQuery) -> tuple[str, dict[str, Any]]:
    """The ranges query (unordered) and its ``$name`` parameters; team mode runs it too."""
    where, params = _filters(query)
    sql = f"""
        SELECT g.issuer_rfc AS emisor_rfc, g.store_id AS tienda, g.serie,
               g.gap_start AS gap_inicio, g.gap_end AS gap_fin, g.missing AS faltantes,
               g.prev_folio AS folio_anterior, g.prev_issued_at AS fecha_anterior,
               g.next_folio AS folio_siguiente, g.next_issued_at AS fecha_siguiente,
               {_period_date(query)} AS fecha_periodo,
               g.first_detected_at AS detectado_en,
               CASE WHEN g.closed_at IS NULL OR g.closed_at > $as_of
                    THEN 'abierto' ELSE 'cerrado' END AS estado,
               CASE WHEN g.closed_at <= $as_of THEN g.closed_at END AS cerrado_en,
               CASE WHEN g.closed_at <= $as_of THEN g.closed_by_uuid END AS cerrado_por_uuid
        FROM gap_ledger g
        WHERE {where}
    """  # noqa: S608 - constant SQL; values bound
    return sql, params


def ranges(con: duckdb.DuckDBPyConnection, query: GapQuery) -> duckdb.DuckDBPyRelation:
    """One row per gap range (``RANGE_COLUMNS``), ordered by store, serie and folio."""
    sql, params = ranges_sql(query)
    return con.sql(f"{sql} ORDER BY {RANGE_ORDER}", params=params)


def missing_folios(con: duckdb.DuckDBPyConnection, query: GapQuery) -> duckdb.DuckDBPyRelation:
    """One row per missing folio (``FOLIO_COLUMNS``): the ranges expanded, for auditors."""
    sql, params = ranges_sql(query)
    columns = ", ".join(f"r.{c}" for c in FOLIO_COLUMNS if c != "folio_faltante")
    return con.sql(
        f"""
        SELECT {columns}, unnest(range(r.gap_inicio, r.gap_fin + 1)) AS folio_faltante
        FROM ({sql}) r ORDER BY r.tienda, r.emisor_rfc, r.serie, folio_faltante
        """,  # noqa: S608 - constant SQL; values bound
        params=params,
    ).select(*FOLIO_COLUMNS)


def top_stores_sql(query: GapQuery, n: int) -> tuple[str, dict[str, Any]]:
    """The top-stores query (``TOP_COLUMNS`` without ``lugar``) and its parameters."""
    sql, params = ranges_sql(query.open_only())
    top = f"""
        SELECT emisor_rfc, tienda, sum(faltantes) AS faltantes, count(*) AS rangos,
               min(gap_inicio) AS primer_folio, max(gap_fin) AS ultimo_folio
        FROM ({sql})
        GROUP BY emisor_rfc, tienda
        ORDER BY faltantes DESC, rangos DESC, tienda, emisor_rfc
        LIMIT {int(n)}
        """  # noqa: S608 - constant SQL; values bound
    return top, params


def ranked(rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """Rows of the top-stores query as records numbered from 1."""
    keys = TOP_COLUMNS[1:]
    return [{"lugar": i, **dict(zip(keys, row, strict=True))} for i, row in enumerate(rows, 1)]


def top_stores(con: duckdb.DuckDBPyConnection, query: GapQuery, n: int) -> list[dict[str, Any]]:
    """The ``n`` stores with most folios missing as of the query's instant (open ranges only).

    Ties: more ranges first, then the store id.
    """
    sql, params = top_stores_sql(query, n)
    return ranked(con.execute(sql, params).fetchall())


def records(relation: duckdb.DuckDBPyRelation) -> list[dict[str, Any]]:
    """A relation's rows as dicts: for screens and JSON, not for exports (those stream)."""
    names = relation.columns
    return [dict(zip(names, row, strict=True)) for row in relation.fetchall()]


def flags(con: duckdb.DuckDBPyConnection, store: str | None = None) -> list[dict[str, Any]]:
    """Restarts, absurd jumps and duplicated folios, as the last refresh saw them."""
    where, params = ("WHERE store_id = $store", {"store": store}) if store else ("", {})
    relation = con.sql(
        f"""
        SELECT issuer_rfc AS emisor_rfc, store_id AS tienda, serie, kind AS tipo,
               folio_from AS folio_desde, folio_to AS folio_hasta, skipped AS omitidos,
               related_folio AS folio_relacionado, issued_at AS fecha, detail AS detalle,
               first_detected_at AS detectado_en
        FROM gap_flag {where}
        ORDER BY tienda, emisor_rfc, serie, tipo, folio_desde
        """,  # noqa: S608 - constant SQL; values bound
        params=params,
    )
    return records(relation)


def ensure_invoices(con: duckdb.DuckDBPyConnection) -> None:
    """Refuse a report on an empty warehouse with a message that says what to load."""
    count = con.execute("SELECT count(*) FROM sequence_invoice").fetchall()[0][0]
    if not count:
        raise UserError(msg("gaps.no_invoices"))
