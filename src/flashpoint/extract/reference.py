"""The reference date an article's relative dates ("on Saturday", "last week") resolve against.

The publication date when the cleaner (or the record) gives one, unless the page's own stamp line is older
(an archived page handed over with its crawl's day). Otherwise the text's own clues, best first:

1. a stamp line: "Posted: Saturday, December 27, 2014 12:48 PM", "Updated: 11/26/2015"; else a dated
   link (".../story/news/crime/2016/11/07/1-teen-dead-...");
2. the latest full date with its year in the text ("on March 3, 2015");
3. the year of a copyright line ("Copyright 2014 WBTV") with the latest month-and-day the text gives ("on Aug. 14"),
   whose weekday, when the text names it ("Sunday, Nov. 27"), must agree;
4. that year alone: the reference then has ``year`` precision, and dates the
   text gives only relatively can be placed in that year and no finer.

No clue, no reference: relative dates are then left unresolved.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache

from flashpoint.extract.dates import DateExpr, TextDates, find_dates
from flashpoint.extract.scan import skipped_matches, skipping

FAR = date(2100, 1, 1)
STAMP_BEFORE_GIVEN = 1  # days a page's stamp may precede the publication date it came with (time zones)
STAMP = re.compile(
    r"\b(?:posted|updated|published|last updated|last modified|created)\b\s*(?:on|at)?\s*:?\s*(?P<rest>[^\n]{0,80})",
    re.I,
)
URL_DATE = re.compile(r"(?i)(?:https?://|www\.)[^\s\])]*?/(?P<y>(?:19|20)\d\d)/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)(?:/|\b)")
COPYRIGHT = re.compile(r"(?i)(?:©|\(c\)|copyright)\s*(?:[^\n\d]{0,40}?)(?P<y>(?:19|20)\d\d)\b")


@dataclass(frozen=True, slots=True)
class Reference:
    """``day`` when the reference date is known to the day, ``year`` when only its year is."""

    date: date
    precision: str
    source: str  # published, stamp, text-date, year+day, year


@cache
def _stamp_scan() -> re.Pattern[str] | None:
    return skipping(STAMP.pattern, STAMP.flags)


def _stamps(text: str) -> Iterator[re.Match[str]]:
    """``STAMP.finditer(text)``, ``re`` skipping in C to the letters a stamp's word begins with (``scan.skipping``;
    the text is read for stamps three times a document: 0.18 -> 0.04 ms a page on corpus/html each time)."""
    scan = _stamp_scan()
    return STAMP.finditer(text) if scan is None else skipped_matches(scan, STAMP, text)


def stamp_spans(text: str) -> list[tuple[int, int]]:
    """Where the text's stamp lines ("Posted: ...", "Updated: ...") are: their dates date the page, not an event."""
    return [(m.start(), m.end()) for m in _stamps(text)]


def _stamp(text: str, month_first: bool) -> date | None:
    for m in _stamps(text):
        for d in find_dates(m.group("rest"), FAR, month_first):
            if d.precision == "day" and d.explicit_year:
                return d.start
    return None


def _year(text: str) -> int | None:
    years = [int(m.group("y")) for m in COPYRIGHT.finditer(text)]
    return max(years) if years else None


def _with_weekday(text: str, d: DateExpr) -> date:
    """Move a month-and-day to the nearest year whose weekday agrees with a weekday written just before it."""
    before = text[max(0, d.begin - 14) : d.begin]
    named = [w for w in find_dates(before, FAR) if w.precision == "day" and not w.explicit_year]
    if not named:
        return d.start
    want = named[-1].start.weekday()  # a weekday resolves to a date on that weekday
    for shift in (0, -1, 1):
        try:
            cand = d.start.replace(year=d.start.year + shift)
        except ValueError:
            continue
        if cand.weekday() == want:
            return cand
    return d.start


def find_reference(
    published: str | None, text: str, month_first: bool = False, dates: TextDates | None = None
) -> Reference | None:
    """The date relative expressions resolve against, and how precisely it is known (``dates``: the text's, when the
    caller reads them too)."""
    stamped = _stamp(text, month_first)
    if published:
        try:
            given = date.fromisoformat(published[:10])
        except ValueError:
            pass
        else:
            if stamped and (given - stamped).days > STAMP_BEFORE_GIVEN:
                # the page's own stamp is older than the date it came with (a crawl's or an archive's day): its
                # "Sunday" and "last week" were written on the stamp's day
                return Reference(stamped, "day", "stamp")
            return Reference(given, "day", "published")
    if stamped:
        return Reference(stamped, "day", "stamp")
    for m in URL_DATE.finditer(text):  # a link to the article itself: ".../2016/11/07/1-teen-dead-..."
        try:
            return Reference(date(int(m.group("y")), int(m.group("m")), int(m.group("d"))), "day", "url")
        except ValueError:
            continue
    if dates is None:
        dates = TextDates(text)
    full = [d for d in dates.find(FAR, month_first) if d.explicit_year and d.precision == "day"]
    if full:
        return Reference(max(d.end for d in full), "day", "text-date")
    year = _year(text)
    if year is None:
        return None
    end_of_year = date(year, 12, 31)
    days = [
        d
        for d in dates.find(end_of_year, month_first)
        if d.precision == "day"
        and not d.explicit_year
        and d.finish - d.begin >= 5
        and re.search(r"\d", text[d.begin : d.finish])
    ]
    if days:
        latest = max(days, key=lambda d: d.end)
        return Reference(_with_weekday(text, latest), "day", "year+day")
    return Reference(end_of_year, "year", "year")
