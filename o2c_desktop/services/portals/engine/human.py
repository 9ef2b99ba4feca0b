"""The human step: a captcha (or similar) that only a person may solve.

The engine never solves a captcha. It calls the ``HumanStep`` callback given by the caller (the
GUI shows a dialog beside the visible browser, the CLI asks on the terminal, tests read the
challenge) and either types the answer it returns into the page, or, when the callback returns
None, waits for the person to solve it directly in the browser. Either way the step ends after
``timeout_s``.

While the callback waits for the person, ``bring_browser_forward`` may be called from any thread
to raise the browser window; the answer says what the engine could do: ``shown``, ``headless``
(the browser has no window) or ``unavailable`` (the step is over or the browser is gone).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Literal

BrowserShown = Literal["shown", "headless", "unavailable"]


def no_browser_window() -> Future[BrowserShown]:
    """For a request that no running browser stands behind."""
    answer: Future[BrowserShown] = Future()
    answer.set_result("unavailable")
    return answer


@dataclass(frozen=True)
class HumanRequest:
    portal: str
    prompt: str
    timeout_s: float
    challenge: str = ""  # the challenge text shown by the portal, when it has one
    attempt: int = 1
    bring_browser_forward: Callable[[], Future[BrowserShown]] = field(
        default=no_browser_window, compare=False, repr=False
    )


HumanStep = Callable[[HumanRequest], str | None]


def browser_only(request: HumanRequest) -> None:
    """A human step that lets the person solve the challenge in the visible browser."""
    return None
