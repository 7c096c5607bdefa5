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
            s, e = sent.start_char, sent.end_char
            while e > s and chunk[e - 1].isspace():
                e -= 1
            if e > s:
                out.append(Sentence(base + s, base + e, p_index, chunk[s:e]))
    return out
