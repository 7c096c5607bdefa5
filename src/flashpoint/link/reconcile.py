"""One event from the mentions linked into it: its fields, its sources, and its figures reconciled in the open.

``reconcile(event_id, members)`` is a pure function of the *set* of member mentions (their order does
not matter), so an event reads the same whatever order its reports were ingested in.

Sources. Republished copies of one article (near-duplicate text, or the same original outlet named in
their provenance chains; ``source_groups``) are one source: they are listed, but their claims count once.

Figures. Every source's claim on each figure (killed, injured, displaced, troops, detained) is kept
in ``figure_history`` with its attribution, report date and flags; the event's figure is derived by
this rule:

1. *Partisan* claims — the attribution names a party to an event that has two or more sides
   ("Armenian Ministry of Defence" on a clash between Armenian and Azerbaijani forces) — are kept
   and flagged, but count only when every claim is partisan.
2. One claim per source: a source (a document and its copies) whose report is split into several
   mentions of the event gives the specific claim it tells first, as ``within.merge`` keeps a
   document's first telling (a later paragraph's number is more often another incident's, a
   running total, or a misreading: on ../shared/train/gva, the larger of a source's claims, the
   rule before, gave 0.518 of events equal to the incident, the first told 0.524).
   Of the sources' claims, the head claim is the greatest by, in turn: a specific number over a
   vague or range word ("27 killed" over "dozens"); the later report (documents without a date come
   first); the more precise qualifier (exact, then about, then at least / more than / nearly,
   then at most: an official "287" over a rounded "about 300"); the larger count; the count
   more sources of that date give; an official breakdown (by side, or an exact count from an
   office: police, ministry, coroner).
   So a later report revises an earlier one, and a rising toll takes its latest value; reports
   of one date (or none) that disagree give the larger count, since an early count misses the
   victims found, or dead, later (on ../shared/train/gva, undated reports: events whose
   reconciled killed and injured equal the incident's 0.558 → 0.581, docs/linking.md).
   The injured count also asks, right after the report date, whether its source knows of every death:
   a source that tells the same number shot as a source of the event's dead but fewer of them dead
   ("a man was killed and three others were wounded", then "two dead and two more wounded") told
   its count before a victim died, so the other's injured count is the current one.
3. ``best`` is the head's count; ``low``/``high`` span the specific claims of the head's report
   date (the undated ones when the head is undated); ``qualifier`` and ``attribution`` are the
   head's. ``sources`` counts the sources that gave the figure.

The other fields: the type most sources give; reported if any source reports it; the date read
from a text at the finest precision that most sources agree on; the countries most sources name;
the most precise location; places and actors united.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from flashpoint.link.cross import components
from flashpoint.link.within import PRECISION_RANK, QUALIFIER_RANK
from flashpoint.records import FIGURE_NAMES
from flashpoint.resources import load_json

SPECIFIC = frozenset({"exact", "about", "at_least", "more_than", "nearly", "at_most"})
PARTY_KINDS = frozenset({"state_forces", "armed_group", "government"})


@dataclass(frozen=True, slots=True)
class Member:
    """One mention linked into an event, with what the event needs of its document."""

    mention_id: str
    document_id: str
    source: str  # the document's path or URL as ingested
    title: str | None
    published: str | None  # the report's date (ISO), when known
    group: str  # the source: republished copies of one article share it
    record: Mapping[str, Any]  # the mention's JSON (output.event_json)


@dataclass(frozen=True, slots=True)
class Claim:
    figure: str
    best: int | None
    low: int | None
    high: int | None
    qualifier: str
    by_side: Mapping[str, int] | None
    attribution: str | None
    member: Member
    partisan: bool
    official: bool

    @property
    def value(self) -> int:
        for v in (self.best, self.low, self.high):
            if v is not None:
                return v
        return 0

    @property
    def told_at(self) -> int:
        """Where in its document the claim's mention is first told (its first evidence span's start)."""
        spans = self.member.record.get("evidence_spans") or ()
        return min((int(s[0]) for s in spans), default=0)

    @property
    def specific(self) -> bool:
        return self.qualifier in SPECIFIC and (self.best is not None or self.low is not None)

    def rank(self, support: int = 1, current: bool = True) -> tuple[bool, bool, str, bool, int, int, int, bool, str]:
        """Greater is preferred (rule 2 of the module docstring); ``support``: how many sources give the same
        count; ``current``: the claim's source knows of every death the event's other sources tell (only the
        injured claims ask it). The mention id breaks the last ties."""
        breakdown = bool(self.by_side) or (self.official and self.qualifier == "exact")
        return (
            not self.partisan,
            self.specific,
            self.member.published or "",
            current,
            -QUALIFIER_RANK.get(self.qualifier, 4),
            self.value,
            support,
            breakdown,
            self.member.mention_id,
        )

    def as_json(self, copies: Sequence[str], used: bool) -> dict[str, Any]:
        return {
            "best": self.best,
            "low": self.low,
            "high": self.high,
            "qualifier": self.qualifier,
            "attribution": self.attribution,
            "doc": self.member.source,
            "published": self.member.published,
            "partisan": self.partisan,
            "official": self.official,
            "copies": list(copies),
            "used": used,
        }


@cache
def _words() -> tuple[frozenset[str], frozenset[str]]:
    data = load_json("reconcile.json")
    return frozenset(data["official"]), frozenset(data["generic"])


def _tokens(text: str) -> set[str]:
    return {w.strip(".,'\"()").lower() for w in text.split()} - {""}


def parties(actors: Iterable[Mapping[str, Any]]) -> list[set[str]]:
    """The distinguishing words of each side of an event (its armed or governing actors, by country)."""
    _, generic = _words()
    sides: dict[str, set[str]] = {}
    for actor in actors:
        if actor.get("kind") in PARTY_KINDS and actor.get("name"):
            side = str(actor.get("country") or actor["name"])
            sides.setdefault(side, set()).update(_tokens(str(actor["name"])) - generic)
    return list(sides.values()) if len(sides) >= 2 else []


def is_partisan(attribution: str | None, sides: Sequence[set[str]]) -> bool:
    return bool(attribution) and any(_tokens(str(attribution)) & side for side in sides)


def is_official(attribution: str | None) -> bool:
    official, _ = _words()
    return bool(attribution) and bool(_tokens(str(attribution)) & official)


def source_groups(documents: Iterable[tuple[str, str | None, str | None]]) -> dict[str, str]:
    """``(document id, id of the stored copy it repeats, original outlet key)`` → each document's source
    group, named by its smallest document id: copies, and reports crediting one original, are one source."""
    documents = list(documents)
    edges = [(doc, copy_of) for doc, copy_of, _ in documents if copy_of]
    by_original: dict[str, str] = {}
    for doc, _, original in sorted(documents):
        if original:
            edges.append((by_original.setdefault(original, doc), doc))
    nodes = {doc for doc, _, _ in documents} | {b for _, b in edges}
    return components(edges, nodes)


def original_key(provenance: Iterable[Mapping[str, Any]]) -> str | None:
    """The outlet a document's provenance chain names as the original (its URL, else its name), normalised."""
    for credit in provenance:
        if credit.get("role") == "original" and (credit.get("url") or credit.get("name")):
            return str(credit.get("url") or credit.get("name")).strip().lower().rstrip("/")
    return None


