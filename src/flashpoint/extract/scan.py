"""Regular-expression helpers for speed that keep a pattern's matches: a case-sensitive first-letter scan (``re``
skips in C the characters no word begins with), an alternation grouped by first letter (``re`` tries one group at a
place), and the strings every match of a pattern must contain (for a cheap search that says where a pattern cannot
match); with the reading of a pattern's structure they need (its top-level alternatives, a leading group spelled
out)."""

from __future__ import annotations

import re
import re._parser as _parser
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import import_module
from typing import Any

C: Any = import_module("re._constants")  # the parse tree's opcodes (see ``required_strings``); typeshed lacks it

_QUANTIFIER = re.compile(r"[?*+{]")


def _first_atom(word: str) -> str | None:
    """The one-character pattern ``word`` (a pattern) begins with: a plain letter or a ``[...]`` class, not repeated;
    None for anything else."""
    if word[:1].isalpha():
        atom = word[0]
    elif word[:1] == "[" and "]" in word[2:] and "\\" not in word[: word.index("]", 2)]:
        atom = word[: word.index("]", 2) + 1]
    else:
        return None
    return None if _QUANTIFIER.match(word, len(atom)) else atom


@cache
def _every_character() -> str:
    return "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))


@cache
def _every_match(pattern: str, flags: int) -> str:
    """Every character the one-character ``pattern`` matches, in code point order: ``re`` itself reading every code
    point (10-40 ms a pattern, so each is read once a process: the date patterns share their first characters)."""
    return "".join(re.compile(pattern, flags).findall(_every_character()))


def first_letter_scan(words: list[str], tail: str, *, capitals: bool = True, boundary: bool = False) -> re.Pattern[str]:
    r"""``(?:w1|w2|…){tail}`` for the case-insensitive ``words`` (with ``capitals``, one that begins with a capital
    is matched as written: "May"), matching at the same places, written so that ``re`` can skip in C every character no word
    can begin with: the words are grouped by the characters their first letter matches case-insensitively (found
    by ``re`` itself, so "s" also stands for "ſ"), each group a case-sensitive first character followed by the
    rest of its words, case-insensitive, in their order. The pattern is then case-sensitive with an alternation
    whose every branch begins with a literal, for which ``re`` builds a first-character set. At a place the words
    that can match are tried in the same order as in ``(?:w1|w2|…)``, so the matches are the same. A word whose
    first letter is escaped or repeated leaves the plain alternation, case-insensitive (no skipping, same
    matches). With ``boundary``, no word character may come before a match: ``(?<!\w)(?:w1|w2|…){tail}``, the
    test made after the first character (``c(?<!\wc)``), so that the scan can still skip."""
    atoms = [_first_atom(w) for w in words]
    if None in atoms:
        plain = "|".join(f"(?-i:{w})" if capitals and w[:1].isupper() else w for w in words)
        if boundary:  # behind the first-character test instead
            return gated(rf"(?<!\w)(?:{plain}){tail}", re.I | re.U)
        return re.compile(rf"(?:{plain}){tail}", re.I | re.U)
    folded = _every_match("|".join(sorted({a for a in atoms if a is not None})), re.I | re.U)
    by_char: dict[str, list[str]] = {}
    for word, atom in zip(words, atoms, strict=True):
        assert atom is not None
        rest = word[len(atom) :]
        if capitals and word[:1].isupper():
            chars = [word[0]]
            rest = f"(?:{rest})"
        else:
            one = re.compile(atom, re.I | re.U)
            chars = [c for c in folded if one.fullmatch(c)]
            rest = f"(?i:{rest})"
        for c in chars:
            by_char.setdefault(c, []).append(rest)
    after = r"(?<!\w{})" if boundary else ""
    branches = [
        f"{re.escape(c)}{after.format(re.escape(c))}(?:{'|'.join(rests)})" for c, rests in sorted(by_char.items())
    ]
    return re.compile(rf"(?:{'|'.join(branches)}){tail}", re.U)


def first_literal(pattern: str) -> bool:
    """Whether ``pattern`` begins with one plain character, neither escaped nor repeated."""
    if not pattern or pattern[0] in "\\[](){}|.^$*+?":
        return False
    first = _parser.parse(pattern, re.I | re.U).data
    return bool(first) and first[0] == (C.LITERAL, ord(pattern[0]))


