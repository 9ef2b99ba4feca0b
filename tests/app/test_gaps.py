"""The clerk's choices for folios faltantes, typed (``o2c gaps``) or picked (the page), become
one query: yesterday by default, the day basis for a day only, the as-of day's end, the store
and the serie."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from o2c_desktop.app.gaps import (
    as_of_instant,
    default_day,
    gap_query,
    picked_period,
    requested_period,
)
from o2c_desktop.errors import UserError
from o2c_desktop.services.gaps.periods import Period
from o2c_desktop.services.gaps.report import GapQuery
from o2c_desktop.settings import GapsSettings

ZONE = "America/Mexico_City"
NOW = datetime(2025, 8, 24, 15, 30)


def _yesterdays() -> set[date]:
    """Yesterday in the clerk's zone (both sides of a midnight passing during the test)."""
    return {datetime.now(ZoneInfo(ZONE)).date() - timedelta(days=1)}


def test_no_period_means_yesterday_in_the_clerks_zone() -> None:
    expected = _yesterdays()
    period = requested_period(ZONE)
    expected |= _yesterdays()
    assert period.kind == "day" and period.start == period.end
    assert period.start in expected
    assert default_day(ZONE) in expected | _yesterdays()


def test_a_day_uses_the_day_basis_and_a_month_or_range_the_issue_date() -> None:
    settings = GapsSettings(day_basis="upload", period_rule="previous")
    day = gap_query(date(2025, 8, 23), settings, ZONE, now=NOW)
    assert day == GapQuery(
        Period("day", date(2025, 8, 23), date(2025, 8, 23)), NOW, rule="previous", basis="upload"
    )
    month = gap_query(requested_period(ZONE, month="2025-07"), settings, ZONE, now=NOW)
    assert month.period == Period("month", date(2025, 7, 1), date(2025, 7, 31))
    assert (month.rule, month.basis) == ("previous", "issue")
    days = requested_period(ZONE, date_from="2025-07-30", date_to="2025-08-02")
    assert gap_query(days, settings, ZONE, now=NOW).basis == "issue"
    assert gap_query(days, settings, ZONE, now=NOW).parameters()["base_fecha"] == "emisión"


def test_store_and_serie_narrow_the_query_and_are_named_in_its_parameters() -> None:
    query = gap_query(date(2025, 8, 23), GapsSettings(), ZONE, store="T7", serie="p", now=NOW)
    assert (query.store, query.serie) == ("T7", "p")
    assert query.parameters()["tienda"] == "T7"
    assert (
        gap_query(date(2025, 8, 23), GapsSettings(), ZONE, now=NOW).parameters()["tienda"]
        == "todas"
    )


def test_as_of_is_the_end_of_that_day_never_later_than_now() -> None:
    assert as_of_instant(None, NOW) == NOW
    assert as_of_instant("2025-08-01", NOW) == datetime(2025, 8, 2)
    assert as_of_instant("2025-08-24", NOW) == NOW  # today is not over yet
    query = gap_query(date(2025, 7, 31), GapsSettings(), ZONE, as_of="2025-08-01", now=NOW)
    assert query.as_of == datetime(2025, 8, 2)
    with pytest.raises(UserError) as future:
        as_of_instant("2025-08-25", NOW)
    assert (
        future.value.es == "La fecha de corte 2025-08-25 es futura; indique hoy o una fecha pasada."
    )
    # The day as clerks write it reads as the same day as the ISO form.
    assert as_of_instant("24/08/2025", NOW) == as_of_instant("2025-08-24", NOW)
    with pytest.raises(UserError) as typo:
        as_of_instant("24/08/25", NOW)
    assert "no es válida: use dd/mm/aaaa (24/08/2025) o AAAA-MM-DD" in typo.value.es


def test_without_now_the_query_is_as_of_the_present_in_the_clerks_zone() -> None:
    before = datetime.now(ZoneInfo(ZONE)).replace(tzinfo=None, microsecond=0)
    query = gap_query(date(2025, 8, 23), GapsSettings(), ZONE)
    after = datetime.now(ZoneInfo(ZONE)).replace(tzinfo=None)
    assert before <= query.as_of <= after


def test_the_pickers_name_the_same_periods_as_the_options() -> None:
    picks = {"day": date(2025, 8, 23), "month": date(2025, 7, 19),
             "date_from": date(2025, 7, 30), "date_to": date(2025, 8, 2)}  # fmt: skip
    assert picked_period("day", **picks) == requested_period(ZONE, day="2025-08-23")
    assert picked_period("month", **picks) == requested_period(ZONE, month="2025-07")
    assert picked_period("range", **picks) == requested_period(
        ZONE, date_from="2025-07-30", date_to="2025-08-02"
    )
    one_day = {**picks, "date_to": date(2025, 7, 30)}
    assert picked_period("range", **one_day) == Period("day", date(2025, 7, 30), date(2025, 7, 30))


def test_a_backwards_range_is_refused_alike_typed_or_picked() -> None:
    with pytest.raises(UserError) as typed:
        requested_period(ZONE, date_from="2025-08-02", date_to="2025-07-30")
    with pytest.raises(UserError) as picked:
        picked_period("range", day=NOW.date(), month=NOW.date(), date_from=date(2025, 8, 2),
                      date_to=date(2025, 7, 30))  # fmt: skip
    assert typed.value.es == picked.value.es
    assert typed.value.es.startswith("La fecha de --from (2025-08-02) es posterior a la de --to")


def test_the_monthly_set_asks_each_month_the_same_question() -> None:
    settings = GapsSettings(day_basis="upload", period_rule="previous")
    july = requested_period(ZONE, month="2025-07")
    template = GapQuery.under_settings(july, NOW, settings, store="T1")
    august = template.for_period(requested_period(ZONE, month="2025-08"))
    assert august == GapQuery(
        Period("month", date(2025, 8, 1), date(2025, 8, 31)), NOW, "T1", None, "previous", "issue"
    )
