"""Filling a report's date fields: all of a form in one script call, typing only as a fallback.

Typing a date into the portals' widgets key by key costs a dozen WebDriver round trips per field
(click, ESC, Ctrl+A, Delete, the text, ESC, read back). ``fill_form`` sets every field of the form
and presses its button in one script call instead, firing the ``input`` and ``change`` events
the portals' frameworks (Angular forms, PrimeFaces) listen for, and reads each value back in the
same call. Only when a page does not keep a value set that way are the fields typed the slow way
(``style``: the calendar pop-up of SAI or the masked inputs of PREI), then the button clicked.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement

from o2c_desktop.services.portals.engine.session import PortalSession
from o2c_desktop.services.portals.engine.signals import TransientFault
from o2c_desktop.services.portals.errors import LayoutChanged
from o2c_desktop.services.portals.ranges import DateRange, dmy
from o2c_desktop.services.portals.recipes import Step, form_fields

log = logging.getLogger(__name__)

MASK_EMPTY = "__/__/____"

# Arguments: the fields ({selector, text}) and the submit button's selector (or "").
# Returns {missing: i} (-1: the button) while the form is not shown, {values} when a field did
# not keep its value (nothing was submitted), {values, submitted} after pressing the button.
FILL_FORM_JS = """
const fields = arguments[0], submit = arguments[1];
const shown = (e) => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length)
  && getComputedStyle(e).visibility !== 'hidden';
const pick = (selector) => Array.from(document.querySelectorAll(selector)).find(shown) || null;
const inputs = fields.map((field) => pick(field.selector));
const missing = inputs.indexOf(null);
if (missing >= 0) { return {missing: missing}; }
const button = submit ? pick(submit) : null;
if (submit && !button) { return {missing: -1}; }
inputs.forEach((input, i) => {
  // The prototype's setter, so that frameworks that wrap "value" still see the change.
  const proto = Object.getPrototypeOf(input);
  const setter = (Object.getOwnPropertyDescriptor(proto, 'value') || {}).set;
  if (setter) { setter.call(input, fields[i].text); } else { input.value = fields[i].text; }
  input.dispatchEvent(new Event('input', {bubbles: true}));
  input.dispatchEvent(new Event('change', {bubbles: true}));
});
const values = inputs.map((input) => input.value);
if (values.some((value, i) => value !== fields[i].text)) { return {values: values}; }
if (button) { button.click(); }
return {values: values, submitted: !!button};
"""


def range_end(date_range: DateRange | None, which: str, step_name: str) -> date:
    if date_range is None:
        raise ValueError(f"step {step_name} needs a date range")
    return date_range[0] if which == "from" else date_range[1]


def fill_form(session: PortalSession, step: Step, date_range: DateRange | None) -> None:
    """Set every date field and press the button in one script call; type when it won't take."""
    fields = form_fields(step)
    texts = [dmy(range_end(date_range, f.value, step.name)) for f in fields]
    submit = str(step.param("submit", ""))
    arguments = [{"selector": f.selector, "text": t} for f, t in zip(fields, texts, strict=True)]
    last: list[dict[str, Any]] = []

    def filled(driver: WebDriver) -> dict[str, Any] | None:
        result: dict[str, Any] = driver.execute_script(FILL_FORM_JS, arguments, submit)
        last[:] = [result]
        return None if "missing" in result else result

    try:
        result = session.wait(filled, session.timeouts.element_s, f"{step.name}: form shown")
    except TimeoutException:
        index = int(last[0]["missing"]) if last else 0
        name, selector = (
            (fields[index].name, fields[index].selector) if index >= 0 else (step.name, submit)
        )
        raise LayoutChanged(session.portal, session.recipe.id, name, selector) from None
    if list(result["values"]) != texts:
        log.info("%s: the page did not keep values set by script; typing them", step.name)
        style = str(step.param("style", "calendar"))
        for field_, text in zip(fields, texts, strict=True):
            element = session.find(field_.selector, step=field_.name)
            enter_date(session, element, text, style, field_.name)
        if submit:
            session.click(submit, step=step.name)
    session.check_state()


def enter_date(
    session: PortalSession, element: WebElement, text: str, style: str, step_name: str
) -> None:
    """Type a dd/mm/yyyy date the way the portal's widget accepts it, then check it."""
    if style == "masked":
        _type_masked(session, element, text)
    else:
        _type_calendar(element, text)
    if _read_value(session, element) != text:
        log.info("%s: value read back differs; setting it by script", step_name)
        _set_by_script(session, element, text)
    if _read_value(session, element) != text:
        raise TransientFault(f"{step_name} would not take {text}", session.driver.current_url)


def _read_value(session: PortalSession, element: WebElement) -> str:
    return str(session.driver.execute_script("return arguments[0].value;", element) or "")


def _set_by_script(session: PortalSession, element: WebElement, text: str) -> None:
    session.driver.execute_script(
        "arguments[0].value = arguments[1];"
        "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
        "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
        element,
        text,
    )


def _type_calendar(element: WebElement, text: str) -> None:
    # The calendar pop-up opens on click and swallows keys until ESC closes it.
    element.click()
    element.send_keys(Keys.ESCAPE)
    element.send_keys(Keys.CONTROL, "a")
    element.send_keys(Keys.DELETE)
    element.send_keys(text)
    element.send_keys(Keys.ESCAPE)


def _type_masked(session: PortalSession, element: WebElement, text: str) -> None:
    element.click()
    for _ in range(5):
        if _read_value(session, element) in (MASK_EMPTY, ""):
            break
        element.send_keys(Keys.CONTROL, "a")
        element.send_keys(Keys.BACKSPACE)
    element.send_keys(text.replace("/", ""))
    element.send_keys(Keys.TAB)
