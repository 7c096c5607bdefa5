"""Speed and memory without a change of output (issue 9). The trigger gate: a text that names no event trigger
skips the extraction, and loses nothing by it; and spaCy's vocabulary bounded over a long run.

``lexicon.might_tell_events`` scans a whole text once; where it finds nothing, ``extract_mentions(...,
places=False)`` (the store's path) returns at once. These tests run every dev document both ways.
"""

from __future__ import annotations

import pytest

from conftest import shared_path
from flashpoint.clean import clean
from flashpoint.extract.events import _triggers, extract_mentions
from flashpoint.extract.lexicon import might_tell_events
from flashpoint.extract.sentences import split_sentences
from flashpoint.geo.gazetteer import default_gazetteer
from flashpoint.ingest.files import Refusal, read_document
from flashpoint.records import Article


def _articles(folder: str, step: int = 1) -> list[Article]:
    paths = sorted(p for p in shared_path("corpus", folder, "docs").iterdir() if p.is_file())[::step]
    out = []
    for path in paths:
        raw = read_document(path)
        if isinstance(raw, Refusal):
            continue
        article = clean(raw)
        if not isinstance(article, Refusal):
            out.append(article)
    return out


@pytest.mark.parametrize(("folder", "step"), [("html", 1), ("news", 1), ("gva", 4)])
def test_the_store_path_finds_the_same_events(folder: str, step: int) -> None:
    gazetteer = default_gazetteer()
    gated = 0
    for article in _articles(folder, step):
        full, places = extract_mentions(article, gazetteer, places=True)
        quick, kept = extract_mentions(article, gazetteer, places=False)
        assert quick == full, article.source
        if not might_tell_events(article.text):
            gated += 1
            assert kept == [], article.source  # the store keeps places only with events
            sentences = split_sentences(article.text, article.language)
            assert not any(_triggers(article.text, s) for s in sentences), article.source
        else:
            assert kept == places, article.source
    if folder == "html":
        assert gated >= 20  # most of these general news pages (cars, sport, business) tell no conflict event


def test_a_page_without_events_still_has_its_places_for_extract() -> None:
    pages = [a for a in _articles("html") if not might_tell_events(a.text)]
    with_places = [a for a in pages if extract_mentions(a, default_gazetteer(), places=True)[1]]
    assert with_places, "no page without events names a place: the gate's extract path is untested"
    assert all(extract_mentions(a, default_gazetteer(), places=False) == ([], []) for a in with_places)


def test_gate_reads_triggers_in_every_language() -> None:
    assert might_tell_events("Two soldiers were killed when the border post was shelled overnight.")
    assert might_tell_events("В результате обстрела погибли двое военных.")
    assert might_tell_events("Des affrontements ont éclaté à la frontière.")
    assert might_tell_events("Los manifestantes marcharon hacia el centro.")
    assert might_tell_events("Belligerents\nArmenia\nAzerbaijan")
    assert not might_tell_events("The new electric SUV goes on sale in March at the Los Angeles Auto Show.")


