"""Date expressions: absolute dates, spans, seasons, years and relative days.

``find_dates(text, ref)`` returns every date expression in ``text`` as a
``DateExpr`` with its character span, resolved against ``ref`` (the
publication date, or the document's reference year when there is none).
Month, weekday and season words for English, Russian, French and Spanish come
from ``data/calendar.json``.

``find_durations`` finds "after 48 hours of fighting", "(2 days)", "for three
days", which the extractor uses to close a span that only has its start.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from flashpoint.extract.numbers import word_to_int
from flashpoint.extract.scan import (
    first_letter_scan,
    gated,
    literal_trie,
    matches_at,
    required_strings,
    skipped_matches,
    skipping,
)
from flashpoint.resources import load_json

YEAR = r"(?P<{n}>1[89]\d\d|20\d\d)"
DAY = r"(?P<{n}>[0-3]?\d)(?:st|nd|rd|th|er|-?го|-?е)?"
DAY_START = r"(?<![\d.,/:-])"  # an infobox runs its label into the day: "Date1–5 April 2016"
DASH = r"\s*(?:-|–|—|to|until|till|through|au|al|à|a|по|до|и|and|et|y)\s*"
SEP = r"[\s,]*"


@dataclass(frozen=True, slots=True)
class DateExpr:
    start: date
    end: date
    precision: str  # day, week, month, season, year
    begin: int  # character span in the text searched
    finish: int
    explicit_year: bool = True

    def iso(self) -> tuple[str, str]:
        return _iso(self.start, self.precision), _iso(self.end, self.precision)


def _iso(d: date, precision: str) -> str:
    if precision == "year":
        return f"{d.year:04d}"
    if precision in ("month", "season"):
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


def _alternation(words: list[str]) -> str:
    parts = []
    for w in words:
        parts.append(f"(?-i:{w})" if w[:1].isupper() else w)
    return "|".join(parts)


@dataclass(frozen=True, slots=True)
class _Calendar:
    month_re: str
    month_lookup: tuple[tuple[re.Pattern[str], int], ...]
    weekday_re: str
    weekday_lookup: tuple[tuple[re.Pattern[str], int], ...]
    season_re: str
    season_lookup: tuple[tuple[re.Pattern[str], tuple[int, int]], ...]
    relative_re: str
    relative_lookup: tuple[tuple[re.Pattern[str], int], ...]


@cache
def _calendar() -> _Calendar:
    data: dict[str, Any] = load_json("calendar.json")

    def table(section: dict[str, list[str]], tree: bool = False) -> tuple[str, tuple[tuple[re.Pattern[str], int], ...]]:
        words: list[str] = []
        lookup = []
        for key, ws in section.items():
            words.extend(ws)
            lookup.append((re.compile(rf"^(?:{_alternation(ws)})$", re.I), int(key)))
        words.sort(key=len, reverse=True)
        # with ``tree``, as a tree of leading literals (``scan.literal_trie``: the same matches) unless a word is
        # matched as written ("May"); not for the relative days, whose cue (``_cues``) needs their whole words
        body = literal_trie(words) if tree and not any(w[:1].isupper() for w in words) else None
        # a whole word: "Apr" must not stop short inside "April" ("2 April 2016" is a day, not April)
        return rf"(?:{body or _alternation(words)})(?!\w)", tuple(lookup)

    month_re, month_lookup = table(data["months"])
    weekday_re, weekday_lookup = table(data["weekdays"], tree=True)  # the weekday pattern 0.23 -> 0.17 ms a page
    relative_re, relative_lookup = table(data["relative_days"])
    season_words: list[str] = []
    season_lookup = []
    for spec in data["seasons"].values():
        season_words.extend(spec["words"])
        season_lookup.append((re.compile(rf"^(?:{_alternation(spec['words'])})$", re.I), tuple(spec["months"])))
    return _Calendar(
        month_re,
        month_lookup,
        weekday_re,
        weekday_lookup,
        rf"(?:{_alternation(season_words)})",
        tuple(season_lookup),
        relative_re,
        relative_lookup,
    )


def _lookup(table: tuple[tuple[re.Pattern[str], Any], ...], word: str) -> Any:
    word = word.strip()
    for pattern, value in table:
        if pattern.match(word):
            return value
    raise KeyError(word)


def _month(word: str) -> int:
    return int(_lookup(_calendar().month_lookup, word))


def _mk(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


_FLAGS = re.I | re.U


@cache
def _pattern_specs() -> list[tuple[str, str]]:
    """The date patterns by name, as written (compiled with ``_FLAGS``)."""
    c = _calendar()
    m1, m2 = f"(?P<m1>{c.month_re})", f"(?P<m2>{c.month_re})"
    d1, d2 = DAY.format(n="d1"), DAY.format(n="d2")
    y1, y2 = YEAR.format(n="y1"), YEAR.format(n="y2")
    de = r"(?:\s+(?:de|del)\s+|\s+)"  # "7 de agosto de 2008"
    yr_tail = r"(?:\s*(?:года|год|г\.))?"
    specs = [
        # 24 September 2023 – 3 October 2023 ; 24 сентября – 3 октября 2023
        ("dmy_dmy", rf"{d1}{de}{m1}(?:{de}{y1})?{DASH}{d2}{de}{m2}(?:{de}{y2}{yr_tail})?"),
        # September 24 – October 3, 2023
        ("mdy_mdy", rf"{m1}\s+{d1}(?:{SEP}{y1})?{DASH}{m2}\s+{d2}(?:{SEP}{y2})?"),
        # from September 14 to 20 ; September 14-20, 2022
        ("md_d", rf"{m1}\s+{d1}{DASH}{d2}\b(?!\s*(?:%|km|per|people|troops))(?:{SEP}{y1})?"),
        # 12-14 September 2022 ; from 14 to 20 September
        ("d_dm", rf"{DAY_START}{d1}{DASH}{d2}{de}{m1}(?:{de}{y1}{yr_tail})?"),
        # February – December 2022
        ("m_my", rf"{m1}{DASH}{m2}{SEP}{y1}"),
        # 12 September 2022 ; 7 de agosto del 2008 ; 12 сентября
        ("dmy", rf"{DAY_START}{d1}{de}{m1}(?:{de}{y1}{yr_tail})?"),
        # September 12, 2022 ; March 20th
        ("mdy", rf"{m1}\s+{d1}\b(?:,?\s*{y1})?"),
        # in January of this year ; в январе этого года
        (
            "m_this",
            rf"{m1}\s+(?:of\s+)?(?P<rel>this|last|next|этого|прошлого|cette|l'an|de\s+este)\s+(?:year|года|année|dernier|año)",
        ),
        # February 2022 ; août 2008 ; в августе 2008 года
        ("my", rf"{m1}(?:\s+(?:of|de|del))?\s+{y1}{yr_tail}"),
        # spring of 2021 ; весной 2021
        ("season_y", rf"(?P<s>{c.season_re})(?:\s+(?:of|de|del))?\s+{y1}{yr_tail}"),
        # 09.12.2022 ; 2022-12-09 ; 13/07/08
        ("iso", r"\b(?P<Y>(?:19|20)\d\d)-(?P<M>[01]?\d)-(?P<D>[0-3]?\d)\b"),
        ("dotted", r"\b(?P<D>[0-3]?\d)[./](?P<M>[0-3]?\d)[./](?P<Y>(?:19|20)?\d\d)\b"),
        # (1992-1994) ; 1992–94
        ("y_y", rf"\b{y1}\s*(?:-|–|—|to|au|a|по)\s*(?P<y2>(?:19|20)?\d\d)\b(?!\s*(?:%|km))"),
        ("decade", r"\b(?:the\s+)?(?P<dec>(?:19|20)\d0)-?[’']?s\b"),
        # in September ; since February ; в сентябре ; en septembre
        (
            "m",
            rf"(?<!\w)(?:in|since|by|during|until|early|late|mid-?|в|с|en|depuis|desde|durante|de)\s+(?:early\s+|late\s+)?(?P<m1>{c.month_re})\b(?!\.?\s+\d)",
        ),
        (
            "year",
            rf"(?<![\w.,/-]){y1}(?![\w.,/-]\d|\s*(?:%|km|people|troops|soldiers|residents|persons|men|block|Block)\b)",
        ),
        ("weekday", rf"(?<!\w)(?:(?:on|last|this|le|el|в|во)\s+)?(?P<wd>{c.weekday_re})\b"),
        ("relday", rf"(?<!\w)(?P<rd>{c.relative_re})\b"),
        (
            "ago",
            r"(?<!\w)(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?P<unit>days?|weeks?|months?|years?)\s+ago\b",
        ),
        ("lastunit", r"(?<!\w)(?P<rel>last|this|past)\s+(?P<unit>week|month|year)\b"),
    ]
    return specs


@cache
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    """The date patterns compiled, each behind a test of the characters its matches begin with (``scan.gated``: the
    same matches; a character that begins none is passed at once)."""
    return [(name, gated(p, _FLAGS)) for name, p in _pattern_specs()]


@cache
def _skipping() -> dict[str, re.Pattern[str]]:
    """The patterns read through the whole text (neither month, season nor day first) whose first characters
    ``re`` can skip to (``scan.skipping``): weekdays, relative days, "in September", years, decades (0.35 ms a page
    on corpus/html)."""
    read_whole = [(name, p) for name, p in _pattern_specs() if name not in _MONTH_FIRST | _SEASON_FIRST | _DAY_FIRST]
    found = {name: skipping(p, _FLAGS) for name, p in read_whole}
    return {name: p for name, p in found.items() if p is not None}


# patterns whose words are rare in news ("ago", "yesterday"): a text none of whose words a match needs is not scanned
_CUED = ("ago", "relday")


@cache
def _cues() -> dict[str, re.Pattern[str]]:
    """For the ``_CUED`` patterns, the strings one of which every match holds (``scan.required_strings``) as one
    case-insensitive scan (``scan.first_letter_scan``): where it finds none, the pattern matches nowhere (0.16 ms
    a page for "ago" on corpus/html, which one page in five holds)."""
    out = {}
    for name, pattern in _patterns():
        strings = required_strings(pattern) if name in _CUED else None
        if strings is not None:
            out[name] = first_letter_scan([re.escape(s) for s in sorted(strings)], "", capitals=False)
    return out


def _year(value: str | None, ref: date) -> tuple[int, bool]:
    if value:
        y = int(value)
        if y < 100:
            y += 2000 if y < 50 else 1900
        return y, True
    return ref.year, False


def _before_ref(d: date, ref: date, explicit: bool) -> date:
    """A date given without its year is the latest such date not after ``ref``."""
    if explicit or d <= ref + timedelta(days=7):
        return d
    return _mk(d.year - 1, d.month, d.day) or d


def _resolve(name: str, m: re.Match[str], ref: date, month_first: bool = False) -> DateExpr | None:  # noqa: C901
    g = m.groupdict()
    b, e = m.start(), m.end()
    if name in ("dmy_dmy", "mdy_mdy"):
        y2, ex2 = _year(g.get("y2"), ref)
        y1 = int(g["y1"]) if g.get("y1") else y2
        s = _mk(y1, _month(g["m1"]), int(g["d1"]))
        t = _mk(y2, _month(g["m2"]), int(g["d2"]))
        if not s or not t or t < s:
            return None
        return DateExpr(s, t, "day", b, e, ex2)
    if name in ("md_d", "d_dm"):
        y, ex = _year(g.get("y1"), ref)
        mo = _month(g["m1"])
        s, t = _mk(y, mo, int(g["d1"])), _mk(y, mo, int(g["d2"]))
        if not s or not t or t < s:
            return None
        s2 = _before_ref(s, ref, ex)
        t = t.replace(year=s2.year)
        return DateExpr(s2, t, "day", b, e, ex)
    if name == "m_my":
        y = int(g["y1"])
        s_m, t_m = _month(g["m1"]), _month(g["m2"])
        if t_m < s_m:
            return None
        return DateExpr(date(y, s_m, 1), _month_end(y, t_m), "month", b, e)
    if name in ("dmy", "mdy"):
        y, ex = _year(g.get("y1"), ref)
        d = _mk(y, _month(g["m1"]), int(g["d1"]))
        if not d:
            return None
        d = _before_ref(d, ref, ex)
        return DateExpr(d, d, "day", b, e, ex)
    if name == "m_this":
        rel = g["rel"].lower()
        y = ref.year - (1 if rel in ("last", "прошлого", "l'an") else 0) + (1 if rel == "next" else 0)
        mo = _month(g["m1"])
        return DateExpr(date(y, mo, 1), _month_end(y, mo), "month", b, e, False)
    if name == "my":
        y, mo = int(g["y1"]), _month(g["m1"])
        return DateExpr(date(y, mo, 1), _month_end(y, mo), "month", b, e)
    if name == "season_y":
        y = int(g["y1"])
        first, last = _lookup(_calendar().season_lookup, g["s"])
        start = date(y if first != 12 else y - 1, first, 1)
        return DateExpr(start, _month_end(y, last), "season", b, e)
    if name in ("iso", "dotted"):
        y, _ = _year(g["Y"], ref)
        day, month = int(g["D"]), int(g["M"])
        slash_us = month_first and "/" in m.group(0) and day <= 12
        if name == "dotted" and (month > 12 >= day or slash_us):
            day, month = month, day  # 11/26/2015, and 01/5/2021 in an English text, are month first
        d = _mk(y, month, day)
        return DateExpr(d, d, "day", b, e) if d else None
    if name == "y_y":
        y1 = int(g["y1"])
        raw2 = g["y2"]
        y2 = int(raw2) if len(raw2) == 4 else (y1 // 100) * 100 + int(raw2)
        if not (0 < y2 - y1 <= 30):
            return None
        return DateExpr(date(y1, 1, 1), date(y2, 12, 31), "year", b, e)
    if name == "decade":
        y = int(g["dec"])
        return DateExpr(date(y, 1, 1), date(y + 9, 12, 31), "year", b, e)
    if name == "m":
        mo = _month(g["m1"])
        y = ref.year if mo <= ref.month + 0 or ref.month == 12 else ref.year - 1
        return DateExpr(date(y, mo, 1), _month_end(y, mo), "month", b, e, False)
    if name == "year":
        y = int(g["y1"])
        return DateExpr(date(y, 1, 1), date(y, 12, 31), "year", b, e)
    if name == "weekday":
        wd = int(_lookup(_calendar().weekday_lookup, g["wd"]))
        back = (ref.weekday() - wd) % 7
        d = ref - timedelta(days=back)
        return DateExpr(d, d, "day", b, e, False)
    if name == "relday":
        d = ref + timedelta(days=int(_lookup(_calendar().relative_lookup, g["rd"])))
        return DateExpr(d, d, "day", b, e, False)
    if name == "ago":
        n = int(g["n"]) if g["n"].isdigit() else word_to_int(g["n"]) or 1
        unit = g["unit"].lower().rstrip("s")
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * n
        d = ref - timedelta(days=days)
        prec = {"day": "day", "week": "week", "month": "month", "year": "year"}[unit]
        return _unit_span(d, prec, b, e)
    if name == "lastunit":
        unit = g["unit"].lower()
        back = 0 if g["rel"].lower() == "this" else {"week": 7, "month": 31, "year": 366}[unit]
        d = ref - timedelta(days=back) if unit != "month" else (ref.replace(day=1) - timedelta(days=1) if back else ref)
        if unit == "year":
            d = date(ref.year - (1 if back else 0), 1, 1)
        return _unit_span(d, unit, b, e)
    return None


def _unit_span(d: date, prec: str, b: int, e: int) -> DateExpr:
    if prec == "week":
        s = d - timedelta(days=d.weekday())
        return DateExpr(s, s + timedelta(days=6), "week", b, e, False)
    if prec == "month":
        return DateExpr(date(d.year, d.month, 1), _month_end(d.year, d.month), "month", b, e, False)
    if prec == "year":
        return DateExpr(date(d.year, 1, 1), date(d.year, 12, 31), "year", b, e, False)
    return DateExpr(d, d, "day", b, e, False)


# patterns whose match begins with a month name (or a season's): rather than each scanning every character of the
# text (a case-insensitive alternation of ~80 names is the slowest regex of the extractor), they are tried only where
# a month name (a season word) starts, found once per text; the matches are the same as ``finditer``'s.
_MONTH_FIRST = frozenset({"mdy_mdy", "md_d", "m_my", "mdy", "m_this", "my"})
_SEASON_FIRST = frozenset({"season_y"})
# patterns whose match begins with a day number after ``DAY_START``: tried only where such a digit is
_DAY_FIRST = frozenset({"d_dm", "dmy"})
# a digit that may begin a day: ``DAY_START`` put after the digit (so that ``re`` skips every other character in C)
_DAY_DIGIT = re.compile(r"\d(?<![\d.,/:-].)")


@cache
def _month_start() -> re.Pattern[str]:
    return re.compile(rf"(?={_calendar().month_re})", re.I | re.U)


@cache
def _season_start() -> re.Pattern[str]:
    return re.compile(rf"(?={_calendar().season_re})", re.I | re.U)


@cache
def _month_scan() -> re.Pattern[str]:
    """The month names as one pattern that matches where ``_month_start`` does (see ``scan.first_letter_scan``)."""
    return first_letter_scan([w for ws in load_json("calendar.json")["months"].values() for w in ws], r"(?!\w)")


@cache
def _season_scan() -> re.Pattern[str]:
    """The season words as one pattern that matches where ``_season_start`` does (see ``scan.first_letter_scan``)."""
    seasons = load_json("calendar.json")["seasons"].values()
    return first_letter_scan([w for spec in seasons for w in spec["words"]], "")


def _starts(text: str, scan: re.Pattern[str], exact: re.Pattern[str]) -> list[int]:
    """Where ``exact`` (a lookahead) matches in ``text``, found by one search with ``scan`` (the same words, in C)
    and, inside each match found, a try at each later character (a name may start within another)."""
    out: list[int] = []
    for m in scan.finditer(text):
        out.append(m.start())
        out.extend(q for q in range(m.start() + 1, m.end()) if exact.match(text, q))
    return out


def _month_starts(text: str) -> list[int]:
    """Where a month name starts in ``text``: ``_month_start().finditer``'s positions."""
    return _starts(text, _month_scan(), _month_start())