def _claims(members: Sequence[Member], figure: str, sides: Sequence[set[str]], dead: int = 0) -> list[Claim]:
    out = []
    for m in members:
        fig = m.record.get(figure)
        if not isinstance(fig, Mapping):
            continue
        if fig.get("hit") and dead > 0 and isinstance(fig.get("best"), int) and fig["best"] > dead:
            # "a 7-year-old girl and her mother were shot" in a report that tells no death: the shot, of whom
            # the event's dead are no longer injured
            fig = {**fig, **{k: fig[k] - dead for k in ("best", "low", "high") if isinstance(fig.get(k), int)}}
        attribution = m.record.get("attribution")
        by_side = m.record.get("killed_by_side") if figure == "killed" else None
        out.append(
            Claim(
                figure=figure,
                best=fig.get("best"),
                low=fig.get("low"),
                high=fig.get("high"),
                qualifier=str(fig.get("qualifier") or "exact"),
                by_side=by_side or None,
                attribution=attribution,
                member=m,
                partisan=is_partisan(attribution, sides),
                official=is_official(attribution),
            )
        )
    return out


def _per_source(claims: Iterable[Claim]) -> dict[str, list[Claim]]:
    per_source: dict[str, list[Claim]] = {}
    for c in claims:
        per_source.setdefault(c.member.group, []).append(c)
    return per_source