def spelled_out(pattern: str, depth: int = 0) -> list[str]:
    """Patterns whose union matches what ``pattern`` matches, a leading ``(?:a|b)`` or ``(?:x)?`` spelled out."""
    if depth > 3 or not pattern.startswith("(?:"):
        return [pattern]
    end = _closing(pattern, 0)
    inner, after = pattern[3:end], pattern[end + 1 :]
    if after[:1] in ("*", "+", "{") or after[:2] == "??":
        return [pattern]
    options = top_level(inner)
    if after[:1] == "?":
        after = after[1:]
        options.append("")
    return [v for option in options for v in spelled_out(option + after, depth + 1)]


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


def top_level(pattern: str) -> list[str]:
    """``pattern`` split at its top-level ``|``."""
    out: list[str] = []
    start = 0
    for j, depth in _structure(pattern):
        if depth == 0 and pattern[j] == "|":
            out.append(pattern[start:j])
            start = j + 1
    out.append(pattern[start:])
    return out


def grouped_alternation(patterns: list[str]) -> str | None:
    """``(?:p1|p2|…)`` for ``patterns`` (case-insensitive, in this order) with the alternatives grouped by their
    first letter, in order within a group, so that at a place a search tries one group rather than every
    alternative: the same matches and spans, since different letters never match the same character
    case-insensitively (checked) and so only one group can match at a place. A leading ``(?:a|b)`` or ``(?:x)?``
    is spelled out first (``spelled_out``). None when an alternative does not then begin with one plain
    character, or holds a capturing group or a back-reference."""
    groups: dict[str, list[str]] = {}
    for pattern in patterns:
        for variant in spelled_out(pattern):
            if not first_literal(variant) or re.search(r"\((?!\?)|\\\d", variant):
                return None
            groups.setdefault(variant[0], []).append(variant[1:])
    letters = list(groups)
    if any(re.fullmatch(re.escape(a), b, re.I) for i, a in enumerate(letters) for b in letters[i + 1 :]):
        return None
    return "(?:" + "|".join(f"{re.escape(c)}(?:{'|'.join(vs)})" for c, vs in groups.items()) + ")"


@cache
def _folded(c: str) -> str:
    """Every character the literal ``c`` matches case-insensitively, found by ``re`` itself ("s": "Ssſ"): read from
    ``data/case_folds.json`` for the letters the word lists begin with (a search over every character costs 10 ms
    a letter, 0.6 s at every start), searched for any other, or when this Python's Unicode is not the table's."""
    folds = _fold_table()
    return folds[c] if c in folds else fold_by_search(c)


def fold_by_search(c: str) -> str:
    """``_folded(c)`` found by ``re`` itself: a case-insensitive search for ``c`` over every character."""
    return _every_match(re.escape(c), re.I | re.U)


@cache
def _fold_table() -> dict[str, str]:
    """``data/case_folds.json``'s folds when this Python reads the Unicode version they were found with, else none
    (``tests/test_scan.py`` checks every entry against ``fold_by_search``; ``write_fold_table`` writes it)."""
    from flashpoint.resources import load_json

    table = load_json("case_folds.json")
    return dict(table["folds"]) if table.get("unicode") == unicodedata.unidata_version else {}


