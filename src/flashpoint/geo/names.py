"""Name keys shared by the gazetteer build and the lookup: case, accents, punctuation, Russian endings.

``key("St. Cloud") == key("st cloud")``, ``key("Düsseldorf") == key("Dusseldorf")``. Russian place
names are inflected ("в Донецкой области", "в Харькове"), so every Cyrillic name also gets a
``stem_key`` that drops the case ending of each word: "Донецкая область" and "Донецкой области" share
``донецк област``.
"""

from __future__ import annotations

import re
import unicodedata

_PUNCT = re.compile(r"[.’'`´ʻ,()\"]")
_SPACE = re.compile(r"[\s\-‐–—_/]+")
CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")
LATIN_OR_CYRILLIC = re.compile(r"^[\s\w.’'`´ʻ,()\-‐–—/]+$")
# case endings after ``key`` has folded й to и, longest first; a stem keeps at least three letters.
# "ов"/"ев" are left alone: they end nominatives (Харьков) more often than they inflect a place name.
_RU_ENDINGS = sorted(
    [
        "ами",
        "ями",
        "ого",
        "его",
        "ому",
        "ему",
        "ыми",
        "ими",
        "ои",
        "еи",
        "ии",
        "ыи",
        "ая",
        "яя",
        "ое",
        "ее",
        "ые",
        "ие",
        "ых",
        "их",
        "ым",
        "им",
        "ую",
        "юю",
        "ом",
        "ем",
        "ах",
        "ях",
        "ам",
        "ям",
        "а",
        "я",
        "о",
        "е",
        "у",
        "ю",
        "ы",
        "и",
        "ь",
    ],
    key=len,
    reverse=True,
)


def _fold(text: str) -> str:
    """Lower case without accents (Cyrillic й and ё kept apart from и and е is not worth it: folded too)."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def key(name: str) -> str:
    """The lookup key of a name: folded case and accents, no punctuation, single spaces."""
    return _SPACE.sub(" ", _PUNCT.sub("", _fold(name))).strip()


def ru_stem(word: str) -> str:
    for ending in _RU_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def stem_key(name: str) -> str | None:
    """The inflection-free key of a Cyrillic name, else None."""
    if not CYRILLIC.search(name):
        return None
    return " ".join(ru_stem(w) for w in key(name).split())