def _first_told(group: Sequence[Claim]) -> Claim:
    """A source's claim: the specific one it tells first (rule 2)."""
    return max(group, key=lambda c: (not c.partisan, c.specific, -c.told_at, c.rank()))


def reconcile_figure(
    claims: Sequence[Claim], behind: frozenset[str] = frozenset()
) -> tuple[dict[str, Any] | None, list[dict[str, Any]], Claim | None]:
    """The event's figure, its history (one entry per source; copies listed under it) and the head claim.
    ``behind``: the sources whose own dead fall short of the event's (their injured may count one who died)."""
    if not claims:
        return None, [], None
    per_source = _per_source(claims)
    kept = [_first_told(group) for group in per_source.values()]  # one claim a source (rule 2)
    support = Counter((c.value, c.member.published) for c in kept if c.specific)
    head = max(
        kept,
        key=lambda c: c.rank(support[(c.value, c.member.published)] if c.specific else 0, c.member.group not in behind),
    )
    current = [
        c for c in kept
        if c.specific and c.partisan == head.partisan and (c.member.published or "") == (head.member.published or "")
    ] if head.specific else [head]  # fmt: skip
    best = head.best if head.best is not None else (head.low if head.specific else None)
    low: int | None = head.low
    high: int | None = head.high
    if head.specific:
        low = min(c.low if c.low is not None else c.value for c in current)
        high = max(c.high if c.high is not None else c.value for c in current)
        if best is not None:
            low, high = min(low, best), max(high, best)
    figure = {
        "best": best,
        "low": low,
        "high": high,
        "qualifier": head.qualifier,
        "attribution": head.attribution,
        "doc": head.member.source,
        "sources": len(kept),
        "partisan": head.partisan,
    }
    history = []
    for c in sorted(kept, key=lambda c: (c.member.published or "", c.member.source, c.member.mention_id)):
        copies = sorted({o.member.source for o in per_source[c.member.group]} - {c.member.source})
        history.append(c.as_json(copies, used=c is head))
    return figure, history, head


def _behind(killed: Sequence[Claim], injured: Sequence[Claim], dead: int) -> frozenset[str]:
    """The sources that tell the same victims as a source of the event's ``dead`` but fewer of them dead:
    reports the toll rose after (the wounded die, the dead do not revive), whose injured count still holds a
    victim who died since ("a man was killed and three others were wounded", then "left two people dead and
    two more wounded": four shot either way). ``killed``/``injured``: the event's claims, one a source."""
    if dead <= 0:
        return frozenset()
    told = {group: _first_told(claims).value for group, claims in _per_source(killed).items()}
    hurt = {group: _first_told(claims).value for group, claims in _per_source(injured).items()}
    shot = {told[g] + hurt[g] for g in hurt if told.get(g) == dead}
    return frozenset(g for g in hurt if told.get(g, 0) < dead and told.get(g, 0) + hurt[g] in shot)


def _most_common(values: Iterable[Any]) -> Any:
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], str(v))) if counts else None