def _season_starts(text: str) -> list[int]:
    """Where a season word starts in ``text``: ``_season_start().finditer``'s positions."""
    return _starts(text, _season_scan(), _season_start())


def _date_matches(text: str) -> list[tuple[str, re.Match[str]]]:
    """Every date pattern's matches in ``text`` (by name, the patterns in order, each one's matches in text order):
    what ``find_dates`` reads, whatever the reference date."""
    found: list[tuple[str, re.Match[str]]] = []
    month_starts: list[int] | None = None
    day_starts: list[int] | None = None
    cues = _cues()
    for name, pattern in _patterns():
        if name in cues and cues[name].search(text) is None:
            continue
        if name in _MONTH_FIRST:
            if month_starts is None:
                month_starts = _month_starts(text)
            matches: Iterator[re.Match[str]] = matches_at(pattern, text, month_starts)
        elif name in _SEASON_FIRST:
            matches = matches_at(pattern, text, _season_starts(text))
        elif name in _DAY_FIRST:
            if day_starts is None:
                day_starts = [m.start() for m in _DAY_DIGIT.finditer(text)]
            matches = matches_at(pattern, text, day_starts)
        elif (scan := _skipping().get(name)) is not None:
            matches = skipped_matches(scan, pattern, text)
        else:
            matches = pattern.finditer(text)
        found.extend((name, m) for m in matches)
    return found


