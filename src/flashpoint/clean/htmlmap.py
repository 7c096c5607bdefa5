"""Map text extracted from an HTML page back to the characters of the page itself.

trafilatura returns the main text of a page but not where each piece came
from. ``visible_text`` reads the page's text nodes (tags, comments, scripts
and styles skipped; entities decoded; runs of white space collapsed) into one
string with an ``OffsetMap`` to the decoded HTML; ``align`` then finds each
line of the extracted text in that string, in order, and composes the two
maps. A line found verbatim maps character for character; a line trafilatura
rewrote is aligned word by word; a word not found at all maps to the raw
position of the previous word found (the ``OffsetMap`` rule for made-up text).

Characters decoded from an entity (``&amp;`` → ``&``) are not verbatim: they
map to the first character of their entity, so ``raw[to_raw(i)]`` is ``&``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from itertools import groupby

from flashpoint.clean.builder import compose
from flashpoint.records import OffsetMap


def _anycase(word: str) -> str:
    return "".join(f"[{c.upper()}{c.lower()}]" for c in word)


def _by_first_letter(words: Iterable[str], spell: Callable[[str], str]) -> str:
    """An alternation of ``words`` grouped by their first letter (``s(?:cript|tyle)``), each piece spelled by
    ``spell``: in a lookahead, or where no word begins another, it says the same as the plain alternation, and
    ``re`` tries one group at a letter instead of every word."""
    groups = []
    for first, same in groupby(sorted(words), key=lambda w: w[0]):
        rest = "|".join(spell(w[1:]) for w in sorted(same, key=len, reverse=True))
        groups.append(f"{spell(first)}(?:{rest})")
    return "|".join(groups)


# elements whose content is never page text. A comment or a skipped element runs to its end or to the end of the
# page (``$``: the end, or before a last newline); its content is read with possessive loops that stop where the
# lazy ``.*?(?:-->|$)`` would (it tried the end at every character). The first loop takes runs up to the next "<"
# ("-" in a comment) and each "<" that begins no end tag, so it stops at the end tag or where no "<" is left; the
# second reads what is left, up to a last newline (none left when the first stopped at the end tag). A run of
# ``[^<]`` is a single-character test ``re`` makes in a tight loop, where ``[^<\n]`` (what one loop needed, to stop
# before a last newline) was a class looked up at every character: half the scan's time went on script contents.
# The names are grouped by first letter: ``re`` tries them at every "<"
_SKIPPED = "script|style|noscript|template|svg|title|textarea|select|iframe"
_SKIP = re.compile(
    r"<!--(?:[^-]++(?=-)|-(?!->))*+(?:[^-\n]++|\n(?!\Z))*+(?:-->|$)"
    rf"|<({_by_first_letter(_SKIPPED.split('|'), str)})\b[^>]*>"  # no name begins another
    r"(?:[^<]++(?=<)|<(?!/\1\s*>))*+(?:[^<\n]++|\n(?!\Z))*+(?:</\1\s*>|$)"
    r"|<!\[CDATA\[.*?\]\]>|</?[A-Za-z][^>]*>|<![^>]*>|<\?[^>]*>",
    re.S | re.I,
)
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "dialog", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
        "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
        "tr", "ul",
    }
)  # fmt: skip
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)")
# A run: markup items with nothing but white space between them (text between two runs is never only white space).
# Within a run only the first item or gap that stands for a space counts (the output then ends with a space): the
# run's inline tags up to it (``_INLINE``, no white space between them) are skipped at once, in C.
_AGAIN = _SKIP.pattern.replace("\\1", "\\2")  # the item pattern again, its back-reference to its own group
_RUN = re.compile(rf"(?:{_SKIP.pattern})(?:\s*(?:{_AGAIN}))*", re.S | re.I)


# an inline tag as ``_SKIP`` and ``_TAG_NAME`` read it: a tag whose name (ASCII letters and digits) is no block
# element's, and no element whose content is skipped (that test matches case-insensitively, as ``_SKIP`` does)
_INLINE = re.compile(
    rf"(?:(?:<(?!(?i:{_by_first_letter(_SKIPPED.split('|'), str)})\b)|</)"
    rf"(?!(?:{_by_first_letter(_BLOCK, _anycase)})(?![A-Za-z0-9]))"
    r"[A-Za-z][^>]*>)*"
)
# white space other than one plain space, and character references
_SPECIAL = re.compile(r"\s{2,}|[^\S ]|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
_WORD = re.compile(r"\S+")


# One scan of the page for what is not copied verbatim: a markup run (it begins with "<") or a special (never "<"),
# the plain text between them read as gaps. Every run ``_RUN`` finds is found here, and the same specials in the
# text between runs (no special can hold a "<"); the specials' pattern is not case-insensitive (``(?-i:...)``).
_TOKEN = re.compile(rf"{_RUN.pattern}|(?-i:{_SPECIAL.pattern})", re.S | re.I)
_UNESCAPED: dict[str, str] = {}  # character reference -> its characters (html.unescape), for the first few thousand


def _unescape(token: str) -> str:
    decoded = _UNESCAPED.get(token)
    if decoded is None:
        decoded = html.unescape(token)
        if len(_UNESCAPED) < 4096:
            _UNESCAPED[token] = decoded
    return decoded


def visible_text(page: str) -> tuple[str, OffsetMap]:
    """The page's text nodes as one whitespace-collapsed string, with a map back into ``page``.

    What ``TextBuilder`` would build (its ``copy``, ``glue`` and ``anchor``, written out in the loop): plain text is
    copied verbatim (a leading space dropped after a space); white space other than one space, a markup run whose
    first gap or item past its leading inline tags stands for a space, and a reference to white space give one
    space, anchored where they begin, unless the text already ends with one; a reference is its characters,
    anchored at its "&" (one that names nothing is plain text)."""
    parts: list[str] = []
    segments: list[tuple[int, int, int]] = []
    last: tuple[int, int, int] | None = None  # segments[-1]
    length = 0
    space = True  # the output ends with a space (or is empty): collapse the next one
    inline = _INLINE.match
    pos = 0  # where the gap of plain text before the next token begins
    for m in _TOKEN.finditer(page):
        start, end = m.span()
        if start > pos:  # plain text, copied
            if space and page[pos] == " ":
                pos += 1
            if pos < start:
                if last is not None and last[0] + last[2] == length and last[1] + last[2] == pos:
                    last = segments[-1] = (last[0], last[1], last[2] + start - pos)
                else:
                    last = (length, pos, start - pos)
                    segments.append(last)
                parts.append(page[pos:start])
                length += start - pos
                space = page[start - 1] == " "
        pos = end
        at = start  # where the space this token may stand for is anchored
        lead = page[start]
        if lead == "<":
            if space:
                continue
            at = inline(page, start, end).end()  # type: ignore[union-attr]
            if at >= end:  # inline tags only: no space
                continue
        elif lead == "&":
            token = page[start:end]
            decoded = _unescape(token)
            if decoded == token:  # names no character: plain text
                if last is not None and last[0] + last[2] == length and last[1] + last[2] == start:
                    last = segments[-1] = (last[0], last[1], last[2] + end - start)
                else:
                    last = (length, start, end - start)
                    segments.append(last)
                parts.append(token)
                length += end - start
                space = False
                continue
            if not decoded.isspace():  # its characters, anchored at the "&"
                if last is None or last[0] != length:
                    last = (length, start, 0)
                    segments.append(last)
                elif last[2] == 0:
                    last = segments[-1] = (length, start, 0)
                parts.append(decoded)
                length += len(decoded)
                space = False
                continue
        if not space:  # one space, anchored at ``at``
            if last is None or last[0] != length:
                last = (length, at, 0)
                segments.append(last)
            elif last[2] == 0:
                last = segments[-1] = (length, at, 0)
            parts.append(" ")
            length += 1
            space = True
    if space and pos < len(page) and page[pos] == " ":
        pos += 1
    if pos < len(page):
        if last is not None and last[0] + last[2] == length and last[1] + last[2] == pos:
            segments[-1] = (last[0], last[1], last[2] + len(page) - pos)
        else:
            segments.append((length, pos, len(page) - pos))
        parts.append(page[pos:])
    return "".join(parts), OffsetMap(tuple(segments))


def align(extracted: str, page: str) -> OffsetMap:
    """An OffsetMap from ``extracted`` (trafilatura's text of ``page``) into ``page``."""
    visible, vmap = visible_text(page)
    segments: list[tuple[int, int, int]] = []
    cursor = 0
    line_start = 0
    for line in extracted.split("\n"):
        stripped = line.strip()
        offset = line_start + (len(line) - len(line.lstrip()))
        line_start += len(line) + 1
        if not stripped:
            continue
        found = visible.find(stripped, cursor)
        if found < 0:
            found = visible.find(stripped)
        if found >= 0:
            segments.append((offset, found, len(stripped)))
            cursor = found + len(stripped)
            continue
        for w in _WORD.finditer(stripped):
            word = w.group()
            hit = visible.find(word, cursor, cursor + 400 + len(word))
            if hit < 0:
                continue
            segments.append((offset + w.start(), hit, len(word)))
            cursor = hit + len(word)
    if not segments:  # nothing found: every character is made up and maps to the page's start (an empty map
        segments.append((0, 0, 0))  # would read as the identity, claiming the page's first characters verbatim)
    return compose(OffsetMap(tuple(segments)), vmap)
