"""Victims named one at a time: "a 16-year-old boy was shot and killed", "left a man dead".

Numbers carry most tolls ("two others were wounded" is read by the figure
cues), but crime and shooting reports often count one victim with a noun
phrase and no number at all. ``find_victims`` reads those phrases as a figure
of 1 with the span of the whole phrase; the lexicon (determiners, modifiers,
person nouns, what happened to them) is ``data/figures.json``'s ``victims``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from flashpoint.extract.scan import first_letter_scan, required_strings
from flashpoint.records import Figure, Span
from flashpoint.resources import load_json


@dataclass(frozen=True, slots=True)
class _Victims:
    phrase: re.Pattern[str]
    left: re.Pattern[str]
    death_of: re.Pattern[str]
    killed_object: re.Pattern[str]
    named_subject: re.Pattern[str]
    another: re.Pattern[str]
    pair: re.Pattern[str]
    injured_object: re.Pattern[str]
    self_killed: re.Pattern[str]
    multiple: re.Pattern[str]
    counts: dict[str, int]
    wounded: re.Pattern[str]
    named_objects: re.Pattern[str]  # "killing Jacinta Walker, 18, and Aveion Bolden, 20": the names listed
    name: re.Pattern[str]  # one of those names
    person: re.Pattern[str]  # a person noun: counts the people of a list ("a man, woman and boy")


FATALLY = re.compile(r"(?:fatally|mortally)\s+$", re.I)


def _alt(words: list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


@cache
def _pieces() -> tuple[str, dict[str, str]]:
    """The victim patterns' shared pieces: a word before a person noun ("a 17-year-old Amish boy": a modifier of
    figures.json or a capitalised word), and the ``{modifier}`` and ``{person}`` alternations its patterns name."""
    v = load_json("figures.json")["victims"]
    modifier = rf"(?:{_alt(v['modifiers'])}|(?-i:[A-Z][a-z'’-]+))"
    return modifier, {"modifier": f"(?:{_alt(v['modifiers'])})", "person": f"(?:{_alt(v['persons'])})"}


def _someone(v: dict[str, Any], modifier: str, modifiers: int) -> str:
    """A person noun after an optional determiner and up to ``modifiers`` modifiers ("the 17-year-old boy",
    "woman"): a victim patterns' person where the article may be dropped (a headline, a list's later persons)."""
    return rf"(?:(?:{_alt(v['determiners'])})\s+)?(?:{modifier}\s+){{0,{modifiers}}}(?:{_alt(v['persons'])})"


_LIST_SPLIT = re.compile(r",|\band\b", re.I)  # the pieces of a list of people


@cache
def _victims() -> _Victims:
    v = load_json("figures.json")["victims"]
    modifier, parts = _pieces()
    victim = (
        rf"(?:{_alt(v['determiners'])})\s+(?:{modifier}\s+){{0,3}}(?:{_alt(v['persons'])})"
        r"(?:,\s*(?:\d{1,3}|[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2}),?)?"
    )
    adverb = rf"(?:(?:was|is|has been|had been)\s+(?:{_alt(v['adverbs'])})\s+)?"  # "was accidentally shot"
    phrase = re.compile(
        rf"(?<![\w-])(?P<who>{victim})\s+(?:(?:who|that)\s+)?{adverb}(?:(?P<killed>{_alt(v['killed'])})|(?P<injured>{_alt(v['injured'])})|(?P<shot>{_alt(v['shot'])}))(?!\w)",
        re.I,
    )
    left = re.compile(r"(?<![\w-])" + v["left"].format(victim=victim) + r"(?!\w)", re.I)
    death_of = re.compile(
        r"(?<![\w-])(?i:"
        + v["death_of"].split(" of ", 1)[0]
        + r") of "
        + v["death_of"].split(" of ", 1)[1].format(**parts)
    )
    killed_object = re.compile(r"(?<![\w-])" + v["killed_object"].format(**parts))
    named_subject = re.compile(v["named_subject"])
    another = re.compile(r"(?<![\w-])" + v["another"] + r"(?!\w)", re.I)
    # a later person of a list may go without its determiner: "a man, woman and boy were wounded"
    other = _someone(v, modifier, 3)
    pair = re.compile(r"(?<![\w-])" + v["pair"].replace("{victim}", victim).replace("{other}", other) + r"(?!\w)", re.I)
    person = re.compile(rf"(?<![\w-]){parts['person']}(?![\w-])", re.I)
    injured_object = re.compile(r"(?<![\w-])" + v["injured_object"].format(**parts) + r"(?![\w-])")
    self_killed = re.compile(r"(?<![\w-])(?:" + v["self_killed"] + r")(?![\w-])")
    many = v["multiple"]
    multiple = re.compile(
        rf"(?<![\w-])(?P<n>{_alt(list(many['counts']))})[- ](?:(?P<k>{many['killed']})|(?P<s>{many['shot']}))"
        rf"(?P<self>{many['suicide']})?(?![\w-])",
        re.I,
    )
    named = v["named_objects"]
    one = named["name"]
    named_objects = re.compile(
        rf"{named['verb']}(?P<names>{one}(?:(?:{named['join']}){one})*)(?!{named['not_after']})", re.I
    )
    return _Victims(
        phrase,
        left,
        death_of,
        killed_object,
        named_subject,
        another,
        pair,
        injured_object,
        self_killed,
        multiple,
        {k.lower(): n for k, n in many["counts"].items()},
        re.compile(r"(?<![\w-])" + v["wounded_person"].format(**parts) + r"(?![\w-])", re.I),
        named_objects,
        re.compile(one),
        person,
    )


@cache
def _headline_re() -> re.Pattern[str]:
    v = load_json("figures.json")["victims"]
    h = v["headline"]
    modifier = _pieces()[0]
    who = _someone(v, modifier, 4) + r"(?:,\s*\d{1,3},)?"
    adverb = rf"(?:(?:was|is|has been|had been)\s+)?(?:{_alt(v['adverbs'])})\s+"
    return re.compile(
        rf"^{h['label']}(?P<who>{who})\s+(?:{adverb})?"
        rf"(?:(?P<killed>{_alt(h['killed'])})|(?P<injured>{_alt(h['injured'])})|(?P<shot>{_alt(h['shot'])}))(?![\w-])",
        re.I,
    )


@cache
def _headline_object_re() -> re.Pattern[str]:
    killed_object = load_json("figures.json")["victims"]["headline"]["killed_object"]
    return re.compile(killed_object.format(**_pieces()[1]), re.I)


@cache
def _headline_shot_re() -> re.Pattern[str]:
    shot_object = load_json("figures.json")["victims"]["headline"]["shot_object"]
    return re.compile(shot_object.format(**_pieces()[1]), re.I)


def find_headline_victim(title: str) -> tuple[str, Figure] | None:
    """The one victim a headline names without an article at its head ("Teen fatally shot while laying out
    clothes", "Girl accidentally shot by brother") or as the object of a killing ("Teen charged with killing
    uncle", "4-year-old's accidental shooting death"): ``(killed|injured|shot, Figure(1))`` spanning the phrase."""
    m = _headline_re().match(title)
    if m is None:
        dead = _headline_object_re().search(title)
        if dead is not None:
            return "killed", Figure(1, 1, 1, "exact", Span(dead.start(), dead.end()))
        shot = _headline_shot_re().search(title)  # "Father shoots son in the shoulder", "Boy Shoots Self"
        return None if shot is None else ("shot", Figure(1, 1, 1, "exact", Span(shot.start(), shot.end())))
    kind = "killed" if m.group("killed") else "injured" if m.group("injured") else "shot"
    return kind, Figure(1, 1, 1, "exact", Span(m.start("who"), m.end()))


@cache
def listed_after_re() -> re.Pattern[str]:
    """A count's people, then one more person named with an article in the same list ("Two teenagers and a
    young man", figures.json ``listed_after``): matched right after the count's number."""
    v = load_json("figures.json")["victims"]
    modifier, parts = _pieces()
    persons = _alt([*v["persons"], *v["plural_persons"]])
    return re.compile(
        v["listed_after"]["pattern"].format(persons=persons, modifier=modifier, person=parts["person"]), re.I
    )


@cache
def _person_re() -> re.Pattern[str]:
    v = load_json("figures.json")["victims"]
    return re.compile(rf"(?<![\w-])(?:{_alt(v['persons'])})(?![\w-])", re.I)


def victim_words(phrase: str) -> frozenset[str]:
    """The person nouns a victim phrase names ("the uncle" → {"uncle"}), to tell a second victim from a re-mention."""
    words = {m.group(0).lower() for m in _person_re().finditer(phrase)}
    if re.search(r"(?i)\b(?:him|her)self\b|\bown life\b", phrase):
        words = {"self"}  # the shooter, who is no other victim
    return frozenset(words)


@cache
def _cue() -> re.Pattern[str] | None:
    """A search for the strings one of which every victim pattern's match contains ("shot", "killed", "another",
    "double"…: ``scan.required_strings`` of each), or None if a pattern has none: where it finds nothing, no
    pattern can match (four sentences in five)."""
    lex = _victims()
    strings: set[str] = set()
    for pattern in (lex.multiple, lex.pair, lex.left, lex.another, lex.phrase, lex.death_of, lex.killed_object,
                    lex.self_killed, lex.named_subject, lex.injured_object, lex.wounded,
                    lex.named_objects):  # fmt: skip
        found = required_strings(pattern)
        if found is None:
            return None
        strings |= found
    return first_letter_scan([re.escape(s) for s in sorted(strings)], "", capitals=False)


def find_victims(text: str, begin: int, end: int) -> list[tuple[str, Figure]]:
    """``(killed|injured|shot, Figure(1))`` for each victim phrase in ``text[begin:end]``."""
    cue = _cue()
    if cue is not None and cue.search(text, begin, end) is None:
        return []
    lex = _victims()
    out: list[tuple[str, Figure]] = []
    taken: list[tuple[int, int]] = []
    for m in lex.multiple.finditer(text, begin, end):  # "a quadruple shooting": four shot
        n = lex.counts[m.group("n").lower()] + (1 if m.group("k") and m.group("self") else 0)
        out.append(("killed" if m.group("k") else "shot", Figure(n, n, n, "exact", Span(m.start(), m.end()))))
        taken.append((m.start(), m.end()))
    for m in lex.pair.finditer(text, begin, end):  # "a woman and a child were shot": two victims; a list, more
        kind = "killed" if m.group("k") else "injured" if m.group("i") else "shot"
        n = max(2, sum(1 for piece in _LIST_SPLIT.split(m.group("who")) if lex.person.search(piece)))
        out.append((kind, Figure(n, n, n, "exact", Span(m.start(), m.end()))))
        taken.append((m.start(), m.end()))
    for pattern in (lex.left, lex.another):
        for m in pattern.finditer(text, begin, end):
            kind = "killed" if m.group("what").lower() in ("dead", "killed") else "injured"
            out.append((kind, Figure(1, 1, 1, "exact", Span(m.start("who"), m.end()))))
            taken.append((m.start(), m.end()))
    for m in lex.named_objects.finditer(text, begin, end):  # "killing Jacinta Walker, 18, and Aveion Bolden, 20"
        n = sum(1 for _ in lex.name.finditer(m.group("names")))
        out.append(("killed" if m.group("k") else "injured", Figure(n, n, n, "exact", Span(m.start(), m.end()))))
        taken.append((m.start(), m.end()))
    for m in lex.phrase.finditer(text, begin, end):
        if any(m.start() < f and s < m.end() for s, f in taken):
            continue
        kind = "killed" if m.group("killed") else "injured" if m.group("injured") else "shot"
        out.append((kind, Figure(1, 1, 1, "exact", Span(m.start(), m.end()))))
        taken.append((m.start(), m.end()))
    for pattern in (
        lex.death_of,
        lex.killed_object,
        lex.self_killed,
        lex.named_subject,
        lex.injured_object,
        lex.wounded,
    ):
        for m in pattern.finditer(text, begin, end):
            if any(m.start() < f and s < m.end() for s, f in taken):
                continue
            alive = pattern in (lex.injured_object, lex.wounded) or (
                pattern is lex.named_subject and (m.group("s") or m.group("i"))
            )
            if pattern is lex.injured_object and FATALLY.search(text, max(0, m.start() - 12), m.start()):
                alive = False  # "fatally injuring the person loading the muzzleloader"
            kind = ("shot" if pattern is not lex.wounded and m.group("s") else "injured") if alive else "killed"
            out.append((kind, Figure(1, 1, 1, "exact", Span(m.start(), m.end()))))
            taken.append((m.start(), m.end()))
    out.sort(key=lambda kf: kf[1].span.start)
    return out
