"""The human step: a captcha (or similar) that only a person may solve.

The engine never solves a captcha. It calls the ``HumanStep`` callback given by the caller (the
GUI shows a dialog beside the visible browser, the CLI asks on the terminal, tests read the
challenge) and either types the answer it returns into the page, or, when the callback returns
None, waits for the person to solve it directly in the browser. Either way the step ends after
``timeout_s``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class HumanRequest:
    portal: str
    prompt: str
    timeout_s: float
    challenge: str = ""  # the challenge text shown by the portal, when it has one
    attempt: int = 1


HumanStep = Callable[[HumanRequest], str | None]


def browser_only(request: HumanRequest) -> None:
    """A human step that lets the person solve the challenge in the visible browser."""
    return None
