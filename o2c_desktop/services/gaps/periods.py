"""Report periods: a day, a month or a range of days, in the clerk's time zone.

A gap belongs to exactly one period, by the stated rule (DOMAIN §8.2, §10 #13): by default the
issue date of the next existing folio, the invoice whose arrival revealed the gap; the setting
``period_rule = "previous"`` uses the folio before it instead. Because the ledger's ranges are
computed over the whole sequence, a gap across a period boundary is found once, with both
neighbours' folios and dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from o2c_desktop.errors import UserError
from o2c_desktop.messages import msg
from o2c_desktop.services.formats import read_typed_day

PeriodKind = Literal["day", "month", "range"]


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    start: date
    end: date  # inclusive

    @property
    def label(self) -> str:
        if self.kind == "day":
            return self.start.isoformat()
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        return f"{self.start.isoformat()}_{self.end.isoformat()}"


def local_now(timezone: str) -> datetime:
    """Wall time in the clerk's zone, without tzinfo (how the ledger stores instants)."""
    return datetime.now(ZoneInfo(timezone)).replace(tzinfo=None, microsecond=0)


def end_of_day(day: date) -> datetime:
    """The instant a day is over: what was known by then is what 'as of that day' shows."""
    return datetime.combine(day + timedelta(days=1), datetime.min.time())


def parse_day(text: str, option: str) -> date:
    day = read_typed_day(text)
    if day is None:
        raise UserError(msg("gaps.bad_day", text=text, option=option))
    return day


def month_period(text: str, option: str = "--month") -> Period:
    parts = text.strip().split("-")
    valid = len(parts) == 2 and len(parts[0]) == 4 and parts[0].isdigit() and parts[1].isdigit()
    if not valid or not 1 <= int(parts[1]) <= 12:
        raise UserError(msg("gaps.bad_month", text=text, option=option))
    start = date(int(parts[0]), int(parts[1]), 1)
    following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return Period("month", start, following - timedelta(days=1))


def previous_day(timezone: str) -> Period:
    yesterday = local_now(timezone).date() - timedelta(days=1)
    return Period("day", yesterday, yesterday)


def months_between(since: Period, until: date) -> list[Period]:
    months: list[Period] = []
    current = since
    while current.start <= until:
        months.append(current)
        current = month_period(f"{current.end + timedelta(days=1):%Y-%m}")
    return months


def resolve_period(
    timezone: str,
    *,
    day: str | None = None,
    month: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> Period:
    """The period the options ask for; yesterday when none is given."""
    chosen = [name for name, value in (("--day", day), ("--month", month)) if value]
    if date_from or date_to:
        chosen.append("--from/--to")
    if len(chosen) > 1:
        raise UserError(msg("gaps.period_given_twice", options=", ".join(chosen)))
    if day:
        parsed = parse_day(day, "--day")
        return Period("day", parsed, parsed)
    if month:
        return month_period(month)
    if date_from or date_to:
        if not (date_from and date_to):
            raise UserError(msg("gaps.range_needs_both_ends"))
        return day_range(parse_day(date_from, "--from"), parse_day(date_to, "--to"))
    return previous_day(timezone)


def day_range(start: date, end: date) -> Period:
    """The days from ``start`` to ``end`` (``--from``/``--to``); one day is that day."""
    if start > end:
        raise UserError(msg("gaps.range_reversed", start=start, end=end))
    return Period("day" if start == end else "range", start, end)
