"""Plain text and markdown (often PDF-derived) → clean body text with an offset map.

What goes: markdown markup, lines that are only a link, URL or e-mail (a site's
masthead and page footers), short lines repeated through the document (page
headers), header blocks written in another script than the body (a Persian
masthead over an English article), and the lines read as metadata (title,
byline, date, source and translation credits), and noise that is no language: a
run of 16 or more punctuation or symbol characters ("================"; not a
markdown table rule "---|---", which the tokenizer splits quickly) and a "word" of
more than 256 characters without a space (base64, minified code); the
tokenizer's time on such runs grows with the square of their length, so one
hostile line could otherwise hold up a batch. What is mended: a paragraph cut by
a page break ("did not" / "prevent Azerbaijan") is rejoined.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from flashpoint.clean.builder import TextBuilder
from flashpoint.records import OffsetMap

LINK_ONLY = re.compile(
    r"^(?:<?https?://\S+>?|www\.\S+|[\w.+-]+@[\w-]+\.[\w.]+|\[[^\]]*\]\((?:https?|mailto):[^)]*\))$", re.I
)
HEADING = re.compile(r"^(#{1,6})\s+")
BULLET = re.compile(r"^(?:[-*+•]|\d{1,3}[.)])\s+")
QUOTE = re.compile(r"^>\s?")
INLINE_DROP = re.compile(
    r"\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)|`|\[(?=[^\]]*\]\()|\]\([^)]*\)|<(?=https?://)|(?<=\S)>(?=\s|$)"
)
# noise dropped from the body (not from classification): see the module's docstring
NOISE = re.compile(r"(?![-|:]*-)[^\w\s]{16,}|\S{257,}")  # a markdown table rule (---|:--) is kept: it is quick
_COPY_DROP = re.compile(f"{NOISE.pattern}|{INLINE_DROP.pattern}")
# every match of _COPY_DROP holds one of these: a markup character that INLINE_DROP's branches all contain, or
# NOISE's runs; a line without any is copied whole, without trying _COPY_DROP's lookarounds at each character
_MAY_DROP = re.compile(r"[*_`\[\]<>]|[^\w\s]{16}|\S{257}")
_MARKUP = re.compile(r"[#>*_`\[\]<]")
_SCRIPTS = (
    ("latin", re.compile(r"[A-Za-z\u00C0-\u024F]")),
    ("cyrillic", re.compile(r"[\u0400-\u052F]")),
    ("arabic", re.compile(r"[\u0600-\u06FF\uFB50-\uFEFF]")),
    ("other", re.compile(r"[^\W\d_A-Za-z\u00C0-\u024F\u0400-\u052F\u0600-\u06FF\uFB50-\uFEFF]")),
)
_ASCII_LETTER = re.compile(r"[A-Za-z]")
# what any of the three scripts after latin matches (their blocks, and any other letter than a latin one)
_NOT_LATIN = re.compile(r"[\u0400-\u052F\u0600-\u06FF\uFB50-\uFEFF]|[^\W\d_A-Za-z\u00C0-\u024F]")
FOOTNOTE_END = re.compile(r"(?:\s*\[(?:\d+|[a-z]|citation needed)\],?)+\s*$")  # "2 580 hommes[4]": no end of a sentence
END_PUNCT = re.compile(r"[.!?…:;\"'»”)\]]\s*$")


@dataclass(frozen=True, slots=True)
class Line:
    text: str  # the raw line without its newline
    start: int  # raw offset of its first character
    heading: int = 0  # markdown heading level, 0 for none
    visible: str | None = None  # the text without markdown markup (see ``plain``), computed once


def split_lines(raw: str) -> list[Line]:
    lines = []
    pos = 0
    for chunk in raw.split("\n"):
        text = chunk[:-1] if chunk.endswith("\r") else chunk
        m = HEADING.match(text)
        lines.append(Line(text, pos, len(m.group(1)) if m else 0, _visible(text)))
        pos += len(chunk) + 1
    return lines


def _visible(text: str) -> str:
    if not _MARKUP.search(text):
        return text.strip()
    text = HEADING.sub("", text)
    text = QUOTE.sub("", text)
    text = INLINE_DROP.sub("", text)
    return text.strip()


def plain(line: Line) -> str:
    """The line's visible text (markdown markup removed), for classification only."""
    return line.visible if line.visible is not None else _visible(line.text)


