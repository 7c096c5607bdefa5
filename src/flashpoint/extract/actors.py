"""Who takes part in an event: country words read as actors, with the kind the words around them give.

A country name or adjective the gazetteer finds near a trigger is an actor when the text makes it one:

- followed by an actor noun ("Azerbaijani armed forces", "российские войска"): that noun's kind;
- governing a country ("President of Georgia", "armed forces of Armenia", "президент России"): the noun's kind;
- a bare adjective on the event's own trigger or on a weapon ("Azerbaijani strikes", "Russian warplanes",
  "российская ракета"): the state's forces (or its government for a non-violent event);
- a plural people noun ("Russians fleeing"): civilians;
- coordinated with an actor ("Armenia and Azerbaijan report heavy fighting"): a side like it.

A bare adjective on any other noun ("Russian news agencies", "Georgian targets") is no actor, and a non-state
armed group carries no country ("Armenian separatists", "South Ossetian paramilitaries"): it is no state's.
The lexicon (actor nouns per kind, weapon heads, the words that cannot stand inside an actor phrase,
organisations, place nouns) is ``data/actors.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from flashpoint.geo.gazetteer import Hit
from flashpoint.records import Actor, Span
from flashpoint.resources import load_json

VIOLENT = frozenset({"battle", "remote_violence", "violence_against_civilians", "riot", "invasion"})
# "clashes between Armenia and Azerbaijan", "fighting against Tajikistan": the country is a side
SIDE_BEFORE = re.compile(
    r"(?:\b(?:between|against|with|versus|vs\.?|между|против|entre|contre|contra)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,2}|\bbetween\b[^.;]{0,60}\band\s+(?:the\s+)?)$",
    re.I,
)
AGENT = re.compile(r"\b(?:by|par|por)\s+(?:the\s+|les\s+|los\s+)?$", re.I)
COORDINATED = re.compile(r"\s*(?:,|\band\b|\bи\b|\bet\b|\by\b|&)\s*(?:the\s+)?", re.I)
CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]–—\"“”«»]")
# the types whose civilians take part (protesters, victims, the displaced); in a battle, a strike or a deal
# civilians are no party, and the displaced are a displacement's only actors
CIVILIAN_PARTS = frozenset({"protest", "riot", "violence_against_civilians", "displacement"})
ETHNIC = re.compile(r"(?<!\w)(?:ethnic|этническ\w+|d'origine|d’origine|de origen)\s+$", re.I)


@dataclass(frozen=True, slots=True)
class ActorLexicon:
    noun_re: re.Pattern[str]  # an actor noun after a country word, with at most two plain words between
    noun_kinds: tuple[tuple[re.Pattern[str], str], ...]
    governing: re.Pattern[str]  # an actor noun that governs the country after it ("President of")
    heads: re.Pattern[str]  # a weapon or force a bare adjective makes an actor ("Russian warplanes")
    orgs: tuple[tuple[re.Pattern[str], str], ...]
    place_noun: re.Pattern[str]
    domestic: tuple[tuple[re.Pattern[str], str], ...]  # "protesters", "police": people of the event's country


def _alt(words: list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


@cache
def actor_lexicon() -> ActorLexicon:
    data = load_json("actors.json")
    kinds = []
    words: list[str] = []
    for kind, nouns in data["nouns"].items():
        words.extend(nouns)
        kinds.append((re.compile(rf"^(?:{'|'.join(nouns)})$", re.I), kind))
    stop = _alt(data["not_inside"])
    filler = rf"(?:(?!(?:{stop})(?!\w))[^\W\d][\w’'-]*\s+)"
    noun_re = re.compile(rf"\s+{filler}{{0,2}}?(?P<noun>{_alt(words)})(?!\w)", re.I)
    governing = re.compile(rf"(?<!\w)(?P<noun>{_alt(words)})\s+(?:{_alt(data['governing_links'])})\s*$", re.I)
    heads = re.compile(rf"\s+(?:{filler}{{0,1}})(?:{_alt(data['weapon_heads'])})(?!\w)", re.I)
    orgs = tuple(
        (re.compile(rf"(?<![\w-])(?:{'|'.join(v)})(?![\w-])"), name) for name, v in data["organisations"].items()
    )
    place_noun = re.compile(rf"\s+(?:{_alt(data['place_nouns'])})(?!\w)", re.I)
    domestic = tuple(
        (re.compile(rf"(?<![\w-])(?:{_alt(words)})(?![\w-])", re.I), kind) for kind, words in data["domestic"].items()
    )
    return ActorLexicon(noun_re, tuple(kinds), governing, heads, orgs, place_noun, domestic)


def _kind_of(noun: str) -> str:
    return next((k for p, k in actor_lexicon().noun_kinds if p.match(noun)), "other")


def _actor(name: str, country: str | None, kind: str, span: Span) -> Actor:
    return Actor(name, None if kind == "armed_group" else country, kind, span)


def _ethnic(text: str, hit: Hit) -> bool:
    """True when the word names a people ("ethnic Armenians"), not a country's citizens."""
    return ETHNIC.search(text, max(0, hit.begin - 20), hit.begin) is not None


