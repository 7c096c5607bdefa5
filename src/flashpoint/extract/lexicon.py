"""Compiled lexicons: event triggers, qualifying cues and figure cues from the package's data files."""

from __future__ import annotations

import re
import re._parser as re_parser
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from flashpoint.resources import load_json


def _alt(patterns: list[str]) -> re.Pattern[str]:
    ordered = sorted(patterns, key=len, reverse=True)
    return re.compile(rf"(?<![\w-])(?:{'|'.join(ordered)})(?![\w-])", re.I | re.U)


def _any_alt(patterns: list[str]) -> re.Pattern[str]:
    """A pattern that matches somewhere in a text exactly where ``_alt(patterns)`` does (not necessarily the same
    span): the alternatives grouped by their first letter, so that at a word start the engine tries one group
    instead of each of some 400 alternatives (the gate scans every text whole: 7x faster on the dev texts). A
    leading ``(?:a|b)`` or ``(?:a )?`` is spelled out first, so that nearly every alternative starts with a letter."""
    if any(re.search(r"\((?!\?)|\\\d", p) for p in patterns):  # a capturing group or back-reference: no regrouping
        return _alt(patterns)
    groups: dict[str, list[str]] = {}
    rest: list[str] = []
    for pattern in patterns:
        for variant in _spelled_out(pattern):
            if _first_literal(variant):
                groups.setdefault(variant[0], []).append(variant[1:])
            else:
                rest.append(variant)
    branches = [f"{re.escape(c)}(?:{'|'.join(sorted(vs, key=len, reverse=True))})" for c, vs in sorted(groups.items())]
    return re.compile(rf"(?<![\w-])(?:{'|'.join(branches + rest)})(?![\w-])", re.I | re.U)


def _grouped_alt(patterns: list[str]) -> re.Pattern[str]:
    """``_alt(patterns)`` with its alternatives grouped by first letter, keeping their order within a group: the
    same matches, the same spans (at one position only one group's letter can match: different letters never
    match the same character case-insensitively, which is checked), 28% faster on the dev texts' sentences.
    A pattern with an alternative that does not begin with a letter, once spelled out, stays as it was."""
    groups: dict[str, list[str]] = {}
    for pattern in sorted(patterns, key=len, reverse=True):
        for variant in _spelled_out(pattern):
            if not _first_literal(variant) or re.search(r"\((?!\?)|\\\d", variant):
                return _alt(patterns)
            groups.setdefault(variant[0], []).append(variant[1:])
    letters = list(groups)
    if any(re.fullmatch(re.escape(a), b, re.I) for i, a in enumerate(letters) for b in letters[i + 1 :]):
        return _alt(patterns)
    branches = [f"{re.escape(c)}(?:{'|'.join(vs)})" for c, vs in groups.items()]
    return re.compile(rf"(?<![\w-])(?:{'|'.join(branches)})(?![\w-])", re.I | re.U)


def _first_literal(pattern: str) -> bool:
    """Whether ``pattern`` begins with one plain character, neither escaped nor repeated."""
    if not pattern or pattern[0] in "\\[](){}|.^$*+?":
        return False
    first = re_parser.parse(pattern, re.I | re.U).data
    return bool(first) and first[0] == (re_parser.LITERAL, ord(pattern[0]))


def _spelled_out(pattern: str, depth: int = 0) -> list[str]:
    """Patterns whose union matches what ``pattern`` matches, a leading ``(?:a|b)`` or ``(?:x)?`` spelled out."""
    if depth > 3 or not pattern.startswith("(?:"):
        return [pattern]
    end = _closing(pattern, 0)
    inner, after = pattern[3:end], pattern[end + 1 :]
    if after[:1] in ("*", "+", "{") or after[:2] == "??":
        return [pattern]
    options = _top_level(inner)
    if after[:1] == "?":
        after = after[1:]
        options.append("")
    return [v for option in options for v in _spelled_out(option + after, depth + 1)]


def _skip_class(pattern: str, i: int) -> int:
    """The index after the character class that starts at ``pattern[i]`` ("[")."""
    i += 1
    if pattern[i : i + 1] == "^":
        i += 1
    if pattern[i : i + 1] == "]":
        i += 1
    while pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def _structure(pattern: str, i: int = 0) -> Iterator[tuple[int, int]]:
    """Each character of ``pattern`` from ``i`` that is neither escaped nor in a character class, with the depth
    of parentheses open after it (counted from ``i``)."""
    depth = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _skip_class(pattern, i)
            continue
        depth += (c == "(") - (c == ")")
        yield i, depth
        i += 1


