"""Escalation: per country and per dyad, recent activity against its own baseline, flagged when it breaks out.

A pure function of event summaries (``Activity`` in, ``Escalation`` out); ``load`` reads the summaries from the
store. The windows end on ``as_of`` (by default the last day any event starts on, so an old store is judged at its
own end): the *recent* window is the last ``recent_weeks`` weeks, the *baseline* the ``baseline_weeks`` weeks
before it. For each country and each dyad (two sides among an event's actors):

- ``rate`` = baseline events per week, with half an event added so that a quiet baseline is not zero;
- ``expected`` = ``rate * recent_weeks``; ``ratio`` = recent events / expected;
- ``p`` = P(X >= recent | X ~ Poisson(expected)): how surprising the recent count is if nothing changed;
- ``flagged`` when recent >= ``min_events``, ``ratio`` >= ``min_ratio`` and ``p`` < ``alpha``.

A side is an actor's country and kind (``RUS state_forces``), or its name when the text gives no country: the
names the extractor reads vary ("Russian forces", "Rusia") where the country and kind agree. An event with three
sides counts once in each of its three dyads. Undated events are left out.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, and_, func, select

from flashpoint.query import EventQuery, conditions
from flashpoint.store.schema import events

DEFAULTS = {"recent_weeks": 4, "baseline_weeks": 26, "min_events": 3, "min_ratio": 2.0, "alpha": 0.01}


@dataclass(frozen=True, slots=True)
class Activity:
    """What escalation reads of one event."""

    event_id: str
    day: date  # the first day of its span
    countries: tuple[str, ...]
    sides: tuple[str, ...]  # distinct, sorted
    killed: int


@dataclass(frozen=True, slots=True)
class Series:
    """One country's or dyad's activity in the two windows."""

    kind: str  # "country" or "dyad"
    key: str  # ISO3, or "SIDE A | SIDE B"
    weekly: tuple[int, ...]  # events per week, baseline weeks then recent weeks, oldest first
    recent: int
    recent_killed: int
    baseline: int
    baseline_killed: int
    rate: float
    expected: float
    ratio: float
    p: float
    flagged: bool


@dataclass(frozen=True, slots=True)
class Escalation:
    as_of: date | None
    recent_weeks: int
    baseline_weeks: int
    week_starts: tuple[date, ...]
    countries: tuple[Series, ...]
    dyads: tuple[Series, ...]


def side(actor: dict[str, Any]) -> str | None:
    """The side an actor stands for: ``ISO3 kind`` or, without a country, its name in lower case."""
    country, kind, name = actor.get("country"), actor.get("kind") or "other", (actor.get("name") or "").strip()
    if country:
        return f"{country} {kind}"
    return name.lower() or None


def poisson_tail(k: int, mean: float) -> float:
    """P(X >= k) for X ~ Poisson(mean)."""
    if k <= 0:
        return 1.0
    if mean <= 0:
        return 0.0
    term = math.exp(-mean)
    below = term
    for i in range(1, k):
        term *= mean / i
        below += term
    return max(0.0, 1.0 - below)


def window_start(as_of: date, weeks: int) -> date:
    """The first day of the ``weeks`` weeks that end on ``as_of`` (``date.min`` for windows before year 1)."""
    return date.fromordinal(max(1, as_of.toordinal() - 7 * weeks + 1))


def compute(
    activity: Iterable[Activity],
    as_of: date | None = None,
    recent_weeks: int = 4,
    baseline_weeks: int = 26,
    min_events: int = 3,
    min_ratio: float = 2.0,
    alpha: float = 0.01,
) -> Escalation:
    """Each country's and dyad's recent activity against its baseline; flagged series first, then by ``p``."""
    items = list(activity)
    if as_of is None:
        as_of = max((a.day for a in items), default=None)
    if as_of is None:
        return Escalation(None, recent_weeks, baseline_weeks, (), (), ())
    weeks = recent_weeks + baseline_weeks
    start = window_start(as_of, weeks)  # the window's first day; its last is as_of
    counts: dict[tuple[str, str], list[int]] = {}
    killed: dict[tuple[str, str], list[int]] = {}
    for a in items:
        if not start <= a.day <= as_of:
            continue
        week = (a.day - start).days // 7
        keys = [("country", c) for c in a.countries]
        keys += [("dyad", f"{x} | {y}") for i, x in enumerate(a.sides) for y in a.sides[i + 1 :]]
        for key in keys:
            counts.setdefault(key, [0] * weeks)[week] += 1
            killed.setdefault(key, [0] * weeks)[week] += a.killed
    series: list[Series] = []
    for key in counts:
        weekly, dead = counts[key], killed[key]
        recent, baseline = sum(weekly[baseline_weeks:]), sum(weekly[:baseline_weeks])
        rate = (baseline + 0.5) / baseline_weeks
        expected = rate * recent_weeks
        p = poisson_tail(recent, expected)
        ratio = recent / expected
        flagged = recent >= min_events and ratio >= min_ratio and p < alpha
        series.append(
            Series(
                kind=key[0],
                key=key[1],
                weekly=tuple(weekly),
                recent=recent,
                recent_killed=sum(dead[baseline_weeks:]),
                baseline=baseline,
                baseline_killed=sum(dead[:baseline_weeks]),
                rate=round(rate, 4),
                expected=round(expected, 4),
                ratio=round(ratio, 3),
                p=p,
                flagged=flagged,
            )  # fmt: skip
        )
    series.sort(key=lambda s: (not s.flagged, s.p, -s.recent, s.key))
    week_starts = tuple(
        start + timedelta(days=7 * i) for i in range(weeks) if start.toordinal() + 7 * i <= as_of.toordinal()
    )
    return Escalation(
        as_of=as_of,
        recent_weeks=recent_weeks,
        baseline_weeks=baseline_weeks,
        week_starts=week_starts,
        countries=tuple(s for s in series if s.kind == "country"),
        dyads=tuple(s for s in series if s.kind == "dyad"),
    )


def load(conn: Connection, q: EventQuery, since: date | None = None) -> list[Activity]:
    """The store's dated events matching ``q`` (and starting on or after ``since``) as ``Activity``."""
    dialect = conn.dialect.name
    conds = [events.c.day_first.is_not(None), *conditions(dialect, q)]
    if since is not None:
        conds.append(events.c.day_first >= since.isoformat())
    rows = conn.execute(
        select(events.c.id, events.c.day_first, events.c.countries, events.c.record).where(and_(*conds))
    )
    out: list[Activity] = []
    for row in rows:
        record = row.record or {}
        sides = sorted({s for s in (side(a) for a in record.get("actors") or []) if s})
        best = (record.get("killed") or {}).get("best")
        out.append(
            Activity(
                event_id=row.id,
                day=date.fromisoformat(row.day_first),
                countries=tuple(sorted(row.countries or [])),
                sides=tuple(sides),
                killed=int(best) if isinstance(best, int | float) else 0,
            )  # fmt: skip
        )
    return out


