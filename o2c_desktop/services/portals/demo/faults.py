"""Switches that make the demo portal misbehave the way the real portals do (DOMAIN §9.3)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any


@dataclass(frozen=True)
class PortalFaults:
    """Faults of one portal; the defaults are a well-behaved portal.

    - ``wrong_password``: every login is rejected with the portal's own message.
    - ``captcha_rejects``: SAI's captcha refuses every answer.
    - ``session_expires_after``: a session is dropped after this many requests; the next page
      shows the login again.
    - ``http_500_pages``: the next this-many report pages answer HTTP 500.
    - ``export_never_finishes``: the export is never ready (SAI's button stays disabled, PREI's
      busy overlay never clears).
    - ``slow_page_s``: every page takes this long to answer.
    - ``layout_drift``: the date inputs (SAI, PREI) or the results table (SAGI) are renamed.
    - ``truncated_download``: the export announces its full length but the connection closes
      half way.
    - ``corrupt_download``: the export arrives complete in length but cut short in content.
    - ``sagi_max_pages``: SAGI shows at most this many pages.
    - ``notice_modal``: PREI shows its notice modal at the login.
    """

    wrong_password: bool = False
    captcha_rejects: bool = False
    session_expires_after: int | None = None
    http_500_pages: int = 0
    export_never_finishes: bool = False
    slow_page_s: float = 0.0
    layout_drift: bool = False
    truncated_download: bool = False
    corrupt_download: bool = False
    sagi_max_pages: int | None = None
    notice_modal: bool = True

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PortalFaults:
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown fault switches: {sorted(unknown)}")
        return cls(**data)


NO_FAULTS = PortalFaults()
