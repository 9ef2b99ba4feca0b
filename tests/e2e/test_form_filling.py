"""A report's dates go into the portal's form in one script call, and are typed key by key when
the page does not keep values set that way, against the demo portal in real headless Chromium.

The demo SAI page keeps its query in a form model that only ``input`` events update (like
Angular's forms), so a value written without firing the event would query nothing.
"""

from __future__ import annotations

from datetime import date

import pytest

from o2c_desktop.services.portals.demo import DemoPortal
from o2c_desktop.services.portals.engine import forms

from .conftest import AS_OF, Runner, as_key, sheet_rows

# A widget that takes typed keys only: every "input" event that no key made is stopped before
# the page sees it, and the value it carried is wiped (some date pickers behave like this).
KEYS_ONLY_JS = """
if (!window.keysOnly) {
  window.keysOnly = true;
  document.addEventListener('input', (event) => {
    if (!event.isTrusted) { event.stopImmediatePropagation(); event.target.value = ''; }
  }, true);
}
"""

TYPING_FALLBACK = "did not keep values set by script; typing them"


def assert_altas_rows(portal: DemoPortal, outcome_files: list) -> None:
    for item in outcome_files:
        _, rows = sheet_rows(item.path)
        keys = sorted((as_key(r[0]), as_key(r[3])) for r in rows)
        assert keys == portal.truth_keys("sai.altas", item.range_from, item.range_to)


def test_dates_set_by_one_script_call_query_the_right_range(
    run: Runner, portal: DemoPortal
) -> None:
    outcome = run("sai.altas", date(2024, 3, 1), AS_OF)

    assert outcome.status == "ok", outcome.error
    assert [(f.range_from, f.range_to) for f in outcome.files] == [
        (date(2024, 3, 1), date(2024, 12, 31)),
        (date(2025, 1, 1), AS_OF),
    ]
    assert_altas_rows(portal, outcome.files)
    log = (outcome.evidence_dir / "run.log").read_text(encoding="utf-8")
    assert TYPING_FALLBACK not in log, "no key typed when the page keeps the values"


def test_a_page_that_takes_typed_keys_only_gets_the_dates_typed(
    run: Runner, portal: DemoPortal, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(forms, "FILL_FORM_JS", KEYS_ONLY_JS + forms.FILL_FORM_JS)

    outcome = run("sai.altas", date(2024, 3, 1), AS_OF)

    assert outcome.status == "ok", outcome.error
    assert len(outcome.files) == 2
    assert_altas_rows(portal, outcome.files)
    log = (outcome.evidence_dir / "run.log").read_text(encoding="utf-8")
    assert log.count(TYPING_FALLBACK) == 2, "each range's dates typed, then the query sent"
