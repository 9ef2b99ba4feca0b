"""Reading from Snowflake in team mode, for the CLI and the screens.

Whether a read goes to Snowflake is the application's choice (``app.reports.read_source``).
Reads fail with messages of their own: the push messages speak of a queue, a read has none and
the clerk can always fall back to the local warehouse.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from o2c_desktop.errors import UserError
from o2c_desktop.settings import CloudSettings

if TYPE_CHECKING:  # a local command must not load the connector
    from snowflake.connector import SnowflakeConnection

    from o2c_desktop.services.cloud.secrets import CloudSecrets


class TeamModeUnavailable(UserError):
    """Snowflake could not answer a team-mode read."""


@contextmanager
def team_connection(
    settings: CloudSettings, secrets: CloudSecrets | None = None
) -> Iterator[SnowflakeConnection]:
    """A Snowflake session for reading; every connector failure becomes a clear message."""
    import snowflake.connector.errors

    from o2c_desktop.services.cloud import snowflake as sf

    site = sf.where(settings.snowflake)
    try:
        connection = sf.connect(settings.snowflake, secrets)
    except sf.SnowflakeUnavailable as exc:
        raise TeamModeUnavailable(
            f"No se pudo leer de {site} en modo equipo: {exc.cause_es}. Revise "
            "cloud.snowflake en Configuración → Nube, o lea del almacén local con --local.",
            f"Could not read from {site} in team mode: {exc.cause_en}. Check cloud.snowflake "
            "in Settings → Cloud, or read the local warehouse with --local.",
            details=exc.details,
        ) from exc
    try:
        yield connection
    except snowflake.connector.errors.Error as exc:
        text = str(getattr(exc, "msg", "") or exc).splitlines()[0]
        raise TeamModeUnavailable(
            f"{site} no pudo responder la consulta de modo equipo ({text}). ¿Ya se enviaron "
            "los datos con «o2c push» y se crearon las vistas con «o2c snowflake ddl "
            "--apply»? Puede leer del almacén local con --local.",
            f"{site} could not answer the team-mode query ({text}). Were the data pushed with "
            "'o2c push' and the views created with 'o2c snowflake ddl --apply'? Read the "
            "local warehouse with --local.",
            details=f"{type(exc).__name__}: {exc}",
        ) from exc
    finally:
        connection.close()


def filtered(rows: list[dict[str, Any]], filters: Mapping[str, str]) -> list[dict[str, Any]]:
    """``--filter campo=valor`` on rows already read, as the local reports compare: as text."""
    if rows:
        for key in filters:
            if key not in rows[0]:
                raise UserError(
                    f"No se puede filtrar por «{key}»: ese campo no existe en este reporte. "
                    f"Campos: {', '.join(rows[0])}.",
                    f"Cannot filter by '{key}': no such field in this report.",
                )
    return [r for r in rows if all(str(r[k]) == v for k, v in filters.items())]
