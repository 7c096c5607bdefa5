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
from spacy.attrs import IDX, IS_PUNCT, LENGTH
from spacy.language import Language

from flashpoint.resources import load_json

SUPPORTED = ("en", "ru", "fr", "es")


@dataclass(frozen=True, slots=True)
class Sentence:
    begin: int
    end: int
    paragraph: int
    text: str


# spaCy's vocabulary keeps every string it has tokenised: over a long run (an archive of millions of pages) a
# worker's memory would grow with it (5,000 shooting reports add 63,000 strings and 20 MiB). Past this many strings
# the pipelines are built afresh; the boundaries found do not depend on what the vocabulary holds.
VOCAB_LIMIT = 250_000


@cache
def _nlp(lang: str) -> Language:
    nlp = spacy.blank(lang if lang in SUPPORTED else "xx")
    nlp.add_pipe("sentencizer")
    return nlp


def _forget_if_full(nlp: Language) -> None:
    if len(nlp.vocab.strings) > VOCAB_LIMIT:
        _nlp.cache_clear()


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


def _sentence_spans(nlp: Language, chunk: str) -> list[tuple[int, int]]:
    """``[(s.start_char, s.end_char) for s in nlp(chunk).sents]``, computed from the tokenizer's arrays with
    the sentencizer's own rule (spaCy 3 ``Sentencizer.predict``: a sentence starts at the first token that is
    neither punctuation nor a sentence-final character after one), without making a Token object per token:
    a quarter of the time of splitting, same spans."""
    doc = nlp.make_doc(chunk)
    if len(doc) == 0:
        return []
    final = _final_chars(nlp)
    array = doc.to_array([IDX, LENGTH, IS_PUNCT])
    idxs: list[int] = array[:, 0].tolist()  # a column at a time: 5x faster than the rows as nested lists
    lengths: list[int] = array[:, 1].tolist()
    starts = [0]
    seen_final = False
    for i, (idx, length, is_punct) in enumerate(zip(idxs, lengths, array[:, 2].tolist(), strict=True)):
        is_final = chunk[idx : idx + length] in final
        if seen_final and not is_punct and not is_final:
            starts.append(i)
            seen_final = False
        elif is_final:
            seen_final = True
    ends = starts[1:] + [len(idxs)]
    return [(idxs[s], idxs[e - 1] + lengths[e - 1]) for s, e in zip(starts, ends, strict=True)]


# "around 5:30 p.m. Thursday at the bridge": a clock time's "p.m." before a weekday or month ends no sentence
CLOCK_END = re.compile(r"(?<![A-Za-z])[ap]\.\s?m\.$")


@cache
def _day_start() -> re.Pattern[str]:
    cal = load_json("calendar.json")
    words = [w for key in ("weekdays", "months") for forms in cal[key].values() for w in forms[:2] if w.isascii()]
    return re.compile(rf"(?i:{'|'.join(words)})\b")


def _join_clock_times(chunk: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and CLOCK_END.search(chunk, out[-1][0], out[-1][1]) and _day_start().match(chunk, s):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


@cache
def _final_chars(nlp: Language) -> frozenset[str]:
    return frozenset(nlp.get_pipe("sentencizer").punct_chars)  # type: ignore[attr-defined]


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
                if ". " in ln:  # a line of prose in the block still holds several sentences
                    for s, e in _sentence_spans(nlp, ln):
                        piece = ln[s:e]
                        lead, trail = len(piece) - len(piece.lstrip()), len(piece.rstrip())
                        if piece.strip():
                            start = base + offset + s
                            out.append(Sentence(start + lead, start + trail, p_index, piece.strip()))
                elif ln.strip():
                    lead = len(ln) - len(ln.lstrip())
                    out.append(Sentence(base + offset + lead, base + offset + len(ln.rstrip()), p_index, ln.strip()))
                offset += len(ln) + 1
            continue
        for start_char, end_char in _join_clock_times(chunk, _sentence_spans(nlp, chunk)):
            for s, e in _script_pieces(chunk, start_char, end_char):
                out.append(Sentence(base + s, base + e, p_index, chunk[s:e]))
    _forget_if_full(nlp)
    return out
