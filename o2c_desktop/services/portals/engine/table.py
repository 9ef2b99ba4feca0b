"""Reading a paginated HTML table page by page (SAGI has no export) and saving it as xlsx."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import xlsxwriter
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from o2c_desktop.services.portals.engine.session import PortalSession
from o2c_desktop.services.portals.errors import LayoutChanged
from o2c_desktop.services.portals.recipes import TableSpec

log = logging.getLogger(__name__)

BUSINESS_ZONE = ZoneInfo("America/Mexico_City")

READ_ROWS_JS = """
const table = document.querySelector(arguments[0]);
if (!table) { return null; }
const head = Array.from(table.querySelectorAll('thead th')).map(th => th.innerText.trim());
const rows = Array.from(table.querySelectorAll('tbody tr'))
  .filter(tr => !tr.querySelector('.q-table__bottom--nodata'))
  .map(tr => Array.from(tr.cells).map(td => td.innerText.trim()));
return {head: head, rows: rows};
"""


def _read_page(session: PortalSession, spec: TableSpec) -> tuple[list[str], list[list[str]]]:
    data: Any = session.driver.execute_script(READ_ROWS_JS, spec.table)
    if not data:
        raise LayoutChanged(session.portal, session.recipe.id, "read table", spec.table)
    head = [str(h) for h in data["head"]]
    if len(head) != len(spec.columns):
        raise LayoutChanged(
            session.portal,
            session.recipe.id,
            f"read table ({len(head)} columns, expected {len(spec.columns)})",
            f"{spec.table} thead th",
        )
    return head, [[str(cell) for cell in row] for row in data["rows"]]


def _loading(driver: WebDriver, spec: TableSpec) -> bool:
    """Whether the loading text is shown; the page's own innerText, because WebDriver's
    element text of a whole body with a 50-row table costs a quarter of a second per poll."""
    return bool(
        driver.execute_script(
            "return (document.body.innerText || '').indexOf(arguments[0]) >= 0;",
            spec.loading_text,
        )
    )


def _signature(session: PortalSession, spec: TableSpec) -> str:
    return str(
        session.driver.execute_script(
            "const t = document.querySelector(arguments[0]);"
            "return t ? t.querySelector('tbody').innerHTML : '';",
            spec.table,
        )
    )


# Whether the loading text is shown and the table body's HTML, in one call per poll.
_TABLE_STATE_JS = """
const table = document.querySelector(arguments[0]);
const body = table ? table.querySelector('tbody') : null;
return [(document.body.innerText || '').indexOf(arguments[1]) >= 0, body ? body.innerHTML : ''];
"""
_NEXT_ENABLED_JS = """
const button = document.querySelector(arguments[0]);
return !!button && !button.matches(':disabled')
  && !(button.getAttribute('class') || '').includes('disabled');
"""


def _wait_loaded(session: PortalSession, spec: TableSpec, previous: str | None) -> bool:
    """Wait until the loading text is gone and, after a page change, the rows differ."""

    def ready(driver: WebDriver) -> bool:
        loading, signature = driver.execute_script(_TABLE_STATE_JS, spec.table, spec.loading_text)
        return not loading and (previous is None or signature != previous)

    try:
        session.wait(ready, session.timeouts.element_s, f"table {spec.table} loaded")
    except TimeoutException:
        return False
    return True


def _next_enabled(session: PortalSession, spec: TableSpec) -> bool:
    return bool(session.driver.execute_script(_NEXT_ENABLED_JS, spec.next_button))


def read_all_pages(session: PortalSession, spec: TableSpec) -> tuple[list[list[str]], int]:
    """All rows of every page; the number of pages read."""
    session.find(spec.table, step="table shown")
    _wait_loaded(session, spec, None)
    session.find(spec.rows_per_page_open, step="rows per page").click()
    option = session.find(spec.rows_per_page_option, step="rows per page 50")
    wanted = option.text.strip()
    option.click()

    def page_size_applied(driver: WebDriver) -> bool:
        if _loading(driver, spec):
            return False
        selector = driver.find_elements(By.CSS_SELECTOR, spec.rows_per_page_open)
        shown = selector[0].text.strip() if selector else ""
        return shown.startswith(wanted)

    try:
        session.wait(page_size_applied, session.timeouts.element_s, "rows per page applied")
    except TimeoutException:
        raise LayoutChanged(
            session.portal, session.recipe.id, "rows per page applied", spec.rows_per_page_open
        ) from None
    _, rows = _read_page(session, spec)
    pages = 1
    while _next_enabled(session, spec):
        previous = _signature(session, spec)
        session.find(spec.next_button, step="next page").click()
        if not _wait_loaded(session, spec, previous):
            log.info("page %d did not change after 'next'; stopping", pages + 1)
            break
        rows.extend(_read_page(session, spec)[1])
        pages += 1
        log.info("read page %d (%d rows so far)", pages, len(rows))
    return rows, pages


def snapshot_name(dataset: str, now: datetime | None = None) -> str:
    moment = now or datetime.now(BUSINESS_ZONE)
    return f"{moment:%Y %m %d %H}h SAGI_{dataset}.xlsx"


def write_rows(path: Path, columns: tuple[str, ...], rows: list[list[str]]) -> None:
    """Cells stay text exactly as shown (``$571182.00``); parsing belongs to the ingest layer."""
    workbook = xlsxwriter.Workbook(
        str(path), {"constant_memory": True, "strings_to_numbers": False}
    )
    sheet = workbook.add_worksheet("Sheet1")
    sheet.write_row(0, 0, columns)
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, [cell if cell else None for cell in row])
    workbook.close()
