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

from flashpoint.clean.builder import TextBuilder, compose
from flashpoint.records import OffsetMap

# elements whose content is never page text. A comment or a skipped element runs to its end or to the end of the
# page (``$``: the end, or before a last newline); its content is read a run of ordinary characters at a time, with
# possessive loops that stop where the lazy ``.*?(?:-->|$)`` would (it tried the end at every character)
_SKIPPED = "script|style|noscript|template|svg|title|textarea|select|iframe"
_SKIP = re.compile(
    r"<!--(?:[^-\n]++|-(?!->)|\n(?!\Z))*+(?:-->|$)"
    rf"|<({_SKIPPED})\b[^>]*>"
    r"(?:[^<\n]++|<(?!/\1\s*>)|\n(?!\Z))*+(?:</\1\s*>|$)"
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


def _anycase(word: str) -> str:
    return "".join(f"[{c.upper()}{c.lower()}]" for c in word)


# an inline tag as ``_SKIP`` and ``_TAG_NAME`` read it: a tag whose name (ASCII letters and digits) is no block
# element's, and no element whose content is skipped (that test matches case-insensitively, as ``_SKIP`` does)
_INLINE = re.compile(
    rf"(?:(?:<(?!(?i:{_SKIPPED})\b)|</)"
    rf"(?!(?:{'|'.join(_anycase(b) for b in sorted(_BLOCK, key=len, reverse=True))})(?![A-Za-z0-9]))"
    r"[A-Za-z][^>]*>)*"
)
# white space other than one plain space, and character references
_SPECIAL = re.compile(r"\s{2,}|[^\S ]|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
_WORD = re.compile(r"\S+")


def visible_text(page: str) -> tuple[str, OffsetMap]:
    """The page's text nodes as one whitespace-collapsed string, with a map back into ``page``."""
    out = TextBuilder()
    space = True  # the output ends with a space (or is empty): collapse the next one

    def emit_space(raw_at: int) -> None:
        nonlocal space
        if not space:
            out.anchor(raw_at)
            out.glue(" ")
            space = True

    def emit_text(start: int, end: int) -> None:
        nonlocal space
        pos = start
        for m in _SPECIAL.finditer(page, start, end):
            _emit_plain(pos, m.start())
            token = m.group()
            if token[0] == "&":
                decoded = html.unescape(token)
                if decoded == token:
                    _emit_plain(m.start(), m.end())
                elif decoded.isspace():
                    emit_space(m.start())
                else:
                    out.anchor(m.start())
                    out.glue(decoded)
                    space = False
            else:
                emit_space(m.start())
            pos = m.end()
        _emit_plain(pos, end)

    def _emit_plain(start: int, end: int) -> None:
        nonlocal space
        if start >= end:
            return
        if space and page[start] == " ":
            start += 1
            if start >= end:
                return
        out.copy(page[start:end], start)
        space = page[end - 1] == " "

    pos = 0
    inline = _INLINE.match
    for m in _RUN.finditer(page):
        start = m.start()
        if start > pos:
            if page[pos:start].isspace():
                emit_space(pos)
            else:
                emit_text(pos, start)
        pos = m.end()
        if not space:  # the first gap or item past the run's leading inline tags stands for a space
            first = inline(page, start, pos).end()  # type: ignore[union-attr]
            if first < pos:
                emit_space(first)
    emit_text(pos, len(page))
    return out.build()


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
