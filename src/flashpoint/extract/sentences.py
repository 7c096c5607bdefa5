"""Sentences with their character spans and the paragraph each belongs to.

Paragraphs are the cleaner's blank-line-separated blocks; inside each, spaCy's
rule-based sentencizer (on a blank pipeline for the document's language)
finds the sentence boundaries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import spacy
from spacy.language import Language

SUPPORTED = ("en", "ru", "fr", "es")


@dataclass(frozen=True, slots=True)
class Sentence:
    begin: int
    end: int
    paragraph: int
    text: str


@cache
def _nlp(lang: str) -> Language:
    nlp = spacy.blank(lang if lang in SUPPORTED else "xx")
    nlp.add_pipe("sentencizer")
    return nlp


PARAGRAPH = re.compile(r"[^\n]+(?:\n[^\n]+)*")
# a broadcast script's field label ("HEAD:", "DATELINE:", "VIDEO SOURCE (S):") or cue ("((NARRATION))", "[[")
# starts a sentence even where the cleaner ran the script's lines together
SCRIPT_BREAK = re.compile(r"(?<=\s)(?:(?:\(\()?[A-Z][A-Z'’ /()-]{1,30}[A-Z)]:(?=\s)|\(\(|\[\[)")


def _script_pieces(chunk: str, s: int, e: int) -> list[tuple[int, int]]:
    """``chunk[s:e]`` cut before each script label or cue, without surrounding blanks."""
    cuts = [s] + [m.start() for m in SCRIPT_BREAK.finditer(chunk, s, e) if m.start() > s] + [e]
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        while a < b and chunk[a].isspace():
            a += 1
        while b > a and chunk[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def split_sentences(text: str, lang: str = "en") -> list[Sentence]:
    nlp = _nlp(lang)
    out: list[Sentence] = []
    for p_index, para in enumerate(PARAGRAPH.finditer(text)):
        base = para.start()
        chunk = para.group(0)
        # an infobox-like block (short lines without end punctuation) is one sentence per line
        lines = chunk.split("\n")
        if len(lines) > 1 and sum(1 for ln in lines if not ln.rstrip().endswith((".", "!", "?"))) > len(lines) / 2:
            offset = 0
            for ln in lines:
                if ln.strip():
                    lead = len(ln) - len(ln.lstrip())
                    out.append(Sentence(base + offset + lead, base + offset + len(ln.rstrip()), p_index, ln.strip()))
                offset += len(ln) + 1
            continue
        doc = nlp(chunk)
        for sent in doc.sents:
            for s, e in _script_pieces(chunk, sent.start_char, sent.end_char):
                out.append(Sentence(base + s, base + e, p_index, chunk[s:e]))
    return out
