"""Errors of the gaps and analytics reports, the cloud push and team reads, and the command line's
own lines are catalogue messages: the Spanish a clerk reads today, the same in English, no
placeholder left over, and a push reason read back from the outbox in either language."""

from __future__ import annotations

import ast
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import botocore.exceptions
import duckdb
import pytest
import snowflake.connector.errors
from memory_keyring import MemoryKeyring

import o2c_desktop
import o2c_desktop.errors
from o2c_desktop.app.gaps import as_of_instant
from o2c_desktop.app.reports import EXPORT_READS_LOCAL, read_source
from o2c_desktop.cli.analytics_cmds import parse_as_of
from o2c_desktop.cli.cloud_cmds import destination_line
from o2c_desktop.errors import UserError
from o2c_desktop.messages import Message, msg
from o2c_desktop.services.analytics.cashflow import check_weeks
from o2c_desktop.services.analytics.report import apply_filters, filter_records, parse_filters
from o2c_desktop.services.cloud.push import DestinationResult, PushRequest, PushService
from o2c_desktop.services.cloud.s3 import LandingZone
from o2c_desktop.services.cloud.secrets import CloudSecrets
from o2c_desktop.services.cloud.snowflake import connect_kwargs, translate
from o2c_desktop.services.gaps.files import export_report, monthly_periods
from o2c_desktop.services.gaps.periods import day_range, month_period, resolve_period
from o2c_desktop.services.gaps.report import GapQuery, ensure_invoices
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import CloudSettings, GapsSettings, S3Settings, SnowflakeSettings


def refusal(action: Callable[[], Any]) -> UserError:
    with pytest.raises(UserError) as caught:
        action()
    return caught.value


def both_languages(error: UserError | Message) -> tuple[str, str]:
    """The Spanish and English a person reads, checked to be whole sentences of their own."""
    reason = error.reason if isinstance(error, UserError) else error
    assert reason.code != "text", "worded in place, not from the catalogue"
    es, en = reason.es, reason.en
    assert es != en
    for wording in (es, en):
        assert "{" not in wording and "}" not in wording, wording
    return es, en


def test_gap_errors_read_as_before_in_spanish_and_in_english() -> None:
    es, en = both_languages(refusal(lambda: resolve_period("UTC", day="2025-02-30")))
    assert es == (
        "La fecha «2025-02-30» de --day no es válida: use dd/mm/aaaa (24/08/2025) o AAAA-MM-DD "
        "(2025-08-24)."
    )
    assert en == (
        "The date '2025-02-30' given to --day is not valid: use dd/mm/yyyy (24/08/2025) or "
        "YYYY-MM-DD (2025-08-24)."
    )
    es, en = both_languages(
        refusal(lambda: resolve_period("UTC", day="2025-01-01", month="2025-01"))
    )
    assert es == "Use solo una forma de indicar el periodo (--day, --month se excluyen)."
    assert en == "Give the period only one way (--day, --month exclude each other)."
    es, en = both_languages(refusal(lambda: day_range(date(2025, 3, 2), date(2025, 3, 1))))
    assert es == (
        "La fecha de --from (2025-03-02) es posterior a la de --to (2025-03-01). Inviértalas o "
        "corrija una de las dos."
    )
    assert en == "--from (2025-03-02) is after --to (2025-03-01). Swap them or fix one."
    es, en = both_languages(refusal(lambda: month_period("2024-13")))
    assert es.startswith("El mes «2024-13» de --month no es válido")
    assert en.startswith("The month '2024-13' given to --month is not valid")
    es, en = both_languages(refusal(lambda: monthly_periods("2031-01", datetime(2025, 3, 1))))
    assert es.startswith("El mes inicial «2031-01» es posterior al mes actual")
    es, en = both_languages(refusal(lambda: as_of_instant("2031-01-01", datetime(2025, 3, 1))))
    assert es == "La fecha de corte 2031-01-01 es futura; indique hoy o una fecha pasada."
    assert en == "The as-of date 2031-01-01 is in the future; give today or a past date."