def write_fold_table(path: str, letters: str) -> None:
    """Write the table ``_folded`` reads: ``python -c "from flashpoint.extract.scan import write_fold_table;
    write_fold_table('src/flashpoint/data/case_folds.json', LETTERS)"`` with the letters it should hold."""
    import json

    folds = {c: fold_by_search(c) for c in sorted(set(letters))}
    note = "what re matches case-insensitively for each letter (flashpoint.extract.scan._folded); written by write_fold_table"
    data = {"note": note, "unicode": unicodedata.unidata_version, "folds": folds}
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def literal_trie(patterns: list[str], depth: int = 0) -> str | None:
    """``(?:p1|p2|…)`` for ``patterns`` (case-insensitive, in this order) written as a tree of their leading
    literals, for a pattern compiled with ``re.I``: at each level the alternatives are grouped by the characters
    their first literal matches case-insensitively (``_folded``), in order within a group, and each group opens with
    those characters as a case-sensitive class (one literal for a character without case). ``re`` tries a
    branch that opens with a case-sensitive class or literal with one test of the character (case-insensitive
    branches are entered one by one), so a place costs one test a group instead of a try of every alternative.
    The same matches and spans, groups and all: two groups never match the same character (checked), so at a
    place only one group can go on, and it tries its alternatives in their order. A leading ``(?:a|b)`` or
    ``(?:x)?`` is spelled out first (``spelled_out``) at every level. A level whose alternatives do not all begin
    with one plain character stays a plain alternation; None (at the top) when an alternative holds a capturing
    group or a back-reference."""
    variants = [v for p in patterns for option in top_level(p) for v in spelled_out(option)]
    if any(re.search(r"\((?!\?)|\\\d", v) for v in variants):
        return None
    plain = "(?:" + "|".join(variants) + ")"
    if depth > 30 or len(variants) < 2 or not all(map(first_literal, variants)):
        return plain
    groups: dict[str, list[str]] = {}
    for v in variants:
        groups.setdefault(_folded(v[0]), []).append(v[1:])
    chars = [set(c) for c in groups]
    if any(a & b for i, a in enumerate(chars) for b in chars[i + 1 :]):
        return plain
    branches = []
    for folded, rests in groups.items():
        head = re.escape(folded) if len(folded) == 1 else f"(?-i:[{''.join(map(re.escape, folded))}])"
        one = len(rests) == 1 and len(top_level(rests[0])) == 1
        branches.append(head + (rests[0] if one else literal_trie(rests, depth + 1) or ""))
    return "(?:" + "|".join(branches) + ")"


def max_width(pattern: str, flags: int = 0) -> int:
    """The most characters a match of ``pattern`` can take (``re``'s own reading of it), 2**20 when unbounded."""
    widest: int = _parser.parse(pattern, flags).getwidth()[1]
    return min(widest, 1 << 20)


