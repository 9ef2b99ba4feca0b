"""Date ranges a report is queried in: one per calendar year, split further where a portal refuses.

A *split point* is the first day of a range that had to be cut because the portal refused a
bigger one (PREI answers "Se encontraron más de 100 coincidencias"). Remembering split points
lets the next run ask for the right ranges at once instead of bisecting again.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

DateRange = tuple[date, date]


def calendar_year_ranges(date_from: date, date_to: date) -> list[DateRange]:
    """``[date_from, date_to]`` cut at every 1 January: 01/01–31/12, the last ending at date_to."""
    if date_to < date_from:
        raise ValueError(f"empty range {date_from} > {date_to}")
    ranges = []
    start = date_from
    while start <= date_to:
        end = min(date(start.year, 12, 31), date_to)
        ranges.append((start, end))
        start = end + timedelta(days=1)
    return ranges


def apply_split_points(
    ranges: Iterable[DateRange], split_points: Iterable[date]
) -> list[DateRange]:
    """Cut each range just before every split point that falls strictly inside it."""
    points = sorted(set(split_points))
    result: list[DateRange] = []
    for start, end in ranges:
        for point in points:
            if start < point <= end:
                result.append((start, point - timedelta(days=1)))
                start = point
        result.append((start, end))
    return result


def bisect(date_range: DateRange) -> tuple[DateRange, DateRange] | None:
    """Two halves of a range (the first one longer by a day when odd), or None for one day."""
    start, end = date_range
    days = (end - start).days
    if days < 1:
        return None
    middle = start + timedelta(days=days // 2)
    return (start, middle), (middle + timedelta(days=1), end)


def dmy(day: date, sep: str = "/") -> str:
    return day.strftime(f"%d{sep}%m{sep}%Y")


def range_text(date_range: DateRange) -> str:
    return f"{dmy(date_range[0])}–{dmy(date_range[1])}"