def test_gap_report_errors_name_the_file_and_what_to_load() -> None:
    period = month_period("2025-03")
    query = GapQuery.under_settings(period, datetime(2025, 4, 1), GapsSettings())
    with duckdb.connect() as con:
        es, en = both_languages(refusal(lambda: export_report(con, query, Path("faltan.pdf"))))
        assert es == "No se puede exportar a «faltan.pdf»: use un archivo .csv o .xlsx."
        assert en == "Cannot export to 'faltan.pdf': use a .csv or .xlsx file."
        con.execute("CREATE TABLE sequence_invoice (folio VARCHAR)")
        es, en = both_languages(refusal(lambda: ensure_invoices(con)))
    assert es.startswith("Aún no hay facturas cargadas para analizar folios faltantes.")
    assert en.startswith("No invoices are loaded yet for the gap analysis.")


def test_report_errors_read_in_both_languages() -> None:
    es, en = both_languages(refusal(lambda: parse_filters(["institucion"])))
    assert es == "Filtro inválido «institucion»: use campo=valor, por ejemplo institucion=IMSS."
    assert en == "Invalid filter 'institucion': use field=value, for example institucion=IMSS."
    with duckdb.connect() as con:
        relation = con.sql("SELECT 'IMSS' AS institucion, 3 AS facturas")
        es, en = both_languages(refusal(lambda: apply_filters(relation, {"estado": "x"})))
    assert es == (
        "No se puede filtrar por «estado»: ese campo no existe en este reporte. Campos: "
        "institucion, facturas."
    )
    assert en == (
        "Cannot filter by 'estado': no such field in this report. Fields: institucion, facturas."
    )
    rows = [{"institucion": "IMSS"}]
    assert both_languages(refusal(lambda: filter_records(rows, {"estado": "x"})))[1].endswith(
        "Fields: institucion."
    )
    es, en = both_languages(refusal(lambda: check_weeks(0)))
    assert es == "El número de semanas (0) debe estar entre 1 y 104."
    assert en == "The number of weeks (0) must be between 1 and 104."
    es, en = both_languages(refusal(lambda: parse_as_of("31/02/2025")))
    assert es.startswith("La fecha de corte «31/02/2025» no es válida")
    team = CloudSettings(team_mode=True)
    es, en = both_languages(
        refusal(lambda: read_source(None, team, needs_local=EXPORT_READS_LOCAL))
    )
    assert en == "Exports read the local warehouse; drop --team (or use --local) to export."


def test_cloud_set_up_errors_read_in_both_languages(tmp_path: Path) -> None:
    es, en = both_languages(refusal(lambda: LandingZone(S3Settings())))
    assert es.startswith("No hay un bucket de S3 configurado. Indíquelo en cloud.s3.bucket")
    assert en.startswith("No S3 bucket is configured.")
    missing_profile = S3Settings(bucket="facturas", profile="no-existe-o2c")
    es, en = both_languages(refusal(lambda: LandingZone(missing_profile)))
    assert es == (
        "No existe el perfil de AWS «no-existe-o2c». Revise cloud.s3.profile o su archivo "
        "~/.aws/config."
    )
    secrets = CloudSecrets(MemoryKeyring())
    es, en = both_languages(refusal(lambda: secrets.set("snowflake-password", "")))
    assert (es, en) == ("El valor no puede estar vacío.", "The value cannot be empty.")
    es, en = both_languages(refusal(lambda: connect_kwargs(SnowflakeSettings(), secrets)))
    assert es.startswith("Falta la cuenta o el usuario de Snowflake.")
    assert en.startswith("The Snowflake account or user is missing.")
    with Warehouse(tmp_path / "w.duckdb") as warehouse:
        push = PushService(
            warehouse, CloudSettings(), archive_dir=tmp_path, spool_dir=tmp_path, secrets=secrets
        )
        es, en = both_languages(refusal(lambda: push.destinations(PushRequest())))
    assert es.startswith("No hay destino configurado para enviar")
    assert en.startswith("No push destination is configured")