def test_sentence_pipelines_are_rebuilt_when_their_vocabulary_fills(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long run does not grow spaCy's vocabulary without bound (issue 9: memory bounded by the batch, not the
    archive), and rebuilding the pipeline changes no sentence boundary."""
    from flashpoint.extract import sentences

    texts = [a.text for a in _articles("gva", 2)]
    before = [sentences.split_sentences(t, "en") for t in texts]
    sentences._nlp.cache_clear()
    monkeypatch.setattr(sentences, "VOCAB_LIMIT", 3000)
    peak = 0
    after = []
    for t in texts:
        after.append(sentences.split_sentences(t, "en"))
        peak = max(peak, len(sentences._nlp("en").vocab.strings))
    assert after == before
    assert peak <= 3000  # checked after each document: never more than the limit between documents
    sentences._nlp.cache_clear()


def test_the_grouped_trigger_pattern_finds_a_trigger_where_the_plain_alternation_does() -> None:
    """``any_trigger`` groups the ~400 trigger alternatives by first letter for speed; whether it finds a trigger
    in a text must not change: checked on every window of 300 characters of the html, news and gva texts."""
    from flashpoint.extract.lexicon import _alt, lexicon
    from flashpoint.extract.scan import spelled_out
    from flashpoint.resources import load_json

    every = [w for spec in load_json("triggers.json")["types"].values() for w in (*spec["verb"], *spec["noun"])]
    plain, grouped = _alt(every), lexicon().any_trigger
    assert grouped.pattern != plain.pattern
    texts = [a.text for folder, step in (("html", 1), ("news", 1), ("gva", 4)) for a in _articles(folder, step)]
    windows = [t[i : i + 300] for t in texts for i in range(0, len(t), 150)]
    found = [w for w in windows if plain.search(w)]
    assert len(found) > 100 and len(windows) - len(found) > 100
    assert all((plain.search(w) is None) == (grouped.search(w) is None) for w in windows)
    assert spelled_out("(?:military )?intervention") == ["military intervention", "intervention"]
    assert spelled_out("(?:rockets?|shells?) (?:hit|struck)") == ["rockets? (?:hit|struck)", "shells? (?:hit|struck)"]


def test_the_grouped_trigger_patterns_find_the_same_spans_as_the_plain_alternations() -> None:
    """Each type's verb and noun patterns group their alternatives by first letter (``lexicon._grouped_alt``):
    the same matches, span for span, in every sentence of the html and news documents and a quarter of gva; and
    a sentence where ``any_trigger`` finds nothing has no trigger of any type (``_triggers`` skips it)."""
    from flashpoint.extract.lexicon import _alt, lexicon
    from flashpoint.resources import load_json

    lex = lexicon()
    types = load_json("triggers.json")["types"]
    pairs = [(_alt(types[t]["verb"]), p) for t, p in lex.verb_triggers.items()]
    pairs += [(_alt(types[t]["noun"]), p) for t, p in lex.noun_triggers.items()]
    assert sum(plain.pattern != grouped.pattern for plain, grouped in pairs) >= 10
    chunks = [
        a.text[s.begin : s.end]
        for folder, step in (("html", 1), ("news", 1), ("gva", 4))
        for a in _articles(folder, step)
        for s in split_sentences(a.text, a.language)
    ]
    assert len(chunks) > 3000
    for plain, grouped in pairs:
        assert all([m.span() for m in plain.finditer(c)] == [m.span() for m in grouped.finditer(c)] for c in chunks)
    quiet = [c for c in chunks if lex.any_trigger.search(c) is None]
    assert len(quiet) > len(chunks) / 2
    assert not any(plain.search(c) for plain, _ in pairs for c in quiet)


def test_the_literal_trie_finds_the_same_spans_on_generated_strings() -> None:
    """``scan.literal_trie`` (the trigger patterns as a tree of leading literals, each group opening with a
    case-sensitive class of the characters its literal matches case-insensitively) against the plain alternation:
    the same spans on strings made of the triggers' own words, their case changed, cut and joined, with the
    characters whose case folds oddly ("ſ", "K", "İ", "ı")."""
    import random
    import re

    from flashpoint.extract.lexicon import _alt, _grouped_alt
    from flashpoint.extract.scan import literal_trie
    from flashpoint.resources import load_json

    types = load_json("triggers.json")["types"]
    every = [w for spec in types.values() for w in (*spec["verb"], *spec["noun"])]
    words = sorted({w for p in every for w in re.findall(r"[^\W\d_]+", p)})
    rng = random.Random(9)
    odd = ["ſ", "K", "İ", "ı", "ǅ", "-", " ", "  ", "\n", ".", ",", "'"]
    strings = []
    for _ in range(4000):
        parts = []
        for _ in range(rng.randint(1, 6)):
            w = rng.choice(words)
            w = w if rng.random() < 0.5 else w.upper() if rng.random() < 0.5 else w.capitalize()
            if rng.random() < 0.2:
                w = w[: rng.randint(1, len(w))] + rng.choice(odd) + w[rng.randint(0, len(w)) :]
            parts.append(w)
        strings.append("".join(p + rng.choice([" ", " ", "-", ", ", ""]) for p in parts))
    trig, figs = load_json("triggers.json"), load_json("figures.json")
    words += sorted({w for ws in figs["cues"].values() for p in ws for w in re.findall(r"[^\W\d_]+", p)})
    groups = [every] + [spec[k] for spec in types.values() for k in ("verb", "noun") if spec[k]]
    groups += [trig[k] for k in ("hypothetical", "negation", "request_verbs", "temporal_reference")]
    groups += [trig[k] for k in ("civilian_targets", "weapons", "crowd")] + list(trig["lone_attacker"].values())
    groups += list(figs["cues"].values())
    trees = 0
    for patterns in groups:
        plain, tree = _alt(patterns), _grouped_alt(patterns)
        trees += "(?-i:[" in tree.pattern
        assert all([m.span() for m in plain.finditer(s)] == [m.span() for m in tree.finditer(s)] for s in strings)
        assert all(bool(plain.fullmatch(s)) == bool(tree.fullmatch(s)) for s in words)
    assert trees >= len(groups) - 3  # a list with an alternative that opens with no letter stays plain
    assert sum(bool(_alt(every).search(s)) for s in strings) > 1000
    # a group per set of folded characters ("I" and "i" together), in order; none when two sets only overlap
    assert literal_trie(["ab", "Ac", "b"]) == "(?:(?-i:[Aa])(?:(?-i:[Bb])|(?-i:[Cc]))|(?-i:[Bb]))"
    assert literal_trie(["k", "\u212a"]) == "(?:(?-i:[Kk\u212a])(?:|))"
    assert literal_trie(["attack(?:ed|s)?", "ambush"]) == "(?:(?-i:[Aa])(?:(?-i:[Tt])tack(?:ed|s)?|(?-i:[Mm])bush))"
    assert literal_trie(["(a)b"]) is None


def test_triggers_tried_where_a_trigger_begins_are_the_scans_of_every_type() -> None:
    """``_triggers`` tries each type's pattern only where ``trigger_starts`` says a trigger begins: the same
    matches as each pattern's ``finditer`` over the sentence, on every sentence of the html and news documents
    and a quarter of gva."""
    from flashpoint.extract.lexicon import lexicon
    from flashpoint.extract.scan import matches_at

    lex = lexicon()
    chunks = [
        a.text[s.begin : s.end]
        for folder, step in (("html", 1), ("news", 1), ("gva", 4))
        for a in _articles(folder, step)
        for s in split_sentences(a.text, a.language)
    ]
    patterns = [*lex.verb_triggers.values(), *lex.noun_triggers.values()]
    busy = 0
    for c in chunks:
        starts = [m.start() for m in lex.trigger_starts.finditer(c)]
        assert (lex.any_trigger.search(c) is None) == (not starts)
        busy += len(starts) > 1
        for p in patterns:
            assert [m.span() for m in matches_at(p, c, starts)] == [m.span() for m in p.finditer(c)]
    assert busy > 100


def test_an_infobox_label_is_looked_for_only_before_a_bar_or_a_colon() -> None:
    """``_figure_kind`` reads the infobox label pattern (``[|:]\\s*$``) only where the text before a number ends in
    "|" or ":" and white space (``str.rstrip``): every character ``re`` reads as ``\\s`` is one ``rstrip`` strips,
    so the pattern matches nowhere else (checked over every code point, and on generated strings)."""
    import random
    import re

    from flashpoint.extract.events import INFOBOX_LABEL
    from flashpoint.extract.scan import _every_character

    assert all(c.isspace() for c in re.findall(r"\s", _every_character()))
    rng = random.Random(8)
    pieces = ["Killed", "Displaced", " ", "\n", "\u00a0", "\u2028", "|", ":", "12", "x", "é", "\x1c", "\t"]
    strings = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(20000)]
    found = [s for s in strings if INFOBOX_LABEL.search(s)]
    assert len(found) > 500
    assert all(s.rstrip()[-1:] in ("|", ":") for s in found)


def test_date_patterns_skipped_by_their_cue_find_what_they_find(monkeypatch: pytest.MonkeyPatch) -> None:
    """``dates._date_matches`` skips the "ago" and relative-day patterns in a text that holds none of the strings
    every match of theirs holds (``dates._cues``): the same matches as without the cue, on every html, news and
    gva text and on generated strings."""
    import random

    from flashpoint.extract import dates

    assert set(dates._cues()) == {"ago", "relday"}
    texts = [a.text for folder, step in (("html", 1), ("news", 1), ("gva", 2)) for a in _articles(folder, step)]
    rng = random.Random(7)
    words = ["3 days AGO", "two weeks ago", "Yesterday", "AUJOURD'HUI", "вчера", "ſome", "a go", "agO", "on", "x"]
    texts += [" ".join(rng.choice(words) for _ in range(rng.randint(1, 8))) for _ in range(3000)]

    def spans(text: str) -> list[tuple[str, tuple[int, int]]]:
        return [(name, m.span()) for name, m in dates._date_matches(text)]

    cued = [spans(t) for t in texts]
    monkeypatch.setattr(dates, "_cues", dict)
    assert [spans(t) for t in texts] == cued
    assert sum(any(name == "ago" for name, _ in c) for c in cued) > 100


def test_the_weekday_tree_finds_the_weekdays_the_plain_alternation_finds() -> None:
    """The weekday names as a tree of leading literals (``dates._calendar``, ``scan.literal_trie``): the weekday
    pattern's matches and groups are the plain alternation's, on every html, news and gva text and generated
    strings of weekdays in four languages, their case changed."""
    import random
    import re

    from flashpoint.extract import dates
    from flashpoint.resources import load_json

    words = sorted((w for ws in load_json("calendar.json")["weekdays"].values() for w in ws), key=len, reverse=True)
    plain = f"(?:{dates._alternation(words)})(?!\\w)"
    tree = dates._calendar().weekday_re
    assert tree != plain and "(?-i:[" in tree
    spec = dict(dates._pattern_specs())["weekday"]
    new = dates.gated(spec, dates._FLAGS)
    old = dates.gated(spec.replace(tree, plain), dates._FLAGS)
    texts = [a.text for folder, step in (("html", 1), ("news", 1), ("gva", 2)) for a in _articles(folder, step)]
    rng = random.Random(6)
    names = [w for w in words if not re.search(r"[\[\\(]", w)] + ["on", "Last", "в", "ſunday", "MONDAY", "x"]
    texts += [" ".join(rng.choice(names) for _ in range(rng.randint(1, 6))) for _ in range(3000)]
    for t in texts:
        assert [(m.span(), m.group("wd")) for m in new.finditer(t)] == [
            (m.span(), m.group("wd")) for m in old.finditer(t)
        ]


def test_a_verb_before_a_number_is_searched_from_its_reach() -> None:
    """``_figure_kind`` searches each ``verb_before`` pattern (a verb, white space, the end) only from its verb's
    reach (``scan.max_width``) before the trailing white space: whether it matches is the same as searching the
    whole text before the number, on generated strings of the verbs, white space and other words."""
    import random

    from flashpoint.extract.lexicon import lexicon

    lex = lexicon()
    rng = random.Random(5)
    pieces = ["killed", "Wounded", "arrested", "refugees", "topped", "shot", "hunt for", "x-", "re", " ", "  ", "\n"]
    pieces += ["\u00a0", "\u2003", "-", "sought", "evacuees reached", "out"]
    strings = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 10))) for _ in range(20000)]
    hits = 0
    for name, pattern in lex.verb_before.items():
        for s in strings:
            whole = pattern.search(s) is not None
            hits += whole
            assert whole == (pattern.search(s, max(0, len(s.rstrip()) - lex.verb_before_reach[name])) is not None)
    assert hits > 500
