"""Sentences with their character spans and the paragraph each belongs to.

Paragraphs are the cleaner's blank-line-separated blocks; inside each, spaCy's
rule-based sentencizer (on a blank pipeline for the document's language)
finds the sentence boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
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
        _word_store.cache_clear()  # (it holds the pipeline, and its words' readings are the new one's too)


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
    """``_chunk_spans(nlp, chunk)``, read word by word unless a special case across words may stand in the chunk
    (``_across_words``)."""
    across = _across_words(nlp)
    if across is not None and across.search(chunk) is not None:
        return _chunk_spans(nlp, chunk)
    return _word_spans(nlp, chunk)


def _chunk_spans(nlp: Language, chunk: str) -> list[tuple[int, int]]:
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


# The sentencizer's rule reads few tokens: a sentence ends only after a token that is one sentence-final character
# ("." "!" "?" ...), and starts at the first token after it that is neither punctuation nor such a character. spaCy's
# tokenizer cuts a text at white space first, and each word (a run of other characters) into tokens by itself
# (affixes, infixes, special cases); a run of white space other than the one space after a word is a token of its
# own, never punctuation. So only the words that hold a final character, and what follows them up to the next
# sentence's first token, need tokenising, and a word's tokens are the same wherever it stands: they are kept per
# word (``_word_tokens``). spaCy's cache of words does not do this: once a special case ("Mr.", "don't", a line
# break) is met in a text, it caches no later word of that text, so most words were cut by its affix patterns on
# every page. A special case that spans words (Russian "в т.ч.", Spanish "EE. UU.") joins tokens across white
# space: a chunk where one may stand keeps the whole reading (``_across_words``).
WORD = re.compile(r"\S+")
WORD_LIMIT = 50_000  # words kept per language before the store is emptied (about 15 MB; memory over a long run)


@cache
def _across_words(nlp: Language) -> re.Pattern[str] | None:
    """A search that finds every place where a special case holding white space ("в т.ч.") could join tokens of
    several words: spaCy's matcher looks for the tokens its text is cut into, one after another with white space or
    nothing between them, so their characters stand in the chunk in order with only white space between them.
    None when the language has no such special case (English, French, the multi-language pipeline)."""
    rules = nlp.tokenizer.rules  # type: ignore[union-attr]
    spread = [k for k in rules if k.strip() and any(c.isspace() for c in k)]
    if not spread:
        return None
    return re.compile("|".join(r"\s*".join(re.escape(c) for c in k if not c.isspace()) for k in spread))


@cache
def _final_re(nlp: Language) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(c) for c in sorted(_final_chars(nlp), key=len, reverse=True)))


@cache
def _word_store(nlp: Language) -> dict[str, tuple[tuple[int, int, bool, bool], ...]]:
    return {}


def _word_tokens(nlp: Language, word: str) -> tuple[tuple[int, int, bool, bool], ...]:
    """The tokens spaCy cuts ``word`` (no white space) into: offset, length, punctuation, sentence-final."""
    store = _word_store(nlp)
    found = store.get(word)
    if found is None:
        if len(store) >= WORD_LIMIT:
            store.clear()
        final = _final_chars(nlp)
        array = nlp.make_doc(word).to_array([IDX, LENGTH, IS_PUNCT]).tolist()
        found = store[word] = tuple((i, n, bool(p), word[i : i + n] in final) for i, n, p in array)
    return found


def _tokens_from(nlp: Language, chunk: str, at: int) -> Iterator[tuple[int, int, bool, bool, bool]]:
    """The tokens of ``chunk`` from ``at`` (the start of a word or of white space), as ``_word_tokens`` gives them,
    with whether each is a word's last (white space: one token, never punctuation nor final)."""
    n = len(chunk)
    i = at
    while i < n:
        if chunk[i].isspace():
            j = i + 1
            while j < n and chunk[j].isspace():
                j += 1
            # the one space after a word belongs to that word (``Token.whitespace_``), the rest is a token
            first = i + 1 if chunk[i] == " " and i > 0 and not chunk[i - 1].isspace() else i
            if first < j:
                yield first, j - first, False, False, True
            i = j
            continue
        m = WORD.match(chunk, i)
        assert m is not None
        tokens = _word_tokens(nlp, m.group())
        last = len(tokens) - 1
        for k, (offset, length, punct, final) in enumerate(tokens):
            yield i + offset, length, punct, final, k == last
        i = m.end()


def _word_spans(nlp: Language, chunk: str) -> list[tuple[int, int]]:
    """``_chunk_spans(nlp, chunk)``, tokenising only the words around sentence-final characters (see above)."""
    if not chunk:
        return []
    starts = [0]
    ends: list[int] = []
    read = 0  # every token before this offset is read
    seen_final = False
    for hit in _final_re(nlp).finditer(chunk):
        if hit.start() < read:
            continue
        at = hit.start()
        while at > read and not chunk[at - 1].isspace():
            at -= 1  # the start of the word the character is in (``read`` is a word's or a space's end)
        previous = at  # the end of the token before (a word's last, or white space)
        for begin, length, punct, final, word_end in _tokens_from(nlp, chunk, at):
            if seen_final and not punct and not final:
                ends.append(previous)
                starts.append(begin)
                seen_final = False
            elif final:
                seen_final = True
            previous = read = begin + length
            if word_end and not seen_final:
                break
    body = len(chunk.rstrip())
    ends.append(body if 0 < body < len(chunk) and chunk[body:] == " " else len(chunk))
    return list(zip(starts, ends, strict=True))


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
