"""Where each portal is and who logs in: the institutions' real portals with the clerk's
credentials from the keyring, or the embedded demo portal with its public demo users."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from o2c_desktop.services.credentials import CredentialStore
from o2c_desktop.services.portals import PORTALS, HumanRequest
from o2c_desktop.services.portals.account import PortalCredentials
from o2c_desktop.services.portals.demo import DEMO_USERS, DemoPortal
from o2c_desktop.settings import Settings


@dataclass(frozen=True)
class PortalTarget:
    portal: str
    base_url: str
    credentials: PortalCredentials


@contextmanager
def open_targets(
    settings: Settings,
    portals: list[str],
    store: CredentialStore | None = None,
    demo_portal: DemoPortal | None = None,
) -> Iterator[dict[str, PortalTarget]]:
    """Real mode reads the credentials from the keyring; demo mode uses the demo portal given,
    or serves one for as long as the sync runs."""
    if settings.portals.mode == "real":
        credential_store = store or CredentialStore()
        targets = {}
        for portal in portals:
            targets[portal] = PortalTarget(
                portal, PORTALS[portal].real_base_url, credential_store.require(portal)
            )
        yield targets
        return
    if demo_portal is not None:
        yield _demo_targets(demo_portal, portals)
        return
    with DemoPortal(
        seed=settings.demo.seed,
        scale=settings.demo.scale,
        export_delay_s=settings.portals.demo_export_delay_s,
    ) as demo:
        yield _demo_targets(demo, portals)


def _demo_targets(demo: DemoPortal, portals: list[str]) -> dict[str, PortalTarget]:
    return {
        portal: PortalTarget(
            portal,
            demo.base_url,
            PortalCredentials(DEMO_USERS[portal].user, DEMO_USERS[portal].password),
        )
        for portal in portals
    }


_DEMO_CHALLENGE = re.compile(r"(\d{3,})")


def answer_demo_captcha(request: HumanRequest) -> str | None:
    """The demo portal's own challenge states its answer ("escriba el número 4821").

    Only for the embedded demo portal, so that ``o2c demo`` runs unattended; a real portal's
    captcha always goes to a person.
    """
    match = _DEMO_CHALLENGE.search(request.challenge)
    return match.group(1) if match else None
