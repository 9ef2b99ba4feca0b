"""Internal signals between the steps and the run loop; never shown to a person as such."""

from __future__ import annotations


class SessionLost(Exception):
    """The portal showed its login page where a report page was expected."""


class TransientFault(Exception):
    """An error page (HTTP 500) or a timeout that a retry after a pause may cure."""

    def __init__(self, cause: str, url: str, *, timeout_s: float | None = None) -> None:
        super().__init__(f"{cause} at {url}")
        self.cause = cause
        self.url = url
        self.timeout_s = timeout_s


class NoConnection(TransientFault):
    """The browser could not reach the portal at all (``net::ERR_...``): no page came back."""

    def __init__(self, code: str, url: str) -> None:
        super().__init__(f"no connection ({code})", url)
        self.code = code


class RangeRefused(Exception):
    """The portal refused the range as too large (PREI's "más de 100 coincidencias")."""


class RangeEmpty(Exception):
    """The portal found nothing in the range; there is nothing to download."""