def required_strings(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` contains (compare case-insensitively), or None when none is
    found. Read from ``re``'s own parse tree (``re._parser``, a private module of CPython, pinned by
    ``tests/test_scan.py``): a run of literals, a repetition of at least one, a group, or an alternation whose every
    branch requires some string, within the match (assertions are not counted); of those it keeps the most
    selective set (the longest weakest word, then the fewest strings)."""
    found = _required(_parser.parse(pattern.pattern, pattern.flags))
    return frozenset(found) if found else None


def _lead(seq: Any) -> str:
    out: list[str] = []
    for op, av in seq:
        if op is not C.LITERAL:
            break
        out.append(chr(av))
    return "".join(out)


def _word(s: str) -> str:
    m = re.search(r"\w(?:.*\w)?", s, re.S)
    return m.group() if m else ""


def _score(strings: set[str]) -> tuple[int, int]:
    """How selective a set is: its weakest string's longest word ("and a" 3, "shot" 4), then fewer strings."""
    return min(max(map(len, re.findall(r"\w+", s)), default=0) for s in strings), -len(strings)


def _required(seq: Any) -> set[str] | None:
    best: set[str] | None = None

    def take(cand: set[str] | None) -> None:
        nonlocal best
        if cand is None or not all(cand):
            return
        if best is None or _score(cand) > _score(best):
            best = cand

    run: list[str] = []
    for op, av in seq:
        if op is C.LITERAL:
            run.append(chr(av))
            continue
        if op is C.BRANCH and run:  # "sho(?:t|oting)": the run and each alternative's first letters
            take({_word("".join(run) + _lead(a)) for a in av[1]})
        take({_word("".join(run))})
        run = []
        if op is C.SUBPATTERN:
            take(_required(av[3]))
        elif op is C.BRANCH:
            alts = [_required(a) for a in av[1]]
            known = [a for a in alts if a is not None]
            if len(known) == len(alts):
                take(set().union(*known))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[0] >= 1:
            take(_required(av[2]))
        elif op is C.ATOMIC_GROUP:
            take(_required(av))
    take({_word("".join(run))})
    return best


_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")
_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
               "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}  # fmt: skip


def first_characters(pattern: str, flags: int = 0) -> str | None:
    """A character class (``[...]``) that holds every character a match of ``pattern`` can begin with, read from
    ``re``'s parse tree (like ``required_strings``); None when a match may be empty or may begin with what this does
    not read (any character, a negated class, a back-reference). Assertions before the first character are passed
    over: they only narrow where a match begins."""
    found = _firsts(_parser.parse(pattern, flags))
    if found is None or found[1] or not found[0]:
        return None
    return "[" + "".join(sorted(found[0])) + "]"


def gated(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``pattern`` compiled behind a lookahead on the characters its matches begin with (``first_characters``, read
    case-insensitively, so never fewer): ``re`` tries a pattern that opens with an assertion or a case-insensitive
    alternation branch by branch at every character, and a character that begins no match now fails at once. The
    same matches, spans and groups as ``re.compile(pattern, flags)``."""
    first = first_characters(pattern, flags)
    if first is None or flags & re.VERBOSE or _GLOBAL_FLAGS.match(pattern):  # "(?i)..." must stay first
        return re.compile(pattern, flags)
    return re.compile(f"(?=(?i:{first}))(?:{pattern})", flags)


def skipping(pattern: str, flags: int = 0) -> re.Pattern[str] | None:
    """A pattern that matches the first character of each place where ``pattern`` matches (and nowhere else), for
    ``skipped_matches``: the characters ``pattern``'s matches begin with (``first_characters``, read
    case-insensitively and spelled out over every code point by ``re`` itself, so never fewer), as a case-sensitive
    class, then ``pattern`` looked at from that character (``(?<=(?=pattern).)``). ``re`` skips in C to the next
    such character, where ``gated``'s lookahead is still tried at every character. None when the characters are
    not all in the Basic Multilingual Plane (``re`` then reads the class item by item: slower than ``gated``) or
    for what ``gated`` leaves as written."""
    first = first_characters(pattern, flags)
    if first is None or flags & re.VERBOSE or _GLOBAL_FLAGS.match(pattern):
        return None
    chars = _every_match(f"(?i:{first})", flags)
    if not chars or max(chars) > "\uffff":
        return None
    return re.compile(f"(?-i:[{''.join(map(re.escape, chars))}])(?<=(?=(?:{pattern}))(?s:.))", flags)


def skipped_matches(scan: re.Pattern[str], pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, with ``scan`` the ``skipping`` form of ``pattern``: ``pattern`` is matched only
    where ``scan`` says it matches, after the end of the match before (as ``finditer`` goes on)."""
    return matches_at(pattern, text, (place.start() for place in scan.finditer(text)))


def matches_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern that can only match at one of ``starts`` (ascending): each start
    past the end of the match before is tried, as ``finditer`` goes on."""
    end = 0
    for start in starts:
        if start < end:
            continue
        m = pattern.match(text, start)
        if m is not None:
            yield m
            end = max(m.end(), start + 1)


def _firsts(seq: Any) -> tuple[set[str], bool] | None:
    """The class items a match of ``seq`` can begin with, and whether it can match the empty string."""
    out: set[str] = set()
    for op, av in seq:
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue  # zero-width
        if op is C.LITERAL:
            out.add(re.escape(chr(av)))
            return out, False
        if op is C.IN:
            items = _class_items(av)
            if items is None:
                return None
            return out | items, False
        if op is C.SUBPATTERN:
            sub = _firsts(av[3])
        elif op is C.ATOMIC_GROUP:
            sub = _firsts(av)
        elif op is C.BRANCH:
            alts = [_firsts(a) for a in av[1]]
            if any(a is None for a in alts):
                return None
            sub = (set().union(*(a[0] for a in alts if a)), any(a[1] for a in alts if a))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            body = _firsts(av[2])
            sub = None if body is None else (body[0], body[1] or av[0] == 0)
        else:
            return None
        if sub is None:
            return None
        out |= sub[0]
        if not sub[1]:
            return out, False
    return out, True


def _class_items(items: Any) -> set[str] | None:
    out: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            out.add(re.escape(chr(av)))
        elif op is C.RANGE:
            out.add(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is C.CATEGORY and str(av) in _CATEGORIES:
            out.add(_CATEGORIES[str(av)])
        else:
            return None  # a negated class
    return out