def latin_only(text: str) -> bool:
    """Whether no letter of ``text`` is written in another script than latin (then neither is any piece of it)."""
    return not _NOT_LATIN.search(text)


def script_of(text: str) -> str:
    """The script most of the letters of ``text`` are written in: latin, cyrillic, arabic, other or none."""
    if text.isascii():  # no Cyrillic, Arabic or other letters: one search instead of four counts
        return "latin" if _ASCII_LETTER.search(text) else "none"
    if not _NOT_LATIN.search(text):  # curly quotes and dashes, accented letters: latin or nothing, two searches
        return "latin" if _SCRIPTS[0][1].search(text) else "none"
    counts = {name: len(pattern.findall(text)) for name, pattern in _SCRIPTS}
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else "none"


# a row that counts something ("281 servicemen wounded", "293 servicemen wounded"): two such rows differ by their
# counts, not by a page number, so they are no running header
_DIGITS = re.compile(r"\d+")
COUNT_ROW = re.compile(r"^\d[\d\s,.]*\+?\s+[a-z\u00DF-\u00FF\u0430-\u044F]")


def boilerplate_lines(lines: list[Line]) -> set[int]:
    """Indexes of lines that are link-only or short lines repeated through the document."""
    seen: Counter[str] = Counter()
    exact: Counter[str] = Counter()
    keys = []
    for line in lines:
        lower = plain(line).lower()
        key = _DIGITS.sub("#", lower)
        keys.append(key)
        if key:
            seen[key] += 1
            exact[lower] += 1
    drop = set()
    for i, (line, key) in enumerate(zip(lines, keys, strict=True)):
        text = plain(line)
        if not text:
            continue
        if (
            LINK_ONLY.match(line.text.strip())
            or LINK_ONLY.match(text)
            or seen[key] >= 2
            and len(text.split()) <= 8
            and not END_PUNCT.search(text)
            and not (COUNT_ROW.match(text) and exact[text.lower()] == 1)
        ):
            drop.add(i)
    return drop


def is_prose(text: str) -> bool:
    words = text.split()
    return len(words) >= 15 or (len(words) >= 8 and bool(END_PUNCT.search(text)))


def _copy_line(builder: TextBuilder, line: Line) -> None:
    """Append a line's visible text to the builder, copying each kept piece from the raw text."""
    text = line.text
    m = HEADING.match(text) or QUOTE.match(text)
    pos = m.end() if m else 0
    stripped_end = len(text.rstrip())
    while pos < stripped_end and text[pos].isspace():
        pos += 1
    if not _MAY_DROP.search(text, pos, stripped_end):
        builder.copy(text[pos:stripped_end], line.start + pos)
        return
    for drop in _COPY_DROP.finditer(text, pos, stripped_end):
        builder.copy(text[pos : drop.start()], line.start + pos)
        pos = drop.end()
    builder.copy(text[pos:stripped_end], line.start + pos)


def build_body(lines: list[Line], keep: list[bool]) -> tuple[str, OffsetMap]:
    """Join kept lines into paragraphs; rejoin a paragraph that a page break cut mid-sentence."""
    blocks: list[list[Line]] = []
    current: list[Line] = []
    for line, k in zip(lines, keep, strict=True):
        if not line.text.strip():
            if current:
                blocks.append(current)
                current = []
            continue
        if k:
            current.append(line)
    if current:
        blocks.append(current)
    builder = TextBuilder()
    prev_last = ""
    for block in blocks:
        list_like = _is_list_like(block)
        first = plain(block[0])
        if len(builder):
            cut = prev_last and not END_PUNCT.search(prev_last) and not block[0].heading and first[:1].islower()
            builder.glue(" " if cut else "\n\n")
        for j, line in enumerate(block):
            if j:
                builder.glue("\n" if list_like else " ")
            _copy_line(builder, line)
        prev_last = plain(block[-1])
    return builder.build()


def _is_list_like(block: list[Line]) -> bool:
    """A block of short lines without end punctuation (an infobox, a list) keeps its line breaks."""
    if len(block) < 2:
        return False
    short = sum(1 for ln in block if _short_line(plain(ln)) or BULLET.match(ln.text.strip()))
    return short > len(block) / 2


def _short_line(text: str) -> bool:
    """No sentence: no end punctuation but a footnote's ("2 580 hommes[4]"), or a label ("Civils :")."""
    text = FOOTNOTE_END.sub("", text)
    return not END_PUNCT.search(text) or (text.endswith(":") and len(text.split()) <= 5)
