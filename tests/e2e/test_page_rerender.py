"""A portal that re-renders an element between the moment it is found and the moment it is used.

Angular portals replace nodes while a run looks at them. The browser and its error are real;
only the timing is forced: the test replaces the node right after the engine found it, which
otherwise happens on its own once in many runs.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.remote.webelement import WebElement

from o2c_desktop.services.portals.demo import DemoPortal
from o2c_desktop.services.portals.engine.session import PortalSession, element_detached

from .conftest import AS_OF, Runner

REPLACE_NODE_JS = "arguments[0].replaceWith(arguments[0].cloneNode(true));"
ADD_NODE_JS = "return document.body.appendChild(document.createElement('span'));"


def test_a_link_replaced_after_it_was_found_is_found_again_and_clicked(
    run: Runner, portal: DemoPortal, monkeypatch: pytest.MonkeyPatch
) -> None:
    original_find = PortalSession.find
    replaced: list[str] = []

    def find_then_rerender(self: PortalSession, selector: str, **kwargs: Any) -> WebElement:
        element = original_find(self, selector, **kwargs)
        if ".header-links" in selector and not replaced:
            self.driver.execute_script(REPLACE_NODE_JS, element)
            replaced.append(selector)
        return element

    monkeypatch.setattr(PortalSession, "find", find_then_rerender)

    outcome = run("sai.ordenes", date(2025, 1, 1), AS_OF)

    assert replaced == ["app-header .header-links li:nth-child(3) a"]
    assert outcome.status == "ok", outcome.error
    assert len(outcome.files) == 1


# Chromium reports some replaced nodes as an "unknown error" instead of a stale element; that
# race cannot be forced from a page, so its words are raised here as the driver raised them.
INSPECTOR_DETACHED = (
    'unknown error: unhandled inspector error: {"code":-32000,'
    '"message":"Node with given id does not belong to the document"}'
)


@pytest.mark.parametrize("chromium_words", [False, True], ids=["stale element", "inspector"])
def test_a_replaced_node_in_a_wait_is_polled_again(
    run: Runner, portal: DemoPortal, monkeypatch: pytest.MonkeyPatch, chromium_words: bool
) -> None:
    """Every wait of the run looks once at a node that was just replaced: one poll lost each
    time, not a failed run."""
    original_wait = PortalSession.wait
    raised: list[str] = []

    def wait_with_one_replaced_node(self: PortalSession, condition: Any, *args: Any) -> Any:
        looked = False

        def replaced_once(driver: Any) -> Any:
            nonlocal looked
            if not looked:
                looked = True
                node = driver.execute_script(ADD_NODE_JS)
                driver.execute_script(REPLACE_NODE_JS, node)
                try:
                    node.is_displayed()
                except WebDriverException as exc:
                    raised.append(type(exc).__name__)
                    if chromium_words:
                        raise WebDriverException(INSPECTOR_DETACHED) from exc
                    raise
            return condition(driver)

        return original_wait(self, replaced_once, *args)

    monkeypatch.setattr(PortalSession, "wait", wait_with_one_replaced_node)

    outcome = run("sai.altas", date(2025, 1, 1), AS_OF)

    assert len(raised) >= 3 and set(raised) == {"StaleElementReferenceException"}
    assert outcome.status == "ok", outcome.error
    assert len(outcome.files) == 1


@pytest.mark.parametrize(
    "message",
    [INSPECTOR_DETACHED, "no such element: No node with given id found"],
)
def test_chromium_words_for_a_replaced_node_count_as_a_page_change(message: str) -> None:
    assert element_detached(WebDriverException(message))
    assert not element_detached(WebDriverException("chrome not reachable"))


@pytest.mark.expected_log_warnings
def test_a_browser_failing_under_a_step_is_named_as_such_for_the_clerk(
    run: Runner, portal: DemoPortal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any other driver error under a step: the run fails saying the browser stopped responding
    on that portal (not that it could not be started), with evidence; the driver's words go to
    the details. The browser's error is real: a script it refuses."""
    original_find = PortalSession.find

    def find_then_fail(self: PortalSession, selector: str, **kwargs: Any) -> WebElement:
        element = original_find(self, selector, **kwargs)
        if ".header-links" in selector:
            self.driver.execute_script("return (;")
        return element

    monkeypatch.setattr(PortalSession, "find", find_then_fail)

    outcome = run("sai.ordenes", date(2025, 1, 1), AS_OF)

    assert outcome.status == "failed"
    assert outcome.error is not None
    assert outcome.error.es.startswith("El navegador dejó de responder mientras trabajaba en SAI")
    assert "Unexpected token" in outcome.error.details
    assert (outcome.evidence_dir / "failure.png").stat().st_size > 0