def last_day(conn: Connection, q: EventQuery) -> date | None:
    """The last day an event matching ``q`` starts on."""
    conds = [events.c.day_first.is_not(None), *conditions(conn.dialect.name, q)]
    value = conn.execute(select(func.max(events.c.day_first)).where(and_(*conds))).scalar_one_or_none()
    return date.fromisoformat(value) if value else None


def to_json(result: Escalation, limit: int = 50) -> dict[str, Any]:
    """The JSON the dashboard reads: windows, then the first ``limit`` series of each kind."""

    def one(s: Series) -> dict[str, Any]:
        return {"key": s.key, "weekly": list(s.weekly), "recent": s.recent, "recent_killed": s.recent_killed,
                "baseline": s.baseline, "baseline_killed": s.baseline_killed, "rate": s.rate,
                "expected": s.expected, "ratio": s.ratio, "p": round(s.p, 6), "flagged": s.flagged}  # fmt: skip

    def many(items: Sequence[Series]) -> list[dict[str, Any]]:
        return [one(s) for s in items[:limit]]

    return {
        "as_of": result.as_of.isoformat() if result.as_of else None,
        "recent_weeks": result.recent_weeks,
        "baseline_weeks": result.baseline_weeks,
        "week_starts": [d.isoformat() for d in result.week_starts],
        "countries": many(result.countries),
        "dyads": many(result.dyads),
        "flagged": {
            "countries": sum(s.flagged for s in result.countries),
            "dyads": sum(s.flagged for s in result.dyads),
        },
    }