def test_a_push_reason_is_stored_as_codes_and_reads_back_in_either_language() -> None:
    zone_settings = S3Settings(bucket="facturas", endpoint_url="http://127.0.0.1:9")
    zone = LandingZone(zone_settings, CloudSecrets(MemoryKeyring()))
    throttled = botocore.exceptions.ClientError(
        {"Error": {"Code": "SlowDown", "Message": "Please reduce your request rate."}}, "PutObject"
    )
    es, _ = both_languages(zone.translate(throttled))
    assert es == (
        "s3://facturas (http://127.0.0.1:9) pidió bajar el ritmo o no está disponible "
        "(SlowDown). El envío queda en cola y se reintentará más tarde."
    )
    settings = SnowflakeSettings(account="acme", user="o2c", warehouse="")
    suspended = translate(
        snowflake.connector.errors.ProgrammingError(msg="Warehouse is suspended"), settings
    )
    stored = Message.from_json(suspended.reason.to_json())
    assert stored == suspended.reason
    assert stored.es == (
        "El almacén de cómputo de Snowflake acme.snowflakecomputing.com está suspendido o no se "
        "puede reanudar (sin almacén). Pida a su administrador que lo reanude o revise el "
        "monitor de recursos; el envío queda en cola."
    )
    assert stored.en.startswith(
        "The compute warehouse of Snowflake acme.snowflakecomputing.com is suspended or cannot "
        "resume (none set)."
    )
    assert stored.en.endswith("; the push stays queued.")
    assert suspended.cause.en.endswith("check the resource monitor")


def test_the_command_lines_of_a_push_read_in_the_clerks_language() -> None:
    result = DestinationResult("s3", done=2, already=1, still_queued=3,
                               reason=msg("s3.no_such_bucket", bucket="facturas"))  # fmt: skip
    assert destination_line(result, "es") == (
        "s3: 2 enviados, 1 ya estaban, 3 en cola — El bucket facturas no existe. Revise "
        "cloud.s3.bucket y la región."
    )
    assert destination_line(result, "en") == (
        "s3: 2 sent, 1 already there, 3 queued — The bucket facturas does not exist. Check "
        "cloud.s3.bucket and region."
    )
    assert destination_line(DestinationResult("snowflake", done=4), "en") == (
        "snowflake: 4 sent, 0 already there, 0 queued"
    )


REPORT_AND_CLOUD_SOURCES = (
    "services/gaps", "services/analytics", "services/cloud", "app/reports.py", "app/gaps.py",
    "cli/analytics_cmds.py", "cli/cashflow_cmds.py", "cli/gaps_cmds.py", "cli/cloud_cmds.py",
)  # fmt: skip


def test_no_error_of_the_reports_or_the_cloud_is_worded_in_place() -> None:
    """Their errors come from the catalogue only: a sentence written at the raise would be text
    the run history and the other language cannot read as a code."""
    source = Path(o2c_desktop.__file__).parent
    errors = {
        name for name, obj in vars(o2c_desktop.errors).items()
        if isinstance(obj, type) and issubclass(obj, UserError)
    } | {"DestinationUnavailable", "S3Unavailable", "SnowflakeUnavailable", "TeamModeUnavailable",
         "KeyringUnavailable"}  # fmt: skip
    worded = []
    for area in REPORT_AND_CLOUD_SOURCES:
        files = [source / area] if area.endswith(".py") else sorted((source / area).rglob("*.py"))
        for path in files:
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Call) and node.args):
                    continue
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                first = node.args[0]
                in_place = isinstance(first, ast.JoinedStr) or (
                    isinstance(first, ast.Constant) and isinstance(first.value, str)
                )
                if name in errors and in_place:
                    worded.append(f"{path.relative_to(source)}:{node.lineno}")
    assert worded == []
