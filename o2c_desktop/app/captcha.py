"""Who answers a portal's captcha, for a sync and for a login test alike.

A window always asks its clerk (the demo portal's captcha too: the window shows what a real sync
would ask); elsewhere the demo portal's captcha is answered by the program, a person at the
terminal answers a real one, and a visible browser lets a person answer it there. ``None``: nobody
is at hand.
"""

from __future__ import annotations

from o2c_desktop.services.portals import HumanStep, browser_only
from o2c_desktop.settings import Settings


def captcha_answerer(
    settings: Settings,
    *,
    window: HumanStep | None = None,
    terminal: HumanStep | None = None,
    visible: bool = False,
) -> HumanStep | None:
    if window is not None:
        return window
    if settings.portals.mode == "demo":
        # The sync package brings ingest: imported only when the demo portal is asked.
        from o2c_desktop.services.sync.targets import answer_demo_captcha

        return answer_demo_captcha
    if terminal is not None:
        return terminal
    return browser_only if visible else None
