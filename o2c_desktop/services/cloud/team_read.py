"""Reading from Snowflake in team mode, for the CLI and the screens.

Whether a read goes to Snowflake is the application's choice (``app.reports.read_source``).
Reads fail with messages of their own: the push messages speak of a queue, a read has none and
the clerk can always fall back to the local warehouse.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from o2c_desktop.errors import UserError
from o2c_desktop.messages import msg
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
            msg("team.read_unavailable", site=site, cause=exc.cause), details=exc.details
        ) from exc
    try:
        yield connection
    except snowflake.connector.errors.Error as exc:
        text = str(getattr(exc, "msg", "") or exc).splitlines()[0]
        raise TeamModeUnavailable(
            msg("team.query_failed", site=site, reason=text),
            details=f"{type(exc).__name__}: {exc}",
        ) from exc
    finally:
        connection.close()
