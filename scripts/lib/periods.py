"""Periods as (start, end) ISO dates, inclusive. The federal fiscal year N runs Oct 1 (N-1) – Sep 30 N."""

from __future__ import annotations

import calendar
from datetime import date


def calendar_year(year: int) -> tuple[str, str]:
    return f"{year:04d}-01-01", f"{year:04d}-12-31"


def fiscal_year(fy: int) -> tuple[str, str]:
    """Federal fiscal year: FY2019 = 2018-10-01 .. 2019-09-30."""
    return f"{fy - 1:04d}-10-01", f"{fy:04d}-09-30"


def month(year: int, month_: int) -> tuple[str, str]:
    last = calendar.monthrange(year, month_)[1]
    return f"{year:04d}-{month_:02d}-01", f"{year:04d}-{month_:02d}-{last:02d}"


def overlap_days(a: tuple[str, str], b: tuple[str, str]) -> int:
    """Number of days two inclusive periods share (0 if disjoint)."""
    start = max(date.fromisoformat(a[0]), date.fromisoformat(b[0]))
    end = min(date.fromisoformat(a[1]), date.fromisoformat(b[1]))
    return max(0, (end - start).days + 1)


def length_days(p: tuple[str, str]) -> int:
    return (date.fromisoformat(p[1]) - date.fromisoformat(p[0])).days + 1


def period_type(start: str, end: str) -> str:
    """The period_type of an inclusive ISO period: day, week (7 days), month, calendar_year, fiscal_year
    (Oct 1 – Sep 30) or span (anything else)."""
    s, e = date.fromisoformat(start), date.fromisoformat(end)
    if s == e:
        return "day"
    if (start, end) == calendar_year(s.year):
        return "calendar_year"
    if (start, end) == fiscal_year(s.year + 1):
        return "fiscal_year"
    if (start, end) == month(s.year, s.month):
        return "month"
    if (e - s).days == 6:
        return "week"
    return "span"
