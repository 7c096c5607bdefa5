"""Numbers as news writes them: digits, words, vague quantities, qualifiers and ranges.

``find_numbers`` returns a ``NumberExpr`` per quantity with its span and the
bounds the wording allows, following shared/CODEBOOK.md: "nearly 300" →
best 300, high 300; "more than 700,000" → low 700001; "dozens" → 24..99.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from text_to_num import text2num

from flashpoint.extract.scan import first_letter_scan, gated, grouped_alternation, top_level
from flashpoint.resources import load_json


@dataclass(frozen=True, slots=True)
class NumberExpr:
    value: int | None  # the number written (None for vague words)
    best: int | None
    low: int | None
    high: int | None
    qualifier: str
    begin: int  # span of the whole expression, qualifier included
    finish: int
    number_begin: int  # span of the number itself

    def with_span(self, begin: int, finish: int) -> NumberExpr:
        return NumberExpr(self.value, self.best, self.low, self.high, self.qualifier, begin, finish, self.number_begin)


@dataclass(frozen=True, slots=True)
class _Tables:
    word_re: re.Pattern[str]
    words_by_lang: dict[str, frozenset[str]]
    ru_words: dict[str, int]
    ru_mult: dict[str, int]
    scales: tuple[tuple[re.Pattern[str], int], ...]
    scale_re: str
    vague: tuple[tuple[re.Pattern[str], int, int], ...]
    qualifiers: tuple[tuple[str, re.Pattern[str]], ...]


@cache
def _tables() -> _Tables:
    data: dict[str, Any] = load_json("numbers.json")
    words_by_lang = {lang: frozenset(ws) for lang, ws in data["words"].items()}
    words_by_lang["ru"] = frozenset(data["ru_words"]) | frozenset(data["ru_multipliers"])
    all_words = set().union(*words_by_lang.values())
    scales = tuple((re.compile(rf"^(?:{k})$", re.I), v) for k, v in data["scales"].items())
    scale_re = "|".join(sorted(data["scales"], key=len, reverse=True))
    # (?<!\w)(?:a|b…)(?!\w) as a scan by first letter (scan.first_letter_scan): each scans a whole text, or a
    # window before every number
    vague = tuple(
        (first_letter_scan(top_level(v["pattern"]), r"(?!\w)", capitals=False, boundary=True), v["low"], v["high"])
        for v in data["vague"]
    )
    quals = tuple(
        (name, first_letter_scan(top_level(pat), r"\s*$", capitals=False, boundary=True))
        for name, pat in data["qualifiers"].items()
    )
    return _Tables(
        _sequence_re(all_words),
        words_by_lang,
        data["ru_words"],
        data["ru_multipliers"],
        scales,
        scale_re,
        vague,
        quals,
    )


def _sequence_re(words: set[str] | frozenset[str]) -> re.Pattern[str]:
    """Number words in a row ("twenty-one", "trois cent", "двести пятьдесят"), joined by a space, a hyphen or
    "and"/"et"/"y"."""
    # longest first (a word never loses to its own prefix), then alphabetical: the same pattern under any hash seed
    core = [re.escape(w) for w in sorted(set(words) - {"and", "a", "et", "y"}, key=lambda w: (-len(w), w))]
    word = grouped_alternation(core) or f"(?:{'|'.join(core)})"  # grouped by first letter: 1.1 → 0.2 ms a page
    return gated(rf"(?<!\w){word}(?:(?:\s+|-)(?:(?:and|et|y)\s+)?{word})*(?!\w)", re.I)


@cache
def _word_re(language: str | None) -> re.Pattern[str]:
    """The number words of ``language`` (en, fr, es, ru), so that a word of another language is no number in
    this one (Spanish "once", eleven, in "shot once"; French "cent" in "5 cent"); every language's for another
    or an unknown language."""
    t = _tables()
    return _sequence_re(t.words_by_lang[language]) if language in t.words_by_lang else t.word_re


def word_to_int(words: str) -> int | None:
    """The value of a number written in words (English, French, Spanish or Russian), else None."""
    t = _tables()
    text = re.sub(r"\s+", " ", words.strip().lower())
    if not text:
        return None
    tokens = re.split(r"[\s-]+", text)
    if all(tok in t.ru_words or tok in t.ru_mult for tok in tokens):
        total, current = 0, 0
        for tok in tokens:
            if tok in t.ru_mult:
                total += max(current, 1) * t.ru_mult[tok]
                current = 0
            else:
                current += t.ru_words[tok]
        return total + current
    for lang in ("en", "fr", "es"):
        if all(tok in t.words_by_lang[lang] for tok in tokens):
            try:
                return int(text2num(text, lang))
            except ValueError:
                continue
    return None


# digits that stand alone: not inside a word or a designation ("6abc.com", "9mm", "4th", "K-9", "AK-47", "F-16"),
# but a range spelled "20-to-30" is two numbers
DIGITS = gated(
    r"(?<![\w.,:])(?:(?<![^\W\d_]-)|(?<=-to-))"
    r"(?P<num>\d{1,3}(?:(?:,|\u00a0|\u202f|\u2009| )\d{3})+|\d+(?:[.,]\d+)?)(?![^\W_])"
)


@cache
def _scale_word() -> re.Pattern[str]:
    return re.compile(rf"\s*(?:{_tables().scale_re})(?!\w)", re.I)


def _scale_after(text: str, end: int) -> tuple[int, int]:
    m = _scale_word().match(text, end)  # at ``end``, not on a copy of the rest of the text (once per number)
    if not m:
        return 1, end
    word = m.group(0).strip()
    for pattern, value in _tables().scales:
        if pattern.match(word):
            return value, m.end()
    return 1, end


def _parse_digits(raw: str) -> float | None:
    compact = re.sub(r"[\s\u00a0\u202f\u2009]", "", raw)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", compact):
        return float(compact.replace(",", ""))
    if re.fullmatch(r"\d+[.,]\d+", compact):
        return float(compact.replace(",", "."))
    try:
        return float(compact)
    except ValueError:
        return None


HUNDREDS_AFTER = re.compile(r"\s+(?:hundred|thousand|million)", re.I)  # "a hundred": a number, "a" alone is not


def _raw_numbers(text: str, language: str | None = None) -> list[tuple[int, int, int]]:
    """(value, begin, end) of every plain number, digits or words (``language``'s words: ``_word_re``)."""
    out: list[tuple[int, int, int]] = []
    for m in DIGITS.finditer(text):
        value = _parse_digits(m.group("num"))
        if value is None:
            continue
        scale, end = _scale_after(text, m.end())
        if scale == 1 and not value.is_integer():
            continue
        out.append((int(value * scale), m.start(), end))
    for m in _word_re(language).finditer(text):
        value = word_to_int(m.group(0))
        if value is None:
            continue
        word = m.group(0).lower()
        # "a"/"un" alone is an article, not a count ("one" alone is kept: "one killed")
        if word in ("a", "un", "une", "una", "uno") and not HUNDREDS_AFTER.match(text, m.end()):
            continue
        scale, end = _scale_after(text, m.end())
        out.append((value * scale, m.start(), end))
    out.sort(key=lambda x: (x[1], -x[2]))
    kept: list[tuple[int, int, int]] = []
    for item in out:
        if kept and item[1] < kept[-1][2]:
            continue
        kept.append(item)
    return kept


RANGE_JOIN = re.compile(r"^\s*(?:-|–|—|-to-|to|and|or|à|a|y|o|до|или|и)\s*$", re.I)  # "20-to-30 seconds"
RANGE_OPEN = re.compile(r"(?:between|from|entre|de|от|между)\s*$", re.I)


def _qualifier_before(text: str, begin: int) -> tuple[str, int] | None:
    window = text[max(0, begin - 30) : begin]
    for name, pattern in _tables().qualifiers:
        m = pattern.search(window)
        if m:
            return name, begin - (len(window) - m.start())
    return None


def find_numbers(text: str, language: str | None = None) -> list[NumberExpr]:
    """Every quantity in ``text`` with its qualifier and bounds, in text order; number words are those of the
    text's ``language`` when given (en, fr, es, ru), else of all four."""
    raw = _raw_numbers(text, language)
    out: list[NumberExpr] = []
    i = 0
    while i < len(raw):
        value, b, e = raw[i]
        # a range "between 137 and 2,075", "12-14", "from 20 to 30"
        if i + 1 < len(raw) and RANGE_JOIN.match(text[e : raw[i + 1][1]]) and raw[i + 1][0] > value:
            v2, _, e2 = raw[i + 1]
            opener = RANGE_OPEN.search(text[max(0, b - 12) : b])
            start = b - (len(text[max(0, b - 12) : b]) - opener.start()) if opener else b
            out.append(NumberExpr(value, None, value, v2, "range", start, e2, b))
            i += 2
            continue
        begin, qual = b, "exact"
        best: int | None = value
        low: int | None = value
        high: int | None = value
        if text.startswith("+", e):
            qual, high, e = "at_least", None, e + 1
        else:
            found = _qualifier_before(text, b)
            if found:
                qual, begin = found
                if qual == "nearly":
                    low = None
                elif qual == "more_than":
                    best = low = value + 1
                    high = None
                elif qual == "at_least":
                    high = None
                elif qual == "at_most":
                    low = None
        out.append(NumberExpr(value, best, low, high, qual, begin, e, b))
        i += 1
    taken = [(n.begin, n.finish) for n in out]
    for pattern, lo, hi in _tables().vague:
        for m in pattern.finditer(text):
            if any(m.start() < f and m.end() > s for s, f in taken):
                continue
            exact = lo == hi
            out.append(
                NumberExpr(
                    lo if exact else None,
                    lo if exact else None,
                    lo,
                    hi,
                    "about" if exact else "vague",
                    m.start(),
                    m.end(),
                    m.start(),
                )
            )
            taken.append((m.start(), m.end()))
    out.sort(key=lambda n: n.begin)
    return out