def actor_for(hit: Hit, text: str, etype: str, trigger: Span) -> Actor | None:
    """The actor a country word near the trigger names, or None when it names none."""
    lex = actor_lexicon()
    default = "state_forces" if etype in VIOLENT else "government"
    if _ethnic(text, hit):
        return Actor(hit.text, None, "civilians", Span(hit.begin, hit.end))
    m = lex.noun_re.match(text, hit.end)
    if m and hit.entry.kind in ("demonym", "country"):
        return _actor(text[hit.begin : m.end()], hit.entry.country, _kind_of(m.group("noun")), Span(hit.begin, m.end()))
    if hit.entry.kind != "demonym":
        return _actor(hit.text, hit.entry.country, default, Span(hit.begin, hit.end))
    if etype == "displacement":  # the people fleeing: "Russians vote with their feet", "the Kyrgyz side"
        return _actor(hit.text, hit.entry.country, "civilians", Span(hit.begin, hit.end))
    between = text[hit.end : trigger.start] if hit.end <= trigger.start else None
    if between is not None and len(between.split()) <= 2 and not CLAUSE_BREAK.search(between):
        return _actor(hit.text, hit.entry.country, default, Span(hit.begin, hit.end))  # "Azerbaijani strikes"
    if lex.heads.match(text, hit.end):
        return _actor(hit.text, hit.entry.country, "state_forces", Span(hit.begin, hit.end))  # "Russian warplanes"
    if hit.text.endswith(("s", "ы", "и")):
        # a people ("Russians began fleeing"); the agent of a violent deed is its forces ("bombed by the Russians")
        agent = etype in VIOLENT and AGENT.search(text, max(0, hit.begin - 12), hit.begin) is not None
        return _actor(hit.text, hit.entry.country, default if agent else "civilians", Span(hit.begin, hit.end))
    return None  # "Russian news agencies": a country adjective on something that takes no part


def governed_actor(hit: Hit, text: str, floor: int) -> Actor | None:
    """The actor a noun makes of the country it governs ("President of Georgia", "президент России"), or None."""
    if hit.entry.kind != "country" or not hit.entry.country:
        return None
    m = actor_lexicon().governing.search(text, max(floor, hit.begin - 60), hit.begin)
    if m is None:
        return None
    return _actor(text[m.start() : hit.end], hit.entry.country, _kind_of(m.group("noun")), Span(m.start(), hit.end))


def organisations(text: str, begin: int, end: int) -> list[Actor]:
    return [
        Actor(name, None, "international_org", Span(m.start(), m.end()))
        for pattern, name in actor_lexicon().orgs
        for m in pattern.finditer(text, begin, end)
    ]


def actors_kept(
    etype: str, actors: list[Actor], text: str, hits: list[Hit], sentence_begin: int, source: Span | None
) -> list[Actor]:
    """The actors of an event without the words that only look like one, with the sides its sentence names.

    A country adjective before a place noun ("Georgian towns", "Armenian territory") names a place, and the
    source of a claim ("according to Georgian officials") is not a party to the event. A clash or an
    agreement whose sentence names its sides only as places ("clashes between Kyrgyzstan and Tajikistan")
    takes those countries as its actors, and a country coordinated with an actor ("Armenia and Azerbaijan
    report heavy fighting") is an actor like it.
    """
    place_noun = actor_lexicon().place_noun
    kept = [
        a
        for a in actors
        if not place_noun.match(text, a.span.end)
        and not (source is not None and source.start <= a.span.start < source.end)
        and _takes_part(a, etype)
    ]
    sides = etype in ("battle", "agreement")
    kind = "state_forces" if etype == "battle" else "government"
    for h in hits:
        if h.entry.kind != "country" or not h.entry.country or any(a.country == h.entry.country for a in kept):
            continue
        partner = next(
            (
                a
                for a in kept
                if a.country and a.span.end <= h.begin and COORDINATED.fullmatch(text, a.span.end, h.begin)
            ),
            None,
        )
        if partner is not None:
            kept.append(Actor(h.text, h.entry.country, partner.kind, Span(h.begin, h.end)))
            continue
        before = text[max(sentence_begin, h.begin - 80) : h.begin]
        if sides and (not any(a.country for a in kept) or SIDE_BEFORE.search(before)):
            kept.append(Actor(h.text, h.entry.country, kind, Span(h.begin, h.end)))
    return kept


def domestic_actors(etype: str, text: str, spans: list[Span], country: str) -> list[Actor]:
    """The crowd and the police of a protest or a riot (or of a crowd's killing) that the text names without a
    country ("At least 14 protesters were killed by police"): people of the country where it happened."""
    if etype not in ("protest", "riot", "violence_against_civilians"):
        return []
    found: list[Actor] = []
    for kind, pattern in ((k, p) for p, k in actor_lexicon().domestic):
        for sp in spans:
            m = pattern.search(text, sp.start, sp.end)
            if m is not None:
                found.append(Actor(m.group(0), country, kind, Span(m.start(), m.end())))
                break
    if etype == "violence_against_civilians" and not any(a.kind == "civilians" for a in found):
        return []  # a crowd's killing; police alone in a crime report are whoever answered the call
    return found


def _takes_part(actor: Actor, etype: str) -> bool:
    if etype == "displacement":
        return actor.kind == "civilians"
    return actor.kind != "civilians" or etype in CIVILIAN_PARTS


def dedupe_actors(actors: list[Actor]) -> list[Actor]:
    out: list[Actor] = []
    for a in actors:
        if any(o.name.lower() == a.name.lower() and o.country == a.country for o in out):
            continue
        out.append(a)
    return out