def _closing(pattern: str, i: int) -> int:
    """The index of the parenthesis that closes the one at ``pattern[i]``."""
    for j, depth in _structure(pattern, i):
        if depth == 0:
            return j
    raise ValueError(f"unbalanced parentheses in {pattern!r}")


def _top_level(pattern: str) -> list[str]:
    """``pattern`` split at its top-level ``|``."""
    out: list[str] = []
    start = 0
    for j, depth in _structure(pattern):
        if depth == 0 and pattern[j] == "|":
            out.append(pattern[start:j])
            start = j + 1
    out.append(pattern[start:])
    return out


@dataclass(frozen=True, slots=True)
class Lexicon:
    verb_triggers: dict[str, re.Pattern[str]]
    noun_triggers: dict[str, re.Pattern[str]]
    hypothetical: re.Pattern[str]
    negation: re.Pattern[str]
    request_verbs: re.Pattern[str]
    temporal_reference: re.Pattern[str]
    civilian_targets: re.Pattern[str]
    weapons: re.Pattern[str]
    crowd: re.Pattern[str]
    figure_cues: dict[str, re.Pattern[str]]
    not_people: re.Pattern[str]
    not_after: dict[str, re.Pattern[str]]
    legal_reference: re.Pattern[str]
    verb_before: dict[str, re.Pattern[str]]
    not_before: dict[str, re.Pattern[str]]
    infobox_battle: re.Pattern[str]  # "Belligerents": an infobox row alone on its line
    infobox_end: re.Pattern[str]  # the row after the sides ("Commanders and leaders")
    # every trigger of every type in one pattern, and the infobox's sides label anywhere: a text neither finds in
    # tells no event (``might_tell_events``), so the extractor stops there
    any_trigger: re.Pattern[str]
    infobox_label: re.Pattern[str]


@cache
def lexicon() -> Lexicon:
    trig = load_json("triggers.json")
    figs = load_json("figures.json")
    verbs = {t: _grouped_alt(spec["verb"]) for t, spec in trig["types"].items() if spec["verb"]}
    nouns = {t: _grouped_alt(spec["noun"]) for t, spec in trig["types"].items() if spec["noun"]}
    every = [w for spec in trig["types"].values() for w in (*spec["verb"], *spec["noun"])]
    return Lexicon(
        verb_triggers=verbs,
        noun_triggers=nouns,
        hypothetical=_alt(trig["hypothetical"]),
        negation=_alt(trig["negation"]),
        request_verbs=_alt(trig["request_verbs"]),
        temporal_reference=_alt(trig["temporal_reference"]),
        civilian_targets=_alt(trig["civilian_targets"]),
        weapons=_alt(trig["weapons"]),
        crowd=_alt(trig["crowd"]),
        figure_cues={name: _alt(words) for name, words in figs["cues"].items()},
        verb_before={
            k: re.compile(rf"(?<![\w-])(?:{p})\s+$", re.I) for k, p in figs["verb_before"].items() if k != "_about"
        },
        legal_reference=re.compile(rf"(?<!\w)(?:{trig['legal_reference']['pattern']})", re.I),
        not_after={t: re.compile(rf"^(?:{p})", re.I) for t, p in trig["not_after"].items() if t != "_about"},
        not_before={t: re.compile(rf"(?<!\w)(?:{p})", re.I) for t, p in trig["not_before"].items() if t != "_about"},
        infobox_battle=re.compile(rf"(?:{'|'.join(trig['infobox_battle']['labels'])})(?=\s*(?:[|:]|$))"),
        any_trigger=_any_alt(every),
        infobox_label=re.compile("|".join(trig["infobox_battle"]["labels"])),
        infobox_end=re.compile(rf"(?:{'|'.join(trig['infobox_battle']['end_labels'])})(?=\s*(?:[|:]|$))"),
        not_people=re.compile(rf"^\s*(?:{'|'.join(sorted(figs['not_people'], key=len, reverse=True))})(?![\w])", re.I),
    )


def might_tell_events(text: str) -> bool:
    """Whether ``text`` holds any event trigger or a war infobox's sides row: without either the extractor finds
    no event, so a page of sport or business news costs one scan instead of the whole extraction. The per-sentence
    patterns are the same words with the same word boundaries, so where this finds nothing no sentence does
    (sentences start and end at spaces and line breaks, where the boundaries read the same in both)."""
    lex = lexicon()
    return lex.any_trigger.search(text) is not None or lex.infobox_label.search(text) is not None
