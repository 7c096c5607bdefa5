"""The regular-expression helpers kept for speed (``flashpoint.extract.scan``) keep every match: the strings a
pattern requires, read from ``re``'s parse tree (a private module of CPython, pinned here), and the victims' cue
built from them (``casualties.find_victims`` returns the same with and without it)."""

import random
import re

from conftest import shared_path
from flashpoint.extract import casualties
from flashpoint.extract.scan import first_letter_scan, required_strings


def test_required_strings_on_small_patterns() -> None:
    assert required_strings(re.compile(r"(?<!\w)(?:sho(?:t|oting)|wounded) (?:a|the)\s+man")) == {
        "shot", "shooting", "wounded"
    }  # fmt: skip
    assert required_strings(re.compile(r"(?:was )?killed")) == {"killed"}
    assert required_strings(re.compile(r"(?:double|triple)[- ](?:murders?|\w+)")) == {"double", "triple"}
    assert required_strings(re.compile(r"(?:kill|\d+)")) is None  # a branch requires nothing
    assert required_strings(re.compile(r"(?:dead)?\w+")) is None  # optional
    assert required_strings(re.compile(r"(?:hurt\s)+")) == {"hurt"}  # repeated at least once


def test_first_letter_scan_same_matches_as_the_alternation() -> None:
    words = ["shot", "Self", "İnjured", "[ée]t[ée]", "killed", "kill", "ſide"]
    plain = re.compile("|".join(words), re.I)
    scan = first_letter_scan(words, "", capitals=False)
    rng = random.Random(9)
    pieces = ["SHOT", "ſhot", "self", "SELF", "injured", "İNJURED", "ıNJURED", "été", "ÉTÉ", "KILL", "Killed", " ", "x"]
    for _ in range(500):
        text = "".join(rng.choice(pieces) for _ in range(20))
        assert [m.span() for m in scan.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_every_victim_match_contains_a_required_string_and_the_cue_changes_nothing(monkeypatch) -> None:
    """On every line of every dev text: each victim pattern's match holds one of its required strings, and
    ``find_victims`` with its cue gives what it gives without."""
    lex = casualties._victims()
    patterns = [lex.multiple, lex.pair, lex.left, lex.another, lex.phrase, lex.death_of, lex.killed_object,
                lex.self_killed, lex.named_subject, lex.injured_object, lex.wounded]  # fmt: skip
    needs = [(p, required_strings(p)) for p in patterns]
    assert all(strings for _, strings in needs)
    cue = casualties._cue()
    assert cue is not None
    texts = [p.read_text(encoding="utf-8") for p in sorted(shared_path("corpus").glob("*/docs/*.txt"))]
    assert len(texts) > 400
    lines = [(text, m.start(), m.end()) for text in texts for m in re.finditer(r"[^\n]+", text)]
    matched = 0
    for text, begin, end in lines:
        for pattern, strings in needs:
            for found in pattern.finditer(text, begin, end):
                low = found.group().lower()
                assert any(s.lower() in low for s in strings), (pattern.pattern[:60], found.group())
                matched += 1
    with_cue = [casualties.find_victims(*line) for line in lines]
    skipped = sum(cue.search(*line) is None for line in lines)
    monkeypatch.setattr(casualties, "_cue", lambda: None)
    assert with_cue == [casualties.find_victims(*line) for line in lines]
    assert matched > 300 and skipped > 1000
