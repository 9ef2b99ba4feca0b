"""The demo portal: a local imitation of SAI, PREI and SAGI for tests, demos and newcomers.

It serves plain HTML and a little JavaScript on 127.0.0.1, fed by the data generator's world for
a seed and scale, close enough to the real portals that the real recipes run against it
unchanged: SAI's captcha iframe, menus, calendar inputs and slow exports; PREI's notice modal,
hover menu, masked inputs, the >100-results refusal, busy overlay and ``.xls`` title rows; SAGI's
cards and paginated table. Fault switches (``PortalFaults``) are set per portal at start and can
be changed while it runs with ``set_faults`` or ``POST /__admin/faults/<portal>``.

    with DemoPortal(seed=7, scale=200, export_delay_s=0.5) as portal:
        base_url = portal.base_url
        user = portal.users["sai"]
        expected = portal.truth_keys("sai.altas", date(2024, 1, 1), date(2024, 12, 31))
"""

from __future__ import annotations

import logging
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from o2c_desktop.services.portals.demo import prei, sagi, sai
from o2c_desktop.services.portals.demo.context import DemoContext, DemoUser
from o2c_desktop.services.portals.demo.data import DemoData
from o2c_desktop.services.portals.demo.faults import NO_FAULTS, PortalFaults
from o2c_desktop.services.portals.demo.server import DemoHttpServer, PortalState

log = logging.getLogger(__name__)

PORTAL_NAMES = ("sai", "prei", "sagi")
DEMO_USERS = {
    "sai": DemoUser("sai", "demo.proveedor", "Sai-Demo-2025!"),
    "prei": DemoUser("prei", "demo.proveedor", "Prei-Demo-2025!"),
    "sagi": DemoUser("sagi", "demo.proveedor@fdemo.mx", "Sagi-Demo-2025!"),
}


@dataclass(frozen=True)
class PortalActivity:
    logins: int
    captchas_solved: int
    sessions_expired: int
    logins_refused: int = 0  # login forms sent with a password the portal rejected


def business_today() -> date:
    return datetime.now(ZoneInfo("America/Mexico_City")).date()


class DemoPortal:
    """The three imitated portals on one local HTTP server."""

    def __init__(
        self,
        seed: int = 7,
        scale: int = 200,
        *,
        as_of: date | None = None,
        export_delay_s: float = 2.0,
        faults: Mapping[str, PortalFaults] | None = None,
        prei_limit: int = 100,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        unknown = set(faults or {}) - set(PORTAL_NAMES)
        if unknown:
            raise ValueError(f"unknown portals in faults: {sorted(unknown)}")
        self.as_of = as_of or business_today()
        self._address = (host, port)
        self._files = tempfile.TemporaryDirectory(prefix="o2c-demo-portal-files-")
        self.data = DemoData(seed=seed, scale=scale, as_of=self.as_of)
        self.context = DemoContext(
            data=self.data,
            users=dict(DEMO_USERS),
            export_delay_s=export_delay_s,
            prei_limit=prei_limit,
            files_dir=Path(self._files.name),
        )
        self._portals: dict[str, PortalState] = {}
        for name, module in (("sai", sai), ("prei", prei), ("sagi", sagi)):
            state = module.portal_state()
            state.routes = module.routes(self.context, state)
            state.set_faults((faults or {}).get(name, NO_FAULTS))
            self._portals[name] = state
        self._server: DemoHttpServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def users(self) -> dict[str, DemoUser]:
        return self.context.users

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("the demo portal is not running")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> str:
        """Serve on a free port (or the one asked for); returns the base URL."""
        if self._server is not None:
            return self.base_url
        self._server = DemoHttpServer(self._address, list(self._portals.values()))
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="demo-portal",
            daemon=True,
        )
        self._thread.start()
        log.info("demo portal serving at %s", self.base_url)
        return self.base_url

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.stopping.set()
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        self._files.cleanup()

    def __enter__(self) -> DemoPortal:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def faults(self, portal: str) -> PortalFaults:
        return self._portals[portal].faults

    def set_faults(self, portal: str, faults: PortalFaults = NO_FAULTS) -> None:
        """Change a portal's fault switches while it runs; open sessions stay open."""
        self._portals[portal].set_faults(faults)

    def set_export_delay(self, seconds: float) -> None:
        """How long exports take from now on (pages rendered before keep their delay)."""
        self.context.export_delay_s = seconds

    def set_prei_limit(self, limit: int) -> None:
        """Above how many matches PREI refuses a query (the real portal: 100)."""
        self.context.prei_limit = limit

    def activity(self, portal: str) -> PortalActivity:
        """How often ``portal`` was logged in to, had its captcha solved, dropped a session,
        refused a password."""
        state = self._portals[portal]
        with state.lock:
            return PortalActivity(
                state.logins, state.captchas_solved, state.sessions_expired, state.logins_refused
            )

    def truth_keys(self, recipe_id: str, start: date, end: date) -> list[tuple[str, ...]]:
        """The sorted row keys a correct download of ``recipe_id`` for the range holds."""
        return self.data.truth_keys(recipe_id, start, end)


__all__ = ["DEMO_USERS", "DemoPortal", "DemoUser", "PortalActivity", "PortalFaults"]