def _date(members: Sequence[Member]) -> Mapping[str, Any]:
    dated = [m for m in members if m.record.get("date_start")]
    if not dated:
        return {}
    read = [m for m in dated if m.record.get("date_span") is not None] or dated
    finest = min(PRECISION_RANK.get(m.record.get("date_precision") or "year", 4) for m in read)
    pool = [m for m in read if PRECISION_RANK.get(m.record.get("date_precision") or "year", 4) == finest]
    votes = Counter({(m.record["date_start"], m.record.get("date_end")): 0 for m in pool})
    for key in {(m.group, m.record["date_start"], m.record.get("date_end")) for m in pool}:
        votes[key[1:]] += 1
    start, end = min(votes, key=lambda k: (-votes[k], k[0], str(k[1])))
    chosen = min((m for m in pool if (m.record["date_start"], m.record.get("date_end")) == (start, end)),
                 key=lambda m: m.mention_id)  # fmt: skip
    return chosen.record


def reconcile(event_id: str, members: Sequence[Member]) -> dict[str, Any]:
    """The event record (CODEBOOK fields plus sources and figure history) of ``members``."""
    members = sorted(members, key=lambda m: m.mention_id)
    groups = {m.group for m in members}
    by_group_type = {(m.group, m.record["type"]) for m in members}
    type_ = _most_common(t for _, t in by_group_type)
    dated = _date(members)
    country_votes = Counter(c for g, c in {(m.group, c) for m in members for c in m.record.get("countries") or ()})
    top = max(country_votes.values(), default=0)
    countries = sorted(c for c, n in country_votes.items() if n == top)
    located = [m for m in members if m.record.get("location")]
    location = (
        min(located, key=lambda m: (m.record["location"].get("where_prec") or 9, m.mention_id)).record["location"]
        if located
        else None
    )
    places: dict[str, dict[str, Any]] = {}
    actors: dict[tuple[str, str | None], dict[str, Any]] = {}
    for m in members:
        for p in m.record.get("places") or ():
            places.setdefault(p["name"], {"name": p["name"], "admin1": p.get("admin1")})
        for a in m.record.get("actors") or ():
            actors.setdefault((a["name"], a.get("country")), {k: a.get(k) for k in ("name", "country", "kind")})
    sides = parties(actors.values())
    first = min(members, key=lambda m: (m.published or "9999", m.source, m.mention_id))
    record: dict[str, Any] = {
        "event_id": event_id,
        "type": type_,
        "reported": any(m.record.get("reported") for m in members),
        "date_start": dated.get("date_start"),
        "date_end": dated.get("date_end"),
        "date_precision": dated.get("date_precision"),
        "countries": countries,
        "places": sorted(places.values(), key=lambda p: p["name"]),
        "location": location,
        "actors": sorted(actors.values(), key=lambda a: (a["name"], a.get("country") or "")),
    }
    history: dict[str, list[dict[str, Any]]] = {}
    record["attribution"] = None
    record["killed_by_side"] = None
    claims: dict[str, list[Claim]] = {}  # each figure's claims (killed comes first: the injured ask its dead)
    for name in FIGURE_NAMES:
        dead = record["killed"]["best"] if name == "injured" and record.get("killed") else 0
        claims[name] = _claims(members, name, sides, dead or 0)
        behind: frozenset[str] = frozenset()
        if name == "injured" and dead:
            behind = _behind(claims["killed"], _claims(members, name, sides), dead)
        figure, history[name], head = reconcile_figure(claims[name], behind)
        record[name] = figure
        if head is not None and name == "killed" and head.by_side:
            record["killed_by_side"] = dict(head.by_side)
        if head is not None and record["attribution"] is None:
            record["attribution"] = head.attribution
    record["evidence"] = first.record.get("evidence")
    record["sources"] = sorted({m.source for m in members})
    record["source_count"] = len(groups)
    record["reports"] = [
        {
            "doc": m.source,
            "document_id": m.document_id,
            "mention_id": m.mention_id,
            "title": m.title,
            "published": m.published,
            "copy_of": None if m.group == m.document_id else m.group,
            "evidence": m.record.get("evidence"),
        }
        for m in sorted(members, key=lambda m: (m.published or "", m.source, m.mention_id))
    ]
    record["figure_history"] = {name: h for name, h in history.items() if h}
    return record
