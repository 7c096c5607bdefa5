"""Date strings of the CODEBOOK (YYYY, YYYY-MM, YYYY-MM-DD) as day ranges."""

from __future__ import annotations

import calendar
from datetime import date


def first_day(value: str) -> date:
    parts = [int(p) for p in value[:10].split("-")]
    if len(parts) == 1:
        return date(parts[0], 1, 1)
    if len(parts) == 2:
        return date(parts[0], parts[1], 1)
    return date(parts[0], parts[1], parts[2])


def last_day(value: str) -> date:
    parts = [int(p) for p in value[:10].split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31)
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(parts[0], parts[1], parts[2])


def span_bounds(start: str, end: str | None) -> tuple[date, date]:
    return first_day(start), last_day(end or start)
