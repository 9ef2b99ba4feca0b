"""Folios faltantes as the clerk asks for them: the period, the as-of day, the store and the
serie, typed as ``o2c gaps`` options or picked on the page, become the one ``GapQuery`` both
front ends run.

The query itself follows the gaps settings (``GapQuery.under_settings``): the period rule
always, the day basis for a single day only. What is decided here is how the user's words map
onto it: no period means yesterday in the clerk's zone, an as-of day means what was known at
its end (never later than now), and a day picked on the page is that one day.
"""

from __future__ import annotations

from datetime import date, datetime

from o2c_desktop.errors import UserError
from o2c_desktop.messages import msg
from o2c_desktop.services.gaps.periods import (
    Period,
    day_range,
    end_of_day,
    local_now,
    month_period,
    parse_day,
    previous_day,
    resolve_period,
)
from o2c_desktop.services.gaps.report import GapQuery
from o2c_desktop.settings import GapsSettings

__all__ = ["as_of_instant", "default_day", "gap_query", "picked_period", "requested_period"]


def default_day(timezone: str) -> date:
    """The day shown when the clerk names none: yesterday in the clerk's zone (DOMAIN §8)."""
    return previous_day(timezone).start


# The period the typed options name (``--day``, ``--month``, ``--from``/``--to``); yesterday in the
# zone when none is given. One way only: two are refused.
requested_period = resolve_period


def picked_period(kind: str, *, day: date, month: date, date_from: date, date_to: date) -> Period:
    """The period the page's pickers name: the day, the month that ``month`` falls in, or the
    range, checked as ``o2c gaps --from --to`` checks it (a range of one day is that day)."""
    if kind == "month":
        return month_period(f"{month:%Y-%m}")
    if kind == "range":
        return day_range(date_from, date_to)
    return Period("day", day, day)


def as_of_instant(text: str | None, now: datetime) -> datetime:
    """What ``--as-of AAAA-MM-DD`` means: the end of that day, or ``now`` while it lasts;
    without it, ``now``. A future day is refused."""
    if text is None:
        return now
    day = parse_day(text, "--as-of")
    if day > now.date():
        raise UserError(msg("gaps.as_of_in_future", day=day))
    return min(end_of_day(day), now)


def gap_query(
    period: Period | date,
    settings: GapsSettings,
    timezone: str,
    *,
    as_of: str | None = None,
    store: str | None = None,
    serie: str | None = None,
    now: datetime | None = None,
) -> GapQuery:
    """The query for the clerk's choices: a bare date is that one day; ``as_of`` is the typed
    ``--as-of`` day (none: now, in the clerk's zone); ``store`` and ``serie`` narrow it."""
    if not isinstance(period, Period):
        period = Period("day", period, period)
    instant = as_of_instant(as_of, local_now(timezone) if now is None else now)
    return GapQuery.under_settings(period, instant, settings, store=store, serie=serie)
