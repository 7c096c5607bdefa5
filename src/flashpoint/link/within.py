"""Merge the mentions of one document that tell the same event.

Two mentions merge when their types agree, their dates overlap (or one has no
date read from the text), and their country sets intersect (or one is empty).
The merged mention keeps every evidence span, the finest date, the union of
places and actors, the first telling's countries (a later one's only when the first named none), and per figure the most specific claim (a
by-side breakdown beats a rounded headline; an exact count beats a vague one).
"""

from __future__ import annotations

import math
from datetime import date
from typing import Protocol

from flashpoint.link.dates import span_bounds
from flashpoint.records import DateSpan, EventMention, Figure

PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "year": 4}
QUALIFIER_RANK = {
    "exact": 0,
    "about": 1,
    "at_least": 2,
    "more_than": 2,
    "nearly": 2,
    "at_most": 3,
    "range": 3,
    "vague": 5,
}


def _bounds(d: DateSpan) -> tuple[date, date]:
    return span_bounds(d.start, d.end)


def _dates_compatible(a: DateSpan | None, b: DateSpan | None) -> bool:
    if a is None or b is None or a.span is None or b.span is None:
        return True
    a0, a1 = _bounds(a)
    b0, b1 = _bounds(b)
    return a0 <= b1 and b0 <= a1


def _merge_dates(a: DateSpan | None, b: DateSpan | None) -> DateSpan | None:
    if a is None or (a.span is None and b is not None and b.span is not None):
        return b
    if b is None or b.span is None:
        return a
    ra, rb = PRECISION_RANK[a.precision], PRECISION_RANK[b.precision]
    if ra != rb:
        return a if ra < rb else b
    a0, a1 = _bounds(a)
    b0, b1 = _bounds(b)
    first = a if a0 <= b0 else b
    last = a if a1 >= b1 else b
    return DateSpan(first.start, last.end, a.precision, first.span)


def _better(a: Figure, b: Figure) -> Figure:
    if bool(a.by_side) != bool(b.by_side):
        return a if a.by_side else b
    if QUALIFIER_RANK.get(a.qualifier, 4) != QUALIFIER_RANK.get(b.qualifier, 4):
        return a if QUALIFIER_RANK.get(a.qualifier, 4) < QUALIFIER_RANK.get(b.qualifier, 4) else b
    return a


PLACED_KINDS = frozenset({"city", "capital", "admin2", "admin1"})
APART_KM = 150.0  # two tellings placed further apart than this are told of two places


class _Located(Protocol):
    @property
    def lat(self) -> float | None: ...
    @property
    def lon(self) -> float | None: ...


def km(a: _Located, b: _Located) -> float:
    """Great-circle distance between two located things (places, linking profiles), both with coordinates."""
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _told_apart(a: EventMention, b: EventMention) -> bool:
    """Two tellings with their own exact death tolls that differ, placed far apart ("Four people were killed ... in
    the shelling of Nikopol" and "they guided the missile to its target in the village of Hroza [Kharkiv region] ...
    55 people were killed in the cafe"): two events of one day, not one told twice (a toll revised later is told of
    the same place)."""
    ka, kb = a.figure("killed"), b.figure("killed")
    if ka is None or kb is None or ka.title is not None or kb.title is not None:
        return False
    if ka.qualifier != "exact" or kb.qualifier != "exact" or ka.best == kb.best:
        return False
    pa = [p for p in a.places if p.kind in PLACED_KINDS and p.lat is not None and p.lon is not None]
    pb = [p for p in b.places if p.kind in PLACED_KINDS and p.lat is not None and p.lon is not None]
    return bool(pa and pb) and min(km(x, y) for x in pa for y in pb) > APART_KM


def compatible(a: EventMention, b: EventMention) -> bool:
    if a.type != b.type or a.reported != b.reported:
        return False
    if _told_apart(a, b):
        return False
    if not _dates_compatible(a.date, b.date):
        return False
    return not (a.countries and b.countries and not set(a.countries) & set(b.countries))


def merge(a: EventMention, b: EventMention) -> EventMention:
    figures = dict(a.figures)
    for name, fig in b.figures:
        figures[name] = _better(figures[name], fig) if name in figures else fig
    # where it happened is what the first telling says; a later sentence adds its countries only when the
    # first named none (a union let a passing "Russia's invasion" into a Kyrgyz-Tajik clash)
    if a.countries_from_places != b.countries_from_places and a.countries and b.countries:
        countries = list(a.countries if a.countries_from_places else b.countries)
    else:
        countries = list(a.countries or b.countries)
    places = list(a.places) + [p for p in b.places if p.text not in {q.text for q in a.places}]
    actors = list(a.actors) + [
        x for x in b.actors if (x.name, x.country) not in {(y.name, y.country) for y in a.actors}
    ]
    evidence = sorted(set(a.evidence) | set(b.evidence), key=lambda s: s.start)
    return EventMention(
        type=a.type,
        reported=a.reported,
        date=_merge_dates(a.date, b.date),
        countries=tuple(countries),
        places=tuple(places),
        actors=tuple(actors),
        figures=tuple(sorted(figures.items())),
        evidence=tuple(evidence),
        trigger=a.trigger,
        attribution=a.attribution or b.attribution,
        attribution_span=a.attribution_span or b.attribution_span,
        countries_from_places=a.countries_from_places or b.countries_from_places,
        title_trigger=a.title_trigger or b.title_trigger,
    )


def merge_document(mentions: list[EventMention]) -> list[EventMention]:
    """Fold each mention into the first earlier one it is compatible with (text order is kept)."""
    merged: list[EventMention] = []
    for m in mentions:
        for i, existing in enumerate(merged):
            if compatible(existing, m):
                merged[i] = merge(existing, m)
                break
        else:
            merged.append(m)
    return merged