class TextDates:
    """The date expressions of one text against any reference date: the patterns' matches, which do not depend on
    the reference, are found once, and each (reference, ``month_first``) is read once. An article's text is read
    up to four times (its reference date from the text when the page gives none, its event dates, the dates that
    are no toll): the same list each time as ``find_dates``, a third of the work."""

    __slots__ = ("_found", "_matches", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._matches: list[tuple[str, re.Match[str]]] | None = None
        self._found: dict[tuple[date, bool], tuple[DateExpr, ...]] = {}

    def find(self, ref: date, month_first: bool = False) -> list[DateExpr]:
        """``find_dates(self.text, ref, month_first)`` (a new list each call)."""
        done = self._found.get((ref, month_first))
        if done is None:
            if self._matches is None:
                self._matches = _date_matches(self.text)
            done = self._found[(ref, month_first)] = tuple(_read(self.text, self._matches, ref, month_first))
        return list(done)


def find_dates(text: str, ref: date, month_first: bool = False) -> list[DateExpr]:
    """All date expressions in ``text``, longest first where they overlap, in text order.

    ``month_first`` reads a slashed numeric date as month/day/year (American English) when both
    readings are valid; otherwise day/month/year.
    """
    return _read(text, _date_matches(text), ref, month_first)


def _read(text: str, matches: list[tuple[str, re.Match[str]]], ref: date, month_first: bool) -> list[DateExpr]:
    """``find_dates`` from the patterns' matches (``_date_matches``)."""
    found: list[DateExpr] = []
    for name, m in matches:
        try:
            expr = _resolve(name, m, ref, month_first)
        except (KeyError, ValueError):
            continue
        if expr is not None:
            found.append(expr)
    found.sort(key=lambda x: (-(x.finish - x.begin), x.begin))
    kept: list[DateExpr] = []
    for expr in found:
        if all(expr.finish <= k.begin or expr.begin >= k.finish for k in kept):
            kept.append(expr)
    kept.sort(key=lambda x: x.begin)
    # "on Sunday, Nov. 15", "Saturday (December 31)": the weekday names the day the date after it gives (when
    # their weekdays agree: else the date's year was guessed wrong, and the weekday is the nearer reading)
    return [
        k
        for k, nxt in zip(kept, [*kept[1:], None], strict=False)
        if nxt is None
        or nxt.precision != "day"
        or nxt.start.weekday() != k.start.weekday()
        or not WEEKDAY_BEFORE_DATE.fullmatch(text, k.finish, nxt.begin)
        or not _weekday_only().fullmatch(text, k.begin, k.finish)
    ]


WEEKDAY_BEFORE_DATE = re.compile(r"\s*[,(]?\s*(?:the\s+)?")


@cache
def _weekday_only() -> re.Pattern[str]:
    return re.compile(rf"(?:(?:on|last|this)\s+)?(?:{_calendar().weekday_re})", re.I)


DURATION = gated(
    r"(?:after|over|for|during|within|lasted|\()\s*(?:about\s+|nearly\s+|some\s+)?"
    r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s*-?\s*(?P<unit>hours?|days?|weeks?)\b",
    re.I,
)
DURATION_NOUN = gated(
    r"\b(?P<n>two|three|four|five|six|seven|eight|nine|ten|\d+)-(?P<unit>day|week)\s+(?:war|fighting|conflict|battle|clashes)",
    re.I,
)


def find_durations(text: str) -> list[tuple[int, int, int]]:
    """``(days, start, end)`` for each duration phrase ("after 48 hours of fighting" → 2 days)."""
    out = []
    for pattern in (DURATION, DURATION_NOUN):
        for m in pattern.finditer(text):
            n_raw = m.group("n")
            n = int(n_raw) if n_raw.isdigit() else (word_to_int(n_raw) or 0)
            unit = m.group("unit").lower()
            if unit.startswith("hour"):
                days = max(0, round(n / 24))
            elif unit.startswith("week"):
                days = 7 * n
            else:
                days = n
            if 0 < days <= 400:
                out.append((days, m.start(), m.end()))
    return out


def parse_date_line(line: str) -> date | None:
    """A date when ``line`` is nothing but a date (a dateline under a title), else None."""
    stripped = line.strip().strip("*_#[]()|").strip()
    if not stripped or len(stripped) > 60:
        return None
    far = date(2100, 1, 1)
    for expr in find_dates(stripped, far):
        covered = expr.finish - expr.begin
        rest = (stripped[: expr.begin] + stripped[expr.finish :]).strip(" ,.-–|:")
        rest = re.sub(r"^\d{1,2}:\d{2}\s*,?", "", rest).strip(" ,.-–|:")  # "23:17, 10 октября 2023"
        if expr.explicit_year and expr.precision == "day" and covered >= 6 and len(rest) <= 3:
            return expr.start
    return None
