"""The analytics views: where their SQL lives, how it is run as of a date, and the migration that
creates them.

Choice for "as of": a view cannot take a parameter portably (DuckDB table macros and Snowflake
table functions differ), and a shared one-row parameter *table* would make two windows asking for
two dates race each other. So every view reads its parameters from a relation named
``analytics_params`` and reads each versioned table through an ``asof_<table>`` relation. In the
warehouse (and in Snowflake) those are plain views with the current defaults: today, everything
known. To answer "what did we know on 30 June?", :func:`compose` stacks the same SQL texts as CTEs
under a ``WITH analytics_params AS (SELECT $as_of_date ..., $known_before ...)`` header; a CTE
shadows the view of the same name, so one text serves both uses and the bound values are ordinary
query parameters. The SQL is written in DuckDB's dialect and kept to constructs sqlglot
transpiles to Snowflake (CASE instead of FILTER, date + integer, QUALIFY, STRING_AGG).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources

# Versioned (type 2) tables every view reads through ``asof_<table>``.
ASOF_TABLES: tuple[str, ...] = (
    "sai_order",
    "sai_alta",
    "contrarecibo_status",
    "invoice",
    "invoice_relation",
    "invoice_register",
    "camunda_order",
    "sagi_status",
    "penalty",
    "payment",
    "contract",
    "contract_amendment",
    "contract_line",
    "delivery",
    "factoring_operation",
)

# Views in dependency order: each may read only the ones before it.
VIEWS: tuple[str, ...] = (
    "recon_invoice",
    "recon_invoice_link",
    "recon_alta_link",
    "recon_prei",
    "recon_sagi",
    "recon_payment",
    "recon_factoring",
    "recon_imss_record",
    "recon_imssb_record",
    "recon_record",
    "recon_invoice_state",
    "recon_invoice_issue",
    "recon_record_issue",
    "recon_exception",
    "reconciliation",
    "collection_lag",
    "receivable_collection",
    "receivable_item",
    "receivable_state_days",
    "contract_term",
    "contract_version",
    "contract_balance",
    "logistics_line",
    "cashflow_item",
)

# Parameter name → (SQL type, default expression in the warehouse view).
PARAMETERS: dict[str, tuple[str, str]] = {
    "as_of_date": ("DATE", "CURRENT_DATE"),
    "known_before": ("TIMESTAMP", "CAST('9999-12-31 00:00:00' AS TIMESTAMP)"),
    "amount_tolerance": ("DECIMAL(18, 2)", "1.00"),
    "payment_term_days": ("INTEGER", "45"),
    "bucket_1": ("INTEGER", "30"),
    "bucket_2": ("INTEGER", "60"),
    "bucket_3": ("INTEGER", "90"),
    "penalty_rate_per_day": ("DECIMAL(9, 4)", "0.02"),
    "penalty_max_days": ("INTEGER", "5"),
    "provider_switch_date": ("DATE", "CAST('2025-06-30' AS DATE)"),
    "provider_before": ("VARCHAR", "'Provider A'"),
    "provider_after": ("VARCHAR", "'Provider B'"),
    "stale_status_days": ("INTEGER", "30"),
    "burn_window_days": ("INTEGER", "90"),
}


@cache
def view_sql(name: str) -> str:
    """The SELECT that defines a view, as stored in ``sql/<name>.sql``."""
    if name not in VIEWS:
        raise KeyError(name)
    text = (resources.files("o2c_desktop.services.analytics") / "sql" / f"{name}.sql").read_text(
        encoding="utf-8"
    )
    return text.strip().rstrip(";")


def asof_sql(table: str) -> str:
    """The rows of a versioned table valid at the cut: [valid_from, valid_to) holds the instant."""
    return (
        f"SELECT t.* FROM {table} AS t CROSS JOIN analytics_params AS p "  # noqa: S608 - constant table names
        "WHERE t.valid_from < p.known_before "
        "AND (t.valid_to IS NULL OR t.valid_to >= p.known_before)"
    )


def _params_select(values: dict[str, str]) -> str:
    columns = ", ".join(
        f"CAST({values[name]} AS {sql_type}) AS {name}"
        for name, (sql_type, _) in PARAMETERS.items()
    )
    return f"SELECT {columns}"


def compose(target: str) -> str:
    """One query for ``target`` whose parameters are bound as ``$name`` (see PARAMETERS)."""
    wanted = VIEWS[: VIEWS.index(target) + 1]
    ctes = [f"analytics_params AS ({_params_select({n: '$' + n for n in PARAMETERS})})"]
    ctes += [f"asof_{table} AS ({asof_sql(table)})" for table in ASOF_TABLES]
    ctes += [f"{name} AS (\n{view_sql(name)}\n)" for name in wanted]
    return "WITH " + ",\n".join(ctes) + f"\nSELECT * FROM {target}"


def view_definitions() -> dict[str, str]:
    """Each view's CREATE statement with the default parameters, in dependency order: the
    parameters, the as-of views, then VIEWS."""
    defaults = {n: default for n, (_, default) in PARAMETERS.items()}
    params = _params_select(defaults)
    found = {"analytics_params": f"CREATE OR REPLACE VIEW analytics_params AS {params};\n"}
    for table in ASOF_TABLES:
        found[f"asof_{table}"] = f"CREATE OR REPLACE VIEW asof_{table} AS {asof_sql(table)};\n"
    for name in VIEWS:
        found[name] = f"CREATE OR REPLACE VIEW {name} AS\n{view_sql(name)};\n"
    return found


def migration_sql(names: Sequence[str] | None = None) -> str:
    """The text of a migration that (re)creates every view, or only ``names``.

    A warehouse keeps the views of the last migration that created each one, so a change to the
    sql/ files ships as a new migration with the views it changed (DuckDB binds a view when it is
    queried: the others read the new ones). The test of the views requires the last definition
    of every view in the migrations to equal this text.
    """
    wanted = set(view_definitions()) if names is None else set(names)
    parts = [
        "-- Analytics views (generated from o2c_desktop/services/analytics/sql by\n"
        "-- o2c_desktop.services.analytics.views.migration_sql; edit those files, not this one).\n"
        "-- analytics_params holds the defaults: today and everything known; the program binds\n"
        "-- other dates and settings by stacking the same SQL as CTEs (see views.py).\n",
    ]
    parts += [sql for name, sql in view_definitions().items() if name in wanted]
    return "\n".join(parts)
